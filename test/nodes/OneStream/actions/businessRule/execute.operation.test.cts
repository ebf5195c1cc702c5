/**
 * Business Rule → Execute: an Extensibility rule run through the Data Management step that wraps
 * it (ExecuteStep), its parameters sent as substitution variables.
 */
import type { StandIn } from '../../../../standin/index.cjs';
import { VALID_PAT } from '../../../../standin/index.cjs';
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

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

function ruleParameters(stepName: string, extra: Record<string, unknown> = {}) {
	return {
		resource: 'businessRule',
		operation: 'execute',
		applicationName: applicationByName(),
		dataManagementGroupName: 'Integration',
		stepName,
		...extra,
	};
}

it('runs the wrapping step once, with the rule parameters as substitution variables', async () => {
	const result = await runOneStreamNode({
		parameters: ruleParameters('Run_Export_Rule', {
			substitutionVariables: {
				variable: [
					{ name: 'pTarget', value: 'Warehouse' },
					{ name: 'pYear', value: 2026 },
				],
			},
		}),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	const request = onlyRequestTo(standIn, 'DataManagement/ExecuteStep');
	expectOneStreamHeaders(request, VALID_PAT, '5.2.0');
	expect(request.body).toEqual({
		BaseWebServerUrl: `${standIn.url}/OneStreamWeb`,
		ApplicationName: APPLICATION,
		DataManagementGroupName: 'Integration',
		StepName: 'Run_Export_Rule',
		CustomSubstVarsAsCommaSeparatedPairs: 'pTarget=[Warehouse],pYear=[2026]',
	});
	expect(standIn.runs).toEqual([
		expect.objectContaining({
			kind: 'step',
			name: 'Run_Export_Rule',
			outcome: 'succeeded',
			substitutionVariables: { pTarget: 'Warehouse', pYear: '2026' },
		}),
	]);
	const { startedAt, finishedAt, durationMs, ...rest } = result.output[0].json;
	expect(rest).toEqual({
		success: true,
		message: 'Data Management Step Run_Export_Rule was completed',
		operation: 'businessRuleExecute',
		applicationName: APPLICATION,
		dataManagementGroupName: 'Integration',
		stepName: 'Run_Export_Rule',
		substitutionVariables: { pTarget: 'Warehouse', pYear: '2026' },
	});
	expect(typeof startedAt).toBe('string');
	expect(typeof finishedAt).toBe('string');
	expect(typeof durationMs).toBe('number');
	expect(pairedIndexes(result.output)).toEqual([0]);
});

it('reports a failing rule with its Message and Detail and does not run it again', async () => {
	const result = await runOneStreamNode({
		parameters: ruleParameters('Failing_Step'),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain(
		'Object reference not set to an instance of an object.',
	);
	expect(standIn.countRequests({ endpoint: 'DataManagement/ExecuteStep' })).toBe(1);
});

it('refuses a parameter named with the |! !| markers before sending anything', async () => {
	const result = await runOneStreamNode({
		parameters: ruleParameters('Run_Export_Rule', {
			substitutionVariables: { variable: [{ name: '|!pTarget!|', value: 'x' }] },
		}),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain('invalid name');
	expect(standIn.requests).toHaveLength(0);
});
