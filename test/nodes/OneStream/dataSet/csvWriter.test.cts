/**
 * The CSV file writer: RFC 4180 (expected bytes written out by hand here), written from the rows'
 * JSON bytes as the DataSet reader hands them over, with cube-view rows flattened on the way.
 * Random rows with commas, quotes, CR/LF, unicode, edge spaces, nulls and late columns are read
 * back with an independent parser and compared field by field.
 */
import { csvField, CsvWriter } from '../../../../nodes/OneStream/dataSet/csvWriter';
import type { DataRow } from '../../../../nodes/OneStream/dataSet/types';
import { expectedCsvField, parseCsv } from '../../../support/csv.cjs';

/** Rows as the reader hands them over: their JSON, comma-separated. */
function rowBytes(rows: DataRow[]): Buffer {
	return Buffer.from(rows.map((row) => JSON.stringify(row)).join(','), 'utf8');
}

function rowsToCsv(rows: DataRow[]): Buffer {
	const writer = new CsvWriter();
	if (rows.length > 0) writer.addBatch(rowBytes(rows));
	return writer.toBuffer();
}

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

describe('CsvWriter', () => {
	it('writes a header line and CRLF-terminated records', () => {
		expect(
			csv([
				{ Entity: 'Acme UK', Amount: 10.5, Note: null },
				{ Entity: 'Acme, Inc.', Amount: -3, Note: 'He said "ok"\nthen left' },
			]),
		).toBe(
			'Entity,Amount,Note\r\nAcme UK,10.5,\r\n"Acme, Inc.",-3,"He said ""ok""\nthen left"\r\n',
		);
	});

	it('uses the union of all columns in order of first appearance, empty where a row lacks one', () => {
		expect(csv([{ a: 1 }, { b: 2, a: 3 }, { c: 4 }, { a: 5, b: 6, c: 7 }])).toBe(
			'a,b,c\r\n1,,\r\n3,2,\r\n,,4\r\n5,6,7\r\n',
		);
	});

	it('writes a row whose keys come in another order under the right columns', () => {
		expect(
			csv([
				{ a: 1, b: 2 },
				{ b: 3, a: 4 },
			]),
		).toBe('a,b\r\n1,2\r\n4,3\r\n');
	});

	it('escapes header names too', () => {
		expect(csv([{ 'Amount, USD': 1, 'Say "x"': 2, ' pad': 3 }])).toBe(
			'"Amount, USD","Say ""x"""," pad"\r\n1,2,3\r\n',
		);
	});

	it('never writes inherited properties as values (a "constructor" or "toString" column)', () => {
		expect(csv([{ constructor: 'ctor', toString: 'ts', a: 1 }, { a: 2 }])).toBe(
			'constructor,toString,a\r\nctor,ts,1\r\n,,2\r\n',
		);
		expect(csv([{ a: 1 }, { hasOwnProperty: 'x' }])).toBe('a,hasOwnProperty\r\n1,\r\n,x\r\n');
	});

	it('keeps a `__proto__` column as data', () => {
		expect(csv([parsed('{"__proto__":"p","a":1}'), parsed('{"a":2}')])).toBe(
			'__proto__,a\r\np,1\r\n,2\r\n',
		);
		expect(csv([parsed('{"a":1}'), parsed('{"__proto__":{"x":1}}')])).toBe(
			'a,__proto__\r\n1,\r\n,"{""x"":1}"\r\n',
		);
	});

	it('encodes UTF-8, with multi-byte characters intact', () => {
		const bytes = rowsToCsv([{ Stadt: 'Zürich', emoji: '🚀' }]);
		expect(bytes.equals(Buffer.from('Stadt,emoji\r\nZürich,🚀\r\n', 'utf8'))).toBe(true);
	});

	it('writes nothing for no rows, and a header with empty records for empty rows', () => {
		expect(csv([])).toBe('');
		expect(csv([{}, {}])).toBe('\r\n\r\n');
	});

	it('builds the same file batch by batch as at once', () => {
		const rows: DataRow[] = Array.from({ length: 50 }, (_, i) =>
			i === 30
				? { id: i, name: `n${i}`, late: 'x' }
				: { id: i, name: i % 7 === 0 ? `n,${i}` : `n${i}` },
		);
		const writer = new CsvWriter();
		for (let start = 0; start < rows.length; start += 8)
			writer.addBatch(rowBytes(rows.slice(start, start + 8)));
		expect(writer.toBuffer().equals(rowsToCsv(rows))).toBe(true);
		expect(writer.rows).toBe(50);
		// The column that appears in row 30 widens the earlier records too.
		const lines = rowsToCsv(rows).toString('utf8').split('\r\n');
		expect(lines[0]).toBe('id,name,late');
		expect(lines[1]).toBe('0,"n,0",');
		expect(lines[31]).toBe('30,n30,x');
	});

	it("keeps OneStream's digits as sent", () => {
		const writer = new CsvWriter();
		writer.addBatch(
			Buffer.from('{"a":3302363.50,"b":1E400,"c":-0,"d":12345678901234567890}', 'utf8'),
		);
		expect(writer.toBuffer().toString('utf8')).toBe(
			'a,b,c,d\r\n3302363.50,1E400,-0,12345678901234567890\r\n',
		);
	});

	it('accepts whitespace and commas between rows, and refuses what is not a row', () => {
		const writer = new CsvWriter();
		writer.addBatch(Buffer.from(' {"a":1} ,\n{"a":2}', 'utf8'));
		expect(writer.toBuffer().toString('utf8')).toBe('a\r\n1\r\n2\r\n');
		expect(() => new CsvWriter().addBatch(Buffer.from('[1]'))).toThrow(
			'a row is not an object (row 1)',
		);
		expect(() => new CsvWriter().addBatch(Buffer.from('{"a":1}{"a":2}'))).toThrow(
			'rows are not separated by a comma (row 1)',
		);
		expect(() => new CsvWriter().addBatch(Buffer.from('{"a":1},,{"a":2}'))).toThrow(
			'a row is not an object (row 2)',
		);
		expect(() => new CsvWriter().addBatch(Buffer.from('{"a":1}, '))).toThrow(
			'a row is missing after a comma (row 1)',
		);
	});
});

