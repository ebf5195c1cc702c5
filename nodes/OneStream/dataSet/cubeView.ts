import type { CubeViewColumnNames, DataRow } from './types';
import { setField } from './types';

/*
 * Cube-view rows arrive in OneStream's positional layout (`RowHdr0NameAndDesc`, `RowHdr0Indent`,
 * `Col{N}Hdr{k}NameAndDesc`, `Col{N}Value`). Flattening gives them named columns:
 * `{ Row, Indent, <column header>: value, … }`. Column names come from the header cells (levels
 * joined with " / "); a repeated name gets " (N)" appended. Keys outside the layout are kept.
 * The same plan serves parsed rows (items) and row bytes (files, which keep OneStream's digits).
 */

interface CubeViewColumn {
	index: number;
	/** Members holding the header cells, by header level. */
	headers: number[];
	value?: number;
	others: number[];
}

/** Where each part of the layout sits among a row's members, worked out once per key list. */
export interface CubeViewLayout {
	rowHeaderLevels: Array<{ level: number; name?: number; indent?: number; others: number[] }>;
	columns: CubeViewColumn[];
	others: number[];
	/** Every column's header members, in column order: what names the columns. */
	headerMembers: number[];
}

const ROW_HEADER = /^RowHdr(\d+)(.*)$/;
const COLUMN = /^Col(\d+)(?:Hdr(\d+)(.*)|(Value)|(.*))$/;

function cubeViewLayout(keys: string[]): CubeViewLayout {
	const levels = new Map<number, CubeViewLayout['rowHeaderLevels'][number]>();
	const columns = new Map<number, CubeViewColumn & { levels: Array<[number, number]> }>();
	const others: number[] = [];
	keys.forEach((key, member) => {
		const rowHeader = ROW_HEADER.exec(key);
		if (rowHeader) {
			const level = Number(rowHeader[1]);
			const entry = levels.get(level) ?? { level, others: [] };
			if (rowHeader[2] === 'NameAndDesc') entry.name = member;
			else if (rowHeader[2] === 'Indent') entry.indent = member;
			else entry.others.push(member);
			levels.set(level, entry);
			return;
		}
		const column = COLUMN.exec(key);
		if (column) {
			const index = Number(column[1]);
			const entry = columns.get(index) ?? { index, headers: [], others: [], levels: [] };
			if (column[2] !== undefined && column[3] === 'NameAndDesc')
				entry.levels.push([Number(column[2]), member]);
			else if (column[4] === 'Value') entry.value = member;
			else entry.others.push(member);
			columns.set(index, entry);
			return;
		}
		others.push(member);
	});
	const sorted = [...columns.values()]
		.sort((a, b) => a.index - b.index)
		.map(({ levels: headerLevels, ...column }) => ({
			...column,
			headers: headerLevels.sort((a, b) => a[0] - b[0]).map(([, member]) => member),
		}));
	return {
		rowHeaderLevels: [...levels.values()].sort((a, b) => a.level - b.level),
		columns: sorted,
		others,
		headerMembers: sorted.flatMap((column) => column.headers),
	};
}

/** The flattened columns of one row: names, and the member each takes its value from. */
export interface RowPlan {
	names: string[];
	members: number[];
	/** Whether a name is `__proto__`, which only a defined property keeps as plain data. */
	needsDefine: boolean;
}

/**
 * A header cell as text. Objects become their JSON: String() would call a `toString` the parsed
 * row may carry as plain data (`{"toString": 1}`), and throw.
 */
export function headerText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value).trim();
}

/** "2026M1 - Jan 2026" → "2026M1": OneStream's NameAndDesc cells join name and description so. */
function memberName(text: string): string {
	const separator = text.indexOf(' - ');
	return separator === -1 ? text : text.slice(0, separator).trim();
}

function numbered(base: string, level: number): string {
	return level === 0 ? base : `${base} ${level + 1}`;
}

/**
 * The output columns of a row with this layout. `keys` are the row's member names, `header`
 * gives the text of a member's value (only header cells are asked for).
 */
