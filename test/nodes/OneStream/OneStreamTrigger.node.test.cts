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

/** Polls as an active workflow does, carrying the static data from poll to poll. */
function poller(parameters: INodeParameters) {
	let staticData: string | undefined;
	return {
		async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<PollOutcome> {
			const outcome = await runPoll({
				parameters,
				credentials: credentialsFor(standIn),
				staticData,
				mode,
			});
			staticData = outcome.staticData;
			return outcome;
		},
		get staticData() {
			return staticData;
		},
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

	it('emits only changes to the statuses asked for', async () => {
		const trigger = statusTrigger({ statusFilter: 'Certified, Locked' });
		await trigger.poll();
		setStatus('Confirm', 'Completed');
		expect((await trigger.poll()).emitted).toBeNull();
		setStatus('Certify', 'Certified');
		const certified = await trigger.poll();
		expect(certified.emitted?.map((item) => [item.json.WorkflowStep, item.json.current])).toEqual([
			['Certify', 'Certified'],
		]);
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
