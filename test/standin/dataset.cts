/**
 * DataSet serialisation as Newtonsoft.Json writes an ADO.NET DataSet: a compact JSON object keyed
 * by DataTable name, each value an array of row objects. Large tables are streamed row by row with
 * backpressure, so a million-row result never exists as one array or string.
 */
import type { ServerResponse } from 'node:http';

import type {
	CubeViewDef,
	CubeViewRow,
	DataContext,
	DataRow,
	DataSetResult,
	DataSetTable,
} from './types.cjs';

const CHUNK_BYTES = 64 * 1024;

/** Writes one chunk; resolves false when the client has gone away. */
export function writeChunk(res: ServerResponse, chunk: Buffer): Promise<boolean> {
	if (res.destroyed || res.writableEnded) return Promise.resolve(false);
	if (res.write(chunk)) return Promise.resolve(true);
	return new Promise((resolve) => {
		const done = (ok: boolean) => {
			res.off('drain', onDrain);
			res.off('close', onClose);
			resolve(ok);
		};
		const onDrain = () => done(true);
		const onClose = () => done(false);
		res.on('drain', onDrain);
		res.on('close', onClose);
	});
}

/**
 * Yields the DataSet JSON as UTF-8 chunks of about 64 KiB. Each row is encoded on its own (cheap
 * for V8, unlike flattening one big two-byte string), and the buffers live outside the JS heap.
 */
export function* dataSetChunks(dataSet: DataSetResult): Generator<Buffer> {
	let parts: Buffer[] = [];
	let size = 0;
	const add = (text: string) => {
		const part = Buffer.from(text, 'utf8');
		parts.push(part);
		size += part.length;
	};
	add('{');
	let firstTable = true;
	for (const table of dataSet.tables) {
		add(`${firstTable ? '' : ','}${JSON.stringify(table.name)}:[`);
		firstTable = false;
		let firstRow = true;
		for (const row of table.rows) {
			add((firstRow ? '' : ',') + JSON.stringify(row));
			firstRow = false;
			if (size >= CHUNK_BYTES) {
				yield Buffer.concat(parts, size);
				parts = [];
				size = 0;
			}
		}
		add(']');
	}
	add('}');
	yield Buffer.concat(parts, size);
}

/** The whole DataSet as one string; only for small results (faults, tests). */
export function dataSetToString(dataSet: DataSetResult): string {
	return Buffer.concat([...dataSetChunks(dataSet)]).toString('utf8');
}

export interface CubeViewLayoutOptions {
	/** One DataTable per cube-view row (`DataTablePerCubeViewRow`). */
	perRow: boolean;
	/** `CubeViewDataTableOptions.IncludeTitle`. */
	includeTitle: boolean;
}

/**
 * The positional row layout seen in real responses: `RowHdr0NameAndDesc`, `RowHdr0Indent`, then
 * per column N `Col{N}Hdr0NameAndDesc` and `Col{N}Value`. The `Title` column for IncludeTitle is
 * invented (the real column name is UNKNOWN).
 */
export function cubeViewDataRow(
	row: CubeViewRow,
	columns: string[],
	title: string | undefined,
): DataRow {
	const out: DataRow = {};
	if (title !== undefined) out.Title = title;
	out.RowHdr0NameAndDesc = row.nameAndDesc;
	out.RowHdr0Indent = row.indent;
	columns.forEach((header, n) => {
		out[`Col${n}Hdr0NameAndDesc`] = header;
		out[`Col${n}Value`] = row.values[n] ?? null;
	});
	return out;
}

/**
 * Tables of a cube view result. With `perRow`, table names follow ADO.NET's own naming of several
 * result tables (`<name>`, `<name>1`, `<name>2`, …); OneStream's real names are UNKNOWN.
 */
export function cubeViewDataSet(
	cubeView: CubeViewDef,
	context: DataContext,
	options: CubeViewLayoutOptions,
): DataSetResult {
	const columns = cubeView.columns(context);
	const title = options.includeTitle ? cubeView.title(context) : undefined;
	const rows = cubeView.rows(context);
	const name = context.resultTableName;
	if (!options.perRow) {
		return {
			tables: [{ name, rows: mapIterable(rows, (r) => cubeViewDataRow(r, columns, title)) }],
		};
	}
	return {
		tables: (function* (): Generator<DataSetTable> {
			let index = 0;
			for (const row of rows) {
				yield {
					name: index === 0 ? name : `${name}${index}`,
					rows: [cubeViewDataRow(row, columns, title)],
				};
				index++;
			}
			// A cube view without rows still answers one empty table.
			if (index === 0) yield { name, rows: [] };
		})(),
	};
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
	for (const item of items) yield map(item);
}
