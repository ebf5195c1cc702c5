/**
 * Sample content of the stand-in: a small consolidation application, "Acme", as the demo shows it.
 * Every amount is computed from fixed formulas, so runs are repeatable and tests can recompute rows.
 */
import { getVariable } from './substitution.cjs';
import {
	DataProducerError,
	type AdapterDef,
	type ApplicationDef,
	type CubeViewDef,
	type CubeViewRow,
	type DashboardDataSetRuleDef,
	type DataContext,
	type DataRow,
	type DmGroupDef,
	type DmSequenceDef,
	type SqlTable,
	type StandInData,
} from './types.cjs';

export const APPLICATION_NAMES = ['AcmeConsolidation', 'AcmeConsolidation_Test'] as const;

interface EntityInfo {
	name: string;
	description: string;
	currency: 'USD' | 'GBP' | 'EUR';
	/** Monthly net sales base in local currency. */
	salesBase: number;
	cogsRatio: number;
	opexBase: number;
}

const BASE_ENTITIES: EntityInfo[] = [
	{
		name: 'Acme US',
		description: 'Acme Inc. (United States)',
		currency: 'USD',
		salesBase: 1_250_000,
		cogsRatio: 0.58,
		opexBase: 305_000,
	},
	{
		name: 'Acme UK',
		description: 'Acme Ltd (United Kingdom)',
		currency: 'GBP',
		salesBase: 640_000,
		cogsRatio: 0.61,
		opexBase: 148_500,
	},
	{
		name: 'Acme DE',
		description: 'Acme GmbH (Germany)',
		currency: 'EUR',
		salesBase: 820_000,
		cogsRatio: 0.57,
		opexBase: 201_250,
	},
	{
		name: 'Acme Österreich',
		description: 'Acme Österreich GmbH (Austria)',
		currency: 'EUR',
		salesBase: 310_000,
		cogsRatio: 0.6,
		opexBase: 77_800,
	},
];

export const GROUP_ENTITY = 'Acme Group';
export const ENTITIES = [GROUP_ENTITY, ...BASE_ENTITIES.map((e) => e.name)];

export const ACCOUNTS: Array<{ name: string; description: string; indent: number }> = [
	{ name: 'Sales', description: 'Net Sales', indent: 2 },
	{ name: 'COGS', description: 'Cost of Goods Sold', indent: 2 },
	{ name: 'GrossMargin', description: 'Gross Margin', indent: 1 },
	{ name: 'Opex', description: 'Operating Expenses', indent: 1 },
	{ name: 'NetIncome', description: 'Net Income', indent: 0 },
];

export const SCENARIOS: Array<{ name: string; description: string }> = [
	{ name: 'Actual', description: 'Actual' },
	{ name: 'Budget', description: 'Budget 2026' },
];

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'];
export const TIME_PERIODS: Array<{ name: string; description: string }> = MONTH_NAMES.map(
	(m, i) => ({
		name: `2026M${i + 1}`,
		description: `${m} 2026`,
	}),
);

/** Average rates to USD per month. */
const FX_TO_USD: Record<'USD' | 'GBP' | 'EUR', number[]> = {
	USD: [1, 1, 1, 1, 1, 1],
	GBP: [1.265, 1.2712, 1.2688, 1.2755, 1.2801, 1.2779],
	EUR: [1.0842, 1.0815, 1.0876, 1.0903, 1.0868, 1.0921],
};

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Local-currency amounts of one base entity for a scenario and month (0-based). */
function baseAmounts(
	entity: EntityInfo,
	entityIndex: number,
	scenario: string,
	month: number,
): Record<string, number> {
	const budget = scenario === 'Budget';
	// A repeatable wiggle so months differ by more than a straight line.
	const wiggle = budget ? 0 : (((entityIndex + 1) * (month + 3) * 37) % 97) * 113.17;
	const sales = round2(entity.salesBase * (1 + 0.025 * month) * (budget ? 1.04 : 1) + wiggle);
	const cogs = round2(sales * (entity.cogsRatio + (budget ? -0.005 : 0.0011 * ((month * 7) % 5))));
	const grossMargin = round2(sales - cogs);
	const opex = round2(
		entity.opexBase * (1 + 0.01 * month) +
			(budget ? 0 : ((entityIndex * 11 + month * 5) % 13) * 211.4),
	);
	return {
		Sales: sales,
		COGS: cogs,
		GrossMargin: grossMargin,
		Opex: opex,
		NetIncome: round2(grossMargin - opex),
	};
}

