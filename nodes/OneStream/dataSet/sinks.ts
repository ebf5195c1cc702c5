import type { IDataObject } from 'n8n-workflow';

import { CsvWriter } from './csvWriter';
import { flattenCubeViewRows } from './cubeView';
import { JsonWriter } from './jsonWriter';
import { isErrorTable } from './tables';
import type { TableSummary } from './tables';
import type {
	CubeViewColumnNames,
	DataRow,
	DataSetSink,
	DataTable,
	ParseOptions,
	RowBatch,
	RowShape,
} from './types';
import { setField } from './types';

export interface CollectorOptions {
	/** Whether rows of this table are needed. Error tables are always read. */
	wanted: (tableName: string) => boolean;
	shape: RowShape;
	/** Flattened cube views: how their columns are named (default: the header text). */
	columnNames?: CubeViewColumnNames;
	/** Items only: numbers a JavaScript number cannot hold exactly become text of their digits. */
	preciseNumbers?: boolean;
	/**
	 * Keep at most this many rows of the wanted tables. One row more is looked at, to tell whether
	 * the answer had more (`limited`); reading stops there.
	 */
	rowLimit?: number;
	/**
	 * Items only: keep rows while their size (as `measure` counts it) stays within `bytes`; the row
	 * that would pass it ends the read (`limited`, by `size`).
	 */
	budget?: { bytes: number; measure(row: DataRow): number };
}

/** Receives a streamed DataSet; `reset` forgets what arrived before a read is retried. */
export interface ResettableDataSetSink extends DataSetSink {
	reset(): void;
}

/** Table bookkeeping shared by the collectors; subclasses decide what happens to rows. */
export abstract class TableSink<T> implements ResettableDataSetSink {
	readonly fields: IDataObject = {};
	protected readonly infos: TableSummary[] = [];
	protected readonly outputs = new Map<TableSummary, T>();
	private current?: TableSummary;
	/** Rows of the wanted tables kept so far, against the row limit. */
	private kept = 0;
	private more = false;
	/** What ended the read early: the row limit, or a sink's size budget. */
	private stoppedBy?: 'rows' | 'size';

	constructor(protected readonly options: CollectorOptions) {}

	table(name: string): void {
		this.current = { name, rowCount: 0 };
		this.infos.push(this.current);
		if (this.options.wanted(name)) this.outputs.set(this.current, this.start());
	}

	rows(batch: RowBatch): void {
		const info = this.current;
		if (!info) return;
		if (isErrorTable(info.name) && info.errorRow === undefined) info.errorRow = batch.parse()[0];
		const output = this.outputs.get(info);
		if (output === undefined) {
			info.rowCount += batch.count;
			return;
		}
		if (this.stoppedBy === 'size') return;
		const limit = this.options.rowLimit;
		if (limit !== undefined && this.kept >= limit) {
			// The row past the limit: it shows that the answer has more, and is not kept.
			this.more = true;
			this.stoppedBy = 'rows';
			return;
		}
		// The reader hands over at most `rowsWanted` rows in one batch.
		if (limit !== undefined && this.kept + batch.count > limit) {
			throw new Error(`a batch of ${batch.count} rows exceeds the row limit`);
		}
		const added = this.add(output, batch);
		info.rowCount += added;
		this.kept += added;
		if (added < batch.count) {
			// The sink's budget ends the read: the row that did not fit shows there is more.
			this.more = true;
			this.stoppedBy = 'size';
		}
	}

	/** How many more rows to hand over: up to the limit, then one to see whether there are more. */
	get rowsWanted(): number | undefined {
		if (this.stoppedBy === 'size') return 0;
		const limit = this.options.rowLimit;
		if (limit === undefined) return undefined;
		if (this.kept < limit) return limit - this.kept;
		return this.more ? 0 : 1;
	}

	/** The options this sink parses the current table's rows with, when it parses them all. */
	get parseOptions(): ParseOptions | undefined {
		const info = this.current;
		if (info === undefined || isErrorTable(info.name) || !this.outputs.has(info)) return undefined;
		return this.rowParseOptions();
	}

	get takesRowBytes(): boolean {
		const info = this.current;
		return (
			info !== undefined &&
			!isErrorTable(info.name) &&
			this.outputs.has(info) &&
			this.checksRowBytes()
		);
	}

	rowsFromBytes(bytes: Buffer): number | undefined {
		const info = this.current;
		const output = info === undefined ? undefined : this.outputs.get(info);
		if (info === undefined || output === undefined) return undefined;
		const added = this.addRowBytes?.(output, bytes);
		if (added === undefined) return undefined;
		info.rowCount += added;
		this.kept += added;
		return added;
	}

