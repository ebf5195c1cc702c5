/**
 * The CSV file Cube › Get Data Cells should write for a set of filters, computed here from the
 * stand-in's cell generator with a plain CSV writer (RFC 4180, CRLF; no value needs quoting), so
 * that tests can compare the node's file byte for byte.
 */
import { CELL_DIMENSION_NAMES, cellSet, resolveFilter } from '../standin/cube.cjs';

export interface CellFilters {
	timeFilter: string;
	entityFilter: string;
	accountFilter: string;
	ud1Filter?: string;
	ud2Filter?: string;
}

export function expectedCellsCsv(
	filters: CellFilters,
	cube = 'AcmeCorp',
	scenario = 'Actual',
): Buffer {
	const given: Partial<Record<(typeof CELL_DIMENSION_NAMES)[number], string>> = {
		Entity: filters.entityFilter,
		Time: filters.timeFilter,
		Account: filters.accountFilter,
		Origin: 'Top',
		UD1: filters.ud1Filter,
		UD2: filters.ud2Filter,
	};
	const members = Object.fromEntries(
		CELL_DIMENSION_NAMES.map((d) => [d, resolveFilter(d, given[d] ?? 'None')]),
	) as Parameters<typeof cellSet>[0]['members'];
	const cells = cellSet({
		cube,
		scenario,
		currency: 'Local',
		view: 'Periodic',
		descriptions: false,
		members,
	});
	const header = Object.keys(cells.rowAt(0));
	const parts = [`${header.join(',')}\r\n`];
	for (let i = 0; i < cells.count; i++) {
		const row = cells.rowAt(i);
		parts.push(`${header.map((column) => String(row[column] ?? '')).join(',')}\r\n`);
	}
	return Buffer.from(parts.join(''), 'utf8');
}
