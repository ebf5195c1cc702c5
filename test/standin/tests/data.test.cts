import { bigCubeViewRow, bigExportRow, sampleData } from '../index.cjs';
import { factRows } from '../data.cjs';

describe('sample data', () => {
	const data = sampleData();

	it('has the two Acme applications with their sequences, group, adapters, cube views and rules', () => {
		expect(data.applications.map((a) => a.name)).toEqual([
			'AcmeConsolidation',
			'AcmeConsolidation_Test',
		]);
		const app = data.applications[0];
		expect(app.sequences.map((s) => s.name)).toEqual([
			'Nightly_Consolidation',
			'Load_Actuals',
			'Failing_Import',
			'Slow_Close',
			'Harvest_Batch',
			'Month_End_Close',
		]);
		expect(app.sequences.find((s) => s.name === 'Nightly_Consolidation')).toMatchObject({
			workspace: 'Default',
			durationMs: 1500,
		});
		expect(app.sequences.find((s) => s.name === 'Slow_Close')?.durationMs).toBe(10_000);
		expect(app.dmGroups.map((g) => [g.name, g.steps.map((s) => s.name)])).toEqual([
			['Close', ['Lock_Periods']],
			['Integration', ['Import_GL', 'Run_Export_Rule', 'Failing_Step']],
		]);
		expect(app.adapters.map((a) => a.name)).toEqual([
			'GL_Export',
			'Big_Export',
			'Journal_Lines',
			'Journal_Lines_All',
			'Harvested_Rows',
		]);
		expect(app.cubeViews.map((c) => c.name)).toEqual(['Income_Statement', 'Big_CubeView']);
		expect(app.dashboardDataSetRules.map((r) => r.name)).toEqual(['FX_Rates', 'Error_Rule']);
		expect(Object.keys(app.tables)).toEqual(['Member', 'FactData', 'JournalLines']);
		expect(Object.keys(data.frameworkTables)).toEqual(['SecUser']);
		expect(Object.keys(data.externalConnections)).toEqual(['Warehouse']);
		expect(Object.keys(data.externalConnections.Warehouse)).toEqual(['Orders']);
	});

	it('has every entity × account × scenario × month once, with unicode entity names and some null comments', () => {
		const rows = factRows();
		expect(rows).toHaveLength(5 * 5 * 2 * 6);
		expect(new Set(rows.map((r) => r.Entity))).toEqual(
			new Set(['Acme Group', 'Acme US', 'Acme UK', 'Acme DE', 'Acme Österreich']),
		);
		expect(new Set(rows.map((r) => r.Time))).toEqual(
			new Set(['2026M1', '2026M2', '2026M3', '2026M4', '2026M5', '2026M6']),
		);
		expect(rows.some((r) => r.Comment === null)).toBe(true);
		expect(rows.some((r) => typeof r.Comment === 'string')).toBe(true);
		expect(rows.some((r) => !Number.isInteger(r.Amount))).toBe(true);
	});

	it('is internally consistent: GrossMargin = Sales − COGS and NetIncome = GrossMargin − Opex', () => {
		const rows = factRows();
		const amount = (entity: string, account: string) =>
			rows.find(
				(r) =>
					r.Entity === entity &&
					r.Account === account &&
					r.Scenario === 'Actual' &&
					r.Time === '2026M3',
			)?.Amount ?? NaN;
		for (const entity of ['Acme US', 'Acme Österreich', 'Acme Group']) {
			expect(amount(entity, 'GrossMargin')).toBeCloseTo(
				amount(entity, 'Sales') - amount(entity, 'COGS'),
				1,
			);
			expect(amount(entity, 'NetIncome')).toBeCloseTo(
				amount(entity, 'GrossMargin') - amount(entity, 'Opex'),
				1,
			);
		}
	});

	it('is deterministic', () => {
		expect(factRows()).toEqual(factRows());
		expect(bigExportRow(123_456)).toEqual(bigExportRow(123_456));
		expect(bigCubeViewRow(77)).toEqual(bigCubeViewRow(77));
	});

	it('bigExportRow has 10 columns of mixed types', () => {
		const rows = Array.from({ length: 60 }, (_, i) => bigExportRow(i));
		expect(Object.keys(rows[0])).toHaveLength(10);
		const types = (key: string) =>
			new Set(rows.map((r) => (r[key] === null ? 'null' : typeof r[key])));
		expect(types('RowId')).toEqual(new Set(['number']));
		expect(rows.every((r) => Number.isInteger(r.RowId))).toBe(true);
		expect(rows.some((r) => typeof r.Amount === 'number' && !Number.isInteger(r.Amount))).toBe(
			true,
		);
		expect(types('IsReconciled')).toEqual(new Set(['boolean']));
		expect(types('Rate')).toEqual(new Set(['number', 'null']));
		expect(types('Comment')).toEqual(new Set(['string', 'null']));
		expect(
			rows.every(
				(r) =>
					typeof r.PostingDate === 'string' && /^\d{4}-\d{2}-\d{2}T00:00:00$/.test(r.PostingDate),
			),
		).toBe(true);
		const memos = rows.map((r) => String(r.Memo));
		expect(memos.some((m) => m.includes(','))).toBe(true);
		expect(memos.some((m) => m.includes('"'))).toBe(true);
		expect(memos.some((m) => m.includes('\n'))).toBe(true);
		expect(memos.some((m) => /[^\u0000-\u007f]/.test(m))).toBe(true);
	});
});