	/** Whether the answer had more rows than the sink kept (and reading stopped there). */
	get limited(): boolean {
		return this.more;
	}

	/** What stopped the read early: the row limit, or the size budget; undefined when nothing did. */
	get limitedBy(): 'rows' | 'size' | undefined {
		return this.more ? this.stoppedBy : undefined;
	}

	field(name: string, value: unknown): void {
		setField(this.fields, name, value);
	}

	reset(): void {
		this.infos.length = 0;
		this.outputs.clear();
		this.current = undefined;
		this.kept = 0;
		this.more = false;
		this.stoppedBy = undefined;
		for (const key of Object.keys(this.fields)) delete this.fields[key];
	}

	get tables(): TableSummary[] {
		return this.infos;
	}

	/** How the subclass parses the rows it keeps; undefined when it takes their bytes instead. */
	protected rowParseOptions(): ParseOptions | undefined {
		return undefined;
	}

	/** Whether the subclass checks rows' bytes as it takes them (see {@link addRowBytes}). */
	protected checksRowBytes(): boolean {
		return false;
	}

	/** Takes rows from bytes not scanned; undefined, having taken nothing, when they are not whole rows. */
	protected addRowBytes?(output: T, bytes: Buffer): number | undefined;

	protected abstract start(): T;
	/** Takes a batch of rows; returns how many it kept (all, unless a budget stopped it). */
	protected abstract add(output: T, batch: RowBatch): number;
}

/** Keeps the rows of the wanted tables as parsed objects (for item output). */
export class RowCollector extends TableSink<DataRow[]> {
	protected start(): DataRow[] {
		return [];
	}

	private used = 0;

	protected rowParseOptions(): ParseOptions {
		return { preciseNumbers: this.options.preciseNumbers };
	}

	protected add(output: DataRow[], batch: RowBatch): number {
		const rows = batch.parse(this.rowParseOptions());
		const shaped =
			this.options.shape === 'cubeView'
				? flattenCubeViewRows(rows, this.options.columnNames)
				: rows;
		const budget = this.options.budget;
		let added = 0;
		for (const row of shaped) {
			if (budget !== undefined) {
				const size = budget.measure(row);
				if (this.used + size > budget.bytes) return added;
				this.used += size;
			}
			output.push(row);
			added++;
		}
		return added;
	}

	reset(): void {
		super.reset();
		this.used = 0;
	}

	/** The collected rows of a table that was wanted. */
	dataTable(info: TableSummary): DataTable {
		return { name: info.name, rows: this.outputs.get(info) ?? [] };
	}
}

/**
 * Turns the wanted tables straight into CSV or JSON file content, batch by batch, from the rows'
 * bytes: rows never become objects.
 */
export class FileCollector extends TableSink<CsvWriter | JsonWriter> {
	constructor(
		options: CollectorOptions,
		private readonly format: 'csv' | 'json',
	) {
		super(options);
	}

	protected start(): CsvWriter | JsonWriter {
		return this.format === 'json'
			? new JsonWriter(this.options.shape, this.options.columnNames)
			: new CsvWriter(this.options.shape, this.options.columnNames);
	}

	protected add(output: CsvWriter | JsonWriter, batch: RowBatch): number {
		output.addBatch(batch.bytes);
		return batch.count;
	}

	// The CSV writer reads every row's tokens anyway; the JSON writer copies rows unread.
	protected checksRowBytes(): boolean {
		return this.format === 'csv';
	}

	protected addRowBytes(output: CsvWriter | JsonWriter, bytes: Buffer): number | undefined {
		if (!(output instanceof CsvWriter)) return undefined;
		const added = output.tryAddBatch(bytes);
		return added < 0 ? undefined : added;
	}

	/** The file content of a table that was wanted. */
	content(info: TableSummary): Buffer {
		return (this.outputs.get(info) ?? this.start()).toBuffer();
	}
}

/** Takes a table's rows one at a time (e.g. the trigger's cursor selection, which keeps few). */
export interface RowConsumer {
	add(row: DataRow): void;
}

/** Hands every row of each wanted table, as it arrives, to a consumer made for that table. */
export class EachRowSink<T extends RowConsumer> extends TableSink<T> {
	constructor(
		wanted: (tableName: string) => boolean,
		private readonly make: () => T,
	) {
		super({ wanted, shape: 'asIs' });
	}

	protected start(): T {
		return this.make();
	}

	protected rowParseOptions(): ParseOptions {
		return {};
	}

	protected add(output: T, batch: RowBatch): number {
		for (const row of batch.parse()) output.add(row);
		return batch.count;
	}

	/** The consumer of a table that was wanted (an empty one otherwise). */
	consumerOf(table: TableSummary): T {
		return this.outputs.get(table) ?? this.make();
	}
}
