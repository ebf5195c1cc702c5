/**
 * Data → Get Cube View: flattening on and off, the title option, one table per cube-view row.
 * Expected rows are built from the stand-in's cube-view definition, not from the node's code.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CubeViewRow, StandIn } from '../../../../standin/index.cjs';
import { sampleData, VALID_PAT } from '../../../../standin/index.cjs';
import { binaryContent, runOneStreamNode } from '../../../../support/harness.cjs';
import {
	APPLICATION,
	applicationByName,
	credentialsFor,
	expectOneStreamHeaders,
	jsonOf,
	nodeErrorMessage,
	onlyRequestTo,
	pairedIndexes,
	startTestStandIn,
} from '../../../../support/standIn.cjs';

const ENDPOINT = 'DataProvider/GetAdoDataSetForCubeViewCommand';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

/** What the stand-in's Income_Statement produces for these variables: headers, rows and title. */
function incomeStatement(variables: Record<string, string>) {
	const application = sampleData().applications.find((candidate) => candidate.name === APPLICATION);
	const cubeView = application?.cubeViews.find(
		(candidate) => candidate.name === 'Income_Statement',
	);
	if (!cubeView) throw new Error('the stand-in has no Income_Statement');
	const context = {
		application: APPLICATION,
		substitutionVariables: variables,
		resultTableName: 'Results',
	};
	return {
		columns: cubeView.columns(context),
		rows: [...cubeView.rows(context)],
		title: cubeView.title(context),
	};
}

/** The flattened row as the issue describes it: Row, Indent, then one field per column header. */
function flattened(row: CubeViewRow, columns: string[]): IDataObject {
	const out: IDataObject = { Row: row.nameAndDesc, Indent: row.indent };
	columns.forEach((header, index) => {
		out[header] = row.values[index] ?? null;
	});
	return out;
}

/** The positional layout OneStream sends. */
function positional(row: CubeViewRow, columns: string[]): IDataObject {
	const out: IDataObject = { RowHdr0NameAndDesc: row.nameAndDesc, RowHdr0Indent: row.indent };
	columns.forEach((header, index) => {
		out[`Col${index}Hdr0NameAndDesc`] = header;
		out[`Col${index}Value`] = row.values[index] ?? null;
	});
	return out;
}

function cubeViewParameters(extra: Record<string, unknown> = {}) {
	return {
		resource: 'data',
		operation: 'getCubeView',
		applicationName: applicationByName(),
		cubeViewName: 'Income_Statement',
		substitutionVariables: {
			variable: [
				{ name: 'pEntity', value: 'Acme UK' },
				{ name: 'pScenario', value: 'Budget' },
			],
		},
		...extra,
	};
}

