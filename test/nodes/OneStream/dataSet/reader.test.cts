/**
 * The DataSet stream reader: tables and fields in order, rows handed over in batches whatever the
 * chunking, and clear refusals for what is not a DataSet (rows that are not objects, cut-off
 * bodies, trailing content), with non-object bodies kept whole for the caller to describe.
 */
import { OneStreamError } from '../../../../nodes/OneStream/shared/errors';
import { DataSetReader, keptRowBatch } from '../../../../nodes/OneStream/dataSet/reader';
import { FileCollector, RowCollector } from '../../../../nodes/OneStream/dataSet/sinks';
import type { DataRow, DataSetSink, RowBatch } from '../../../../nodes/OneStream/dataSet/types';

/** Records what the reader hands over. */
class Recorder implements DataSetSink {
	readonly events: Array<[string, unknown]> = [];
	readonly tables: Array<{ name: string; rows: DataRow[] }> = [];
	readonly batches: RowBatch[] = [];
	readonly fields: Record<string, unknown> = {};

	table(name: string): void {
		this.events.push(['table', name]);
		this.tables.push({ name, rows: [] });
	}

	rows(batch: RowBatch): void {
		const rows = batch.parse();
		expect(rows).toHaveLength(batch.count);
		this.tables[this.tables.length - 1].rows.push(...rows);
		this.batches.push(batch);
	}

	field(name: string, value: unknown): void {
		this.events.push(['field', name]);
		this.fields[name] = value;
	}
}

/** Reads `body` in chunks of `size` bytes. */
function read(
	body: string | Buffer,
	size = 7,
	batchBytes?: number,
): { sink: Recorder; reader: DataSetReader } {
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	const sink = new Recorder();
	const reader = new DataSetReader(sink, 'the adapter', { batchBytes });
	for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
	reader.finish();
	return { sink, reader };
}

function refusal(body: string): OneStreamError {
	try {
		read(body);
	} catch (error) {
		expect(error).toBeInstanceOf(OneStreamError);
		return error as OneStreamError;
	}
	throw new Error('expected a refusal');
}

it('takes every top-level list as a table, in order, and other values as fields', () => {
	const body = JSON.stringify({
		Results: [{ a: 1 }],
		Status: 'Completed',
		Empty: [],
		Second: [{ b: 2 }, { b: 3 }],
		Count: 3,
	});
	const { sink } = read(body);
	expect(sink.events).toEqual([
		['table', 'Results'],
		['field', 'Status'],
		['table', 'Empty'],
		['table', 'Second'],
		['field', 'Count'],
	]);
	expect(sink.tables).toEqual([
		{ name: 'Results', rows: [{ a: 1 }] },
		{ name: 'Empty', rows: [] },
		{ name: 'Second', rows: [{ b: 2 }, { b: 3 }] },
	]);
	expect(sink.fields).toEqual({ Status: 'Completed', Count: 3 });
});

it('gives the same rows whatever the chunk size, and splits batches at row boundaries', () => {
	const rows = Array.from({ length: 200 }, (_, i) => ({
		id: i,
		text: `r,"${i}"\u00e9🚀`,
		nested: { list: [i, '}', ']'] },
	}));
	const body = JSON.stringify({ Results: rows });
	for (const size of [1, 2, 3, 64, 4096, body.length]) {
		const { sink } = read(body, size, 500);
		expect(sink.tables[0].rows).toEqual(rows);
		expect(sink.batches.length).toBeGreaterThan(1);
		for (const batch of sink.batches) expect(batch.bytes.toString('utf8')).toMatch(/^\{.*\}$/s);
	}
});

it.each([
	['null', '[{"a":1},null]', 'row 2 of table "T" is not an object (it starts with "n")'],
	['a list', '[[1,2]]', 'row 1 of table "T" is not an object (it starts with "[")'],
	['a number', '[{"a":1},{"a":2},7]', 'row 3 of table "T" is not an object (it starts with "7")'],
	['a string', '["x"]', 'row 1 of table "T" is not an object (it starts with """)'],
])('refuses a row that is %s, naming row and table', (_label, rows, says) => {
	const error = refusal(`{"T":${rows}}`);
	expect(error.message).toContain('the adapter');
	expect(error.message).toContain(says);
});

it('says where a cut-off answer ended', () => {
	const error = refusal('{"Results":[{"a":1},{"a":2},{"a"');
	expect(error.message).toBe(
		"OneStream's answer for the adapter ended before the DataSet was complete",
	);
	expect(error.description).toContain('the last in table "Results" after 2 complete rows');
});

it('refuses content after the end of the DataSet, and an empty body', () => {
	expect(refusal('{"Results":[]} x').message).toContain(
		'unexpected content after the end of the DataSet',
	);
	expect(refusal('').message).toBe('OneStream returned an empty response for the adapter');
});

it('skips a byte order mark, also one split across chunks', () => {
	const body = Buffer.concat([
		Buffer.from([0xef, 0xbb, 0xbf]),
		Buffer.from('{"Results":[{"a":1}]}'),
	]);
	for (const size of [1, 2, 3, 100])
		expect(read(body, size).sink.tables[0].rows).toEqual([{ a: 1 }]);
});

it('keeps a body that is not an object whole, for the caller to describe', () => {
	const html = '<html><title>Sign in</title></html>';
	const { reader, sink } = read(html, 5);
	expect(reader.isNotAnObject).toBe(true);
	expect(reader.notAnObject()).toBe(html);
	expect(sink.events).toEqual([]);
});

