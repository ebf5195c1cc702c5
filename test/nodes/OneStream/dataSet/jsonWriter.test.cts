/** The JSON file writer: an array of the rows, copied from their bytes; cube-view rows flattened. */
import { JsonWriter } from '../../../../nodes/OneStream/dataSet/jsonWriter';
import type { DataRow } from '../../../../nodes/OneStream/dataSet/types';

/** Rows as the reader hands them over: their JSON, comma-separated. */
function rowBytes(rows: DataRow[]): Buffer {
	return Buffer.from(rows.map((row) => JSON.stringify(row)).join(','), 'utf8');
}

function rowsToJson(rows: DataRow[]): Buffer {
	const writer = new JsonWriter();
	if (rows.length > 0) writer.addBatch(rowBytes(rows));
	return writer.toBuffer();
}

function parsed(json: string): DataRow {
	return JSON.parse(json) as DataRow;
}

describe('JsonWriter', () => {
	it('writes a JSON array of the rows', () => {
		const rows: DataRow[] = [
			{ a: 1, b: 'x,"y"' },
			{ c: null, d: { nested: [1, 2] } },
			{ e: 'Zürich 🚀' },
		];
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
		const writer = new JsonWriter();
		writer.addBatch(rowBytes([{ a: 1 }]));
		writer.addBatch(rowBytes([{ b: 2 }, { c: 3 }]));
		expect(writer.toBuffer().toString('utf8')).toBe('[{"a":1},{"b":2},{"c":3}]');
	});

	it("copies the rows' bytes, so numbers keep OneStream's digits", () => {
		const writer = new JsonWriter();
		writer.addBatch(Buffer.from('{"a":3302363.50,"b":1E400}', 'utf8'));
		expect(writer.toBuffer().toString('utf8')).toBe('[{"a":3302363.50,"b":1E400}]');
	});
});

describe('JsonWriter for cube views', () => {
	it('writes flattened rows, each value copied as sent', () => {
		const writer = new JsonWriter('cubeView');
		writer.addBatch(
			Buffer.from(
				'{"RowHdr0NameAndDesc":"Sales","RowHdr0Indent":2,"Col0Hdr0NameAndDesc":"Q1","Col0Value":1.50,"Col1Hdr0NameAndDesc":"Q1","Col1Value":"x\\u00e9"}',
				'utf8',
			),
		);
		const text = writer.toBuffer().toString('utf8');
		expect(text).toBe('[{"Row":"Sales","Indent":2,"Q1":1.50,"Q1 (2)":"x\\u00e9"}]');
		expect(JSON.parse(text)).toEqual([{ Row: 'Sales', Indent: 2, Q1: 1.5, 'Q1 (2)': 'xé' }]);
	});
});
