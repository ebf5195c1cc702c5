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
	/** Rows the poll saw past the cursor but left for the next poll (the per-poll limit). */
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

/**
 * The rows past the cursor, in cursor order, at most `limit` of them (more only to finish the run
 * of rows that share the last value, so that no boundary is split between polls), and the state
 * after emitting them.
 */
export function selectNewRows(
	rows: IDataObject[],
	state: CursorState,
	options: { cursorColumn: string; keyColumns: string[]; limit: number },
): RowSelection {
	const seen = new Set(state.boundary);
	const fresh = rows
		.map((row) => ({ row, cursor: cursorOf(row, options.cursorColumn) }))
		.filter(({ row, cursor }) => {
			if (state.value === undefined) return true;
			const order = compareCursors(cursor, state.value);
			return order > 0 || (order === 0 && !seen.has(rowKey(row, options.keyColumns)));
		})
		.sort((a, b) => compareCursors(a.cursor, b.cursor));
	// The same row twice in one answer counts once.
	const unique: typeof fresh = [];
	const keys = new Set<string>();
	for (const entry of fresh) {
		const key = rowKey(entry.row, options.keyColumns);
		if (keys.has(key)) continue;
		keys.add(key);
		unique.push(entry);
	}
	let end = Math.min(unique.length, options.limit);
	while (
		end > 0 &&
		end < unique.length &&
		compareCursors(unique[end].cursor, unique[end - 1].cursor) === 0
	)
		end++;
	const emitted = unique.slice(0, end);
	if (emitted.length === 0) return { rows: [], next: state, deferred: 0 };
	const last = emitted[emitted.length - 1].cursor;
	const boundary = emitted
		.filter((entry) => compareCursors(entry.cursor, last) === 0)
		.map((entry) => rowKey(entry.row, options.keyColumns));
	// Rows at an unchanged boundary value join the keys already there.
	const next: CursorState =
		state.value !== undefined && compareCursors(last, state.value) === 0
			? { value: last, boundary: [...state.boundary, ...boundary] }
			: { value: last, boundary };
	return { rows: emitted.map((entry) => entry.row), next, deferred: unique.length - end };
}

/** The highest cursor in a poll's rows, as the baseline of a first activation. */
export function baselineOf(
	rows: IDataObject[],
	options: { cursorColumn: string; keyColumns: string[] },
): CursorState {
	const all = selectNewRows(rows, { boundary: [] }, { ...options, limit: Number.MAX_SAFE_INTEGER });
	return all.next;
}
