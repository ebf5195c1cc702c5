/**
 * Seeded generators for the fuzz test: DataSet-shaped JSON values, their text with random
 * whitespace (and the occasional repeated key), mutations of that text, and chunkings.
 */
import type { Rng } from './random.cjs';

// Globals looked up once (see ./random.ts).
const fromCharCode = String.fromCharCode;
const fromCodePoint = String.fromCodePoint;
const stringify = JSON.stringify;
const round = Math.round;
const mathMax = Math.max;
const floor = Math.floor;
const defineProperty = Object.defineProperty;
const isArray = Array.isArray;

export type JsonValue =
	null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Keys that break code which treats row objects as ordinary objects. */
export const HOSTILE_KEYS = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'valueOf',
	'hasOwnProperty',
	'toJSON',
	'isPrototypeOf',
	'__defineGetter__',
];

const PLAIN_KEYS = [
	'Entity',
	'Account',
	'Amount',
	'Time',
	'Scenario',
	'Comment',
	'Id',
	'Name',
	'Value',
	'Ünïcödé',
	'名前',
	'a b',
	'a,b',
	'quote"key',
	'back\\slash',
	'brace{}',
	'bracket[]',
	'colon:',
	'',
	' ',
	'0',
	'1e3',
];
const CUBE_KEYS = [
	'RowHdr0NameAndDesc',
	'RowHdr0Indent',
	'RowHdr1NameAndDesc',
	'RowHdr0Other',
	'Col0Hdr0NameAndDesc',
	'Col0Hdr1NameAndDesc',
	'Col0Value',
	'Col1Hdr0NameAndDesc',
	'Col1Value',
	'Col2Value',
	'Col1Extra',
	'Col10Value',
	'Title',
	'RowHdrX',
	'Col',
];
const TABLE_NAMES = [
	'Results',
	'Table',
	'Error',
	'errors',
	'Rates',
	'Lines',
	'DataResult',
	'__proto__',
	'constructor',
	'Ünïcödé',
	'',
	'a"b',
];
const FIELD_NAMES = ['Status', 'RequestId', 'TotalPages', 'Message', '__proto__', 'toString'];

const STRINGS = [
	'',
	'plain',
	'He said "hi"',
	'back\\slash',
	'line\nbreak',
	'tab\there',
	'\r\n',
	'Zürich – Österreich № 7 €',
	'emoji 🚀 and 👩‍👩‍👧',
	'\u0000 nul',
	'\u2028\u2029',
	'\ud800 lone surrogate',
	'{"looks":"like json"}',
	'[1,2,3]',
	'}]},{"x":[',
	'\\"',
	'\\',
	' leading and trailing ',
	'comma, inside',
	'=CMD()',
];

function key(rng: Rng, pool: readonly string[]): string {
	const roll = rng.next();
	if (roll < 0.12) return rng.pick(HOSTILE_KEYS);
	if (roll < 0.2) return randomString(rng, rng.int(0, 8));
	return rng.pick(pool);
}

/** A random string of printable ASCII, escapes and multi-byte characters. */
export function randomString(rng: Rng, length: number): string {
	let text = '';
	for (let i = 0; i < length; i++) {
		const roll = rng.next();
		if (roll < 0.7) text += fromCharCode(rng.int(0x20, 0x7e));
		else if (roll < 0.8) text += rng.pick(['"', '\\', '{', '}', '[', ']', ',', ':']);
		else if (roll < 0.9) text += fromCharCode(rng.int(0xa0, 0x2fff));
		else if (roll < 0.95) text += fromCodePoint(rng.int(0x1f300, 0x1f6ff));
		else text += fromCharCode(rng.int(0, 0x1f));
	}
	return text;
}

function scalar(rng: Rng): JsonValue {
	switch (rng.int(0, 9)) {
		case 0:
			return null;
		case 1:
			return rng.chance(0.5);
		case 2:
			return rng.int(-1_000_000, 1_000_000);
		case 3:
			return rng.pick([
				0,
				-0,
				1e21,
				-1e-7,
				0.1,
				123456789.123,
				Number.MAX_SAFE_INTEGER,
				5e-324,
				1.7976931348623157e308,
			]);
		case 4:
			return round((rng.next() - 0.5) * 1e9) / 100;
		case 5:
		case 6:
			return rng.pick(STRINGS);
		default:
			return randomString(rng, rng.int(0, rng.chance(0.9) ? 12 : 60));
	}
}

