import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { TableSelection } from '../helpers/dataSet';
import { chooseTables } from '../helpers/dataSet';
import type { RowTransform, TableInfo } from '../helpers/dataSetSinks';
import { FileCollector, RowCollector } from '../helpers/dataSetSinks';
import type { SubstitutionVariables } from '../helpers/parameters';
import {
	JOB_TIMEOUT_DEFAULT_MS,
	READ_TIMEOUT_DEFAULT_MS,
	readApplicationName,
	readOptions,
	readSubstitutionVariableParameter,
	retryPolicyOption,
	stringOption,
	stringParameter,
	timeoutOption,
} from '../helpers/parameters';
import { unfilledPlaceholders } from '../helpers/substitutionVariables';
import { InputError, requireName, ResponseError } from '../helpers/validation';
import type { ApiVersion, JobReply } from '../transport';
import { requestDataSet, requestJob } from '../transport';
import { mayHaveRun, sentJobs } from './jobMemory';
import type { ExecutionState } from './node.type';

export interface JobSpec {
	endpoint: 'DataManagement/ExecuteSequence' | 'DataManagement/ExecuteStep';
	/** e.g. `Data Management sequence "Nightly_Consolidation"`. */
	subject: string;
	/** Body fields besides BaseWebServerUrl and the substitution variables. */
	body: IDataObject;
	/** What ran, copied into the output item. */
	ran: IDataObject;
	substitutionVariables: SubstitutionVariables;
}

/**
 * Sends a Data Management job once and reports its result as one item. Even when n8n's own Retry
 * On Fail runs the node again, a job that was sent is not sent again: a finished one gives its
 * output again, a failed or unknown one its error; only a job that provably did not start (e.g.
 * 401, 429) is sent on the next try.
 */
