/**
 * The OneStream Trigger's poll(), as n8n runs it for an active workflow (n8n-core's PollContext),
 * against the stand-in, with the static data round-tripped through JSON between polls as n8n
 * stores it (also across restarts): baseline, new rows, shared boundaries, the per-poll limit,
 * status changes with the filter, manual runs, and every read fault with no cursor advance.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { DataRow, Fault, StandIn } from '../../standin/index.cjs';
import { sampleData } from '../../standin/index.cjs';
import { DEFAULT_WORKFLOW_STEPS } from '../../standin/endpoints/methodCommand.cjs';
import type { PollOutcome } from '../../support/harness.cjs';
import { binaryContent, runPoll } from '../../support/harness.cjs';
import { applicationByName, credentialsFor, startTestStandIn } from '../../support/standIn.cjs';

const ADAPTER = 'DataProvider/GetAdoDataSetForAdapter';

/** The stand-in's Journal_Lines adapter reads `data.journalLines` (PostedAt >= |!LastCursor!|). */
const data = sampleData();
const lines = data.journalLines;

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn({ data });
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => {
	standIn.reset();
	lines.length = 0;
	data.workflowSteps = undefined;
});

const line = (id: number, at: string): DataRow => ({
	JournalId: id,
	Entity: 'Houston',
	Amount: id * 10,
	PostedAt: at,
});

function newRows(extra: INodeParameters = {}): INodeParameters {
	return {
		event: 'newRows',
		applicationName: applicationByName(),
		source: 'dataAdapter',
		adapterName: 'Journal_Lines',
		cursorColumn: 'PostedAt',
		keyColumns: 'JournalId',
		...extra,
	};
}

let pollers = 0;

/** Polls as an active workflow does, carrying the static data from poll to poll. */
function poller(parameters: INodeParameters) {
	let staticData: string | undefined;
	const workflowId = `wf-poller-${++pollers}`;
	return {
		async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<PollOutcome> {
			const outcome = await runPoll({
				parameters,
				credentials: credentialsFor(standIn),
				staticData,
				mode,
				workflowId,
			});
			staticData = outcome.staticData;
			return outcome;
		},
		get staticData() {
			return staticData;
		},
		workflowId,
	};
}

const ids = (outcome: PollOutcome) => (outcome.emitted ?? []).map((item) => item.json.JournalId);

function lastCursorSent(): string | undefined {
	const request = standIn.requests.filter((r) => r.endpoint === ADAPTER).pop();
	const text = String(
		(request?.body as IDataObject | undefined)?.CustomSubstVarsAsCommaSeparatedPairs,
	);
	return /LastCursor=\[([^\]]*)\]/.exec(text)?.[1];
}

