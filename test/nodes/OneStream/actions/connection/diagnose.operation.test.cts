/**
 * Connection › Diagnose through n8n's engine: one item per check for a good Administrator token, a
 * token without the role, a revoked token, a server that is not OneStream and a silent one; it
 * changes nothing, never stops at the first failure and never shows the token.
 */
import type { IDataObject } from 'n8n-workflow';

import type { StandIn } from '../../../../standin/index.cjs';
import { NON_ADMIN_PAT, REVOKED_PAT } from '../../../../standin/index.cjs';
import { runOneStreamNode } from '../../../../support/harness.cjs';
import { startRawServer } from '../../../../support/rawServer.cjs';
import {
	applicationByName,
	CANARY_PAT,
	canaryCredentials,
	credentialsFor,
	jsonOf,
	startTestStandIn,
} from '../../../../support/standIn.cjs';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

function diagnose(extra: IDataObject = {}) {
	return { resource: 'connection', operation: 'diagnose', ...extra };
}

const CHECKS = ['serverUrl', 'logon', 'route52', 'administrator', 'analytics'];

/** Each check as [name, result]. */
const results = (items: IDataObject[]) => items.map((item) => [item.check, item.result]);

/** No request that could change anything reached OneStream. */
function expectNothingChanged(): void {
	expect(standIn.runs).toEqual([]);
	expect(standIn.requests.filter((r) => /DataManagement/i.test(r.rawPath))).toEqual([]);
}

it('passes every check for an Administrator token, with the applications, the cubes and the time of each', async () => {
	const result = await runOneStreamNode({
		parameters: diagnose(),
		credentials: canaryCredentials(standIn),
	});
	expect(result.status).toBe('success');
	const items = jsonOf(result.output);
	expect(results(items)).toEqual(CHECKS.map((check) => [check, 'passed']));
	const byCheck = Object.fromEntries(items.map((item) => [item.check, item]));
	expect(byCheck.logon.applications).toEqual(['AcmeConsolidation', 'AcmeConsolidation_Test']);
	expect(byCheck.route52.detail).toMatch(
		/^The route answered and took the token: OneStream refused/,
	);
	expect(byCheck.route52.title).toBe('The Data Provider route (API 5.2.0) in "AcmeConsolidation"');
	expect(byCheck.analytics.cubes).toEqual(['AcmeCorp', 'AcmePlan', 'EmptyCube']);
	for (const item of items) {
		expect(typeof item.ms).toBe('number');
		expect(item.ms).toBeGreaterThanOrEqual(0);
	}
	expect(result.serialized).not.toContain(CANARY_PAT);
	expectNothingChanged();
});

