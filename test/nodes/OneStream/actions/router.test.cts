/**
 * runBounded: the per-item scheduler behind Parallel Calls.
 */
import { type IDataObject } from 'n8n-workflow';

import { runBounded } from '../../../../nodes/OneStream/actions/router';
import { type StandIn } from '../../../standin/index.cjs';
import { factRows } from '../../../standin/data.cjs';
import { runOneStreamNode, type OnError } from '../../../support/harness.cjs';
import {
	applicationByName,
	credentialsFor,
	jsonOf,
	nodeErrorMessage,
	pairedIndexes,
	startTestStandIn,
	expectInputUntouched,
} from '../../../support/standIn.cjs';

interface Gate {
	promise: Promise<void>;
	open(): void;
	fail(error: Error): void;
}

function gate(): Gate {
	let open!: () => void;
	let fail!: (error: Error) => void;
	const promise = new Promise<void>((resolve, reject) => {
		open = resolve;
		fail = reject;
	});
	return { promise, open, fail };
}

/** Lets pending promise callbacks run. */
async function flush(): Promise<void> {
	for (let i = 0; i < 10; i++) await Promise.resolve();
}

it('runs every index once, never more than the limit at a time, starting in index order', async () => {
	const gates = Array.from({ length: 7 }, gate);
	const started: number[] = [];
	let running = 0;
	let peak = 0;
	const done = runBounded(7, 3, async (index) => {
		started.push(index);
		running++;
		peak = Math.max(peak, running);
		await gates[index].promise;
		running--;
	});
	await flush();
	expect(started).toEqual([0, 1, 2]);
	gates[1].open();
	await flush();
	expect(started).toEqual([0, 1, 2, 3]);
	for (const index of [0, 2, 3, 4, 5, 6]) {
		gates[index].open();
		await flush();
	}
	await done;
	expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
	expect(peak).toBe(3);
});

it('starts nothing new after a failure, lets running tasks finish, then throws the first failure', async () => {
	const gates = Array.from({ length: 6 }, gate);
	const started: number[] = [];
	const finished: number[] = [];
	const done = runBounded(6, 2, async (index) => {
		started.push(index);
		await gates[index].promise;
		finished.push(index);
	});
	const outcome = done.then(
		() => 'resolved',
		(error: Error) => error.message,
	);
	await flush();
	gates[0].fail(new Error('first'));
	await flush();
	expect(started).toEqual([0, 1]);
	let settled = false;
	void outcome.then(() => {
		settled = true;
	});
	await flush();
	// Task 1 is still running: the failure is not reported before it ends.
	expect(settled).toBe(false);
	gates[1].fail(new Error('second'));
	expect(await outcome).toBe('first');
	expect(started).toEqual([0, 1]);
	expect(finished).toEqual([]);
});

it('handles no items, a limit above the count, and a limit below 1', async () => {
	const calls: number[] = [];
	await runBounded(0, 4, async (index) => {
		calls.push(index);
	});
	expect(calls).toEqual([]);
	await runBounded(2, 10, async (index) => {
		calls.push(index);
	});
	expect(calls).toEqual([0, 1]);
	let running = 0;
	let peak = 0;
	await runBounded(3, 0, async () => {
		running++;
		peak = Math.max(peak, running);
		await flush();
		running--;
	});
	expect(peak).toBe(1);
});

/*

 * Parallel Calls: output keeps input order and pairing, and the stand-in never sees more overlapping
 * requests (reads) or jobs than the limit. The stand-in measures overlap; no clock is read here.
 */
describe('Parallel Calls', () => {
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
	const ITEMS: IDataObject[] = TIMES.flatMap((time) =>
		ENTITIES.map((entity) => ({ time, entity })),
	);

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
			factRows().filter(
				(row) => row.Scenario === 'Actual' && row.Time === item.time && row.Entity === item.entity,
			),
		);
		return {
			rows: perItem.flat() as IDataObject[],
			pairs: perItem.flatMap((rows, index) => rows.map(() => index)),
		};
	}

	it.each([1, 3, 8])(
		'reads with Parallel Calls %i: input order, pairing, never more requests at once than the limit',
		async (limit) => {
			// Random latency makes later requests finish before earlier ones.
			standIn.setOptions({ latencyMs: [5, 40] });
			const result = await runOneStreamNode({
				parameters: readByItem(limit),
				items: ITEMS,
				credentials: credentialsFor(standIn),
			});
			expect(result.status).toBe('success');
			const { rows, pairs } = expectedRows();
			expect(jsonOf(result.output)).toEqual(rows);
			expect(pairedIndexes(result.output)).toEqual(pairs);
			expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(ITEMS.length);
			const peak = standIn.maxConcurrentRequests(ADAPTER);
			expect(peak).toBeLessThanOrEqual(limit);
			// With a limit above 1, the calls did overlap (the option does something).
			if (limit > 1) expect(peak).toBeGreaterThan(1);
		},
	);

	it('reads one at a time by default', async () => {
		standIn.setOptions({ latencyMs: [5, 20] });
		await runOneStreamNode({
			parameters: readByItem(),
			items: ITEMS.slice(0, 6),
			credentials: credentialsFor(standIn),
		});
		expect(standIn.maxConcurrentRequests(ADAPTER)).toBe(1);
	});

	it('runs at most Parallel Calls jobs at once, and one at a time by default', async () => {
		const sequence = (concurrency?: number) => ({
			resource: 'dataManagement',
			operation: 'executeSequence',
			applicationName: applicationByName(),
			sequenceName: 'Load_Actuals',
			// Identical items, each meant to send its own job.
			options: {
				runIdenticalJobsOnce: false,
				...(concurrency === undefined ? {} : { concurrency }),
			},
		});
		const items = [{}, {}, {}, {}, {}];
		const parallel = await runOneStreamNode({
			parameters: sequence(2),
			items,
			credentials: credentialsFor(standIn),
		});
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
				options: { concurrency: 2, runIdenticalJobsOnce: false },
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
			items: [
				{ sequence: 'Failing_Import' },
				{ sequence: 'Load_Actuals' },
				{ sequence: 'Failing_Import' },
				{ sequence: 'Load_Actuals' },
			],
			credentials: credentialsFor(standIn),
			onError: 'continueRegularOutput',
		});
		expect(pairedIndexes(result.output)).toEqual([0, 1, 2, 3]);
		expect(result.output.map((item) => (item.json.success === true ? 'ok' : 'error'))).toEqual([
			'error',
			'ok',
			'error',
			'ok',
		]);
	});

	it.each([0, 33, 1.5])(
		'refuses Parallel Calls %p before sending anything',
		async (concurrency) => {
			const result = await runOneStreamNode({
				parameters: readByItem(concurrency),
				items: ITEMS.slice(0, 2),
				credentials: credentialsFor(standIn),
			});
			expect(nodeErrorMessage(result)).toContain('Parallel Calls');
			expect(standIn.requests).toHaveLength(0);
		},
	);
});

