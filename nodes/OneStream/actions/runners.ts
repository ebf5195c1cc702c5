import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { TableSelection } from '../helpers/dataSet';
import { chooseTables } from '../helpers/dataSet';
import type { RowTransform, TableInfo } from '../helpers/dataSetSinks';
import { FileCollector, RowCollector } from '../helpers/dataSetSinks';
import type { SubstitutionVariables } from '../helpers/parameters';
import { readOptions, retryPolicyOption, stringOption, stringParameter, timeoutOption, JOB_TIMEOUT_DEFAULT_MS, READ_TIMEOUT_DEFAULT_MS } from '../helpers/parameters';
import { requireName, ResponseError } from '../helpers/validation';
import type { ApiVersion } from '../transport';
import { requestDataSet, requestJob } from '../transport';
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

/** Sends a Data Management job once and reports its result as one item. */
export async function runJob(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
	spec: JobSpec,
): Promise<INodeExecutionData[]> {
	const options = readOptions(this, itemIndex);
	const startedAt = Date.now();
	const reply = await requestJob(this, state.connection, {
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
	const finishedAt = Date.now();
	return [
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
}

export interface DataQuerySpec {
	endpoint: string;
	apiVersion: ApiVersion;
	subject: string;
	/** The complete request body. */
	body: IDataObject;
	resultTableName: string;
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
	const options = readOptions(this, itemIndex);
	const selection = stringOption<TableSelection>(options, 'tables', ['result', 'all'], 'result');
	const output = stringOption<OutputMode>({ output: stringParameter(this, 'output', itemIndex, 'rows') }, 'output', ['rows', 'table', 'file'], 'rows');
	const format = stringParameter(this, 'fileFormat', itemIndex, 'csv') === 'json' ? 'json' : 'csv';
	const requested = spec.resultTableName.toLowerCase();
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
	const chosen = chooseTables(tables, spec.resultTableName, selection, spec.subject, spec.acceptOnlyTable);

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
		dataResult.name = spec.resultTableName;
		return [dataResult];
	}
	const requestId = collector.fields.RequestId;
	throw new ResponseError(
		`OneStream answered ${spec.subject} asynchronously (status "${String(status)}"${requestId ? `, request ${String(requestId)}` : ''})`,
		'This node reads synchronous answers only. Use API version 5.2.0 for this adapter, or reduce the size of the request.',
	);
}
