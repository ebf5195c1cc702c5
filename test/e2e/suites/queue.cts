/**
 * Queue mode on one n8n version: Redis + PostgreSQL started here, one `n8n start` main and one
 * `n8n worker` with its own user folder (the package installed in each), and the webhook example
 * proven to run on the worker.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';

import { assert, assertEqual, outputItems } from '../lib/checks.cjs';
import { step } from '../lib/log.cjs';
import { N8n } from '../lib/n8n.cjs';
import type { StandIn } from '../lib/standin.cjs';
import { freePort, sleep, StopWaiting, waitFor } from '../lib/proc.cjs';
import { startPostgres, startRedis, type Postgres, type Redis } from '../lib/services.cjs';
import {
	EXAMPLES,
	loadExample,
	newRowsTriggerWorkflow,
	PROMISES_ID,
	promisesWorkflow,
	SLOW_JOB_ID,
	SLOW_JOB_WEBHOOK_PATH,
	slowJobWebhookWorkflow,
	TRIGGER_ID,
} from '../lib/workflows.cjs';
import {
	addHostileAnswers,
	assertHostileAnswersSentOnce,
	assertNoSecrets,
	callWebhook,
	closeEvents,
	closeEventSummary,
	credentialsFor,
	expectedCloseMessage,
	expectedGlRows,
	type SuiteContext,
	waitForCloseEvents,
	newRowsAtTheEdges,
	workflowStepsWith,
} from './common.cjs';
import { DEFAULT_WORKFLOW_STEPS } from '../../standin/endpoints/methodCommand.cjs';
import { OWNER } from './regular.cjs';

interface KilledWorkerRun {
	/** The execution whose worker was killed. */
	executionId: string;
	/** ExecuteSequence requests OneStream received for it (its pRunId). */
	requests: number;
	/** Its status in n8n afterwards. */
	status: string;
}

/**
 * Runs Slow_Close (40 s in the stand-in) from a webhook on one of two workers, kills that worker
 * with SIGKILL while OneStream still runs the sequence, and counts what OneStream received for the
 * execution once n8n has dealt with the stalled job. On 1.x, once more with the other workers
 * restarted with QUEUE_WORKER_MAX_STALLED_COUNT=0.
 */
async function killedWorkerRuns(
	inst: N8n,
	standin: StandIn,
	suite: string,
): Promise<{ byDefault: KilledWorkerRun; withSetting?: KilledWorkerRun }> {
	const measure = async (label: string, env: Record<string, string>): Promise<KilledWorkerRun> => {
		for (const w of inst.workers) await w.stop();
		inst.workers = [];
		await inst.startWorker(180000, inst.workerUserFolder, env);
		await inst.startWorker(180000, inst.workerUserFolder, env);
		await standin.reset();
		await standin.setSequenceDuration('Slow_Close', 40000);
		const sent = async () =>
			(await standin.requests()).filter(
				(r) =>
					/ExecuteSequence/i.test(r.endpoint ?? r.rawPath) &&
					(r.body as { SequenceName?: unknown } | undefined)?.SequenceName === 'Slow_Close',
			);
		await request(`${inst.baseUrl}/webhook/${SLOW_JOB_WEBHOOK_PATH}`).then((r) => r.body.text());
		const first = await waitFor('OneStream to receive Slow_Close', async () => (await sent())[0], {
			timeoutMs: 60000,
			intervalMs: 250,
		});
		const runId = /pRunId=\[(\d+)\]/.exec(
			String(
				(first.body as { CustomSubstVarsAsCommaSeparatedPairs?: unknown })
					.CustomSubstVarsAsCommaSeparatedPairs,
			),
		)?.[1];
		assert(runId, 'the request names its execution (pRunId)');
		const running = await waitFor(
			`the worker running execution ${runId}`,
			async () =>
				inst.workers.find((w) => w.output().includes(`Worker started execution ${runId} `)),
			{ timeoutMs: 15000, intervalMs: 250 },
		);
		await running.kill();
		inst.workers = inst.workers.filter((w) => w !== running);
		step(`[${suite}] ${label}: killed the worker running execution ${runId} (SIGKILL)`);
		// n8n finds the job stalled within seconds (the short locks above); give it a minute to
		// run the execution again or to give it up, then count.
		const settled = await waitFor(
			`n8n to settle execution ${runId}`,
			async () => {
				const execution = (await inst.listExecutions(SLOW_JOB_ID)).find((e) => e.id === runId);
				const again = (await sent()).length > 1;
				return execution && (again || !['running', 'new', 'waiting'].includes(execution.status))
					? execution
					: undefined;
			},
			{ timeoutMs: 120000, intervalMs: 1000 },
		);
		await sleep(10000);
		const requests = (await sent()).length;
		const status =
			(await inst.listExecutions(SLOW_JOB_ID)).find((e) => e.id === runId)?.status ??
			settled.status;
		step(
			`[${suite}] ${label}: OneStream received Slow_Close ${requests} time(s); execution ${runId} is ${status}`,
		);
		return { executionId: runId, requests, status };
	};
	try {
		const byDefault = await measure('default settings', {});
		const withSetting =
			inst.major < 2
				? await measure('QUEUE_WORKER_MAX_STALLED_COUNT=0', { QUEUE_WORKER_MAX_STALLED_COUNT: '0' })
				: undefined;
		return { byDefault, withSetting };
	} finally {
		await standin.setSequenceDuration('Slow_Close', 10000);
		for (const w of inst.workers) await w.stop();
		inst.workers = [];
		await inst.startWorker();
	}
}

