/**
 * Data → Run Method Command: both names of the method-type field, validation before sending.
 */
import type { StandIn } from '../../../../standin/index.cjs';
import { description } from '../../../../../nodes/OneStream/actions/data/runMethodCommand.operation';
import { NON_ADMIN_PAT, VALID_PAT } from '../../../../standin/index.cjs';
import { runOneStreamNode } from '../../../../support/harness.cjs';
import {
	APPLICATION,
	applicationByName,
	credentialsFor,
	expectOneStreamHeaders,
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

function methodParameters(
	methodType: string,
	methodQuery: string,
	extra: Record<string, unknown> = {},
) {
	return {
		resource: 'data',
		operation: 'runMethodCommand',
		applicationName: applicationByName(),
		methodType,
		methodQuery,
		...extra,
	};
}

it('sends the method type under both field names and returns the rows', async () => {
	const result = await runOneStreamNode({
		parameters: methodParameters('WorkflowStatus', '{Houston.Import}{Actual}{2026M1}', {
			resultTableName: 'Status',
		}),
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
		MethodQuery: '{Houston.Import}{Actual}{2026M1}',
		ResultDataTableName: 'Status',
		CustomSubstVarsAsCommaSeparatedPairs: '',
	});
	// The stand-in's WorkflowStatus answers one row per workflow step of the profile asked for.
	expect(result.output.map((item) => item.json.WorkflowStep)).toEqual([
		'Import',
		'Validate',
		'Load',
		'Process',
		'Confirm',
		'Certify',
	]);
	for (const item of result.output) {
		expect(item.json).toMatchObject({
			WorkflowProfile: 'Houston.Import',
			Scenario: 'Actual',
			Time: '2026M1',
		});
	}
	expect(pairedIndexes(result.output)).toEqual(result.output.map(() => 0));
});

it('refuses a method type that is not a name, before sending anything', async () => {
	const result = await runOneStreamNode({
		parameters: methodParameters('Bi Blend', '{a}{b}{c}'),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain('Bi Blend');
	expect(standIn.requests).toHaveLength(0);
});

it('refuses a query whose |!placeholder!| no variable fills', async () => {
	const result = await runOneStreamNode({
		parameters: methodParameters('BiBlendInfo', '{|!pProfile!|}{Actual}{2026M1}{}'),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain('|!pProfile!|');
	expect(standIn.requests).toHaveLength(0);
});

it('says that method commands need the Administrator role (403)', async () => {
	const result = await runOneStreamNode({
		parameters: methodParameters('BiBlendInfo', '{Houston.Import}{Actual}{2026M1}{}'),
		credentials: credentialsFor(standIn, NON_ADMIN_PAT),
	});
	expect(nodeErrorMessage(result)).toContain('403');
	expect(String(result.nodeError?.description)).toContain('Administrator');
});

it('reports an unknown method type with the server text (400)', async () => {
	const result = await runOneStreamNode({
		parameters: methodParameters('NoSuchMethod', '{a}{b}{c}'),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain(
		"The value 'NoSuchMethod' is not valid for XFCommandMethodType.",
	);
});

describe('Method Type list', () => {
	const property = description.find((candidate) => candidate.name === 'methodType');
	const options = (property?.options ?? []) as Array<{
		name: string;
		value: string;
		description?: string;
	}>;

	it('offers the 38 known types sorted, then Other last, each with its query shape where one is known', () => {
		expect(options).toHaveLength(39);
		const types = options.slice(0, 38).map((option) => option.name);
		expect(types).toEqual([...types].sort((a, b) => a.localeCompare(b)));
		expect(options[38]).toMatchObject({ name: 'Other (Type It)', value: 'other' });
		expect(options.find((option) => option.value === 'WorkflowStatus')?.description).toBe(
			'Query: {ProfileName}{ScenarioName}{2026M1}{ProfileType or AllProfiles}{RelativeType, e.g. Descendants}{filter or empty}',
		);
		expect(options.find((option) => option.value === 'other')?.name).toBe('Other (Type It)');
	});

	it('runs WorkflowStatus when the type is left at its default', async () => {
		const result = await runOneStreamNode({
			parameters: {
				resource: 'data',
				operation: 'runMethodCommand',
				applicationName: applicationByName(),
				methodQuery: '{Houston.Import}{Actual}{2026M1}',
			},
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		expect(onlyRequestTo(standIn, ENDPOINT).body).toMatchObject({
			XFCommandMethodType: 'WorkflowStatus',
		});
	});

	it('sends the typed type for Other, and refuses an empty one before sending', async () => {
		const typed = await runOneStreamNode({
			parameters: methodParameters('other', '{Houston.Import}{Actual}{2026M1}', {
				methodTypeOther: ' WorkflowStatus ',
			}),
			credentials: credentialsFor(standIn),
		});
		expect(typed.status).toBe('success');
		expect(onlyRequestTo(standIn, ENDPOINT).body).toMatchObject({
			XFCommandMethodType: 'WorkflowStatus',
			XFCommandMethodTypeId: 'WorkflowStatus',
		});
		standIn.reset();
		const empty = await runOneStreamNode({
			parameters: methodParameters('other', '{a}{b}{c}'),
			credentials: credentialsFor(standIn),
		});
		expect(nodeErrorMessage(empty)).toBe('Other Method Type is empty');
		expect(standIn.requests).toHaveLength(0);
	});
});
