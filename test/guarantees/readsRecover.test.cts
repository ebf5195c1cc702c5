/**
 * Reads recover: Data Provider reads retry transient faults (429 with and without Retry-After,
 * 502/503/504, a reset before the answer) within the retry budget and return exact data; retries
 * honour Retry-After and stop at a bounded total. (Hundreds of reads under random faults are in
 * test/proof/readsRecover.test.cts.)
 */
import { gzipSync } from 'node:zlib';

import { type IDataObject } from 'n8n-workflow';

import { type Fault, type StandIn, type FaultRule } from '../standin/index.cjs';
import { factRows } from '../standin/data.cjs';
import { RETRY_CAPS } from '../../nodes/OneStream/transport/retry';
import { runOneStreamNode } from '../support/harness.cjs';
import { expectNodeApiError, trackUncaught } from '../support/checks.cjs';
import {
	applicationByName,
	canaryCredentials,
	READ_OPERATIONS,
	requestsTo,
	startFaultStandIn,
	credentialsFor,
	jsonOf,
	nodeErrorMessage,
	pairedIndexes,
	startTestStandIn,
} from '../support/standIn.cjs';
import { startRawServer, type RawServer } from '../support/rawServer.cjs';

const ADAPTER_ENDPOINT = 'DataProvider/GetAdoDataSetForAdapter';

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

describe('retry limits', () => {
	const spec = READ_OPERATIONS.getDataAdapter;

	it('stops retrying when the next wait would pass the retry budget', async () => {
		RETRY_CAPS.budgetMs = 2500;
		standIn.addFault({
			endpoint: ADAPTER_ENDPOINT,
			fault: { kind: 'status', status: 429, retryAfter: '1' },
		});
		const startedAt = Date.now();
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options: { maxRetries: 10, retryDelay: 10 } }),
			credentials: canaryCredentials(standIn),
		});
		const elapsed = Date.now() - startedAt;
		const error = expectNodeApiError(result);
		// Attempts at about 0 s, 1 s and 2 s; a third retry would end past 2.5 s. (On a slow machine
		// the second wait may already cross the budget: then there are two attempts.)
		const sent = requestsTo(standIn, ADAPTER_ENDPOINT);
		expect(sent.length).toBeGreaterThanOrEqual(2);
		expect(sent.length).toBeLessThanOrEqual(3);
		const retries = sent.length - 1;
		expect(error.message).toMatch(
			new RegExp(
				`too many requests \\(429\\).*\\(after ${retries} ${retries === 1 ? 'retry' : 'retries'}\\)$`,
			),
		);
		// Each wait honoured Retry-After, and the retries stopped within the budget.
		for (let i = 1; i < sent.length; i++)
			expect(sent[i].receivedAt - sent[i - 1].receivedAt).toBeGreaterThanOrEqual(950);
		expect(elapsed).toBeLessThan(2500 + 5000);
	});

	it('keeps its retries within the one Timeout: a retry that could not start before it is not made', async () => {
		standIn.addFault({
			endpoint: ADAPTER_ENDPOINT,
			times: 1,
			fault: { kind: 'status', status: 429, retryAfter: '2' },
		});
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options: { timeout: 1000, maxRetries: 4, retryDelay: 10 } }),
			credentials: canaryCredentials(standIn),
		});
		const error = expectNodeApiError(result);
		expect(error.message).toMatch(/too many requests \(429\)/);
		expect(error.message).not.toMatch(/after \d+ retr/);
		expect(requestsTo(standIn, ADAPTER_ENDPOINT)).toHaveLength(1);
		// With a Timeout that has room for the wait, the same fault is retried away.
		standIn.reset();
		standIn.addFault({
			endpoint: ADAPTER_ENDPOINT,
			times: 1,
			fault: { kind: 'status', status: 429, retryAfter: '2' },
		});
		const roomy = await runOneStreamNode({
			parameters: spec.parameters({ options: { timeout: 60_000, maxRetries: 4, retryDelay: 10 } }),
			credentials: canaryCredentials(standIn),
		});
		expect(roomy.status).toBe('success');
		expect(requestsTo(standIn, ADAPTER_ENDPOINT)).toHaveLength(2);
	});

	it('caps a long Retry-After at the longest single wait', async () => {
		RETRY_CAPS.maxDelayMs = 300;
		standIn.addFault({
			endpoint: ADAPTER_ENDPOINT,
			times: 2,
			fault: { kind: 'status', status: 429, retryAfter: '3600' },
		});
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options: { maxRetries: 4, retryDelay: 10 } }),
			credentials: canaryCredentials(standIn),
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
		standIn.addFault({
			endpoint: ADAPTER_ENDPOINT,
			times: 1,
			fault: { kind: 'status', status: 503, retryAfter: date },
		});
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options: { retryDelay: 10 } }),
			credentials: canaryCredentials(standIn),
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
			credentials: canaryCredentials(standIn),
		});
		const error = expectNodeApiError(result);
		expect(error.message).toMatch(/Service Unavailable/);
		expect((error as { httpCode?: unknown }).httpCode).toBe('503');
		expect(error.message).not.toMatch(/after \d+ retr/);
		expect(requestsTo(standIn, ADAPTER_ENDPOINT)).toHaveLength(1);
	});

	it.each([
		[
			'500 with Message and Detail',
			{ kind: 'status', status: 500, message: 'Adapter failed.', detail: 'Division by zero.' },
		],
		['400', { kind: 'status', status: 400, message: 'Invalid parameter.' }],
		['200 HTML page', { kind: 'html200' }],
		['200 truncated JSON', { kind: 'truncatedJson200' }],
	] as Array<[string, Fault]>)(
		'does not retry a non-transient fault: %s',
		async (_label, fault) => {
			standIn.addFault({ endpoint: ADAPTER_ENDPOINT, fault });
			const result = await runOneStreamNode({
				parameters: spec.parameters({ options: { maxRetries: 10, retryDelay: 10 } }),
				credentials: canaryCredentials(standIn),
			});
			expectNodeApiError(result);
			expect(requestsTo(standIn, ADAPTER_ENDPOINT)).toHaveLength(1);
		},
	);
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
	const extra = Array.from({ length: 200 }, (_, i) => ({
		Id: i,
		Text: `extra row ${i} ${'x'.repeat(40)}`,
	}));
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
			res.writeHead(200, {
				'Content-Type': 'application/json',
				'Content-Length': Buffer.byteLength(fullBody),
			});
			res.end(fullBody);
		});
		const result = await runOneStreamNode({
			parameters: spec().parameters({ options: { tables: 'all', retryDelay: 10 } }),
			credentials: canaryCredentials(raw),
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
			res.writeHead(200, {
				'Content-Type': 'application/json',
				'Content-Encoding': 'gzip',
				'Content-Length': body.length,
			});
			res.end(body);
		});
		const result = await runOneStreamNode({
			parameters: spec().parameters({ options: { tables: 'all' } }),
			credentials: canaryCredentials(raw),
		});
		expect(result.nodeError).toBeUndefined();
		expect(result.output).toHaveLength(results.length + extra.length);
		expect(result.output[1].json).toEqual({ _table: 'Results', ...results[1] });
	});

	function spec() {
		return READ_OPERATIONS.getDataAdapter;
	}
});