/** A value of any shape, nested up to `depth`. */
export function value(rng: Rng, depth: number): JsonValue {
	if (depth <= 0 || rng.chance(0.8)) return scalar(rng);
	if (rng.chance(0.5)) return Array.from({ length: rng.int(0, 4) }, () => value(rng, depth - 1));
	return object(
		rng,
		rng.int(0, 4),
		() => key(rng, PLAIN_KEYS),
		() => value(rng, depth - 1),
	);
}

/** An object with own properties only (a `__proto__` key is a plain own property, as JSON.parse makes it). */
export function object(
	rng: Rng,
	size: number,
	makeKey: () => string,
	makeValue: () => JsonValue,
): JsonObject {
	const result: JsonObject = {};
	for (let i = 0; i < size; i++) {
		const name = makeKey();
		// Assignment would set the prototype for `__proto__`: define that one as an own property.
		if (name === '__proto__')
			defineProperty(result, name, {
				value: makeValue(),
				enumerable: true,
				writable: true,
				configurable: true,
			});
		else result[name] = makeValue();
	}
	return result;
}

export function row(rng: Rng, cubeView: boolean): JsonObject {
	const pool = cubeView ? CUBE_KEYS : PLAIN_KEYS;
	return object(
		rng,
		rng.int(0, 5),
		() => key(rng, pool),
		() => (cubeView && rng.chance(0.6) ? scalar(rng) : value(rng, 2)),
	);
}

