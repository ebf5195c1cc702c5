/** What the suites share: the context, credentials, secrets grep and binary/CSV helpers. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { factRows } from '../../standin/data.cjs';
import { DEFAULT_WORKFLOW_STEPS } from '../../standin/endpoints/methodCommand.cjs';
import { parseCsv } from '../../support/csv.cjs';

import { assert, assertEqual, outputItems, type Checks } from '../lib/checks.cjs';
import { sleep, waitFor } from '../lib/proc.cjs';
import type { N8nInstall, Toolchain } from '../lib/install.cjs';
import { CREDENTIAL_TYPE, type BinaryRef, type N8n, type RunJson } from '../lib/n8n.cjs';
import type { StandIn } from '../lib/standin.cjs';
import { getWebhook } from '../lib/webhook.cjs';
import {
	CERTIFIED_ID,
	CERTIFIED_MESSAGE_NODE,
	CERTIFIED_TRIGGER_NODE,
	EXAMPLE_CREDENTIAL,
	EXPIRED_CREDENTIAL,
	exportDir,
	FILE_PAT_CREDENTIAL,
	NON_ADMIN_CREDENTIAL,
	PROMISE_NODES,
	TRIGGER_ID,
	TRIGGER_NODE,
} from '../lib/workflows.cjs';

export { EXPIRED_CREDENTIAL, NON_ADMIN_CREDENTIAL };

export interface SuiteContext {
	tc: Toolchain;
	install: N8nInstall;
	tarball: string;
	standin: StandIn;
	checks: Checks;
	/** Folder for this suite's throwaway state, e.g. ~/.cache/n8n-nodes-onestream/state/regular-1.123.81 */
	root: string;
	/** The stand-in application's file share: Batch\Harvest below it. */
	share: string;
}

export function credentialsFor(standin: StandIn) {
	const base = {
		baseUrl: standin.info.url,
		webServerUrl: standin.info.webServerUrl,
		apiPath: standin.apiPath,
		ignoreSSLIssues: false,
	};
	return [
		{
			...EXAMPLE_CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: { ...base, personalAccessToken: standin.info.tokens.valid },
		},
		{
			...EXPIRED_CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: { ...base, personalAccessToken: standin.info.tokens.expired },
		},
		{
			...NON_ADMIN_CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: { ...base, personalAccessToken: standin.info.tokens.nonAdmin },
		},
		{ ...FILE_PAT_CREDENTIAL, type: CREDENTIAL_TYPE, data: { ...base, personalAccessToken: '' } },
	];
}

/**
 * n8n's credential overwrites, read from a file (`CREDENTIALS_OVERWRITE_DATA_FILE`): the route for a
 * PAT kept in a mounted secret. n8n fills only empty fields, so the other credentials keep theirs.
 * Returns the environment that points n8n at the file.
 */
export function writeCredentialOverwrites(
	folder: string,
	personalAccessToken: string,
): Record<string, string> {
	fs.mkdirSync(folder, { recursive: true });
	const file = path.join(folder, 'credential-overwrites.json');
	fs.writeFileSync(file, JSON.stringify({ [CREDENTIAL_TYPE]: { personalAccessToken } }), {
		mode: 0o600,
	});
	return { CREDENTIALS_OVERWRITE_DATA_FILE: file };
}

/** GL_Export rows the stand-in serves for a scenario and period (optionally one entity). */
export function expectedGlRows(scenario: string, time: string, entity?: string) {
	return factRows().filter(
		(r) =>
			r.Scenario === scenario && r.Time === time && (entity === undefined || r.Entity === entity),
	);
}

