/**
 * The Application dropdown (`applicationName` list search): 7.2.0 Logon's authorized applications,
 * filtered and sorted, through n8n-core's LoadOptionsContext.
 */
import type { StandIn } from '../../../standin/index.cjs';
import { EXPIRED_PAT, sampleData, VALID_PAT } from '../../../standin/index.cjs';
import { runListSearch } from '../../../support/harness.cjs';
import {
	credentialsFor,
	expectOneStreamHeaders,
	onlyRequestTo,
	startTestStandIn,
} from '../../../support/standIn.cjs';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

const APPLICATIONS = sampleData().applications.map((application) => application.name);

it('lists the applications Logon authorises, sorted', async () => {
	const { result } = await runListSearch('searchApplications', {
		credentials: credentialsFor(standIn),
	});
	const expected = [...APPLICATIONS].sort((a, b) => a.localeCompare(b));
	expect(expected.length).toBeGreaterThan(1);
	expect(result.results).toEqual(expected.map((name) => ({ name, value: name })));
	const request = onlyRequestTo(standIn, 'Authentication/Logon');
	expectOneStreamHeaders(request, VALID_PAT, '7.2.0');
	expect(request.body).toEqual({ BaseWebServerUrl: `${standIn.url}/OneStreamWeb` });
});

it('filters by the typed text, ignoring case', async () => {
	const { result } = await runListSearch('searchApplications', {
		credentials: credentialsFor(standIn),
		filter: '  _TEST ',
	});
	expect(result.results).toEqual(
		APPLICATIONS.filter((name) => name.toLowerCase().includes('_test')).map((name) => ({
			name,
			value: name,
		})),
	);
	expect(result.results).toHaveLength(1);
});

it('returns nothing when no application matches', async () => {
	const { result } = await runListSearch('searchApplications', {
		credentials: credentialsFor(standIn),
		filter: 'Golf',
	});
	expect(result.results).toEqual([]);
});

it('throws the PAT checklist for an expired token', async () => {
	await expect(
		runListSearch('searchApplications', { credentials: credentialsFor(standIn, EXPIRED_PAT) }),
	).rejects.toMatchObject({
		message: expect.stringContaining('401'),
		description: expect.stringContaining('AccessAsNonInteractiveUser'),
	});
});

it('tries once, so that the editor shows the reason at once (no retries with backoff)', async () => {
	standIn.addFault({
		endpoint: 'Authentication/Logon',
		fault: { kind: 'status', status: 503, message: 'Service Unavailable' },
	});
	const started = Date.now();
	await expect(
		runListSearch('searchApplications', { credentials: credentialsFor(standIn) }),
	).rejects.toMatchObject({
		message: expect.stringContaining('Service Unavailable'),
		httpCode: '503',
	});
	expect(standIn.countRequests({ endpoint: 'Authentication/Logon' })).toBe(1);
	// Printed, not asserted: reads retry 3 times with backoff from 1 s.
	process.stdout.write(`list search with a 503: 1 request, ${Date.now() - started} ms\n`);
});
