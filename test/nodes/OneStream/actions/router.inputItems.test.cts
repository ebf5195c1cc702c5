/**
 * Every operation leaves its input items as they were (n8n hands the node the previous node's own
 * objects, so a change would show in the previous node's stored output), and pairs every output
 * and error item with the item it came from.
 */
import type { IDataObject } from 'n8n-workflow';

import type { StandIn } from '../../../standin/index.cjs';
import type { OnError } from '../../../support/harness.cjs';
import { runOneStreamNode } from '../../../support/harness.cjs';
import { applicationByName, credentialsFor, expectInputUntouched, pairedIndexes, startTestStandIn } from '../../../support/standIn.cjs';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

const app = applicationByName();

/** Item 0 is valid, item 1 names something that does not exist (so it fails at the server). */
const operations: Array<{ name: string; parameters: IDataObject }> = [
	{ name: 'executeSequence', parameters: { resource: 'dataManagement', operation: 'executeSequence', applicationName: app, sequenceName: '={{ $json.name }}' } },
	{
		name: 'executeStep',
		parameters: { resource: 'dataManagement', operation: 'executeStep', applicationName: app, dataManagementGroupName: 'Integration', stepName: '={{ $json.name }}' },
	},
	{
		name: 'businessRule execute',
		parameters: { resource: 'businessRule', operation: 'execute', applicationName: app, dataManagementGroupName: 'Integration', stepName: '={{ $json.name }}' },
	},
	{ name: 'getDataSet', parameters: { resource: 'businessRule', operation: 'getDataSet', applicationName: app, ruleName: '={{ $json.name }}', dataSetName: 'Rates' } },
	{ name: 'getDataAdapter', parameters: { resource: 'data', operation: 'getDataAdapter', applicationName: app, adapterName: '={{ $json.name }}' } },
	{ name: 'getCubeView', parameters: { resource: 'data', operation: 'getCubeView', applicationName: app, cubeViewName: '={{ $json.name }}' } },
	{ name: 'runSql', parameters: { resource: 'data', operation: 'runSql', applicationName: app, sqlQuery: "={{ 'SELECT Name FROM ' + $json.name + ' WHERE DimType = \\'Scenario\\'' }}" } },
	{ name: 'runMethodCommand', parameters: { resource: 'data', operation: 'runMethodCommand', applicationName: app, methodType: '={{ $json.name }}', methodQuery: '{P}{Actual}{2026M1}' } },
];

const valid: Record<string, string> = {
	executeSequence: 'Load_Actuals',
	executeStep: 'Import_GL',
	'businessRule execute': 'Run_Export_Rule',
	getDataSet: 'FX_Rates',
	getDataAdapter: 'GL_Export',
	getCubeView: 'Income_Statement',
	runSql: 'Member',
	runMethodCommand: 'WorkflowStatus',
};

const modes: OnError[] = ['continueRegularOutput', 'continueErrorOutput'];

describe.each(modes)('%s', (onError) => {
	it.each(operations)('$name leaves its input alone and pairs every item', async ({ name, parameters }) => {
		const items: IDataObject[] = [
			{ name: valid[name], nested: { list: [1, { deep: 'x' }], text: 'keep' }, pairedHint: 0 },
			{ name: 'Does_Not_Exist', nested: { list: [], text: 'keep too' }, pairedHint: 1 },
		];
		const result = await runOneStreamNode({ parameters, items, credentials: credentialsFor(standIn), onError });
		expect(result.status).toBe('success');
		expectInputUntouched(result);
		const errors = onError === 'continueErrorOutput' ? (result.errorOutput ?? []) : result.output.filter((item) => item.json.error !== undefined);
		const successes = result.output.filter((item) => item.json.error === undefined);
		expect(successes.length).toBeGreaterThan(0);
		expect(new Set(pairedIndexes(successes))).toEqual(new Set([0]));
		expect(pairedIndexes(errors)).toEqual([1]);
		// The outputs are new objects: changing one cannot reach the input.
		for (const item of successes) expect(item.json).not.toBe(result.inputItems[0].json);
	});
});
