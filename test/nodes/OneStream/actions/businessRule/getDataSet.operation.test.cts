/**
 * Business Rule → Get Data Set: a Dashboard DataSet rule through GetAdoDataSetForMethodCommand.
 */
import type { IDataObject } from 'n8n-workflow';

import type { StandIn } from '../../../../standin/index.cjs';
import { sampleData, VALID_PAT } from '../../../../standin/index.cjs';
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

function dataSetParameters(
	ruleName: string,
	dataSetName: string,
	extra: Record<string, unknown> = {},
) {
	return {
		resource: 'businessRule',
		operation: 'getDataSet',
		applicationName: applicationByName(),
		ruleName,
		dataSetName,
		...extra,
	};
}

/** What the stand-in's rule returns, straight from its definition. */
function ruleRows(
	ruleName: string,
	dataSetName: string,
	pairs: Record<string, string>,
): IDataObject[] {
	const rule = sampleData().applications[0].dashboardDataSetRules.find(
		(candidate) => candidate.name === ruleName,
	);
	const dataSet = rule?.getDataSet({
		application: APPLICATION,
		substitutionVariables: pairs,
		resultTableName: dataSetName,
		dataSetName,
		nameValuePairs: pairs,
	});
	if (!dataSet) throw new Error('the stand-in rule returned nothing');
	return [...dataSet.tables].flatMap((table) => [...table.rows]);
}

it('builds the method query from rule, data set and parameters, and returns the rows', async () => {
	const result = await runOneStreamNode({
		parameters: dataSetParameters('FX_Rates', 'Rates', {
			substitutionVariables: { variable: [{ name: 'Currency', value: 'GBP' }] },
		}),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	const request = onlyRequestTo(standIn, ENDPOINT);
	expectOneStreamHeaders(request, VALID_PAT, '5.2.0');
	expect(request.body).toEqual({
		BaseWebServerUrl: `${standIn.url}/OneStreamWeb`,
		ApplicationName: APPLICATION,
		XFCommandMethodType: 'BusinessRule',
		XFCommandMethodTypeId: 'BusinessRule',
		MethodQuery: '{FX_Rates}{Rates}{Currency=GBP}',
		ResultDataTableName: 'Rates',
		CustomSubstVarsAsCommaSeparatedPairs: 'Currency=[GBP]',
	});
	const expected = ruleRows('FX_Rates', 'Rates', { Currency: 'GBP' });
	expect(expected.length).toBeGreaterThan(0);
	expect(expected.every((row) => row.FromCurrency === 'GBP')).toBe(true);
	expect(jsonOf(result.output)).toEqual(expected);
	expect(pairedIndexes(result.output)).toEqual(expected.map(() => 0));
});

it('runs without parameters as {Rule}{DataSet}{}', async () => {
	const result = await runOneStreamNode({
		parameters: dataSetParameters('FX_Rates', 'Rates'),
		credentials: credentialsFor(standIn),
	});
	expect((onlyRequestTo(standIn, ENDPOINT).body as { MethodQuery: string }).MethodQuery).toBe(
		'{FX_Rates}{Rates}{}',
	);
	expect(jsonOf(result.output)).toEqual(ruleRows('FX_Rates', 'Rates', {}));
});

it('explains a JSON null answer (a rule that does not know the data set)', async () => {
	const result = await runOneStreamNode({
		parameters: dataSetParameters('FX_Rates', 'Unknown_Set'),
		credentials: credentialsFor(standIn),
	});
	const message = nodeErrorMessage(result);
	expect(message).toContain('null');
	expect(message).toContain('Unknown_Set');
});

it('reports an Error table returned with HTTP 200 as an error, with its message', async () => {
	const result = await runOneStreamNode({
		parameters: dataSetParameters('Error_Rule', 'Anything'),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain("parameter 'Entity' is missing.");
});

it('names an unknown rule with the server text (400)', async () => {
	const result = await runOneStreamNode({
		parameters: dataSetParameters('No_Rule', 'Rates'),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain("Invalid business rule name 'No_Rule'.");
});

it('refuses a parameter value with a comma or brace before sending anything', async () => {
	for (const value of ['GBP,EUR', 'x}y']) {
		const result = await runOneStreamNode({
			parameters: dataSetParameters('FX_Rates', 'Rates', {
				substitutionVariables: { variable: [{ name: 'Currency', value }] },
				options: { allowCommasInValues: true },
			}),
			credentials: credentialsFor(standIn),
		});
		expect(nodeErrorMessage(result)).toContain('Currency');
	}
	expect(standIn.requests).toHaveLength(0);
});
