/**
 * File output: RFC 4180 CSV (expected bytes written out by hand here) and JSON arrays.
 */
import type { DataRow } from '../../../nodes/OneStream/helpers/dataSet';
import { CsvBuilder, csvField, JsonArrayBuilder, rowsToCsv, rowsToJson } from '../../../nodes/OneStream/helpers/files';

function csv(rows: DataRow[]): string {
	return rowsToCsv(rows).toString('utf8');
}

function parsed(json: string): DataRow {
	return JSON.parse(json) as DataRow;
}

describe('csvField', () => {
	it.each<[unknown, string]>([
		['plain', 'plain'],
		['', ''],
		['a,b', '"a,b"'],
		['say "hi"', '"say ""hi"""'],
		['"', '""""'],
		['line1\r\nline2', '"line1\r\nline2"'],
		['a\nb', '"a\nb"'],
		['a\rb', '"a\rb"'],
		[' lead', '" lead"'],
		['trail ', '"trail "'],
		['in side', 'in side'],
		['tab\there', 'tab\there'],
		['Zürich – 東京 🚀', 'Zürich – 東京 🚀'],
		[null, ''],
		[undefined, ''],
		[0, '0'],
		[-1.25, '-1.25'],
		[true, 'true'],
		[false, 'false'],
		[BigInt('9007199254740993'), '9007199254740993'],
		[{ a: 1, b: 'x,y' }, '"{""a"":1,""b"":""x,y""}"'],
		[[1, 2], '"[1,2]"'],
	])('%p → %p', (value, expected) => {
		expect(csvField(value)).toBe(expected);
	});
});

describe('rowsToCsv', () => {
	it('writes a header line and CRLF-terminated records', () => {
		expect(
			csv([
				{ Entity: 'Acme UK', Amount: 10.5, Note: null },
				{ Entity: 'Acme, Inc.', Amount: -3, Note: 'He said "ok"\nthen left' },
			]),
		).toBe('Entity,Amount,Note\r\nAcme UK,10.5,\r\n"Acme, Inc.",-3,"He said ""ok""\nthen left"\r\n');
	});

	it('uses the union of all columns in order of first appearance, empty where a row lacks one', () => {
		expect(csv([{ a: 1 }, { b: 2, a: 3 }, { c: 4 }, { a: 5, b: 6, c: 7 }])).toBe('a,b,c\r\n1,,\r\n3,2,\r\n,,4\r\n5,6,7\r\n');
	});

	it('writes a row whose keys come in another order under the right columns', () => {
		expect(csv([{ a: 1, b: 2 }, { b: 3, a: 4 }])).toBe('a,b\r\n1,2\r\n4,3\r\n');
	});

	it('escapes header names too', () => {
		expect(csv([{ 'Amount, USD': 1, 'Say "x"': 2, ' pad': 3 }])).toBe('"Amount, USD","Say ""x"""," pad"\r\n1,2,3\r\n');
	});

	it('never writes inherited properties as values (a "constructor" or "toString" column)', () => {
		expect(csv([{ constructor: 'ctor', toString: 'ts', a: 1 }, { a: 2 }])).toBe('constructor,toString,a\r\nctor,ts,1\r\n,,2\r\n');
		expect(csv([{ a: 1 }, { hasOwnProperty: 'x' }])).toBe('a,hasOwnProperty\r\n1,\r\n,x\r\n');
	});

	it('keeps a `__proto__` column as data', () => {
		expect(csv([parsed('{"__proto__":"p","a":1}'), parsed('{"a":2}')])).toBe('__proto__,a\r\np,1\r\n,2\r\n');
		expect(csv([parsed('{"a":1}'), parsed('{"__proto__":{"x":1}}')])).toBe('a,__proto__\r\n1,\r\n,"{""x"":1}"\r\n');
	});

	it('encodes UTF-8, with multi-byte characters intact', () => {
		const bytes = rowsToCsv([{ 'Stadt': 'Zürich', emoji: '🚀' }]);
		expect(bytes.equals(Buffer.from('Stadt,emoji\r\nZürich,🚀\r\n', 'utf8'))).toBe(true);
	});

	it('writes nothing for no rows, and a header with empty records for empty rows', () => {
		expect(csv([])).toBe('');
		expect(csv([{}, {}])).toBe('\r\n\r\n');
	});

	it('builds the same file batch by batch as at once', () => {
		const rows: DataRow[] = Array.from({ length: 50 }, (_, i) => (i === 30 ? { id: i, name: `n${i}`, late: 'x' } : { id: i, name: i % 7 === 0 ? `n,${i}` : `n${i}` }));
		const builder = new CsvBuilder();
		for (let start = 0; start < rows.length; start += 8) builder.addRows(rows.slice(start, start + 8));
		expect(builder.toBuffer().equals(rowsToCsv(rows))).toBe(true);
		expect(builder.rows).toBe(50);
		// The column that appears in row 30 widens the earlier records too.
		const lines = rowsToCsv(rows).toString('utf8').split('\r\n');
		expect(lines[0]).toBe('id,name,late');
		expect(lines[1]).toBe('0,"n,0",');
		expect(lines[31]).toBe('30,n30,x');
	});
});

describe('rowsToJson', () => {
	it('writes a JSON array of the rows', () => {
		const rows: DataRow[] = [{ a: 1, b: 'x,"y"' }, { c: null, d: { nested: [1, 2] } }, { e: 'Zürich 🚀' }];
		const bytes = rowsToJson(rows);
		expect(bytes.equals(Buffer.from(JSON.stringify(rows), 'utf8'))).toBe(true);
	});

	it('writes [] for no rows', () => {
		expect(rowsToJson([]).toString('utf8')).toBe('[]');
	});

	it('keeps a `__proto__` key as data', () => {
		const row = parsed('{"__proto__":{"x":1},"a":2}');
		expect(JSON.parse(rowsToJson([row]).toString('utf8'))).toEqual([row]);
		expect(rowsToJson([row]).toString('utf8')).toBe('[{"__proto__":{"x":1},"a":2}]');
	});

	it('builds the same array batch by batch', () => {
		const builder = new JsonArrayBuilder();
		builder.addRows([{ a: 1 }]);
		builder.addRows([]);
		builder.addRows([{ b: 2 }, { c: 3 }]);
		expect(builder.toBuffer().toString('utf8')).toBe('[{"a":1},{"b":2},{"c":3}]');
	});
});
