import { OneStreamError } from '../shared/errors';
import { clip } from '../shared/redaction';
import type { DataRow } from './types';

/** Which tables of an answer count: the result table, or every table. */
export type TableSelection = 'result' | 'all';

const ERROR_TABLE = /^errors?$/i;
const MESSAGE_COLUMN = /^(message|error|errormessage|description)$/i;

/** Some business rules report a failure inside an HTTP 200 as a table named `Error` or `Errors`. */
export function isErrorTable(name: string): boolean {
	return ERROR_TABLE.test(name);
}

/**
 * The message of an Error table's first row: its Message (or Error, ErrorMessage, Description)
 * column, else its first text value, else the row as JSON.
 */
export function errorTableMessage(row: DataRow | undefined): string {
	if (row === undefined) return 'see its Error table';
	const preferred = Object.keys(row).find((key) => MESSAGE_COLUMN.test(key));
	const value =
		preferred === undefined
			? Object.values(row).find((v) => typeof v === 'string')
			: row[preferred];
	return clip(
		typeof value === 'string' && value.trim() !== '' ? value.trim() : JSON.stringify(row),
	);
}

/** What is known of a table when choosing: its name, size and, for an `Error` table, its first row. */
export interface TableSummary {
	name: string;
	rowCount: number;
	errorRow?: DataRow;
}

/**
 * Picks the requested table (its exact name, else the one name that differs only in case), or all
 * tables. A name given to two tables is reported. An `Error` table that
 * stands in for the requested one is reported as an error: some business rules return failures
 * that way inside an HTTP 200. With `acceptOnlyTable`, a lone table is taken whatever its name.
 */
export function chooseTables<T extends TableSummary>(
	tables: T[],
	requestedName: string,
	selection: TableSelection,
	subject: string,
	acceptOnlyTable = false,
): T[] {
	const repeated = tables.find(
		(table, index) => tables.findIndex((other) => other.name === table.name) !== index,
	);
	if (repeated) {
		throw new OneStreamError(
			`OneStream's answer for ${subject} has more than one table named "${repeated.name}"`,
			'A DataSet names each table once; an answer with a name twice cannot be read safely (which of them is meant is not known). Check the object in OneStream.',
		);
	}
	const wanted = acceptOnlyTable && tables.length === 1 ? tables[0].name : requestedName;
	// An exact name wins; otherwise the one table whose name differs only in case.
	const exact = tables.find((table) => table.name === wanted);
	const caseless = tables.filter((table) => table.name.toLowerCase() === wanted.toLowerCase());
	if (!exact && caseless.length > 1) {
		throw new OneStreamError(
			`OneStream's answer for ${subject} has several tables named "${wanted}" in different cases: ${caseless.map((table) => `"${table.name}"`).join(', ')}`,
			'Set Result Table Name to one of them exactly as written, or set the Tables option to All Tables.',
		);
	}
	const requested = exact ?? caseless[0];
	const errorTable = tables.find((table) => isErrorTable(table.name) && table.rowCount > 0);
	if (
		errorTable &&
		(!requested || requested === errorTable) &&
		(selection === 'result' || tables.length === 1)
	) {
		throw new OneStreamError(
			`OneStream reported an error for ${subject}: ${errorTableMessage(errorTable.errorRow)}`,
			"The object answered with an Error table instead of data. Its business rule or query failed; OneStream's Error Log may have more.",
		);
	}
	if (selection === 'all') return tables;
	if (requested) return [requested];
	throw new OneStreamError(
		`OneStream returned no table named "${requestedName}" for ${subject}`,
		tables.length === 0
			? 'The answer contains no table at all. Check the name and the substitution variables.'
			: `Tables in the answer: ${tables.map((table) => `"${table.name}"`).join(', ')}. Set Result Table Name to one of them, or set the Tables option to All Tables.`,
	);
}
