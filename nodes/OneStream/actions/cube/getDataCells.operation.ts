import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { GetParameter } from '../../shared/parameters';
import { objectParameters, optionalName, requiredName } from '../../shared/parameters';
import type { ExecutionState } from '../node.type';
import { readOperationInputs } from '../readOperation';
import { cubeName, cubeReadProperties, flag, includeDescriptions, runAnalyticsRead } from './cube';

/*
 * `Analytics/GetDataCellsFromCube`: the cells of a cube by point of view, each filter in
 * OneStream's member-filter syntax (e.g. E#US.Base). Blank filters get the defaults of OneStream's
 * Power BI connector: Currency Local, View Periodic, Origin Top, the others None. One row per
 * cell: Entity, Consolidation, Scenario, Time, Time_StartDate, Time_EndDate, View, Account, Flow,
 * Origin, IC, UD1..UD8, CellValue (and *_Desc with descriptions).
 */

interface Filter {
	name: string;
	displayName: string;
	/** The `DataCellsFilter` field. */
	field: string;
	/** The connector's value for a blank filter; none: required. */
	blank?: string;
	/** For the error of a required filter left empty. */
	example?: string;
	placeholder: string;
	description?: string;
}

const FILTERS: Filter[] = [
	{
		name: 'scenario',
		displayName: 'Scenario',
		field: 'Scenario',
		example: 'Actual',
		placeholder: 'e.g. Actual',
		description: 'One scenario member, e.g. Actual',
	},
	{
		name: 'timeFilter',
		displayName: 'Time Filter',
		field: 'TimeFilter',
		example: 'T#2026M3',
		placeholder: 'e.g. T#2026M3 or T#2026.Base',
	},
	{
		name: 'entityFilter',
		displayName: 'Entity Filter',
		field: 'EntityFilter',
		example: 'E#Houston',
		placeholder: 'e.g. E#Houston or E#Total_Acme.Base',
	},
	{
		name: 'accountFilter',
		displayName: 'Account Filter',
		field: 'AccountFilter',
		example: 'A#NetIncome.Base',
		placeholder: 'e.g. A#NetIncome.Base',
	},
	{
		name: 'currency',
		displayName: 'Currency',
		field: 'Currency',
		blank: 'Local',
		placeholder: 'e.g. Local or USD',
		description: "Local (the entity's own currency) or a currency code",
	},
	{
		name: 'view',
		displayName: 'View',
		field: 'View',
		blank: 'Periodic',
		placeholder: 'e.g. Periodic or YTD',
	},
	{
		name: 'originFilter',
		displayName: 'Origin Filter',
		field: 'OriginFilter',
		blank: 'Top',
		placeholder: 'e.g. O#Top',
	},
	{
		name: 'flowFilter',
		displayName: 'Flow Filter',
		field: 'FlowFilter',
		blank: 'None',
		placeholder: 'e.g. F#None',
	},
	// `ICFIlter`, spelled as OneStream's connector sends it.
	{
		name: 'icFilter',
		displayName: 'IC Filter',
		field: 'ICFIlter',
		blank: 'None',
		placeholder: 'e.g. I#None',
	},
];

const UD_FILTERS: Filter[] = Array.from({ length: 8 }, (_, i) => ({
	name: `ud${i + 1}Filter`,
	displayName: `UD${i + 1} Filter`,
	field: `UD${i + 1}Filter`,
	blank: 'None',
	placeholder: `e.g. U${i + 1}#None`,
}));

function filterProperty(filter: Filter): INodeProperties {
	const initial = filter.blank ?? '';
	return {
		displayName: filter.displayName,
		name: filter.name,
		type: 'string',
		default: initial,
		required: filter.blank === undefined,
		placeholder: filter.placeholder,
		description:
			filter.description ??
			`A member filter${filter.blank === undefined ? '' : `; blank: ${filter.blank}`}`,
	};
}

const properties: INodeProperties[] = cubeReadProperties([
	...FILTERS.map(filterProperty),
	{
		displayName: 'User-Defined Filters',
		name: 'udFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: "UD1 to UD8; each left out is None, as in OneStream's connector",
		options: UD_FILTERS.map(filterProperty),
	},
	includeDescriptions.property,
]);

export const description = updateDisplayOptions(
	{ show: { resource: ['cube'], operation: ['getDataCells'] } },
	properties,
);

function filterValue(parameters: GetParameter, filter: Filter): string {
	const raw = parameters(filter.name);
	if (filter.blank === undefined)
		return requiredName(raw, filter.displayName, filter.example ?? '');
	const given = optionalName(raw, filter.displayName);
	return given === '' ? filter.blank : given;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const { parameters, inputs } = readOperationInputs.call(this, itemIndex, state, 'DataCells');
	const cube = cubeName.get(parameters);
	const filter: IDataObject = {};
	for (const one of FILTERS) filter[one.field] = filterValue(parameters, one);
	const udFilters = parameters('udFilters');
	const ud = objectParameters(
		typeof udFilters === 'object' && udFilters !== null ? (udFilters as IDataObject) : {},
	);
	for (const one of UD_FILTERS) filter[one.field] = filterValue(ud, one);
	return await runAnalyticsRead.call(this, state, parameters, inputs, {
		action: 'GetDataCellsFromCube',
		subject: `the cells of cube "${cube}" (${String(filter.Scenario)}, ${String(filter.TimeFilter)})`,
		fileBaseName: `${cube}-DataCells`,
		fields: {
			IncludeDescriptions: flag(includeDescriptions.get(parameters)),
			CubeName: cube,
			DataCellsFilter: filter,
		},
	});
}
