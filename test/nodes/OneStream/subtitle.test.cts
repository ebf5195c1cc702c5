/**
 * The canvas subtitle (OneStream.node.ts), evaluated by n8n-workflow's expression engine as the
 * editor does: the operation's label, then the object's name when it is plain text.
 */
import { type INode, type INodeParameters, NodeHelpers, Workflow } from 'n8n-workflow';

import { OneStream } from '../../../nodes/OneStream/OneStream.node';
import { nodeTypes, ONESTREAM_NODE_TYPE } from '../../support/harness.cjs';

const description = new OneStream().description;

function subtitleOf(parameters: INodeParameters): unknown {
	// As the editor does: the node's parameters with n8n's defaults filled in.
	const full =
		NodeHelpers.getNodeParameters(description.properties, parameters, true, false, null, null) ??
		{};
	const node: INode = {
		id: 'n1',
		name: 'OneStream',
		type: ONESTREAM_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: full,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		String(description.subtitle),
		'internal',
		{},
	);
}

it.each<[INodeParameters, string]>([
	[
		{
			resource: 'dataManagement',
			operation: 'executeSequence',
			sequenceName: 'Nightly_Consolidation',
		},
		'Execute Sequence: Nightly_Consolidation',
	],
	[
		{
			resource: 'dataManagement',
			operation: 'executeStep',
			dataManagementGroupName: 'Integration',
			stepName: 'Import_GL',
		},
		'Execute Step: Import_GL',
	],
	[
		{
			resource: 'businessRule',
			operation: 'execute',
			dataManagementGroupName: 'Integration',
			stepName: 'Run_Export_Rule',
		},
		'Execute Business Rule: Run_Export_Rule',
	],
	[
		{ resource: 'businessRule', operation: 'getDataSet', ruleName: 'GL_Rules' },
		'Get Data Set: GL_Rules',
	],
	[
		{ resource: 'data', operation: 'getDataAdapter', adapterName: 'GL_Export' },
		'Get Data Adapter: GL_Export',
	],
	[
		{ resource: 'data', operation: 'getCubeView', cubeViewName: 'Income_Statement' },
		'Get Cube View: Income_Statement',
	],
	[{ resource: 'data', operation: 'runSql', sqlQuery: 'SELECT 1' }, 'Run SQL Query: Application'],
	[
		{ resource: 'data', operation: 'runMethodCommand', methodType: 'WorkflowStatus' },
		'Run Method Command: WorkflowStatus',
	],
	// Picked from a list or typed By Name: the resource locator's value.
	[
		{
			resource: 'dataManagement',
			operation: 'executeSequence',
			sequenceName: { __rl: true, mode: 'list', value: 'Nightly_Consolidation' },
		},
		'Execute Sequence: Nightly_Consolidation',
	],
	[
		{
			resource: 'dataManagement',
			operation: 'executeStep',
			stepName: { __rl: true, mode: 'name', value: 'Import_GL' },
		},
		'Execute Step: Import_GL',
	],
	[
		{
			resource: 'data',
			operation: 'getDataAdapter',
			adapterName: { __rl: true, mode: 'list', value: 'GL_Export' },
		},
		'Get Data Adapter: GL_Export',
	],
	[
		{
			resource: 'data',
			operation: 'getCubeView',
			cubeViewName: { __rl: true, mode: 'name', value: 'Income_Statement' },
		},
		'Get Cube View: Income_Statement',
	],
	[
		{
			resource: 'data',
			operation: 'runMethodCommand',
			methodType: 'other',
			methodTypeOther: 'MyCustomType',
		},
		'Run Method Command: MyCustomType',
	],
	[{ resource: 'data', operation: 'runMethodCommand' }, 'Run Method Command: WorkflowStatus'],
	[
		{ resource: 'workflow', operation: 'getStatus', workflowProfile: 'Houston.Import' },
		'Get Workflow Status: Houston.Import',
	],
	[
		{
			resource: 'dataManagement',
			operation: 'executeSequence',
			sequenceName: { __rl: true, mode: 'list', value: '' },
		},
		'Execute Sequence',
	],
	// n8n resolves an expression first; an empty name is not shown.
	[
		{
			resource: 'dataManagement',
			operation: 'executeSequence',
			sequenceName: '={{ "Nightly" + "_Consolidation" }}',
		},
		'Execute Sequence: Nightly_Consolidation',
	],
	[
		{ resource: 'dataManagement', operation: 'executeSequence', sequenceName: '' },
		'Execute Sequence',
	],
	[{ resource: 'data', operation: 'getDataAdapter' }, 'Get Data Adapter'],
	[{ resource: 'cube', operation: 'getMany' }, 'Get Many Cubes'],
	[
		{ resource: 'cube', operation: 'getDimensionHierarchy', cubeName: 'AcmeCorp' },
		'Get Dimension Hierarchy: AcmeCorp Entity',
	],
	[
		{
			resource: 'cube',
			operation: 'getMemberProperties',
			cubeName: 'AcmeCorp',
			dimensionType: 'Account',
		},
		'Get Member Properties: AcmeCorp Account',
	],
	[
		{ resource: 'cube', operation: 'getDataCells', cubeName: 'AcmeCorp' },
		'Get Data Cells: AcmeCorp',
	],
	[{ resource: 'connection', operation: 'diagnose' }, 'Diagnose'],
	[
		{ resource: 'batchFile', operation: 'create', workflowProfile: 'Houston.Import' },
		'Create Batch File: Houston.Import',
	],
])('%j → %s', (parameters, expected) => {
	expect(subtitleOf(parameters)).toBe(expected);
});

it('names every operation of every resource', () => {
	const operations = description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			(property.options ?? []).map((option) => ({
				resource: String(property.displayOptions?.show?.resource?.[0]),
				operation: 'value' in option ? String(option.value) : '',
				label: option.name,
			})),
		);
	expect(operations).toHaveLength(15);
	for (const { resource, operation } of operations) {
		expect(String(description.subtitle)).toContain(`${operation}: [`);
		// Evaluated with the defaults only: the operation's label, then any default object.
		expect(subtitleOf({ resource, operation })).toMatch(/^[A-Z][A-Za-z ]+(: \S.*)?$/);
	}
});

it('cannot be evaluated before the run when the name comes from input data (the editor then shows none)', () => {
	// As seen on n8n 2.41.1's canvas (npm run screenshots): no subtitle under such a node.
	expect(() =>
		subtitleOf({
			resource: 'dataManagement',
			operation: 'executeSequence',
			sequenceName: '={{ $json.sequence }}',
		}),
	).toThrow(/hasn't been executed/);
	expect(() =>
		subtitleOf({
			resource: 'dataManagement',
			operation: 'executeSequence',
			sequenceName: { __rl: true, mode: 'name', value: '={{ $json.sequence }}' },
		}),
	).toThrow(/hasn't been executed/);
});
