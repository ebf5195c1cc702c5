import { ByteWriter } from './byteWriter';
import { CubeViewLayouts, headerText } from './cubeView';
import { JsonByte } from './jsonBytes';
import {
	csvQuotesString,
	invalid,
	isJsonLiteral,
	literalEnd,
	matches,
	NULL,
	RowTokens,
	scanString,
	skipSpace,
	ValueKind,
} from './rowTokens';
import type { CubeViewColumnNames, RowShape } from './types';

const CRLF = Buffer.from('\r\n');
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field per RFC 4180. null/undefined → empty; objects → their JSON. */
export function csvField(value: unknown): string {
	let text: string;
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') text = value;
	else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
		return String(value);
	else text = JSON.stringify(value) ?? '';
	if (leadingOrTrailingSpace(text) || NEEDS_QUOTES.test(text))
		return `"${text.replace(/"/g, '""')}"`;
	return text;
}

function leadingOrTrailingSpace(text: string): boolean {
	return text.length > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32);
}

const enum Field {
	Missing,
	/** Copy the bytes as they are. */
	Raw,
	/** Copy the bytes between double quotes. */
	Quoted,
	/** Write a computed text (strings with escapes, nested values). */
	Text,
}

/** Records written while the column list had a given width. */
interface Segment {
	width: number;
	out: ByteWriter;
	/** Byte length of each record (CRLF included), kept to widen the records later. */
	recordLengths: number[];
}

/**
 * The CSV file writer: RFC 4180 (header line, CRLF line ends, UTF-8), written straight from
 * DataSet row bytes, batch by batch, without turning rows into strings or objects. Unescaped
 * strings, numbers and booleans are copied as sent, so numbers keep OneStream's exact digits;
 * only strings with escape sequences and nested values are decoded. Columns are the union of all
 * rows' keys in order of first appearance; should a row bring a new column after earlier records
 * were written, those records are widened with empty fields when the file is finished. Cube-view
 * rows can be flattened on the way (see ./cubeView).
 */
export class CsvWriter {
	private readonly columns: string[] = [];
	private readonly positions = new Map<string, number>();
	/** Each column's key bytes as they appear in the JSON, for a quick match in the usual row. */
	private readonly rawKeys: Buffer[] = [];
	/** The raw keys without escapes, which a one-pass row can match (undefined: never matched). */
	private readonly directKeys: Array<Buffer | undefined> = [];
	private readonly segments: Segment[] = [];
	private readonly tokens = new RowTokens();
	private readonly layouts: CubeViewLayouts | undefined;
	private rowCount = 0;
	// One record's fields, by column position.
	private kinds = new Uint8Array(16);
	private starts = new Int32Array(16);
	private ends = new Int32Array(16);
	private texts: string[] = [];

	constructor(shape: RowShape = 'asIs', columnNames: CubeViewColumnNames = 'header') {
		this.layouts = shape === 'cubeView' ? new CubeViewLayouts(columnNames) : undefined;
	}

	get rows(): number {
		return this.rowCount;
	}

	/** Rows as the JSON bytes `{…},{…}` (whitespace around the commas allowed). */
	addBatch(bytes: Buffer): void {
		const tokens = this.tokens;
		const length = bytes.length;
		let i = skipSpace(bytes, 0);
		while (i < length) {
			const row = this.rowCount + 1;
			if (bytes[i] !== JsonByte.OpenBrace) invalid('a row is not an object', row);
			const end = this.layouts ? -1 : this.directRecord(bytes, i + 1);
			if (end >= 0) i = end;
			else {
				i = tokens.read(bytes, i + 1, row);
				this.kinds.fill(Field.Missing, 0, this.columns.length);
				if (this.layouts) this.cubeViewRecord(bytes, row, this.layouts);
				else this.record(bytes, row);
				this.emit(bytes);
			}
			i = skipSpace(bytes, i);
			if (i === length) break;
			if (bytes[i] !== JsonByte.Comma) invalid('rows are not separated by a comma', row);
			i = skipSpace(bytes, i + 1);
			if (i === length) invalid('a row is missing after a comma', row);
		}
	}

	/**
	 * Like {@link addBatch}, for bytes that may not be whole rows (cut at a `},{` that could lie in
	 * a string): returns how many rows it took, or -1, having taken nothing, when they are not.
	 */
	tryAddBatch(bytes: Buffer): number {
		const rowsBefore = this.rowCount;
		const columnsBefore = this.columns.length;
		const segmentsBefore = this.segments.length;
		const last = this.segments[segmentsBefore - 1];
		const lengthBefore = last?.out.length ?? 0;
		const recordsBefore = last?.recordLengths.length ?? 0;
		try {
			this.addBatch(bytes);
			return this.rowCount - rowsBefore;
		} catch {
			// Whatever the problem, nothing is kept: the reader scans these bytes, and the batches it
			// finds bring the problem back in full.
			this.rowCount = rowsBefore;
			for (const name of this.columns.splice(columnsBefore)) this.positions.delete(name);
			this.rawKeys.length = columnsBefore;
			this.directKeys.length = columnsBefore;
			this.segments.length = segmentsBefore;
			last?.out.truncate(lengthBefore);
			if (last) last.recordLengths.length = recordsBefore;
			return -1;
		}
	}

