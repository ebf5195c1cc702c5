import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CubeViewColumnNames } from '../../dataSet/types';
import { dataProviderRequest } from '../../read/request';
import { inputError } from '../../shared/errors';
import {
	booleanParameter,
	choiceParameter,
	describeValue,
	objectLocator,
	parameter,
} from '../../shared/parameters';
import type { ExecutionState } from '../node.type';
import { readOperationInputs, readOperationProperties, readToItems } from '../readOperation';

const cubeView = objectLocator({
	name: 'cubeViewName',
	displayName: 'Cube View',
	searchListMethod: 'searchCubeViews',
	example: 'Income_Statement',
	description:
		'The cube view to run. Cube views built for dashboards often return no rows over the API, because their parameters resolve only in a dashboard; pass them as substitution variables.',
	required: true,
});

const flatten = booleanParameter({
	displayName: 'Flatten Rows',
	name: 'flatten',
	type: 'boolean',
	default: true,
	description:
		'Whether to turn the positional RowHdr0NameAndDesc / ColNHdr0NameAndDesc / ColNValue fields into named columns: Row, Indent, and one column per column header',
});

const columnNames = choiceParameter<CubeViewColumnNames>({
	displayName: 'Column Names',
	name: 'columnNames',
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
});

const dataTablePerCubeViewRow = booleanParameter({
	displayName: 'One Table per Cube View Row',
	name: 'dataTablePerCubeViewRow',
	type: 'boolean',
	default: false,
	description:
		'Whether OneStream should return one table per cube-view row (combine with the Tables option set to All Tables)',
}).inOptions();

const includeTitle = booleanParameter({
	displayName: 'Include Title',
	name: 'includeTitle',
	type: 'boolean',
	default: false,
	description: "Whether to include the cube view's title in the result table",
}).inOptions();

/** Further `CubeViewDataTableOptions` fields, as a JSON object; their names are OneStream's. */
const cubeViewTableOptions = parameter(
	{
		displayName: 'More Cube View Table Options (JSON)',
		name: 'cubeViewTableOptions',
		type: 'json',
		default: '{}',
		placeholder: 'e.g. {"IncludeHeaderLeftLabel1": true}',
		description:
			"Further fields of OneStream's CubeViewDataTableOptions, as a JSON object of names and true/false, text or number values. Only IncludeTitle is seen in public clients; other names follow the Data Adapter's cube-view options and are not documented for the Web API.",
	},
	(raw): IDataObject => {
		if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
			return {};
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = JSON.parse(raw);
			} catch {
				parsed = undefined;
			}
		}
		const fields =
			typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
				? Object.entries(parsed)
				: undefined;
		if (
			!fields ||
			fields.some(([, value]) => !['boolean', 'string', 'number'].includes(typeof value))
		) {
			throw inputError(
				'The More Cube View Table Options option must be a JSON object of names and true/false, text or number values',
				`Got ${describeValue(raw)}. Write it as e.g. {"IncludeHeaderLeftLabel1": true}, or leave it empty.`,
			);
		}
		return Object.fromEntries(fields) as IDataObject;
	},
).inOptions();

export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['getCubeView'] } },
	readOperationProperties({
		object: [cubeView.property],
		shaping: [flatten.property, columnNames.property],
		options: [dataTablePerCubeViewRow, includeTitle, cubeViewTableOptions],
	}),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const { parameters, inputs, target } = readOperationInputs.call(this, itemIndex, state);
	const cubeViewName = cubeView.get(parameters);
	return await readToItems.call(this, state, inputs, {
		...dataProviderRequest(target, {
			endpoint: 'DataProvider/GetAdoDataSetForCubeViewCommand',
			subject: `cube view "${cubeViewName}"`,
			fileBaseName: cubeViewName,
			fields: {
				CubeViewName: cubeViewName,
				DataTablePerCubeViewRow: dataTablePerCubeViewRow.get(parameters),
				CubeViewDataTableOptions: {
					IncludeTitle: includeTitle.get(parameters),
					...cubeViewTableOptions.get(parameters),
				},
			},
		}),
		shape: flatten.get(parameters) ? 'cubeView' : 'asIs',
		columnNames: columnNames.get(parameters),
	});
}
