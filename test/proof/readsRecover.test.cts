/**
 * Reads recover at volume: hundreds of Data Provider reads under 20% injected transient faults
 * return every row exactly, and retries honour Retry-After (RECOVER_READS sets the count).
 */
import { type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { type Fault, type RecordedRequest, type StandIn } from '../standin/index.cjs';
import { factRows } from '../standin/data.cjs';
import { RETRY_CAPS } from '../../nodes/OneStream/transport/retry';
import { runOneStreamNode } from '../support/harness.cjs';
import { trackUncaught } from '../support/checks.cjs';
import {
	applicationByName,
	canaryCredentials,
	requestsTo,
	startFaultStandIn,
} from '../support/standIn.cjs';
import { sizeFromEnv } from '../support/random.cjs';

const ADAPTER_ENDPOINT = 'DataProvider/GetAdoDataSetForAdapter';
const READS = sizeFromEnv('RECOVER_READS', 500);

const SCENARIOS = ['Actual', 'Budget'];
const TIMES = ['2026M1', '2026M2', '2026M3', '2026M4', '2026M5', '2026M6'];
const ENTITIES = ['Acme Group', 'Acme US', 'Acme UK', 'Acme DE', 'Acme Österreich'];

interface ReadKey extends IDataObject {
	item: string;
	scenario: string;
	time: string;
	entity: string;
}

function readKeys(count: number): ReadKey[] {
	return Array.from({ length: count }, (_, index) => ({
		item: `i${index}`,
		scenario: SCENARIOS[index % SCENARIOS.length],
		time: TIMES[Math.floor(index / SCENARIOS.length) % TIMES.length],
		entity: ENTITIES[Math.floor(index / (SCENARIOS.length * TIMES.length)) % ENTITIES.length],
	}));
}

function expectedRows(key: ReadKey): IDataObject[] {
	return factRows()
		.filter(
			(row) => row.Scenario === key.scenario && row.Time === key.time && row.Entity === key.entity,
		)
		.map((row) => ({ ...row }));
}

/** GL_Export filtered per item through expressions: every item asks for a different slice. */
function adapterParameters(options: IDataObject): IDataObject {
	return {
		resource: 'data',
		operation: 'getDataAdapter',
		applicationName: applicationByName(),
		adapterName: 'GL_Export',
		substitutionVariables: {
			variable: [
				{ name: 'pScenario', value: '={{ $json.scenario }}' },
				{ name: 'pTime', value: '={{ $json.time }}' },
				{ name: 'pEntity', value: '={{ $json.entity }}' },
				// Ignored by the adapter; makes every item's request body unique.
				{ name: 'pItem', value: '={{ $json.item }}' },
			],
		},
		options,
	};
}

/** Output rows grouped by the input item they are paired with. */
function rowsByItem(output: INodeExecutionData[], itemCount: number): IDataObject[][] {
	const grouped: IDataObject[][] = Array.from({ length: itemCount }, () => []);
	for (const item of output) {
		const paired = item.pairedItem as { item: number };
		grouped[paired.item].push(item.json);
	}
	return grouped;
}

/** For each request that a rule answered, the gap until the same body was sent again (the retry). */
function retryGaps(requests: RecordedRequest[], ruleId: string): number[] {
	const gaps: number[] = [];
	requests.forEach((request, index) => {
		if (!request.faultIds.includes(ruleId)) return;
		const retry = requests.slice(index + 1).find((later) => later.bodyText === request.bodyText);
		if (retry) gaps.push(retry.receivedAt - request.receivedAt);
	});
	return gaps;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

let standIn: StandIn;
const uncaught = trackUncaught();
const savedPolicy = { ...RETRY_CAPS };

beforeAll(async () => {
	standIn = await startFaultStandIn();
});

afterAll(async () => {
	uncaught.stop();
	await standIn.close();
});

beforeEach(() => {
	standIn.reset();
	standIn.setOptions({ latencyMs: undefined });
});

afterEach(() => {
	Object.assign(RETRY_CAPS, savedPolicy);
	uncaught.check();
});

describe(`${READS} reads with 20% injected transient faults`, () => {
	const TRANSIENT: Array<{ label: string; fault: Fault; afterWork?: boolean }> = [
		{ label: '429 Retry-After: 1', fault: { kind: 'status', status: 429, retryAfter: '1' } },
		{ label: '429 without Retry-After', fault: { kind: 'status', status: 429 } },
		{ label: '502 HTML', fault: { kind: 'status', status: 502, html: true } },
		{ label: '503 JSON', fault: { kind: 'status', status: 503 } },
		{ label: '504 HTML', fault: { kind: 'status', status: 504, html: true } },
		{ label: 'reset before the answer', fault: { kind: 'reset' } },
	];

	it('returns every row of every read exactly, honouring Retry-After', async () => {
		// The stand-in takes the first rule whose draw succeeds: conditional shares give 20% in total.
		const share = 0.2 / TRANSIENT.length;
		const ruleIds = TRANSIENT.map(({ fault, afterWork }, index) =>
			standIn.addFault({
				endpoint: ADAPTER_ENDPOINT,
				fault,
				afterWork,
				probability: share / (1 - share * index),
			}),
		);
		standIn.setOptions({ latencyMs: [0, 3] });
		const keys = readKeys(READS);
		const startedAt = Date.now();
		const result = await runOneStreamNode({
			parameters: adapterParameters({ concurrency: 8, maxRetries: 10, retryDelay: 10 }),
			credentials: canaryCredentials(standIn),
			items: keys,
		});
		const elapsed = Date.now() - startedAt;

		expect(result.nodeError).toBeUndefined();
		expect(result.status).toBe('success');
		const actual = rowsByItem(result.output, keys.length);
		let rows = 0;
		keys.forEach((key, index) => {
			const expected = expectedRows(key);
			expect(expected.length).toBeGreaterThan(0);
			expect({ index, rows: actual[index] }).toEqual({ index, rows: expected });
			rows += expected.length;
		});
		expect(result.output).toHaveLength(rows);

		const requests = requestsTo(standIn, ADAPTER_ENDPOINT);
		const faulted = requests.filter((request) => request.faultIds.length > 0);
		const perKind = Object.fromEntries(
			TRANSIENT.map(({ label }, index) => [
				label,
				requests.filter((r) => r.faultIds.includes(ruleIds[index])).length,
			]),
		);
		const faultShare = faulted.length / requests.length;
		const withRetryAfter = retryGaps(requests, ruleIds[0]);
		const withoutRetryAfter = ruleIds.slice(1).flatMap((id) => retryGaps(requests, id));
		console.log(
			`reads recover: ${READS} reads, ${rows} rows exact; ${requests.length} requests, ${faulted.length} faulted ` +
				`(${(faultShare * 100).toFixed(1)}%): ${JSON.stringify(perKind)}; Retry-After gaps min ${Math.min(...withRetryAfter)} ms, ` +
				`other retry gaps median ${median(withoutRetryAfter)} ms; ${elapsed} ms in all`,
		);
		expect(requests.length - faulted.length).toBe(READS);
		expect(faultShare).toBeGreaterThan(0.12);
		expect(faultShare).toBeLessThan(0.28);
		for (const count of Object.values(perKind)) expect(count).toBeGreaterThan(0);
		// Retry-After: 1 means at least a second before the same read is sent again.
		expect(withRetryAfter.length).toBe(perKind[TRANSIENT[0].label]);
		for (const gap of withRetryAfter) expect(gap).toBeGreaterThanOrEqual(950);
		// Without it the node's own backoff (10 ms base) is used: far shorter.
		expect(median(withoutRetryAfter)).toBeLessThan(500);
	}, 120_000);
});
