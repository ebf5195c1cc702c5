import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { readOptionsProperty } from '../../shared/options';
import {
	applicationName,
	itemParameters,
	output,
	nameParameter,
	resultTableName,
	describeValue,
} from '../../shared/parameters';
import {
	assertPlaceholdersFilled,
	substitutionVariablesProperty,
} from '../../shared/substitutionVariables';
import { allowAgentSql, assertAgentMay, substitutionVariablesJson } from '../../shared/agent';
import type { ExecutionState } from '../node.type';
import { agentReadProperties, dataProviderBody, readReadInputs, runRead } from '../read';

const DB_LOCATIONS = ['Application', 'Framework', 'External'] as const;
type DbLocation = (typeof DB_LOCATIONS)[number];

const properties: INodeProperties[] = [
	applicationName.property,
	{
		displayName: 'SQL Query',
		name: 'sqlQuery',
		type: 'string',
		typeOptions: { rows: 5, editor: 'sqlEditor' },
		default: '',
		required: true,
		placeholder: 'e.g. SELECT Name, Description FROM Member WHERE DimTypeId = |!pDimType!|',
		// n8n's SQL editor shows no placeholder, so the example is a hint too.
		hint: 'e.g. SELECT Name, Description FROM Member WHERE DimTypeId = |!pDimType!|',
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
			{
				name: 'External',
				value: 'External',
				description: 'An external database connection defined on the OneStream server',
			},
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
		description:
			'Name of the external database connection, as defined in the OneStream server configuration',
	},
	resultTableName.property,
	substitutionVariablesProperty,
	substitutionVariablesJson,
	...output.properties,
	allowAgentSql.property,
	...agentReadProperties,
	readOptionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['runSql'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const read = itemParameters(this, itemIndex);
	if (state.toolCall) assertAgentMay(read, 'sql');
	const inputs = readReadInputs(read, state);
	const sqlQuery = nameParameter(read, 'sqlQuery', 'SQL Query', 'SELECT Name FROM Member');
	const dbLocationValue: unknown = read('dbLocation', 'Application');
	if (
		typeof dbLocationValue !== 'string' ||
		!(DB_LOCATIONS as readonly string[]).includes(dbLocationValue)
	) {
		throw inputError(
			`Database must be Application, Framework or External, not ${describeValue(dbLocationValue)}`,
			'Pick one of the three values.',
		);
	}
	const dbLocation = dbLocationValue as DbLocation;
	const externalConnectionName =
		dbLocation === 'External'
			? nameParameter(read, 'externalConnectionName', 'External Connection Name', 'Warehouse')
			: '';
	assertPlaceholdersFilled('SQL query', sqlQuery, inputs.substitutionVariables.list);
	return await runRead.call(this, state, inputs, {
		endpoint: 'DataProvider/GetAdoDataSetForSqlCommand',
		apiVersion: '5.2.0',
		subject: 'the SQL query',
		// A query has no name of its own: the file takes the result table's (Results.csv).
		fileBaseName: inputs.resultTableName,
		body: dataProviderBody(state, inputs, {
			SqlQuery: sqlQuery,
			DbLocation: dbLocation,
			XFExternalDBConnectionName: externalConnectionName,
		}),
	});
}
