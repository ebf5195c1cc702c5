import type { DataRow } from './dataSet';
import { JsonByte } from './jsonBytes';

// Text is turned into bytes in pieces of about this size, so no single string grows with the table.
const CHUNK_CHARS = 1 << 22;
const BLOCK_SIZE = 1 << 20;
const FIRST_BLOCK_SIZE = 4 << 10;

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field per RFC 4180. null/undefined → empty; objects → their JSON. */
export function csvField(value: unknown): string {
	let text: string;
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') text = value;
	else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	else text = JSON.stringify(value) ?? '';
	if (leadingOrTrailingSpace(text) || NEEDS_QUOTES.test(text)) return `"${text.replace(/"/g, '""')}"`;
	return text;
}

function leadingOrTrailingSpace(text: string): boolean {
	return text.length > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32);
}

class ChunkedText {
	private readonly chunks: Buffer[] = [];
	private pending: string[] = [];
	private pendingChars = 0;

	push(text: string): void {
		this.pending.push(text);
		this.pendingChars += text.length;
		if (this.pendingChars >= CHUNK_CHARS) this.flush();
	}

	toBuffers(): Buffer[] {
		this.flush();
		return this.chunks;
	}

	private flush(): void {
		if (this.pending.length === 0) return;
		this.chunks.push(Buffer.from(this.pending.join(''), 'utf8'));
		this.pending = [];
		this.pendingChars = 0;
	}
}

/**
 * The row's own value for a column. Only objects and functions can be inherited (e.g. a row without
 * a `constructor` column), so the own-property check is skipped for primitives on this hot path.
 */
function ownValue(row: DataRow, column: string): unknown {
	const value: unknown = row[column];
	if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
		return Object.prototype.hasOwnProperty.call(row, column) ? value : undefined;
	}
	return value;
}

/** Records written while the column list had a given width. */
interface Segment {
	width: number;
	text: ChunkedText;
	/** Length in characters of each record, kept to widen the records later. */
	recordLengths: number[];
}

/**
 * RFC 4180 CSV (header line, CRLF line ends, UTF-8), built batch by batch from parsed rows without
 * keeping them. Columns are the union of all rows' keys in order of first appearance. Should a row
 * bring a new column after earlier records were written, those records are widened with empty
 * fields when the file is finished, so every record has one field per column.
 */
export class CsvBuilder {
	private readonly columns: string[] = [];
	private readonly positions = new Map<string, number>();
	private readonly segments: Segment[] = [];
	private rowCount = 0;

	addRows(rows: DataRow[]): void {
		let previousKeys: string[] | undefined;
		let order: number[] = [];
		let inColumnOrder = false;
		let segment = this.segments[this.segments.length - 1];
		for (const row of rows) {
			const keys = Object.keys(row);
			if (!sameKeys(keys, previousKeys)) {
				previousKeys = keys;
				order = keys.map((key) => this.position(key));
				inColumnOrder = keys.length === this.columns.length && isIdentity(order);
				if (!segment || segment.width !== this.columns.length) {
					segment = { width: this.columns.length, text: new ChunkedText(), recordLengths: [] };
					this.segments.push(segment);
				}
			}
			const width = this.columns.length;
			let record: string;
			if (inColumnOrder) {
				// The usual case: the row has every column, in column order.
				record = '';
				for (let c = 0; c < width; c++) record += (c === 0 ? '' : ',') + csvField(ownValue(row, keys[c]));
			} else {
				const fields: string[] = new Array<string>(width).fill('');
				for (let k = 0; k < keys.length; k++) fields[order[k]] = csvField(ownValue(row, keys[k]));
				record = fields.join(',');
			}
			record += '\r\n';
			segment.text.push(record);
			segment.recordLengths.push(record.length);
			this.rowCount++;
		}
	}

	get rows(): number {
		return this.rowCount;
	}

	toBuffer(): Buffer {
		const header = Buffer.from(this.columns.length === 0 ? '' : this.columns.map(csvField).join(',') + '\r\n', 'utf8');
		const parts: Buffer[] = [header];
		for (const segment of this.segments) {
			const buffers = segment.text.toBuffers();
			const missing = this.columns.length - segment.width;
			if (missing === 0) parts.push(...buffers);
			// A record written before any column existed is empty, which already reads as one field.
			else parts.push(widen(Buffer.concat(buffers).toString('utf8'), segment.recordLengths, segment.width === 0 ? missing - 1 : missing));
		}
		return parts.length === 1 ? parts[0] : Buffer.concat(parts);
	}

