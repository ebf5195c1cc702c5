/**
 * Answers that are not OneStream's JSON (a proxy's HTML page, an empty body, JSON null, truncated
 * JSON, a redirect) each get their own clear message, in every error mode, with the error item
 * paired to the item that failed while the other items go on.
 */
import type { FaultRule, StandIn } from '../standin/index.cjs';
import type { OnError } from '../support/harness.cjs';
import { runOneStreamNode } from '../support/harness.cjs';
import { applicationByName, credentialsFor, expectInputUntouched, pairedIndexes, startTestStandIn } from '../support/standIn.cjs';

const ADAPTER = 'DataProvider/GetAdoDataSetForAdapter';
const SEQUENCE = 'DataManagement/ExecuteSequence';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

interface BodyCase {
	name: string;
	fault: FaultRule['fault'];
	says: RegExp;
}

const readCases: BodyCase[] = [
	{ name: 'an HTML sign-in page with 200', fault: { kind: 'html200' }, says: /HTML page \(title "[^"]+"\)/ },
	{ name: 'an empty 200', fault: { kind: 'empty200' }, says: /empty response/ },
	{ name: 'JSON null', fault: { kind: 'null200' }, says: /null instead of data/ },
	{ name: 'truncated JSON', fault: { kind: 'truncatedJson200' }, says: /ended before the DataSet was complete|not valid JSON/ },
	{ name: 'a 502 HTML page after the retries', fault: { kind: 'status', status: 502, html: true }, says: /HTML page/ },
	{ name: 'a redirect, not followed', fault: { kind: 'redirect', status: 302, location: 'https://login.example.com/sso' }, says: /redirect to https:\/\/login\.example\.com/ },
];

const modes: Array<{ label: string; onError?: OnError }> = [
	{ label: 'stop' },
	{ label: 'continue (regular output)', onError: 'continueRegularOutput' },
	{ label: 'continue (error output)', onError: 'continueErrorOutput' },
];

const items = [{ entity: 'Acme UK' }, { entity: 'Acme DE' }];

describe.each(modes)('reads, $label', ({ onError }) => {
	it.each(readCases)('explains $name', async ({ fault, says }) => {
		// Only the first request fails (or every one, for the retried 502), so item 1 succeeds.
		standIn.addFault({ endpoint: ADAPTER, name: 'GL_Export', times: fault.kind === 'status' ? 2 : 1, fault });
		const result = await runOneStreamNode({
			parameters: {
				resource: 'data',
				operation: 'getDataAdapter',
				applicationName: applicationByName(),
				adapterName: 'GL_Export',
				substitutionVariables: { variable: [{ name: 'pEntity', value: '={{ $json.entity }}' }, { name: 'pTime', value: '2026M1' }] },
				options: { maxRetries: 1, retryDelay: 1 },
			},
			items,
			credentials: credentialsFor(standIn),
			onError,
		});
		expectInputUntouched(result);
		if (onError === undefined) {
			expect(result.status).toBe('error');
			expect(result.nodeError?.message).toMatch(says);
			expect(result.nodeError?.context.itemIndex).toBe(0);
			expect(String(result.nodeError?.description ?? '')).not.toContain('undefined');
			return;
		}
		const rowsOfItem1 = result.output.filter((item) => item.json.error === undefined);
		expect(rowsOfItem1.length).toBeGreaterThan(0);
		expect(new Set(pairedIndexes(rowsOfItem1))).toEqual(new Set([1]));
		const errorItems = onError === 'continueErrorOutput' ? (result.errorOutput ?? []) : result.output.filter((item) => item.json.error !== undefined);
		expect(errorItems).toHaveLength(1);
		expect(pairedIndexes(errorItems)).toEqual([0]);
		expect(String(errorItems[0].json.error)).toMatch(says);
		if (onError === 'continueRegularOutput') {
			// Regular output: the error item comes first, in input order.
			expect(result.output[0].json.error).toBeDefined();
		}
	});
});

describe.each(modes)('jobs, $label', ({ onError }) => {
	it.each<BodyCase>([
		{ name: 'an HTML sign-in page with 200', fault: { kind: 'html200' }, says: /HTML page/ },
		{ name: 'a redirect, not followed', fault: { kind: 'redirect', status: 307, location: 'https://elsewhere.example.net/OneStreamApi' }, says: /redirect/ },
	])('explains $name', async ({ fault, says }) => {
		standIn.addFault({ endpoint: SEQUENCE, times: 1, fault });
		const result = await runOneStreamNode({
			parameters: { resource: 'dataManagement', operation: 'executeSequence', applicationName: applicationByName(), sequenceName: 'Load_Actuals' },
			items: [{}, {}],
			credentials: credentialsFor(standIn),
			onError,
		});
		expect(standIn.countRequests({ endpoint: SEQUENCE })).toBe(onError === undefined ? 1 : 2);
		if (onError === undefined) {
			expect(result.nodeError?.message).toMatch(says);
			return;
		}
		const errorItems = onError === 'continueErrorOutput' ? (result.errorOutput ?? []) : result.output.filter((item) => item.json.error !== undefined);
		expect(pairedIndexes(errorItems)).toEqual([0]);
		expect(String(errorItems[0].json.error)).toMatch(says);
		expect(pairedIndexes(result.output.filter((item) => item.json.success === true))).toEqual([1]);
	});
});

it('does not follow a redirect, so the token never reaches the other host', async () => {
	const other = await startTestStandIn();
	try {
		standIn.addFault({ endpoint: ADAPTER, fault: { kind: 'redirect', status: 307, location: `${other.apiRoot}/api/DataProvider/GetAdoDataSetForAdapter?api-version=5.2.0` } });
		const result = await runOneStreamNode({
			parameters: { resource: 'data', operation: 'getDataAdapter', applicationName: applicationByName(), adapterName: 'GL_Export' },
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('error');
		expect(other.requests).toHaveLength(0);
		expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(1);
	} finally {
		await other.close();
	}
});