it("reads a WorkflowStatus when asked: the server's columns and status words", async () => {
	const result = await runOneStreamNode({
		parameters: diagnose({
			applicationName: applicationByName(),
			checkWorkflowStatus: true,
			workflowProfile: 'Houston.Import',
			scenario: 'Actual',
			time: '2026M3',
		}),
		credentials: credentialsFor(standIn),
	});
	const status = jsonOf(result.output).find((item) => item.check === 'workflowStatus');
	expect(status).toMatchObject({
		result: 'passed',
		columns: expect.arrayContaining(['WorkflowProfile', 'WorkflowStep', 'Status']),
		statusValues: ['Completed', 'InProcess', 'NotExecuted'],
	});
	const missing = await runOneStreamNode({
		parameters: diagnose({
			checkWorkflowStatus: true,
			workflowProfile: 'Houston.Import',
			time: '2026M3',
			statusColumn: 'WorkflowState',
		}),
		credentials: credentialsFor(standIn),
	});
	const named = jsonOf(missing.output).find((item) => item.check === 'workflowStatus');
	expect(named?.detail).toMatch(/there is no column "WorkflowState"\. The columns are: /);
	expect(named?.whatToDo).toMatch(/^Set the trigger's Status Column/);
});

it('says that SQL and method commands need the Administrator role, and goes on', async () => {
	const result = await runOneStreamNode({
		parameters: diagnose(),
		credentials: credentialsFor(standIn, NON_ADMIN_PAT),
	});
	const items = jsonOf(result.output);
	expect(results(items)).toEqual([
		['serverUrl', 'passed'],
		['logon', 'passed'],
		['route52', 'passed'],
		['administrator', 'failed'],
		['analytics', 'passed'],
	]);
	const administrator = items.find((item) => item.check === 'administrator');
	expect(administrator).toMatchObject({ httpStatus: 403 });
	expect(String(administrator?.whatToDo)).toMatch(/Administrator/);
});

it("shows OneStream's own reason for a revoked token, and what the other routes say of it", async () => {
	const alone = await runOneStreamNode({
		parameters: diagnose(),
		credentials: credentialsFor(standIn, REVOKED_PAT),
	});
	const items = jsonOf(alone.output);
	expect(items[0]).toMatchObject({ check: 'serverUrl', result: 'passed' });
	expect(items[0].detail).toMatch(/^It answered \(HTTP 401\) in \d+ ms\.$/);
	expect(items[1]).toMatchObject({ check: 'logon', result: 'failed', httpStatus: 401 });
	expect(items[1].detail).toContain('The personal access token has been revoked.');
	// No application to check in: the token may open none.
	expect(results(items.slice(2))).toEqual([
		['route52', 'skipped'],
		['administrator', 'skipped'],
		['analytics', 'skipped'],
	]);
	const named = await runOneStreamNode({
		parameters: diagnose({ applicationName: applicationByName() }),
		credentials: credentialsFor(standIn, REVOKED_PAT),
	});
	const checks = jsonOf(named.output);
	expect(results(checks.slice(2))).toEqual([
		['route52', 'failed'],
		['administrator', 'failed'],
		['analytics', 'failed'],
	]);
	expect(checks[2]).toMatchObject({ httpStatus: 401 });
	expect(named.serialized).not.toContain(REVOKED_PAT);
});

it('tells a server that is not OneStream from one that does not answer', async () => {
	const notOneStream = await startRawServer((_request, res) => {
		res.writeHead(404, { 'content-type': 'text/html' });
		res.end('<html><body><h1>Welcome to nginx</h1></body></html>');
	});
	try {
		const result = await runOneStreamNode({
			parameters: diagnose({ applicationName: applicationByName() }),
			credentials: { baseUrl: notOneStream.url, personalAccessToken: CANARY_PAT },
		});
		const items = jsonOf(result.output);
		expect(items[0]).toMatchObject({ check: 'serverUrl', result: 'passed' });
		expect(items[0].detail).toMatch(/HTTP 404/);
		expect(items[1]).toMatchObject({ check: 'logon', result: 'failed', httpStatus: 404 });
		expect(items.slice(2).every((item) => item.result === 'failed')).toBe(true);
		expect(result.serialized).not.toContain(CANARY_PAT);
	} finally {
		await notOneStream.close();
	}
});

it('ends at one Timeout per check against a silent server, skipping the checks that would wait again', async () => {
	const silent = await startRawServer(() => {
		// Never answers.
	});
	try {
		const result = await runOneStreamNode({
			parameters: diagnose({ applicationName: applicationByName(), checkTimeout: 1 }),
			credentials: { baseUrl: silent.url, personalAccessToken: CANARY_PAT },
		});
		const items = jsonOf(result.output);
		expect(items[0]).toMatchObject({ check: 'serverUrl', result: 'failed' });
		expect(items[0].detail).toMatch(/no answer within the timeout of 1000 ms/);
		expect(results(items.slice(1))).toEqual([
			['logon', 'skipped'],
			['route52', 'skipped'],
			['administrator', 'skipped'],
			['analytics', 'skipped'],
		]);
		// One request: the logon. Nothing else waited on the silent server.
		expect(silent.requests).toHaveLength(1);
	} finally {
		await silent.close();
	}
});
