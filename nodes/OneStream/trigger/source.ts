import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { RowCollector } from '../dataSet/sinks';
import { chooseTables } from '../dataSet/tables';
import { inputError, OneStreamError } from '../shared/errors';
import type { ReadParameter } from '../shared/parameters';
import {
	applicationName,
	describeValue,
	nameParameter,
	objectLocator,
	optionalNameParameter,
	resultTableName,
	workspaceLocator,
} from '../shared/parameters';
import {
	formatSubstitutionVariables,
	parseSubstitutionVariables,
	substitutionVariablesProperty,
} from '../shared/substitutionVariables';
import type { SubstitutionVariable } from '../shared/substitutionVariables';
import { readRetrySettings, readTimeout } from '../shared/options';
import { dataProviderBody, methodCommandFields } from '../transport';
import type { OneStreamClient } from '../transport';

/*
 * What the trigger reads: a data adapter, a SQL query or a method command, with the same
 * parameters as the node's reads, as rows. Reads retry transient failures as the node's do.
 */

export type SourceKind = 'dataAdapter' | 'sql' | 'methodCommand';

const adapter = objectLocator({
	name: 'adapterName',
	displayName: 'Data Adapter',
	searchListMethod: 'searchDataAdapters',
	example: 'Journal_Lines',
	description: 'The dashboard data adapter to read',
	required: true,
});

const workspace = workspaceLocator('adapter');

const onlyFor = (kinds: SourceKind[]) => ({ show: { source: kinds } });

/** The source's parameters, shown for the event that reads one. */
export function sourceProperties(event: string): INodeProperties[] {
	return updateDisplayOptions({ show: { event: [event] } }, [
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			noDataExpression: true,
			default: 'dataAdapter',
			options: [
				{ name: 'Data Adapter', value: 'dataAdapter', description: 'A dashboard data adapter' },
				{
					name: 'Method Command',
					value: 'methodCommand',
					description: 'A method command, e.g. JournalForWorkflowUnit (Administrator role)',
				},
				{
					name: 'SQL Query',
					value: 'sql',
					description: 'A SQL query on the application or framework database (Administrator role)',
				},
			],
		},
		{ ...workspace.property, displayOptions: onlyFor(['dataAdapter']) },
		{ ...adapter.property, displayOptions: onlyFor(['dataAdapter']) },
		{
			displayName: 'SQL Query',
			name: 'sqlQuery',
			type: 'string',
			typeOptions: { rows: 5, editor: 'sqlEditor' },
			default: '',
			required: true,
			hint: "e.g. SELECT * FROM JournalLines WHERE PostedAt >= '|!LastCursor!|'",
			description:
				'The query to run. Filter on the cursor with the cursor variable, using >= so that rows sharing the last value are not lost; the trigger emits each row once.',
			displayOptions: onlyFor(['sql']),
		},
		{
			displayName: 'Database',
			name: 'dbLocation',
			type: 'options',
			default: 'Application',
			options: [
				{ name: 'Application', value: 'Application' },
				{ name: 'Framework', value: 'Framework', description: 'The framework (system) database' },
			],
			displayOptions: onlyFor(['sql']),
		},
		{
			displayName: 'Method Type',
			name: 'methodType',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. JournalForWorkflowUnit',
			displayOptions: onlyFor(['methodCommand']),
		},
		{
			displayName: 'Method Query',
			name: 'methodQuery',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. {Houston.Import}{Actual}{2026M3}{}',
			displayOptions: onlyFor(['methodCommand']),
		},
		resultTableName.property,
		substitutionVariablesProperty,
	]);
}

/** The source as read from the parameters, ready to send with a cursor. */
export interface Source {
	kind: SourceKind;
	applicationName: string;
	resultTableName: string;
	fields: IDataObject;
	subject: string;
	variables: SubstitutionVariable[];
}

export function readSource(read: ReadParameter): Source {
	const picked = read('source', 'dataAdapter');
	if (picked !== 'dataAdapter' && picked !== 'sql' && picked !== 'methodCommand') {
		throw inputError(
			`Source must be Data Adapter, SQL Query or Method Command, not ${describeValue(picked)}`,
			'Pick one of the three sources.',
		);
	}
	const kind: SourceKind = picked;
	const base = {
		kind,
		applicationName: applicationName.read(read),
		resultTableName: resultTableName.read(read),
		variables: parseSubstitutionVariables(read('substitutionVariables', {})),
	};
	if (kind === 'dataAdapter') {
		const name = adapter.read(read);
		return {
			...base,
			subject: `data adapter "${name}"`,
			fields: { WorkspaceName: workspace.read(read) || 'Default', AdapterName: name },
		};
	}
	if (kind === 'sql') {
		const dbLocation =
			read('dbLocation', 'Application') === 'Framework' ? 'Framework' : 'Application';
		return {
			...base,
			subject: 'the SQL query',
			fields: {
				SqlQuery: nameParameter(read, 'sqlQuery', 'SQL Query', 'SELECT * FROM JournalLines'),
				DbLocation: dbLocation,
				XFExternalDBConnectionName: '',
			},
		};
	}
	const methodType = nameParameter(read, 'methodType', 'Method Type', 'JournalForWorkflowUnit');
	return {
		...base,
		subject: `method command "${methodType}"`,
		fields: methodCommandFields(
			methodType,
			optionalNameParameter(read, 'methodQuery', 'Method Query'),
		),
	};
}

/** The source's rows, with `extra` variables (the cursor) added to the user's. */
export async function readSourceRows(
	client: OneStreamClient,
	source: Source,
	extra: SubstitutionVariable[],
	options: IDataObject = {},
): Promise<IDataObject[]> {
	const named = new Set(extra.map((variable) => variable.name.toLowerCase()));
	const variables = [
		...source.variables.filter((variable) => !named.has(variable.name.toLowerCase())),
		...extra,
	];
	// Every table is kept, so that an answer whose one table has another name still counts.
	const collector = new RowCollector({ wanted: () => true, shape: 'asIs' });
	await client.readDataSet(
		{
			endpoint:
				source.kind === 'dataAdapter'
					? 'DataProvider/GetAdoDataSetForAdapter'
					: source.kind === 'sql'
						? 'DataProvider/GetAdoDataSetForSqlCommand'
						: 'DataProvider/GetAdoDataSetForMethodCommand',
			apiVersion: '5.2.0',
			subject: source.subject,
			timeoutMs: readTimeout.read(options),
			retry: readRetrySettings(options),
			body: dataProviderBody(
				client.webServerUrl,
				{
					applicationName: source.applicationName,
					resultTableName: source.resultTableName,
					substitutionVariables: formatSubstitutionVariables(variables, {
						allowCommasInValues: false,
					}),
				},
				source.fields,
			),
		},
		collector,
	);
	if (collector.tables.length === 0) {
		throw new OneStreamError(
			`OneStream's answer for ${source.subject} contains no data table`,
			'Check the name and the substitution variables.',
		);
	}
	const [table] = chooseTables(
		collector.tables,
		source.resultTableName,
		'result',
		source.subject,
		true,
	);
	return collector.dataTable(table).rows;
}