/*

 * Data Provider reads retry transient failures (429, 502, 503, 504, dropped connections) within
 * the Read Retries budget and then return exactly the data of a clean read. Other failures are not
 * retried. Retry Delay is set to 1 ms to keep the tests fast.
 */
describe('transient faults are retried; others are not', () => {
	const ADAPTER = 'DataProvider/GetAdoDataSetForAdapter';

	let standIn: StandIn;

	beforeAll(async () => {
		standIn = await startTestStandIn();
	});

	afterAll(async () => {
		await standIn.close();
	});

	beforeEach(() => standIn.reset());

	const EXPECTED = factRows().filter(
		(row) => row.Scenario === 'Actual' && row.Time === '2026M4',
	) as IDataObject[];

	function readParameters(options: IDataObject = {}) {
		return {
			resource: 'data',
			operation: 'getDataAdapter',
			applicationName: applicationByName(),
			adapterName: 'GL_Export',
			substitutionVariables: {
				variable: [
					{ name: 'pScenario', value: 'Actual' },
					{ name: 'pTime', value: '2026M4' },
				],
			},
			options: { retryDelay: 1, ...options },
		};
	}

	const transient: Array<{ name: string; fault: FaultRule['fault']; afterWork?: boolean }> = [
		{ name: '429 without Retry-After', fault: { kind: 'status', status: 429 } },
		{ name: '429 with Retry-After: 0', fault: { kind: 'status', status: 429, retryAfter: '0' } },
		{ name: '502 HTML page from a proxy', fault: { kind: 'status', status: 502, html: true } },
		{ name: '503', fault: { kind: 'status', status: 503 } },
		{ name: '504 HTML page from a gateway', fault: { kind: 'status', status: 504, html: true } },
		{ name: 'connection reset', fault: { kind: 'reset' } },
		{
			name: 'connection reset after the data was built',
			fault: { kind: 'reset' },
			afterWork: true,
		},
	];

	it.each(transient)(
		'retries after $name and returns exactly the clean rows',
		async ({ fault, afterWork }) => {
			standIn.addFault({ endpoint: ADAPTER, times: 2, fault, afterWork });
			const result = await runOneStreamNode({
				parameters: readParameters(),
				credentials: credentialsFor(standIn),
			});
			expect(result.status).toBe('success');
			expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(3);
			expect(jsonOf(result.output)).toEqual(EXPECTED);
			expect(new Set(pairedIndexes(result.output))).toEqual(new Set([0]));
		},
	);

	it('gives up after Read Retries and says how often it tried', async () => {
		standIn.addFault({ endpoint: ADAPTER, fault: { kind: 'status', status: 503 } });
		const result = await runOneStreamNode({
			parameters: readParameters({ maxRetries: 2 }),
			credentials: credentialsFor(standIn),
		});
		expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(3);
		expect(nodeErrorMessage(result)).toContain('2 retries');
		expect((result.nodeError as { httpCode?: unknown } | undefined)?.httpCode).toBe('503');
	});

	it('does not retry at all with Read Retries 0', async () => {
		standIn.addFault({ endpoint: ADAPTER, times: 1, fault: { kind: 'reset' } });
		const result = await runOneStreamNode({
			parameters: readParameters({ maxRetries: 0 }),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('error');
		expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(1);
	});

	it.each<{ name: string; fault: FaultRule['fault'] }>([
		{
			name: 'a 500 with Message',
			fault: { kind: 'status', status: 500, message: 'Adapter failed' },
		},
		{ name: 'a 400', fault: { kind: 'status', status: 400, message: 'Bad field' } },
		{ name: 'an HTML page with 200', fault: { kind: 'html200' } },
		{ name: 'an empty 200', fault: { kind: 'empty200' } },
		{ name: 'a JSON null', fault: { kind: 'null200' } },
		{ name: 'truncated JSON', fault: { kind: 'truncatedJson200' } },
	])('does not retry $name', async ({ fault }) => {
		standIn.addFault({ endpoint: ADAPTER, times: 1, fault });
		const result = await runOneStreamNode({
			parameters: readParameters(),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('error');
		expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(1);
	});

	it('retries each item on its own, and keeps every item paired with its rows', async () => {
		// Every other request fails once; items still get exactly their own rows.
		standIn.addFault({
			endpoint: ADAPTER,
			times: 3,
			fault: { kind: 'status', status: 502, html: true },
		});
		const result = await runOneStreamNode({
			parameters: {
				...readParameters({ concurrency: 3 }),
				substitutionVariables: {
					variable: [
						{ name: 'pTime', value: '={{ $json.time }}' },
						{ name: 'pScenario', value: 'Budget' },
					],
				},
			},
			items: [{ time: '2026M1' }, { time: '2026M2' }, { time: '2026M3' }],
			credentials: credentialsFor(standIn),
		});
		const perItem = ['2026M1', '2026M2', '2026M3'].map((time) =>
			factRows().filter((row) => row.Scenario === 'Budget' && row.Time === time),
		);
		expect(jsonOf(result.output)).toEqual(perItem.flat());
		expect(pairedIndexes(result.output)).toEqual(
			perItem.flatMap((rows, index) => rows.map(() => index)),
		);
		expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(6);
	});

	it('retries the 7.2.0 logon as a read', async () => {
		standIn.addFault({
			endpoint: 'Authentication/Logon',
			times: 1,
			fault: { kind: 'status', status: 503 },
		});
		const result = await runOneStreamNode({
			parameters: readParameters({ apiVersion: '7.2.0' }),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		expect(standIn.countRequests({ endpoint: 'Authentication/Logon' })).toBe(2);
		expect(jsonOf(result.output)).toEqual(EXPECTED);
	});
});
