/**
 * Cube → Get Data Cells at size: 1,000,000 cells (5 entities × 4 accounts × 10 months × 1,000
 * products × 5 channels) in 10 envelope pages of 100,000, through n8n's engine and real HTTP, to
 * one CSV file. The file must equal, byte for byte, the CSV written here independently from the
 * stand-in's cell generator; its SHA-256 is printed.
 */
import { createHash } from 'node:crypto';

import type { StandIn } from '../standin/index.cjs';
import { expectedCellsCsv } from '../support/cells.cjs';
import { binaryContent, runOneStreamNode } from '../support/harness.cjs';
import {
	applicationByName,
	credentialsFor,
	requestsTo,
	startTestStandIn,
} from '../support/standIn.cjs';

const MONTHS = Array.from({ length: 10 }, (_, i) => `2026M${i + 1}`).join(', ');

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn({ analytics: { pageRows: 100_000 } });
});

afterAll(async () => {
	await standIn.close();
});

it("1,000,000 cells in 10 pages to one CSV file: byte for byte the generator's cells, once each", async () => {
	const started = Date.now();
	const result = await runOneStreamNode({
		parameters: {
			resource: 'cube',
			operation: 'getDataCells',
			applicationName: applicationByName(),
			cubeName: 'AcmeCorp',
			scenario: 'Actual',
			timeFilter: MONTHS,
			entityFilter: 'Total_Acme.Base',
			accountFilter: 'NetIncome.Base',
			udFilters: { ud1Filter: 'Total_Products.Base', ud2Filter: 'Total_Channels.Base' },
			output: 'file',
			fileFormat: 'csv',
		},
		credentials: credentialsFor(standIn),
	});
	const ms = Date.now() - started;
	expect(result.status).toBe('success');
	const pages = requestsTo(standIn, 'Analytics/GetDataRequest').map((request) =>
		new URL(request.rawPath, 'http://x').searchParams.get('page'),
	);
	expect(pages).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10']);
	const [file] = result.output;
	expect(file.json).toMatchObject({
		table: 'DataCells',
		rowCount: 1_000_000,
		fileName: 'AcmeCorp-DataCells.csv',
	});
	const binary = file.binary?.data;
	expect(binary).toBeDefined();
	const content = binary ? await binaryContent(binary) : Buffer.alloc(0);
	const expected = expectedCellsCsv({
		timeFilter: MONTHS,
		entityFilter: 'Total_Acme.Base',
		accountFilter: 'NetIncome.Base',
		ud1Filter: 'Total_Products.Base',
		ud2Filter: 'Total_Channels.Base',
	});
	const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
	console.log(
		`Get Data Cells: 1,000,000 cells in 10 pages to CSV in ${ms} ms: ${content.length} bytes, SHA-256 ${sha256(content)} (expected ${sha256(expected)})`,
	);
	expect(content.length).toBe(expected.length);
	expect(sha256(content)).toBe(sha256(expected));
}, 600_000);
