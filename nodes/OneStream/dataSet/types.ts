import type { IDataObject } from 'n8n-workflow';

/** One row of an ADO.NET DataTable as OneStream serialises it: column name → value (DBNull → null). */
export type DataRow = IDataObject;

export interface DataTable {
	name: string;
	rows: DataRow[];
}

/** Complete rows of one table, as received. */
export interface RowBatch {
	readonly count: number;
	/**
	 * The rows' JSON bytes, `{…},{…}` with the separators as sent and no brackets. It may be a view
	 * of the received chunks or of a buffer the reader reuses: use it while the sink takes the
	 * batch, and copy what is kept.
	 */
	readonly bytes: Buffer;
	/**
	 * The rows as objects (the batch is decoded and parsed as one JSON array). With
	 * `preciseNumbers`, numbers a JavaScript number cannot hold exactly become text of their digits.
	 */
	parse(options?: ParseOptions): DataRow[];
}

export interface ParseOptions {
	/** Numbers a JavaScript number cannot hold exactly become text of their digits. */
	preciseNumbers?: boolean;
}

/** Receives a DataSet as the reader finds it in the byte stream. */
export interface DataSetSink {
	/** A top-level table starts; its rows follow until the next `table` call or the end. */
	table(name: string): void;
	rows(batch: RowBatch): void;
	/** A top-level field that is not a table (e.g. `Status` in a 7.2.0 envelope). */
	field(name: string, value: unknown): void;
	/**
	 * How many more rows the sink takes (undefined: all). The reader hands rows over as soon as
	 * that many have arrived, and at 0 asks for no more of the answer.
	 */
	readonly rowsWanted?: number;
	/**
	 * Set while the sink parses every row of the current table, with these options: the reader may
	 * then find a batch's rows by parsing it (see DataSetReader) instead of scanning each byte.
	 */
	readonly parseOptions?: ParseOptions;
	/**
	 * Set while the sink takes the current table's rows as bytes the reader has not scanned, and
	 * checks them itself (see {@link rowsFromBytes}).
	 */
	readonly takesRowBytes?: boolean;
	/**
	 * Takes rows from bytes the reader has not scanned (`{…},{…}`, cut at a `},{` that may lie in a
	 * string). Returns how many rows it took, or undefined, having taken nothing, when the bytes are
	 * not whole rows (the reader then scans them).
	 */
	rowsFromBytes?(bytes: Buffer): number | undefined;
}

/**
 * How rows leave the pipeline: as OneStream sent them, or, for cube views, flattened from the
 * positional layout into named columns.
 */
export type RowShape = 'asIs' | 'cubeView';

/** How flattened cube-view columns are named: "2026M1 - Jan 2026", "2026M1", or "Col0". */
export type CubeViewColumnNames = 'header' | 'memberName' | 'position';

/** Defines an own data property, so a key such as `__proto__` stays plain data. */
export function setField(target: IDataObject, key: string, value: unknown): void {
	Object.defineProperty(target, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}
