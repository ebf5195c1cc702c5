import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { RowCollector } from '../dataSet/sinks';
import { setField } from '../dataSet/types';
import type { DataProviderTarget, ReadRequest, ReadSettings } from '../read/request';
import { wantedTable } from '../read/reader';
import type { EnvelopeSettings } from '../read/envelope';
import { pollSchedule } from '../read/envelope';
import {
	fileName,
	maxRows as maxRowsOption,
	preciseNumbers,
	readRetries,
	readSettings,
	readTimeout,
	resultTableName,
	retryDelay,
	tables,
} from '../read/request';
import type { OutputSettings } from '../read/output';
import { collectorFor, output, readItems } from '../read/output';
import { inputError } from '../shared/errors';
import type { GetParameter, Parameter } from '../shared/parameters';
import { applicationName, itemParameters, optionsProperty } from '../shared/parameters';
import type { SubstitutionVariables } from '../shared/substitutionVariables';
import {
	allowCommasInValues,
	getSubstitutionVariables,
	substitutionVariablesJson,
	substitutionVariablesProperty,
} from '../shared/substitutionVariables';
import { columnsToReturn, maxAnswerSize, maxRows as agentMaxRows } from './agent';
import type { ExecutionState } from './node.type';
import { parallelCalls } from './parallelCalls';
import { readSharingNotice, runIdenticalReadsOnce } from './readSharing';

/*
 * The node's side of a read, for one item: the parameters every read operation shares, then the
 * read itself (../read) into items or a file, or, for an AI agent, one bounded answer.
 */

/** The output parameters of a read: items or a file in a workflow; Max Rows and columns for an agent. */
export const agentReadProperties: INodeProperties[] = [
	agentMaxRows.property,
	maxAnswerSize.property,
	columnsToReturn.property,
];

/** What a read operation shows besides what every read has. */
export interface ReadPropertiesSpec {
	/** The object's parameters, right after Application. */
	object: INodeProperties[];
	/** Whether Result Table Name names the answer's table (the Data Provider reads). */
	resultTable?: boolean;
	/** The substitution variables' property (the standard one by default); false: the read has none. */
	substitutionVariables?: INodeProperties | false;
	/** Parameters that shape the rows, before Output. */
	shaping?: INodeProperties[];
	/** A tool-only permission (Run SQL Query's), before the agent's read settings. */
	agentPermission?: INodeProperties;
	/** The operation's own options, before those every read has. */
	options?: Array<Parameter<unknown>>;
}

/** A read operation's parameters, in the order every read shows them. */
export function readOperationProperties(spec: ReadPropertiesSpec): INodeProperties[] {
	const variables =
		spec.substitutionVariables === false
			? []
			: [spec.substitutionVariables ?? substitutionVariablesProperty, substitutionVariablesJson];
	return [
		readSharingNotice,
		applicationName.property,
		...spec.object,
		...(spec.resultTable === false ? [] : [resultTableName.savedBeforeProperty]),
		...variables,
		...(spec.shaping ?? []),
		...output.properties,
		...(spec.agentPermission ? [spec.agentPermission] : []),
		...agentReadProperties,
		readOptionsProperty([
			...(spec.options ?? []),
			...(spec.resultTable === false ? [] : [resultTableName]),
		]),
	];
}

/** The Options collection of a read: the operation's own options, then those every read has. */
export function readOptionsProperty(own: Array<Parameter<unknown>> = []): INodeProperties {
	return optionsProperty([
		...own,
		allowCommasInValues,
		fileName,
		preciseNumbers,
		maxRowsOption,
		parallelCalls,
		readRetries,
		retryDelay,
		runIdenticalReadsOnce,
		tables,
		readTimeout,
	]);
}

/** What an AI agent gets from a read: a bounded number of rows, of the columns asked for. */
export interface AgentReadSettings {
	maxRows: number;
	/** The most bytes of JSON the answer holds. */
	maxBytes: number;
	/** Empty: every column. */
	columns: string[];
}

/** Room in an agent's answer for what is not rows: table name, counts, the note. */
const ANSWER_OVERHEAD_BYTES = 1024;

/** What every read operation takes from the node's parameters, once per item. */
export interface ReadInputs {
	/** The input item this read is for. */
	itemIndex: number;
	/** Run Identical Reads Once: items asking for the same read share it. */
	shareIdentical: boolean;
	applicationName: string;
	resultTableName: string;
	substitutionVariables: SubstitutionVariables;
	output: OutputSettings;
	settings: ReadSettings;
	fileName: string;
	preciseNumbers: boolean;
	/** The Max Rows option: read no further than this many rows (undefined: all). */
	maxRows?: number;
	/** Set when an AI agent calls the node as a tool: the answer is rows, bounded, never a file. */
	agent?: AgentReadSettings;
}

/** Reads the parameters all reads share; `tableName` stands in for the Result Table Name parameter. */
export function getReadInputs(
	parameters: GetParameter,
	state: ExecutionState,
	itemIndex: number,
	tableName?: string,
): ReadInputs {
	const agent: AgentReadSettings | undefined = state.toolCall
		? {
				maxRows: agentMaxRows.get(parameters),
				maxBytes: maxAnswerSize.get(parameters) * 1024,
				columns: columnsToReturn.get(parameters),
			}
		: undefined;
	return {
		itemIndex,
		shareIdentical: runIdenticalReadsOnce.get(parameters),
		applicationName: applicationName.get(parameters),
		resultTableName: tableName ?? resultTableName.get(parameters),
		substitutionVariables: getSubstitutionVariables(parameters),
		// An agent gets no binary data (n8n drops it from a tool's answer), so never a file.
		output: agent ? { mode: 'rows', format: 'csv', binaryProperty: '' } : output.get(parameters),
		agent,
		settings: readSettings(parameters),
		fileName: fileName.get(parameters),
		preciseNumbers: preciseNumbers.get(parameters),
		maxRows: maxRowsOption.get(parameters),
	};
}