const COMMENTS: Record<string, string> = {
	'Actual|Acme UK|Opex|2026M3': 'Includes restructuring accrual, reversed in 2026M4',
	'Actual|Acme DE|COGS|2026M2': 'Freight surcharge — see ticket FIN-1182',
	'Actual|Acme Österreich|Sales|2026M5': 'Late invoice "AT-2026-0457" booked in May',
	'Budget|Acme US|Sales|2026M1': 'Budget v3 (approved 2025-12-12)',
};

export interface FactRow extends DataRow {
	Entity: string;
	Account: string;
	Scenario: string;
	Time: string;
	Amount: number;
	Currency: string;
	Comment: string | null;
}

/** All fact rows: Scenario × Time × Entity × Account; the group is the USD sum of its children. */
export function factRows(): FactRow[] {
	const rows: FactRow[] = [];
	for (const scenario of SCENARIOS) {
		TIME_PERIODS.forEach((time, month) => {
			const group: Record<string, number> = {};
			const perEntity = BASE_ENTITIES.map((entity, index) => {
				const amounts = baseAmounts(entity, index, scenario.name, month);
				for (const account of ACCOUNTS) {
					group[account.name] =
						(group[account.name] ?? 0) + amounts[account.name] * FX_TO_USD[entity.currency][month];
				}
				return { entity: entity.name, currency: entity.currency, amounts };
			});
			const all = [
				{
					entity: GROUP_ENTITY,
					currency: 'USD',
					amounts: Object.fromEntries(Object.entries(group).map(([k, v]) => [k, round2(v)])),
				},
				...perEntity,
			];
			for (const { entity, currency, amounts } of all) {
				for (const account of ACCOUNTS) {
					const key = `${scenario.name}|${entity}|${account.name}|${time.name}`;
					rows.push({
						Entity: entity,
						Account: account.name,
						Scenario: scenario.name,
						Time: time.name,
						Amount: amounts[account.name],
						Currency: currency,
						Comment: COMMENTS[key] ?? null,
					});
				}
			}
		});
	}
	return rows;
}

