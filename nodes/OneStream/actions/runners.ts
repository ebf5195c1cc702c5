import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DataTable, TableSelection } from '../helpers/dataSet';
import { dataSetTables, selectTables } from '../helpers/dataSet';
import { rowsToCsv, rowsToJson } from '../helpers/files';
import type { SubstitutionVariables } from '../helpers/parameters';
import { readOptions, retryPolicyOption, stringOption, stringParameter, timeoutOption, JOB_TIMEOUT_DEFAULT_MS, READ_TIMEOUT_DEFAULT_MS } from '../helpers/parameters';
import { requireName } from '../helpers/validation';
import type { ApiVersion } from '../transport';
import { requestData, requestJob } from '../transport';
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
	transformRows?: (table: DataTable) => DataTable;
	/** Turns a non-DataSet answer (e.g. a 7.2.0 envelope) into a DataSet, or throws. */
	unwrap?: (body: IDataObject) => IDataObject;
}

/** Runs a Data Provider read and shapes its tables into items or a file, as the user chose. */
export async function runDataQuery(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
	spec: DataQuerySpec,
): Promise<INodeExecutionData[]> {
	const options = readOptions(this, itemIndex);
	const answer = await requestData(this, state.connection, {
		endpoint: spec.endpoint,
		apiVersion: spec.apiVersion,
		body: spec.body,
		kind: 'read',
		subject: spec.subject,
		timeoutMs: timeoutOption(options, READ_TIMEOUT_DEFAULT_MS),
		retry: retryPolicyOption(options),
		itemIndex,
	});
	const dataSet = spec.unwrap ? spec.unwrap(answer) : answer;
	const tables = dataSetTables(dataSet, spec.subject);
	const selection = stringOption<TableSelection>(options, 'tables', ['result', 'all'], 'result');
	const selected =
		spec.acceptOnlyTable && tables.length === 1
			? selectTables(tables, tables[0].name, selection, spec.subject)
			: selectTables(tables, spec.resultTableName, selection, spec.subject);
	const shaped = spec.transformRows ? selected.map(spec.transformRows) : selected;
	return await shapeOutput.call(this, itemIndex, shaped, options);
}

type OutputMode = 'rows' | 'table' | 'file';

async function shapeOutput(
	this: IExecuteFunctions,
	itemIndex: number,
	tables: DataTable[],
	options: IDataObject,
): Promise<INodeExecutionData[]> {
	const output = stringParameter(this, 'output', itemIndex, 'rows') as OutputMode;
	if (output === 'table') {
		return tables.map((table) => ({ json: { table: table.name, rowCount: table.rows.length, rows: table.rows } }));
	}
	if (output === 'file') {
		const format = stringParameter(this, 'fileFormat', itemIndex, 'csv') === 'json' ? 'json' : 'csv';
		const binaryProperty = requireName(
			stringParameter(this, 'binaryPropertyName', itemIndex, 'data'),
			'Put Output File in Field',
			'data',
		);
		const requestedName = typeof options.fileName === 'string' ? options.fileName.trim() : '';
		const files: INodeExecutionData[] = [];
		for (const table of tables) {
			const fileName =
				requestedName === ''
					? `${table.name}.${format}`
					: tables.length === 1
						? requestedName
						: `${table.name}-${requestedName}`;
			const content = format === 'csv' ? rowsToCsv(table.rows) : rowsToJson(table.rows);
			const binary = await this.helpers.prepareBinaryData(
				content,
				fileName,
				format === 'csv' ? 'text/csv' : 'application/json',
			);
			files.push({
				json: { table: table.name, rowCount: table.rows.length, fileName, fileFormat: format, fileSize: content.length },
				binary: { [binaryProperty]: binary },
			});
		}
		return files;
	}
	if (tables.length === 1) {
		return tables[0].rows.map((row) => ({ json: row }));
	}
	// Several tables as rows: tag each row with its table. Spread defines own properties, so a
	// `__proto__` column stays data.
	return tables.flatMap((table) => table.rows.map((row) => ({ json: { _table: table.name, ...row } })));
}
