/**
 * Choosing the result table among a DataSet's tables, and Error tables inside a 200.
 */
import { OneStreamError } from '../../../../nodes/OneStream/shared/errors';
import type { TableSelection } from '../../../../nodes/OneStream/dataSet/tables';
import { chooseTables, isErrorTable } from '../../../../nodes/OneStream/dataSet/tables';
import type { DataRow, DataTable } from '../../../../nodes/OneStream/dataSet/types';

function responseError(action: () => unknown): OneStreamError {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(OneStreamError);
		expect((error as OneStreamError).source).toBe('server');
		return error as OneStreamError;
	}
	throw new Error('expected a OneStreamError');
}

/** chooseTables over whole tables, as the node's collectors summarise them. */
function selectTables(
	tables: DataTable[],
	requestedName: string,
	selection: TableSelection,
	subject: string,
): DataTable[] {
	const summaries = tables.map((table) => ({
		table,
		name: table.name,
		rowCount: table.rows.length,
		errorRow: table.rows[0],
	}));
	return chooseTables(summaries, requestedName, selection, subject).map((summary) => summary.table);
}

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
		const error = responseError(() =>
			selectTables([other, { name: 'Third', rows: [] }], 'Results', 'result', 'the cube view'),
		);
		expect(error.message).toBe('OneStream returned no table named "Results" for the cube view');
		expect(error.description).toContain('"Other", "Third"');
	});

	it.each(['Error', 'errors', 'ERROR'])(
		'reports an %s table that stands in for the result as an error, with its message',
		(name) => {
			const error = responseError(() =>
				selectTables(
					[{ name, rows: [{ Code: 7, Message: 'Rule failed: no Entity' }] }],
					'Results',
					'result',
					'the rule',
				),
			);
			expect(error.message).toBe(
				'OneStream reported an error for the rule: Rule failed: no Entity',
			);
		},
	);

	it('reads the error text from an Error or Description column, or the first text, or the whole row', () => {
		const message = (row: DataRow) =>
			responseError(() => selectTables([{ name: 'Error', rows: [row] }], 'Results', 'result', 's'))
				.message;
		expect(message({ Error: 'from Error' })).toContain('from Error');
		expect(message({ Id: 3, Description: 'from Description' })).toContain('from Description');
		expect(message({ Id: 3, Text: 'first text' })).toContain('first text');
		expect(message({ Id: 3 })).toContain('{"Id":3}');
	});

	it('ignores an empty Error table, and one beside the result table', () => {
		expect(selectTables([{ name: 'Error', rows: [] }, results], 'Results', 'result', 'x')).toEqual([
			results,
		]);
		expect(
			selectTables(
				[results, { name: 'Error', rows: [{ Message: 'warning' }] }],
				'Results',
				'result',
				'x',
			),
		).toEqual([results]);
	});

	it('returns an Error table among others with All Tables, but not when it is the only one', () => {
		const errorTable = { name: 'Error', rows: [{ Message: 'bad' }] };
		expect(selectTables([errorTable, other], 'Results', 'all', 'x')).toEqual([errorTable, other]);
		expect(() => selectTables([errorTable], 'Results', 'all', 'x')).toThrow(OneStreamError);
	});

	it('takes a lone table whatever its name when asked to (business-rule data sets)', () => {
		expect(chooseTables([{ name: 'Table', rowCount: 2 }], 'Rates', 'result', 'x', true)).toEqual([
			{ name: 'Table', rowCount: 2 },
		]);
		expect(() =>
			chooseTables([{ name: 'Table', rowCount: 2 }], 'Rates', 'result', 'x', false),
		).toThrow(OneStreamError);
		expect(() =>
			chooseTables(
				[
					{ name: 'A', rowCount: 1 },
					{ name: 'B', rowCount: 1 },
				],
				'Rates',
				'result',
				'x',
				true,
			),
		).toThrow(OneStreamError);
	});

	it('knows Error table names', () => {
		expect(['Error', 'errors', 'ERRORS'].map(isErrorTable)).toEqual([true, true, true]);
		expect(['ErrorLog', 'MyError', 'Results'].map(isErrorTable)).toEqual([false, false, false]);
	});
});

describe('names that collide', () => {
	const results: DataTable = { name: 'Results', rows: [{ a: 1 }] };
	const lower: DataTable = { name: 'results', rows: [{ a: 2 }] };

	it('takes the exact name over one that differs only in case', () => {
		expect(selectTables([lower, results], 'Results', 'result', 'x')).toEqual([results]);
		expect(selectTables([results, lower], 'results', 'result', 'x')).toEqual([lower]);
	});

	it('reports a name that matches several tables only without regard to case', () => {
		const error = responseError(() =>
			selectTables([results, lower], 'RESULTS', 'result', 'the adapter'),
		);
		expect(error.message).toBe(
			`OneStream's answer for the adapter has several tables named "RESULTS" in different cases: "Results", "results"`,
		);
	});

	it.each(['result', 'all'] as const)('reports a table name given twice (%s)', (selection) => {
		const error = responseError(() =>
			selectTables(
				[results, { name: 'Results', rows: [{ a: 3 }] }],
				'Results',
				selection,
				'the adapter',
			),
		);
		expect(error.message).toBe(
			`OneStream's answer for the adapter has more than one table named "Results"`,
		);
	});
});