it('sends the documented body and flattens rows into named columns by default', async () => {
	const result = await runOneStreamNode({
		parameters: cubeViewParameters(),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	const request = onlyRequestTo(standIn, ENDPOINT);
	expectOneStreamHeaders(request, VALID_PAT, '5.2.0');
	expect(request.body).toEqual({
		BaseWebServerUrl: `${standIn.url}/OneStreamWeb`,
		ApplicationName: APPLICATION,
		CubeViewName: 'Income_Statement',
		DataTablePerCubeViewRow: false,
		ResultDataTableName: 'Results',
		CustomSubstVarsAsCommaSeparatedPairs: 'pEntity=[Acme UK],pScenario=[Budget]',
		CubeViewDataTableOptions: { IncludeTitle: false },
	});
	const { columns, rows } = incomeStatement({ pEntity: 'Acme UK', pScenario: 'Budget' });
	expect(rows.length).toBeGreaterThan(0);
	expect(jsonOf(result.output)).toEqual(rows.map((row) => flattened(row, columns)));
	// Column order follows the cube view.
	expect(Object.keys(result.output[0].json)).toEqual(['Row', 'Indent', ...columns]);
	expect(new Set(pairedIndexes(result.output))).toEqual(new Set([0]));
});

describe.each([
	['memberName', (header: string) => header.split(' - ')[0]],
	['position', (_header: string, index: number) => `Col${index}`],
] as const)('Column Names %s', (columnNames, nameOf) => {
	it('names the columns so, in items and in CSV and JSON files', async () => {
		const { columns, rows } = incomeStatement({ pEntity: 'Acme UK', pScenario: 'Budget' });
		const names = columns.map((header, index) => nameOf(header, index));
		// The stand-in's headers are "2026M1 - Jan 2026": each naming gives other names.
		expect(names).not.toEqual(columns);
		const expected = rows.map((row) => flattened(row, names));

		const items = await runOneStreamNode({
			parameters: cubeViewParameters({ columnNames }),
			credentials: credentialsFor(standIn),
		});
		expect(jsonOf(items.output)).toEqual(expected);
		expect(Object.keys(items.output[0].json)).toEqual(['Row', 'Indent', ...names]);

		const json = await runOneStreamNode({
			parameters: cubeViewParameters({ columnNames, output: 'file', fileFormat: 'json' }),
			credentials: credentialsFor(standIn),
		});
		const jsonFile = json.output[0].binary?.data;
		expect(JSON.parse((await binaryContent(jsonFile!)).toString('utf8'))).toEqual(expected);

		const csv = await runOneStreamNode({
			parameters: cubeViewParameters({ columnNames, output: 'file' }),
			credentials: credentialsFor(standIn),
		});
		const csvFile = csv.output[0].binary?.data;
		const [headerLine] = (await binaryContent(csvFile!)).toString('utf8').split('\r\n');
		expect(headerLine).toBe(['Row', 'Indent', ...names].join(','));
	});
});

it('keeps the positional layout when flattening is off', async () => {
	const result = await runOneStreamNode({
		parameters: cubeViewParameters({ flatten: false }),
		credentials: credentialsFor(standIn),
	});
	const { columns, rows } = incomeStatement({ pEntity: 'Acme UK', pScenario: 'Budget' });
	expect(jsonOf(result.output)).toEqual(rows.map((row) => positional(row, columns)));
});

it('asks for the title and keeps it as a column', async () => {
	const result = await runOneStreamNode({
		parameters: cubeViewParameters({ options: { includeTitle: true } }),
		credentials: credentialsFor(standIn),
	});
	expect(
		(onlyRequestTo(standIn, ENDPOINT).body as { CubeViewDataTableOptions: unknown })
			.CubeViewDataTableOptions,
	).toEqual({ IncludeTitle: true });
	const { columns, rows, title } = incomeStatement({ pEntity: 'Acme UK', pScenario: 'Budget' });
	expect(jsonOf(result.output)).toEqual(
		rows.map((row) => ({ ...flattened(row, columns), Title: title })),
	);
});

it('returns one table per cube-view row with the Tables option set to All Tables, each row tagged with its table', async () => {
	const result = await runOneStreamNode({
		parameters: cubeViewParameters({
			resultTableName: 'CV',
			options: { dataTablePerCubeViewRow: true, tables: 'all' },
		}),
		credentials: credentialsFor(standIn),
	});
	expect(
		(onlyRequestTo(standIn, ENDPOINT).body as { DataTablePerCubeViewRow: unknown })
			.DataTablePerCubeViewRow,
	).toBe(true);
	const { columns, rows } = incomeStatement({ pEntity: 'Acme UK', pScenario: 'Budget' });
	// The stand-in names the tables CV, CV1, CV2, … (ADO.NET style).
	expect(jsonOf(result.output)).toEqual(
		rows.map((row, index) => ({
			_table: index === 0 ? 'CV' : `CV${index}`,
			...flattened(row, columns),
		})),
	);
});

it('returns one item per table with One Item per Table', async () => {
	const result = await runOneStreamNode({
		parameters: cubeViewParameters({
			output: 'table',
			options: { dataTablePerCubeViewRow: true, tables: 'all' },
		}),
		credentials: credentialsFor(standIn),
	});
	const { columns, rows } = incomeStatement({ pEntity: 'Acme UK', pScenario: 'Budget' });
	expect(jsonOf(result.output)).toEqual(
		rows.map((row, index) => ({
			table: index === 0 ? 'Results' : `Results${index}`,
			rowCount: 1,
			rows: [flattened(row, columns)],
		})),
	);
	expect(pairedIndexes(result.output)).toEqual(rows.map(() => 0));
});

it('names one file per table after the cube view and the table', async () => {
	const result = await runOneStreamNode({
		parameters: cubeViewParameters({
			output: 'file',
			options: { dataTablePerCubeViewRow: true, tables: 'all' },
		}),
		credentials: credentialsFor(standIn),
	});
	const { rows } = incomeStatement({ pEntity: 'Acme UK', pScenario: 'Budget' });
	expect(result.output.map((item) => item.json.fileName)).toEqual(
		rows.map((_, index) => `Income_Statement-${index === 0 ? 'Results' : `Results${index}`}.csv`),
	);
});

it('returns only the result table when one table per row comes back and Tables is Result Table Only', async () => {
	const result = await runOneStreamNode({
		parameters: cubeViewParameters({ options: { dataTablePerCubeViewRow: true } }),
		credentials: credentialsFor(standIn),
	});
	const { columns, rows } = incomeStatement({ pEntity: 'Acme UK', pScenario: 'Budget' });
	expect(jsonOf(result.output)).toEqual([flattened(rows[0], columns)]);
});

it('names an unknown cube view with the server text (400)', async () => {
	const result = await runOneStreamNode({
		parameters: cubeViewParameters({ cubeViewName: 'Balance_Sheet' }),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain("Invalid Cube View name 'Balance_Sheet'.");
});

describe("OneStream's digits", () => {
	// A cube view whose values a JavaScript number would change: a trailing zero, an overflow, a
	// 17-digit amount.
	const BODY = JSON.stringify({ Results: [] }).replace(
		'[]',
		'[{"RowHdr0NameAndDesc":"Sales","RowHdr0Indent":0,"Col0Hdr0NameAndDesc":"2026M1","Col0Value":3302363.50,"Col1Hdr0NameAndDesc":"2026M2","Col1Value":1E400},' +
			'{"RowHdr0NameAndDesc":"Costs","RowHdr0Indent":1,"Col0Hdr0NameAndDesc":"2026M1","Col0Value":12345678901234567.25,"Col1Hdr0NameAndDesc":"2026M2","Col1Value":-0.10}]',
	);

	beforeEach(() => {
		standIn.addFault({
			endpoint: ENDPOINT,
			fault: { kind: 'raw', status: 200, contentType: 'application/json', body: BODY },
		});
	});

	it.each([
		[
			'csv',
			'Row,Indent,2026M1,2026M2\r\nSales,0,3302363.50,1E400\r\nCosts,1,12345678901234567.25,-0.10\r\n',
		],
		[
			'json',
			'[{"Row":"Sales","Indent":0,"2026M1":3302363.50,"2026M2":1E400},{"Row":"Costs","Indent":1,"2026M1":12345678901234567.25,"2026M2":-0.10}]',
		],
	])('a flattened cube view as a %s file keeps them exactly', async (fileFormat, expected) => {
		const result = await runOneStreamNode({
			parameters: {
				resource: 'data',
				operation: 'getCubeView',
				applicationName: applicationByName(),
				cubeViewName: 'Income_Statement',
				output: 'file',
				fileFormat,
			},
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		const binary = result.output[0].binary?.data;
		expect(binary).toBeDefined();
		expect((await binaryContent(binary!)).toString('utf8')).toBe(expected);
	});

	it('as items, with "Keep Exact Digits of Large Numbers", the numbers a JavaScript number cannot hold become text', async () => {
		const result = await runOneStreamNode({
			parameters: {
				resource: 'data',
				operation: 'getCubeView',
				applicationName: applicationByName(),
				cubeViewName: 'Income_Statement',
				options: { preciseNumbers: true },
			},
			credentials: credentialsFor(standIn),
		});
		expect(jsonOf(result.output)).toEqual([
			{ Row: 'Sales', Indent: 0, '2026M1': 3302363.5, '2026M2': '1E400' },
			{ Row: 'Costs', Indent: 1, '2026M1': '12345678901234567.25', '2026M2': -0.1 },
		]);
	});

	it('as items without it, they are JavaScript numbers (1E400 becomes Infinity, then null in JSON)', async () => {
		const result = await runOneStreamNode({
			parameters: {
				resource: 'data',
				operation: 'getCubeView',
				applicationName: applicationByName(),
				cubeViewName: 'Income_Statement',
			},
			credentials: credentialsFor(standIn),
		});
		const rows = jsonOf(result.output);
		expect(rows[0]['2026M2']).toBe(Infinity);
		expect(rows[1]['2026M1']).toBe(12345678901234568);
	});
});
