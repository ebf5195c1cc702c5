/**
 * DataSet answers: finding the tables, choosing the result table, Error tables inside a 200, and
 * cube-view flattening (levels, duplicates, extra keys, `__proto__` staying data).
 */
import type { IDataObject } from 'n8n-workflow';

import type { DataRow, DataTable } from '../../../nodes/OneStream/helpers/dataSet';
import { chooseTables, dataSetTables, flattenCubeViewRows, isErrorTable, selectTables } from '../../../nodes/OneStream/helpers/dataSet';
import { ResponseError } from '../../../nodes/OneStream/helpers/validation';

function responseError(action: () => unknown): ResponseError {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(ResponseError);
		return error as ResponseError;
	}
	throw new Error('expected a ResponseError');
}

/** A row object with an own `__proto__` key, as JSON.parse makes it. */
function parsed(json: string): IDataObject {
	return JSON.parse(json) as IDataObject;
}

describe('dataSetTables', () => {
	it('takes every top-level list as a table, in order, and skips other fields', () => {
		const body: IDataObject = { Results: [{ a: 1 }], Status: 'Completed', Empty: [], Second: [{ b: 2 }, { b: 3 }], Count: 3 };
		expect(dataSetTables(body, 'x')).toEqual([
			{ name: 'Results', rows: [{ a: 1 }] },
			{ name: 'Empty', rows: [] },
			{ name: 'Second', rows: [{ b: 2 }, { b: 3 }] },
		]);
	});

	it.each([
		['null', '[{"a":1},null]', 'row 2 of table "T" is null'],
		['a list', '[[1,2]]', 'row 1 of table "T" is a list'],
		['a number', '[{"a":1},{"a":2},7]', 'row 3 of table "T" is a number'],
		['a string', '["x"]', 'row 1 of table "T" is a string'],
	])('refuses a row that is %s, naming row and table', (_label, rows, says) => {
		const error = responseError(() => dataSetTables(parsed(`{"T":${rows}}`), 'the adapter'));
		expect(error.message).toContain('the adapter');
		expect(error.message).toContain(says);
	});

	it('says when the answer has no table, listing its fields', () => {
		expect(responseError(() => dataSetTables({}, 'the adapter')).description).toContain('empty object');
		const error = responseError(() => dataSetTables({ Message: 'hi', Status: 'Running' }, 'the adapter'));
		expect(error.message).toContain('contains no data table');
		expect(error.description).toContain('Message, Status');
	});
});