it('refuses a row larger than 64 MiB with a clear error, before holding more of it', () => {
	const sink = new Recorder();
	const reader = new DataSetReader(sink, 'the adapter');
	reader.push(Buffer.from('{"Results":[{"a":1},{"Note":"'));
	const piece = Buffer.alloc(1024 * 1024, 0x78);
	let error: unknown;
	try {
		for (let i = 0; i < 80; i++) reader.push(piece);
	} catch (caught) {
		error = caught;
	}
	expect(error).toBeInstanceOf(OneStreamError);
	expect((error as OneStreamError).message).toBe(
		`OneStream's answer for the adapter is not a valid DataSet: row 2 of table "Results" is larger than 64 MiB`,
	);
});

it('keeps only the start of a body that is not an object, and asks for no more of it', () => {
	const sink = new Recorder();
	const reader = new DataSetReader(sink, 'the adapter');
	const piece = Buffer.from('1,'.repeat(16 * 1024));
	reader.push(Buffer.from('['));
	let pushed = 1;
	while (reader.wantsMore && pushed < 10_000_000) {
		reader.push(piece);
		pushed += piece.length;
	}
	expect(reader.isNotAnObject).toBe(true);
	expect(pushed).toBeLessThan(128 * 1024);
	expect(reader.notAnObject().length).toBeLessThanOrEqual(64 * 1024);
	expect(reader.notAnObject().startsWith('[1,1,')).toBe(true);
});

it('turns invalid UTF-8 into U+FFFD in the batches it hands over, as decoding does to rows', () => {
	const body = Buffer.concat([
		Buffer.from('{"Results":[{"a":"ok é","b":"bad '),
		Buffer.from([0xff, 0xc3]),
		Buffer.from('"}]}'),
	]);
	const { sink } = read(body, 3);
	const bytes = sink.batches.map((batch) => batch.bytes.toString('utf8')).join('');
	expect(bytes).toBe('{"a":"ok é","b":"bad \ufffd\ufffd"}');
	expect(sink.tables[0].rows).toEqual([{ a: 'ok é', b: 'bad \ufffd\ufffd' }]);
	expect(Buffer.from(bytes, 'utf8').equals(sink.batches[0].bytes)).toBe(true);
});

it('asks for no more of the answer once its sink has all the rows it wants', () => {
	const sink = new RowCollector({ wanted: () => true, shape: 'asIs', rowLimit: 3 });
	const reader = new DataSetReader(sink, 'the adapter');
	const rows = Array.from({ length: 10 }, (_, i) => `{"RowId":${i + 1}}`).join(',');
	const bytes = Buffer.from(`{"Results":[${rows}]}`, 'utf8');
	let pushed = 0;
	for (; pushed < bytes.length && reader.wantsMore; pushed += 5)
		reader.push(bytes.subarray(pushed, pushed + 5));
	expect(sink.rowsWanted).toBe(0);
	expect(pushed).toBeLessThan(bytes.length);
	expect(sink.dataTable(sink.tables[0]).rows).toEqual([{ RowId: 1 }, { RowId: 2 }, { RowId: 3 }]);
});

describe.each([1, 5, 4096])('a row limit with the answer pushed %i bytes at a time', (chunk) => {
	const answer = (count: number) =>
		Buffer.from(
			`{"Results":[${Array.from({ length: count }, (_, i) => `{"RowId":${i + 1}}`).join(',')}]}`,
			'utf8',
		);
	function feed(sink: RowCollector | FileCollector, bytes: Buffer): void {
		const reader = new DataSetReader(sink, 'the adapter');
		for (let at = 0; at < bytes.length && reader.wantsMore; at += chunk)
			reader.push(bytes.subarray(at, at + chunk));
		if (reader.wantsMore) reader.finish();
	}

	it.each([
		[10, 3, true],
		[3, 3, false],
		[2, 3, false],
	])('%i rows, limit %i: limited %s, for items and for a CSV file', (count, limit, limited) => {
		const rows = new RowCollector({ wanted: () => true, shape: 'asIs', rowLimit: limit });
		feed(rows, answer(count));
		const kept = Math.min(count, limit);
		expect(rows.dataTable(rows.tables[0]).rows).toEqual(
			Array.from({ length: kept }, (_, i) => ({ RowId: i + 1 })),
		);
		expect(rows.limited).toBe(limited);

		const file = new FileCollector({ wanted: () => true, shape: 'asIs', rowLimit: limit }, 'csv');
		feed(file, answer(count));
		expect(file.content(file.tables[0]).toString('utf8')).toBe(
			['RowId', ...Array.from({ length: kept }, (_, i) => String(i + 1))].join('\r\n') + '\r\n',
		);
		expect(file.tables[0].rowCount).toBe(kept);
		expect(file.limited).toBe(limited);
	});
});

describe('keptRowBatch', () => {
	it('keeps its own copy of the bytes and parses them on demand, exact digits too', () => {
		const source = Buffer.from('{"Id":12345678901234567890},{"Id":2}');
		const kept = keptRowBatch({ count: 2, bytes: source, parse: () => [] }, 'Cells');
		source.fill(0x20);
		expect(kept.count).toBe(2);
		expect(kept.parse()).toEqual([{ Id: 12345678901234567000 }, { Id: 2 }]);
		expect(kept.parse({ preciseNumbers: true })).toEqual([
			{ Id: '12345678901234567890' },
			{ Id: 2 },
		]);
	});

	it('names the table when the kept rows are not valid JSON', () => {
		const kept = keptRowBatch({ count: 1, bytes: Buffer.from('{"Id":'), parse: () => [] }, 'Cells');
		expect(() => kept.parse()).toThrow('rows of table "Cells" are not valid JSON');
	});
});
