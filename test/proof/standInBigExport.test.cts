import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';

import { request } from 'undici';

import {
	bigCubeViewRow,
	bigExportRow,
	startStandIn,
	VALID_PAT,
	type StandIn,
} from '../standin/index.cjs';
import { body520, sleep } from '../standin/tests/helpers.cjs';

const MB = 1024 * 1024;
/** JS heap plus Buffers (the stand-in's chunks live outside the heap). */
const memory = () => {
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.external;
};
let standIn: StandIn;
beforeAll(async () => {
	standIn = await startStandIn();
});
afterAll(() => standIn.close());

/**
 * Splits a streamed DataSet `{"<table>":[{row},{row},…]}` into row texts without holding the body:
 * a character scanner that tracks strings and nesting depth.
 */
class RowSplitter {
	private depth = 0;
	private inString = false;
	private escaped = false;
	private row = '';
	tables: string[] = [];
	private key = '';

	constructor(private readonly onRow: (text: string) => void) {}

	push(text: string): void {
		let rowStart = this.depth >= 3 ? 0 : -1;
		for (let i = 0; i < text.length; i++) {
			const c = text[i];
			if (this.inString) {
				if (this.escaped) this.escaped = false;
				else if (c === '\\') this.escaped = true;
				else if (c === '"') this.inString = false;
				else if (this.depth === 1) this.key += c;
				continue;
			}
			if (c === '"') {
				this.inString = true;
				if (this.depth === 1) this.key = '';
			} else if (c === '{' || c === '[') {
				this.depth++;
				if (this.depth === 2) this.tables.push(this.key);
				if (this.depth === 3) rowStart = i;
			} else if (c === '}' || c === ']') {
				this.depth--;
				if (this.depth === 2 && c === '}') {
					this.onRow(this.row + text.slice(rowStart, i + 1));
					this.row = '';
					rowStart = -1;
				}
			}
		}
		if (rowStart !== -1) this.row += text.slice(rowStart);
	}
}

async function postAdapter(
	adapterName: string,
	rows: number,
	endpoint = 'DataProvider/GetAdoDataSetForAdapter',
	nameField = 'AdapterName',
) {
	return request(`${standIn.apiRoot}/api/${endpoint}?api-version=5.2.0`, {
		method: 'POST',
		headers: { authorization: `Bearer ${VALID_PAT}`, 'content-type': 'application/json' },
		body: JSON.stringify(
			body520(standIn, {
				[nameField]: adapterName,
				ResultDataTableName: 'Big',
				CustomSubstVarsAsCommaSeparatedPairs: `pRows=[${rows}]`,
			}),
		),
	});
}

describe('Big_Export streaming', () => {
	it('streams 1,000,000 rows whose checksum matches bigExportRow, without the stand-in holding the body in memory', async () => {
		const ROWS = 1_000_000;
		// Checksum of the bytes as they arrive vs. the bytes recomputed from bigExportRow (compact JSON, like Newtonsoft).
		const actual = createHash('sha256');
		const expected = createHash('sha256');
		expected.update('{"Big":[');
		for (let i = 0; i < ROWS; i++)
			expected.update((i === 0 ? '' : ',') + JSON.stringify(bigExportRow(i)));
		expected.update(']}');
		let tail = '';
		const baseline = memory();
		let peak = baseline;
		let bytes = 0;
		let chunks = 0;

		const response = await postAdapter('Big_Export', ROWS);
		expect(response.statusCode).toBe(200);
		// Streamed: no Content-Length, chunked transfer.
		expect(response.headers['content-length']).toBeUndefined();
		expect(response.headers['transfer-encoding']).toBe('chunked');
		for await (const chunk of response.body) {
			if (!Buffer.isBuffer(chunk)) throw new Error('expected Buffer chunks');
			bytes += chunk.length;
			actual.update(chunk);
			tail = (tail + chunk.toString('latin1')).slice(-2);
			if (++chunks % 32 === 0) peak = Math.max(peak, memory());
		}

		expect(tail).toBe(']}');
		expect(actual.digest('hex')).toBe(expected.digest('hex'));
		expect(bytes).toBeGreaterThan(150 * MB);
		// Loose bound: a body built in memory would add at least its own size (>150 MB) to the heap.
		expect(peak - baseline).toBeLessThan(Math.min(100 * MB, bytes / 2));
	});

	it('streams rows that parse back to bigExportRow, checked row by row over 100,000 rows', async () => {
		const ROWS = 100_000;
		let count = 0;
		let mismatches = 0;
		const splitter = new RowSplitter((text) => {
			if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(bigExportRow(count))) mismatches++;
			count++;
		});
		const response = await postAdapter('Big_Export', ROWS);
		const decoder = new StringDecoder('utf8');
		for await (const chunk of response.body) {
			if (!Buffer.isBuffer(chunk)) throw new Error('expected Buffer chunks');
			splitter.push(decoder.write(chunk));
		}
		splitter.push(decoder.end());
		expect(splitter.tables).toEqual(['Big']);
		expect(count).toBe(ROWS);
		expect(mismatches).toBe(0);
	});

	it('respects backpressure: a client that stops reading does not make the stand-in buffer the rest', async () => {
		const baseline = memory();
		const response = await postAdapter('Big_Export', 2_000_000);
		expect(response.statusCode).toBe(200);
		const iterator = response.body[Symbol.asyncIterator]();
		const first = await iterator.next();
		expect(first.done).toBe(false);
		// Without backpressure the stand-in would now serialise all ~400 MB as fast as it can.
		await sleep(1500);
		const growth = memory() - baseline;
		response.body.destroy();
		expect(growth).toBeLessThan(64 * MB);
	});

	it('parses a smaller export fully and every row equals bigExportRow', async () => {
		const response = await postAdapter('Big_Export', 5000);
		const body: unknown = await response.body.json();
		expect(body).toEqual({ Big: Array.from({ length: 5000 }, (_, i) => bigExportRow(i)) });
	});
});

describe('Big_CubeView streaming', () => {
	it('streams generated cube-view rows in the positional layout', async () => {
		const ROWS = 100_000;
		let count = 0;
		let mismatches = 0;
		const splitter = new RowSplitter((text) => {
			const row: unknown = JSON.parse(text);
			const expected = bigCubeViewRow(count);
			const layout: Record<string, unknown> = {
				RowHdr0NameAndDesc: expected.nameAndDesc,
				RowHdr0Indent: expected.indent,
			};
			expected.values.forEach((value, n) => {
				layout[`Col${n}Hdr0NameAndDesc`] =
					`2026M${n + 1} - ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'][n]} 2026`;
				layout[`Col${n}Value`] = value;
			});
			if (JSON.stringify(row) !== JSON.stringify(layout)) mismatches++;
			count++;
		});
		const response = await postAdapter(
			'Big_CubeView',
			ROWS,
			'DataProvider/GetAdoDataSetForCubeViewCommand',
			'CubeViewName',
		);
		expect(response.statusCode).toBe(200);
		const decoder = new StringDecoder('utf8');
		for await (const chunk of response.body) {
			if (!Buffer.isBuffer(chunk)) throw new Error('expected Buffer chunks');
			splitter.push(decoder.write(chunk));
		}
		expect(count).toBe(ROWS);
		expect(mismatches).toBe(0);
	});
});