/**
 * Checks that the worker's log names each execution (of those started since the worker did, when
 * `since` says so): the main only polls.
 */
async function workerRanEach(
	inst: N8n,
	executions: Array<{ id: string }>,
	since: string,
): Promise<void> {
	const worker = inst.workers[0];
	const started = (text: string, id: string) => text.includes(`Worker started execution ${id} `);
	const mine = since === '' ? executions : executions.filter((e) => started(worker.output(), e.id));
	assert(mine.length > 0, `the worker ran trigger executions${since ? ` ${since}` : ''}`);
	await waitFor(
		'the worker log to name every trigger execution',
		async () => {
			const text = worker.output();
			return mine.every((e) => text.includes(`Worker finished execution ${e.id} `)) || undefined;
		},
		{ timeoutMs: 15000, intervalMs: 250 },
	);
}

export async function queueSuite(ctx: SuiteContext): Promise<void> {
	const { checks, standin } = ctx;
	const suite = `n8n ${ctx.install.version} queue`;
	const servicesDir = `${ctx.root}-services`;
	let redis: Redis | undefined;
	let pg: Postgres | undefined;
	const offloadsManual = ctx.install.version.startsWith('2.');
	let n8n: N8n | undefined;
	const texts: Array<[string, string]> = [];
	try {
		await checks.require(
			suite,
			'Redis and PostgreSQL (Debian packages) started on loopback',
			async () => {
				[redis, pg] = await Promise.all([
					startRedis(servicesDir, path.join(servicesDir, 'logs')),
					startPostgres(servicesDir, path.join(servicesDir, 'logs')),
				]);
				step(`[${suite}] Redis on 127.0.0.1:${redis.port}, PostgreSQL on 127.0.0.1:${pg.port}`);
			},
		);
		const r = redis as unknown as Redis;
		const p = pg as unknown as Postgres;
		const inst = new N8n(ctx.install, ctx.tc, {
			root: ctx.root,
			port: await freePort(),
			// Shorter Bull locks than n8n's defaults (lock 60 s in 2.x, stall check every 30 s): a
			// crashed worker's job is found stalled in seconds instead of a minute or two. What n8n
			// then does with it is the same.
			extraEnv: {
				QUEUE_WORKER_LOCK_DURATION: '10000',
				QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
				QUEUE_WORKER_STALLED_INTERVAL: '5000',
				// n8n 3.0 always runs manual executions on workers; 2.x does when this is set.
				...(offloadsManual ? { OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' } : {}),
			},
			queue: {
				redis: { host: r.host, port: r.port },
				postgres: {
					host: p.host,
					port: p.port,
					user: p.user,
					password: p.password,
					database: p.database,
				},
			},
		});
		n8n = inst;
		const webhook = loadExample(EXAMPLES.webhook, inst.filesDir);
		const certified = loadExample(EXAMPLES.certified, inst.filesDir);

		await checks.require(
			suite,
			'package installed for the main and the worker; credentials and workflow imported into PostgreSQL',
			async () => {
				await inst.installPackage(ctx.tarball);
				await inst.installPackage(ctx.tarball, inst.workerUserFolder);
				await inst.importCredentials(credentialsFor(standin));
				await inst.importWorkflows([
					webhook,
					newRowsTriggerWorkflow(),
					certified,
					slowJobWebhookWorkflow(),
					promisesWorkflow(),
				]);
				await inst.activate(webhook.id);
				await inst.activate(SLOW_JOB_ID);
				await inst.activate(TRIGGER_ID);
				await inst.activate(certified.id);
				const rows = p
					.query(`select count(*) from workflow_entity where id = '${webhook.id}'`)
					.trim();
				assertEqual(rows, '1', 'workflow rows in PostgreSQL');
			},
		);

		await checks.require(
			suite,
			'main (`n8n start`) and one `n8n worker` started in queue mode',
			async () => {
				await standin.reset();
				await standin.clearJournalLines();
				await standin.setWorkflowSteps(DEFAULT_WORKFLOW_STEPS);
				await inst.start();
				await inst.startWorker();
				await inst.setupOwnerAndLogin(OWNER);
			},
		);

		await checks.check(
			suite,
			'webhook-triggered workflow runs on the worker and answers with the adapter rows',
			async () => {
				const rows = await callWebhook(
					inst.baseUrl,
					'onestream/gl-export?entity=Acme%20DE&period=2026M4',
					{ waitMs: 60000, requestTimeoutMs: 120000 },
				);
				const expected = expectedGlRows('Actual', '2026M4', 'Acme DE');
				assertEqual(
					rows.map((x) => [x.Entity, x.Account, x.Amount]),
					expected.map((x) => [x.Entity, x.Account, x.Amount]),
					'rows answered for Acme DE/2026M4',
				);

				const list = await waitFor(
					'the webhook execution to be saved',
					async () => {
						const l = await inst.listExecutions(webhook.id);
						return l.some((e) => e.status === 'success') ? l : undefined;
					},
					{ timeoutMs: 30000, intervalMs: 1000 },
				);
				const exec = list.find((e) => e.status === 'success');
				assert(exec, 'no successful execution');
				assertEqual(exec.mode, 'webhook', 'execution mode');
				const full = await inst.getExecution(exec.id);
				texts.push([`execution ${exec.id}`, full.raw]);
				assertEqual(
					outputItems({ resultData: full.data.resultData }, 'Get GL_Export rows').length,
					expected.length,
					'rows in the stored execution',
				);

				// Where it ran: the worker logged it; the main did not run it itself. The worker may write
				// "finished" after the execution is saved, so its log is awaited briefly.
				const ranOnWorker = (log: string) =>
					new RegExp(`Worker started execution ${exec.id} `).test(log) &&
					new RegExp(`Worker finished execution ${exec.id} `).test(log);
				const workerLog = await waitFor(
					`the worker log to say "Worker started/finished execution ${exec.id}"`,
					async () => {
						const log = inst.workers[0].output();
						return ranOnWorker(log) ? log : undefined;
					},
					{ timeoutMs: 15000, intervalMs: 250 },
				);
				assert(
					!/Unrecognized node type/i.test(workerLog + (inst.main?.output() ?? '')),
					'a process logged "Unrecognized node type"',
				);
				const dbRow = p
					.query(`select status || '|' || mode from execution_entity where id = ${Number(exec.id)}`)
					.trim();
				assertEqual(dbRow, 'success|webhook', 'execution row in PostgreSQL (status|mode)');
				// GL_Export only: the OneStream Trigger polls another adapter meanwhile.
				const calls = (await standin.requests()).filter(
					(x) =>
						/GetAdoDataSetForAdapter/i.test(x.endpoint ?? x.rawPath) &&
						(x.body as { AdapterName?: unknown } | undefined)?.AdapterName === 'GL_Export',
				);
				assertEqual(calls.length, 1, 'GL_Export calls received by the stand-in');
			},
		);

		if (offloadsManual) {
			await checks.check(
				suite,
				"a manual execution offloaded to the worker (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS, n8n 3.0's only way): a 202, a trickle past the Timeout and a reset after the work under Retry On Fail are unknown outcomes, each job sent once",
				async () => {
					await standin.reset();
					await addHostileAnswers(standin);
					// As the editor's Execute Workflow button asks for it.
					const started = await inst.rest<{ executionId?: string }>(
						'POST',
						`/rest/workflows/${PROMISES_ID}/run`,
						{ triggerToStartFrom: { name: 'Start' } },
					);
					const id = started.executionId;
					assert(id, `n8n started no execution: ${JSON.stringify(started)}`);
					const done = await waitFor(
						`manual execution ${id} to end`,
						async () => {
							const e = await inst.getExecution(id);
							return ['success', 'error', 'crashed', 'canceled'].includes(e.status) ? e : undefined;
						},
						{ timeoutMs: 180000, intervalMs: 1000 },
					);
					texts.push([`manual execution ${id}`, done.raw]);
					assertEqual(done.mode, 'manual', 'execution mode');
					await assertHostileAnswersSentOnce({ resultData: done.data.resultData }, standin);
					const workerLog = await waitFor(
						`the worker log to say "Worker started execution ${id}"`,
						async () => {
							const log = inst.workers.map((w) => w.output()).join('\n');
							return new RegExp(`Worker started execution ${id} `).test(log) ? log : undefined;
						},
						{ timeoutMs: 15000, intervalMs: 250 },
					);
					const requests = (await standin.requests()).filter((r) =>
						/ExecuteSequence|ExecuteStep/i.test(r.endpoint ?? r.rawPath),
					);
					step(
						`[${suite}] manual execution ${id} ran on the worker (${workerLog.includes(`Worker finished execution ${id} `) ? 'started and finished' : 'started'}); OneStream received ${requests.length} job requests for its 3 jobs`,
					);
				},
			);
		}

		await checks.check(
			suite,
			'OneStream Trigger in queue mode (New Rows, two Poll Times on the same second): the main polls, the worker runs each execution; every new journal line exactly once across a shared timestamp, a restart of main and worker, and an answer slower than the poll interval',
			async () => {
				const keep = (label: string, raw: string) => texts.push([label, raw]);
				const outcome = await newRowsAtTheEdges(
					inst,
					standin,
					keep,
					async (whileStopped) => {
						await inst.stop();
						await whileStopped();
						await inst.start();
						await inst.startWorker();
						await inst.setupOwnerAndLogin(OWNER);
					},
					[{ workflowId: TRIGGER_ID, adapter: 'Journal_Lines' }],
				);
				const { emitted, besideSlowPoll } = outcome[TRIGGER_ID];
				step(
					`[${suite}] OneStream Trigger emitted journal lines ${JSON.stringify(emitted)}; polls that reached OneStream beside the slow one: ${besideSlowPoll}`,
				);
				assertEqual(emitted, [1, 2, 3, 4, 5, 6, 7, 8, 9], 'every line once, in order');
				assertEqual(besideSlowPoll, 0, 'polls beside the slow one that reached OneStream');
				await workerRanEach(inst, await inst.listExecutions(TRIGGER_ID), 'since the restart');
			},
		);

		await checks.check(
			suite,
			'certified-close example in queue mode: the main polls Workflow Status Changed, the worker runs the export and the message, once, when the Certify step completes (Process completing too is filtered out)',
			async () => {
				const keep = (label: string, raw: string) => texts.push([label, raw]);
				try {
					await standin.setWorkflowSteps(
						workflowStepsWith({ Process: 'Completed', Certify: 'Completed' }),
					);
					const events = await waitForCloseEvents(inst, keep, 'the Certify step event', 1);
					// One more poll: nothing else.
					await sleep(65000);
					const settled = await closeEvents(inst, keep);
					step(
						`[${suite}] certified-close events ${JSON.stringify(settled.map(closeEventSummary))}`,
					);
					assertEqual(
						settled.map(closeEventSummary),
						[['Houston.Import', 'Certify', 'NotExecuted', 'Completed']],
						'one status event (Process completed too: not the Certify step, filtered out)',
					);
					const name = 'GL_Export_Actual_2026M3_Certify.csv';
					assert(
						typeof events[0].message === 'string' &&
							events[0].message.startsWith(expectedCloseMessage(events[0], name)),
						`the message: ${String(events[0].message)}`,
					);
				} finally {
					await standin.setWorkflowSteps(DEFAULT_WORKFLOW_STEPS);
				}
				await workerRanEach(inst, await inst.listExecutions(certified.id), '');
			},
		);

		await checks.check(
			suite,
			`a worker killed (SIGKILL) while OneStream runs its job, two workers: ${ctx.install.major < 2 ? 'n8n 1.x re-runs the stalled execution on the other worker and the job is sent twice; with QUEUE_WORKER_MAX_STALLED_COUNT=0 it is sent once' : 'n8n 2.x never re-runs a stalled execution: the job is sent once'}`,
			async () => {
				const result = await killedWorkerRuns(inst, standin, suite);
				texts.push(['killed worker', JSON.stringify(result)]);
				if (ctx.install.major < 2) {
					assertEqual(result.byDefault.requests, 2, 'Slow_Close requests, default settings (1.x)');
					assertEqual(
						result.withSetting?.requests,
						1,
						'Slow_Close requests with QUEUE_WORKER_MAX_STALLED_COUNT=0 (1.x)',
					);
				} else {
					assertEqual(result.byDefault.requests, 1, 'Slow_Close requests, default settings (2.x)');
				}
			},
		);

		await checks.check(
			suite,
			'a worker without the package fails the run with "Unrecognized node type" (why every process needs it)',
			async () => {
				for (const w of inst.workers) await w.stop();
				inst.workers = [];
				const bare = path.join(ctx.root, 'worker-without-package');
				fs.mkdirSync(bare, { recursive: true });
				const before = new Set((await inst.listExecutions(webhook.id)).map((e) => e.id));
				const worker = await inst.startWorker(180000, bare);
				// The caller gets an error or no answer; what matters is the execution record.
				await request(`${inst.baseUrl}/webhook/onestream/gl-export`, {
					headersTimeout: 30000,
					bodyTimeout: 30000,
				})
					.then((r) => r.body.text())
					.catch(() => undefined);
				const failed = await waitFor(
					'the execution on the worker without the package to fail',
					async () => {
						const l = await inst.listExecutions(webhook.id);
						const e = l.find(
							(x) => !before.has(x.id) && x.status !== 'running' && x.status !== 'new',
						);
						if (e && e.status === 'success')
							throw new StopWaiting(`execution ${e.id} succeeded on a worker without the package`);
						return e;
					},
					{ timeoutMs: 60000, intervalMs: 1000 },
				);
				const full = await inst.getExecution(failed.id);
				texts.push([`execution ${failed.id}`, full.raw]);
				const message = `${JSON.stringify(full.data?.resultData?.error ?? {})} ${worker.output()}`;
				assert(
					/Unrecognized node type/i.test(message),
					`execution ${failed.id} is ${failed.status} but nothing says "Unrecognized node type"`,
				);
			},
		);
	} finally {
		step(`[${suite}] stopping n8n, the worker, Redis and PostgreSQL`);
		await n8n?.stop();
		await Promise.all([redis?.stop(), pg?.stop()]);
	}

	const inst = n8n;
	if (inst) {
		await checks.check(
			suite,
			'the PAT appears nowhere: logs of main and worker, stdout/stderr, execution data',
			async () => {
				const res = assertNoSecrets(inst.allFiles(), texts, [
					standin.info.tokens.valid,
					standin.info.tokens.expired,
				]);
				step(
					`[${suite}] searched ${res.files} files and ${texts.length} execution records for the PATs`,
				);
			},
		);
	}
}
