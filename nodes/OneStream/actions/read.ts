import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { columnsToReturn, maxRows } from '../shared/agent';
import { inputError, OneStreamError } from '../shared/errors';
import type { TableSelection } from '../shared/options';
import {
	fileName,
	maxRowsOption,
	pollSchedule,
	preciseNumbers,
	readLimits,
	runningStatuses,
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
import { mimeTypeOf, safeFileName } from '../dataSet/files';
import { FileCollector, RowCollector } from '../dataSet/sinks';
import { chooseTables } from '../dataSet/tables';
import type { CubeViewColumnNames, RowShape } from '../dataSet/types';
import { setField } from '../dataSet/types';
import { dataProviderBody as providerBody, methodCommandFields } from '../transport';
import type { ApiVersion, CallLimits, EnvelopeSettings } from '../transport';
import type { ExecutionState } from './node.type';

/** The output parameters of a read: items or a file in a workflow; Max Rows and columns for an agent. */
export const agentReadProperties: INodeProperties[] = [maxRows.property, columnsToReturn.property];

/** What an AI agent gets from a read: a bounded number of rows, of the columns asked for. */
export interface AgentReadSettings {
	maxRows: number;
	/** Empty: every column. */
	columns: string[];
}

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
	/** The Max Rows option: read no further than this many rows (undefined: all). */
	maxRows?: number;
	limits: CallLimits;
	/** Set when an AI agent calls the node as a tool: the answer is rows, bounded, never a file. */
	agent?: AgentReadSettings;
}

/** Reads the parameters all reads share; `tableName` stands in for the Result Table Name parameter. */
export function readReadInputs(
	read: ReadParameter,
	state: ExecutionState,
	tableName?: string,
): ReadInputs {
	const options = readOptionsCollection(read);
	const agent: AgentReadSettings | undefined = state.toolCall
		? { maxRows: maxRows.read(read), columns: columnsToReturn.read(read) }
		: undefined;
	return {
		options,
		applicationName: applicationName.read(read),
		resultTableName: tableName ?? resultTableName.read(read),
		substitutionVariables: readSubstitutionVariables(read, options),
		// An agent gets no binary data (n8n drops it from a tool's answer), so never a file.
		output: agent ? { mode: 'rows', format: 'csv', binaryProperty: '' } : output.read(read),
		agent,
		tables: tables.read(options),
		fileName: fileName.read(options),
		preciseNumbers: preciseNumbers.read(options),
		maxRows: maxRowsOption.read(options),
		limits: readLimits(options),
	};
}

/** A 5.2.0 Data Provider body for this item's application, result table and variables. */
export function dataProviderBody(
	state: ExecutionState,
	inputs: ReadInputs,
	fields: IDataObject,
): IDataObject {
	return providerBody(
		state.client.webServerUrl,
		{
			applicationName: inputs.applicationName,
			resultTableName: inputs.resultTableName,
			substitutionVariables: inputs.substitutionVariables.text,
		},
		fields,
	);
}

/** A 5.2.0 method-command body (business rules, method commands, workflow status). */
export function methodCommandBody(
	state: ExecutionState,
	inputs: ReadInputs,
	methodType: string,
	methodQuery: string,
): IDataObject {
	return dataProviderBody(state, inputs, methodCommandFields(methodType, methodQuery));
}

export interface ReadSpec {
	endpoint: string;
	apiVersion: ApiVersion;
	subject: string;
	/** The object's name, for default file names: GL_Export.csv. */
	fileBaseName: string;
	/** The complete request body. */
	body: IDataObject;
	/** When the answer holds exactly one table, use it whatever its name (business-rule data sets). */
	acceptOnlyTable?: boolean;
	shape?: RowShape;
	columnNames?: CubeViewColumnNames;
	/** 7.2.0: the answer may be a `{ Status, RequestId, TotalPages, DataResult }` envelope. */
	envelope?: EnvelopeSettings;
}

