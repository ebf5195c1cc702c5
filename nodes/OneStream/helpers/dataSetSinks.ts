import type { IDataObject } from 'n8n-workflow';

import type { DataRow, DataTable } from './dataSet';
import { isErrorTable, setField } from './dataSet';
import { CsvTranscoder } from './csvTranscoder';
import type { DataSetSink, RowBatch } from './dataSetReader';
import { CsvBuilder, JsonArrayBuilder } from './files';

/** Rewrites rows on their way out, e.g. cube-view flattening. Must be linear and row-local. */
export type RowTransform = (rows: DataRow[]) => DataRow[];

export interface TableInfo {
	name: string;
	rowCount: number;
	/** First row of an `Error` table, which stands for a failure reported inside a 200. */
	errorRow?: DataRow;
}

export interface CollectorOptions {
	/** Whether rows of this table are needed. Error tables are always read. */
	wanted: (tableName: string) => boolean;
	transform?: RowTransform;
}

/** Table bookkeeping shared by the collectors; subclasses decide what happens to rows. */
abstract class TableSink<T> implements DataSetSink {
	readonly fields: IDataObject = {};
	protected readonly infos: TableInfo[] = [];
	protected readonly outputs = new Map<TableInfo, T>();
	private current?: TableInfo;

	constructor(protected readonly options: CollectorOptions) {}

	table(name: string): void {
		this.current = { name, rowCount: 0 };
		this.infos.push(this.current);
		if (this.options.wanted(name)) this.outputs.set(this.current, this.start(name));
	}

	rows(batch: RowBatch): void {
		const info = this.current;
		if (!info) return;
		info.rowCount += batch.count;
		if (isErrorTable(info.name) && info.errorRow === undefined) info.errorRow = batch.parse()[0];
		const output = this.outputs.get(info);
		if (output !== undefined) this.add(output, batch);
	}

	field(name: string, value: unknown): void {
		setField(this.fields, name, value);
	}

	/** Forget everything, before a read is retried from the start. */
	reset(): void {
		this.infos.length = 0;
		this.outputs.clear();
		this.current = undefined;
		for (const key of Object.keys(this.fields)) delete this.fields[key];
	}

	get tables(): TableInfo[] {
		return this.infos;
	}

	protected abstract start(name: string): T;
	protected abstract add(output: T, batch: RowBatch): void;
}

/** Keeps the rows of the wanted tables as parsed objects (for item output). */
export class RowCollector extends TableSink<DataRow[]> {
	protected start(): DataRow[] {
		return [];
	}

	protected add(output: DataRow[], batch: RowBatch): void {
		const rows = batch.parse();
		const shaped = this.options.transform ? this.options.transform(rows) : rows;
		for (let i = 0; i < shaped.length; i++) output.push(shaped[i]);
	}

	/** The collected rows of a table that was wanted. */
	dataTable(info: TableInfo): DataTable {
		return { name: info.name, rows: this.outputs.get(info) ?? [] };
	}
}

type FileBuilder = CsvTranscoder | CsvBuilder | JsonArrayBuilder;

/**
 * Turns the wanted tables straight into CSV or JSON file content, batch by batch. Rows that need
 * no transform never become objects: CSV is transcoded from their bytes, JSON copies them.
 */
export class FileCollector extends TableSink<FileBuilder> {
	constructor(
		options: CollectorOptions,
		private readonly format: 'csv' | 'json',
	) {
		super(options);
	}

	protected start(): FileBuilder {
		if (this.format === 'json') return new JsonArrayBuilder();
		return this.options.transform ? new CsvBuilder() : new CsvTranscoder();
	}

	protected add(output: FileBuilder, batch: RowBatch): void {
		if (output instanceof CsvTranscoder) output.addBatch(batch.bytes);
		else if (!this.options.transform && output instanceof JsonArrayBuilder) output.addBytes(batch.bytes);
		else {
			const rows = batch.parse();
			output.addRows(this.options.transform ? this.options.transform(rows) : rows);
		}
	}

	/** The file content of a table that was wanted. */
	content(info: TableInfo): Buffer {
		const output = this.outputs.get(info);
		return output ? output.toBuffer() : this.start().toBuffer();
	}
}
