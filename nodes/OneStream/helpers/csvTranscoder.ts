import { ByteWriter, csvField } from './files';
import { ResponseError } from './validation';
import { isJsonSpace, JsonByte } from './jsonBytes';

const CRLF = Buffer.from('\r\n');
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

const enum Field {
	Missing,
	/** Copy the bytes as they are. */
	Raw,
	/** Copy the bytes between double quotes. */
	Quoted,
	/** Write a computed text (strings with escapes, nested values). */
	Text,
}

interface Segment {
	width: number;
	out: ByteWriter;
	/** Byte length of each record (CRLF included), kept to widen the records later. */
	recordLengths: number[];
}

/**
 * Writes CSV straight from DataSet row bytes, without decoding them into strings or objects:
 * unescaped strings, numbers and booleans are copied as sent; only strings with escape sequences
 * and nested values are decoded. The output is byte for byte what {@link CsvBuilder} writes from
 * the parsed rows, except that numbers keep OneStream's exact digits instead of JavaScript's
 * rendering of the parsed double (e.g. `1.50` stays `1.50`). Columns, their order and the widening
 * of early records when a column appears late follow {@link CsvBuilder}.
 */
export class CsvTranscoder {
	private readonly columns: string[] = [];
	private readonly positions = new Map<string, number>();
	/** Each column's key bytes as they appear in the JSON, for a quick match in the usual row. */
	private readonly rawKeys: Buffer[] = [];
	private readonly segments: Segment[] = [];
	private rowCount = 0;
	// One row's fields, by column position.
	private kinds = new Uint8Array(16);
	private starts = new Int32Array(16);
	private ends = new Int32Array(16);
	private texts: string[] = [];

	get rows(): number {
		return this.rowCount;
	}

	/** Rows as the JSON bytes `{…},{…}` (commas and whitespace between rows allowed). */
	addBatch(bytes: Buffer): void {
		let i = 0;
		const length = bytes.length;
		while (i < length) {
			const byte = bytes[i];
			if (byte === JsonByte.Comma || isJsonSpace(byte)) i++;
			else if (byte === JsonByte.OpenBrace) i = this.row(bytes, i + 1);
			else this.invalid('a row is not an object');
		}
	}

	toBuffer(): Buffer {
		const header = Buffer.from(this.columns.length === 0 ? '' : this.columns.map(csvField).join(',') + '\r\n', 'utf8');
		const parts: Buffer[] = [header];
		for (const segment of this.segments) {
			const buffers = segment.out.toBuffers();
			const missing = this.columns.length - segment.width;
			if (missing === 0) parts.push(...buffers);
			// A record written before any column existed is empty, which already reads as one field.
			else parts.push(widen(Buffer.concat(buffers), segment.recordLengths, segment.width === 0 ? missing - 1 : missing));
		}
		return parts.length === 1 ? parts[0] : Buffer.concat(parts);
	}

	/** Reads one row object from just after its `{`; returns the index after its `}`. */
	private row(bytes: Buffer, from: number): number {
		this.kinds.fill(Field.Missing, 0, this.columns.length);
		let i = skipSpace(bytes, from);
		let member = 0;
		if (bytes[i] === JsonByte.CloseBrace) {
			this.emit(bytes);
			return i + 1;
		}
		for (;;) {
			if (bytes[i] !== JsonByte.Quote) this.invalid('a column name is missing');
			const keyEnd = stringEnd(bytes, i + 1);
			const keyEscaped = keyEnd < 0;
			const keyClose = keyEscaped ? -keyEnd : keyEnd;
			const position = this.column(bytes, i + 1, keyClose, keyEscaped, member);
			i = skipSpace(bytes, keyClose + 1);
			if (bytes[i] !== JsonByte.Colon) this.invalid('":" is missing after a column name');
			i = skipSpace(bytes, i + 1);
			i = this.value(bytes, i, position);
			member++;
			i = skipSpace(bytes, i);
			if (bytes[i] === JsonByte.Comma) {
				i = skipSpace(bytes, i + 1);
				continue;
			}
			if (bytes[i] === JsonByte.CloseBrace) {
				this.emit(bytes);
				return i + 1;
			}
			this.invalid('a row is not closed properly');
		}
	}

	/** Reads one value at `i` into the field at `position`; returns the index after it. */
	private value(bytes: Buffer, i: number, position: number): number {
		const byte = bytes[i];
		if (byte === JsonByte.Quote) {
			const end = stringEnd(bytes, i + 1);
			if (end < 0) {
				this.setText(position, csvField(this.decode(bytes, i, -end + 1)));
				return -end + 1;
			}
			// No escapes means no quote, CR or LF inside: only a comma or an edge space needs quoting.
			const quote = lastStringHasComma || (end > i + 1 && (bytes[i + 1] === JsonByte.Space || bytes[end - 1] === JsonByte.Space));
			this.kinds[position] = quote ? Field.Quoted : Field.Raw;
			this.starts[position] = i + 1;
			this.ends[position] = end;
			return end + 1;
		}
		if (byte === JsonByte.OpenBrace || byte === JsonByte.OpenBracket) {
			const end = nestedEnd(bytes, i);
			this.setText(position, csvField(this.decode(bytes, i, end)));
			return end;
		}
		let end = i;
		while (end < bytes.length && bytes[end] !== JsonByte.Comma && bytes[end] !== JsonByte.CloseBrace && !isJsonSpace(bytes[end])) end++;
		if (matches(bytes, i, end, NULL)) {
			this.kinds[position] = Field.Missing;
		} else if (matches(bytes, i, end, TRUE) || matches(bytes, i, end, FALSE) || isJsonNumber(bytes, i, end)) {
			this.kinds[position] = Field.Raw;
			this.starts[position] = i;
			this.ends[position] = end;
		} else {
			this.invalid('a value is not valid JSON');
		}
		return end;
	}

