/**
 * New Rows bookkeeping: cursor values compared as what they are, boundaries that share a cursor
 * value (identical rows counted, not merged), the per-poll limit, and the values it refuses.
 */
import {
	baselineOf,
	compareCursors,
	cursorOfValue,
	NewRowsSelection,
	selectNewRows,
} from '../../../../nodes/OneStream/trigger/cursor';

const cmp = (a: string | number, b: string | number) =>
	compareCursors(cursorOfValue(a, 'C'), cursorOfValue(b, 'C'), 'C');

const row = (id: number, at: string) => ({ Id: id, PostedAt: at });
const options = { cursorColumn: 'PostedAt', keyColumns: ['Id'], limit: 100 };

it('compares numbers by value, also numbers written as text and beyond 2^53', () => {
	expect(cmp(9, 10)).toBeLessThan(0);
	expect(cmp('9', '10')).toBeLessThan(0);
	expect(cmp('9', 10)).toBeLessThan(0);
	expect(cmp('007', 7)).toBe(0);
	expect(cmp('-5', '-40')).toBeGreaterThan(0);
	expect(cmp('1.50', '1.5')).toBe(0);
	expect(cmp('9007199254740993', '9007199254740992')).toBeGreaterThan(0);
});

it('compares timestamps by the instant they name: precision and UTC offsets included', () => {
	expect(cmp('2026-03-01T10:00:00', '2026-03-01T09:59:59')).toBeGreaterThan(0);
	expect(cmp('2026-03-01', '2026-03-01')).toBe(0);
	// Precision: the same instant written with more digits, and a fraction after a whole second.
	expect(cmp('2026-03-01T09:00:00', '2026-03-01T09:00:00.0000000')).toBe(0);
	expect(cmp('2026-03-01T09:00:00.5', '2026-03-01T09:00:00')).toBeGreaterThan(0);
	expect(cmp('2026-03-01T09:00:00.1234567', '2026-03-01T09:00:00.1234566')).toBeGreaterThan(0);
	// Summer time ends: 02:15+01:00 comes after 02:30+02:00, though its text sorts first.
	expect(cmp('2026-10-25T02:15:00+01:00', '2026-10-25T02:30:00+02:00')).toBeGreaterThan(0);
	expect(cmp('2026-10-25T00:30:00Z', '2026-10-25T02:30:00+02:00')).toBe(0);
});

it('refuses what it cannot order for sure: regional dates, and a column of mixed kinds', () => {
	for (const value of ['03/01/2026 09:00', '01.03.2026', 'Mar 1, 2026 9:00 AM', '9:05'])
		expect(() => cursorOfValue(value, 'PostedAt')).toThrow(
			new RegExp(
				`^The cursor column "PostedAt" holds "${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", a date or time in a regional form`,
			),
		);
	expect(() => cmp(7, '2026-03-01T09:00:00')).toThrow(
		'a column whose values are of different kinds has no order',
	);
	expect(() => cmp('2026-03-01T09:00:00', '2026-03-01T09:00:00Z')).toThrow(
		'among timestamps without a UTC offset',
	);
	// Text that is no number and no date is text, in its own order.
	expect(cmp('B-0002', 'A-0003')).toBeGreaterThan(0);
});

it('emits the rows past the cursor in cursor order, and moves the cursor to the last', () => {
	const rows = [row(3, '2026-03-01T10:02'), row(1, '2026-03-01T10:00'), row(2, '2026-03-01T10:01')];
	const first = selectNewRows(
		rows,
		{ value: '2026-03-01T10:00', boundary: ['[["Id",1]]'] },
		options,
	);
	expect(first.rows.map((r) => r.Id)).toEqual([2, 3]);
	expect(first.next).toEqual({ value: '2026-03-01T10:02', boundary: ['[["Id",3]]'] });
});

it('emits a row that shares the boundary value once, when it arrives later', () => {
	const before = selectNewRows([row(1, 'T1'), row(2, 'T2')], { boundary: [] }, options);
	expect(before.next).toEqual({ value: 'T2', boundary: ['[["Id",2]]'] });
	// The source answers >= T2: row 2 again, and row 4 that arrived with the same timestamp.
	const after = selectNewRows([row(2, 'T2'), row(4, 'T2')], before.next, options);
	expect(after.rows.map((r) => r.Id)).toEqual([4]);
	expect(after.next).toEqual({ value: 'T2', boundary: ['[["Id",2]]', '[["Id",4]]'] });
	expect(selectNewRows([row(2, 'T2'), row(4, 'T2')], after.next, options).rows).toEqual([]);
});