	toBuffer(): Buffer {
		const header = Buffer.from(
			this.columns.length === 0 ? '' : this.columns.map(csvField).join(',') + '\r\n',
			'utf8',
		);
		const parts: Buffer[] = [header];
		for (const segment of this.segments) {
			const buffers = segment.out.toBuffers();
			const missing = this.columns.length - segment.width;
			if (missing === 0) parts.push(...buffers);
			// A record written before any column existed is empty, which already reads as one field.
			else
				parts.push(
					widen(
						Buffer.concat(buffers),
						segment.recordLengths,
						segment.width === 0 ? missing - 1 : missing,
					),
				);
		}
		return parts.length === 1 ? parts[0] : Buffer.concat(parts);
	}

	/**
	 * The usual row, read and written in one pass: its members name the file's columns in their
	 * order (the first ones, at least), and its values are strings, numbers, booleans or null.
	 * Returns the index after the row's `}`, or -1, having written nothing, for any other row
	 * (a new or repeated column, a nested value, anything invalid): the general way below then
	 * writes it, or reports what is wrong with it, as it does every row.
	 */
	private directRecord(bytes: Buffer, from: number): number {
		const width = this.columns.length;
		// The first row has no columns to match: the general way sets them.
		if (width === 0) return -1;
		const out = this.segment().out;
		const recordStart = out.length;
		const end = this.directFields(bytes, from, width, out);
		if (end < 0) {
			out.truncate(recordStart);
			return -1;
		}
		out.bytes(CRLF, 0, 2);
		this.segments[this.segments.length - 1].recordLengths.push(out.length - recordStart);
		this.rowCount++;
		return end;
	}

	private directFields(bytes: Buffer, from: number, width: number, out: ByteWriter): number {
		let i = skipSpace(bytes, from);
		for (let m = 0; ; m++) {
			// The member's name is the column's, byte for byte (names with escapes never match).
			const key = this.directKeys[m];
			if (m === width || key === undefined || bytes[i] !== JsonByte.Quote) return -1;
			const keyEnd = i + 1 + key.length;
			if (bytes[keyEnd] !== JsonByte.Quote || !matches(bytes, i + 1, keyEnd, key)) return -1;
			i = skipSpace(bytes, keyEnd + 1);
			if (bytes[i] !== JsonByte.Colon) return -1;
			i = skipSpace(bytes, i + 1);
			if (m > 0) out.byte(JsonByte.Comma);
			i = bytes[i] === JsonByte.Quote ? directString(bytes, i, out) : directLiteral(bytes, i, out);
			if (i < 0) return -1;
			i = skipSpace(bytes, i);
			if (bytes[i] === JsonByte.Comma) i = skipSpace(bytes, i + 1);
			else if (bytes[i] === JsonByte.CloseBrace) {
				// Columns the row does not have stay empty.
				for (let c = m + 1; c < width; c++) out.byte(JsonByte.Comma);
				return i + 1;
			} else return -1;
		}
	}

	/** A row as it came: each member is a column. */
	private record(bytes: Buffer, row: number): void {
		const tokens = this.tokens;
		for (let m = 0; m < tokens.count; m++) {
			const start = tokens.keyStart[m];
			const end = tokens.keyEnd[m];
			const position =
				tokens.keyEscaped[m] === 0 &&
				m < this.rawKeys.length &&
				matches(bytes, start, end, this.rawKeys[m])
					? m
					: this.column(tokens.key(bytes, m, row), bytes.subarray(start, end));
			this.field(bytes, position, m, row);
		}
	}

	/** A cube-view row, flattened into named columns. */
	private cubeViewRecord(bytes: Buffer, row: number, layouts: CubeViewLayouts): void {
		const tokens = this.tokens;
		const { keys, members } = tokens.uniqueKeys(bytes, row);
		const plan = layouts.plan(keys, (k) => headerText(tokens.decodedValue(bytes, members[k], row)));
		for (let c = 0; c < plan.names.length; c++) {
			this.field(bytes, this.column(plan.names[c]), members[plan.members[c]], row);
		}
	}