/** Checks a GL CSV export against the stand-in's rows; returns the number of data rows. */
export function assertGlCsv(
	text: string,
	scenario: string,
	time: string | undefined,
	what: string,
): number {
	const rows = parseCsv(text);
	assert(rows.length >= 2, `${what}: CSV has no data rows`);
	const header = rows[0];
	for (const col of ['Entity', 'Account', 'Scenario', 'Time', 'Amount'])
		assert(header.includes(col), `${what}: CSV header ${JSON.stringify(header)} lacks ${col}`);
	const data = rows.slice(1);
	const expected = factRows().filter(
		(r) => r.Scenario === scenario && (time === undefined || r.Time === time),
	);
	assert(
		data.length === expected.length,
		`${what}: CSV has ${data.length} rows, the stand-in served ${expected.length}`,
	);
	const idx = (c: string) => header.indexOf(c);
	for (const e of expected.slice(0, 10)) {
		const found = data.find(
			(d) =>
				d[idx('Entity')] === e.Entity &&
				d[idx('Account')] === e.Account &&
				d[idx('Time')] === e.Time,
		);
		assert(found, `${what}: no CSV row for ${e.Entity}/${e.Account}/${e.Time}`);
		assert(
			Number(found[idx('Amount')]) === e.Amount,
			`${what}: Amount of ${e.Entity}/${e.Account}/${e.Time} is ${found[idx('Amount')]}, expected ${e.Amount}`,
		);
	}
	return data.length;
}

/** Reads a binary property's content, whether n8n kept it inline (1.x default) or on disk (2.x). */
export function readBinary(n8n: N8n, ref: BinaryRef): Buffer {
	if (ref.id && typeof ref.id === 'string') {
		const m = /^[a-z0-9-]+:(.*)$/.exec(ref.id);
		assert(m, `unknown binary data id ${ref.id}`);
		// 1.x keeps files in .n8n/binaryData, 2.x in .n8n/storage (N8N_BINARY_DATA_STORAGE_PATH).
		const candidates = ['binaryData', 'storage'].map((d) =>
			path.join(n8n.userFolder, '.n8n', d, m[1]),
		);
		const file = candidates.find((f) => fs.existsSync(f));
		assert(file, `binary data for id ${ref.id} is in none of ${candidates.join(', ')}`);
		return fs.readFileSync(file);
	}
	assert(typeof ref.data === 'string', 'binary property has neither data nor id');
	return Buffer.from(ref.data, 'base64');
}

/**
 * The PAT must appear nowhere: every file n8n wrote under the suite folder (database, logs,
 * stdout/stderr of every command, binary data, written files) plus extra texts such as REST
 * answers. Besides whole tokens it looks for a 16-character middle slice, to catch truncation.
 */
export function assertNoSecrets(
	files: string[],
	texts: Array<[string, string]>,
	secrets: string[],
): { files: number; bytes: number } {
	const needles: string[] = [];
	for (const s of secrets) needles.push(s, s.slice(20, 36));
	let bytes = 0;
	const hits: string[] = [];
	for (const f of files) {
		const buf = fs.readFileSync(f);
		bytes += buf.length;
		for (const n of needles)
			if (buf.includes(n))
				hits.push(`${f} contains ${n === needles[0] ? 'the PAT' : `"${n.slice(0, 4)}…"`}`);
	}
	for (const [label, text] of texts) {
		bytes += text.length;
		for (const n of needles) if (text.includes(n)) hits.push(`${label} contains a PAT fragment`);
	}
	assert(hits.length === 0, `PAT found:\n${hits.join('\n')}`);
	return { files: files.length, bytes };
}

/**
 * GETs a production webhook, waiting while n8n answers 404 (not registered yet), and returns the
 * JSON array it answers with status 200.
 */
export async function callWebhook(
	baseUrl: string,
	pathAndQuery: string,
	options: { waitMs?: number; requestTimeoutMs?: number } = {},
): Promise<Array<Record<string, unknown>>> {
	const res = await getWebhook(baseUrl, pathAndQuery, options);
	assertEqual(res.status, 200, `webhook ${pathAndQuery} status (body ${res.text.slice(0, 300)})`);
	return JSON.parse(res.text) as Array<Record<string, unknown>>;
}

/** A journal line for the stand-in's Journal_Lines adapter, posted at 18:00:<second>. */
export function journalLine(id: number, second: number): Record<string, unknown> {
	return {
		JournalId: id,
		Entity: 'Houston',
		Amount: id * 100,
		PostedAt: `2026-03-31T18:00:${String(second).padStart(2, '0')}`,
	};
}

/** Journal ids in a New Rows trigger's executions, in execution order, repeats kept. */
export async function emittedJournalIds(
	n8n: N8n,
	keep: (label: string, raw: string) => void,
	workflowId = TRIGGER_ID,
): Promise<number[]> {
	return (await triggerExecutions(n8n, keep, workflowId)).ids;
}