/** Where this item's 5.2.0 Data Provider read goes: the application, result table and variables. */
export function readTarget(state: ExecutionState, inputs: ReadInputs): DataProviderTarget {
	return {
		webServerUrl: state.client.webServerUrl,
		applicationName: inputs.applicationName,
		resultTableName: inputs.resultTableName,
		substitutionVariables: inputs.substitutionVariables.text,
	};
}

/** One item's parameters, what every read takes from them, and where its Data Provider read goes. */
export function readOperationInputs(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
	tableName?: string,
): { parameters: GetParameter; inputs: ReadInputs; target: DataProviderTarget } {
	const parameters = itemParameters(this, itemIndex);
	const inputs = getReadInputs(parameters, state, itemIndex, tableName);
	return { parameters, inputs, target: readTarget(state, inputs) };
}

/**
 * Runs a read and shapes its tables into items or a file, as the user chose; an item whose read
 * an earlier item of this run already asked for shares it (Run Identical Reads Once). The answer
 * is streamed: for file output, rows go straight into the file without becoming items.
 */
export async function readToItems(
	this: IExecuteFunctions,
	state: ExecutionState,
	inputs: ReadInputs,
	request: ReadRequest,
): Promise<INodeExecutionData[]> {
	const read = async () => await readOnce.call(this, state, inputs, request);
	if (inputs.agent !== undefined || !inputs.shareIdentical) return await read();
	// Everything that shapes the read and its output, but not which item asks.
	const { itemIndex, ...shaping } = inputs;
	return await state.reads.run(JSON.stringify([request, shaping]), itemIndex, read);
}

async function readOnce(
	this: IExecuteFunctions,
	state: ExecutionState,
	inputs: ReadInputs,
	request: ReadRequest,
): Promise<INodeExecutionData[]> {
	const agent = inputs.agent;
	const collector = collectorFor(inputs.output, {
		wanted: wantedTable(request, inputs.settings),
		shape: request.shape ?? 'asIs',
		columnNames: request.columnNames,
		preciseNumbers: inputs.preciseNumbers,
		rowLimit: rowLimitOf(inputs),
		// An agent's answer is bounded in bytes too: a few wide rows can be megabytes.
		budget: agent && {
			bytes: Math.max(0, agent.maxBytes - ANSWER_OVERHEAD_BYTES),
			measure: (row) => Buffer.byteLength(JSON.stringify(pickColumns(row, agent.columns))) + 1,
		},
	});
	const chosen = await state.reader.read(request, collector, inputs.settings);

	if (collector.limited && !inputs.agent && !state.rowLimitNoticed) {
		state.rowLimitNoticed = true;
		this.addExecutionHints({
			message: `Only the first ${inputs.maxRows} rows were read (Max Rows): OneStream's answer has more. Remove the Max Rows option to read every row.`,
			type: 'info',
			location: 'outputPane',
		});
	}
	if (agent && collector instanceof RowCollector) {
		const dataTables = chosen.map((table) => collector.dataTable(table));
		return [{ json: agentAnswer(dataTables, agent, collector.limitedBy) }];
	}
	return await readItems(
		async (content, name, mimeType) =>
			await this.helpers.prepareBinaryData(content, name, mimeType),
		collector,
		chosen,
		inputs.output,
		{ fileBaseName: request.fileBaseName, fileName: inputs.fileName },
	);
}

/** How this read follows a 7.2.0 envelope; `requestBody` holds `IsSystemLevel` and `SI`. */
export function envelopeSettings(
	parameters: GetParameter,
	inputs: ReadInputs,
	requestBody: IDataObject,
): EnvelopeSettings {
	return {
		tableName: inputs.resultTableName,
		requestBody,
		pollScheduleMs: pollSchedule.get(parameters),
	};
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
	limitedBy: 'rows' | 'size' | undefined,
): IDataObject {
	const tagged = dataTables.length > 1;
	const all = dataTables.flatMap((table) =>
		table.rows.map((row) => (tagged ? { _table: table.name, ...row } : row)),
	);
	const rows = all.map((row) => pickColumns(row, agent.columns));
	const narrow =
		'Narrow the request (for example with substitution variables) rather than asking again.';
	const note =
		limitedBy === 'rows'
			? `Only the first ${rows.length} rows are returned (the tool's Max Rows); more rows exist. ${narrow}`
			: limitedBy === 'size' && rows.length === 0
				? `No row is returned: the first row alone is larger than the tool's Max Answer Size (${agent.maxBytes / 1024} KB). Ask for fewer columns (Columns to Return), or narrow the request.`
				: `Only the first ${rows.length} rows are returned: the answer stops at the tool's Max Answer Size (${agent.maxBytes / 1024} KB); more rows exist. Fewer columns (Columns to Return) let more rows fit. ${narrow}`;
	return {
		...(tagged ? { tables: dataTables.map((table) => table.name) } : { table: dataTables[0].name }),
		rowCount: rows.length,
		...(limitedBy === undefined ? { limited: false } : { limited: true, limitedBy, note }),
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
