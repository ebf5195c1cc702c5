/** File names file drops accept, and rows in memory as CSV or JSON through the read's writers. */
import { fileFromRows, mimeTypeOf, safeFileName } from '../../../../nodes/OneStream/dataSet/files';

it('replaces the characters Windows, SharePoint and S3 refuse, and never returns an empty name', () => {
	expect(safeFileName('Journal_Lines-2026-03-01T10:02:00')).toBe(
		'Journal_Lines-2026-03-01T10_02_00',
	);
	expect(safeFileName('a/b\\c*?"<>|')).toBe('a_b_c______');
	expect(safeFileName(' ..hidden.. ')).toBe('hidden');
	expect(safeFileName('...')).toBe('Results');
});

it('writes rows as CSV (header from the columns, quoted where needed) in batches', () => {
	const rows = Array.from({ length: 2500 }, (_, i) => ({ Id: i, Memo: i === 3 ? 'a, "b"' : 'x' }));
	const csv = fileFromRows(rows, 'csv').toString('utf8').split('\r\n');
	expect(csv[0]).toBe('Id,Memo');
	expect(csv[4]).toBe('3,"a, ""b"""');
	expect(csv).toHaveLength(2502);
	expect(csv[2500]).toBe('2499,x');
});

it('writes rows as a JSON array that parses back to the same rows', () => {
	const rows = [
		{ Id: 1, Note: null, Ok: true },
		{ Id: 2, Note: 'é', Ok: false },
	];
	expect(JSON.parse(fileFromRows(rows, 'json').toString('utf8'))).toEqual(rows);
	expect(fileFromRows([], 'json').toString('utf8')).toBe('[]');
	expect(mimeTypeOf('csv')).toBe('text/csv');
	expect(mimeTypeOf('json')).toBe('application/json');
});
