import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import type { GetParameter } from '../../shared/parameters';
import { objectParameters, optionalName, requiredName } from '../../shared/parameters';
import { clip } from '../../shared/redaction';
import type { ExecutionState } from '../node.type';
import { readOperationInputs } from '../readOperation';
import { cubeName, cubeReadProperties, flag, includeDescriptions, runAnalyticsRead } from './cube';

/*
 * `Analytics/GetDataCellsFromCube`: the cells of a cube by point of view, each filter in
 * OneStream's member script as its samples write it, without the dimension token (2023.Base for
 * time, TotCorp.DescendantsInclusive for entity): the field names the dimension. A leading token
 * of the field's own dimension (T#2026M3 in Time Filter) is removed, since OneStream would read
 * it doubled; another dimension's token is refused. Blank filters get the defaults of OneStream's
 * Power BI connector: Currency Local, View Periodic, Origin Top, the others None. One row per
 * cell: Entity, Consolidation, Scenario, Time, Time_StartDate, Time_EndDate, View, Account, Flow,
 * Origin, IC, UD1..UD8, CellValue (and *_Desc with descriptions).
 */

interface Filter {
	name: string;
	displayName: string;
	/** The `DataCellsFilter` field. */
	field: string;
	/** The dimension token of a member filter (`T` for T#), removed when the user writes it. */
	token: string;
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
		token: 'S',
		example: 'Actual',
		placeholder: 'e.g. Actual',
		description: 'One scenario member, e.g. Actual (a leading S# is removed)',
	},
	{
		name: 'timeFilter',
		displayName: 'Time Filter',
		field: 'TimeFilter',
		token: 'T',
		example: '2026M3',
		placeholder: 'e.g. 2026M3 or 2026.Base',
	},
	{
		name: 'entityFilter',
		displayName: 'Entity Filter',
		field: 'EntityFilter',
		token: 'E',
		example: 'Houston',
		placeholder: 'e.g. Houston or Total_Acme.DescendantsInclusive',
	},
	{
		name: 'accountFilter',
		displayName: 'Account Filter',
		field: 'AccountFilter',
		token: 'A',
		example: 'NetIncome.Base',
		placeholder: 'e.g. NetIncome.Base',
		description:
			"Member script for the accounts, e.g. NetIncome.Base. Required here by choice: OneStream's connector sends None for a blank Account, which reads no account's data.",
	},
	{
		name: 'currency',
		displayName: 'Currency',
		field: 'Currency',
		token: 'C',
		blank: 'Local',
		placeholder: 'e.g. Local or USD',
		description: "Local (the entity's own currency) or a currency code",
	},
	{
		name: 'view',
		displayName: 'View',
		field: 'View',
		token: 'V',
		example: 'YTD',
		blank: 'Periodic',
		placeholder: 'e.g. Periodic or YTD',
	},
	{
		name: 'originFilter',
		displayName: 'Origin Filter',
		field: 'OriginFilter',
		token: 'O',
		blank: 'Top',
		placeholder: 'e.g. Top',
	},
	{
		name: 'flowFilter',
		displayName: 'Flow Filter',
		field: 'FlowFilter',
		token: 'F',
		blank: 'None',
		placeholder: 'e.g. None',
	},
	// `ICFIlter`, spelled as OneStream's connector sends it.
	{
		name: 'icFilter',
		displayName: 'IC Filter',
		field: 'ICFIlter',
		token: 'I',
		blank: 'None',
		placeholder: 'e.g. None',
	},
];

const UD_FILTERS: Filter[] = Array.from({ length: 8 }, (_, i) => ({
	name: `ud${i + 1}Filter`,
	displayName: `UD${i + 1} Filter`,
	field: `UD${i + 1}Filter`,
	token: `U${i + 1}`,
	blank: 'None',
	placeholder: 'e.g. None',
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
			`Member script without the ${filter.token}# token, e.g. ${filter.example ?? filter.blank ?? 'None'}${filter.blank === undefined ? '' : `; blank: ${filter.blank}`}. Cube › Get Dimension Hierarchy lists the member names.`,
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

// A dimension token at the start of a list item: T#, E#, U3#…
const TOKEN = /^(\s*)([A-Za-z][A-Za-z]?[1-8]?)#/;

/**
 * A filter in OneStream's member script, each list item without its dimension token: the field's
 * own token is removed, another dimension's is refused.
 */
function memberScript(value: string, filter: Filter): string {
	return value
		.split(',')
		.map((item) => {
			const token = TOKEN.exec(item);
			if (token === null) return item;
			const named = token[2].toUpperCase();
			if (named === filter.token || (filter.token === 'I' && named === 'IC')) {
				return token[1] + item.slice(token[0].length);
			}
			throw inputError(
				`The ${filter.displayName} "${clip(value, 80)}" names another dimension (${token[2]}#)`,
				`Write the ${filter.displayName} in OneStream's member script for its own dimension, without a token, e.g. ${filter.example ?? filter.blank ?? 'None'}. A leading ${filter.token}# is removed.`,
			);
		})
		.join(',');
}

function filterValue(parameters: GetParameter, filter: Filter): string {
	const raw = parameters(filter.name);
	if (filter.blank === undefined)
		return memberScript(requiredName(raw, filter.displayName, filter.example ?? ''), filter);
	const given = optionalName(raw, filter.displayName);
	return given === '' ? filter.blank : memberScript(given, filter);
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
		rejectedAdvice:
			"Check the cube and each filter: OneStream's member script without the dimension token, e.g. Houston.Base or 2026M3. Cube › Get Dimension Hierarchy lists a dimension's member names.",
	});
}
