import type { IDataObject } from 'n8n-workflow';

import { ResponseError } from './validation';

/** One row of an ADO.NET DataTable as OneStream serialises it: column name → value (DBNull → null). */
export type DataRow = IDataObject;

export interface DataTable {
	name: string;
	rows: DataRow[];
}

export type TableSelection = 'result' | 'all';

const ERROR_TABLE = /^errors?$/i;

/**
 * The tables of a DataSet response: every top-level key whose value is a list of row objects.
 * Rows are used as parsed, without copying.
 */
export function dataSetTables(body: IDataObject, subject: string): DataTable[] {
	const tables: DataTable[] = [];
	for (const name of Object.keys(body)) {
		const value = body[name];
		if (!Array.isArray(value)) continue;
		for (let index = 0; index < value.length; index++) {
			const row: unknown = value[index];
			if (typeof row !== 'object' || row === null || Array.isArray(row)) {
				throw new ResponseError(
					`OneStream's answer for ${subject} is not a DataSet: row ${index + 1} of table "${name}" is ${row === null ? 'null' : Array.isArray(row) ? 'a list' : `a ${typeof row}`}, not an object`,
					'A DataSet maps each table name to a list of rows, and each row maps column names to values. Check that the API path points at the OneStream Web API.',
				);
			}
		}
		tables.push({ name, rows: value as DataRow[] });
	}
	if (tables.length === 0) {
		const keys = Object.keys(body);
		throw new ResponseError(
			`OneStream's answer for ${subject} contains no data table`,
			keys.length === 0
				? 'The answer was an empty object. Check the name and the substitution variables.'
				: `The answer has these fields, none of them a table: ${keys.slice(0, 10).join(', ')}.`,
		);
	}
	return tables;
}

export function isErrorTable(name: string): boolean {
	return ERROR_TABLE.test(name);
}

/** What is known of a table when choosing: its name, size and, for an `Error` table, its first row. */
export interface TableSummary {
	name: string;
	rowCount: number;
	errorRow?: DataRow;
}

/**
 * Picks the requested table (matched case-insensitively), or all tables. An `Error` table that
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
	const wanted = acceptOnlyTable && tables.length === 1 ? tables[0].name : requestedName;
	const requested = tables.find((table) => table.name.toLowerCase() === wanted.toLowerCase());
	const errorTable = tables.find((table) => isErrorTable(table.name) && table.rowCount > 0);
	if (errorTable && (!requested || requested === errorTable) && (selection === 'result' || tables.length === 1)) {
		throw new ResponseError(
			`OneStream reported an error for ${subject}: ${errorTable.errorRow ? errorText(errorTable.errorRow) : 'see its Error table'}`,
			"The object answered with an Error table instead of data. Its business rule or query failed; OneStream's Error Log may have more.",
		);
	}
	if (selection === 'all') return tables;
	if (requested) return [requested];
	throw new ResponseError(
		`OneStream returned no table named "${requestedName}" for ${subject}`,
		tables.length === 0
			? 'The answer contains no table at all. Check the name and the substitution variables.'
			: `Tables in the answer: ${tables.map((table) => `"${table.name}"`).join(', ')}. Set Result Table Name to one of them, or set the Tables option to All Tables.`,
	);
}

/** {@link chooseTables} over fully parsed tables. */
export function selectTables(
	tables: DataTable[],
	requestedName: string,
	selection: TableSelection,
	subject: string,
): DataTable[] {
	const summaries = tables.map((table) => ({ table, name: table.name, rowCount: table.rows.length, errorRow: table.rows[0] }));
	return chooseTables(summaries, requestedName, selection, subject).map((summary) => summary.table);
}

function errorText(row: DataRow): string {
	const preferred = Object.keys(row).find((key) => /^(message|error|errormessage|description)$/i.test(key));
	const value = preferred === undefined ? Object.values(row).find((v) => typeof v === 'string') : row[preferred];
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : JSON.stringify(row);
}

