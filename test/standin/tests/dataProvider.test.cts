import { bigCubeViewRow, bigExportRow, startStandIn, type StandIn } from '../index.cjs';
import { factRows } from '../data.cjs';
import { asObject, asRows, body520, call, tableRows } from './helpers.cjs';

let standIn: StandIn;
beforeAll(async () => {
	standIn = await startStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const adapter = (extra: Record<string, unknown>) =>
	call(
		standIn,
		'DataProvider/GetAdoDataSetForAdapter',
		body520(standIn, { WorkspaceName: 'Default', ...extra }),
	);
const cubeView = (extra: Record<string, unknown>) =>
	call(standIn, 'DataProvider/GetAdoDataSetForCubeViewCommand', body520(standIn, extra));
const sql = (extra: Record<string, unknown>) =>
	call(
		standIn,
		'DataProvider/GetAdoDataSetForSqlCommand',
		body520(standIn, { ResultDataTableName: 'Results', ...extra }),
	);
const method = (extra: Record<string, unknown>) =>
	call(
		standIn,
		'DataProvider/GetAdoDataSetForMethodCommand',
		body520(standIn, { ResultDataTableName: 'R', ...extra }),
	);

describe('GetAdoDataSetForAdapter (5.2.0)', () => {
	it('answers a DataSet keyed by ResultDataTableName with every GL_Export row', async () => {
		const result = await adapter({ AdapterName: 'GL_Export', ResultDataTableName: 'Results' });
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
		const body = asObject(result.json());
		expect(Object.keys(body)).toEqual(['Results']);
		const rows = asRows(body.Results);
		expect(rows).toEqual(factRows());
		expect(Object.keys(rows[0])).toEqual([
			'Entity',
			'Account',
			'Scenario',
			'Time',
			'Amount',
			'Currency',
			'Comment',
		]);
		expect(rows.some((r) => r.Comment === null)).toBe(true);
	});

	it('uses the table name "Table" when ResultDataTableName is absent (invented default)', async () => {
		const result = await adapter({ AdapterName: 'GL_Export' });
		expect(Object.keys(asObject(result.json()))).toEqual(['Table']);
	});

	it('filters by pScenario, pTime and pEntity, in either substitution form', async () => {
		const result = await adapter({
			AdapterName: 'GL_Export',
			ResultDataTableName: 'R',
			CustomSubstVarsAsCommaSeparatedPairs:
				'pScenario=[Budget],pTime=[2026M2],pEntity=[Acme Österreich]',
		});
		const rows = tableRows(result, 'R');
		expect(rows).toHaveLength(5);
		expect(
			rows.every(
				(r) =>
					r.Scenario === 'Budget' &&
					r.Time === '2026M2' &&
					r.Entity === 'Acme Österreich' &&
					r.Currency === 'EUR',
			),
		).toBe(true);
		const unbracketed = await adapter({
			AdapterName: 'GL_Export',
			ResultDataTableName: 'R',
			CustomSubstVarsAsCommaSeparatedPairs: 'pTime=2026M1',
		});
		expect(tableRows(unbracketed, 'R')).toHaveLength(50);
	});

	it('answers 500 for an unknown member in a parameter', async () => {
		const result = await adapter({
			AdapterName: 'GL_Export',
			CustomSubstVarsAsCommaSeparatedPairs: 'pEntity=[Acme FR]',
		});
		expect(result.status).toBe(500);
		expect(result.json()).toEqual({
			Message: "Error processing 'GL_Export'.",
			Detail: "Invalid Entity member name 'Acme FR'.",
		});
	});

	it('answers Big_Export rows from pRows (default 1000) that match bigExportRow', async () => {
		const small = tableRows(
			await adapter({
				AdapterName: 'Big_Export',
				ResultDataTableName: 'Big',
				CustomSubstVarsAsCommaSeparatedPairs: 'pRows=[25]',
			}),
			'Big',
		);
		expect(small).toEqual(Array.from({ length: 25 }, (_, i) => bigExportRow(i)));
		const byDefault = tableRows(
			await adapter({ AdapterName: 'Big_Export', ResultDataTableName: 'Big' }),
			'Big',
		);
		expect(byDefault).toHaveLength(1000);
		expect(byDefault[999]).toEqual(bigExportRow(999));
		const none = await adapter({
			AdapterName: 'Big_Export',
			ResultDataTableName: 'Big',
			CustomSubstVarsAsCommaSeparatedPairs: 'pRows=0',
		});
		expect(none.json()).toEqual({ Big: [] });
	});

	it('answers 500 with the .NET FormatException text for a bad pRows', async () => {
		const result = await adapter({
			AdapterName: 'Big_Export',
			CustomSubstVarsAsCommaSeparatedPairs: 'pRows=[lots]',
		});
		expect(result.status).toBe(500);
		expect(asObject(result.json()).Detail).toBe('Input string was not in a correct format.');
	});

	it('finds system-level adapters only with IsSystemLevel', async () => {
		expect((await adapter({ AdapterName: 'System_Users' })).status).toBe(400);
		const rows = tableRows(
			await adapter({ AdapterName: 'System_Users', IsSystemLevel: true, ResultDataTableName: 'U' }),
			'U',
		);
		expect(rows.map((r) => r.Name)).toContain('svc_n8n');
		expect((await adapter({ AdapterName: 'GL_Export', IsSystemLevel: 'True' })).status).toBe(400);
		expect((await adapter({ AdapterName: 'GL_Export', IsSystemLevel: 'False' })).status).toBe(200);
		expect((await adapter({ AdapterName: 'GL_Export', IsSystemLevel: 'maybe' })).status).toBe(400);
	});

	it('serves the same adapters in AcmeConsolidation_Test', async () => {
		const result = await adapter({
			ApplicationName: 'AcmeConsolidation_Test',
			AdapterName: 'GL_Export',
			CustomSubstVarsAsCommaSeparatedPairs: 'pTime=[2026M6],pEntity=[Acme US]',
		});
		expect(tableRows(result, 'Table')).toHaveLength(10);
	});
});

describe('GetAdoDataSetForCubeViewCommand', () => {
	it('answers the positional layout: RowHdr0NameAndDesc, RowHdr0Indent, Col{N}Hdr0NameAndDesc, Col{N}Value', async () => {
		const result = await cubeView({
			CubeViewName: 'Income_Statement',
			DataTablePerCubeViewRow: false,
			ResultDataTableName: 'IS',
			CustomSubstVarsAsCommaSeparatedPairs: 'pEntity=[Acme UK],pScenario=[Actual]',
			CubeViewDataTableOptions: { IncludeTitle: false },
		});
		expect(result.status).toBe(200);
		const rows = tableRows(result, 'IS');
		expect(rows.map((r) => [r.RowHdr0NameAndDesc, r.RowHdr0Indent])).toEqual([
			['Sales - Net Sales', 2],
			['COGS - Cost of Goods Sold', 2],
			['GrossMargin - Gross Margin', 1],
			['Opex - Operating Expenses', 1],
			['NetIncome - Net Income', 0],
		]);
		const keys = [
			'RowHdr0NameAndDesc',
			'RowHdr0Indent',
			...Array.from({ length: 6 }, (_, n) => [`Col${n}Hdr0NameAndDesc`, `Col${n}Value`]).flat(),
		];
		expect(Object.keys(rows[0])).toEqual(keys);
		expect(rows[0].Col0Hdr0NameAndDesc).toBe('2026M1 - Jan 2026');
		expect(rows[0].Col5Hdr0NameAndDesc).toBe('2026M6 - Jun 2026');
		const sales = factRows().find(
			(f) =>
				f.Entity === 'Acme UK' &&
				f.Account === 'Sales' &&
				f.Scenario === 'Actual' &&
				f.Time === '2026M4',
		);
		expect(rows[0].Col3Value).toBe(sales?.Amount);
	});

	it('defaults to Acme Group / Actual and adds a Title column with IncludeTitle', async () => {
		const rows = tableRows(
			await cubeView({
				CubeViewName: 'Income_Statement',
				CubeViewDataTableOptions: { IncludeTitle: true },
			}),
			'Table',
		);
		expect(rows).toHaveLength(5);
		expect(Object.keys(rows[0])[0]).toBe('Title');
		expect(rows[0].Title).toBe('Income Statement - Acme Group - Actual');
	});

	it('answers one table per cube-view row with DataTablePerCubeViewRow (names <name>, <name>1, …)', async () => {
		const body = asObject(
			(
				await cubeView({
					CubeViewName: 'Income_Statement',
					DataTablePerCubeViewRow: true,
					ResultDataTableName: 'R',
				})
			).json(),
		);
		expect(Object.keys(body)).toEqual(['R', 'R1', 'R2', 'R3', 'R4']);
		expect(asRows(body.R)).toHaveLength(1);
		expect(asRows(body.R4)[0].RowHdr0NameAndDesc).toBe('NetIncome - Net Income');
	});

	it('generates Big_CubeView rows from pRows, matching bigCubeViewRow', async () => {
		const rows = tableRows(
			await cubeView({
				CubeViewName: 'Big_CubeView',
				CustomSubstVarsAsCommaSeparatedPairs: 'pRows=[40]',
			}),
			'Table',
		);
		expect(rows).toHaveLength(40);
		rows.forEach((row, i) => {
			const expected = bigCubeViewRow(i);
			expect(row.RowHdr0NameAndDesc).toBe(expected.nameAndDesc);
			expect(row.RowHdr0Indent).toBe(expected.indent);
			expected.values.forEach((value, n) => expect(row[`Col${n}Value`]).toBe(value));
		});
		expect(rows.some((r) => r.Col0Value === null)).toBe(true);
	});

	it('answers 400 for a non-object CubeViewDataTableOptions and for a non-boolean DataTablePerCubeViewRow', async () => {
		expect(
			(
				await cubeView({
					CubeViewName: 'Income_Statement',
					CubeViewDataTableOptions: 'IncludeTitle',
				})
			).status,
		).toBe(400);
		expect(
			(await cubeView({ CubeViewName: 'Income_Statement', DataTablePerCubeViewRow: 'yes' })).status,
		).toBe(400);
		expect(
			(await cubeView({ CubeViewName: 'Income_Statement', DataTablePerCubeViewRow: 'true' }))
				.status,
		).toBe(200);
	});
});

describe('GetAdoDataSetForSqlCommand', () => {
	it('queries the application database by default', async () => {
		const result = await sql({
			SqlQuery:
				"SELECT TOP 2 Name, Description FROM Member WHERE DimType = 'Account' ORDER BY Name",
		});
		expect(result.json()).toEqual({
			Results: [
				{ Name: 'COGS', Description: 'Cost of Goods Sold' },
				{ Name: 'GrossMargin', Description: 'Gross Margin' },
			],
		});
		const facts = tableRows(
			await sql({
				SqlQuery:
					"SELECT * FROM FactData WHERE Entity = 'Acme Österreich' AND Time = '2026M5' AND Scenario = 'Actual'",
				DbLocation: 'Application',
			}),
			'Results',
		);
		expect(facts).toHaveLength(5);
		expect(facts[0].Comment).toBe('Late invoice "AT-2026-0457" booked in May');
	});

	it('queries the framework database and an external connection', async () => {
		const users = tableRows(
			await sql({
				SqlQuery: 'SELECT Name FROM SecUser WHERE IsEnabled = 0',
				DbLocation: 'Framework',
			}),
			'Results',
		);
		expect(users).toEqual([{ Name: 'old_contractor' }]);
		expect((await sql({ SqlQuery: 'SELECT * FROM SecUser' })).status).toBe(500);
		const orders = tableRows(
			await sql({
				SqlQuery: 'SELECT TOP 3 OrderId, Amount FROM Orders ORDER BY Amount DESC',
				DbLocation: 'External',
				XFExternalDBConnectionName: 'warehouse',
			}),
			'Results',
		);
		expect(orders.map((o) => o.OrderId)).toEqual([50012, 50011, 50010]);
	});

	it('answers 400 for External without a known connection and for an unknown DbLocation', async () => {
		const missing = await sql({ SqlQuery: 'SELECT * FROM Orders', DbLocation: 'External' });
		expect(asObject(missing.json()).Message).toBe(
			'The XFExternalDBConnectionName field is required.',
		);
		const unknown = await sql({
			SqlQuery: 'SELECT * FROM Orders',
			DbLocation: 'External',
			XFExternalDBConnectionName: 'Lakehouse',
		});
		expect(unknown.status).toBe(400);
		expect(asObject(unknown.json()).Message).toBe(
			"Invalid external database connection name 'Lakehouse'.",
		);
		expect((await sql({ SqlQuery: 'SELECT * FROM Member', DbLocation: 'Cloud' })).status).toBe(400);
	});

	it('fills |!var!| placeholders from the substitution variables first', async () => {
		const result = await sql({
			SqlQuery: "SELECT Name FROM Member WHERE DimType = '|!pDim!|' AND Name = '|!pName!|'",
			CustomSubstVarsAsCommaSeparatedPairs: 'pDim=[Entity],pName=[Acme Österreich]',
		});
		expect(tableRows(result, 'Results')).toEqual([{ Name: 'Acme Österreich' }]);
	});

	it('answers a SQL-style 500 for an unfilled placeholder', async () => {
		const result = await sql({ SqlQuery: "SELECT Name FROM Member WHERE DimType = '|!pDim!|'" });
		expect(result.status).toBe(500);
		const body = asObject(result.json());
		expect(body.Message).toBe("Incorrect syntax near '|'.");
		expect(body.Detail).toContain('|!pDim!|');
	});

	it("answers 500 with SQL Server's wording for unknown tables and syntax errors", async () => {
		const table = await sql({ SqlQuery: 'SELECT * FROM Account' });
		expect(table.status).toBe(500);
		expect(asObject(table.json()).Message).toBe("Invalid object name 'Account'.");
		const syntax = await sql({ SqlQuery: 'UPDATE Member SET Name = 1' });
		expect(syntax.status).toBe(500);
		expect(asObject(syntax.json()).Message).toBe("Incorrect syntax near 'UPDATE'.");
	});
});

describe('GetAdoDataSetForMethodCommand', () => {
	it('runs the FX_Rates Dashboard DataSet rule under either type field name', async () => {
		for (const typeField of [
			'XFCommandMethodType',
			'XFCommandMethodTypeId',
			'xfcommandmethodtype',
		]) {
			const rows = tableRows(
				await method({ MethodQuery: '{FX_Rates}{Rates}', [typeField]: 'BusinessRule' }),
				'R',
			);
			expect(rows).toHaveLength(18);
			expect(Object.keys(rows[0])).toEqual([
				'FromCurrency',
				'ToCurrency',
				'Time',
				'RateType',
				'Rate',
			]);
		}
	});

	it('filters rates by Currency from the MethodQuery pairs, else from the substitution variables', async () => {
		const fromPairs = tableRows(
			await method({
				MethodQuery: '{FX_Rates}{Rates}{Currency=GBP, Other=1}',
				XFCommandMethodType: 'BusinessRule',
				CustomSubstVarsAsCommaSeparatedPairs: 'Currency=[EUR]',
			}),
			'R',
		);
		expect(new Set(fromPairs.map((r) => r.FromCurrency))).toEqual(new Set(['GBP']));
		const fromVars = tableRows(
			await method({
				MethodQuery: '{FX_Rates}{Rates}',
				XFCommandMethodType: 'BusinessRule',
				CustomSubstVarsAsCommaSeparatedPairs: 'Currency=[EUR]',
			}),
			'R',
		);
		expect(fromVars).toHaveLength(6);
		expect(fromVars.every((r) => r.FromCurrency === 'EUR' && typeof r.Rate === 'number')).toBe(
			true,
		);
	});

	it('answers 200 with only an Error table for Error_Rule', async () => {
		const result = await method({
			MethodQuery: '{Error_Rule}{Anything}',
			XFCommandMethodType: 'BusinessRule',
		});
		expect(result.status).toBe(200);
		const body = asObject(result.json());
		expect(Object.keys(body)).toEqual(['Error']);
		expect(asRows(body.Error)).toHaveLength(1);
		expect(typeof asRows(body.Error)[0].Message).toBe('string');
	});

	it('answers 200 null when the rule does not know the data set (a rule returning Nothing)', async () => {
		const result = await method({
			MethodQuery: '{FX_Rates}{NoSuchSet}',
			XFCommandMethodType: 'BusinessRule',
		});
		expect(result.status).toBe(200);
		expect(result.text).toBe('null');
	});

	it('answers canned rows for BiBlendInfo and WorkflowStatus', async () => {
		const bi = tableRows(
			await method({
				MethodQuery: '{Houston.Import}{Actual}{2026M1}{}',
				XFCommandMethodType: 'BiBlendInfo',
			}),
			'R',
		);
		expect(bi.length).toBeGreaterThan(0);
		expect(bi[0]).toMatchObject({
			WorkflowProfile: 'Houston.Import',
			Scenario: 'Actual',
			Time: '2026M1',
		});
		const wf = tableRows(
			await method({
				MethodQuery: '{Houston.Import}{Actual}{2026M1}',
				XFCommandMethodTypeId: 'workflowstatus',
			}),
			'R',
		);
		expect(wf.map((r) => r.WorkflowStep)).toEqual([
			'Import',
			'Validate',
			'Load',
			'Process',
			'Confirm',
			'Certify',
		]);
	});

	it('answers 400 for an unknown method type, a missing type and a malformed MethodQuery', async () => {
		const unknown = await method({ MethodQuery: '{a}{b}', XFCommandMethodType: 'DataUnitMagic' });
		expect(unknown.status).toBe(400);
		expect(asObject(unknown.json()).Message).toBe(
			"The value 'DataUnitMagic' is not valid for XFCommandMethodType.",
		);
		expect(asObject((await method({ MethodQuery: '{a}{b}' })).json()).Message).toBe(
			'The XFCommandMethodType field is required.',
		);
		for (const query of [
			'FX_Rates.Rates',
			'{FX_Rates}',
			'{FX_Rates}{Rates}{a=1}{extra}',
			'{FX_Rates}x{Rates}',
		]) {
			expect(
				(await method({ MethodQuery: query, XFCommandMethodType: 'BusinessRule' })).status,
			).toBe(400);
		}
		expect(
			(await method({ MethodQuery: '{wf}{Actual}', XFCommandMethodType: 'WorkflowStatus' })).status,
		).toBe(400);
	});
});
