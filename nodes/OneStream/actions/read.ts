import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { OneStreamError } from '../shared/errors';
import type { TableSelection } from '../shared/options';
import {
	fileName,
	preciseNumbers,
	readRetrySettings,
	readTimeout,
	tables,
} from '../shared/options';
import type { OutputSettings, ReadParameter } from '../shared/parameters';
import {
	applicationName,
	output,
	readOptionsCollection,
	resultTableName,
} from '../shared/parameters';
import type { SubstitutionVariables } from '../shared/substitutionVariables';
import { readSubstitutionVariables } from '../shared/substitutionVariables';
import { FileCollector, RowCollector } from '../dataSet/sinks';
import { chooseTables } from '../dataSet/tables';
import type { TableSummary } from '../dataSet/tables';
import type { RowShape } from '../dataSet/types';
import type { ApiVersion, CallLimits } from '../transport';
import type { ExecutionState } from './node.type';

/** What every Data Provider read takes from the node's parameters, read once per item. */
export interface ReadInputs {
	options: IDataObject;
	applicationName: string;
	resultTableName: string;
	substitutionVariables: SubstitutionVariables;
	output: OutputSettings;
	tables: TableSelection;
	fileName: string;
	preciseNumbers: boolean;
	limits: CallLimits;
}

/** Reads the parameters all reads share; `tableName` stands in for the Result Table Name parameter. */
export function readReadInputs(read: ReadParameter, tableName?: string): ReadInputs {
	const options = readOptionsCollection(read);
	return {
		options,
		applicationName: applicationName.read(read),
		resultTableName: tableName ?? resultTableName.read(read),
		substitutionVariables: readSubstitutionVariables(read, options),
		output: output.read(read),
		tables: tables.read(options),
		fileName: fileName.read(options),
		preciseNumbers: preciseNumbers.read(options),
		limits: { timeoutMs: readTimeout.read(options), retry: readRetrySettings(options) },
	};
}

/** A 5.2.0 Data Provider body: the operation's own fields between the ones every call carries. */
export function dataProviderBody(
	state: ExecutionState,
	inputs: ReadInputs,
	fields: IDataObject,
): IDataObject {
	return {
		BaseWebServerUrl: state.client.webServerUrl,
		ApplicationName: inputs.applicationName,
		...fields,
		ResultDataTableName: inputs.resultTableName,
		CustomSubstVarsAsCommaSeparatedPairs: inputs.substitutionVariables.text,
	};
}

export interface ReadSpec {
	endpoint: string;
	apiVersion: ApiVersion;
	subject: string;
	/** The complete request body. */
	body: IDataObject;
	/** When the answer holds exactly one table, use it whatever its name (business-rule data sets). */
	acceptOnlyTable?: boolean;
	shape?: RowShape;
	/** 7.2.0: the answer may be a `{ Status, DataResult }` envelope instead of a DataSet. */
	envelope?: boolean;
}

const ENVELOPE_TABLE = 'DataResult';

/**
 * Runs a Data Provider read and shapes its tables into items or a file, as the user chose. The
 * answer is streamed: for file output, rows go straight into the file without becoming items.
 */
export async function runRead(
	this: IExecuteFunctions,
	state: ExecutionState,
	inputs: ReadInputs,
	spec: ReadSpec,
): Promise<INodeExecutionData[]> {
	const { resultTableName: requestedTable, output: out } = inputs;
	const requested = requestedTable.toLowerCase();
	const collectorOptions = {
		wanted: (name: string) =>
			inputs.tables === 'all' ||
			spec.acceptOnlyTable === true ||
			name.toLowerCase() === requested ||
			(spec.envelope === true && name === ENVELOPE_TABLE),
		shape: spec.shape ?? 'asIs',
		preciseNumbers: inputs.preciseNumbers,
	};
	const collector =
		out.mode === 'file'
			? new FileCollector(collectorOptions, out.format)
			: new RowCollector(collectorOptions);
	await state.client.readDataSet(
		{
			endpoint: spec.endpoint,
			apiVersion: spec.apiVersion,
			body: spec.body,
			subject: spec.subject,
			timeoutMs: inputs.limits.timeoutMs,
			retry: inputs.limits.retry,
		},
		collector,
	);

	const found = spec.envelope
		? unwrapEnvelope(collector.tables, collector.fields, spec, inputs)
		: collector.tables;
	if (found.length === 0) {
		const fields = Object.keys(collector.fields);
		throw new OneStreamError(
			`OneStream's answer for ${spec.subject} contains no data table`,
			fields.length === 0
				? 'The answer was an empty object. Check the name and the substitution variables.'
				: `The answer has these fields, none of them a table: ${fields.slice(0, 10).join(', ')}.`,
		);
	}
	const chosen = chooseTables(
		found,
		requestedTable,
		inputs.tables,
		spec.subject,
		spec.acceptOnlyTable,
	);

	if (collector instanceof FileCollector) {
		const files: INodeExecutionData[] = [];
		for (const table of chosen) {
			const name =
				inputs.fileName === ''
					? `${table.name}.${out.format}`
					: chosen.length === 1
						? inputs.fileName
						: `${table.name}-${inputs.fileName}`;
			const content = collector.content(table);
			const binary = await this.helpers.prepareBinaryData(
				content,
				name,
				out.format === 'csv' ? 'text/csv' : 'application/json',
			);
			files.push({
				json: {
					table: table.name,
					rowCount: table.rowCount,
					fileName: name,
					fileFormat: out.format,
					fileSize: content.length,
				},
				binary: { [out.binaryProperty]: binary },
			});
		}
		return files;
	}

	const dataTables = chosen.map((table) => collector.dataTable(table));
	if (out.mode === 'table') {
		return dataTables.map((table) => ({
			json: { table: table.name, rowCount: table.rows.length, rows: table.rows },
		}));
	}
	if (dataTables.length === 1) {
		return dataTables[0].rows.map((row) => ({ json: row }));
	}
	// Several tables as rows: tag each row with its table. Spread defines own properties, so a
	// `__proto__` column stays data.
	return dataTables.flatMap((table) =>
		table.rows.map((row) => ({ json: { _table: table.name, ...row } })),
	);
}

/** A completed 7.2.0 `{ Status, DataResult }` envelope becomes the result table; anything else is an error. */
function unwrapEnvelope(
	found: TableSummary[],
	fields: IDataObject,
	spec: ReadSpec,
	inputs: ReadInputs,
): TableSummary[] {
	const status = fields.Status;
	if (status === undefined) return found;
	const dataResult = found.find((table) => table.name === ENVELOPE_TABLE);
	if (status === 'Completed' && dataResult && !(Number(fields.TotalPages) > 1)) {
		dataResult.name = inputs.resultTableName;
		return [dataResult];
	}
	const requestId = fields.RequestId;
	throw new OneStreamError(
		`OneStream answered ${spec.subject} asynchronously (status "${String(status)}"${requestId ? `, request ${String(requestId)}` : ''})`,
		'This node reads synchronous answers only. Use API version 5.2.0 for this adapter, or reduce the size of the request.',
	);
}
