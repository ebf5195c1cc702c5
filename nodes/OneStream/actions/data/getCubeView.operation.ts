import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { flattenCubeViewRows } from '../../helpers/dataSet';
import { booleanOption, stringParameter } from '../../helpers/parameters';
import { requireName } from '../../helpers/validation';
import {
	applicationNameProperty,
	outputProperties,
	readOptionsCollection,
	resultTableNameProperty,
	substitutionVariablesProperty,
} from '../common.descriptions';
import type { ExecutionState } from '../node.type';
import { dataProviderBody, readDataQueryInputs, runDataQuery } from '../runners';

const properties: INodeProperties[] = [
	applicationNameProperty,
	{
		displayName: 'Cube View Name',
		name: 'cubeViewName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Income_Statement',
		description:
			'The cube view to run. Cube views built for dashboards often return no rows over the API, because their parameters resolve only in a dashboard; pass them as substitution variables.',
	},
	resultTableNameProperty,
	substitutionVariablesProperty,
	{
		displayName: 'Flatten Rows',
		name: 'flatten',
		type: 'boolean',
		default: true,
		description:
			'Whether to turn the positional RowHdr0NameAndDesc / ColNHdr0NameAndDesc / ColNValue fields into named columns: Row, Indent, and one column per column header',
	},
	...outputProperties,
	readOptionsCollection([
		{
			displayName: 'One Table per Cube View Row',
			name: 'dataTablePerCubeViewRow',
			type: 'boolean',
			default: false,
			description: 'Whether OneStream should return one table per cube-view row (combine with the Tables option set to All Tables)',
		},
		{
			displayName: 'Include Title',
			name: 'includeTitle',
			type: 'boolean',
			default: false,
			description: "Whether to include the cube view's title in the result table",
		},
	]),
];


export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['getCubeView'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const inputs = readDataQueryInputs.call(this, itemIndex);
	const cubeViewName = requireName(stringParameter(this, 'cubeViewName', itemIndex), 'Cube View Name', 'Income_Statement');
	const flatten = this.getNodeParameter('flatten', itemIndex, true) === true;
	return await runDataQuery.call(this, itemIndex, state, {
		endpoint: 'DataProvider/GetAdoDataSetForCubeViewCommand',
		apiVersion: '5.2.0',
		subject: `cube view "${cubeViewName}"`,
		body: dataProviderBody(state, inputs, {
			CubeViewName: cubeViewName,
			DataTablePerCubeViewRow: booleanOption(inputs.options, 'dataTablePerCubeViewRow', false),
			CubeViewDataTableOptions: { IncludeTitle: booleanOption(inputs.options, 'includeTitle', false) },
		}),
		inputs,
		transformRows: flatten ? flattenCubeViewRows : undefined,
	});
}