/*

 * Every operation leaves its input items as they were (n8n hands the node the previous node's own
 * objects, so a change would show in the previous node's stored output), and pairs every output
 * and error item with the item it came from.
 */
describe('input items stay unchanged, and every output and error item is paired', () => {
	let standIn: StandIn;

	beforeAll(async () => {
		standIn = await startTestStandIn();
	});

	afterAll(async () => {
		await standIn.close();
	});

	beforeEach(() => standIn.reset());

	const app = applicationByName();

	/** Item 0 is valid, item 1 names something that does not exist (so it fails at the server). */
	const operations: Array<{ name: string; parameters: IDataObject }> = [
		{
			name: 'executeSequence',
			parameters: {
				resource: 'dataManagement',
				operation: 'executeSequence',
				applicationName: app,
				sequenceName: '={{ $json.name }}',
			},
		},
		{
			name: 'executeStep',
			parameters: {
				resource: 'dataManagement',
				operation: 'executeStep',
				applicationName: app,
				dataManagementGroupName: 'Integration',
				stepName: '={{ $json.name }}',
			},
		},
		{
			name: 'businessRule execute',
			parameters: {
				resource: 'businessRule',
				operation: 'execute',
				applicationName: app,
				dataManagementGroupName: 'Integration',
				stepName: '={{ $json.name }}',
			},
		},
		{
			name: 'getDataSet',
			parameters: {
				resource: 'businessRule',
				operation: 'getDataSet',
				applicationName: app,
				ruleName: '={{ $json.name }}',
				dataSetName: 'Rates',
			},
		},
		{
			name: 'getDataAdapter',
			parameters: {
				resource: 'data',
				operation: 'getDataAdapter',
				applicationName: app,
				adapterName: '={{ $json.name }}',
			},
		},
		{
			name: 'getCubeView',
			parameters: {
				resource: 'data',
				operation: 'getCubeView',
				applicationName: app,
				cubeViewName: '={{ $json.name }}',
			},
		},
		{
			name: 'runSql',
			parameters: {
				resource: 'data',
				operation: 'runSql',
				applicationName: app,
				sqlQuery: "={{ 'SELECT Name FROM ' + $json.name + ' WHERE DimType = \\'Scenario\\'' }}",
			},
		},
		{
			name: 'runMethodCommand',
			parameters: {
				resource: 'data',
				operation: 'runMethodCommand',
				applicationName: app,
				methodType: '={{ $json.name }}',
				methodQuery: '{P}{Actual}{2026M1}',
			},
		},
	];

	const valid: Record<string, string> = {
		executeSequence: 'Load_Actuals',
		executeStep: 'Import_GL',
		'businessRule execute': 'Run_Export_Rule',
		getDataSet: 'FX_Rates',
		getDataAdapter: 'GL_Export',
		getCubeView: 'Income_Statement',
		runSql: 'Member',
		runMethodCommand: 'WorkflowStatus',
	};

	const modes: OnError[] = ['continueRegularOutput', 'continueErrorOutput'];

	describe.each(modes)('%s', (onError) => {
		it.each(operations)(
			'$name leaves its input alone and pairs every item',
			async ({ name, parameters }) => {
				const items: IDataObject[] = [
					{ name: valid[name], nested: { list: [1, { deep: 'x' }], text: 'keep' }, pairedHint: 0 },
					{ name: 'Does_Not_Exist', nested: { list: [], text: 'keep too' }, pairedHint: 1 },
				];
				const result = await runOneStreamNode({
					parameters,
					items,
					credentials: credentialsFor(standIn),
					onError,
				});
				expect(result.status).toBe('success');
				expectInputUntouched(result);
				const errors =
					onError === 'continueErrorOutput'
						? (result.errorOutput ?? [])
						: result.output.filter((item) => item.json.error !== undefined);
				const successes = result.output.filter((item) => item.json.error === undefined);
				expect(successes.length).toBeGreaterThan(0);
				expect(new Set(pairedIndexes(successes))).toEqual(new Set([0]));
				expect(pairedIndexes(errors)).toEqual([1]);
				// The outputs are new objects: changing one cannot reach the input.
				for (const item of successes) expect(item.json).not.toBe(result.inputItems[0].json);
			},
		);
	});
});
