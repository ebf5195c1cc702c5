/**
 * Correctness at scale (issue 4): a million-row export converted exactly, checked by checksums of
 * output computed independently from the stand-in's row generators.
 */
import { createHash } from 'node:crypto';

import { request } from 'undici';

import { DataSetReader } from '../../nodes/OneStream/dataSet/reader';
import { RowCollector } from '../../nodes/OneStream/dataSet/sinks';
import type { DataRow, RowShape } from '../../nodes/OneStream/dataSet/types';
import type { StandIn } from '../standin/index.cjs';
import { bigCubeViewRow, bigExportRow, startStandIn, VALID_PAT } from '../standin/index.cjs';
import { BIG_CUBE_VIEW_COLUMNS } from '../standin/data.cjs';
import { binaryContent, runOneStreamNode } from '../support/harness.cjs';
import { expectedCsvField } from '../support/csv.cjs';

const MILLION = 1_000_000;
const APPLICATION = { __rl: true, mode: 'name', value: 'AcmeConsolidation' };

let standIn: StandIn;
beforeAll(async () => {
	standIn = await startStandIn();
});
afterAll(async () => {
	await standIn.close();
});

function sha256(...parts: Array<string | Buffer>): string {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part);
	return hash.digest('hex');
}

/** The CSV the node must write for `rows` Big_Export rows, built without any of the node's code. */
function expectedBigExportCsvHash(rows: number): string {
	const hash = createHash('sha256');
	const columns = Object.keys(bigExportRow(0));
	hash.update(`${columns.map(expectedCsvField).join(',')}\r\n`);
	let pending: string[] = [];
	for (let i = 0; i < rows; i++) {
		const row = bigExportRow(i);
		pending.push(`${columns.map((column) => expectedCsvField(row[column])).join(',')}\r\n`);
		if (pending.length === 10_000) {
			hash.update(pending.join(''));
			pending = [];
		}
	}
	hash.update(pending.join(''));
	return hash.digest('hex');
}

/** Streams a stand-in DataSet through the node's reader and row collector, as the transport does. */
async function collectRows(
	body: Record<string, unknown>,
	shape: RowShape = 'asIs',
): Promise<DataRow[]> {
	const response = await request(
		`${standIn.apiRoot}/api/${String(body.endpoint)}?api-version=5.2.0`,
		{
			method: 'POST',
			headers: { authorization: `Bearer ${VALID_PAT}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				...body,
				endpoint: undefined,
				BaseWebServerUrl: standIn.webServerUrl,
				ApplicationName: 'AcmeConsolidation',
			}),
		},
	);
	expect(response.statusCode).toBe(200);
	const collector = new RowCollector({ wanted: (name) => name === 'Results', shape });
	const reader = new DataSetReader(collector, 'the test');
	for await (const chunk of response.body) reader.push(chunk as Buffer);
	reader.finish();
	return collector.dataTable(collector.tables[0]).rows;
}

test('1,000,000 rows to a CSV file through the node: byte-exact (SHA-256)', async () => {
	const result = await runOneStreamNode({
		parameters: {
			resource: 'data',
			operation: 'getDataAdapter',
			applicationName: APPLICATION,
			adapterName: 'Big_Export',
			resultTableName: 'Results',
			substitutionVariables: { variable: [{ name: 'pRows', value: String(MILLION) }] },
			output: 'file',
			fileFormat: 'csv',
		},
		credentials: { baseUrl: standIn.url, personalAccessToken: VALID_PAT },
	});
	expect(result.status).toBe('success');
	expect(result.output).toHaveLength(1);
	expect(result.output[0].json).toMatchObject({
		table: 'Results',
		rowCount: MILLION,
		fileName: 'Big_Export.csv',
	});
	const binary = result.output[0].binary?.data;
	expect(binary).toBeDefined();
	const content = await binaryContent(binary!);
	expect(sha256(content)).toBe(expectedBigExportCsvHash(MILLION));
}, 600_000);

test('1,000,000 rows to items: every value exact (SHA-256 of the rows in order)', async () => {
	const rows = await collectRows({
		endpoint: 'DataProvider/GetAdoDataSetForAdapter',
		WorkspaceName: 'Default',
		AdapterName: 'Big_Export',
		ResultDataTableName: 'Results',
		CustomSubstVarsAsCommaSeparatedPairs: `pRows=[${MILLION}]`,
	});
	expect(rows).toHaveLength(MILLION);
	const actual = createHash('sha256');
	const expected = createHash('sha256');
	for (let i = 0; i < MILLION; i++) {
		actual.update(JSON.stringify(rows[i]));
		expected.update(JSON.stringify(bigExportRow(i)));
	}
	expect(actual.digest('hex')).toBe(expected.digest('hex'));
}, 600_000);

test('1,000,000 cube-view rows flattened: every value exact, in order', async () => {
	const rows = await collectRows(
		{
			endpoint: 'DataProvider/GetAdoDataSetForCubeViewCommand',
			CubeViewName: 'Big_CubeView',
			DataTablePerCubeViewRow: false,
			ResultDataTableName: 'Results',
			CustomSubstVarsAsCommaSeparatedPairs: `pRows=[${MILLION}]`,
		},
		'cubeView',
	);
	expect(rows).toHaveLength(MILLION);
	const actual = createHash('sha256');
	const expected = createHash('sha256');
	for (let i = 0; i < MILLION; i++) {
		actual.update(JSON.stringify(rows[i]));
		const source = bigCubeViewRow(i);
		// The flattened shape, written out by hand: Row, Indent, then one column per header.
		const flat: Record<string, unknown> = { Row: source.nameAndDesc, Indent: source.indent };
		BIG_CUBE_VIEW_COLUMNS.forEach((column, index) => {
			flat[column] = source.values[index];
		});
		expected.update(JSON.stringify(flat));
	}
	expect(actual.digest('hex')).toBe(expected.digest('hex'));
}, 600_000);
