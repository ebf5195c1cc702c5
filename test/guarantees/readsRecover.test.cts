/**
 * Reads recover: Data Provider reads retry transient faults (429 with and without Retry-After,
 * 502/503/504, a reset before the answer) within the retry budget and return exact data; retries
 * honour Retry-After and stop at a bounded total.
 */
import { gzipSync } from 'node:zlib';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Fault, RecordedRequest, StandIn } from '../standin/index.cjs';
import { factRows } from '../standin/data.cjs';
import { RETRY_CAPS } from '../../nodes/OneStream/transport/retry';
import { runOneStreamNode } from '../support/harness.cjs';
import { expectNodeApiError, trackUncaught } from '../support/checks.cjs';
import { applicationByName, credentialsFor, READ_OPERATIONS, requestsTo, startFaultStandIn } from '../support/faultEnv.cjs';
import { startRawServer, type RawServer } from '../support/rawServer.cjs';
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
		.filter((row) => row.Scenario === key.scenario && row.Time === key.time && row.Entity === key.entity)
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
			standIn.addFault({ endpoint: ADAPTER_ENDPOINT, fault, afterWork, probability: share / (1 - share * index) }),
		);
		standIn.setOptions({ latencyMs: [0, 3] });
		const keys = readKeys(READS);
		const startedAt = Date.now();
		const result = await runOneStreamNode({
			parameters: adapterParameters({ concurrency: 8, maxRetries: 10, retryDelay: 10 }),
			credentials: credentialsFor(standIn),
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
		const perKind = Object.fromEntries(TRANSIENT.map(({ label }, index) => [label, requests.filter((r) => r.faultIds.includes(ruleIds[index])).length]));
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

describe('retry limits', () => {
	const spec = READ_OPERATIONS.getDataAdapter;

	it('stops retrying when the next wait would pass the retry budget', async () => {
		RETRY_CAPS.budgetMs = 2500;
		standIn.addFault({ endpoint: ADAPTER_ENDPOINT, fault: { kind: 'status', status: 429, retryAfter: '1' } });
		const startedAt = Date.now();
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options: { maxRetries: 10, retryDelay: 10 } }),
			credentials: credentialsFor(standIn),
		});
		const elapsed = Date.now() - startedAt;
		const error = expectNodeApiError(result);
		// Attempts at about 0 s, 1 s and 2 s; a third retry would end past 2.5 s. (On a slow machine
		// the second wait may already cross the budget: then there are two attempts.)
		const sent = requestsTo(standIn, ADAPTER_ENDPOINT);
		expect(sent.length).toBeGreaterThanOrEqual(2);
		expect(sent.length).toBeLessThanOrEqual(3);
		const retries = sent.length - 1;
		expect(error.message).toMatch(new RegExp(`too many requests \\(429\\).*\\(after ${retries} ${retries === 1 ? 'retry' : 'retries'}\\)$`));
		// Each wait honoured Retry-After, and the retries stopped within the budget.
		for (let i = 1; i < sent.length; i++) expect(sent[i].receivedAt - sent[i - 1].receivedAt).toBeGreaterThanOrEqual(950);
		expect(elapsed).toBeLessThan(2500 + 5000);
	});

	it('caps a long Retry-After at the longest single wait', async () => {
		RETRY_CAPS.maxDelayMs = 300;
		standIn.addFault({ endpoint: ADAPTER_ENDPOINT, times: 2, fault: { kind: 'status', status: 429, retryAfter: '3600' } });
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options: { maxRetries: 4, retryDelay: 10 } }),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		const requests = requestsTo(standIn, ADAPTER_ENDPOINT);
		expect(requests).toHaveLength(3);
		for (let i = 1; i < requests.length; i++) {
			const gap = requests[i].receivedAt - requests[i - 1].receivedAt;
			expect(gap).toBeGreaterThanOrEqual(250);
			expect(gap).toBeLessThan(5000);
		}
	});

	it('honours Retry-After given as an HTTP date', async () => {
		const date = new Date(Date.now() + 2000).toUTCString();
		standIn.addFault({ endpoint: ADAPTER_ENDPOINT, times: 1, fault: { kind: 'status', status: 503, retryAfter: date } });
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options: { retryDelay: 10 } }),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		const requests = requestsTo(standIn, ADAPTER_ENDPOINT);
		expect(requests).toHaveLength(2);
		expect(requests[1].receivedAt - requests[0].receivedAt).toBeGreaterThanOrEqual(900);
	});

	it('sends a read once when Read Retries is 0, and says what failed', async () => {
		standIn.addFault({ endpoint: ADAPTER_ENDPOINT, fault: { kind: 'status', status: 503 } });
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options: { maxRetries: 0 } }),
			credentials: credentialsFor(standIn),
		});
		const error = expectNodeApiError(result);
		expect(error.message).toMatch(/Service Unavailable/);
		expect((error as { httpCode?: unknown }).httpCode).toBe('503');
		expect(error.message).not.toMatch(/after \d+ retr/);
		expect(requestsTo(standIn, ADAPTER_ENDPOINT)).toHaveLength(1);
	});

	it.each([
		['500 with Message and Detail', { kind: 'status', status: 500, message: 'Adapter failed.', detail: 'Division by zero.' }],
		['400', { kind: 'status', status: 400, message: 'Invalid parameter.' }],
		['200 HTML page', { kind: 'html200' }],
		['200 truncated JSON', { kind: 'truncatedJson200' }],
	] as Array<[string, Fault]>)('does not retry a non-transient fault: %s', async (_label, fault) => {
		standIn.addFault({ endpoint: ADAPTER_ENDPOINT, fault });
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options: { maxRetries: 10, retryDelay: 10 } }),
			credentials: credentialsFor(standIn),
		});
		expectNodeApiError(result);
		expect(requestsTo(standIn, ADAPTER_ENDPOINT)).toHaveLength(1);
	});
});