/** A trigger's executions: the journal ids emitted, and the messages of the polls that failed. */
export async function triggerExecutions(
	n8n: N8n,
	keep: (label: string, raw: string) => void,
	workflowId: string,
): Promise<{ ids: number[]; failedPolls: string[] }> {
	const list = await n8n.listExecutions(workflowId);
	const ids: number[] = [];
	const failedPolls: string[] = [];
	for (const e of [...list].sort((a, b) => Number(a.id) - Number(b.id))) {
		const ex = await n8n.getExecution(e.id);
		keep(`trigger execution ${e.id}`, ex.raw);
		// A poll that failed (a timeout) is recorded as a failed execution: it emitted nothing.
		if (ex.status === 'error') {
			failedPolls.push(String(ex.data.resultData.error?.message));
			continue;
		}
		for (const item of outputItems({ resultData: ex.data.resultData }, TRIGGER_NODE))
			ids.push(Number(item.json.JournalId));
	}
	return { ids, failedPolls };
}

/** Waits (n8n polls at most once a minute) until the trigger has emitted `count` lines. */
export async function waitForJournalIds(
	n8n: N8n,
	keep: (label: string, raw: string) => void,
	what: string,
	count: number,
	workflowId = TRIGGER_ID,
	timeoutMs = 150000,
): Promise<number[]> {
	return await waitFor(
		what,
		async () => {
			const ids = await emittedJournalIds(n8n, keep, workflowId);
			return ids.length >= count ? ids : undefined;
		},
		{ timeoutMs, intervalMs: 3000 },
	);
}

/** A New Rows trigger the scenario below watches: its workflow and the adapter it polls. */
export interface WatchedTrigger {
	workflowId: string;
	adapter: string;
}

/** What the scenario saw of one trigger. */
export interface NewRowsOutcome {
	/** Lines emitted, in execution order, after a further poll. */
	emitted: number[];
	/** The messages of its polls that failed (recorded by n8n as failed executions). */
	failedPolls: string[];
	/**
	 * Requests for its adapter that OneStream received while the slow answer was held (75 s): a
	 * poll that started beside the slow one.
	 */
	besideSlowPoll: number;
}

const SLOW_ANSWER_MS = 75000;

/**
 * New Rows at the edges, in a real n8n, for each watched trigger (each polls twice a minute on the
 * same second, SAME_MINUTE_POLL_TIMES): lines that share the last timestamp, lines that arrive
 * while n8n is stopped, and one
 * answer held 75 s (longer than the poll interval), while two more lines arrive, one of them at
 * the last timestamp. Every line must come once; the caller judges `besideSlowPoll`.
 */
export async function newRowsAtTheEdges(
	n8n: N8n,
	standin: StandIn,
	keep: (label: string, raw: string) => void,
	/** Stops n8n, runs `whileStopped`, starts n8n again. */
	restart: (whileStopped: () => Promise<void>) => Promise<void>,
	triggers: WatchedTrigger[],
): Promise<Record<string, NewRowsOutcome>> {
	const line = journalLine;
	const until = async (what: string, count: number, timeoutMs?: number) => {
		for (const t of triggers)
			await waitForJournalIds(
				n8n,
				keep,
				`${what} (${t.workflowId})`,
				count,
				t.workflowId,
				timeoutMs,
			);
	};
	await standin.appendJournalLines([line(1, 1), line(2, 2), line(3, 2)]);
	await until('lines 1-3 emitted', 3);
	// Line 4 shares the last timestamp (18:00:02); line 5 is later.
	await standin.appendJournalLines([line(4, 2), line(5, 3)]);
	await until('lines 4-5 emitted', 5);
	await restart(async () => await standin.appendJournalLines([line(6, 4), line(7, 5)]));
	await until('lines 6-7 emitted after the restart', 7);
	// The next answer for each adapter is held 75 s; line 8 shares line 7's timestamp.
	const slow = new Map<string, string>();
	for (const t of triggers) {
		slow.set(
			t.workflowId,
			await standin.addFault({
				endpoint: 'DataProvider/GetAdoDataSetForAdapter',
				name: t.adapter,
				times: 1,
				fault: { kind: 'delay', ms: SLOW_ANSWER_MS },
			}),
		);
	}
	await standin.appendJournalLines([line(8, 5), line(9, 6)]);
	await until('lines 8-9 emitted after the slow answer', 9, 300000);
	// A further poll: nothing is emitted twice.
	await sleep(65000);
	const requests = await standin.requests();
	const outcomes: Record<string, NewRowsOutcome> = {};
	for (const t of triggers) {
		const adapterRequests = requests.filter(
			(r) =>
				r.endpoint === 'DataProvider/GetAdoDataSetForAdapter' &&
				(r.body as { AdapterName?: unknown } | undefined)?.AdapterName === t.adapter,
		);
		const held = adapterRequests.find((r) => r.faultIds.includes(slow.get(t.workflowId) ?? ''));
		assert(held, `OneStream received the held request for ${t.adapter}`);
		const executions = await triggerExecutions(n8n, keep, t.workflowId);
		outcomes[t.workflowId] = {
			emitted: executions.ids,
			failedPolls: executions.failedPolls,
			besideSlowPoll: adapterRequests.filter(
				(r) =>
					r.receivedAt > held.receivedAt && r.receivedAt < held.receivedAt + SLOW_ANSWER_MS - 5000,
			).length,
		};
	}
	return outcomes;
}

