/** Cube-view flattening of parsed rows: levels, duplicates, extra keys, `__proto__` staying data. */
import type { IDataObject } from 'n8n-workflow';

import { flattenCubeViewRows } from '../../../../nodes/OneStream/dataSet/cubeView';
import type { DataRow } from '../../../../nodes/OneStream/dataSet/types';

/** A row object with an own `__proto__` key, as JSON.parse makes it. */
function parsed(json: string): IDataObject {
	return JSON.parse(json) as IDataObject;
}

describe('flattenCubeViewRows', () => {
	it('names the columns after their headers, in column order (Col10 after Col2)', () => {
		const row: DataRow = {
			RowHdr0NameAndDesc: 'Sales - Net Sales',
			RowHdr0Indent: 2,
			Col10Hdr0NameAndDesc: 'Q4',
			Col10Value: 40,
			Col2Hdr0NameAndDesc: 'Q3',
			Col2Value: 30,
			Col0Hdr0NameAndDesc: 'Q1',
			Col0Value: 10,
		};
		const [flat] = flattenCubeViewRows([row]);
		expect(flat).toEqual({ Row: 'Sales - Net Sales', Indent: 2, Q1: 10, Q3: 30, Q4: 40 });
		expect(Object.keys(flat)).toEqual(['Row', 'Indent', 'Q1', 'Q3', 'Q4']);
	});

	it('names columns by member name only, or by position, when asked', () => {
		const row: DataRow = {
			RowHdr0NameAndDesc: 'Sales - Net Sales',
			Col0Hdr0NameAndDesc: 'Actual - Actual results',
			Col0Hdr1NameAndDesc: '2026M1 - Jan 2026 - closed',
			Col0Value: 1,
			Col1Hdr0NameAndDesc: 'Budget',
			Col1Hdr1NameAndDesc: 'Q1-2026',
			Col1Value: 2,
			Col2Hdr0NameAndDesc: 'Actual - Other text',
			Col2Hdr1NameAndDesc: '2026M1 - Other text',
			Col2Value: 3,
		};
		expect(flattenCubeViewRows([row], 'memberName')).toEqual([
			// The row header is data, not a column name: it stays as sent.
			{
				Row: 'Sales - Net Sales',
				'Actual / 2026M1': 1,
				'Budget / Q1-2026': 2,
				'Actual / 2026M1 (2)': 3,
			},
		]);
		expect(flattenCubeViewRows([row], 'position')).toEqual([
			{ Row: 'Sales - Net Sales', Col0: 1, Col1: 2, Col2: 3 },
		]);
	});

	it('joins several header levels with " / ", skipping empty ones, and numbers further row levels', () => {
		const [flat] = flattenCubeViewRows([
			{
				RowHdr0NameAndDesc: 'Acme UK',
				RowHdr0Indent: 0,
				RowHdr1NameAndDesc: 'Sales',
				RowHdr1Indent: 1,
				Col0Hdr0NameAndDesc: 'Actual',
				Col0Hdr1NameAndDesc: '2026M1',
				Col0Value: 1,
				Col1Hdr0NameAndDesc: 'Budget',
				Col1Hdr1NameAndDesc: '  ',
				Col1Value: 2,
			},
		]);
		expect(flat).toEqual({
			Row: 'Acme UK',
			Indent: 0,
			'Row 2': 'Sales',
			'Indent 2': 1,
			'Actual / 2026M1': 1,
			Budget: 2,
		});
	});

	it('keeps repeated header names apart, and names a column without header after its position', () => {
		const [flat] = flattenCubeViewRows([
			{
				RowHdr0NameAndDesc: 'r',
				Col0Hdr0NameAndDesc: 'Total',
				Col0Value: 1,
				Col1Hdr0NameAndDesc: 'Total',
				Col1Value: 2,
				Col2Hdr0NameAndDesc: null,
				Col2Value: 3,
				Col3Value: 4,
			},
		]);
		expect(flat).toEqual({ Row: 'r', Total: 1, 'Total (2)': 2, Col2: 3, Col3: 4 });
	});

	it('keeps keys outside the layout, after the columns, and turns a missing value into null', () => {
		const [flat] = flattenCubeViewRows([
			{
				Title: 'Income',
				RowHdr0NameAndDesc: 'r',
				Col0Hdr0NameAndDesc: 'A',
				Col0Value: undefined,
				Col0CellStatus: 'Locked',
				Extra: 'x',
			} as unknown as DataRow,
		]);
		expect(flat).toEqual({
			Row: 'r',
			A: null,
			Col0CellStatus: 'Locked',
			Title: 'Income',
			Extra: 'x',
		});
	});

	it('keeps a `__proto__` column and header as plain data, without touching prototypes', () => {
		const rows = [
			parsed(
				'{"RowHdr0NameAndDesc":"r","Col0Hdr0NameAndDesc":"__proto__","Col0Value":{"polluted":true},"__proto__":{"polluted":true}}',
			),
		];
		const [flat] = flattenCubeViewRows(rows);
		expect(Object.keys(flat)).toEqual(['Row', '__proto__', '__proto__ (2)']);
		expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
		expect(Object.getOwnPropertyDescriptor(flat, '__proto__')?.value).toEqual({ polluted: true });
		expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
	});

	it('works out the layout once per key set, and still handles rows with other keys', () => {
		const rows: DataRow[] = [
			{ RowHdr0NameAndDesc: 'a', Col0Hdr0NameAndDesc: 'X', Col0Value: 1 },
			{ RowHdr0NameAndDesc: 'b', Col0Hdr0NameAndDesc: 'X', Col0Value: 2 },
			{
				RowHdr0NameAndDesc: 'c',
				Col0Hdr0NameAndDesc: 'Y',
				Col0Value: 3,
				Col1Hdr0NameAndDesc: 'Z',
				Col1Value: 4,
			},
		];
		expect(flattenCubeViewRows(rows)).toEqual([
			{ Row: 'a', X: 1 },
			{ Row: 'b', X: 2 },
			{ Row: 'c', Y: 3, Z: 4 },
		]);
		// The input rows are not changed.
		expect(rows[0]).toEqual({ RowHdr0NameAndDesc: 'a', Col0Hdr0NameAndDesc: 'X', Col0Value: 1 });
	});

	it('names each row after its own headers when they change between rows of one layout, and back', () => {
		const row = (header: string, value: number): DataRow => ({
			RowHdr0NameAndDesc: 'r',
			Col0Hdr0NameAndDesc: header,
			Col0Value: value,
			Col1Hdr0NameAndDesc: 'Fixed',
			Col1Value: value * 10,
		});
		const rows = [row('Jan', 1), row('Jan', 2), row('Feb', 3), row('Jan', 4), row('__proto__', 5)];
		const flat = flattenCubeViewRows(rows);
		expect(flat.slice(0, 4)).toEqual([
			{ Row: 'r', Jan: 1, Fixed: 10 },
			{ Row: 'r', Jan: 2, Fixed: 20 },
			{ Row: 'r', Feb: 3, Fixed: 30 },
			{ Row: 'r', Jan: 4, Fixed: 40 },
		]);
		// A header that is `__proto__` after rows that had none: still plain data.
		expect(Object.keys(flat[4])).toEqual(['Row', '__proto__', 'Fixed']);
		expect(Object.getPrototypeOf(flat[4])).toBe(Object.prototype);
		expect(Object.getOwnPropertyDescriptor(flat[4], '__proto__')?.value).toBe(5);
	});

	it('goes back to an earlier layout when rows alternate between key sets', () => {
		const narrow: DataRow = { RowHdr0NameAndDesc: 'n', Col0Hdr0NameAndDesc: 'A', Col0Value: 1 };
		const wide: DataRow = {
			...narrow,
			RowHdr0NameAndDesc: 'w',
			Col1Hdr0NameAndDesc: 'B',
			Col1Value: 2,
		};
		expect(flattenCubeViewRows([narrow, wide, narrow, wide])).toEqual([
			{ Row: 'n', A: 1 },
			{ Row: 'w', A: 1, B: 2 },
			{ Row: 'n', A: 1 },
			{ Row: 'w', A: 1, B: 2 },
		]);
	});
});
