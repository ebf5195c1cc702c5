/**
 * Soak: 2,000 data calls through the workflow-level harness (n8n's engine, the real node, real
 * HTTP) at Parallel Calls 8, against the stand-in with 10% transient faults and random latency.
 * Every row of every call is checked; the heap, measured after a full GC between rounds, must not
 * grow from round to round. The numbers are printed. Generous bounds, no timing assertions.
 *
 * SOAK_CALLS (default 2000) and SOAK_ROUND (calls per workflow run, default 200) make it larger.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Fault, StandIn } from '../standin/index.cjs';
import { factRows } from '../standin/data.cjs';
import { runOneStreamNode } from '../support/harness.cjs';
import { trackUncaught } from '../support/checks.cjs';
import {
	applicationByName,
	canaryCredentials,
	requestsTo,
	startFaultStandIn,
} from '../support/standIn.cjs';
import { sizeFromEnv } from '../support/random.cjs';

const CALLS = sizeFromEnv('SOAK_CALLS', 2000);
const ROUND = Math.min(CALLS, sizeFromEnv('SOAK_ROUND', 200));
const ROUNDS = Math.ceil(CALLS / ROUND);

const SCENARIOS = ['Actual', 'Budget'];
const TIMES = ['2026M1', '2026M2', '2026M3', '2026M4', '2026M5', '2026M6'];

/** A full garbage collection, without needing node's --expose-gc on the jest command line. */
function collectGarbage(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

interface Call extends IDataObject {
	item: string;
	scenario: string;
	time: string;
}

function calls(round: number, count: number): Call[] {
	return Array.from({ length: count }, (_, i) => {
		const index = round * ROUND + i;
		return {
			item: `r${round}i${i}`,
			scenario: SCENARIOS[index % 2],
			time: TIMES[Math.floor(index / 2) % 6],
		};
	});
}

const VARIABLES = {
	variable: [
		{ name: 'pScenario', value: '={{ $json.scenario }}' },
		{ name: 'pTime', value: '={{ $json.time }}' },
		{ name: 'pItem', value: '={{ $json.item }}' },
	],
};
const OPTIONS = { concurrency: 8, maxRetries: 10, retryDelay: 10 };

/** Rounds alternate between a data adapter and a SQL query over the same facts. */
const OPERATIONS: Array<{
	label: string;
	endpoint: string;
	parameters: INodeParameters;
	expected: (call: Call) => IDataObject[];
}> = [
	{
		label: 'Get Data Adapter',
		endpoint: 'DataProvider/GetAdoDataSetForAdapter',
		parameters: {
			resource: 'data',
			operation: 'getDataAdapter',
			applicationName: applicationByName(),
			adapterName: 'GL_Export',
			substitutionVariables: VARIABLES,
			options: OPTIONS,
		},
		expected: (call) =>
			factRows()
				.filter((row) => row.Scenario === call.scenario && row.Time === call.time)
				.map((row) => ({ ...row })),
	},
	{
		label: 'Run SQL Query',
		endpoint: 'DataProvider/GetAdoDataSetForSqlCommand',
		parameters: {
			resource: 'data',
			operation: 'runSql',
			applicationName: applicationByName(),
			sqlQuery:
				"SELECT Entity, Account, Amount, Comment FROM FactData WHERE Scenario = '|!pScenario!|' AND Time = '|!pTime!|'",
			substitutionVariables: VARIABLES,
			options: OPTIONS,
		},
		expected: (call) =>
			factRows()
				.filter((row) => row.Scenario === call.scenario && row.Time === call.time)
				.map((row) => ({
					Entity: row.Entity,
					Account: row.Account,
					Amount: row.Amount,
					Comment: row.Comment,
				})),
	},
];

const TRANSIENT: Fault[] = [
	{ kind: 'status', status: 429 },
	{ kind: 'status', status: 502, html: true },
	{ kind: 'status', status: 503 },
	{ kind: 'status', status: 504, html: true },
	{ kind: 'reset' },
];

function megabytes(bytes: number): string {
	return (bytes / 1024 / 1024).toFixed(1);
}

let standIn: StandIn;
const uncaught = trackUncaught();

beforeAll(async () => {
	standIn = await startFaultStandIn({ latencyMs: [0, 8], seed: 7 });
});

afterAll(async () => {
	uncaught.stop();
	await standIn.close();
});

describe(`soak: ${CALLS} data calls, ${ROUNDS} rounds of ${ROUND} at Parallel Calls 8, 10% transient faults`, () => {
	it('every row of every call arrives exactly, and the heap stays flat', async () => {
		const gc = collectGarbage();
		const heap: number[] = [];
		const perRound: string[] = [];
		let rows = 0;
		let faulted = 0;
		let requests = 0;
		let runDataBytes = 0;
		const startedAt = Date.now();

		for (let round = 0; round < ROUNDS; round++) {
			const operation = OPERATIONS[round % OPERATIONS.length];
			standIn.reset();
			const share = 0.1 / TRANSIENT.length;
			TRANSIENT.forEach((fault, index) =>
				standIn.addFault({
					endpoint: operation.endpoint,
					fault,
					probability: share / (1 - share * index),
				}),
			);
			const items = calls(round, Math.min(ROUND, CALLS - round * ROUND));
			const roundStart = Date.now();
			const result = await runOneStreamNode({
				parameters: operation.parameters,
				credentials: canaryCredentials(standIn),
				items,
			});

			expect(result.nodeError).toBeUndefined();
			const byItem: IDataObject[][] = items.map(() => []);
			result.output.forEach((item: INodeExecutionData) =>
				byItem[(item.pairedItem as { item: number }).item].push(item.json),
			);
			items.forEach((call, index) => {
				const expected = operation.expected(call);
				if (!(expected.length > 0 && JSON.stringify(byItem[index]) === JSON.stringify(expected))) {
					expect({ call, rows: byItem[index] }).toEqual({ call, rows: expected });
				}
				rows += expected.length;
			});
			const sent = requestsTo(standIn, operation.endpoint);
			requests += sent.length;
			faulted += sent.filter((request) => request.faultIds.length > 0).length;
			// Every call reached the server once without a fault.
			expect(sent.length - sent.filter((request) => request.faultIds.length > 0).length).toBe(
				items.length,
			);

			runDataBytes = Math.max(runDataBytes, result.serialized.length);
			gc();
			gc();
			heap.push(process.memoryUsage().heapUsed);
			perRound.push(
				`${round + 1}:${operation.label === 'Run SQL Query' ? 'sql' : 'adapter'} ${Date.now() - roundStart}ms ${megabytes(heap[heap.length - 1])}MB`,
			);
		}

		const baseline = Math.min(...heap.slice(1, 4));
		const last = heap.slice(-3);
		const growth = Math.max(...last) - baseline;
		console.log(
			`soak: ${CALLS} calls, ${rows} rows exact, ${requests} requests (${faulted} faulted, ${((faulted / requests) * 100).toFixed(1)}%), ` +
				`${Date.now() - startedAt} ms; heap after GC per round (MB): ${heap.map(megabytes).join(' ')}; ` +
				`growth after warm-up ${megabytes(growth)} MB; one round's run data ${megabytes(runDataBytes)} MB as JSON\n  ${perRound.join(' | ')}`,
		);
		expect(faulted / requests).toBeGreaterThan(0.05);
		expect(faulted / requests).toBeLessThan(0.15);
		// Flat: after warm-up, the heap grows by less than two rounds' run data. Were each round's
		// results (or their requests, sockets, buffers) kept, seven rounds would add at least seven.
		if (ROUNDS >= 6) expect(growth).toBeLessThan(Math.max(4 * 1024 * 1024, 2 * runDataBytes));
		else console.log('soak: fewer than 6 rounds, the heap is printed but not judged');
	}, 600_000);
});
