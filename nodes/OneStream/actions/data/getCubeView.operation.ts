import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	cubeViewTableOptions,
	dataTablePerCubeViewRow,
	includeTitle,
	readOptionsProperty,
} from '../../shared/options';
import {
	applicationName,
	itemParameters,
	output,
	objectLocator,
	resultTableName,
} from '../../shared/parameters';
import { substitutionVariablesProperty } from '../../shared/substitutionVariables';
import { substitutionVariablesJson } from '../../shared/agent';
import type { CubeViewColumnNames } from '../../dataSet/types';
import type { ExecutionState } from '../node.type';
import { agentReadProperties, dataProviderBody, readReadInputs, runRead } from '../read';

const cubeView = objectLocator({
	name: 'cubeViewName',
	displayName: 'Cube View',
	searchListMethod: 'searchCubeViews',
	example: 'Income_Statement',
	description:
		'The cube view to run. Cube views built for dashboards often return no rows over the API, because their parameters resolve only in a dashboard; pass them as substitution variables.',
	required: true,
});

const properties: INodeProperties[] = [
	applicationName.property,
	cubeView.property,
	resultTableName.property,
	substitutionVariablesProperty,
	substitutionVariablesJson,
	{
		displayName: 'Flatten Rows',
		name: 'flatten',
		type: 'boolean',
		default: true,
		description:
			'Whether to turn the positional RowHdr0NameAndDesc / ColNHdr0NameAndDesc / ColNValue fields into named columns: Row, Indent, and one column per column header',
	},
	{
		displayName: 'Column Names',
		name: 'columnNames',
		type: 'options',
		default: 'header',
		displayOptions: { show: { flatten: [true] } },
		options: [
			{
				name: 'Header Text',
				value: 'header',
				description: 'As the cube view shows it, e.g. "2026M1 - Jan 2026"',
			},
			{
				name: 'Member Name Only',
				value: 'memberName',
				description: 'The part before " - ", e.g. "2026M1": easy to use in expressions',
			},
			{
				name: 'Position',
				value: 'position',
				description: 'Col0, Col1, …: stable when the periods or members change',
			},
		],
	},
	...output.properties,
	...agentReadProperties,
	readOptionsProperty([
		dataTablePerCubeViewRow.property,
		includeTitle.property,
		cubeViewTableOptions.property,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['getCubeView'] } },
	properties,
);

function readColumnNames(value: unknown): CubeViewColumnNames {
	return value === 'memberName' || value === 'position' ? value : 'header';
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const read = itemParameters(this, itemIndex);
	const inputs = readReadInputs(read, state);
	const cubeViewName = cubeView.read(read);
	const flatten = read('flatten', true) === true;
	return await runRead.call(this, state, inputs, {
		endpoint: 'DataProvider/GetAdoDataSetForCubeViewCommand',
		apiVersion: '5.2.0',
		subject: `cube view "${cubeViewName}"`,
		fileBaseName: cubeViewName,
		body: dataProviderBody(state, inputs, {
			CubeViewName: cubeViewName,
			DataTablePerCubeViewRow: dataTablePerCubeViewRow.read(inputs.options),
			CubeViewDataTableOptions: {
				IncludeTitle: includeTitle.read(inputs.options),
				...cubeViewTableOptions.read(inputs.options),
			},
		}),
		shape: flatten ? 'cubeView' : 'asIs',
		columnNames: readColumnNames(read('columnNames', 'header')),
	});
}
