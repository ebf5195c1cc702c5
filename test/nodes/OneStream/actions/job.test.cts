/**
 * Identical jobs in one run of the node (actions/job.ts): n8n runs a node once per input item, so
 * a job placed after a read would run once per row. An item shares the job of the item just before
 * it when that job is the same (same call, same body, same substitution variables): sending it
 * again could not change anything. Another job in between breaks the run: [A, B, A] sends three
 * jobs, since B may have changed what A does (a load between two consolidations). The option Run
 * Identical Jobs Once turns sharing off. Also with Parallel Calls, failures, Retry On Fail, and two
 * runs of the node in one execution.
 */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import type { StandIn } from '../../../standin/index.cjs';
import {
	CREDENTIAL_TYPE,
	EMIT_ITEMS_NODE_TYPE,
	ONESTREAM_NODE_TYPE,
	runOneStreamNode,
	runWorkflow,
	START_NODE_TYPE,
} from '../../../support/harness.cjs';
import { errorItemJson, trackUncaught } from '../../../support/checks.cjs';
import {
	credentialsFor,
	JOB_OPERATIONS,
	type JobOperation,
	pairedIndexes,
	perItemCounts,
	settleRuns,
	startFaultStandIn,
} from '../../../support/standIn.cjs';

const OPERATIONS = Object.keys(JOB_OPERATIONS) as JobOperation[];

let standIn: StandIn;
const uncaught = trackUncaught();

beforeAll(async () => {
	standIn = await startFaultStandIn();
});

afterAll(async () => {
	uncaught.stop();
	await standIn.close();
});

beforeEach(() => {
	standIn.reset();
});

afterEach(() => {
	uncaught.check();
});

/** Items whose `item` field becomes the job's pItem variable (JOB_OPERATIONS). */
function itemsOf(...tags: string[]): IDataObject[] {
	return tags.map((item) => ({ item }));
}

function counts(operation: JobOperation): Record<string, { requests: number; runs: number }> {
	return Object.fromEntries(perItemCounts(standIn, JOB_OPERATIONS[operation].endpoint));
}

describe.each(OPERATIONS)('%s', (operation) => {
	const parameters = (options: INodeParameters = {}) =>
		JOB_OPERATIONS[operation].parameters({ options });

	it('sends a job that several items ask for once, and gives every item its result, marked', async () => {
		const result = await runOneStreamNode({
			parameters: parameters(),
			items: itemsOf('a', 'a', 'a', 'a', 'a'),
			credentials: credentialsFor(standIn),
		});
		await settleRuns(standIn);
		expect(counts(operation)).toEqual({ a: { requests: 1, runs: 1 } });
		expect(pairedIndexes(result.output)).toEqual([0, 1, 2, 3, 4]);
		expect(result.output.every((item) => item.json.success === true)).toBe(true);
		expect(result.output.map((item) => item.json.sentByItem)).toEqual([undefined, 0, 0, 0, 0]);
		expect(result.output.map((item) => item.json.sharedJob)).toEqual([
			undefined,
			true,
			true,
			true,
			true,
		]);
	});

	it('sends one job per item with Run Identical Jobs Once off', async () => {
		const result = await runOneStreamNode({
			parameters: parameters({ runIdenticalJobsOnce: false }),
			items: itemsOf('a', 'a', 'a', 'a', 'a'),
			credentials: credentialsFor(standIn),
		});
		await settleRuns(standIn);
		expect(counts(operation)).toEqual({ a: { requests: 5, runs: 5 } });
		expect(result.output.some((item) => item.json.sharedJob !== undefined)).toBe(false);
	});

	it('runs one job per item of a loop over entities, sharing only a repeat that follows its twin', async () => {
		const result = await runOneStreamNode({
			parameters: parameters(),
			items: itemsOf('Houston', 'Dallas', 'Houston', 'Houston', 'Austin', 'Dallas'),
			credentials: credentialsFor(standIn),
		});
		await settleRuns(standIn);
		const twice = { requests: 2, runs: 2 };
		expect(counts(operation)).toEqual({
			Houston: twice,
			Dallas: twice,
			Austin: { requests: 1, runs: 1 },
		});
		expect(result.output.map((item) => item.json.sentByItem)).toEqual([
			undefined,
			undefined,
			undefined,
			2,
			undefined,
			undefined,
		]);
		expect(
			result.output.map((item) => (item.json.substitutionVariables as IDataObject).pItem),
		).toEqual(['Houston', 'Dallas', 'Houston', 'Houston', 'Austin', 'Dallas']);
	});

	it('sends [A, B, A] as three jobs, in item order: B ran after the first A', async () => {
		const result = await runOneStreamNode({
			parameters: parameters(),
			items: itemsOf('A', 'B', 'A'),
			credentials: credentialsFor(standIn),
		});
		await settleRuns(standIn);
		expect(counts(operation)).toEqual({
			A: { requests: 2, runs: 2 },
			B: { requests: 1, runs: 1 },
		});
		expect(result.output.every((item) => item.json.sharedJob === undefined)).toBe(true);
		expect(result.output.every((item) => item.json.success === true)).toBe(true);
	});
});