	/** Column position of a key; adds a column the first time a name is seen. */
	private column(bytes: Buffer, start: number, end: number, escaped: boolean, member: number): number {
		if (!escaped && member < this.rawKeys.length && matches(bytes, start, end, this.rawKeys[member])) return member;
		const name = escaped ? (this.decode(bytes, start - 1, end + 1) as string) : bytes.toString('utf8', start, end);
		let position = this.positions.get(name);
		if (position === undefined) {
			position = this.columns.length;
			this.columns.push(name);
			this.positions.set(name, position);
			this.rawKeys.push(Buffer.from(bytes.subarray(start, end)));
			if (position >= this.kinds.length) this.grow();
			this.kinds[position] = Field.Missing;
		}
		return position;
	}

	private emit(bytes: Buffer): void {
		const width = this.columns.length;
		let segment = this.segments[this.segments.length - 1];
		if (!segment || segment.width !== width) {
			segment = { width, out: new ByteWriter(), recordLengths: [] };
			this.segments.push(segment);
		}
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

	private setText(position: number, text: string): void {
		this.kinds[position] = Field.Text;
		this.texts[position] = text;
	}

	private decode(bytes: Buffer, start: number, end: number): unknown {
		try {
			return JSON.parse(bytes.toString('utf8', start, end));
		} catch {
			return this.invalid('a value is not valid JSON');
		}
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

	private invalid(problem: string): never {
		throw new ResponseError(
			`OneStream's answer is not a valid DataSet: ${problem} (row ${this.rowCount + 1})`,
			'A DataSet maps each table name to a list of rows, and each row maps column names to values.',
		);
	}
}

function skipSpace(bytes: Buffer, from: number): number {
	let i = from;
	while (i < bytes.length && isJsonSpace(bytes[i])) i++;
	return i;
}

/** Whether the string last scanned by {@link stringEnd} contains a comma. */
let lastStringHasComma = false;

/**
 * Index of the quote closing the string whose content starts at `from`. Negative (minus the
 * index) when the string contains escape sequences, so the caller decodes it.
 */
function stringEnd(bytes: Buffer, from: number): number {
	let escaped = false;
	let comma = false;
	for (let i = from; i < bytes.length; i++) {
		const byte = bytes[i];
		if (byte === JsonByte.Quote) {
			lastStringHasComma = comma;
			return escaped ? -i : i;
		}
		if (byte === JsonByte.Backslash) {
			escaped = true;
			i++;
		} else if (byte === JsonByte.Comma) {
			comma = true;
		} else if (byte < JsonByte.Space) {
			break;
		}
	}
	throw new ResponseError(
		"OneStream's answer is not a valid DataSet: a string is not closed or holds a raw control character",
		'The answer was cut or is not JSON.',
	);
}

/** Index just after the object or array starting at `from`. */
function nestedEnd(bytes: Buffer, from: number): number {
	let depth = 0;
	for (let i = from; i < bytes.length; i++) {
		const byte = bytes[i];
		if (byte === JsonByte.Quote) {
			const end = stringEnd(bytes, i + 1);
			i = end < 0 ? -end : end;
		} else if (byte === JsonByte.OpenBrace || byte === JsonByte.OpenBracket) depth++;
		else if (byte === JsonByte.CloseBrace || byte === JsonByte.CloseBracket) {
			depth--;
			if (depth === 0) return i + 1;
		}
	}
	throw new ResponseError("OneStream's answer is not a valid DataSet: a nested value is not closed", 'The answer was cut or is not JSON.');
}

function matches(bytes: Buffer, start: number, end: number, expected: Buffer): boolean {
	if (end - start !== expected.length) return false;
	for (let k = 0; k < expected.length; k++) if (bytes[start + k] !== expected[k]) return false;
	return true;
}

function isDigit(byte: number): boolean {
	return byte >= JsonByte.Zero && byte <= JsonByte.Nine;
}

/** JSON's number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
function isJsonNumber(bytes: Buffer, start: number, end: number): boolean {
	let i = start;
	if (bytes[i] === JsonByte.Minus) i++;
	if (i >= end) return false;
	if (bytes[i] === JsonByte.Zero) i++;
	else if (isDigit(bytes[i])) while (i < end && isDigit(bytes[i])) i++;
	else return false;
	if (i < end && bytes[i] === JsonByte.Dot) {
		i++;
		if (i >= end || !isDigit(bytes[i])) return false;
		while (i < end && isDigit(bytes[i])) i++;
	}
	if (i < end && (bytes[i] === JsonByte.LowerE || bytes[i] === JsonByte.UpperE)) {
		i++;
		if (i < end && (bytes[i] === JsonByte.Plus || bytes[i] === JsonByte.Minus)) i++;
		if (i >= end || !isDigit(bytes[i])) return false;
		while (i < end && isDigit(bytes[i])) i++;
	}
	return i === end;
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