it('splits a run of equal values at the per-poll limit, and the next polls take the rest once', () => {
	const rows = [row(1, 'T1'), row(2, 'T2'), row(3, 'T2'), row(6, 'T2'), row(4, 'T3'), row(5, 'T4')];
	const first = selectNewRows(rows, { boundary: [] }, { ...options, limit: 2 });
	expect(first.rows.map((r) => r.Id)).toEqual([1, 2]);
	expect(first.deferred).toBe(4);
	expect(first.next).toEqual({ value: 'T2', boundary: ['[["Id",2]]'] });
	const second = selectNewRows(rows, first.next, { ...options, limit: 2 });
	// Rows sharing T2 leave in the order OneStream sent them.
	expect(second.rows.map((r) => r.Id)).toEqual([3, 6]);
	expect(second.next).toEqual({
		value: 'T2',
		boundary: ['[["Id",2]]', '[["Id",3]]', '[["Id",6]]'],
	});
	const third = selectNewRows(rows, second.next, { ...options, limit: 2 });
	expect(third.rows.map((r) => r.Id)).toEqual([4, 5]);
	expect(third.deferred).toBe(0);
	expect(selectNewRows(rows, third.next, { ...options, limit: 2 }).rows).toEqual([]);
});

it('keeps only the lowest rows while streaming: 100,000 rows in any order at a limit of 10', () => {
	const ids = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_000);
	const selection = new NewRowsSelection({ boundary: [] }, { ...options, limit: 10 });
	let most = 0;
	for (const id of ids) {
		selection.add({ Id: id, PostedAt: id });
		most = Math.max(most, selection.size);
	}
	const picked = selection.result();
	expect(picked.rows.map((r) => r.Id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	expect(picked.deferred).toBe(99_990);
	// Never more than 2 × limit + 1,024 rows held.
	expect(most).toBeLessThanOrEqual(2 * 10 + 1024);
});

it('a bad cursor cell fails the selection only when its result is asked for', () => {
	const selection = new NewRowsSelection({ boundary: [] }, options);
	selection.add(row(1, 'T1'));
	expect(() => selection.add({ Id: 2 })).not.toThrow();
	expect(() => selection.result()).toThrow('no usable value in the cursor column "PostedAt"');
});

it('emits two identical rows as two, and counts them off when they come again at the boundary', () => {
	// Two identical journal lines (no Key Columns: the whole row is the key) arrive together.
	const rows = [row(1, 'T1'), row(1, 'T1'), row(2, 'T1')];
	const picked = selectNewRows(rows, { boundary: [] }, { ...options, keyColumns: [] });
	expect(picked.rows.map((r) => r.Id)).toEqual([1, 1, 2]);
	// The source answers >= T1: the three again, and a third identical line that arrived since.
	const again = selectNewRows([...rows, row(1, 'T1')], picked.next, { ...options, keyColumns: [] });
	expect(again.rows.map((r) => r.Id)).toEqual([1]);
	expect(again.next.boundary).toHaveLength(4);
});

it('refuses Key Columns the rows do not have, as it does a missing cursor column', () => {
	expect(() =>
		selectNewRows([row(1, 'T1')], { boundary: [] }, { ...options, keyColumns: ['id'] }),
	).toThrow('A row has no column "id" (Key Columns)');
});

it('starts strictly after the value with Since a Value', () => {
	const picked = selectNewRows(
		[row(1, '2026-01-01T00:00:00'), row(2, '2026-01-01T00:00:00.001'), row(3, '2025-12-31')],
		{ value: '2026-01-01T00:00:00', boundary: [], past: true },
		options,
	);
	expect(picked.rows.map((r) => r.Id)).toEqual([2]);
});

it('refuses a cursor value the next poll could not send back, before anything is emitted', () => {
	const selection = new NewRowsSelection({ boundary: [] }, { ...options, cursorColumn: 'Ref' });
	selection.add({ Id: 1, Ref: 'A,7' });
	expect(() => selection.result()).toThrow(
		'The cursor column "Ref" holds "A,7", which the next poll could not send back to OneStream',
	);
});

it('sets a baseline at the highest value without emitting', () => {
	expect(baselineOf([row(1, 'T1'), row(3, 'T3'), row(2, 'T2')], options)).toEqual({
		value: 'T3',
		boundary: ['[["Id",3]]'],
	});
	expect(baselineOf([], options)).toEqual({ boundary: [] });
});

it('refuses a row without a cursor value, naming the columns it has', () => {
	expect(() => selectNewRows([{ Id: 1 }], { boundary: [] }, options)).toThrow(
		'A row has no usable value in the cursor column "PostedAt" (it has nothing)',
	);
});
