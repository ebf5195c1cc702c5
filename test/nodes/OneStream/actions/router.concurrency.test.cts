/**
 * Parallel Calls: output keeps input order and pairing, and the stand-in never sees more overlapping
 * requests (reads) or jobs than the limit. The stand-in measures overlap; no clock is read here.
 */
import type { IDataObject } from 'n8n-workflow';

import type { StandIn } from '../../../standin/index.cjs';
import { factRows } from '../../../standin/data.cjs';
import { runOneStreamNode } from '../../../support/harness.cjs';
import { applicationByName, credentialsFor, jsonOf, nodeErrorMessage, pairedIndexes, startTestStandIn } from '../../../support/standIn.cjs';

const ADAPTER = 'DataProvider/GetAdoDataSetForAdapter';
const SEQUENCE = 'DataManagement/ExecuteSequence';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => {
	standIn.reset();
	standIn.setOptions({ latencyMs: undefined });
});

const TIMES = ['2026M1', '2026M2', '2026M3', '2026M4', '2026M5', '2026M6'];
const ENTITIES = ['Acme US', 'Acme UK', 'Acme DE'];
const ITEMS: IDataObject[] = TIMES.flatMap((time) => ENTITIES.map((entity) => ({ time, entity })));

function readByItem(concurrency?: number) {
	return {
		resource: 'data',
		operation: 'getDataAdapter',
		applicationName: applicationByName(),
		adapterName: 'GL_Export',
		substitutionVariables: {
			variable: [
				{ name: 'pScenario', value: 'Actual' },
				{ name: 'pTime', value: '={{ $json.time }}' },
				{ name: 'pEntity', value: '={{ $json.entity }}' },
			],
		},
		options: concurrency === undefined ? {} : { concurrency },
	};
}

function expectedRows(): { rows: IDataObject[]; pairs: number[] } {
	const perItem = ITEMS.map((item) =>
		factRows().filter((row) => row.Scenario === 'Actual' && row.Time === item.time && row.Entity === item.entity),
	);
	return { rows: perItem.flat() as IDataObject[], pairs: perItem.flatMap((rows, index) => rows.map(() => index)) };
}

it.each([1, 3, 8])('reads with Parallel Calls %i: input order, pairing, never more requests at once than the limit', async (limit) => {
	// Random latency makes later requests finish before earlier ones.
	standIn.setOptions({ latencyMs: [5, 40] });
	const result = await runOneStreamNode({ parameters: readByItem(limit), items: ITEMS, credentials: credentialsFor(standIn) });
	expect(result.status).toBe('success');
	const { rows, pairs } = expectedRows();
	expect(jsonOf(result.output)).toEqual(rows);
	expect(pairedIndexes(result.output)).toEqual(pairs);
	expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(ITEMS.length);
	const peak = standIn.maxConcurrentRequests(ADAPTER);
	expect(peak).toBeLessThanOrEqual(limit);
	// With a limit above 1, the calls did overlap (the option does something).
	if (limit > 1) expect(peak).toBeGreaterThan(1);
});

it('reads one at a time by default', async () => {
	standIn.setOptions({ latencyMs: [5, 20] });
	await runOneStreamNode({ parameters: readByItem(), items: ITEMS.slice(0, 6), credentials: credentialsFor(standIn) });
	expect(standIn.maxConcurrentRequests(ADAPTER)).toBe(1);
});

it('runs at most Parallel Calls jobs at once, and one at a time by default', async () => {
	const sequence = (concurrency?: number) => ({
		resource: 'dataManagement',
		operation: 'executeSequence',
		applicationName: applicationByName(),
		sequenceName: 'Load_Actuals',
		options: concurrency === undefined ? {} : { concurrency },
	});
	const items = [{}, {}, {}, {}, {}];
	const parallel = await runOneStreamNode({ parameters: sequence(2), items, credentials: credentialsFor(standIn) });
	expect(pairedIndexes(parallel.output)).toEqual([0, 1, 2, 3, 4]);
	expect(standIn.maxConcurrentRuns('Load_Actuals')).toBeLessThanOrEqual(2);
	expect(standIn.maxConcurrentRuns('Load_Actuals')).toBeGreaterThan(1);

	standIn.reset();
	await runOneStreamNode({ parameters: sequence(), items, credentials: credentialsFor(standIn) });
	expect(standIn.maxConcurrentRuns('Load_Actuals')).toBe(1);
	expect(standIn.countRequests({ endpoint: SEQUENCE })).toBe(5);
});

it('starts no further item after a failure when not continuing; the calls in flight end first', async () => {
	const result = await runOneStreamNode({
		parameters: {
			resource: 'dataManagement',
			operation: 'executeSequence',
			applicationName: applicationByName(),
			sequenceName: 'Failing_Import',
			options: { concurrency: 2 },
		},
		items: [{}, {}, {}, {}, {}],
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('error');
	expect(standIn.countRequests({ endpoint: SEQUENCE })).toBe(2);
	expect(standIn.runs.map((run) => run.outcome)).toEqual(['failed', 'failed']);
});

it('keeps every item, paired, when continuing after failures in parallel', async () => {
	const result = await runOneStreamNode({
		parameters: {
			resource: 'dataManagement',
			operation: 'executeSequence',
			applicationName: applicationByName(),
			sequenceName: '={{ $json.sequence }}',
			options: { concurrency: 3 },
		},
		items: [{ sequence: 'Failing_Import' }, { sequence: 'Load_Actuals' }, { sequence: 'Failing_Import' }, { sequence: 'Load_Actuals' }],
		credentials: credentialsFor(standIn),
		onError: 'continueRegularOutput',
	});
	expect(pairedIndexes(result.output)).toEqual([0, 1, 2, 3]);
	expect(result.output.map((item) => (item.json.success === true ? 'ok' : 'error'))).toEqual(['error', 'ok', 'error', 'ok']);
});

it.each([0, 33, 1.5])('refuses Parallel Calls %p before sending anything', async (concurrency) => {
	const result = await runOneStreamNode({ parameters: readByItem(concurrency), items: ITEMS.slice(0, 2), credentials: credentialsFor(standIn) });
	expect(nodeErrorMessage(result)).toContain('Parallel Calls');
	expect(standIn.requests).toHaveLength(0);
});
