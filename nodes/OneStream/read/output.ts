import type { IBinaryData, IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { mimeTypeOf, safeFileName } from '../dataSet/files';
import type { CollectorOptions } from '../dataSet/sinks';
import { FileCollector, RowCollector } from '../dataSet/sinks';
import type { TableSummary } from '../dataSet/tables';
import type { DataRow } from '../dataSet/types';
import type { GetParameter } from '../shared/parameters';
import { choiceParameter, nameParameter } from '../shared/parameters';

/*
 * What a read hands to n8n: one item per row, one item per table, or a CSV or JSON file, as the
 * user chose in Output. The node and the trigger share the parameters and the item shapes.
 */

export type OutputMode = 'rows' | 'table' | 'file';
export type FileFormat = 'csv' | 'json';

export interface OutputSettings {
	mode: OutputMode;
	format: FileFormat;
	/** The binary field for file output; empty otherwise. */
	binaryProperty: string;
}

const FILE_ONLY = { show: { output: ['file'] }, hide: { '@tool': [true] } };

const mode = choiceParameter<OutputMode>({
	displayName: 'Output',
	name: 'output',
	default: 'rows',
	// An agent's tool gets rows (see Max Rows): n8n drops binary data from a tool's answer.
	displayOptions: { hide: { '@tool': [true] } },
	options: [
		{
			name: 'One Item per Row',
			value: 'rows',
			description: "Each row becomes an item, with the row's columns as fields",
		},
		{
			name: 'One Item per Table',
			value: 'table',
			description: 'One item holding the table name, row count and all rows',
		},
		{
			name: 'File',
			value: 'file',
			description: 'A CSV or JSON file in a binary field, for file-based services',
		},
	],
});

const format = choiceParameter<FileFormat>({
	displayName: 'File Format',
	name: 'fileFormat',
	default: 'csv',
	displayOptions: FILE_ONLY,
	options: [
		{ name: 'CSV', value: 'csv', description: 'RFC 4180, UTF-8, header line, CRLF line ends' },
		{ name: 'JSON', value: 'json', description: 'A JSON array of row objects' },
	],
});

const binaryProperty = nameParameter({
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	default: 'data',
	fallback: 'data',
	example: 'data',
	required: true,
	displayOptions: FILE_ONLY,
	hint: 'The name of the output binary field to put the file in',
});

export const output = {
	properties: [mode.property, format.property, binaryProperty.property] as INodeProperties[],

	get(parameters: GetParameter): OutputSettings {
		const chosen = mode.get(parameters);
		return {
			mode: chosen,
			format: format.get(parameters),
			binaryProperty: chosen === 'file' ? binaryProperty.get(parameters) : '',
		};
	},
};

/** What turns the streamed tables into items or file content. */
export function collectorFor(
	out: OutputSettings,
	options: CollectorOptions,
): RowCollector | FileCollector {
	return out.mode === 'file' ? new FileCollector(options, out.format) : new RowCollector(options);
}

/** Prepares file content as an n8n binary (n8n's own helper). */
export type PrepareBinary = (
	content: Buffer,
	fileName: string,
	mimeType: string,
) => Promise<IBinaryData>;

/** One file item: the summary fields, then the file in the chosen binary field. */
export async function fileItem(
	prepare: PrepareBinary,
	out: OutputSettings,
	content: Buffer,
	fileName: string,
	json: IDataObject,
	after: IDataObject = {},
): Promise<INodeExecutionData> {
	const binary = await prepare(content, fileName, mimeTypeOf(out.format));
	return {
		json: { ...json, fileName, fileFormat: out.format, fileSize: content.length, ...after },
		binary: { [out.binaryProperty]: binary },
	};
}

/**
 * A table's rows as items: one per row; with several tables each row says its table. Each item
 * is made with its `pairedItem` (set by the action node's router) still undefined: setting it then
 * fills a field the item has, which costs less than adding one.
 */
export function rowItems(tables: Array<{ name: string; rows: DataRow[] }>): INodeExecutionData[] {
	if (tables.length === 1)
		return tables[0].rows.map((row) => ({ json: row, pairedItem: undefined }));
	// Spread defines own properties, so a `__proto__` column stays data.
	return tables.flatMap((table) =>
		table.rows.map((row) => ({ json: { _table: table.name, ...row }, pairedItem: undefined })),
	);
}

/**
 * The items of a read that streamed into `collector`: files, one item per table, or one per row.
 * `limited` says that Max Rows stopped the read.
 */
export async function readItems(
	prepare: PrepareBinary,
	collector: RowCollector | FileCollector,
	chosen: TableSummary[],
	out: OutputSettings,
	naming: { fileBaseName: string; fileName: string },
): Promise<INodeExecutionData[]> {
	const limitedField = collector.limited ? { limited: true } : {};
	if (collector instanceof FileCollector) {
		const files: INodeExecutionData[] = [];
		for (const table of chosen) {
			const name =
				naming.fileName === ''
					? `${safeFileName(chosen.length === 1 ? naming.fileBaseName : `${naming.fileBaseName}-${table.name}`)}.${out.format}`
					: chosen.length === 1
						? naming.fileName
						: `${table.name}-${naming.fileName}`;
			files.push(
				await fileItem(
					prepare,
					out,
					collector.content(table),
					name,
					{ table: table.name, rowCount: table.rowCount },
					limitedField,
				),
			);
		}
		return files;
	}
	const dataTables = chosen.map((table) => collector.dataTable(table));
	if (out.mode === 'table') {
		return dataTables.map((table) => ({
			json: { table: table.name, rowCount: table.rows.length, ...limitedField, rows: table.rows },
		}));
	}
	return rowItems(dataTables);
}
