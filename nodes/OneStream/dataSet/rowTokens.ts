import { OneStreamError } from '../shared/errors';
import { isJsonSpace, JsonByte } from './jsonBytes';

/** The kind of a member's value, as far as the writers need to know it. */
export const enum ValueKind {
	Null,
	/** A number, `true` or `false`: its bytes are its text. */
	Literal,
	/** A string without escape sequences: its bytes between the quotes are its text. */
	String,
	/** A string with escape sequences: decoded when needed. */
	EscapedString,
	/** An object or a list: decoded when needed. */
	Nested,
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
export const NULL = Buffer.from('null');

/**
 * The members of one row object, as positions in the row's bytes, so that the file writers can
 * copy values as OneStream sent them (exact digits) and decode only what they must. Reused from
 * row to row: the arrays grow to the widest row.
 */
export class RowTokens {
	count = 0;
	keyStart = new Int32Array(16);
	keyEnd = new Int32Array(16);
	/** 1 when the key contains escape sequences. */
	keyEscaped = new Uint8Array(16);
	kind = new Uint8Array(16);
	/** The value's bytes, quotes included for strings. */
	valueStart = new Int32Array(16);
	valueEnd = new Int32Array(16);
	/** 1 when a plain string contains a comma or starts or ends with a space (CSV quotes it). */
	needsQuotes = new Uint8Array(16);

	/**
	 * Reads the row object whose content starts just after its `{` at `from`; returns the index
	 * after its `}`. `row` (1-based) names the row in errors.
	 */
	read(bytes: Buffer, from: number, row: number): number {
		this.count = 0;
		let i = skipSpace(bytes, from);
		if (bytes[i] === JsonByte.CloseBrace) return i + 1;
		for (;;) {
			if (bytes[i] !== JsonByte.Quote) invalid('a column name is missing', row);
			const m = this.count;
			if (m === this.kind.length) this.grow();
			const keyEnd = stringEnd(bytes, i + 1, row);
			this.keyStart[m] = i + 1;
			this.keyEnd[m] = keyEnd.end;
			this.keyEscaped[m] = keyEnd.escaped ? 1 : 0;
			i = skipSpace(bytes, keyEnd.end + 1);
			if (bytes[i] !== JsonByte.Colon) invalid('":" is missing after a column name', row);
			i = this.readValue(bytes, skipSpace(bytes, i + 1), m, row);
			this.count++;
			i = skipSpace(bytes, i);
			if (bytes[i] === JsonByte.Comma) {
				i = skipSpace(bytes, i + 1);
				continue;
			}
			if (bytes[i] === JsonByte.CloseBrace) return i + 1;
			invalid('a row is not closed properly', row);
		}
	}

	/** The decoded name of member `m`. */
	key(bytes: Buffer, m: number, row: number): string {
		return this.keyEscaped[m] === 1
			? (decode(bytes, this.keyStart[m] - 1, this.keyEnd[m] + 1, row) as string)
			: bytes.toString('utf8', this.keyStart[m], this.keyEnd[m]);
	}

	/**
	 * The row's member names without repeats, as JSON.parse keeps them (a repeated name keeps its
	 * first place and its last value), and the member each name takes its value from.
	 */
	uniqueKeys(bytes: Buffer, row: number): { keys: string[]; members: number[] } {
		const keys: string[] = [];
		const members: number[] = [];
		const places = new Map<string, number>();
		for (let m = 0; m < this.count; m++) {
			const key = this.key(bytes, m, row);
			const place = places.get(key);
			if (place === undefined) {
				places.set(key, keys.length);
				keys.push(key);
				members.push(m);
			} else members[place] = m;
		}
		return { keys, members };
	}

	/** The decoded value of member `m`. */
	decodedValue(bytes: Buffer, m: number, row: number): unknown {
		switch (this.kind[m]) {
			case ValueKind.Null:
				return null;
			case ValueKind.String:
				return bytes.toString('utf8', this.valueStart[m] + 1, this.valueEnd[m] - 1);
			default:
				return decode(bytes, this.valueStart[m], this.valueEnd[m], row);
		}
	}

	private readValue(bytes: Buffer, i: number, m: number, row: number): number {
		this.valueStart[m] = i;
		this.needsQuotes[m] = 0;
		const byte = bytes[i];
		if (byte === JsonByte.Quote) {
			const end = stringEnd(bytes, i + 1, row);
			this.valueEnd[m] = end.end + 1;
			if (end.escaped) {
				this.kind[m] = ValueKind.EscapedString;
			} else {
				this.kind[m] = ValueKind.String;
				if (csvQuotesString(bytes, i + 1, end.end, end.comma)) this.needsQuotes[m] = 1;
			}
			return end.end + 1;
		}
		if (byte === JsonByte.OpenBrace || byte === JsonByte.OpenBracket) {
			const end = nestedEnd(bytes, i, row);
			this.kind[m] = ValueKind.Nested;
			this.valueEnd[m] = end;
			return end;
		}
		const end = literalEnd(bytes, i);
		this.valueEnd[m] = end;
		if (matches(bytes, i, end, NULL)) this.kind[m] = ValueKind.Null;
		else if (isJsonLiteral(bytes, i, end)) this.kind[m] = ValueKind.Literal;
		else invalid('a value is not valid JSON', row);
		return end;
	}

	private grow(): void {
		const size = this.kind.length * 2;
		this.keyStart = grown(this.keyStart, new Int32Array(size));
		this.keyEnd = grown(this.keyEnd, new Int32Array(size));
		this.keyEscaped = grown(this.keyEscaped, new Uint8Array(size));
		this.kind = grown(this.kind, new Uint8Array(size));
		this.valueStart = grown(this.valueStart, new Int32Array(size));
		this.valueEnd = grown(this.valueEnd, new Int32Array(size));
		this.needsQuotes = grown(this.needsQuotes, new Uint8Array(size));
	}
}

function grown<T extends Int32Array | Uint8Array>(from: T, to: T): T {
	to.set(from);
	return to;
}

/** Index just after a value that is not a string, list or object (it ends at `,`, `}` or space). */
export function literalEnd(bytes: Buffer, from: number): number {
	let end = from;
	while (
		end < bytes.length &&
		bytes[end] !== JsonByte.Comma &&
		bytes[end] !== JsonByte.CloseBrace &&
		!isJsonSpace(bytes[end])
	)
		end++;
	return end;
}

/** A number, `true` or `false`. */
export function isJsonLiteral(bytes: Buffer, start: number, end: number): boolean {
	return (
		matches(bytes, start, end, TRUE) ||
		matches(bytes, start, end, FALSE) ||
		isJsonNumber(bytes, start, end)
	);
}

export function skipSpace(bytes: Buffer, from: number): number {
	let i = from;
	while (i < bytes.length && isJsonSpace(bytes[i])) i++;
	return i;
}

export function matches(bytes: Buffer, start: number, end: number, expected: Buffer): boolean {
	if (end - start !== expected.length) return false;
	for (let k = 0; k < expected.length; k++) if (bytes[start + k] !== expected[k]) return false;
	return true;
}

function decode(bytes: Buffer, start: number, end: number, row: number): unknown {
	try {
		return JSON.parse(bytes.toString('utf8', start, end));
	} catch {
		return invalid('a value is not valid JSON', row);
	}
}

export function invalid(problem: string, row: number): never {
	throw new OneStreamError(
		`OneStream's answer is not a valid DataSet: ${problem}${row > 0 ? ` (row ${row})` : ''}`,
		'A DataSet maps each table name to a list of rows, and each row maps column names to values.',
	);
}

export interface StringEnd {
	/** Index of the closing quote; -1 when the string is not closed or holds a raw control character. */
	end: number;
	escaped: boolean;
	comma: boolean;
}

// One result object, reused: this runs once per string in the hot loop.
const stringEndResult: StringEnd = { end: 0, escaped: false, comma: false };

/**
 * Where the string whose content starts at `from` ends, and what it holds. The result is reused
 * by the next call: read it at once.
 */
export function scanString(bytes: Buffer, from: number): StringEnd {
	let escaped = false;
	let comma = false;
	let end = -1;
	for (let i = from; i < bytes.length; i++) {
		const byte = bytes[i];
		if (byte === JsonByte.Quote) {
			end = i;
			break;
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
	stringEndResult.end = end;
	stringEndResult.escaped = escaped;
	stringEndResult.comma = comma;
	return stringEndResult;
}

function stringEnd(bytes: Buffer, from: number, row: number): StringEnd {
	const found = scanString(bytes, from);
	if (found.end < 0) invalid('a string is not closed or holds a raw control character', row);
	return found;
}

/**
 * Whether a CSV field must quote the string without escapes between `start` and `end` (its
 * quotes excluded): it has a comma, or a space at either edge. Having no escapes, it holds no
 * quote, CR or LF.
 */
export function csvQuotesString(
	bytes: Buffer,
	start: number,
	end: number,
	comma: boolean,
): boolean {
	return (
		comma || (end > start && (bytes[start] === JsonByte.Space || bytes[end - 1] === JsonByte.Space))
	);
}

/** Index just after the object or list starting at `from`. */
function nestedEnd(bytes: Buffer, from: number, row: number): number {
	let depth = 0;
	for (let i = from; i < bytes.length; i++) {
		const byte = bytes[i];
		if (byte === JsonByte.Quote) {
			i = stringEnd(bytes, i + 1, row).end;
		} else if (byte === JsonByte.OpenBrace || byte === JsonByte.OpenBracket) depth++;
		else if (byte === JsonByte.CloseBrace || byte === JsonByte.CloseBracket) {
			depth--;
			if (depth === 0) return i + 1;
		}
	}
	return invalid('a nested value is not closed', row);
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