describe('New Rows', () => {
	it('sets a baseline on the first poll and emits nothing, then emits each new row once', async () => {
		lines.push(line(1, '2026-03-01T09:00:00'), line(2, '2026-03-01T09:05:00'));
		const trigger = poller(newRows());
		const baseline = await trigger.poll();
		expect(baseline.error).toBeUndefined();
		expect(baseline.emitted).toBeNull();

		lines.push(line(3, '2026-03-01T09:10:00'));
		const next = await trigger.poll();
		expect(ids(next)).toEqual([3]);
		// The filter ran in OneStream: the last cursor went out as the substitution variable.
		expect(lastCursorSent()).toBe('2026-03-01T09:05:00');

		expect((await trigger.poll()).emitted).toBeNull();
		expect(lastCursorSent()).toBe('2026-03-01T09:10:00');
	});

	it('emits a row that arrives with the same timestamp as the last one, and only that row', async () => {
		lines.push(line(1, '2026-03-01T09:00:00'));
		const trigger = poller(newRows());
		await trigger.poll();
		lines.push(line(2, '2026-03-01T09:00:00'), line(3, '2026-03-01T09:00:00'));
		expect(ids(await trigger.poll())).toEqual([2, 3]);
		lines.push(line(4, '2026-03-01T09:00:00'));
		expect(ids(await trigger.poll())).toEqual([4]);
		expect((await trigger.poll()).emitted).toBeNull();
	});

	it('starts from all rows or after an initial value when asked', async () => {
		lines.push(line(1, '2026-01-15T00:00:00'), line(2, '2026-02-15T00:00:00'));
		expect(ids(await poller(newRows({ startFrom: 'all' })).poll())).toEqual([1, 2]);
		const since = poller(newRows({ startFrom: 'since', initialCursor: '2026-02-01T00:00:00' }));
		expect(ids(await since.poll())).toEqual([2]);
		expect(lastCursorSent()).toBe('2026-02-01T00:00:00');
	});

	it('emits at most Max Rows per Poll, the rest at the next polls, none lost or repeated', async () => {
		for (let i = 1; i <= 25; i++)
			lines.push(line(i, `2026-03-01T10:${String(i).padStart(2, '0')}:00`));
		const trigger = poller(newRows({ startFrom: 'all', rowsPerPoll: 10 }));
		const seen: unknown[] = [];
		for (let poll = 0; poll < 4; poll++) seen.push(...ids(await trigger.poll()));
		expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
	});

	it('keeps the cursor across a restart: the static data as n8n saved it is all it needs', async () => {
		lines.push(line(1, 'T1'));
		const before = poller(newRows());
		await before.poll();
		lines.push(line(2, 'T2'));
		expect(ids(await before.poll())).toEqual([2]);
		// A new process: only the saved JSON carries over.
		const saved = before.staticData;
		lines.push(line(3, 'T3'));
		const after = await runPoll({
			parameters: newRows(),
			credentials: credentialsFor(standIn),
			staticData: saved,
		});
		expect(ids(after)).toEqual([3]);
	});

	it('returns a sample on a manual run without moving the cursor', async () => {
		lines.push(line(1, 'T1'));
		const trigger = poller(newRows());
		await trigger.poll();
		const saved = trigger.staticData;
		lines.push(line(2, 'T2'), line(3, 'T3'));
		const sample = await trigger.poll('manual');
		expect(ids(sample)).toEqual([2]);
		expect(trigger.staticData).toBe(saved);
		expect(ids(await trigger.poll())).toEqual([2, 3]);
	});

	it.each<[string, Fault]>([
		['a 503', { kind: 'status', status: 503, message: 'Service Unavailable' }],
		['a 500 with a message', { kind: 'status', status: 500, message: 'Adapter failed' }],
		[
			'a 401',
			{ kind: 'status', status: 401, message: 'Authorization has been denied for this request.' },
		],
		['an HTML page from a proxy', { kind: 'html200' }],
		['a reset connection', { kind: 'reset' }],
		['a cut-off answer', { kind: 'truncatedJson200' }],
		['a null body', { kind: 'null200' }],
	])(
		'on %s, emits nothing, keeps the cursor, and the rows come at the next poll',
		async (_label, fault) => {
			lines.push(line(1, 'T1'));
			// Short waits between retries: the tries are what counts here, not their spacing.
			const trigger = poller(newRows({ rowsPerPoll: 1000, options: { retryDelay: 5 } }));
			await trigger.poll();
			const saved = trigger.staticData;
			lines.push(line(2, 'T2'));
			// Every try of the read fails (reads retry transient failures first).
			const faultId = standIn.addFault({ endpoint: ADAPTER, fault });
			const failed = await trigger.poll();
			expect(failed.error).toBeDefined();
			expect(failed.emitted).toBeNull();
			expect(trigger.staticData).toBe(saved);
			standIn.removeFault(faultId);
			expect(ids(await trigger.poll())).toEqual([2]);
		},
		60_000,
	);

	it('on an answer that stalls, stops at the Timeout, keeps the cursor, then catches up', async () => {
		lines.push(line(1, 'T1'));
		const trigger = poller(newRows({ options: { timeout: 1000 } }));
		await trigger.poll();
		const saved = trigger.staticData;
		lines.push(line(2, 'T2'));
		standIn.addFault({ endpoint: ADAPTER, times: 1, fault: { kind: 'stallMidBody' } });
		const stalled = await trigger.poll();
		expect(stalled.error?.message).toMatch(/timeout/i);
		expect(trigger.staticData).toBe(saved);
		expect(ids(await trigger.poll())).toEqual([2]);
	}, 60_000);

	it("fits n8n's poll budget without a Timeout of its own, keeps a Timeout set in Options", async () => {
		lines.push(line(1, 'T1'));
		const held = (timeout?: number) =>
			runPoll({
				parameters: newRows({ startFrom: 'all', ...(timeout ? { options: { timeout } } : {}) }),
				credentials: credentialsFor(standIn),
				pollBudgetMs: 1000,
			});
		standIn.addFault({ endpoint: ADAPTER, fault: { kind: 'hold', gate: 'never, in this test' } });
		// The durable scheduler abandons a poll past its timeout: the read ends first.
		const budgeted = await held();
		expect(budgeted.error?.message).toMatch(/no answer within the timeout of 1000 ms/);
		expect((budgeted.error as { description?: string }).description).toMatch(
			/^The poll had the time n8n gives one poll \(1 s; .*Raise N8N_SCHEDULER_POLL_TIMEOUT/,
		);
		expect(JSON.parse(budgeted.staticData)).toEqual({ 'node:OneStream Trigger': {} });
		const chosen = await held(1500);
		expect(chosen.error?.message).toMatch(/no answer within the timeout of 1500 ms/);
		expect((chosen.error as { description?: string }).description).toBe(
			'Raise the Timeout option if the request needs more time.',
		);
		standIn.openGate('never, in this test');
	}, 60_000);

	it('after a connection reset in the middle of an answer, reads again and emits each row once', async () => {
		lines.push(line(1, 'T1'));
		const trigger = poller(newRows());
		await trigger.poll();
		lines.push(line(2, 'T2'), line(3, 'T3'));
		// The rows received before the reset (sample rows without PostedAt) are forgotten.
		standIn.addFault({ endpoint: ADAPTER, times: 1, fault: { kind: 'resetMidBody' } });
		const outcome = await trigger.poll();
		expect(outcome.error).toBeUndefined();
		expect(ids(outcome)).toEqual([2, 3]);
		expect(standIn.requests.filter((r) => r.endpoint === ADAPTER)).toHaveLength(3);
	});

	it.each([
		[
			'csv',
			'text/csv',
			'JournalId,Entity,Amount,PostedAt\r\n2,Houston,20,T2\r\n3,Houston,30,T3\r\n',
		],
		[
			'json',
			'application/json',
			JSON.stringify([
				{ JournalId: 2, Entity: 'Houston', Amount: 20, PostedAt: 'T2' },
				{ JournalId: 3, Entity: 'Houston', Amount: 30, PostedAt: 'T3' },
			]),
		],
	])(
		"emits a poll's rows as one %s file, named by the source and the last cursor",
		async (format, mime, content) => {
			lines.push(line(1, 'T1'));
			const trigger = poller(
				newRows({ output: 'file', fileFormat: format, binaryPropertyName: 'journal' }),
			);
			await trigger.poll();
			lines.push(line(2, 'T2'), line(3, 'T3'));
			const outcome = await trigger.poll();
			expect(outcome.emitted).toHaveLength(1);
			const [item] = outcome.emitted ?? [];
			expect(item.json).toEqual({
				rowCount: 2,
				lastCursor: 'T3',
				fileName: `Journal_Lines-T3.${format}`,
				fileFormat: format,
				fileSize: Buffer.byteLength(content),
			});
			const file = item.binary?.journal;
			expect(file?.mimeType).toBe(mime);
			expect(file?.fileName).toBe(`Journal_Lines-T3.${format}`);
			expect(file && (await binaryContent(file)).toString('utf8')).toBe(content);
			expect((await trigger.poll()).emitted).toBeNull();
		},
	);

	it('emits one item holding the rows with One Item per Table, saying how many wait', async () => {
		for (let i = 1; i <= 5; i++) lines.push(line(i, `T${i}`));
		const trigger = poller(newRows({ startFrom: 'all', output: 'table', rowsPerPoll: 3 }));
		const first = await trigger.poll();
		expect(first.emitted?.map((item) => item.json)).toEqual([
			{
				table: 'Results',
				rowCount: 3,
				lastCursor: 'T3',
				rowsLeftForNextPoll: 2,
				rows: [1, 2, 3].map((i) => line(i, `T${i}`)),
			},
		]);
		const second = await trigger.poll();
		expect(second.emitted?.[0].json.rows).toEqual([4, 5].map((i) => line(i, `T${i}`)));
	});

	it('refuses a cursor column the rows do not have, and keeps the state', async () => {
		lines.push(line(1, 'T1'));
		const outcome = await poller(newRows({ cursorColumn: 'PostingDate', startFrom: 'all' })).poll();
		expect(outcome.error?.message).toContain('no usable value in the cursor column "PostingDate"');
	});
});

describe('New Rows at the edges', () => {
	/** An adapter that ignores |!LastCursor!|: the trigger alone decides what is new. */
	const everyLine = (extra: INodeParameters = {}) =>
		newRows({ adapterName: 'Journal_Lines_All', ...extra });

	it("says in n8n's log, once, when the source returns rows before the cursor (it does not filter), and emits the same", async () => {
		lines.push(line(1, 'T1'), line(2, 'T2'));
		const unfiltered = poller(everyLine({ startFrom: 'all' }));
		const filtered = poller(newRows({ startFrom: 'all' }));
		for (const trigger of [unfiltered, filtered]) expect(ids(await trigger.poll())).toEqual([1, 2]);
		lines.push(line(3, 'T3'));
		const warned = await unfiltered.poll();
		expect(ids(warned)).toEqual([3]);
		expect(warned.logText).toMatch(
			/warn OneStream Trigger "OneStream Trigger": the source returned 1 row before the cursor, so it does not seem to filter on \|!LastCursor!\|/,
		);
		const quiet = await filtered.poll();
		expect(ids(quiet)).toEqual([3]);
		expect(quiet.logText).not.toMatch(/does not seem to filter/);
		lines.push(line(4, 'T4'));
		// Once per trigger and process.
		const again = await unfiltered.poll();
		expect(ids(again)).toEqual([4]);
		expect(again.logText).not.toMatch(/does not seem to filter/);
	});

	it('compares timestamps by instant: a shift of UTC offset and more digits lose and repeat nothing', async () => {
		lines.push(line(1, '2026-10-25T02:30:00+02:00'));
		const trigger = poller(everyLine({ startFrom: 'all' }));
		expect(ids(await trigger.poll())).toEqual([1]);
		// Summer time ended: 02:15+01:00 is 45 minutes later, though its text sorts first. Line 1
		// comes back written with seven digits of seconds: the same instant, not a new row.
		lines[0] = line(1, '2026-10-25T02:30:00.0000000+02:00');
		lines.push(line(2, '2026-10-25T02:15:00+01:00'), line(3, '2026-10-25T00:30:00.5Z'));
		expect(ids(await trigger.poll())).toEqual([3, 2]);
		expect(ids(await trigger.poll())).toEqual([]);
	});

	it('refuses a regional date before emitting or saving anything', async () => {
		lines.push(line(1, '2026-03-01T09:00:00'));
		const trigger = poller(everyLine({ startFrom: 'all' }));
		await trigger.poll();
		const saved = trigger.staticData;
		lines.push(line(2, '03/01/2026 10:00'));
		const outcome = await trigger.poll();
		expect(outcome.emitted).toBeNull();
		expect(outcome.error?.message).toBe(
			'The cursor column "PostedAt" holds "03/01/2026 10:00", a date or time in a regional form: its order cannot be known for sure (month or day first, text order across a year end)',
		);
		expect(trigger.staticData).toBe(saved);
	});

	it('emits identical rows that share a timestamp as many times as they arrive (no Key Columns)', async () => {
		const twin = { Entity: 'Houston', Amount: 10, PostedAt: '2026-03-01T09:00:00' };
		lines.push({ ...twin }, { ...twin });
		const trigger = poller(everyLine({ keyColumns: '', startFrom: 'all' }));
		expect((await trigger.poll()).emitted).toHaveLength(2);
		lines.push({ ...twin });
		expect((await trigger.poll()).emitted).toHaveLength(1);
		expect((await trigger.poll()).emitted).toBeNull();
	});

	it('refuses Key Columns the rows do not have, keeping the state', async () => {
		lines.push(line(1, 'T1'), line(2, 'T1'));
		const trigger = poller(everyLine({ keyColumns: 'JournalID', startFrom: 'all' }));
		const outcome = await trigger.poll();
		expect(outcome.error?.message).toBe('A row has no column "JournalID" (Key Columns)');
		expect(outcome.emitted).toBeNull();
		expect(outcome.staticData).not.toContain('newRows');
	});

	it('starts strictly after the Initial Cursor with Since a Value', async () => {
		lines.push(line(1, '2026-01-01T00:00:00'), line(2, '2026-01-01T00:00:01'));
		const trigger = poller(everyLine({ startFrom: 'since', initialCursor: '2026-01-01T00:00:00' }));
		expect(ids(await trigger.poll())).toEqual([2]);
	});

	it('refuses a cursor value the next poll could not send, so that the trigger never wedges', async () => {
		lines.push({ JournalId: 1, Entity: 'Houston', Amount: 10, PostedAt: 'T1', Ref: 'A-1' });
		const trigger = poller(everyLine({ cursorColumn: 'Ref', startFrom: 'all' }));
		expect((await trigger.poll()).emitted).toHaveLength(1);
		const saved = trigger.staticData;
		lines.push({ JournalId: 2, Entity: 'Houston', Amount: 20, PostedAt: 'T2', Ref: 'A-2,b' });
		const refused = await trigger.poll();
		expect(refused.emitted).toBeNull();
		expect(refused.error?.message).toMatch(
			/holds "A-2,b", which the next poll could not send back/,
		);
		expect(trigger.staticData).toBe(saved);
		// Once the source no longer returns such a value, the trigger goes on where it was.
		lines[1] = { ...lines[1], Ref: 'A-2' };
		expect(ids(await trigger.poll())).toEqual([2]);
	});

	it('keeps its cursor when the query text an expression builds changes (a window from $now)', async () => {
		lines.push(line(1, '2026-03-01T09:00:00'), line(2, '2026-03-01T09:05:00'));
		let staticData: string | undefined;
		const poll = async (top: string) => {
			const outcome = await runPoll({
				parameters: newRows({
					source: 'sql',
					sqlQuery: '=SELECT TOP {{ $vars.top }} * FROM JournalLines',
					startFrom: 'all',
				}),
				credentials: credentialsFor(standIn),
				staticData,
				variables: { top: top },
			});
			staticData = outcome.staticData;
			return outcome;
		};
		expect(ids(await poll('1000'))).toEqual([1, 2]);
		lines.push(line(3, '2026-03-01T09:10:00'));
		// Another evaluated text, the same query as saved: the cursor is kept.
		expect(ids(await poll('2000'))).toEqual([3]);
		expect(ids(await poll('3000'))).toEqual([]);
	});

	it('keeps a cursor saved before the identity was the query as saved (no reset on upgrade)', async () => {
		lines.push(line(1, 'T1'), line(2, 'T2'));
		const earlier = JSON.stringify({
			'node:OneStream Trigger': {
				newRows: {
					source: JSON.stringify([
						'dataAdapter',
						'AcmeConsolidation',
						{ WorkspaceName: 'Default', AdapterName: 'Journal_Lines_All' },
						['PostedAt', ['JournalId']],
					]),
					cursor: { value: 'T1', boundary: ['[["JournalId",1]]'] },
				},
			},
		});
		const outcome = await runPoll({
			parameters: everyLine({ startFrom: 'all' }),
			credentials: credentialsFor(standIn),
			staticData: earlier,
		});
		expect(ids(outcome)).toEqual([2]);
	});

	it('runs one poll at a time: a poll that starts while another runs emits nothing and keeps the state', async () => {
		lines.push(line(1, 'T1'));
		const first = poller(everyLine({ startFrom: 'all' }));
		standIn.addFault({ endpoint: ADAPTER, times: 1, fault: { kind: 'hold', gate: 'slow poll' } });
		const slow = first.poll();
		await standIn.gateReached('slow poll');
		// Two Poll Times on one minute, or a poll slower than its interval: n8n starts another.
		const overlapping = await runPoll({
			parameters: everyLine({ startFrom: 'all' }),
			credentials: credentialsFor(standIn),
			workflowId: first.workflowId,
		});
		expect(overlapping.error).toBeUndefined();
		expect(overlapping.emitted).toBeNull();
		expect(JSON.parse(overlapping.staticData)).toEqual({ 'node:OneStream Trigger': {} });
		standIn.openGate('slow poll');
		expect(ids(await slow)).toEqual([1]);
		// The overlapping poll sent nothing: one read in all.
		expect(standIn.requests.filter((request) => request.endpoint === ADAPTER)).toHaveLength(1);
		// Another trigger (another node) polls at the same time as it pleases.
		expect(
			(
				await runPoll({
					parameters: everyLine({ startFrom: 'all' }),
					credentials: credentialsFor(standIn),
					workflowId: first.workflowId,
					nodeId: 'trigger-2',
				})
			).emitted,
		).toHaveLength(1);
	});
});

describe("a state n8n has not committed yet (2.x's durable cursors)", () => {
	// n8n commits a poll's state with the execution it starts, a moment after the poll returns;
	// a poll that starts in between still reads the state from before.
	const durable = (workflowId: string) => {
		const parameters = newRows({ startFrom: 'all' });
		return async (staticData: string | undefined) =>
			await runPoll({ parameters, credentials: credentialsFor(standIn), staticData, workflowId });
	};

	it('emits nothing from a state older than the one it handed over, then goes on from the new one', async () => {
		const poll = durable('wf-durable-1');
		lines.push(line(1, 'T1'));
		const first = await poll(undefined);
		expect(ids(first)).toEqual([1]);
		// A second Poll Time on the same second, before the commit: the state from before.
		const beforeCommit = await poll(undefined);
		expect(beforeCommit.emitted).toBeNull();
		expect(beforeCommit.error).toBeUndefined();
		lines.push(line(2, 'T2'));
		expect(ids(await poll(first.staticData))).toEqual([2]);
	});

	it('goes on from the state there is when the handed-over one never arrives (n8n threw it away)', async () => {
		const poll = durable('wf-durable-2');
		lines.push(line(1, 'T1'));
		expect(ids(await poll(undefined))).toEqual([1]);
		const realNow = Date.now.bind(Date);
		const later = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 11_000);
		try {
			// 11 s on, the state it handed over has not come (n8n threw it away): the rows come again,
			// none lost.
			expect(ids(await poll(undefined))).toEqual([1]);
		} finally {
			later.mockRestore();
		}
	});

	it('keeps the baseline of the poll at activation though n8n threw it away: rows after it are emitted', async () => {
		const parameters = newRows();
		const poll = async (staticData: string | undefined) =>
			await runPoll({
				parameters,
				credentials: credentialsFor(standIn),
				staticData,
				workflowId: 'wf-durable-3',
			});
		lines.push(line(1, 'T1'));
		// Start From Now at activation: the baseline (line 1), which n8n does not keep.
		expect((await poll(undefined)).emitted).toBeNull();
		// The first scheduled tick comes within the grace: it waits for a commit that never comes.
		expect((await poll(undefined)).emitted).toBeNull();
		lines.push(line(2, 'T2'));
		const realNow = Date.now.bind(Date);
		const later = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 11_000);
		try {
			// The next tick takes the activation's baseline up again, not a new one past line 2.
			const next = await poll(undefined);
			expect(ids(next)).toEqual([2]);
			lines.push(line(3, 'T3'));
			expect(ids(await poll(next.staticData))).toEqual([3]);
		} finally {
			later.mockRestore();
		}
	});
});