function sameName(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

/** Resolves a member-name parameter; unknown members are an error, as in a real cube view/adapter. */
function memberParameter(
	ctx: DataContext,
	variable: string,
	dimension: string,
	members: string[],
	objectName: string,
): string | undefined {
	const value = getVariable(ctx.substitutionVariables, variable);
	if (value === undefined || value.trim() === '') return undefined;
	const member = members.find((m) => sameName(m, value.trim()));
	if (member === undefined) {
		throw new DataProducerError(
			`Error processing '${objectName}'.`,
			`Invalid ${dimension} member name '${value}'.`,
		);
	}
	return member;
}

const glExport: AdapterDef = {
	name: 'GL_Export',
	workspace: 'Default',
	isSystemLevel: false,
	rows(ctx) {
		const scenario = memberParameter(
			ctx,
			'pScenario',
			'Scenario',
			SCENARIOS.map((s) => s.name),
			'GL_Export',
		);
		const time = memberParameter(
			ctx,
			'pTime',
			'Time',
			TIME_PERIODS.map((t) => t.name),
			'GL_Export',
		);
		const entity = memberParameter(ctx, 'pEntity', 'Entity', ENTITIES, 'GL_Export');
		const account = memberParameter(
			ctx,
			'pAccount',
			'Account',
			ACCOUNTS.map((a) => a.name),
			'GL_Export',
		);
		return factRows().filter(
			(r) =>
				(scenario === undefined || r.Scenario === scenario) &&
				(time === undefined || r.Time === time) &&
				(entity === undefined || r.Entity === entity) &&
				(account === undefined || r.Account === account),
		);
	},
};

// ---------------------------------------------------------------------------------------------
// Generated big tables

export const BIG_ROWS_DEFAULT = 1000;
export const BIG_ROWS_MAX = 20_000_000;

/** Reads `pRows` the way a .NET rule would (Integer.Parse): bad input is a FormatException. */
export function rowCountParameter(ctx: DataContext, objectName: string): number {
	const raw = getVariable(ctx.substitutionVariables, 'pRows');
	if (raw === undefined || raw.trim() === '') return BIG_ROWS_DEFAULT;
	const trimmed = raw.trim();
	if (!/^\d+$/.test(trimmed) || Number(trimmed) > BIG_ROWS_MAX) {
		throw new DataProducerError(
			`Error processing '${objectName}'.`,
			'Input string was not in a correct format.',
		);
	}
	return Number(trimmed);
}

const MEMO_TEMPLATES: Array<(i: number) => string> = [
	(i) => `Invoice ${i}, paid in full, no dispute`,
	(i) => `He said "approved" on row ${i}`,
	(i) => `Line one\nLine two (row ${i})`,
	(i) => `Zürich – Österreich № ${i} €`,
	(i) => `Tab\there, backslash \\ and emoji 🚀 ${i}`,
	(i) => `Plain row ${i}`,
];
const REVIEWERS = ['Anna', 'Bjørn', 'Chloé', 'Dmitrij'];

/**
 * Row `index` (0-based) of the generated `Big_Export` adapter: 10 columns of mixed types, a pure
 * function of the index so a test can recompute any row or checksum the whole set.
 */
export function bigExportRow(index: number): Record<string, unknown> {
	return bigExportDataRow(index);
}

function bigExportDataRow(i: number): DataRow {
	const day = new Date(Date.UTC(2026, 0, 1 + (i % 365)));
	return {
		RowId: i + 1,
		AccountCode: `A${10000 + (i % 90000)}`,
		Entity: ENTITIES[i % ENTITIES.length],
		PostingDate: `${day.toISOString().slice(0, 10)}T00:00:00`,
		Amount: (((i * 7919) % 2000003) - 1000000) / 100,
		Quantity: ((i * 31) % 1000) - 500,
		Rate: i % 7 === 3 ? null : 1 + ((i * 13) % 10000) / 10000,
		IsReconciled: i % 3 === 0,
		Memo: MEMO_TEMPLATES[i % MEMO_TEMPLATES.length](i),
		Comment: i % 5 === 0 ? `Checked by ${REVIEWERS[i % REVIEWERS.length]}` : null,
	};
}

/** Generates `count` rows lazily: never an array, so a million rows stream in constant memory. */
export function* bigExportRows(count: number): Generator<DataRow> {
	for (let i = 0; i < count; i++) yield bigExportDataRow(i);
}

/** `pMemoBytes` pads each row's Memo to that many characters: wide rows, for size limits. */
function memoWidthParameter(ctx: DataContext): number | undefined {
	const raw = getVariable(ctx.substitutionVariables, 'pMemoBytes');
	if (raw === undefined || raw.trim() === '') return undefined;
	if (!/^\d+$/.test(raw.trim()) || Number(raw) > 64 * 1024 * 1024) {
		throw new DataProducerError(
			"Error processing 'Big_Export'.",
			'Input string was not in a correct format.',
		);
	}
	return Number(raw);
}

const bigExport: AdapterDef = {
	name: 'Big_Export',
	workspace: 'Default',
	isSystemLevel: false,
	rows(ctx) {
		const rows = bigExportRows(rowCountParameter(ctx, 'Big_Export'));
		const width = memoWidthParameter(ctx);
		if (width === undefined) return rows;
		return (function* () {
			for (const row of rows) yield { ...row, Memo: String(row.Memo).padEnd(width, 'x') };
		})();
	},
};

// ---------------------------------------------------------------------------------------------
// Cube views

const MONTH_COLUMNS = TIME_PERIODS.map((t) => `${t.name} - ${t.description}`);

const incomeStatement: CubeViewDef = {
	name: 'Income_Statement',
	title(ctx) {
		const entity =
			memberParameter(ctx, 'pEntity', 'Entity', ENTITIES, 'Income_Statement') ?? GROUP_ENTITY;
		const scenario =
			memberParameter(
				ctx,
				'pScenario',
				'Scenario',
				SCENARIOS.map((s) => s.name),
				'Income_Statement',
			) ?? 'Actual';
		return `Income Statement - ${entity} - ${scenario}`;
	},
	columns: () => MONTH_COLUMNS,
	rows(ctx) {
		const entity =
			memberParameter(ctx, 'pEntity', 'Entity', ENTITIES, 'Income_Statement') ?? GROUP_ENTITY;
		const scenario =
			memberParameter(
				ctx,
				'pScenario',
				'Scenario',
				SCENARIOS.map((s) => s.name),
				'Income_Statement',
			) ?? 'Actual';
		const facts = factRows().filter((r) => r.Entity === entity && r.Scenario === scenario);
		return ACCOUNTS.map((account): CubeViewRow => ({
			nameAndDesc: `${account.name} - ${account.description}`,
			indent: account.indent,
			values: TIME_PERIODS.map(
				(t) => facts.find((f) => f.Account === account.name && f.Time === t.name)?.Amount ?? null,
			),
		}));
	},
};

export const BIG_CUBE_VIEW_COLUMNS = MONTH_COLUMNS;

/** Row `index` of the generated `Big_CubeView` (header, indent and one value per month column). */
export function bigCubeViewRow(index: number): CubeViewRow {
	return {
		nameAndDesc: `R${String(index + 1).padStart(7, '0')} - Generated row ${index + 1}`,
		indent: index % 4,
		values: BIG_CUBE_VIEW_COLUMNS.map((_, col) =>
			(index + col) % 11 === 0 ? null : (((index * 104729 + col * 7) % 1000003) - 500000) / 100,
		),
	};
}

function* bigCubeViewRows(count: number): Generator<CubeViewRow> {
	for (let i = 0; i < count; i++) yield bigCubeViewRow(i);
}

const bigCubeView: CubeViewDef = {
	name: 'Big_CubeView',
	title: () => 'Generated cube view',
	columns: () => BIG_CUBE_VIEW_COLUMNS,
	rows: (ctx) => bigCubeViewRows(rowCountParameter(ctx, 'Big_CubeView')),
};

// ---------------------------------------------------------------------------------------------
// Dashboard DataSet business rules (Method command type BusinessRule)

function rateRows(): DataRow[] {
	const rows: DataRow[] = [];
	for (const currency of ['EUR', 'GBP', 'USD'] as const) {
		TIME_PERIODS.forEach((t, month) => {
			rows.push({
				FromCurrency: currency,
				ToCurrency: 'USD',
				Time: t.name,
				RateType: 'AverageRate',
				Rate: FX_TO_USD[currency][month],
			});
		});
	}
	return rows;
}

const fxRates: DashboardDataSetRuleDef = {
	name: 'FX_Rates',
	getDataSet(args) {
		if (!sameName(args.dataSetName, 'Rates')) return null;
		// The rule reads its parameter from the MethodQuery pairs first, then from the substitution variables.
		const currency =
			getVariable(args.nameValuePairs, 'Currency') ??
			getVariable(args.substitutionVariables, 'Currency');
		const rows = rateRows().filter(
			(r) =>
				currency === undefined || currency === '' || sameName(String(r.FromCurrency), currency),
		);
		return { tables: [{ name: args.resultTableName, rows }] };
	},
};

/** Column name of the one-row Error table is invented (no public sample shows one). */
export const ERROR_TABLE_NAME = 'Error';
export function errorTableRows(message: string): DataRow[] {
	return [{ Message: message }];
}

const errorRule: DashboardDataSetRuleDef = {
	name: 'Error_Rule',
	getDataSet(args) {
		return {
			tables: [
				{
					name: ERROR_TABLE_NAME,
					rows: errorTableRows(
						`Error_Rule could not build data set '${args.dataSetName}': parameter 'Entity' is missing.`,
					),
				},
			],
		};
	},
};

// ---------------------------------------------------------------------------------------------
// SQL tables

function memberTable(): SqlTable {
	const rows: DataRow[] = [
		...ENTITIES.map((name) => ({
			Name: name,
			Description:
				name === GROUP_ENTITY
					? 'Acme Group (consolidated)'
					: (BASE_ENTITIES.find((e) => e.name === name)?.description ?? name),
			DimType: 'Entity',
		})),
		...ACCOUNTS.map((a) => ({ Name: a.name, Description: a.description, DimType: 'Account' })),
		...SCENARIOS.map((s) => ({ Name: s.name, Description: s.description, DimType: 'Scenario' })),
		...TIME_PERIODS.map((t) => ({ Name: t.name, Description: t.description, DimType: 'Time' })),
	];
	return { columns: ['Name', 'Description', 'DimType'], rows };
}

function factTable(): SqlTable {
	return {
		columns: ['Entity', 'Account', 'Scenario', 'Time', 'Amount', 'Currency', 'Comment'],
		rows: factRows(),
	};
}

function secUserTable(): SqlTable {
	return {
		columns: ['Name', 'IsEnabled'],
		rows: [
			{ Name: 'Administrator', IsEnabled: true },
			{ Name: 'svc_n8n', IsEnabled: true },
			{ Name: 'svc_reader', IsEnabled: true },
			{ Name: 'jdoe', IsEnabled: true },
			{ Name: 'm.müller', IsEnabled: true },
			{ Name: 'old_contractor', IsEnabled: false },
		],
	};
}

function ordersTable(): SqlTable {
	const customers = [
		'Globex Corporation',
		'Initech',
		'Umbrella plc',
		'Stark Industries',
		'Wayne Enterprises',
		'Société Générale d’Essai',
	];
	const rows: DataRow[] = [];
	for (let i = 0; i < 12; i++) {
		const entity = BASE_ENTITIES[i % BASE_ENTITIES.length];
		rows.push({
			OrderId: 50001 + i,
			Customer: customers[i % customers.length],
			OrderDate: `2026-0${1 + (i % 6)}-${String(3 + i).padStart(2, '0')}T00:00:00`,
			Entity: entity.name,
			Amount: round2(1250.5 + i * 987.25),
			Currency: entity.currency,
			Status: i % 4 === 3 ? 'Cancelled' : 'Shipped',
		});
	}
	return {
		columns: ['OrderId', 'Customer', 'OrderDate', 'Entity', 'Amount', 'Currency', 'Status'],
		rows,
	};
}

// ---------------------------------------------------------------------------------------------
// Data Management

function sequences(): DmSequenceDef[] {
	return [
		{ name: 'Nightly_Consolidation', workspace: 'Default', durationMs: 1500 },
		{ name: 'Load_Actuals', workspace: 'Default', durationMs: 100 },
		{
			name: 'Failing_Import',
			workspace: 'Default',
			durationMs: 300,
			failure: {
				message: "Error processing Data Management Step 'Import_GL'.",
				detail: "Transformation rule 'GL_Accounts' not found.",
			},
		},
		{ name: 'Slow_Close', workspace: 'Default', durationMs: 10_000 },
		// The batch harvest: imports the files of Batch\Harvest (test/standin/harvest.cts).
		{ name: 'Harvest_Batch', workspace: 'Default', durationMs: 200, harvest: true },
		// In a workspace of its own: the Sequence list shows it only when that workspace is chosen.
		{ name: 'Month_End_Close', workspace: 'Close_Tools', durationMs: 200 },
	];
}

function dmGroups(): DmGroupDef[] {
	return [
		{
			name: 'Close',
			workspace: 'Close_Tools',
			steps: [{ name: 'Lock_Periods', durationMs: 100 }],
		},
		{
			name: 'Integration',
			workspace: 'Default',
			steps: [
				{ name: 'Import_GL', durationMs: 200 },
				// Wraps the Extensibility business rule XFR_ExportToWarehouse (Execute Business Rule step).
				{ name: 'Run_Export_Rule', durationMs: 300 },
				{
					name: 'Failing_Step',
					durationMs: 150,
					failure: {
						message: "Error processing Data Management Step 'Failing_Step'.",
						detail:
							"Business rule 'XFR_FailingStep' raised: Object reference not set to an instance of an object.",
					},
				},
			],
		},
	];
}

/** Journal lines past the cursor the trigger sends (|!LastCursor!|, empty: all of them). */
function journalLinesAdapter(lines: DataRow[]): AdapterDef {
	return {
		name: 'Journal_Lines',
		workspace: 'Default',
		isSystemLevel: false,
		rows: (ctx) => {
			const after = ctx.substitutionVariables.LastCursor ?? '';
			return lines.filter((line) => String(line.PostedAt) >= after);
		},
	};
}

/**
 * The same journal lines from an adapter that does not filter on |!LastCursor!|: every line at
 * every poll, as an adapter written without the cursor variable answers.
 */
function unfilteredJournalLinesAdapter(lines: DataRow[]): AdapterDef {
	return {
		name: 'Journal_Lines_All',
		workspace: 'Default',
		isSystemLevel: false,
		rows: () => lines,
	};
}

/**
 * The rows the batch harvest loaded into a workflow unit (pProfile, pScenario, pTime), as a data
 * adapter on the staged data would return them (invented: the sample's adapters are invented too).
 */
const harvestedRows: AdapterDef = {
	name: 'Harvested_Rows',
	workspace: 'Default',
	isSystemLevel: false,
	rows: (context) =>
		context.harvested?.(
			context.substitutionVariables.pProfile ?? '',
			context.substitutionVariables.pScenario ?? 'Actual',
			context.substitutionVariables.pTime ?? '',
		) ?? [],
};

/** The journal lines as a SQL table (JournalLines), read when queried: appended lines show. */
function journalLinesTable(lines: DataRow[]): SqlTable {
	return {
		columns: ['JournalId', 'Entity', 'Amount', 'PostedAt'],
		get rows() {
			return lines;
		},
	};
}

function application(name: string, lines: DataRow[]): ApplicationDef {
	return {
		name,
		sequences: sequences(),
		dmGroups: dmGroups(),
		adapters: [
			glExport,
			bigExport,
			journalLinesAdapter(lines),
			unfilteredJournalLinesAdapter(lines),
			harvestedRows,
		],
		cubeViews: [incomeStatement, bigCubeView],
		dashboardDataSetRules: [fxRates, errorRule],
		tables: {
			Member: memberTable(),
			FactData: factTable(),
			JournalLines: journalLinesTable(lines),
		},
	};
}

const systemUsers: AdapterDef = {
	name: 'System_Users',
	workspace: 'Default',
	isSystemLevel: true,
	rows: () => secUserTable().rows,
};

/** The default content: two applications, framework tables and one external connection. */
export function sampleData(): StandInData {
	const journalLines: DataRow[] = [];
	return {
		applications: APPLICATION_NAMES.map((name) => application(name, journalLines)),
		journalLines,
		systemAdapters: [systemUsers],
		frameworkTables: { SecUser: secUserTable() },
		externalConnections: { Warehouse: { Orders: ordersTable() } },
	};
}