export async function runJob(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
	spec: JobSpec,
): Promise<INodeExecutionData[]> {
	const sent = sentJobs(this);
	const previous = sent?.get(itemIndex);
	if (previous?.output) return previous.output;
	if (previous?.error) throw previous.error;
	const options = readOptions(this, itemIndex);
	const startedAt = Date.now();
	let reply: JobReply;
	try {
		reply = await requestJob(this, state.connection, {
			endpoint: spec.endpoint,
			apiVersion: '5.2.0',
			body: {
				BaseWebServerUrl: state.connection.webServerUrl,
				...spec.body,
				CustomSubstVarsAsCommaSeparatedPairs: spec.substitutionVariables.text,
			},
			kind: 'job',
			subject: spec.subject,
			timeoutMs: timeoutOption(options, JOB_TIMEOUT_DEFAULT_MS),
			itemIndex,
		});
	} catch (error) {
		if (mayHaveRun(error)) sent?.set(itemIndex, { error });
		// The transport's errors are NodeApiErrors already; the constructor hands them back as they are.
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
	const finishedAt = Date.now();
	const output: INodeExecutionData[] = [
		{
			json: {
				success: true,
				message: reply.message,
				...spec.ran,
				substitutionVariables: spec.substitutionVariables.asObject,
				startedAt: new Date(startedAt).toISOString(),
				finishedAt: new Date(finishedAt).toISOString(),
				durationMs: finishedAt - startedAt,
			},
		},
	];
	sent?.set(itemIndex, { output });
	return output;
}

/** What every Data Provider read takes from the node's parameters. */
export interface DataQueryInputs {
	options: IDataObject;
	applicationName: string;
	resultTableName: string;
	substitutionVariables: SubstitutionVariables;
}

/** Reads the shared parameters; `resultTableName` overrides the parameter of that name. */
export function readDataQueryInputs(this: IExecuteFunctions, itemIndex: number, resultTableName?: string): DataQueryInputs {
	const options = readOptions(this, itemIndex);
	return {
		options,
		applicationName: readApplicationName(this, itemIndex),
		resultTableName:
			resultTableName ?? requireName(stringParameter(this, 'resultTableName', itemIndex, 'Results'), 'Result Table Name', 'Results'),
		substitutionVariables: readSubstitutionVariableParameter(this, itemIndex, options),
	};
}

/** Refuses a query whose `|!name!|` placeholders no substitution variable fills: OneStream would run it with the raw text. */
export function assertPlaceholdersFilled(what: string, query: string, inputs: DataQueryInputs): void {
	const missing = unfilledPlaceholders(query, inputs.substitutionVariables.list);
	if (missing.length === 0) return;
	throw new InputError(
		`The ${what} uses ${missing.map((name) => `|!${name}!|`).join(', ')} but no substitution variable has ${missing.length === 1 ? 'that name' : 'those names'}`,
		`Add ${missing.length === 1 ? 'a substitution variable' : 'substitution variables'} named ${missing.join(', ')}, or remove the placeholder from the query. OneStream would otherwise run it with the placeholder text in it.`,
	);
}

/** A 5.2.0 Data Provider body: the operation's own fields between the ones every call carries. */
export function dataProviderBody(state: ExecutionState, inputs: DataQueryInputs, fields: IDataObject): IDataObject {
	return {
		BaseWebServerUrl: state.connection.webServerUrl,
		ApplicationName: inputs.applicationName,
		...fields,
		ResultDataTableName: inputs.resultTableName,
		CustomSubstVarsAsCommaSeparatedPairs: inputs.substitutionVariables.text,
	};
}

export interface DataQuerySpec {
	endpoint: string;
	apiVersion: ApiVersion;
	subject: string;
	/** The complete request body. */
	body: IDataObject;
	inputs: DataQueryInputs;
	/** When the answer holds exactly one table, use it whatever its name (business-rule data sets). */
	acceptOnlyTable?: boolean;
	transformRows?: RowTransform;
	/** 7.2.0: the answer may be a `{ Status, DataResult }` envelope instead of a DataSet. */
	envelope?: boolean;
}

type OutputMode = 'rows' | 'table' | 'file';

/**
 * Runs a Data Provider read and shapes its tables into items or a file, as the user chose. The
 * answer is streamed: for file output, rows go straight into the file without becoming items.
 */
export async function runDataQuery(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
	spec: DataQuerySpec,
): Promise<INodeExecutionData[]> {
	const { options, resultTableName } = spec.inputs;
	const selection = stringOption<TableSelection>(options, 'tables', ['result', 'all'], 'result');
	const output = stringOption<OutputMode>({ output: stringParameter(this, 'output', itemIndex, 'rows') }, 'output', ['rows', 'table', 'file'], 'rows');
	const format = stringParameter(this, 'fileFormat', itemIndex, 'csv') === 'json' ? 'json' : 'csv';
	const requested = resultTableName.toLowerCase();
	const collectorOptions = {
		wanted: (name: string) =>
			selection === 'all' ||
			spec.acceptOnlyTable === true ||
			name.toLowerCase() === requested ||
			(spec.envelope === true && name === ENVELOPE_TABLE),
		transform: spec.transformRows,
	};
	const collector = output === 'file' ? new FileCollector(collectorOptions, format) : new RowCollector(collectorOptions);
	// Checked before the request, like every other input.
	const binaryProperty =
		output === 'file' ? requireName(stringParameter(this, 'binaryPropertyName', itemIndex, 'data'), 'Put Output File in Field', 'data') : '';
	await requestDataSet(this, state.connection, {
		endpoint: spec.endpoint,
		apiVersion: spec.apiVersion,
		body: spec.body,
		kind: 'read',
		subject: spec.subject,
		timeoutMs: timeoutOption(options, READ_TIMEOUT_DEFAULT_MS),
		retry: retryPolicyOption(options),
		itemIndex,
	}, collector);

	const tables = spec.envelope ? unwrapEnvelope(collector, spec) : collector.tables;
	if (tables.length === 0) {
		const fields = Object.keys(collector.fields);
		throw new ResponseError(
			`OneStream's answer for ${spec.subject} contains no data table`,
			fields.length === 0
				? 'The answer was an empty object. Check the name and the substitution variables.'
				: `The answer has these fields, none of them a table: ${fields.slice(0, 10).join(', ')}.`,
		);
	}
	const chosen = chooseTables(tables, resultTableName, selection, spec.subject, spec.acceptOnlyTable);

	if (collector instanceof FileCollector) {
		const requestedName = typeof options.fileName === 'string' ? options.fileName.trim() : '';
		const files: INodeExecutionData[] = [];
		for (const table of chosen) {
			const fileName =
				requestedName === '' ? `${table.name}.${format}` : chosen.length === 1 ? requestedName : `${table.name}-${requestedName}`;
			const content = collector.content(table);
			const binary = await this.helpers.prepareBinaryData(content, fileName, format === 'csv' ? 'text/csv' : 'application/json');
			files.push({
				json: { table: table.name, rowCount: table.rowCount, fileName, fileFormat: format, fileSize: content.length },
				binary: { [binaryProperty]: binary },
			});
		}
		return files;
	}

	const dataTables = chosen.map((table) => collector.dataTable(table));
	if (output === 'table') {
		return dataTables.map((table) => ({ json: { table: table.name, rowCount: table.rows.length, rows: table.rows } }));
	}
	if (dataTables.length === 1) {
		return dataTables[0].rows.map((row) => ({ json: row }));
	}
	// Several tables as rows: tag each row with its table. Spread defines own properties, so a
	// `__proto__` column stays data.
	return dataTables.flatMap((table) => table.rows.map((row) => ({ json: { _table: table.name, ...row } })));
}

const ENVELOPE_TABLE = 'DataResult';

/** A completed 7.2.0 `{ Status, DataResult }` envelope becomes the result table; anything else is an error. */
function unwrapEnvelope(collector: RowCollector | FileCollector, spec: DataQuerySpec): TableInfo[] {
	const status = collector.fields.Status;
	if (status === undefined) return collector.tables;
	const dataResult = collector.tables.find((table) => table.name === ENVELOPE_TABLE);
	if (status === 'Completed' && dataResult && !(Number(collector.fields.TotalPages) > 1)) {
		dataResult.name = spec.inputs.resultTableName;
		return [dataResult];
	}
	const requestId = collector.fields.RequestId;
	throw new ResponseError(
		`OneStream answered ${spec.subject} asynchronously (status "${String(status)}"${requestId ? `, request ${String(requestId)}` : ''})`,
		'This node reads synchronous answers only. Use API version 5.2.0 for this adapter, or reduce the size of the request.',
	);
}