/** Defines an own data property, so a key such as `__proto__` stays plain data. */
export function setField(target: IDataObject, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

interface CubeViewColumn {
	index: number;
	headerKeys: string[];
	valueKey?: string;
	otherKeys: string[];
}

interface CubeViewLayout {
	rowHeaderLevels: Array<{ level: number; nameKey?: string; indentKey?: string; otherKeys: string[] }>;
	columns: CubeViewColumn[];
	otherKeys: string[];
}

const ROW_HEADER = /^RowHdr(\d+)(.*)$/;
const COLUMN = /^Col(\d+)(?:Hdr(\d+)(.*)|(Value)|(.*))$/;

function cubeViewLayout(keys: string[]): CubeViewLayout {
	const levels = new Map<number, CubeViewLayout['rowHeaderLevels'][number]>();
	const columns = new Map<number, CubeViewColumn & { headers: Array<[number, string]> }>();
	const otherKeys: string[] = [];
	for (const key of keys) {
		const rowHeader = ROW_HEADER.exec(key);
		if (rowHeader) {
			const level = Number(rowHeader[1]);
			const entry = levels.get(level) ?? { level, otherKeys: [] };
			if (rowHeader[2] === 'NameAndDesc') entry.nameKey = key;
			else if (rowHeader[2] === 'Indent') entry.indentKey = key;
			else entry.otherKeys.push(key);
			levels.set(level, entry);
			continue;
		}
		const column = COLUMN.exec(key);
		if (column) {
			const index = Number(column[1]);
			const entry = columns.get(index) ?? { index, headerKeys: [], otherKeys: [], headers: [] };
			if (column[2] !== undefined && column[3] === 'NameAndDesc') entry.headers.push([Number(column[2]), key]);
			else if (column[4] === 'Value') entry.valueKey = key;
			else entry.otherKeys.push(key);
			columns.set(index, entry);
			continue;
		}
		otherKeys.push(key);
	}
	return {
		rowHeaderLevels: [...levels.values()].sort((a, b) => a.level - b.level),
		columns: [...columns.values()]
			.sort((a, b) => a.index - b.index)
			.map(({ headers, ...column }) => ({
				...column,
				headerKeys: headers.sort((a, b) => a[0] - b[0]).map(([, key]) => key),
			})),
		otherKeys,
	};
}

/**
 * A header cell as text. Objects become their JSON: String() would call a `toString` the parsed
 * row may carry as plain data (`{"toString": 1}`), and throw.
 */
function headerText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value).trim();
}

function numbered(base: string, level: number): string {
	return level === 0 ? base : `${base} ${level + 1}`;
}

/**
 * Turns cube-view rows from OneStream's positional layout (`RowHdr0NameAndDesc`, `RowHdr0Indent`,
 * `Col{N}Hdr{k}NameAndDesc`, `Col{N}Value`) into rows with named columns:
 * `{ Row, Indent, <column header>: value, … }`. Column names come from the header cells (levels
 * joined with " / "); a repeated name gets " (N)" appended. Keys outside the layout are kept.
 * Linear in rows × columns: the layout is worked out once per distinct key set.
 */
export function flattenCubeViewRows(rows: DataRow[]): DataRow[] {
	const layouts = new Map<string, CubeViewLayout>();
	const flattened: DataRow[] = new Array(rows.length);
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r];
		const keys = Object.keys(row);
		// Unambiguous: a join would give [] and [''] (or keys holding the separator) the same layout.
		const signature = JSON.stringify(keys);
		let layout = layouts.get(signature);
		if (!layout) {
			layout = cubeViewLayout(keys);
			layouts.set(signature, layout);
		}
		flattened[r] = flattenRow(row, layout);
	}
	return flattened;
}

function flattenRow(row: DataRow, layout: CubeViewLayout): DataRow {
	const out: DataRow = {};
	const used = new Set<string>();
	const put = (name: string, value: unknown) => {
		let key = name;
		for (let n = 2; used.has(key); n++) key = `${name} (${n})`;
		used.add(key);
		setField(out, key, value === undefined ? null : value);
	};
	for (const level of layout.rowHeaderLevels) {
		if (level.nameKey) put(numbered('Row', level.level), row[level.nameKey]);
		if (level.indentKey) put(numbered('Indent', level.level), row[level.indentKey]);
		for (const key of level.otherKeys) put(key, row[key]);
	}
	for (const column of layout.columns) {
		const header = column.headerKeys
			.map((key) => headerText(row[key]))
			.filter((text) => text !== '')
			.join(' / ');
		if (column.valueKey) put(header === '' ? `Col${column.index}` : header, row[column.valueKey]);
		for (const key of column.otherKeys) put(key, row[key]);
	}
	for (const key of layout.otherKeys) put(key, row[key]);
	return out;
}