/** A DataSet-shaped object: tables of rows, sometimes scalar fields, sometimes a stray non-row. */
export function dataSet(rng: Rng): JsonObject {
	const cubeView = rng.chance(0.3);
	const result: JsonObject = {};
	const tables = rng.int(0, 4);
	for (let t = 0; t < tables; t++) {
		const rows: JsonValue[] = Array.from(
			{
				length: rng.weighted([
					[16, rng.int(0, 3)],
					[3, rng.int(4, 10)],
					[0.1, rng.int(11, 80)],
				] as const),
			},
			() => row(rng, cubeView),
		);
		// Not a DataSet: a row that is not an object.
		if (rng.chance(0.03) && rows.length > 0)
			rows[rng.int(0, rows.length - 1)] = rng.chance(0.5) ? scalar(rng) : [scalar(rng)];
		defineProperty(
			result,
			rng.chance(0.8) ? rng.pick(TABLE_NAMES) : randomString(rng, rng.int(0, 6)),
			{
				value: rows,
				enumerable: true,
				writable: true,
				configurable: true,
			},
		);
	}
	if (rng.chance(0.3)) {
		defineProperty(result, rng.pick(FIELD_NAMES), {
			value: value(rng, 2),
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return result;
}

const SPACE = [' ', '\n', '\t', '\r\n', '  '];

function space(rng: Rng, chance: number): string {
	return rng.chance(chance) ? rng.pick(SPACE) : '';
}

/**
 * JSON text of `input` with random insignificant whitespace (probability `spacing` per token gap).
 * With `repeatKeys`, a top-level key is sometimes written twice (JSON.parse keeps the last value).
 */
export function serialize(
	rng: Rng,
	input: JsonValue,
	spacing: number,
	repeatKeys = false,
	top = true,
): string {
	if (input === null || typeof input !== 'object') return stringify(input) ?? 'null';
	if (isArray(input)) {
		return `[${space(rng, spacing)}${input.map((entry) => serialize(rng, entry, spacing, false, false)).join(`${space(rng, spacing)},${space(rng, spacing)}`)}${space(rng, spacing)}]`;
	}
	const parts: string[] = [];
	for (const name of Object.keys(input)) {
		const member = `${stringify(name)}${space(rng, spacing)}:${space(rng, spacing)}${serialize(rng, input[name], spacing, false, false)}`;
		parts.push(member);
		if (top && repeatKeys && rng.chance(0.1))
			parts.push(`${stringify(name)}:${serialize(rng, value(rng, 1), spacing, false, false)}`);
	}
	return `{${space(rng, spacing)}${parts.join(`${space(rng, spacing)},${space(rng, spacing)}`)}${space(rng, spacing)}}`;
}

/** A body that is not a DataSet object at all. */
export function otherBody(rng: Rng): string {
	return rng.pick([
		'',
		'   ',
		'null',
		'true',
		'42',
		'"a string"',
		'[]',
		'[{"a":1}]',
		'<!DOCTYPE html><html><head><title>Sign in</title></head><body></body></html>',
		'<html><body>502 Bad Gateway</body></html>',
		'Service Unavailable',
		'\ufeff{"Results":[{"a":1}]}',
		'\ufeff\ufeff{}',
		'{}',
		'{"Results":[]}',
		'{"Results":null}',
		'{"Results":{"a":1}}',
		`${serialize(rng, value(rng, 3), 0.2)}`,
	]);
}

const STRUCTURAL = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', 'n', '0', '-', '.', 'e'];

/** The body with one to three random edits: cut, deletions, insertions, swaps, BOM, garbage, bad bytes. */
export function mutate(rng: Rng, body: Buffer): Buffer {
	let bytes = body;
	const edits = rng.int(1, 3);
	for (let e = 0; e < edits; e++) {
		const at = bytes.length === 0 ? 0 : rng.int(0, bytes.length - 1);
		switch (rng.int(0, 9)) {
			case 0:
				bytes = bytes.subarray(0, at);
				break;
			case 1:
				bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
				break;
			case 2:
				bytes = Buffer.concat([
					bytes.subarray(0, at),
					Buffer.from(rng.pick(STRUCTURAL)),
					bytes.subarray(at),
				]);
				break;
			case 3: {
				const other = bytes.length === 0 ? 0 : rng.int(0, bytes.length - 1);
				const copy = Buffer.from(bytes);
				[copy[at], copy[other]] = [copy[other] ?? 0, copy[at] ?? 0];
				bytes = copy;
				break;
			}
			case 4:
				bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
				break;
			case 5:
				bytes = Buffer.concat([
					bytes,
					Buffer.from(rng.pick([' x', '}', ']', ',{}', '\n\n', '{"More":[]}'])),
				]);
				break;
			case 6:
				bytes = Buffer.concat([
					bytes.subarray(0, at),
					Buffer.from([rng.int(0x80, 0xff)]),
					bytes.subarray(at),
				]);
				break;
			case 7: {
				const end = Math.min(bytes.length, at + rng.int(1, 20));
				bytes = Buffer.concat([
					bytes.subarray(0, end),
					bytes.subarray(at, end),
					bytes.subarray(end),
				]);
				break;
			}
			case 8:
				bytes = Buffer.concat([
					bytes.subarray(0, at),
					Buffer.from(
						rng.pick(['\\u12', '\\x', '\\', '"', 'NaN', 'undefined', 'Infinity', '\u0000']),
					),
					bytes.subarray(at),
				]);
				break;
			default:
				bytes = Buffer.concat([Buffer.from(rng.pick([' ', '\n', ',', '{', '['])), bytes]);
		}
	}
	return bytes;
}

/** Splits `body` into chunks: mostly random sizes, sometimes single bytes, sometimes whole. */
export function chunks(rng: Rng, body: Buffer): Buffer[] {
	const style = rng.int(0, 9);
	if (style === 0 || body.length === 0) return [body];
	// Byte by byte is slow for long bodies; they get small random chunks instead.
	if (style === 1 && body.length > 4096) return chunks(rng, body);
	const pieces: Buffer[] = [];
	const max = style === 1 ? 1 : style <= 4 ? 8 : mathMax(1, floor(body.length / 3));
	for (let at = 0; at < body.length;) {
		const size = rng.int(1, max);
		pieces.push(body.subarray(at, at + size));
		at += size;
	}
	return pieces;
}
