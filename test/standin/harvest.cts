/**
 * OneStream's batch harvest, as far as its documentation goes, and invented beyond (each choice is
 * listed in README.md): files named FileID-Profile-Scenario-Time-LoadMethod.txt in the Batch\Harvest
 * folder are imported into that workflow profile, scenario and time by a harvest sequence; a
 * misnamed file is left where it is, without a word. Invented: the file's content (a comma-delimited
 * text with a header row and the columns Entity, Account, Amount), where processed and failed
 * files go (Batch\Processed, Batch\Failed), the workflow statuses the harvest leaves (Import,
 * Validate and Load Completed; Import InProcess when a row is malformed) and the sequence failing
 * with the file's error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { DataRow } from './types.cjs';

/** The specification's layout; the profile is Parent;Child. */
const NAME = /^([^-]+)-([^-;]+);([^-;]+)-([^-]+)-([^-]+)-([RA])\.txt$/;

/** The columns the stand-in's import data source reads (invented). */
export const HARVEST_COLUMNS = ['Entity', 'Account', 'Amount'] as const;

/** What `C` and `G` stand for (invented: the global scenario and time of the sample application). */
const GLOBAL = { scenario: 'Actual', time: '2026M3' };

export type WorkflowSteps = Array<[string, string, string | null]>;

export interface HarvestResult {
	/** Files imported. */
	imported: string[];
	/** Files whose import failed, with why. */
	failed: Array<{ file: string; error: string }>;
	/** Files left in the folder because their names do not follow the specification. */
	skipped: string[];
}

const unitKey = (profile: string, scenario: string, time: string) =>
	[profile, scenario, time].map((part) => part.toLowerCase()).join('|');

/** RFC 4180 lines of a comma-delimited file (quotes, doubled quotes, CRLF or LF). */
function parseDelimited(text: string): string[][] {
	const lines: string[][] = [];
	let field = '';
	let line: string[] = [];
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') {
			line.push(field);
			field = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			line.push(field);
			lines.push(line);
			line = [];
			field = '';
		} else field += char;
	}
	if (field !== '' || line.length > 0) {
		line.push(field);
		lines.push(line);
	}
	return lines;
}

/** The rows of a harvested file, or why it cannot be imported. */
function importRows(text: string): DataRow[] {
	const [header, ...lines] = parseDelimited(text);
	const columns = header ?? [];
	for (const column of HARVEST_COLUMNS) {
		if (!columns.includes(column)) {
			throw new Error(`The header row has no column ${column} (it has: ${columns.join(', ')}).`);
		}
	}
	return lines.map((fields, index) => {
		if (fields.length !== columns.length) {
			throw new Error(
				`Row ${index + 1} has ${fields.length} fields where the header has ${columns.length}.`,
			);
		}
		const row: DataRow = {};
		columns.forEach((column, i) => (row[column] = fields[i]));
		const amount = Number(row.Amount);
		if (String(row.Amount).trim() === '' || !Number.isFinite(amount)) {
			throw new Error(`Row ${index + 1}: Amount "${String(row.Amount)}" is not a number.`);
		}
		row.Amount = amount;
		return row;
	});
}

export class Harvest {
	/** Rows loaded per workflow unit. */
	private readonly loaded = new Map<string, DataRow[]>();
	/** Workflow statuses the harvest left per workflow unit. */
	private readonly statuses = new Map<string, WorkflowSteps>();

	/** `dir` is the application's Batch\Harvest folder. */
	constructor(readonly dir: string) {
		fs.mkdirSync(dir, { recursive: true });
	}

	/** Imports every correctly named file in the folder, in name order (the File ID orders them). */
	run(scenario: string, time: string, at: string): HarvestResult {
		const result: HarvestResult = { imported: [], failed: [], skipped: [] };
		for (const file of fs.readdirSync(this.dir).sort()) {
			const full = path.join(this.dir, file);
			if (!fs.statSync(full).isFile()) continue;
			const name = NAME.exec(file);
			if (name === null) {
				result.skipped.push(file);
				continue;
			}
			const [, , parent, child, scenarioPart, timePart, method] = name;
			const profile = `${parent}.${child}`;
			const unitScenario =
				scenarioPart === 'C' ? scenario : scenarioPart === 'G' ? GLOBAL.scenario : scenarioPart;
			const unitTime = timePart === 'C' ? time : timePart === 'G' ? GLOBAL.time : timePart;
			const key = unitKey(profile, unitScenario, unitTime);
			try {
				const rows = importRows(fs.readFileSync(full, 'utf8'));
				this.loaded.set(key, method === 'A' ? [...(this.loaded.get(key) ?? []), ...rows] : rows);
				this.statuses.set(key, [
					['Import', 'Completed', at],
					['Validate', 'Completed', at],
					['Load', 'Completed', at],
					['Process', 'NotExecuted', null],
					['Confirm', 'NotExecuted', null],
					['Certify', 'NotExecuted', null],
				]);
				this.move(full, 'Processed');
				result.imported.push(file);
			} catch (error) {
				this.statuses.set(key, [
					['Import', 'InProcess', at],
					['Validate', 'NotExecuted', null],
					['Load', 'NotExecuted', null],
					['Process', 'NotExecuted', null],
					['Confirm', 'NotExecuted', null],
					['Certify', 'NotExecuted', null],
				]);
				this.move(full, 'Failed');
				result.failed.push({ file, error: (error as Error).message });
			}
		}
		return result;
	}

	private move(file: string, to: string): void {
		const folder = path.join(this.dir, '..', to);
		fs.mkdirSync(folder, { recursive: true });
		fs.renameSync(file, path.join(folder, path.basename(file)));
	}

	/** The rows loaded into a workflow unit (none before a harvest). */
	rowsOf(profile: string, scenario: string, time: string): DataRow[] {
		return this.loaded.get(unitKey(profile, scenario, time)) ?? [];
	}

	/** The statuses the harvest left for a unit, if it touched it. */
	stepsOf(profile: string, scenario: string, time: string): WorkflowSteps | undefined {
		return this.statuses.get(unitKey(profile, scenario, time));
	}

	/** Forgets what was loaded; the folder's files stay. */
	reset(): void {
		this.loaded.clear();
		this.statuses.clear();
	}
}
