import type { IDataObject } from 'n8n-workflow';

import { inputError } from '../shared/errors';
import { describeValue } from '../shared/parameters';
import { clip } from '../shared/redaction';

/*
 * New Rows bookkeeping, kept in the workflow's static data between polls: the highest cursor value
 * emitted so far, what kind of value it is, and the keys of the rows that carry exactly that value
 * (so that rows sharing the boundary are emitted once, whether the query asks for `>=` or a later
 * row arrives with an equal value). Pure functions: the poll reads the state, asks these what to
 * emit, and stores the new state only after the rows are handed to n8n.
 *
 * Cursor values are compared as what they are: timestamps by the instant they name (precision and
 * UTC offsets included), numbers by value, text by its characters only when the column holds text.
 * A value whose order cannot be known for sure (a regional date, a mix of kinds) is an error that
 * names the column and the value, raised before anything is emitted or saved.
 */

export type CursorValue = string | number;

/** `instant`: a timestamp with an offset (or Z); `local`: one without (compared as written). */
export type CursorKind = 'number' | 'instant' | 'local' | 'text';

export interface CursorState {
	/** The highest cursor value emitted; absent before the first poll set a baseline. */
	value?: CursorValue;
	/**
	 * Keys of the emitted rows whose cursor equals `value`, once per row: two identical rows are
	 * two entries, so that neither is taken for the other.
	 */
	boundary: string[];
	/** Every row at `value` counts as emitted (Start From "Since a Value": strictly after it). */
	past?: boolean;
}

export interface RowSelection {
	rows: IDataObject[];
	next: CursorState;
	/** Rows the poll saw past the cursor but left for the next poll (the per-poll limit). */
	deferred: number;
	/**
	 * Rows the source returned before the cursor (not at it): a source that filters on the cursor
	 * variable returns none.
	 */
	behind: number;
}

/** A decimal number as written: its sign, whole digits and fraction digits, exactly. */
interface Decimal {
	negative: boolean;
	whole: string;
	fraction: string;
}

/** A cursor cell read as an ordered value. */
export interface Cursor {
	kind: CursorKind;
	raw: CursorValue;
	/** number: the value; instant and local: [epoch ms, further fraction digits]; text: the text. */
	key: Decimal | [number, string] | string;
}

const KIND_WORDS: Record<CursorKind, string> = {
	number: 'numbers',
	instant: 'timestamps with a UTC offset',
	local: 'timestamps without a UTC offset',
	text: 'text',
};

// ISO 8601: a date, optionally a time (fractions of a second to any precision), optionally an offset.
const ISO =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
// Dates a person or a regional setting wrote: their text order is not their time order.
const REGIONAL_DATE =
	/\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d/i;

function cannotOrder(column: string, value: unknown, why: string): Error {
	return inputError(
		`The cursor column "${column}" holds ${describeValue(value)}, ${why}`,
		"The cursor column must hold numbers, or timestamps in ISO 8601 (yyyy-MM-ddTHH:mm:ss, with fractions of a second and an offset if you have them), or text that sorts in time order. Return it in that form from the source, e.g. FORMAT(PostedAt, 'yyyy-MM-ddTHH:mm:ss.fffffff') in SQL Server. Nothing was emitted and the cursor did not move.",
	);
}

function decimal(sign: string, whole: string, fraction: string): Decimal {
	const digits = whole.replace(/^0+(?=\d)/, '');
	const frac = fraction.replace(/0+$/, '');
	return {
		negative: sign === '-' && (/[1-9]/.test(digits) || frac !== ''),
		whole: digits,
		fraction: frac,
	};
}

/** A JavaScript number as its exact decimal digits (as far as the number holds them). */
function decimalOfNumber(value: number): Decimal {
	const text = Math.abs(value).toFixed(20);
	const [whole, fraction = ''] = text.split('.');
	return decimal(value < 0 ? '-' : '', whole, fraction);
}

function compareDecimals(a: Decimal, b: Decimal): number {
	if (a.negative !== b.negative) return a.negative ? -1 : 1;
	let order =
		a.whole.length !== b.whole.length
			? a.whole.length - b.whole.length
			: a.whole < b.whole
				? -1
				: a.whole > b.whole
					? 1
					: a.fraction < b.fraction
						? -1
						: a.fraction > b.fraction
							? 1
							: 0;
	order = Math.sign(order);
	return a.negative ? -order : order;
}

/** The instant an ISO 8601 text names: epoch milliseconds, then the fraction's further digits. */
function instant(match: RegExpExecArray): { kind: CursorKind; key: [number, string] } {
	const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
	let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
	if (zone !== undefined && zone.toUpperCase() !== 'Z') {
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
		ms -= sign * offset * 60_000;
	}
	const padded = fraction.padEnd(3, '0');
	ms += Number(padded.slice(0, 3));
	return {
		kind: zone === undefined ? 'local' : 'instant',
		key: [ms, padded.slice(3).replace(/0+$/, '')],
	};
}

