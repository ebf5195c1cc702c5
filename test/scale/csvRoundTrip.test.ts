/**
 * CSV output is RFC 4180 correct: random rows with commas, quotes, CR/LF, unicode, edge spaces,
 * nulls and late columns are written by both of the node's CSV writers (from parsed rows, and
 * straight from DataSet bytes), read back with an independent parser, and compared field by field.
 */
import { CsvTranscoder } from '../../nodes/OneStream/helpers/csvTranscoder';
import type { DataRow } from '../../nodes/OneStream/helpers/dataSet';
import { rowsToCsv } from '../../nodes/OneStream/helpers/files';
import { expectedCsvField, parseCsv } from '../support/csv';

// A small seeded generator, so a failure can be replayed.
function generator(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const PIECES = ['plain', ',', '"', '""', '\r\n', '\n', '\r', ' ', 'Zürich', '日本', '🚀', '\t', '\\', '=SUM(A1)', "'", 'a,b', ''];

function randomRows(random: () => number): DataRow[] {
	const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
	const columns = ['ID', 'Name', 'Amount', 'Flag', 'Note', 'Münze, "Wert"', ' spaced '];
	const rows: DataRow[] = [];
	const count = 1 + Math.floor(random() * 40);
	for (let r = 0; r < count; r++) {
		const row: DataRow = {};
		for (const column of columns) {
			const kind = Math.floor(random() * 6);
			if (kind === 0) row[column] = null;
			else if (kind === 1) row[column] = Math.round(random() * 1e6) / 100 - 5000;
			else if (kind === 2) row[column] = random() < 0.5;
			else row[column] = Array.from({ length: Math.floor(random() * 5) }, () => pick(PIECES)).join('');
		}
		// Now and then a column first appears late, so earlier records must be widened.
		if (random() < 0.05) row[`Late${Math.floor(random() * 3)}`] = pick(PIECES);
		rows.push(row);
	}
	return rows;
}

function expectedRecords(rows: DataRow[]): string[][] {
	const columns: string[] = [];
	for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
	// What the fields must read back as: JavaScript's rendering, null as empty.
	const text = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
	return [columns, ...rows.map((row) => columns.map((column) => text(row[column])))];
}

test.each([1, 2, 3, 4, 5, 6, 7, 8])('random rows round-trip through both CSV writers (seed %i, 200 tables)', (seed) => {
	const random = generator(seed);
	for (let table = 0; table < 200; table++) {
		const rows = randomRows(random);
		const expected = expectedRecords(rows);
		const fromRows = rowsToCsv(rows).toString('utf8');
		const transcoder = new CsvTranscoder();
		// Feed the bytes in two batches, split between rows, as the reader would.
		const split = Math.floor(random() * rows.length);
		for (const part of [rows.slice(0, split), rows.slice(split)]) {
			if (part.length > 0) transcoder.addBatch(Buffer.from(JSON.stringify(part).slice(1, -1)));
		}
		const fromBytes = transcoder.toBuffer().toString('utf8');
		expect(parseCsv(fromRows)).toEqual(expected);
		expect(fromBytes).toBe(fromRows);
		// Every record ends with CRLF, and quoting follows the documented policy.
		expect(fromRows.endsWith('\r\n')).toBe(true);
		expect(fromRows.split('\r\n')[0]).toBe(expected[0].map(expectedCsvField).join(','));
	}
});
