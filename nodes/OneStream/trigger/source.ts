import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { TableSink } from '../dataSet/sinks';
import type { TableSummary } from '../dataSet/tables';
import { chooseTables, isErrorTable } from '../dataSet/tables';
import type { RowBatch } from '../dataSet/types';
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
import { readLimits } from '../shared/options';
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
	/** The file name of a poll's rows, before the cursor and the extension. */
	fileBaseName: string;
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
			fileBaseName: name,
			fields: { WorkspaceName: workspace.read(read) || 'Default', AdapterName: name },
		};
	}
	if (kind === 'sql') {
		const dbLocation =
			read('dbLocation', 'Application') === 'Framework' ? 'Framework' : 'Application';
		return {
			...base,
			subject: 'the SQL query',
			fileBaseName: base.resultTableName,
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
		fileBaseName: methodType,
		fields: methodCommandFields(
			methodType,
			optionalNameParameter(read, 'methodQuery', 'Method Query'),
		),
	};
}

/** Takes a table's rows one at a time (e.g. a cursor selection that keeps only a few). */
export interface RowConsumer {
	add(row: IDataObject): void;
}

/** Hands every row of every table but an Error table to a consumer made for that table. */
class ConsumerSink<T extends RowConsumer> extends TableSink<T> {
	constructor(private readonly make: () => T) {
		// Error tables are only counted (and their first row kept), for chooseTables to report.
		super({ wanted: (name) => !isErrorTable(name), shape: 'asIs' });
	}

	protected start(): T {
		return this.make();
	}

	protected add(output: T, batch: RowBatch): void {
		for (const row of batch.parse()) output.add(row);
	}

	consumerOf(table: TableSummary): T {
		return this.outputs.get(table) ?? this.make();
	}
}

/**
 * Reads the source, with `extra` variables (the cursor) added to the user's, and returns the
 * consumer of its result table, which has seen the table's rows as they streamed in. A retried
 * read starts with fresh consumers.
 */
export async function readSourceInto<T extends RowConsumer>(
	client: OneStreamClient,
	source: Source,
	extra: SubstitutionVariable[],
	options: IDataObject,
	make: () => T,
): Promise<T> {
	const named = new Set(extra.map((variable) => variable.name.toLowerCase()));
	const variables = [
		...source.variables.filter((variable) => !named.has(variable.name.toLowerCase())),
		...extra,
	];
	const sink = new ConsumerSink(make);
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
			...readLimits(options),
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
		sink,
	);
	if (sink.tables.length === 0) {
		throw new OneStreamError(
			`OneStream's answer for ${source.subject} contains no data table`,
			'Check the name and the substitution variables.',
		);
	}
	// Any one table counts, so that an answer whose one table has another name still reads.
	const [table] = chooseTables(sink.tables, source.resultTableName, 'result', source.subject, true);
	return sink.consumerOf(table);
}

/** The source's rows, all in memory (Workflow Status: one row per workflow unit). */
export async function readSourceRows(
	client: OneStreamClient,
	source: Source,
	options: IDataObject,
): Promise<IDataObject[]> {
	const table = await readSourceInto(client, source, [], options, () => {
		const rows: IDataObject[] = [];
		return { rows, add: (row: IDataObject) => rows.push(row) };
	});
	return table.rows;
}