/** A cursor cell as an ordered value; a cell without one cannot be placed and is an error. */
export function cursorOf(row: IDataObject, column: string): Cursor {
	const value = row[column];
	if (typeof value === 'number' && Number.isFinite(value)) {
		return { kind: 'number', key: decimalOfNumber(value), raw: value };
	}
	if (typeof value !== 'string' || value.trim() === '') {
		throw inputError(
			`A row has no usable value in the cursor column "${column}" (it has ${describeValue(value)})`,
			`The cursor column must hold an increasing number or timestamp in every row. Columns of the row: ${Object.keys(row).slice(0, 20).join(', ')}.`,
		);
	}
	return cursorOfText(value.trim(), column);
}

function cursorOfText(text: string, column: string): Cursor {
	const number = DECIMAL.exec(text);
	if (number)
		return { kind: 'number', key: decimal(number[1], number[2], number[3] ?? ''), raw: text };
	const iso = ISO.exec(text);
	if (iso) {
		const month = Number(iso[2]);
		const day = Number(iso[3]);
		if (month < 1 || month > 12 || day < 1 || day > 31)
			throw cannotOrder(column, text, 'which is not a date');
		return { ...instant(iso), raw: text };
	}
	if (REGIONAL_DATE.test(text)) {
		throw cannotOrder(
			column,
			text,
			'a date or time in a regional form: its order cannot be known for sure (month or day first, text order across a year end)',
		);
	}
	return { kind: 'text', key: text, raw: text };
}

/** A saved cursor value (or an Initial Cursor) read like a cell of the column. */
export function cursorOfValue(value: CursorValue, column: string): Cursor {
	return cursorOf({ [column]: value }, column);
}

/** Orders two cursors of one kind; different kinds cannot be ordered. */
export function compareCursors(a: Cursor, b: Cursor, column: string): number {
	if (a.kind !== b.kind) {
		throw cannotOrder(
			column,
			b.raw,
			`among ${KIND_WORDS[a.kind]} (such as ${describeValue(a.raw)}): a column whose values are of different kinds has no order`,
		);
	}
	if (typeof a.key === 'string' && typeof b.key === 'string')
		return a.key === b.key ? 0 : a.key < b.key ? -1 : 1;
	if (Array.isArray(a.key) && Array.isArray(b.key)) {
		if (a.key[0] !== b.key[0]) return a.key[0] < b.key[0] ? -1 : 1;
		return a.key[1] === b.key[1] ? 0 : a.key[1] < b.key[1] ? -1 : 1;
	}
	return compareDecimals(a.key as Decimal, b.key as Decimal);
}

/** What identifies a row: the chosen columns (each must exist), or the whole row. */
export function rowKey(row: IDataObject, keyColumns: string[]): string {
	if (keyColumns.length === 0) {
		const columns = Object.keys(row).sort();
		return JSON.stringify(columns.map((column) => [column, row[column] ?? null]));
	}
	for (const column of keyColumns) {
		if (!Object.prototype.hasOwnProperty.call(row, column)) {
			throw inputError(
				`A row has no column "${column}" (Key Columns)`,
				`Key Columns must name columns of the rows, exactly as written (case included). Columns of the row: ${Object.keys(row).slice(0, 20).join(', ')}. Nothing was emitted and the cursor did not move.`,
			);
		}
	}
	return JSON.stringify(keyColumns.map((column) => [column, row[column] ?? null]));
}

/** A cursor value that the next poll sends back as a substitution variable must travel as one. */
function assertSendable(value: CursorValue, column: string): void {
	const text = String(value);
	if (/[,[\]\r\n]/.test(text)) {
		throw inputError(
			`The cursor column "${column}" holds "${clip(text, 80)}", which the next poll could not send back to OneStream`,
			'The last cursor value goes to OneStream as a substitution variable, Name=[Value]: a comma, a square bracket or a line break would cut it. Use a cursor column without them (an ID, or a timestamp in ISO 8601). Nothing was emitted and the cursor did not move.',
		);
	}
}

interface Candidate {
	row: IDataObject;
	cursor: Cursor;
	key: string;
	/** Arrival order: rows sharing a cursor value leave in the order OneStream sent them. */
	index: number;
}

export interface SelectionOptions {
	cursorColumn: string;
	keyColumns: string[];
	/** The most rows to emit. */
	limit: number;
}

/**
 * Remembers the first row the selection cannot place instead of throwing, so that a table the
 * poll does not use cannot fail it; `checked` throws it when the result is asked for.
 */
abstract class CursorRows {
	private failure?: Error;
	/** The column's kind, from the state or the first row. */
	protected kind?: Cursor;

	constructor(protected readonly cursorColumn: string) {}

	protected remember(error: unknown): void {
		this.failure ??= error as Error;
	}

	/** The row's cursor and key; undefined once any row could not be placed. */
	protected place(row: IDataObject, keyColumns: string[]): Candidate | undefined {
		if (this.failure) return undefined;
		try {
			const cursor = cursorOf(row, this.cursorColumn);
			if (this.kind === undefined) this.kind = cursor;
			else compareCursors(this.kind, cursor, this.cursorColumn);
			return { row, cursor, key: rowKey(row, keyColumns), index: 0 };
		} catch (error) {
			this.remember(error);
			return undefined;
		}
	}