describe('rows after the first, read and written in one pass', () => {
	/** The file from rows given as JSON text (the first row sets the columns). */
	function file(...rows: string[]): string {
		const writer = new CsvWriter();
		writer.addBatch(Buffer.from(rows.join(','), 'utf8'));
		return writer.toBuffer().toString('utf8');
	}

	it('writes strings, numbers, booleans and null as the first row would', () => {
		expect(
			file(
				'{"a":"x","b":1,"c":true,"d":null}',
				'{"a":"Acme, Inc.","b":3302363.50,"c":false,"d":" pad"}',
				'{ "a" : "He said \\"ok\\"\\nthen" , "b" : 1E400 , "c" : true , "d" : "Z\\u00fcrich" }',
				'{"a":"","b":-0,"c":null,"d":"back\\\\slash"}',
			),
		).toBe(
			'a,b,c,d\r\nx,1,true,\r\n"Acme, Inc.",3302363.50,false," pad"\r\n' +
				'"He said ""ok""\nthen",1E400,true,Zürich\r\n,-0,,back\\slash\r\n',
		);
	});

	it('leaves nothing of a row it gives up halfway: the general way writes it whole', () => {
		expect(
			file(
				'{"a":1,"b":2}',
				'{"a":3,"b":{"x":1}}',
				'{"a":4,"c":5}',
				'{"a":5,"a":6}',
				'{"b":7,"a":8}',
				'{"a":9}',
			),
		).toBe('a,b,c\r\n1,2,\r\n3,"{""x"":1}",\r\n4,,5\r\n6,,\r\n8,7,\r\n9,,\r\n');
	});

	it('matches a column by its whole name', () => {
		expect(file('{"ab":1}', '{"abc":2}', '{"ab":3}', '{"a":4}')).toBe(
			'ab,abc,a\r\n1,,\r\n,2,\r\n3,,\r\n,,4\r\n',
		);
	});

	it('reads names written with escapes by decoding them', () => {
		expect(file('{"\\u0041":1,"Say \\"x\\"":2}', '{"A":3,"Say \\"x\\"":4}')).toBe(
			'A,"Say ""x"""\r\n1,2\r\n3,4\r\n',
		);
	});

	it.each([
		['{"a":1,"b":2},{"a":3,"b":tru}', 'a value is not valid JSON (row 2)'],
		[
			'{"a":1,"b":2},{"a":3,"b":"x\ty"}',
			'a string is not closed or holds a raw control character (row 2)',
		],
		['{"a":1,"b":2},{"a":3,"b":"x\\q"}', 'a value is not valid JSON (row 2)'],
		['{"a":1,"b":2},{"a":3 "b":4}', 'a row is not closed properly (row 2)'],
		['{"a":1,"b":2},{"a":3,"b":4', 'a row is not closed properly (row 2)'],
	])('refuses %s as the general way does: %s', (bytes, message) => {
		expect(() => new CsvWriter().addBatch(Buffer.from(bytes, 'utf8'))).toThrow(message);
		const writer = new CsvWriter();
		writer.addBatch(Buffer.from('{"a":0,"b":0}'));
		expect(writer.tryAddBatch(Buffer.from(bytes, 'utf8'))).toBe(-1);
		expect(writer.toBuffer().toString('utf8')).toBe('a,b\r\n0,0\r\n');
	});
});

