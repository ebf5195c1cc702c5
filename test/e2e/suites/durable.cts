/**
 * The OneStream Trigger under n8n 2.x's durable scheduler (2.36+, off by default): polls run as
 * scheduler tasks, the node's static data becomes a cursor committed with the execution it starts,
 * and a poll that runs past N8N_SCHEDULER_POLL_TIMEOUT (45 s) is abandoned and retried later.
 *
 * Two New Rows triggers watch the journal lines: one with the default Timeout, which fits the
 * poll's budget (n8n's getPollBudgetMs, 36 s here) and so ends before the scheduler gives up on
 * it; one with a Timeout of 2 minutes set in Options, which a 75-second answer takes past the poll
 * timeout, so n8n abandons that poll while it still runs. Each must emit every line once.
 */
import { assert, assertEqual } from '../lib/checks.cjs';
import { step } from '../lib/log.cjs';
import { N8n } from '../lib/n8n.cjs';
import { freePort, waitFor } from '../lib/proc.cjs';
import {
	EXAMPLES,
	loadExample,
	newRowsTriggerWorkflow,
	TRIGGER_ALL_ID,
	TRIGGER_ID,
} from '../lib/workflows.cjs';
import { DEFAULT_WORKFLOW_STEPS } from '../../standin/endpoints/methodCommand.cjs';
import {
	assertNoSecrets,
	certifiedCloseAcrossRestart,
	closeEventSummary,
	credentialsFor,
	newRowsAtTheEdges,
	type SuiteContext,
} from './common.cjs';
import { OWNER } from './regular.cjs';

/** The four settings that hand poll triggers and their cursors to the durable scheduler. */
export const DURABLE_SCHEDULER_ENV = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
};

/** n8n's debug line when a scheduled poll emitted nothing and committed its cursor. */
const NO_NEW_DATA = 'Poll returned no new data; nothing to hand off';

/** n8n's warning when it abandons a poll (poll-trigger-task-handler). */
const ABANDONED = 'Poll exceeded its timeout and was abandoned';