	/** Puts the value of member `m` into the field at `position`. */
	private field(bytes: Buffer, position: number, m: number, row: number): void {
		const tokens = this.tokens;
		switch (tokens.kind[m]) {
			case ValueKind.Null:
				this.kinds[position] = Field.Missing;
				break;
			case ValueKind.Literal:
				this.kinds[position] = Field.Raw;
				this.starts[position] = tokens.valueStart[m];
				this.ends[position] = tokens.valueEnd[m];
				break;
			case ValueKind.String:
				this.kinds[position] = tokens.needsQuotes[m] === 1 ? Field.Quoted : Field.Raw;
				this.starts[position] = tokens.valueStart[m] + 1;
				this.ends[position] = tokens.valueEnd[m] - 1;
				break;
			default:
				this.kinds[position] = Field.Text;
				this.texts[position] = csvField(tokens.decodedValue(bytes, m, row));
		}
	}

	/** Column position of a name; adds a column the first time a name is seen. */
	private column(name: string, rawKey?: Buffer): number {
		let position = this.positions.get(name);
		if (position === undefined) {
			position = this.columns.length;
			this.columns.push(name);
			this.positions.set(name, position);
			const key = rawKey ? Buffer.from(rawKey) : Buffer.from(name, 'utf8');
			this.rawKeys.push(key);
			this.directKeys.push(key.includes(JsonByte.Backslash) ? undefined : key);
			if (position >= this.kinds.length) this.grow();
			this.kinds[position] = Field.Missing;
		}
		return position;
	}

	/** The segment that takes records of the current width. */
	private segment(): Segment {
		const width = this.columns.length;
		let segment = this.segments[this.segments.length - 1];
		if (!segment || segment.width !== width) {
			segment = { width, out: new ByteWriter(), recordLengths: [] };
			this.segments.push(segment);
		}
		return segment;
	}

	private emit(bytes: Buffer): void {
		const width = this.columns.length;
		const segment = this.segment();
		const out = segment.out;
		const recordStart = out.length;
		for (let c = 0; c < width; c++) {
			if (c > 0) out.byte(JsonByte.Comma);
			switch (this.kinds[c]) {
				case Field.Raw:
					out.bytes(bytes, this.starts[c], this.ends[c]);
					break;
				case Field.Quoted:
					out.byte(JsonByte.Quote);
					out.bytes(bytes, this.starts[c], this.ends[c]);
					out.byte(JsonByte.Quote);
					break;
				case Field.Text:
					out.text(this.texts[c]);
					break;
				default:
					break;
			}
		}
		out.bytes(CRLF, 0, 2);
		segment.recordLengths.push(out.length - recordStart);
		this.rowCount++;
	}

	private grow(): void {
		const size = this.kinds.length * 2;
		const kinds = new Uint8Array(size);
		kinds.set(this.kinds);
		const starts = new Int32Array(size);
		starts.set(this.starts);
		const ends = new Int32Array(size);
		ends.set(this.ends);
		this.kinds = kinds;
		this.starts = starts;
		this.ends = ends;
	}
}

/**
 * Writes the string value starting at `from` (its opening quote) as a CSV field, quoted when it
 * must be; returns the index after its closing quote, or -1 when it holds a raw control character
 * or is not closed.
 */
function directString(bytes: Buffer, from: number, out: ByteWriter): number {
	const { end, escaped, comma } = scanString(bytes, from + 1);
	if (end < 0) return -1;
	if (escaped) {
		// Escapes are decoded, as the general way decodes them.
		let text: unknown;
		try {
			text = JSON.parse(bytes.toString('utf8', from, end + 1));
		} catch {
			return -1;
		}
		out.text(csvField(text));
		return end + 1;
	}
	const quoted = csvQuotesString(bytes, from + 1, end, comma);
	if (quoted) out.byte(JsonByte.Quote);
	out.bytes(bytes, from + 1, end);
	if (quoted) out.byte(JsonByte.Quote);
	return end + 1;
}

/**
 * Writes the number, `true` or `false` starting at `from` as sent (null writes nothing); returns
 * the index after it, or -1 for anything else (a nested value, invalid JSON).
 */
function directLiteral(bytes: Buffer, from: number, out: ByteWriter): number {
	const end = literalEnd(bytes, from);
	if (matches(bytes, from, end, NULL)) return end;
	if (!isJsonLiteral(bytes, from, end)) return -1;
	out.bytes(bytes, from, end);
	return end;
}

/** Appends `missing` empty fields to each record (each ends with CRLF). */
function widen(csv: Buffer, recordLengths: number[], missing: number): Buffer {
	const out = new ByteWriter();
	let start = 0;
	for (const length of recordLengths) {
		out.bytes(csv, start, start + length - 2);
		for (let k = 0; k < missing; k++) out.byte(JsonByte.Comma);
		out.bytes(CRLF, 0, 2);
		start += length;
	}
	return Buffer.concat(out.toBuffers());
}
