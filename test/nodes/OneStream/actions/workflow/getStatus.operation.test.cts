/**
 * Workflow → Get Status: the WorkflowStatus method command with its six arguments, one item per
 * workflow unit, and arguments refused before sending when they would shift the query.
 */
import type { StandIn } from '../../../../standin/index.cjs';
import { NON_ADMIN_PAT, VALID_PAT } from '../../../../standin/index.cjs';
import { runOneStreamNode } from '../../../../support/harness.cjs';
import {
	APPLICATION,
	applicationByName,
	credentialsFor,
	expectOneStreamHeaders,
	jsonOf,
	nodeErrorMessage,
	onlyRequestTo,
	pairedIndexes,
	startTestStandIn,
} from '../../../../support/standIn.cjs';

const ENDPOINT = 'DataProvider/GetAdoDataSetForMethodCommand';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

function statusParameters(extra: Record<string, unknown> = {}) {
	return {
		resource: 'workflow',
		operation: 'getStatus',
		applicationName: applicationByName(),
		workflowProfile: 'Houston.Import',
		time: '2026M3',
		...extra,
	};
}

it('sends WorkflowStatus with the six arguments and returns one item per workflow unit', async () => {
	const result = await runOneStreamNode({
		parameters: statusParameters(),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	const request = onlyRequestTo(standIn, ENDPOINT);
	expectOneStreamHeaders(request, VALID_PAT, '5.2.0');
	expect(request.body).toEqual({
		BaseWebServerUrl: `${standIn.url}/OneStreamWeb`,
		ApplicationName: APPLICATION,
		XFCommandMethodType: 'WorkflowStatus',
		XFCommandMethodTypeId: 'WorkflowStatus',
		MethodQuery: '{Houston.Import}{Actual}{2026M3}{AllProfiles}{Descendants}{}',
		ResultDataTableName: 'WorkflowStatus',
		CustomSubstVarsAsCommaSeparatedPairs: '',
	});
	const rows = jsonOf(result.output);
	expect(rows.map((row) => [row.WorkflowStep, row.Status])).toEqual([
		['Import', 'Completed'],
		['Validate', 'Completed'],
		['Load', 'Completed'],
		['Process', 'InProcess'],
		['Confirm', 'NotExecuted'],
		['Certify', 'NotExecuted'],
	]);
	for (const row of rows) {
		expect(row).toMatchObject({
			WorkflowProfile: 'Houston.Import',
			Scenario: 'Actual',
			Time: '2026M3',
		});
	}
	expect(pairedIndexes(result.output)).toEqual(rows.map(() => 0));
});

it('takes the profile type, relative type, filter and time from expressions', async () => {
	const result = await runOneStreamNode({
		parameters: statusParameters({
			workflowProfile: '={{ "Houston" + ".Forms" }}',
			scenario: 'Budget',
			time: '={{ "2026M" + (1 + 2) }}',
			profileType: 'InputImportChild',
			relativeType: 'Children',
			filter: 'Status = Completed',
		}),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect((onlyRequestTo(standIn, ENDPOINT).body as { MethodQuery: string }).MethodQuery).toBe(
		'{Houston.Forms}{Budget}{2026M3}{InputImportChild}{Children}{Status = Completed}',
	);
});

it.each([
	['workflowProfile', 'Houston}{Actual', 'Workflow Profile cannot contain { or }'],
	['time', '{2026M3}', 'Time cannot contain { or }'],
	['filter', 'a}b', 'Filter cannot contain { or }'],
	['workflowProfile', '   ', 'Workflow Profile is empty'],
	['scenario', '={{ "" }}', 'Scenario is empty'],
])('refuses %s = %j before sending', async (name, value, message) => {
	const result = await runOneStreamNode({
		parameters: statusParameters({ [name]: value }),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toBe(message);
	expect(standIn.requests).toHaveLength(0);
});

it.each<[string, Record<string, unknown>, string]>([
	['a profile type from the list', { profileType: 'Review' }, '{Review}{Descendants}'],
	['a relative type from the list', { relativeType: 'Siblings' }, '{AllProfiles}{Siblings}'],
	[
		'Other (Type It)',
		{ profileType: 'other', profileTypeOther: 'ParentInput' },
		'{ParentInput}{Descendants}',
	],
	['a value saved before the list, typed', { profileType: 'CubeRoot' }, '{CubeRoot}{Descendants}'],
])('sends %s as the profile or relative type', async (_label, extra, expected) => {
	const result = await runOneStreamNode({
		parameters: statusParameters(extra),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect((onlyRequestTo(standIn, ENDPOINT).body as { MethodQuery: string }).MethodQuery).toBe(
		`{Houston.Import}{Actual}{2026M3}${expected}{}`,
	);
});

it("says the Administrator role is needed, with OneStream's words, for a token without it", async () => {
	const result = await runOneStreamNode({
		parameters: statusParameters(),
		credentials: credentialsFor(standIn, NON_ADMIN_PAT),
	});
	expect(nodeErrorMessage(result)).toContain('must be an Administrator');
});
