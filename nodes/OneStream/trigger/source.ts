import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { EachRowSink } from '../dataSet/sinks';
import type { RowConsumer } from '../dataSet/sinks';
import type { OneStreamReader } from '../read/reader';
import { wantedTable } from '../read/reader';
import type { DataProviderTarget, ReadRequest, ReadSettings } from '../read/request';
import { resultTableName } from '../read/request';
import type { ReadSource } from '../read/sources';
import { dataAdapter, methodCommand, sqlSource } from '../read/sources';
import type { GetParameter } from '../shared/parameters';
import { applicationName, strictChoiceParameter } from '../shared/parameters';
import type { SubstitutionVariable } from '../shared/substitutionVariables';
import {
	getSubstitutionVariables,
	substitutionVariablesProperty,
} from '../shared/substitutionVariables';

/*
 * What New Rows reads: a data adapter, a SQL query or a method command, with the parameters of
 * the Data operations (../read/sources), as rows. Reads retry transient failures as the node's do.
 */

export type SourceKind = 'dataAdapter' | 'sql' | 'methodCommand';

const sql = sqlSource({
	hint: "e.g. SELECT * FROM JournalLines WHERE PostedAt >= '|!LastCursor!|'",
	description:
		'The query to run (Administrator role). Filter on the cursor with the cursor variable, using >= so that rows sharing the last value are not lost; the trigger emits each row once.',
});

const SOURCES: Record<SourceKind, ReadSource<unknown>> = {
	dataAdapter: dataAdapter as ReadSource<unknown>,
	sql: sql as ReadSource<unknown>,
	methodCommand: methodCommand as ReadSource<unknown>,
};

const sourceKind = strictChoiceParameter<SourceKind>({
	displayName: 'Source',
	name: 'source',
	noDataExpression: true,
	default: 'dataAdapter',
	listed: ['Data Adapter', 'SQL Query', 'Method Command'],
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
			description:
				'A SQL query on the application, framework or an external database (Administrator role)',
		},
	],
});

/** The source's parameters, shown for the event that reads one. */
export function sourceProperties(event: string): INodeProperties[] {
	const onlyFor = (kind: SourceKind, properties: INodeProperties[]) =>
		updateDisplayOptions({ show: { source: [kind] } }, properties);
	return updateDisplayOptions({ show: { event: [event] } }, [
		sourceKind.property,
		...onlyFor('dataAdapter', dataAdapter.properties),
		...onlyFor('sql', sql.properties),
		...onlyFor('methodCommand', methodCommand.properties),
		resultTableName.savedBeforeProperty,
		substitutionVariablesProperty,
	]);
}

/** The parameters that name what a source reads, as the workflow saves them (object names by value). */
const SOURCE_PARAMETERS: Record<SourceKind, string[]> = {
	dataAdapter: ['workspaceName', 'adapterName'],
	sql: ['sqlQuery', 'dbLocation', 'externalConnectionName'],
	methodCommand: ['methodType', 'methodTypeOther', 'methodQuery'],
};

function savedValue(value: unknown): unknown {
	// A resource locator saves its mode and a cached name beside the value: only the value names it.
	return typeof value === 'object' && value !== null && '__rl' in value
		? (value as { value?: unknown }).value
		: value;
}

/**
 * The source as the workflow saves it, expressions unevaluated: the application, the object and
 * the substitution variables. A changed query or object is another source; a query that builds a
 * date window from $now is the same one every day.
 */
export function rawSourceIdentity(saved: INodeParameters): unknown[] {
	const kind = typeof saved.source === 'string' ? saved.source : 'dataAdapter';
	const names = SOURCE_PARAMETERS[kind as SourceKind] ?? [];
	return [
		kind,
		savedValue(saved.applicationName),
		...names.map((name) => savedValue(saved[name]) ?? null),
		saved.substitutionVariables ?? null,
	];
}

/** A source as read from the parameters, ready to send with a cursor. */
export interface Source {
	subject: string;
	/** The file name of a poll's rows, before the cursor and the extension. */
	fileBaseName: string;
	resultTableName: string;
	/** What the kept state belongs to: a changed source starts afresh. */
	identity: unknown[];
	/** The request, with `extra` variables (the cursor) in place of any of the user's of that name. */
	request(extra: SubstitutionVariable[]): ReadRequest;
}

const COMMON_FIELDS = new Set([
	'BaseWebServerUrl',
	'ApplicationName',
	'ResultDataTableName',
	'CustomSubstVarsAsCommaSeparatedPairs',
]);

/** The request's own fields: the body without what every Data Provider body carries. */
function ownFields(body: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(body).filter(([key]) => !COMMON_FIELDS.has(key)));
}

/** The chosen source; `cursorVariable` is the variable each poll adds (its placeholder counts as filled). */
export function getSource(
	parameters: GetParameter,
	webServerUrl: string,
	cursorVariable: string,
): Source {
	const kind = sourceKind.get(parameters);
	const definition = SOURCES[kind];
	const application = applicationName.get(parameters);
	const tableName = resultTableName.get(parameters);
	const object = definition.get(parameters);
	const build = (extra: SubstitutionVariable[]): ReadRequest => {
		const variables = getSubstitutionVariables(parameters, extra);
		const target: DataProviderTarget = {
			webServerUrl,
			applicationName: application,
			resultTableName: tableName,
			substitutionVariables: variables.text,
		};
		return definition.request(target, object, variables.list);
	};
	const sample = build([{ name: cursorVariable, value: '' }]);
	return {
		subject: sample.subject,
		fileBaseName: sample.fileBaseName,
		resultTableName: tableName,
		identity: [kind, application, ownFields(sample.body)],
		request: build,
	};
}

/**
 * Reads `request` and returns the consumer of its result table, which has seen the table's rows as
 * they streamed in. A retried read starts with fresh consumers.
 */
export async function readInto<T extends RowConsumer>(
	reader: OneStreamReader,
	request: ReadRequest,
	settings: ReadSettings,
	make: () => T,
): Promise<T> {
	const sink = new EachRowSink(wantedTable(request, settings), make);
	const [table] = await reader.read(request, sink, settings);
	return sink.consumerOf(table);
}