describe('answers the stand-in cannot give', () => {
	let raw: RawServer | undefined;

	afterEach(async () => {
		await raw?.close();
		raw = undefined;
	});

	const results = [
		{ Entity: 'Acme US', Amount: 1.5, Memo: 'first' },
		{ Entity: 'Acme UK', Amount: -2, Memo: 'second, with "quotes"' },
	];
	const extra = Array.from({ length: 200 }, (_, i) => ({ Id: i, Text: `extra row ${i} ${'x'.repeat(40)}` }));
	const fullBody = JSON.stringify({ Results: results, Extra: extra });

	it('retries a body cut by a reset after the first table arrived, without duplicating rows', async () => {
		raw = await startRawServer((_request, res, index) => {
			if (index === 0) {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				// The Results table is complete (and handed to the collector); the cut falls inside Extra.
				res.write(fullBody.slice(0, Math.floor(fullBody.length * 0.7)));
				setTimeout(() => res.socket?.resetAndDestroy(), 20);
				return;
			}
			res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(fullBody) });
			res.end(fullBody);
		});
		const result = await runOneStreamNode({
			parameters: spec().parameters({ options: { tables: 'all', retryDelay: 10 } }),
			credentials: credentialsFor(raw),
		});
		expect(result.nodeError).toBeUndefined();
		expect(raw.requests).toHaveLength(2);
		expect(result.output.map((item) => item.json)).toEqual([
			...results.map((row) => ({ _table: 'Results', ...row })),
			...extra.map((row) => ({ _table: 'Extra', ...row })),
		]);
	});

	it('reads a gzip-encoded DataSet exactly', async () => {
		raw = await startRawServer((_request, res) => {
			const body = gzipSync(Buffer.from(fullBody));
			res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
			res.end(body);
		});
		const result = await runOneStreamNode({
			parameters: spec().parameters({ options: { tables: 'all' } }),
			credentials: credentialsFor(raw),
		});
		expect(result.nodeError).toBeUndefined();
		expect(result.output).toHaveLength(results.length + extra.length);
		expect(result.output[1].json).toEqual({ _table: 'Results', ...results[1] });
	});

	function spec() {
		return READ_OPERATIONS.getDataAdapter;
	}
});
