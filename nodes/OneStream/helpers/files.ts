import type { DataRow } from './dataSet';

// Text is turned into bytes in pieces of about this size, so no single string grows with the table.
const CHUNK_CHARS = 1 << 22;

/** Column names in order of first appearance across all rows. */
export function columnsOf(rows: DataRow[]): string[] {
	const seen = new Set<string>();
	const columns: string[] = [];
	let previousKeys: string[] | undefined;
	for (const row of rows) {
		const keys = Object.keys(row);
		// Rows of a DataTable nearly always share one key list: skip the per-key work then.
		if (previousKeys && keys.length === previousKeys.length && keys.every((key, i) => key === previousKeys![i])) {
			continue;
		}
		previousKeys = keys;
		for (const key of keys) {
			if (!seen.has(key)) {
				seen.add(key);
				columns.push(key);
			}
		}
	}
	return columns;
}

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

	toBuffer(): Buffer {
		this.flush();
		return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
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

/**
 * RFC 4180 CSV with a header line, CRLF line ends and UTF-8, built straight from the parsed rows
 * (no intermediate n8n items). Columns are the union of all rows' keys; a missing value is empty.
 */
export function rowsToCsv(rows: DataRow[]): Buffer {
	const columns = columnsOf(rows);
	const out = new ChunkedText();
	out.push(columns.map(csvField).join(',') + '\r\n');
	const width = columns.length;
	const fields: string[] = new Array(width);
	for (const row of rows) {
		for (let c = 0; c < width; c++) fields[c] = csvField(ownValue(row, columns[c]));
		out.push(fields.join(',') + '\r\n');
	}
	return out.toBuffer();
}

/** A JSON array of the rows, serialised row by row to keep peak string size small. */
export function rowsToJson(rows: DataRow[]): Buffer {
	const out = new ChunkedText();
	out.push('[');
	for (let r = 0; r < rows.length; r++) {
		out.push((r === 0 ? '' : ',') + JSON.stringify(rows[r]));
	}
	out.push(']');
	return out.toBuffer();
}