	private position(column: string): number {
		let position = this.positions.get(column);
		if (position === undefined) {
			position = this.columns.length;
			this.columns.push(column);
			this.positions.set(column, position);
		}
		return position;
	}
}

function sameKeys(keys: string[], previous: string[] | undefined): boolean {
	if (!previous || previous.length !== keys.length) return false;
	for (let i = 0; i < keys.length; i++) if (keys[i] !== previous[i]) return false;
	return true;
}

function isIdentity(order: number[]): boolean {
	for (let i = 0; i < order.length; i++) if (order[i] !== i) return false;
	return true;
}

/** Appends `missing` empty fields to each record (each ends with CRLF at the recorded offsets). */
function widen(text: string, recordLengths: number[], missing: number): Buffer {
	const padding = ','.repeat(missing);
	const out = new ChunkedText();
	let start = 0;
	for (const length of recordLengths) {
		out.push(text.slice(start, start + length - 2) + padding + '\r\n');
		start += length;
	}
	return Buffer.concat(out.toBuffers());
}

/**
 * Bytes appended into blocks that double from 4 KiB up to 1 MiB: no string is built for the output,
 * and a small output (a CSV segment of a few records) does not hold a whole megabyte.
 */
export class ByteWriter {
	private readonly blocks: Buffer[] = [];
	private block = Buffer.allocUnsafe(FIRST_BLOCK_SIZE);
	private used = 0;
	private flushed = 0;

	get length(): number {
		return this.flushed + this.used;
	}

	byte(value: number): void {
		if (this.used === this.block.length) this.next(1);
		this.block[this.used++] = value;
	}

	bytes(source: Buffer, start: number, end: number): void {
		const length = end - start;
		if (this.block.length - this.used < length) this.next(length);
		if (length < 32) {
			// Short fields: a loop beats the native copy's call overhead.
			for (let i = start; i < end; i++) this.block[this.used++] = source[i];
		} else {
			source.copy(this.block, this.used, start, end);
			this.used += length;
		}
	}

	text(value: string): void {
		const buffer = Buffer.from(value, 'utf8');
		this.bytes(buffer, 0, buffer.length);
	}

	toBuffers(): Buffer[] {
		if (this.used > 0) {
			this.blocks.push(this.block.subarray(0, this.used));
			this.flushed += this.used;
			// Later bytes go after these in the same block.
			this.block = this.block.subarray(this.used);
			this.used = 0;
		}
		return this.blocks;
	}

	private next(needed: number): void {
		if (this.used > 0) {
			this.blocks.push(this.block.subarray(0, this.used));
			this.flushed += this.used;
		}
		this.block = Buffer.allocUnsafe(Math.max(FIRST_BLOCK_SIZE, Math.min(BLOCK_SIZE, this.block.length * 2), needed));
		this.used = 0;
	}
}

/** A JSON array of rows, built batch by batch. */
export class JsonArrayBuilder {
	private readonly out = new ByteWriter();
	private empty = true;

	addRows(rows: DataRow[]): void {
		for (const row of rows) {
			this.out.byte(this.empty ? JsonByte.OpenBracket : JsonByte.Comma);
			this.out.text(JSON.stringify(row));
			this.empty = false;
		}
	}

	/** Adds rows given as JSON bytes, `{…},{…}`, copied as they are. */
	addBytes(bytes: Buffer): void {
		this.out.byte(this.empty ? JsonByte.OpenBracket : JsonByte.Comma);
		this.out.bytes(bytes, 0, bytes.length);
		this.empty = false;
	}

	/** Call once, at the end. */
	toBuffer(): Buffer {
		if (this.empty) this.out.byte(JsonByte.OpenBracket);
		this.out.byte(JsonByte.CloseBracket);
		return Buffer.concat(this.out.toBuffers());
	}
}

/** CSV of rows (see {@link CsvBuilder}). */
export function rowsToCsv(rows: DataRow[]): Buffer {
	const csv = new CsvBuilder();
	csv.addRows(rows);
	return csv.toBuffer();
}

/** A JSON array of the rows. */
export function rowsToJson(rows: DataRow[]): Buffer {
	const json = new JsonArrayBuilder();
	json.addRows(rows);
	return json.toBuffer();
}
