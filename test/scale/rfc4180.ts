/**
 * An RFC 4180 writer and reader written for the tests only, independently of the node's CSV code.
 * Policy checked against the node: a field is quoted when it contains a double quote, comma, CR or
 * LF, or starts or ends with a space; null and undefined are empty; other values use JavaScript's
 * own rendering (objects as JSON).
 */
export function expectedCsvField(value: unknown): string {
	if (value === null || value === undefined) return '';
	const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	const needsQuotes = /[",\r\n]/.test(text) || text.startsWith(' ') || text.endsWith(' ');
	return needsQuotes ? `"${text.split('"').join('""')}"` : text;
}

/** Parses CSV text into records of fields, per RFC 4180 (CRLF or LF record ends). */
export function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let field = '';
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
				continue;
			}
			field += char;
			i++;
			continue;
		}
		if (char === '"' && !fieldStarted) {
			quoted = true;
			fieldStarted = true;
			i++;
		} else if (char === ',') {
			record.push(field);
			field = '';
			fieldStarted = false;
			i++;
		} else if (char === '\r' && text[i + 1] === '\n') {
			record.push(field);
			records.push(record);
			record = [];
			field = '';
			fieldStarted = false;
			i += 2;
		} else if (char === '"') {
			throw new Error(`a double quote inside an unquoted field at ${i}`);
		} else {
			field += char;
			fieldStarted = true;
			i++;
		}
	}
	if (quoted) throw new Error('unterminated quoted field');
	if (fieldStarted || record.length > 0) {
		record.push(field);
		records.push(record);
	}
	return records;
}
