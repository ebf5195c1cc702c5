import type { IDataObject } from 'n8n-workflow';

import { inputError } from '../shared/errors';
import { describeValue } from '../shared/parameters';

/*
 * New Rows bookkeeping, kept in the workflow's static data between polls: the highest cursor value
 * emitted so far, and the keys of the rows that carry exactly that value (so that rows sharing the
 * boundary are emitted once, whether the query asks for `>=` or a later row arrives with an equal
 * value). Pure functions: the poll reads the state, asks these what to emit, and stores the new
 * state only after the rows are handed to n8n.
 */

export type CursorValue = string | number;

export interface CursorState {
	/** The highest cursor value emitted; absent before the first poll set a baseline. */
	value?: CursorValue;
	/** Keys of the emitted rows whose cursor equals `value`. */
	boundary: string[];
}

export interface RowSelection {
	rows: IDataObject[];
	next: CursorState;
	/** Rows the poll saw past the cursor but left for the next poll (the per-poll limit), repeats included. */
	deferred: number;
}

/** A cursor cell as a comparable value; a row without one cannot be placed and is an error. */
export function cursorOf(row: IDataObject, column: string): CursorValue {
	const value = row[column];
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	throw inputError(
		`A row has no usable value in the cursor column "${column}" (it has ${describeValue(value)})`,
		`The cursor column must hold an increasing number or timestamp in every row. Columns of the row: ${Object.keys(row).slice(0, 20).join(', ')}.`,
	);
}

/** Numbers (and numeric text) by value; other text in order, which suits ISO timestamps. */
export function compareCursors(a: CursorValue, b: CursorValue): number {
	const x = typeof a === 'number' ? a : Number(a);
	const y = typeof b === 'number' ? b : Number(b);
	if (
		Number.isFinite(x) &&
		Number.isFinite(y) &&
		String(a).trim() !== '' &&
		String(b).trim() !== ''
	)
		return x === y ? 0 : x < y ? -1 : 1;
	const s = String(a);
	const t = String(b);
	return s === t ? 0 : s < t ? -1 : 1;
}

/** What identifies a row for de-duplication: the chosen columns, or the whole row. */
export function rowKey(row: IDataObject, keyColumns: string[]): string {
	const columns = keyColumns.length > 0 ? keyColumns : Object.keys(row).sort();
	return JSON.stringify(columns.map((column) => [column, row[column] ?? null]));
}

interface Candidate {
	row: IDataObject;
	cursor: CursorValue;
	key: string;
	/** Arrival order: rows sharing a cursor value leave in the order OneStream sent them. */
	index: number;
}

const byCursorThenArrival = (a: Candidate, b: Candidate): number =>
	compareCursors(a.cursor, b.cursor) || a.index - b.index;

export interface SelectionOptions {
	cursorColumn: string;
	keyColumns: string[];
	/** The most rows to emit. */
	limit: number;
}

/**
 * The rows past the cursor, fed one at a time as the answer streams in: the `limit` lowest in
 * cursor order are kept, so memory stays near `limit` rows however many the answer has. A run of
 * rows sharing a cursor value may be split at the limit; the boundary keys say which of them were
 * emitted, and the next poll takes the rest.
 */
/**
 * Remembers the first row without a usable cursor instead of throwing, so that a table the poll
 * does not use cannot fail it; `checked` throws it when the result is asked for.
 */
abstract class CursorRows {
	private failure?: Error;

	constructor(protected readonly cursorColumn: string) {}

	/** The row's cursor; undefined once any row had none. */
	protected cursorIn(row: IDataObject): CursorValue | undefined {
		if (this.failure) return undefined;
		try {
			return cursorOf(row, this.cursorColumn);
		} catch (error) {
			this.failure = error as Error;
			return undefined;
		}
	}

	protected checked(): void {
		if (this.failure) throw this.failure;
	}
}

export class NewRowsSelection extends CursorRows {
	private kept: Candidate[] = [];
	private readonly seen: Set<string>;
	private past = 0;
	/** The answer's first row, past the cursor or not: a manual run's sample when nothing is new. */
	first?: IDataObject;

	constructor(
		private readonly state: CursorState,
		private readonly options: SelectionOptions,
	) {
		super(options.cursorColumn);
		this.seen = new Set(state.boundary);
	}

	add(row: IDataObject): void {
		this.first ??= row;
		const cursor = this.cursorIn(row);
		if (cursor === undefined) return;
		const key = rowKey(row, this.options.keyColumns);
		if (this.state.value !== undefined) {
			const order = compareCursors(cursor, this.state.value);
			if (order < 0 || (order === 0 && this.seen.has(key))) return;
		}
		this.kept.push({ row, cursor, key, index: this.past++ });
		if (this.kept.length >= 2 * this.options.limit + 1024) this.compact();
	}

	/** Sorts, drops repeats of a row (same cursor and key), keeps the lowest `limit`. */
	private compact(): void {
		this.kept.sort(byCursorThenArrival);
		const unique: Candidate[] = [];
		const keys = new Set<string>();
		for (const entry of this.kept) {
			const id = `${String(entry.cursor)}\u0000${entry.key}`;
			if (keys.has(id)) continue;
			keys.add(id);
			unique.push(entry);
			if (unique.length === this.options.limit) break;
		}
		this.kept = unique;
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
		if (emitted.length === 0) return { rows: [], next: this.state, deferred };
		const last = emitted[emitted.length - 1].cursor;
		const boundary = emitted
			.filter((entry) => compareCursors(entry.cursor, last) === 0)
			.map((entry) => entry.key);
		// Rows at an unchanged boundary value join the keys already there.
		const next: CursorState =
			this.state.value !== undefined && compareCursors(last, this.state.value) === 0
				? { value: last, boundary: [...this.state.boundary, ...boundary] }
				: { value: last, boundary };
		return { rows: emitted.map((entry) => entry.row), next, deferred };
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
 * the keys of the rows that carry it. Only those rows are remembered.
 */
export class Baseline extends CursorRows {
	private value?: CursorValue;
	private keys = new Set<string>();

	constructor(private readonly options: { cursorColumn: string; keyColumns: string[] }) {
		super(options.cursorColumn);
	}

	add(row: IDataObject): void {
		const cursor = this.cursorIn(row);
		if (cursor === undefined) return;
		const order = this.value === undefined ? 1 : compareCursors(cursor, this.value);
		if (order < 0) return;
		if (order > 0) {
			this.value = cursor;
			this.keys = new Set();
		}
		this.keys.add(rowKey(row, this.options.keyColumns));
	}

	result(): CursorState {
		this.checked();
		return this.value === undefined
			? { boundary: [] }
			: { value: this.value, boundary: [...this.keys] };
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
