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
	/** Each batch's count and a copy of its bytes, which are good only while the sink takes it. */
	readonly batches: Array<Pick<RowBatch, 'count' | 'bytes'>> = [];
	readonly fields: Record<string, unknown> = {};

	table(name: string): void {
		this.events.push(['table', name]);
		this.tables.push({ name, rows: [] });
	}

	rows(batch: RowBatch): void {
		const rows = batch.parse();
		expect(rows).toHaveLength(batch.count);
		this.tables[this.tables.length - 1].rows.push(...rows);
		this.batches.push({ count: batch.count, bytes: Buffer.from(batch.bytes) });
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

describe('rows found by parsing, when the sink parses them all', () => {
	/** A RowCollector that hides its parse options: the reader then scans every byte. */
	class ScanningCollector extends RowCollector {
		get parseOptions(): undefined {
			return undefined;
		}
	}

	interface Outcome {
		events: string[];
		tables: Array<{ name: string; rowCount: number; rows: DataRow[] }>;
		fields: Record<string, unknown>;
		error?: string;
		unscannedRows: number;
	}

	function collect(
		bytes: Buffer,
		chunk: number,
		options: { scanning?: boolean; batchBytes?: number; preciseNumbers?: boolean } = {},
	): Outcome {
		const settings = { wanted: () => true, shape: 'asIs' as const, ...options };
		const sink = options.scanning ? new ScanningCollector(settings) : new RowCollector(settings);
		const events: string[] = [];
		const table = sink.table.bind(sink);
		sink.table = (name) => {
			events.push(`table ${name}`);
			table(name);
		};
		const field = sink.field.bind(sink);
		sink.field = (name, value) => {
			events.push(`field ${name}`);
			field(name, value);
		};
		const reader = new DataSetReader(sink, 'the adapter', { batchBytes: options.batchBytes });
		let error: string | undefined;
		try {
			for (let at = 0; at < bytes.length; at += chunk) reader.push(bytes.subarray(at, at + chunk));
			reader.finish();
		} catch (caught) {
			expect(caught).toBeInstanceOf(OneStreamError);
			error = (caught as Error).message;
		}
		return {
			events,
			tables: sink.tables.map((info) => ({
				name: info.name,
				rowCount: info.rowCount,
				rows: sink.dataTable(info).rows,
			})),
			fields: { ...sink.fields },
			error,
			unscannedRows: reader.unscannedRows,
		};
	}

	/** Rows with what could fool a search for `},{`: in strings, in nested lists, split across chunks. */
	function trickyRow(i: number): DataRow {
		return {
			RowId: i,
			Memo: i % 50 === 0 ? `ends with },{ and "quotes" ${i}` : `Zürich № ${i} 🚀`,
			Lines: i % 70 === 0 ? [{ a: 1 }, { b: '},{' }] : null,
			Amount: i * 1.25,
		};
	}

	const body = (rows: DataRow[], rest = ''): Buffer =>
		Buffer.from(`{"Results":${JSON.stringify(rows)}${rest}}`, 'utf8');

	const rows = Array.from({ length: 600 }, (_, i) => trickyRow(i + 1));

	it.each([1, 7, 333, 4096, 1 << 20])(
		'gives the rows of the scan, and finds most of them by parsing (chunks of %i bytes)',
		(chunk) => {
			const bytes = body(rows, ',"Status":"Completed","Second":[{"b":2},{"b":3}]');
			const parsed = collect(bytes, chunk, { batchBytes: 2048 });
			const scanned = collect(bytes, chunk, { batchBytes: 2048, scanning: true });
			expect(parsed.error).toBeUndefined();
			expect(parsed.tables[0].rows).toEqual(rows);
			expect(parsed).toEqual({ ...scanned, unscannedRows: parsed.unscannedRows });
			expect(scanned.unscannedRows).toBe(0);
			expect(parsed.unscannedRows).toBeGreaterThan(rows.length / 2);
		},
	);

	it('scans when a `},{` inside a string ends the held bytes, and gives up parsing after two such', () => {
		// Every row ends with a string that ends with `},{`, so the last `},{` held is often in a string.
		const tricky = Array.from({ length: 400 }, (_, i) => ({ RowId: i, Tail: `x},{` }));
		const bytes = body(tricky);
		for (const chunk of [5, 64, 300]) {
			const parsed = collect(bytes, chunk, { batchBytes: 512 });
			expect(parsed.tables[0].rows).toEqual(tricky);
			expect(parsed.tables[0].rowCount).toBe(400);
		}
	});

	it('scans a body written with space between rows, and finds the same rows', () => {
		const bytes = Buffer.from(JSON.stringify({ Results: rows }, null, 2), 'utf8');
		const parsed = collect(bytes, 100, { batchBytes: 1024 });
		expect(parsed.tables[0].rows).toEqual(rows);
		expect(parsed.unscannedRows).toBe(0);
	});

	it.each([
		['a row that is not an object', '5', 'row 301 of table "Results" is not an object'],
		['a row that is a list', '[1,2]', 'row 301 of table "Results" is not an object'],
		['a row that is not valid JSON', '{"RowId":tru}', 'rows of table "Results" are not valid JSON'],
	])('refuses %s as the scan does, with its row number', (_, bad, problem) => {
		const text = JSON.stringify(rows.slice(0, 300)).slice(0, -1);
		const rest = JSON.stringify(rows.slice(300)).slice(1);
		const bytes = Buffer.from(`{"Results":${text},${bad},${rest}}`, 'utf8');
		for (const chunk of [7, 4096]) {
			const parsed = collect(bytes, chunk, { batchBytes: 1024 });
			const scanned = collect(bytes, chunk, { batchBytes: 1024, scanning: true });
			expect(parsed.error).toContain(problem);
			expect(scanned.error).toContain(problem);
		}
	});

	it('keeps exact digits on request', () => {
		const big = Array.from(
			{ length: 200 },
			(_, i) => `{"Id":1234567890123456789${i % 10},"i":${i}}`,
		);
		const bytes = Buffer.from(`{"Results":[${big.join(',')}]}`, 'utf8');
		const parsed = collect(bytes, 256, { batchBytes: 512, preciseNumbers: true });
		expect(parsed.unscannedRows).toBeGreaterThan(0);
		expect(parsed.tables[0].rows[7]).toEqual({ Id: '12345678901234567897', i: 7 });
		expect(parsed.tables[0].rows).toHaveLength(200);
	});

	it('does not parse to find rows under a row limit, and stops reading at the limit', () => {
		const sink = new RowCollector({ wanted: () => true, shape: 'asIs', rowLimit: 250 });
		const reader = new DataSetReader(sink, 'the adapter', { batchBytes: 1024 });
		const bytes = body(rows);
		let pushed = 0;
		for (; pushed < bytes.length && reader.wantsMore; pushed += 100)
			reader.push(bytes.subarray(pushed, pushed + 100));
		expect(reader.unscannedRows).toBe(0);
		expect(pushed).toBeLessThan(bytes.length);
		expect(sink.dataTable(sink.tables[0]).rows).toEqual(rows.slice(0, 250));
	});

	it('stops reading at a size budget met inside a parsed batch', () => {
		const sink = new RowCollector({
			wanted: () => true,
			shape: 'asIs',
			budget: { bytes: 10_000, measure: (row) => JSON.stringify(row).length },
		});
		const reader = new DataSetReader(sink, 'the adapter', { batchBytes: 4096 });
		const bytes = body(rows);
		let pushed = 0;
		for (; pushed < bytes.length && reader.wantsMore; pushed += 1000)
			reader.push(bytes.subarray(pushed, pushed + 1000));
		expect(reader.unscannedRows).toBeGreaterThan(0);
		expect(pushed).toBeLessThan(bytes.length / 2);
		const kept = sink.dataTable(sink.tables[0]).rows;
		expect(kept).toEqual(rows.slice(0, kept.length));
		expect(sink.limitedBy).toBe('size');
	});

	describe('a CSV file, whose writer reads every row', () => {
		/** A CSV FileCollector that does not take unscanned bytes: the reader then scans every byte. */
		class ScanningFileCollector extends FileCollector {
			get takesRowBytes(): boolean {
				return false;
			}
		}

		function csvOf(bytes: Buffer, chunk: number, scanning: boolean, batchBytes = 2048) {
			const settings = { wanted: () => true, shape: 'asIs' as const };
			const collector = scanning
				? new ScanningFileCollector(settings, 'csv')
				: new FileCollector(settings, 'csv');
			const reader = new DataSetReader(collector, 'the adapter', { batchBytes });
			let error: string | undefined;
			try {
				for (let at = 0; at < bytes.length; at += chunk)
					reader.push(bytes.subarray(at, at + chunk));
				reader.finish();
			} catch (caught) {
				expect(caught).toBeInstanceOf(OneStreamError);
				error = (caught as Error).message;
			}
			return {
				content: error ? '' : collector.content(collector.tables[0]).toString('utf8'),
				rowCounts: collector.tables.map((info) => info.rowCount),
				error,
				unscannedRows: reader.unscannedRows,
			};
		}

		it.each([1, 7, 333, 4096, 1 << 20])(
			'writes the file of the scan, from rows it mostly did not scan (chunks of %i bytes)',
			(chunk) => {
				const bytes = body(rows, ',"Status":"Completed","Second":[{"b":2},{"b":3}]');
				const unscanned = csvOf(bytes, chunk, false);
				const scanned = csvOf(bytes, chunk, true);
				expect(unscanned.error).toBeUndefined();
				expect(unscanned).toEqual({ ...scanned, unscannedRows: unscanned.unscannedRows });
				expect(unscanned.rowCounts).toEqual([600, 2]);
				expect(scanned.unscannedRows).toBe(0);
				expect(unscanned.unscannedRows).toBeGreaterThan(rows.length / 2);
			},
		);

		it('turns invalid UTF-8 into U+FFFD in rows it did not scan', () => {
			const valid = body(rows.slice(0, 100));
			const at = valid.indexOf('Zürich') + 1;
			const bytes = Buffer.from(valid);
			bytes[at] = 0xff;
			const unscanned = csvOf(bytes, 512, false, 1024);
			expect(unscanned.unscannedRows).toBeGreaterThan(0);
			expect(unscanned.content).toBe(csvOf(bytes, 512, true, 1024).content);
			expect(unscanned.content).toContain('Z\ufffd\ufffdrich');
		});

		it.each([
			['a row that is not an object', '5'],
			['a row that is not valid JSON', '{"RowId":tru}'],
			['rows without a comma between them', '{"RowId":0}{"RowId":1}'],
		])('refuses %s as the scan does', (_, bad) => {
			const text = JSON.stringify(rows.slice(0, 300)).slice(0, -1);
			const rest = JSON.stringify(rows.slice(300)).slice(1);
			const bytes = Buffer.from(`{"Results":${text},${bad},${rest}}`, 'utf8');
			for (const chunk of [7, 4096]) {
				const unscanned = csvOf(bytes, chunk, false, 1024);
				const scanned = csvOf(bytes, chunk, true, 1024);
				expect(unscanned.error).toBeDefined();
				expect(scanned.error).toBeDefined();
				expect(unscanned.error?.split(':')[0]).toBe(scanned.error?.split(':')[0]);
			}
		});
	});
});