/** The stand-in's close (DEFAULT_WORKFLOW_STEPS) with some steps at a new status. */
export function workflowStepsWith(
	changes: Record<string, string>,
): Array<[string, string, string | null]> {
	return DEFAULT_WORKFLOW_STEPS.map(([name, status, at]): [string, string, string | null] =>
		changes[name] === undefined ? [name, status, at] : [name, changes[name], '2026-07-02T07:00:00'],
	);
}

export interface CloseEvent {
	executionId: string;
	/** The trigger's item: the unit's columns, `previous` and `current`. */
	event: Record<string, unknown>;
	/** The certified-close example's message for it. */
	message: unknown;
}

/** The certified-close example's executions, oldest first: each event and its message. */
export async function closeEvents(
	n8n: N8n,
	keep: (label: string, raw: string) => void,
): Promise<CloseEvent[]> {
	const list = await n8n.listExecutions(CERTIFIED_ID);
	const events: CloseEvent[] = [];
	for (const e of [...list].sort((a, b) => Number(a.id) - Number(b.id))) {
		const ex = await n8n.getExecution(e.id);
		keep(`certified-close execution ${e.id}`, ex.raw);
		const result = { resultData: ex.data.resultData };
		const messages = outputItems(result, CERTIFIED_MESSAGE_NODE);
		outputItems(result, CERTIFIED_TRIGGER_NODE).forEach((item, index) =>
			events.push({ executionId: e.id, event: item.json, message: messages[index]?.json.message }),
		);
	}
	return events;
}

/** Waits (n8n polls at most once a minute) until the example has handled `count` events. */
export async function waitForCloseEvents(
	n8n: N8n,
	keep: (label: string, raw: string) => void,
	what: string,
	count: number,
): Promise<CloseEvent[]> {
	return await waitFor(
		what,
		async () => {
			const events = await closeEvents(n8n, keep);
			return events.length >= count ? events : undefined;
		},
		{ timeoutMs: 150000, intervalMs: 3000 },
	);
}

/** A close event as [profile, step, previous, current]. */
export const closeEventSummary = (e: CloseEvent) => [
	e.event.WorkflowProfile,
	e.event.WorkflowStep,
	e.event.previous,
	e.event.current,
];

/** The message the example builds for an event, up to the row count. */
export function expectedCloseMessage(e: CloseEvent, fileName: string): string {
	const unit = e.event;
	return `${String(unit.WorkflowProfile)} ${String(unit.Scenario)} ${String(unit.Time)}: ${String(unit.WorkflowStep)} went from ${String(unit.previous)} to ${String(unit.current)}. GL export ${fileName} (`;
}

/**
 * The certified-close example across a restart: other steps complete and Certify starts (no
 * event within a poll), n8n stops, Certify completes, n8n starts: one event, its export file and
 * its message, and nothing more at the next poll. The trigger has learned the close before.
 */