export async function durableSuite(ctx: SuiteContext): Promise<void> {
	const { checks, standin } = ctx;
	const suite = `n8n ${ctx.install.version} durable scheduler`;
	const n8n = new N8n(ctx.install, ctx.tc, {
		root: ctx.root,
		port: await freePort(),
		extraEnv: DURABLE_SCHEDULER_ENV,
	});
	const texts: Array<[string, string]> = [];
	const keep = (label: string, raw: string) => texts.push([label, raw]);
	const certified = loadExample(EXAMPLES.certified, n8n.filesDir);
	const restart = async (whileStopped: () => Promise<void>) => {
		await n8n.stop();
		await whileStopped();
		await n8n.start();
		await n8n.setupOwnerAndLogin(OWNER);
	};

	try {
		await checks.require(
			suite,
			'package installed; two New Rows triggers and the certified-close example published; n8n started with the durable scheduler for poll triggers and durable cursors',
			async () => {
				await n8n.installPackage(ctx.tarball);
				await n8n.importCredentials(credentialsFor(standin));
				await n8n.importWorkflows([
					newRowsTriggerWorkflow(),
					newRowsTriggerWorkflow({
						id: TRIGGER_ALL_ID,
						adapter: 'Journal_Lines_All',
						timeoutMs: 120000,
					}),
					certified,
				]);
				for (const id of [TRIGGER_ID, TRIGGER_ALL_ID, certified.id]) await n8n.activate(id);
				await standin.reset();
				await standin.clearJournalLines();
				await standin.setWorkflowSteps(DEFAULT_WORKFLOW_STEPS);
				await n8n.start();
				await n8n.setupOwnerAndLogin(OWNER);
				const log = n8n.mainLog();
				assert(
					log.includes('Provisioned scheduler jobs for poll trigger node'),
					'n8n says it handed the poll triggers to the durable scheduler',
				);
				assert(
					!log.includes('The durable scheduler cannot take over poll triggers'),
					'the durable scheduler took the poll triggers over',
				);
			},
		);

		await checks.check(
			suite,
			'New Rows under the durable scheduler: every journal line exactly once across a shared timestamp, a restart, two Poll Times on one second, a slow answer ended at the poll budget (default Timeout), and a poll n8n abandoned at its poll timeout (Timeout set to 2 minutes)',
			async () => {
				// n8n keeps nothing of the poll it runs at activation under durable cursors; the trigger
				// takes that baseline up again at a later tick. Lines come after the first scheduled polls.
				for (const id of [TRIGGER_ID, TRIGGER_ALL_ID]) {
					await waitFor(
						`the first scheduled poll of ${id} to commit its baseline`,
						async () =>
							n8n
								.mainLog()
								.split('\n')
								.some((l) => l.includes(NO_NEW_DATA) && l.includes(`"workflowId":"${id}"`)) ||
							undefined,
						{ timeoutMs: 90000, intervalMs: 1000 },
					);
				}
				const outcome = await newRowsAtTheEdges(n8n, standin, keep, restart, [
					{ workflowId: TRIGGER_ID, adapter: 'Journal_Lines' },
					{ workflowId: TRIGGER_ALL_ID, adapter: 'Journal_Lines_All' },
				]);
				const abandoned = n8n.mainLog().split(ABANDONED).length - 1;
				step(
					`[${suite}] emitted ${JSON.stringify(outcome[TRIGGER_ID].emitted)} (default Timeout) and ${JSON.stringify(outcome[TRIGGER_ALL_ID].emitted)} (Timeout 2 min); polls abandoned by n8n: ${abandoned}; polls beside the abandoned one that reached OneStream: ${outcome[TRIGGER_ALL_ID].besideSlowPoll}`,
				);
				const all = [1, 2, 3, 4, 5, 6, 7, 8, 9];
				assertEqual(outcome[TRIGGER_ID].emitted, all, 'lines, default Timeout');
				assertEqual(outcome[TRIGGER_ALL_ID].emitted, all, 'lines, Timeout 2 minutes');
				assert(abandoned >= 1, `n8n abandoned the slow poll ("${ABANDONED}" in its log)`);
				assert(
					outcome[TRIGGER_ID].failedPolls.some((m) =>
						m.includes('no answer within the timeout of 36000 ms'),
					),
					`the slow poll with the default Timeout ended at the poll budget (36 s); failed polls: ${JSON.stringify(outcome[TRIGGER_ID].failedPolls)}`,
				);
				// Journal_Lines_All ignores |!LastCursor!|: the trigger says so in n8n's log once per
				// process (n8n ran twice, around the restart), and still emits each line once (above).
				const notFiltering =
					n8n.mainLog().split('does not seem to filter on |!LastCursor!|').length - 1;
				assert(
					notFiltering >= 1 && notFiltering <= 2,
					`warnings in n8n's log that the source does not filter: ${notFiltering}`,
				);
				assertEqual(
					outcome[TRIGGER_ALL_ID].besideSlowPoll,
					0,
					'polls that reached OneStream while the abandoned one still ran',
				);
			},
		);

		await checks.check(
			suite,
			'certified-close example under the durable scheduler: one event when the Certify step completes, across a restart',
			async () => {
				const all = await certifiedCloseAcrossRestart(n8n, standin, keep, restart, 'InProcess');
				step(`[${suite}] certified-close events ${JSON.stringify(all.map(closeEventSummary))}`);
			},
		);
	} finally {
		await n8n.stop();
	}

	await checks.check(suite, 'the PAT appears nowhere: database, execution data, logs', () => {
		const r = assertNoSecrets(n8n.allFiles(), texts, [standin.info.tokens.valid]);
		assert(r.files > 5, `only ${r.files} files were searched`);
	});
}
