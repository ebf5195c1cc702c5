/**
 * Data Management → Execute Step, run inside n8n's engine against the stand-in over HTTP.
 */
import type { StandIn } from '../../../../standin/index.cjs';
import { VALID_PAT } from '../../../../standin/index.cjs';
import { runOneStreamNode } from '../../../../support/harness.cjs';
import {
	APPLICATION,
	applicationByName,
	credentialsFor,
	expectInputUntouched,
	expectOneStreamHeaders,
	nodeErrorMessage,
	onlyRequestTo,
	pairedIndexes,
	startTestStandIn,
} from '../../../../support/standIn.cjs';

const ENDPOINT = 'DataManagement/ExecuteStep';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

function stepParameters(stepName: string, extra: Record<string, unknown> = {}) {
	return {
		resource: 'dataManagement',
		operation: 'executeStep',
		applicationName: applicationByName(),
		dataManagementGroupName: 'Integration',
		stepName,
		...extra,
	};
}

it('sends one documented request and returns one success item', async () => {
	const result = await runOneStreamNode({
		parameters: stepParameters(' Import_GL ', {
			substitutionVariables: { variable: [{ name: 'pEntity', value: 'Acme UK' }] },
		}),
		credentials: credentialsFor(standIn),
		items: [{ keep: 'me' }],
	});
	expect(result.status).toBe('success');
	const request = onlyRequestTo(standIn, ENDPOINT);
	expectOneStreamHeaders(request, VALID_PAT, '5.2.0');
	expect(request.body).toEqual({
		BaseWebServerUrl: `${standIn.url}/OneStreamWeb`,
		ApplicationName: APPLICATION,
		DataManagementGroupName: 'Integration',
		StepName: 'Import_GL',
		CustomSubstVarsAsCommaSeparatedPairs: 'pEntity=[Acme UK]',
	});
	expect(standIn.runs).toEqual([
		expect.objectContaining({
			kind: 'step',
			name: 'Import_GL',
			group: 'Integration',
			outcome: 'succeeded',
			substitutionVariables: { pEntity: 'Acme UK' },
		}),
	]);
	const { startedAt, finishedAt, durationMs, ...rest } = result.output[0].json;
	expect(rest).toEqual({
		success: true,
		message: 'Data Management Step Import_GL was completed',
		operation: 'executeStep',
		applicationName: APPLICATION,
		dataManagementGroupName: 'Integration',
		stepName: 'Import_GL',
		substitutionVariables: { pEntity: 'Acme UK' },
	});
	expect(Date.parse(String(finishedAt)) - Date.parse(String(startedAt))).toBe(durationMs);
	expect(pairedIndexes(result.output)).toEqual([0]);
	expectInputUntouched(result);
});

it('reports a failing step with its Message and Detail, after one request', async () => {
	const result = await runOneStreamNode({
		parameters: stepParameters('Failing_Step'),
		credentials: credentialsFor(standIn),
	});
	const message = nodeErrorMessage(result);
	expect(message).toContain("Error processing Data Management Step 'Failing_Step'.");
	expect(message).toContain("Business rule 'XFR_FailingStep' raised");
	expect(standIn.countRequests({ endpoint: ENDPOINT })).toBe(1);
	expect(standIn.runs.map((run) => run.outcome)).toEqual(['failed']);
});

it('names an unknown group or step with the server text (400)', async () => {
	const group = await runOneStreamNode({
		parameters: stepParameters('Import_GL', { dataManagementGroupName: 'Nope_Group' }),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(group)).toContain("Invalid Data Management Group name 'Nope_Group'.");
	const step = await runOneStreamNode({
		parameters: stepParameters('Nope_Step'),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(step)).toContain("Invalid Data Management Step name 'Nope_Step'.");
	expect(standIn.runs).toHaveLength(0);
});

it('refuses an empty group name before sending anything', async () => {
	const result = await runOneStreamNode({
		parameters: stepParameters('Import_GL', { dataManagementGroupName: '={{ "" }}' }),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toBe('Data Management Group is empty');
	expect(standIn.requests).toHaveLength(0);
});

it('keeps going with Continue, pairing the error item with its input', async () => {
	const result = await runOneStreamNode({
		parameters: stepParameters('={{ $json.step }}'),
		items: [{ step: 'Failing_Step' }, { step: 'Import_GL' }],
		credentials: credentialsFor(standIn),
		onError: 'continueRegularOutput',
	});
	expect(pairedIndexes(result.output)).toEqual([0, 1]);
	expect(String(result.output[0].json.error)).toContain('Failing_Step');
	expect(result.output[0].json.jobOutcome).toBe('failed');
	expect(result.output[1].json.success).toBe(true);
});