describe('identical jobs, with the rest of the node', () => {
	const sequence = (options: INodeParameters = {}) =>
		JOB_OPERATIONS.executeSequence.parameters({ options });

	it('follows the order of the items, not of their calls, with Parallel Calls', async () => {
		const result = await runOneStreamNode({
			parameters: sequence({ concurrency: 3 }),
			items: itemsOf('a', 'a', 'b', 'a', 'b', 'b', 'a'),
			credentials: credentialsFor(standIn),
		});
		await settleRuns(standIn);
		expect(counts('executeSequence')).toEqual({
			a: { requests: 3, runs: 3 },
			b: { requests: 2, runs: 2 },
		});
		expect(pairedIndexes(result.output)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(result.output.map((item) => item.json.sentByItem)).toEqual([
			undefined,
			0,
			undefined,
			undefined,
			undefined,
			4,
			undefined,
		]);
	});

	it('sends [A, B, A] as three jobs with Parallel Calls too, whichever call ends first', async () => {
		// B is slow: with three calls at once, the second A would see the first A finish before B.
		standIn.setSequenceDuration('Nightly_Consolidation', 300);
		const result = await runOneStreamNode({
			parameters: { ...sequence({ concurrency: 3 }), sequenceName: '={{ $json.sequence }}' },
			items: ['Load_Actuals', 'Nightly_Consolidation', 'Load_Actuals'].map((name) => ({
				sequence: name,
				item: 'a',
			})),
			credentials: credentialsFor(standIn),
		});
		standIn.setSequenceDuration('Nightly_Consolidation', 0);
		await settleRuns(standIn);
		expect(result.status).toBe('success');
		expect(standIn.runs.map((run) => run.name).sort()).toEqual([
			'Load_Actuals',
			'Load_Actuals',
			'Nightly_Consolidation',
		]);
		expect(result.output.every((item) => item.json.sharedJob === undefined)).toBe(true);
	});

	it('passes over an item that asked for no job (refused before sending) when sharing', async () => {
		const result = await runOneStreamNode({
			parameters: { ...sequence(), sequenceName: '={{ $json.sequence }}' },
			items: [
				{ sequence: 'Load_Actuals', item: 'a' },
				{ sequence: '', item: 'a' },
				{ sequence: 'Load_Actuals', item: 'a' },
			],
			credentials: credentialsFor(standIn),
			onError: 'continueRegularOutput',
		});
		await settleRuns(standIn);
		expect(counts('executeSequence')).toEqual({ a: { requests: 1, runs: 1 } });
		expect(result.output.map((item) => item.json.sentByItem)).toEqual([undefined, undefined, 0]);
		expect(String(result.output[1].json.error)).toBe('Sequence is empty');
	});

	it('gives every item the shared job’s error, saying that it was sent once', async () => {
		standIn.addFault({
			endpoint: 'DataManagement/ExecuteSequence',
			afterWork: true,
			fault: { kind: 'reset' },
		});
		const result = await runOneStreamNode({
			parameters: sequence(),
			items: itemsOf('a', 'a', 'a'),
			credentials: credentialsFor(standIn),
			onError: 'continueRegularOutput',
		});
		await settleRuns(standIn);
		expect(counts('executeSequence')).toEqual({ a: { requests: 1, runs: 1 } });
		expect(pairedIndexes(result.output)).toEqual([0, 1, 2]);
		const errors = result.output.map(errorItemJson);
		for (const error of errors) expect(String(error.error)).toMatch(/outcome is unknown/i);
		expect(String(errors[0].description)).not.toMatch(/same job/);
		for (const error of errors.slice(1))
			expect(String(error.description)).toMatch(
				/Input item 0 asked for the same job, so it was sent once/,
			);
	});

	it.each([
		{
			when: 'it may have run (a reset after the work): never again',
			rule: { afterWork: true, fault: { kind: 'reset' } },
			status: 'error',
			requests: 1,
		},
		{
			when: 'it did not start (a 429 once): once more, for all items',
			rule: { times: 1, fault: { kind: 'status', status: 429 } },
			status: 'success',
			requests: 2,
		},
	] as const)('Retry On Fail and a shared job: when $when', async (testCase) => {
		standIn.addFault({ endpoint: 'DataManagement/ExecuteSequence', ...testCase.rule });
		const result = await runOneStreamNode({
			parameters: sequence(),
			items: itemsOf('a', 'a', 'a'),
			credentials: credentialsFor(standIn),
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 1,
		});
		await settleRuns(standIn);
		expect(result.status).toBe(testCase.status);
		expect(counts('executeSequence')).toEqual({ a: { requests: testCase.requests, runs: 1 } });
		if (testCase.status === 'success')
			expect(result.output.map((item) => item.json.sharedJob)).toEqual([undefined, true, true]);
	});

	it('under Retry On Fail, an item still shares a job that an earlier try sent just before it', async () => {
		// Load_Actuals runs for the first item; Nightly_Consolidation is refused once (429), which
		// stops the node in the first try. The retry recalls the first item's job: the second item
		// shares it, and nothing of Load_Actuals is sent again.
		standIn.addFault({
			endpoint: 'DataManagement/ExecuteSequence',
			name: 'Nightly_Consolidation',
			times: 1,
			fault: { kind: 'status', status: 429 },
		});
		const result = await runOneStreamNode({
			parameters: { ...sequence(), sequenceName: '={{ $json.sequence }}' },
			items: ['Load_Actuals', 'Load_Actuals', 'Nightly_Consolidation'].map((sequence) => ({
				sequence,
				item: 'a',
			})),
			credentials: credentialsFor(standIn),
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 1,
		});
		await settleRuns(standIn);
		expect(result.status).toBe('success');
		const sent = (name: string) =>
			standIn.requests.filter(
				(request) => (request.body as { SequenceName?: string }).SequenceName === name,
			).length;
		expect([sent('Load_Actuals'), sent('Nightly_Consolidation')]).toEqual([1, 2]);
		expect(standIn.runs.map((run) => run.name).sort()).toEqual([
			'Load_Actuals',
			'Nightly_Consolidation',
		]);
		expect(result.output.map((item) => item.json.sentByItem)).toEqual([undefined, 0, undefined]);
	});

	it('under Retry On Fail, a job asked for again after another job is sent in the retry', async () => {
		// [Load_Actuals, Nightly_Consolidation, Load_Actuals], the consolidation refused once: the
		// retry recalls the first load, sends the consolidation, then the second load (after it).
		standIn.addFault({
			endpoint: 'DataManagement/ExecuteSequence',
			name: 'Nightly_Consolidation',
			times: 1,
			fault: { kind: 'status', status: 429 },
		});
		const result = await runOneStreamNode({
			parameters: { ...sequence(), sequenceName: '={{ $json.sequence }}' },
			items: ['Load_Actuals', 'Nightly_Consolidation', 'Load_Actuals'].map((sequence) => ({
				sequence,
				item: 'a',
			})),
			credentials: credentialsFor(standIn),
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 1,
		});
		await settleRuns(standIn);
		expect(result.status).toBe('success');
		expect(standIn.runs.map((run) => run.name)).toEqual([
			'Load_Actuals',
			'Nightly_Consolidation',
			'Load_Actuals',
		]);
		expect(result.output.every((item) => item.json.sharedJob === undefined)).toBe(true);
	});

	it('shares within one run of the node only: a second run (a loop) sends the job again', async () => {
		// Two parents feed the node's one input: n8n runs it twice in one execution.
		const itemsNode = (name: string, x: number): INode => ({
			id: name,
			name,
			type: EMIT_ITEMS_NODE_TYPE,
			typeVersion: 1,
			position: [x, 0],
			parameters: { items: JSON.stringify(itemsOf('a', 'a').map((json) => ({ json }))) },
		});
		const result = await runWorkflow(
			{
				nodes: [
					{
						id: 'start',
						name: 'Start',
						type: START_NODE_TYPE,
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					itemsNode('First batch', 200),
					itemsNode('Second batch', 400),
					{
						id: 'onestream',
						name: 'OneStream',
						type: ONESTREAM_NODE_TYPE,
						typeVersion: 1,
						position: [600, 0],
						parameters: sequence(),
						credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'OneStream account' } },
					},
				],
				connections: {
					Start: { main: [[{ node: 'First batch', type: 'main', index: 0 }]] },
					'First batch': {
						main: [
							[
								{ node: 'OneStream', type: 'main', index: 0 },
								{ node: 'Second batch', type: 'main', index: 0 },
							],
						],
					},
					'Second batch': { main: [[{ node: 'OneStream', type: 'main', index: 0 }]] },
				},
				settings: { executionOrder: 'v1' },
			},
			{ credentials: { [CREDENTIAL_TYPE]: credentialsFor(standIn) } },
		);
		await settleRuns(standIn);
		expect(result.status).toBe('success');
		expect(result.nodes.OneStream.runs).toHaveLength(2);
		expect(counts('executeSequence')).toEqual({ a: { requests: 2, runs: 2 } });
	});
});
