/**
 * RFC 4180 for the tests, written independently of the node's CSV code: a strict reader (CRLF
 * record ends, every record ending with one) and the quoting policy the node documents.
 */

/**
 * One field as the node must write it: quoted when it contains a double quote, comma, CR or LF, or
 * starts or ends with a space; null and undefined empty; objects as JSON; other values as
 * JavaScript renders them.
 */
export function expectedCsvField(value: unknown): string {
	if (value === null || value === undefined) return '';
	const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	const needsQuotes = /[",\r\n]/.test(text) || text.startsWith(' ') || text.endsWith(' ');
	return needsQuotes ? `"${text.split('"').join('""')}"` : text;
}

/** A strict RFC 4180 reader, to check the node's CSV files field by field. */
export function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let field = '';
	let record: string[] = [];
	let i = 0;
	let quoted = false;
	let fieldStarted = false;
	while (i < text.length) {
		const char = text[i];
		if (quoted) {
			if (char === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				const next = text[i];
				if (next !== ',' && next !== '\r' && next !== undefined)
					throw new Error(`CSV: text after a closing quote at ${i}`);
				continue;
			}
			field += char;
			i++;
			continue;
		}
		if (char === '"') {
			if (fieldStarted && field !== '')
				throw new Error(`CSV: quote inside an unquoted field at ${i}`);
			quoted = true;
			fieldStarted = true;
			i++;
			continue;
		}
		if (char === ',') {
			record.push(field);
			field = '';
			fieldStarted = false;
			i++;
			continue;
		}
		if (char === '\r') {
			if (text[i + 1] !== '\n') throw new Error(`CSV: CR without LF at ${i}`);
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			fieldStarted = false;
			i += 2;
			continue;
		}
		if (char === '\n') throw new Error(`CSV: bare LF outside quotes at ${i}`);
		field += char;
		fieldStarted = true;
		i++;
	}
	if (quoted) throw new Error('CSV: unterminated quoted field');
	if (field !== '' || record.length > 0) throw new Error('CSV: last record does not end with CRLF');
	return records;
}
