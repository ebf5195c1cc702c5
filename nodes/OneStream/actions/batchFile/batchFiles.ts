import type { IDataObject } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { describeValue } from '../../shared/parameters';
import { clip } from '../../shared/redaction';

/*
 * OneStream's batch files (its "Batch File Name Format Specification"): a file named
 * FileID-ProfileName-ScenarioName-TimeName-LoadMethod.txt, dropped into the application's
 * Batch\Harvest folder, is imported by a harvest sequence (BRApi.Utilities.ExecuteFileHarvestBatch)
 * into that workflow profile, scenario and time. The profile is written with ; between parent and
 * child (Houston.Import is Houston;Import); scenario and time may be C (the scenario or time the
 * harvest is called with) or G (the application's global one); the load method is R (replace) or A
 * (append). A name that does not follow it is skipped by the harvest without a word, so every part
 * is checked here before a file is made.
 */

export type LoadMethod = 'R' | 'A';

/** What names one batch file. */
export interface BatchTarget {
	fileId: string;
	/** As OneStream shows it, Parent.Child. */
	workflowProfile: string;
	scenario: string;
	time: string;
	loadMethod: LoadMethod;
}

// The parts are joined with -; Windows and OneStream's file share refuse the others.
const FORBIDDEN = /[-\\/:*?"<>|]/;

/** A character below space, or DEL: no file name holds one. */
const isControl = (char: string) => char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127;

function part(label: string, value: string, example: string): string {
	if (value === '') {
		throw inputError(`${label} is empty`, `A batch file name needs it, e.g. ${example}.`);
	}
	if (value !== value.trim()) {
		throw inputError(
			`${label} "${clip(value, 80)}" starts or ends with a space`,
			`Remove the spaces: OneStream reads the name as it is, e.g. ${example}.`,
		);
	}
	const bad = FORBIDDEN.exec(value) ?? [...value].find(isControl);
	if (bad !== null && bad !== undefined) {
		throw inputError(
			`${label} "${clip(value, 80)}" contains ${describeValue(typeof bad === 'string' ? bad : bad[0])}, which a batch file name cannot hold`,
			`The name's parts are joined with "-" (FileID-Profile-Scenario-Time-LoadMethod.txt), and \\ / : * ? " < > | are not allowed in a file name. Use e.g. ${example}.`,
		);
	}
	return value;
}

/** The profile as the file name writes it: Parent;Child. */
function profilePart(profile: string): string {
	part('Workflow Profile', profile, 'Houston.Import');
	const pieces = profile.includes(';') ? profile.split(';') : profile.split('.');
	if (pieces.length !== 2 || pieces.some((piece) => piece === '')) {
		throw inputError(
			`Workflow Profile "${clip(profile, 80)}" is not an import profile written Parent.Child`,
			'Batch files load into an Import child workflow profile, named as OneStream shows it: Parent.Child, e.g. Houston.Import (the file name writes it Houston;Import).',
		);
	}
	return pieces.join(';');
}

/** The file name for a target, per OneStream's specification. */
export function batchFileName(target: BatchTarget): string {
	return [
		part('File ID', target.fileId, 'GL'),
		profilePart(target.workflowProfile),
		part('Scenario', target.scenario, 'Actual (or C, G)'),
		part('Time', target.time, '2026M3 (or C, G)'),
		target.loadMethod,
	]
		.join('-')
		.concat('.txt');
}

export type Delimiter = ',' | ';' | '\t' | '|';

/** One field of a delimited line: quoted when it holds the delimiter, a quote, a line break or edge spaces. */
function field(value: unknown, column: string, delimiter: Delimiter): string {
	if (value === null || value === undefined) return '';
	let text: string;
	if (typeof value === 'string') text = value;
	else if (typeof value === 'boolean') text = String(value);
	else if (typeof value === 'number') {
		if (!Number.isFinite(value)) {
			throw inputError(
				`The column "${column}" holds ${describeValue(value)}, which a batch file cannot carry`,
				'Give the column a number, text or nothing.',
			);
		}
		text = String(value);
	} else {
		throw inputError(
			`The column "${column}" holds ${describeValue(value)}, not a value a batch file can carry`,
			'Each column of a batch file is one value: text, a number or nothing. Map the field to a value (e.g. {{ $json.amount.value }}), or leave the column out with Columns.',
		);
	}
	const quote =
		text.includes(delimiter) ||
		/["\r\n]/.test(text) ||
		(text.length > 0 && (text.startsWith(' ') || text.endsWith(' ')));
	return quote ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The files one run of the node makes: rows grouped by file name, in input order. */
export class BatchFiles {
	private readonly files = new Map<
		string,
		{ target: BatchTarget; rows: IDataObject[]; items: number[] }
	>();

	/** Adds an item's row to its file; the name is checked first. */
	add(target: BatchTarget, row: IDataObject, itemIndex: number): void {
		const name = batchFileName(target);
		let file = this.files.get(name);
		if (file === undefined) {
			file = { target, rows: [], items: [] };
			this.files.set(name, file);
		}
		file.rows.push(row);
		file.items.push(itemIndex);
	}

	/** Each file's name, target, content and the items it holds; `columns` empty: every field seen. */
	build(
		columns: string[],
		delimiter: Delimiter,
		header: boolean,
	): Array<{
		name: string;
		target: BatchTarget;
		content: Buffer;
		columns: string[];
		items: number[];
	}> {
		return [...this.files.entries()].map(([name, file]) => {
			const seen = fieldsOf(file.rows);
			const missing = columns.filter((column) => !seen.includes(column));
			if (missing.length > 0) {
				throw inputError(
					`No item of ${name} has the column${missing.length > 1 ? 's' : ''} ${missing.map((column) => `"${column}"`).join(', ')}`,
					`Columns names fields of the input items; they have: ${seen.slice(0, 30).join(', ')}. Correct Columns, or leave it empty for every field.`,
				);
			}
			const names = columns.length > 0 ? columns : seen;
			const lines = file.rows.map((row) =>
				names.map((column) => field(row[column], column, delimiter)).join(delimiter),
			);
			if (header)
				lines.unshift(names.map((column) => field(column, column, delimiter)).join(delimiter));
			// CRLF: OneStream runs on Windows; its delimited import reads either.
			return {
				name,
				target: file.target,
				content: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'),
				columns: names,
				items: file.items,
			};
		});
	}
}

/** Every field of the rows, in first-seen order. */
function fieldsOf(rows: IDataObject[]): string[] {
	const seen = new Set<string>();
	for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
	return [...seen];
}
