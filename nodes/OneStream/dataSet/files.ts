import { CsvWriter } from './csvWriter';
import { JsonWriter } from './jsonWriter';
import type { DataRow } from './types';

/**
 * An object name as a file name that every file drop accepts: characters that Windows, SharePoint
 * or S3 keys refuse or treat specially become "_".
 */
export function safeFileName(name: string): string {
	let safe = '';
	for (const char of name) {
		const code = char.charCodeAt(0);
		safe += code < 32 || code === 127 || '\\/:*?"<>|'.includes(char) ? '_' : char;
	}
	safe = safe.trim().replace(/^\.+|\.+$/g, '');
	return safe === '' ? 'Results' : safe;
}

/** Rows already in memory as CSV or JSON file content, through the same writers as the reads. */
export function fileFromRows(rows: DataRow[], format: 'csv' | 'json'): Buffer {
	const writer = format === 'json' ? new JsonWriter() : new CsvWriter();
	const BATCH = 1000;
	for (let start = 0; start < rows.length; start += BATCH) {
		const json = rows.slice(start, start + BATCH).map((row) => JSON.stringify(row));
		writer.addBatch(Buffer.from(json.join(','), 'utf8'));
	}
	return writer.toBuffer();
}

export function mimeTypeOf(format: 'csv' | 'json'): string {
	return format === 'csv' ? 'text/csv' : 'application/json';
}