describe('CsvWriter.tryAddBatch, for bytes cut at a `},{` that may lie in a string', () => {
	const before = [
		{ a: 1, b: 'x' },
		{ a: 2, b: 'y' },
	];
	// `c` again: a column the failed batch brought must be new again.
	const after = [{ a: 5, b: 'z', c: 'late', d: true }];

	it.each([
		['cut inside a string', '{"a":3,"c":"new"},{"a":4,"b":"ends },{'],
		['cut inside a nested list', '{"a":3,"c":[{"x":1}'],
		['the end of the table', '{"a":3,"c":1}],"Other":[{"a":4}'],
		['a row that is not valid JSON', '{"a":3,"c":1},{"a":tru}'],
	])('takes nothing of %s: columns, records and the file as before', (_, bytes) => {
		const writer = new CsvWriter();
		writer.addBatch(rowBytes(before));
		expect(writer.tryAddBatch(Buffer.from(bytes, 'utf8'))).toBe(-1);
		expect(writer.rows).toBe(2);
		writer.addBatch(rowBytes(after));
		expect(writer.toBuffer().toString('utf8')).toBe(csv([...before, ...after]));
	});

	it('takes whole rows and says how many', () => {
		const writer = new CsvWriter();
		expect(writer.tryAddBatch(rowBytes(before))).toBe(2);
		expect(writer.tryAddBatch(rowBytes(after))).toBe(1);
		expect(writer.toBuffer().toString('utf8')).toBe(csv([...before, ...after]));
	});

	it('takes nothing back to the byte after megabytes of records', () => {
		// Past the writer's 1 MiB blocks, so that taking back drops whole blocks.
		const wide = Array.from({ length: 30_000 }, (_, i) => ({ a: i, b: `memo ${i} `.repeat(8) }));
		const writer = new CsvWriter();
		writer.addBatch(rowBytes(before));
		const cut = Buffer.concat([rowBytes(wide), Buffer.from(',{"a":1,"b":"open },{')]);
		expect(writer.tryAddBatch(cut)).toBe(-1);
		writer.addBatch(rowBytes(after));
		expect(writer.toBuffer().toString('utf8')).toBe(csv([...before, ...after]));
	});
});

describe('CsvWriter for cube views', () => {
	it('flattens the positional layout into named columns, keeping the digits as sent', () => {
		const writer = new CsvWriter('cubeView');
		writer.addBatch(
			Buffer.from(
				'{"RowHdr0NameAndDesc":"Sales","RowHdr0Indent":2,"Col0Hdr0NameAndDesc":"2026M1 - Jan 2026","Col0Value":3302363.50,"Col1Hdr0NameAndDesc":"Total","Col1Value":1E400},' +
					'{"RowHdr0NameAndDesc":"Costs, \\"direct\\"","RowHdr0Indent":3,"Col0Hdr0NameAndDesc":"2026M1 - Jan 2026","Col0Value":-12.10,"Col1Hdr0NameAndDesc":"Total","Col1Value":null}',
				'utf8',
			),
		);
		expect(writer.toBuffer().toString('utf8')).toBe(
			'Row,Indent,2026M1 - Jan 2026,Total\r\nSales,2,3302363.50,1E400\r\n"Costs, ""direct""",3,-12.10,\r\n',
		);
	});
});

describe('round trip through an independent CSV parser', () => {
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

	const PIECES = [
		'plain',
		',',
		'"',
		'""',
		'\r\n',
		'\n',
		'\r',
		' ',
		'Zürich',
		'日本',
		'🚀',
		'\t',
		'\\',
		'=SUM(A1)',
		"'",
		'a,b',
		'',
	];

	function randomRows(random: () => number): DataRow[] {
		const pick = <T,>(list: T[]): T => list[Math.floor(random() * list.length)];
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
				else
					row[column] = Array.from({ length: Math.floor(random() * 5) }, () => pick(PIECES)).join(
						'',
					);
			}
			// Now and then a column first appears late, so earlier records must be widened.
			if (random() < 0.05) row[`Late${Math.floor(random() * 3)}`] = pick(PIECES);
			rows.push(row);
		}
		return rows;
	}

	function expectedRecords(rows: DataRow[]): string[][] {
		const columns: string[] = [];
		for (const row of rows)
			for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
		// What the fields must read back as: JavaScript's rendering, null as empty.
		const text = (value: unknown): string =>
			value === null || value === undefined
				? ''
				: typeof value === 'object'
					? JSON.stringify(value)
					: String(value);
		return [columns, ...rows.map((row) => columns.map((column) => text(row[column])))];
	}

	test.each([1, 2, 3, 4, 5, 6, 7, 8])(
		'random rows round-trip through the CSV writer (seed %i, 200 tables)',
		(seed) => {
			const random = generator(seed);
			for (let table = 0; table < 200; table++) {
				const rows = randomRows(random);
				const expected = expectedRecords(rows);
				const writer = new CsvWriter();
				// Feed the bytes in two batches, split between rows, as the reader would.
				const split = Math.floor(random() * rows.length);
				for (const part of [rows.slice(0, split), rows.slice(split)]) {
					if (part.length > 0) writer.addBatch(Buffer.from(JSON.stringify(part).slice(1, -1)));
				}
				const written = writer.toBuffer().toString('utf8');
				expect(parseCsv(written)).toEqual(expected);
				// The same file as written from all rows at once.
				expect(written).toBe(rowsToCsv(rows).toString('utf8'));
				// Every record ends with CRLF, and quoting follows the documented policy.
				expect(written.endsWith('\r\n')).toBe(true);
				expect(written.split('\r\n')[0]).toBe(expected[0].map(expectedCsvField).join(','));
			}
		},
	);
});
