import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { stringParameter } from '../../helpers/parameters';
import { InputError, requireName } from '../../helpers/validation';
import {
	applicationNameProperty,
	outputProperties,
	readOptionsCollection,
	resultTableNameProperty,
	substitutionVariablesProperty,
} from '../common.descriptions';
import type { ExecutionState } from '../node.type';
import { assertPlaceholdersFilled, dataProviderBody, readDataQueryInputs, runDataQuery } from '../runners';

const DB_LOCATIONS = ['Application', 'Framework', 'External'] as const;
type DbLocation = (typeof DB_LOCATIONS)[number];

const properties: INodeProperties[] = [
	applicationNameProperty,
	{
		displayName: 'SQL Query',
		name: 'sqlQuery',
		type: 'string',
		typeOptions: { rows: 5, editor: 'sqlEditor' },
		default: '',
		required: true,
		placeholder: "e.g. SELECT Name, Description FROM Member WHERE DimTypeId = |!pDimType!|",
		description:
			'The query to run. Needs the Administrator role. |!Name!| placeholders are filled from the substitution variables.',
		noDataExpression: false,
	},
	{
		displayName: 'Database',
		name: 'dbLocation',
		type: 'options',
		default: 'Application',
		options: [
			{ name: 'Application', value: 'Application', description: "The application's database" },
			{ name: 'External', value: 'External', description: 'An external database connection defined on the OneStream server' },
			{ name: 'Framework', value: 'Framework', description: 'The framework (system) database' },
		],
	},
	{
		displayName: 'External Connection Name',
		name: 'externalConnectionName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Warehouse',
		displayOptions: { show: { dbLocation: ['External'] } },
		description: 'Name of the external database connection, as defined in the OneStream server configuration',
	},
	resultTableNameProperty,
	substitutionVariablesProperty,
	...outputProperties,
	readOptionsCollection(),
];


export const description = updateDisplayOptions({ show: { resource: ['data'], operation: ['runSql'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const inputs = readDataQueryInputs.call(this, itemIndex);
	const sqlQuery = requireName(stringParameter(this, 'sqlQuery', itemIndex), 'SQL Query', 'SELECT Name FROM Member');
	const dbLocationValue = stringParameter(this, 'dbLocation', itemIndex, 'Application');
	if (!(DB_LOCATIONS as readonly string[]).includes(dbLocationValue)) {
		throw new InputError(`Database must be Application, Framework or External, not "${dbLocationValue}"`, 'Pick one of the three values.');
	}
	const dbLocation = dbLocationValue as DbLocation;
	const externalConnectionName =
		dbLocation === 'External'
			? requireName(stringParameter(this, 'externalConnectionName', itemIndex), 'External Connection Name', 'Warehouse')
			: '';
	assertPlaceholdersFilled('SQL query', sqlQuery, inputs);
	return await runDataQuery.call(this, itemIndex, state, {
		endpoint: 'DataProvider/GetAdoDataSetForSqlCommand',
		apiVersion: '5.2.0',
		subject: 'the SQL query',
		body: dataProviderBody(state, inputs, { SqlQuery: sqlQuery, DbLocation: dbLocation, XFExternalDBConnectionName: externalConnectionName }),
		inputs,
	});
}