	protected checked(): void {
		if (this.failure) throw this.failure;
	}

	protected compare(a: Cursor, b: Cursor): number {
		return compareCursors(a, b, this.cursorColumn);
	}
}

/** The state's cursor, read as the column's values are. */
function stateCursor(state: CursorState, column: string): Cursor | undefined {
	return state.value === undefined ? undefined : cursorOfValue(state.value, column);
}

/**
 * The rows past the cursor, fed one at a time as the answer streams in: the `limit` lowest in
 * cursor order are kept, so memory stays near `limit` rows however many the answer has. A run of
 * rows sharing a cursor value may be split at the limit; the boundary keys say which of them were
 * emitted, and the next poll takes the rest.
 */
export class NewRowsSelection extends CursorRows {
	private kept: Candidate[] = [];
	/** How many rows of each key at the state's value were emitted before (and not yet met). */
	private readonly seen = new Map<string, number>();
	private readonly from?: Cursor;
	private past = 0;
	private behind = 0;
	/** The answer's first row, past the cursor or not: a manual run's sample when nothing is new. */
	first?: IDataObject;

	constructor(
		private readonly state: CursorState,
		private readonly options: SelectionOptions,
	) {
		super(options.cursorColumn);
		for (const key of state.boundary) this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
		try {
			this.from = stateCursor(state, options.cursorColumn);
			this.kind = this.from;
		} catch (error) {
			this.remember(error);
		}
	}

	add(row: IDataObject): void {
		this.first ??= row;
		const candidate = this.place(row, this.options.keyColumns);
		if (candidate === undefined) return;
		if (this.from !== undefined) {
			const order = this.compare(this.from, candidate.cursor);
			if (order > 0) {
				this.behind++;
				return;
			}
			if (order === 0) {
				if (this.state.past) return;
				const left = this.seen.get(candidate.key) ?? 0;
				if (left > 0) {
					// One of the rows emitted before: counted off, so an identical new row still comes.
					this.seen.set(candidate.key, left - 1);
					return;
				}
			}
		}
		candidate.index = this.past++;
		this.kept.push(candidate);
		if (this.kept.length >= 2 * this.options.limit + 1024) this.compact();
	}

	/** Sorts and keeps the lowest `limit`. */
	private compact(): void {
		this.kept.sort((a, b) => this.compare(a.cursor, b.cursor) || a.index - b.index);
		this.kept.length = Math.min(this.kept.length, this.options.limit);
	}

	/** Rows held now (at most 2 × limit + 1,024). */
	get size(): number {
		return this.kept.length;
	}

	result(): RowSelection {
		this.checked();
		this.compact();
		const emitted = this.kept;
		const deferred = this.past - emitted.length;
		const behind = this.behind;
		if (emitted.length === 0) return { rows: [], next: this.state, deferred, behind };
		const last = emitted[emitted.length - 1].cursor;
		assertSendable(last.raw, this.cursorColumn);
		const boundary = emitted
			.filter((entry) => this.compare(entry.cursor, last) === 0)
			.map((entry) => entry.key);
		// Rows at an unchanged boundary value join the keys already there.
		const same = this.from !== undefined && this.compare(last, this.from) === 0;
		const next: CursorState = same
			? {
					value: last.raw,
					boundary: [...this.state.boundary, ...boundary],
					...(this.state.past ? { past: true } : {}),
				}
			: { value: last.raw, boundary };
		return { rows: emitted.map((entry) => entry.row), next, deferred, behind };
	}
}

/** `NewRowsSelection` over rows already in memory. */
export function selectNewRows(
	rows: IDataObject[],
	state: CursorState,
	options: SelectionOptions,
): RowSelection {
	const selection = new NewRowsSelection(state, options);
	for (const row of rows) selection.add(row);
	return selection.result();
}

/**
 * The baseline of a first activation, fed as the answer streams in: the highest cursor value and
 * the keys of the rows that carry it (once per row). Only those rows are remembered.
 */
export class Baseline extends CursorRows {
	private highest?: Cursor;
	private keys: string[] = [];

	constructor(private readonly options: { cursorColumn: string; keyColumns: string[] }) {
		super(options.cursorColumn);
	}

	add(row: IDataObject): void {
		const candidate = this.place(row, this.options.keyColumns);
		if (candidate === undefined) return;
		const order = this.highest === undefined ? 1 : this.compare(candidate.cursor, this.highest);
		if (order < 0) return;
		if (order > 0) {
			this.highest = candidate.cursor;
			this.keys = [];
		}
		this.keys.push(candidate.key);
	}

	result(): CursorState {
		this.checked();
		if (this.highest === undefined) return { boundary: [] };
		assertSendable(this.highest.raw, this.options.cursorColumn);
		return { value: this.highest.raw, boundary: [...this.keys] };
	}
}

/** `Baseline` over rows already in memory. */
export function baselineOf(
	rows: IDataObject[],
	options: { cursorColumn: string; keyColumns: string[] },
): CursorState {
	const baseline = new Baseline(options);
	for (const row of rows) baseline.add(row);
	return baseline.result();
}