describe('Workflow Status Changed', () => {
	function statusTrigger(extra: INodeParameters = {}) {
		return poller({
			event: 'workflowStatusChanged',
			applicationName: applicationByName(),
			workflowProfile: 'Houston.Import',
			scenario: 'Actual',
			time: '2026M3',
			...extra,
		});
	}

	function setStatus(step: string, status: string) {
		const steps = (data.workflowSteps ?? DEFAULT_WORKFLOW_STEPS).map(
			(entry): [string, string, string | null] => [...entry],
		);
		const found = steps.find(([name]) => name === step);
		if (!found) throw new Error(`no step ${step}`);
		found[1] = status;
		data.workflowSteps = steps;
	}

	it('learns the statuses on the first poll, then emits each unit that changed, with previous and current', async () => {
		const trigger = statusTrigger();
		expect((await trigger.poll()).emitted).toBeNull();
		expect((await trigger.poll()).emitted).toBeNull();
		setStatus('Process', 'Completed');
		const changed = await trigger.poll();
		expect(changed.emitted?.map((item) => item.json)).toEqual([
			expect.objectContaining({
				WorkflowProfile: 'Houston.Import',
				WorkflowStep: 'Process',
				previous: 'InProcess',
				current: 'Completed',
			}),
		]);
		expect((await trigger.poll()).emitted).toBeNull();
	});

	it("says in n8n's log, once, when a filter has matched nothing OneStream returned (it could never fire)", async () => {
		const trigger = statusTrigger({ statusFilter: 'Certified', stepFilter: 'Certify' });
		const first = await trigger.poll();
		expect(first.logText).toMatch(
			/warn OneStream Trigger "OneStream Trigger": Only When Status Becomes \(certified\) has matched nothing OneStream returned so far \(Completed, InProcess, NotExecuted\), so it cannot fire/,
		);
		// The step filter matches a step OneStream returned: no word about it.
		expect(first.logText).not.toMatch(/Only For Step/);
		expect((await trigger.poll()).logText).not.toMatch(/matched nothing/);
		const fine = await statusTrigger({ statusFilter: 'Completed' }).poll();
		expect(fine.logText).not.toMatch(/matched nothing/);
	});

	it('emits only changes to the statuses asked for', async () => {
		const trigger = statusTrigger({ statusFilter: 'InProcess, Locked' });
		await trigger.poll();
		setStatus('Process', 'Completed');
		expect((await trigger.poll()).emitted).toBeNull();
		setStatus('Confirm', 'InProcess');
		const started = await trigger.poll();
		expect(started.emitted?.map((item) => [item.json.WorkflowStep, item.json.current])).toEqual([
			['Confirm', 'InProcess'],
		]);
	});

	it('fires once when the close is certified: the Certify step becoming Completed, nothing else', async () => {
		const trigger = statusTrigger({ statusFilter: 'Completed', stepFilter: 'Certify' });
		await trigger.poll();
		setStatus('Process', 'Completed');
		setStatus('Confirm', 'Completed');
		expect((await trigger.poll()).emitted).toBeNull();
		setStatus('Certify', 'InProcess');
		expect((await trigger.poll()).emitted).toBeNull();
		setStatus('Certify', 'Completed');
		const certified = await trigger.poll();
		expect(
			certified.emitted?.map((item) => [
				item.json.WorkflowStep,
				item.json.previous,
				item.json.current,
			]),
		).toEqual([['Certify', 'InProcess', 'Completed']]);
		expect((await trigger.poll()).emitted).toBeNull();
	});

	it('refuses an answer with several rows for one unit, before it fires or forgets anything', async () => {
		const trigger = statusTrigger();
		await trigger.poll();
		const saved = trigger.staticData;
		// One row per entity, say, while Unit Key Columns names no entity: the statuses would take turns.
		data.workflowSteps = [
			['Process', 'Completed', '2026-07-02T06:20:10'],
			['Process', 'InProcess', '2026-07-02T06:21:10'],
		];
		for (let poll = 0; poll < 3; poll++) {
			const outcome = await trigger.poll();
			expect(outcome.emitted).toBeNull();
			expect(outcome.error?.message).toMatch(
				/^The workflow status answer has several rows for one unit \(WorkflowProfile "Houston.Import", Scenario "Actual", Time "2026M3", WorkflowStep "Process"\)$/,
			);
			expect(trigger.staticData).toBe(saved);
		}
	});

	it('refuses Unit Key Columns the answer does not have, naming its columns', async () => {
		const outcome = await statusTrigger({ unitKeyColumns: 'WorkflowProfile, Step' }).poll();
		expect(outcome.error?.message).toBe(
			'The workflow status answer has no column "Step" (Unit Key Columns)',
		);
		expect(String((outcome.error as { description?: string }).description)).toMatch(
			/Its columns are: WorkflowProfile, Scenario, Time, WorkflowStep, Status/,
		);
	});

	it('shows every unit with its current status on Fetch Test Event, leaving the state alone', async () => {
		const trigger = statusTrigger({ statusFilter: 'Completed', stepFilter: 'Certify' });
		await trigger.poll();
		const saved = trigger.staticData;
		const sample = await trigger.poll('manual');
		expect(sample.emitted?.map((item) => [item.json.WorkflowStep, item.json.current])).toEqual(
			DEFAULT_WORKFLOW_STEPS.map(([step, status]) => [step, status]),
		);
		expect(sample.emitted?.[0].json.previous).toBe('Completed');
		expect(trigger.staticData).toBe(saved);
	});

	it('keeps the known statuses when a poll fails', async () => {
		const trigger = statusTrigger({ options: { retryDelay: 5 } });
		await trigger.poll();
		const saved = trigger.staticData;
		setStatus('Process', 'Completed');
		const faultId = standIn.addFault({
			endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
			fault: { kind: 'status', status: 502, html: true },
		});
		const failed = await trigger.poll();
		expect(failed.error).toBeDefined();
		expect(trigger.staticData).toBe(saved);
		standIn.removeFault(faultId);
		expect((await trigger.poll()).emitted?.map((item) => item.json.WorkflowStep)).toEqual([
			'Process',
		]);
	}, 60_000);
});
