/**
 * Data Provider reads retry transient failures (429, 502, 503, 504, dropped connections) within
 * the Read Retries budget and then return exactly the data of a clean read. Other failures are not
 * retried. Retry Delay is set to 1 ms to keep the tests fast.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FaultRule, StandIn } from '../standin/index.cjs';
import { factRows } from '../standin/data.cjs';
import { runOneStreamNode } from '../support/harness.cjs';
import { applicationByName, credentialsFor, jsonOf, nodeErrorMessage, pairedIndexes, startTestStandIn } from '../support/standIn.cjs';

const ADAPTER = 'DataProvider/GetAdoDataSetForAdapter';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

const EXPECTED = factRows().filter((row) => row.Scenario === 'Actual' && row.Time === '2026M4') as IDataObject[];

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
	{ name: 'connection reset after the data was built', fault: { kind: 'reset' }, afterWork: true },
];

it.each(transient)('retries after $name and returns exactly the clean rows', async ({ fault, afterWork }) => {
	standIn.addFault({ endpoint: ADAPTER, times: 2, fault, afterWork });
	const result = await runOneStreamNode({ parameters: readParameters(), credentials: credentialsFor(standIn) });
	expect(result.status).toBe('success');
	expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(3);
	expect(jsonOf(result.output)).toEqual(EXPECTED);
	expect(new Set(pairedIndexes(result.output))).toEqual(new Set([0]));
});

it('gives up after Read Retries and says how often it tried', async () => {
	standIn.addFault({ endpoint: ADAPTER, fault: { kind: 'status', status: 503 } });
	const result = await runOneStreamNode({ parameters: readParameters({ maxRetries: 2 }), credentials: credentialsFor(standIn) });
	expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(3);
	expect(nodeErrorMessage(result)).toContain('2 retries');
	expect((result.nodeError as { httpCode?: unknown } | undefined)?.httpCode).toBe('503');
});

it('does not retry at all with Read Retries 0', async () => {
	standIn.addFault({ endpoint: ADAPTER, times: 1, fault: { kind: 'reset' } });
	const result = await runOneStreamNode({ parameters: readParameters({ maxRetries: 0 }), credentials: credentialsFor(standIn) });
	expect(result.status).toBe('error');
	expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(1);
});

it.each<{ name: string; fault: FaultRule['fault'] }>([
	{ name: 'a 500 with Message', fault: { kind: 'status', status: 500, message: 'Adapter failed' } },
	{ name: 'a 400', fault: { kind: 'status', status: 400, message: 'Bad field' } },
	{ name: 'an HTML page with 200', fault: { kind: 'html200' } },
	{ name: 'an empty 200', fault: { kind: 'empty200' } },
	{ name: 'a JSON null', fault: { kind: 'null200' } },
	{ name: 'truncated JSON', fault: { kind: 'truncatedJson200' } },
])('does not retry $name', async ({ fault }) => {
	standIn.addFault({ endpoint: ADAPTER, times: 1, fault });
	const result = await runOneStreamNode({ parameters: readParameters(), credentials: credentialsFor(standIn) });
	expect(result.status).toBe('error');
	expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(1);
});

it('retries each item on its own, and keeps every item paired with its rows', async () => {
	// Every other request fails once; items still get exactly their own rows.
	standIn.addFault({ endpoint: ADAPTER, times: 3, fault: { kind: 'status', status: 502, html: true } });
	const result = await runOneStreamNode({
		parameters: {
			...readParameters({ concurrency: 3 }),
			substitutionVariables: { variable: [{ name: 'pTime', value: '={{ $json.time }}' }, { name: 'pScenario', value: 'Budget' }] },
		},
		items: [{ time: '2026M1' }, { time: '2026M2' }, { time: '2026M3' }],
		credentials: credentialsFor(standIn),
	});
	const perItem = ['2026M1', '2026M2', '2026M3'].map((time) => factRows().filter((row) => row.Scenario === 'Budget' && row.Time === time));
	expect(jsonOf(result.output)).toEqual(perItem.flat());
	expect(pairedIndexes(result.output)).toEqual(perItem.flatMap((rows, index) => rows.map(() => index)));
	expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(6);
});

it('retries the 7.2.0 logon as a read', async () => {
	standIn.addFault({ endpoint: 'Authentication/Logon', times: 1, fault: { kind: 'status', status: 503 } });
	const result = await runOneStreamNode({ parameters: readParameters({ apiVersion: '7.2.0' }), credentials: credentialsFor(standIn) });
	expect(result.status).toBe('success');
	expect(standIn.countRequests({ endpoint: 'Authentication/Logon' })).toBe(2);
	expect(jsonOf(result.output)).toEqual(EXPECTED);
});