export function planRow(
	layout: CubeViewLayout,
	keys: string[],
	header: (member: number) => string,
	columnNames: CubeViewColumnNames = 'header',
): RowPlan {
	const plan: RowPlan = { names: [], members: [], needsDefine: false };
	const used = new Set<string>();
	const put = (name: string, member: number) => {
		let key = name;
		for (let n = 2; used.has(key); n++) key = `${name} (${n})`;
		used.add(key);
		plan.names.push(key);
		plan.members.push(member);
	};
	for (const level of layout.rowHeaderLevels) {
		if (level.name !== undefined) put(numbered('Row', level.level), level.name);
		if (level.indent !== undefined) put(numbered('Indent', level.level), level.indent);
		for (const member of level.others) put(keys[member], member);
	}
	for (const column of layout.columns) {
		const name =
			columnNames === 'position'
				? ''
				: column.headers
						.map((member) =>
							columnNames === 'memberName' ? memberName(header(member)) : header(member),
						)
						.filter((text) => text !== '')
						.join(' / ');
		if (column.value !== undefined) put(name === '' ? `Col${column.index}` : name, column.value);
		for (const member of column.others) put(keys[member], member);
	}
	for (const member of layout.others) put(keys[member], member);
	plan.needsDefine = used.has('__proto__');
	return plan;
}

/**
 * Layouts by key list, and plans by layout and header texts. Rows of one cube view share one or a
 * few layouts, and their header cells repeat from row to row, so the last key list and the last
 * plan are kept and compared before anything is worked out again.
 */
export class CubeViewLayouts {
	private readonly layouts = new Map<string, CubeViewLayout>();
	private lastKeys: string[] = [];
	private lastLayout?: CubeViewLayout;
	/** The last plan, and the layout and header texts it was made for. */
	private lastPlan?: { layout: CubeViewLayout; headers: string[]; plan: RowPlan };

	constructor(readonly columnNames: CubeViewColumnNames = 'header') {}

	/** The output columns of a row with these keys (see planRow). */
	plan(keys: string[], header: (member: number) => string): RowPlan {
		const layout = this.get(keys);
		const members = this.columnNames === 'position' ? [] : layout.headerMembers;
		const headers = members.map(header);
		const last = this.lastPlan;
		if (last !== undefined && last.layout === layout && sameStrings(headers, last.headers))
			return last.plan;
		const plan = planRow(
			layout,
			keys,
			(member) => headers[members.indexOf(member)],
			this.columnNames,
		);
		this.lastPlan = { layout, headers, plan };
		return plan;
	}

	get(keys: string[]): CubeViewLayout {
		if (this.lastLayout !== undefined && sameStrings(keys, this.lastKeys)) return this.lastLayout;
		// Unambiguous: a join would give [] and [''] (or keys holding the separator) the same layout.
		const signature = JSON.stringify(keys);
		let layout = this.layouts.get(signature);
		if (!layout) {
			layout = cubeViewLayout(keys);
			this.layouts.set(signature, layout);
		}
		this.lastKeys = keys;
		this.lastLayout = layout;
		return layout;
	}
}

function sameStrings(a: string[], b: string[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** Flattens parsed cube-view rows (see above). Linear in rows × columns. */
export function flattenCubeViewRows(
	rows: DataRow[],
	columnNames: CubeViewColumnNames = 'header',
): DataRow[] {
	const layouts = new CubeViewLayouts(columnNames);
	const flattened: DataRow[] = new Array(rows.length);
	for (let r = 0; r < rows.length; r++) {
		const row = rows[r];
		const keys = Object.keys(row);
		const plan = layouts.plan(keys, (member) => headerText(row[keys[member]]));
		const { names, members } = plan;
		const out: DataRow = {};
		for (let c = 0; c < names.length; c++) {
			const value = row[keys[members[c]]];
			if (plan.needsDefine) setField(out, names[c], value === undefined ? null : value);
			else out[names[c]] = value === undefined ? null : value;
		}
		flattened[r] = out;
	}
	return flattened;
}