/** How this read follows a 7.2.0 envelope; `requestBody` holds `IsSystemLevel` and `SI`. */
export function envelopeSettings(inputs: ReadInputs, requestBody: IDataObject): EnvelopeSettings {
	return {
		tableName: inputs.resultTableName,
		requestBody,
		pollScheduleMs: pollSchedule.read(inputs.options),
		runningStatuses: runningStatuses.read(inputs.options),
	};
}

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
			inputs.tables === 'all' || spec.acceptOnlyTable === true || name.toLowerCase() === requested,
		shape: spec.shape ?? 'asIs',
		columnNames: spec.columnNames,
		preciseNumbers: inputs.preciseNumbers,
		rowLimit: rowLimitOf(inputs),
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
			envelope: spec.envelope,
		},
		collector,
	);

	const found = collector.tables;
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

	const limited = collector.limited;
	if (limited && !inputs.agent && !state.rowLimitNoticed) {
		state.rowLimitNoticed = true;
		this.addExecutionHints({
			message: `Only the first ${inputs.maxRows} rows were read (Max Rows): OneStream's answer has more. Remove the Max Rows option to read every row.`,
			type: 'info',
			location: 'outputPane',
		});
	}
	const limitedField = limited ? { limited: true } : {};

	if (collector instanceof FileCollector) {
		const files: INodeExecutionData[] = [];
		for (const table of chosen) {
			const name =
				inputs.fileName === ''
					? `${safeFileName(chosen.length === 1 ? spec.fileBaseName : `${spec.fileBaseName}-${table.name}`)}.${out.format}`
					: chosen.length === 1
						? inputs.fileName
						: `${table.name}-${inputs.fileName}`;
			const content = collector.content(table);
			const binary = await this.helpers.prepareBinaryData(content, name, mimeTypeOf(out.format));
			files.push({
				json: {
					table: table.name,
					rowCount: table.rowCount,
					fileName: name,
					fileFormat: out.format,
					fileSize: content.length,
					...limitedField,
				},
				binary: { [out.binaryProperty]: binary },
			});
		}
		return files;
	}

	const dataTables = chosen.map((table) => collector.dataTable(table));
	if (inputs.agent) return [{ json: agentAnswer(dataTables, inputs.agent, limited) }];
	if (out.mode === 'table') {
		return dataTables.map((table) => ({
			json: {
				table: table.name,
				rowCount: table.rows.length,
				...limitedField,
				rows: table.rows,
			},
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

/** The most rows a read keeps: an agent's Max Rows, else the Max Rows option (the smaller of both). */
function rowLimitOf(inputs: ReadInputs): number | undefined {
	const limits = [inputs.agent?.maxRows, inputs.maxRows].filter(
		(limit): limit is number => limit !== undefined,
	);
	return limits.length === 0 ? undefined : Math.min(...limits);
}

/**
 * A read's answer for an AI agent, as one item (n8n hands a tool's items to the model as JSON):
 * at most Max Rows rows of the columns asked for, and a plain statement when there are more.
 */
function agentAnswer(
	dataTables: Array<{ name: string; rows: IDataObject[] }>,
	agent: AgentReadSettings,
	limited: boolean,
): IDataObject {
	const tagged = dataTables.length > 1;
	const all = dataTables.flatMap((table) =>
		table.rows.map((row) => (tagged ? { _table: table.name, ...row } : row)),
	);
	const rows = all.map((row) => pickColumns(row, agent.columns));
	return {
		...(tagged ? { tables: dataTables.map((table) => table.name) } : { table: dataTables[0].name }),
		rowCount: rows.length,
		...(limited
			? {
					limited: true,
					note: `Only the first ${rows.length} rows are returned (the tool's Max Rows); more rows exist. Narrow the request (for example with substitution variables) rather than asking again.`,
				}
			: { limited: false }),
		rows,
	};
}

function pickColumns(row: IDataObject, columns: string[]): IDataObject {
	if (columns.length === 0) return row;
	const picked: IDataObject = {};
	for (const column of columns) {
		if (!Object.prototype.hasOwnProperty.call(row, column)) {
			throw inputError(
				`The answer has no column "${column}" (Columns to Return)`,
				`Its columns are: ${Object.keys(row).slice(0, 40).join(', ')}. Correct Columns to Return, or leave it empty for all columns.`,
			);
		}
		setField(picked, column, row[column]);
	}
	return picked;
}