describe('selectTables', () => {
	const results: DataTable = { name: 'Results', rows: [{ a: 1 }] };
	const other: DataTable = { name: 'Other', rows: [{ b: 1 }] };

	it('picks the result table, matching its name without regard to case', () => {
		expect(selectTables([other, results], 'results', 'result', 'x')).toEqual([results]);
	});

	it('returns every table with All Tables', () => {
		expect(selectTables([other, results], 'Results', 'all', 'x')).toEqual([other, results]);
	});

	it('lists the tables there are when the result table is missing', () => {
		const error = responseError(() => selectTables([other, { name: 'Third', rows: [] }], 'Results', 'result', 'the cube view'));
		expect(error.message).toBe('OneStream returned no table named "Results" for the cube view');
		expect(error.description).toContain('"Other", "Third"');
	});

	it.each(['Error', 'errors', 'ERROR'])('reports an %s table that stands in for the result as an error, with its message', (name) => {
		const error = responseError(() => selectTables([{ name, rows: [{ Code: 7, Message: 'Rule failed: no Entity' }] }], 'Results', 'result', 'the rule'));
		expect(error.message).toBe('OneStream reported an error for the rule: Rule failed: no Entity');
	});

	it('reads the error text from an Error or Description column, or the first text, or the whole row', () => {
		const message = (row: DataRow) => responseError(() => selectTables([{ name: 'Error', rows: [row] }], 'Results', 'result', 's')).message;
		expect(message({ Error: 'from Error' })).toContain('from Error');
		expect(message({ Id: 3, Description: 'from Description' })).toContain('from Description');
		expect(message({ Id: 3, Text: 'first text' })).toContain('first text');
		expect(message({ Id: 3 })).toContain('{"Id":3}');
	});

	it('ignores an empty Error table, and one beside the result table', () => {
		expect(selectTables([{ name: 'Error', rows: [] }, results], 'Results', 'result', 'x')).toEqual([results]);
		expect(selectTables([results, { name: 'Error', rows: [{ Message: 'warning' }] }], 'Results', 'result', 'x')).toEqual([results]);
	});

	it('returns an Error table among others with All Tables, but not when it is the only one', () => {
		const errorTable = { name: 'Error', rows: [{ Message: 'bad' }] };
		expect(selectTables([errorTable, other], 'Results', 'all', 'x')).toEqual([errorTable, other]);
		expect(() => selectTables([errorTable], 'Results', 'all', 'x')).toThrow(ResponseError);
	});

	it('takes a lone table whatever its name when asked to (business-rule data sets)', () => {
		expect(chooseTables([{ name: 'Table', rowCount: 2 }], 'Rates', 'result', 'x', true)).toEqual([{ name: 'Table', rowCount: 2 }]);
		expect(() => chooseTables([{ name: 'Table', rowCount: 2 }], 'Rates', 'result', 'x', false)).toThrow(ResponseError);
		expect(() => chooseTables([{ name: 'A', rowCount: 1 }, { name: 'B', rowCount: 1 }], 'Rates', 'result', 'x', true)).toThrow(ResponseError);
	});

	it('knows Error table names', () => {
		expect(['Error', 'errors', 'ERRORS'].map(isErrorTable)).toEqual([true, true, true]);
		expect(['ErrorLog', 'MyError', 'Results'].map(isErrorTable)).toEqual([false, false, false]);
	});
});

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
		expect(flat).toEqual({ Row: 'Acme UK', Indent: 0, 'Row 2': 'Sales', 'Indent 2': 1, 'Actual / 2026M1': 1, Budget: 2 });
	});

	it('keeps repeated header names apart, and names a column without header after its position', () => {
		const [flat] = flattenCubeViewRows([
			{ RowHdr0NameAndDesc: 'r', Col0Hdr0NameAndDesc: 'Total', Col0Value: 1, Col1Hdr0NameAndDesc: 'Total', Col1Value: 2, Col2Hdr0NameAndDesc: null, Col2Value: 3, Col3Value: 4 },
		]);
		expect(flat).toEqual({ Row: 'r', Total: 1, 'Total (2)': 2, Col2: 3, Col3: 4 });
	});

	it('keeps keys outside the layout, after the columns, and turns a missing value into null', () => {
		const [flat] = flattenCubeViewRows([{ Title: 'Income', RowHdr0NameAndDesc: 'r', Col0Hdr0NameAndDesc: 'A', Col0Value: undefined, Col0CellStatus: 'Locked', Extra: 'x' } as unknown as DataRow]);
		expect(flat).toEqual({ Row: 'r', A: null, Col0CellStatus: 'Locked', Title: 'Income', Extra: 'x' });
	});

	it('keeps a `__proto__` column and header as plain data, without touching prototypes', () => {
		const rows = [parsed('{"RowHdr0NameAndDesc":"r","Col0Hdr0NameAndDesc":"__proto__","Col0Value":{"polluted":true},"__proto__":{"polluted":true}}')];
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
			{ RowHdr0NameAndDesc: 'c', Col0Hdr0NameAndDesc: 'Y', Col0Value: 3, Col1Hdr0NameAndDesc: 'Z', Col1Value: 4 },
		];
		expect(flattenCubeViewRows(rows)).toEqual([
			{ Row: 'a', X: 1 },
			{ Row: 'b', X: 2 },
			{ Row: 'c', Y: 3, Z: 4 },
		]);
		// The input rows are not changed.
		expect(rows[0]).toEqual({ RowHdr0NameAndDesc: 'a', Col0Hdr0NameAndDesc: 'X', Col0Value: 1 });
	});
});