export async function certifiedCloseAcrossRestart(
	n8n: N8n,
	standin: StandIn,
	keep: (label: string, raw: string) => void,
	restart: (whileStopped: () => Promise<void>) => Promise<void>,
	/**
	 * The event's `previous`: `InProcess` where n8n keeps what a poll that emitted nothing learned
	 * (durable cursors); `NotExecuted` where it does not (n8n saves static data only with an
	 * emission, so after the restart the trigger knows the status from before Certify started).
	 */
	previous: 'InProcess' | 'NotExecuted',
): Promise<CloseEvent[]> {
	try {
		await standin.setWorkflowSteps(
			workflowStepsWith({ Process: 'Completed', Confirm: 'Completed', Certify: 'InProcess' }),
		);
		await sleep(65000);
		assertEqual((await closeEvents(n8n, keep)).length, 0, 'events before Certify completed');
		await restart(
			async () =>
				await standin.setWorkflowSteps(
					workflowStepsWith({ Process: 'Completed', Confirm: 'Completed', Certify: 'Completed' }),
				),
		);
		await waitForCloseEvents(n8n, keep, 'Certify to become Completed after the restart', 1);
		// One more poll: nothing else.
		await sleep(65000);
	} finally {
		// The next suite reads the close as it was.
		await standin.setWorkflowSteps(DEFAULT_WORKFLOW_STEPS);
	}
	const all = await closeEvents(n8n, keep);
	assertEqual(
		all.map(closeEventSummary),
		[['Houston.Import', 'Certify', previous, 'Completed']],
		'status events: the Certify step completed, once',
	);
	for (const e of all) {
		const name = `GL_Export_Actual_2026M3_${String(e.event.WorkflowStep)}.csv`;
		const file = path.join(exportDir(n8n.filesDir), name);
		assert(fs.existsSync(file), `${file} was not written`);
		assertGlCsv(fs.readFileSync(file, 'utf8'), 'Actual', '2026M3', name);
		assert(
			typeof e.message === 'string' && e.message.startsWith(expectedCloseMessage(e, name)),
			`the message of execution ${e.executionId}: ${String(e.message)}`,
		);
	}
	return all;
}

/**
 * The hostile answers of promisesWorkflow(): a 202 with the completion text, an answer that
 * trickles past the Timeout, and a connection reset after the work under Retry On Fail.
 */
export async function addHostileAnswers(standin: StandIn): Promise<void> {
	await standin.addFault({
		endpoint: 'DataManagement/ExecuteSequence',
		name: 'Load_Actuals',
		afterWork: true,
		times: 1,
		fault: {
			kind: 'raw',
			status: 202,
			contentType: 'application/json',
			body: JSON.stringify('Data Management Sequence Load_Actuals was completed'),
		},
	});
	await standin.addFault({
		endpoint: 'DataManagement/ExecuteSequence',
		name: 'Nightly_Consolidation',
		afterWork: true,
		times: 1,
		fault: { kind: 'trickle', intervalMs: 50 },
	});
	await standin.addFault({
		endpoint: 'DataManagement/ExecuteStep',
		name: 'Import_GL',
		afterWork: true,
		times: 1,
		fault: { kind: 'reset' },
	});
}

/** Each hostile answer is an unknown outcome, said as such, and each job reached OneStream once. */
export async function assertHostileAnswersSentOnce(
	run: RunJson | { resultData: RunJson['data']['resultData'] },
	standin: StandIn,
): Promise<void> {
	for (const [node, says] of [
		[PROMISE_NODES.accepted, /answered 202 .*not 200 with its completion message/],
		[PROMISE_NODES.trickle, /no answer within the timeout of 1000 ms/],
		[PROMISE_NODES.retried, /The outcome is unknown/],
	] as const) {
		const items = outputItems(run, node);
		assertEqual(items.length, 1, `${node} items`);
		assertEqual(items[0].json.jobOutcome, 'unknown', `${node} jobOutcome`);
		assert(
			says.test(String(items[0].json.error)),
			`${node}: unexpected error ${String(items[0].json.error)}`,
		);
	}
	const requests = await standin.requests();
	const count = (pattern: RegExp, name: string) =>
		requests.filter(
			(r) => pattern.test(r.endpoint ?? r.rawPath) && JSON.stringify(r.body ?? '').includes(name),
		).length;
	assertEqual(
		[
			count(/ExecuteSequence/i, 'Load_Actuals'),
			count(/ExecuteSequence/i, 'Nightly_Consolidation'),
			count(/ExecuteStep/i, 'Import_GL'),
		],
		[1, 1, 1],
		'requests for [202, trickle, reset under Retry On Fail]',
	);
}
