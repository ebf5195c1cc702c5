/**
 * The stand-in's `Analytics/*` routes: the cube model's filters, the envelope in pages, running
 * polls, GetDataRequest's checks, and the analytics options.
 */
import { resolveFilter } from '../cube.cjs';
import { startStandIn, type StandIn } from '../index.cjs';
import { parseOptionsPatch } from '../options.cjs';
import { asObject, call, type CallOptions } from './helpers.cjs';

let standIn: StandIn;
beforeAll(async () => {
	standIn = await startStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => {
	standIn.reset();
	standIn.setOptions({
		analytics: {
			pageRows: 50_000,
			runningPolls: 0,
			runningStatus: 'Running',
			pageRunningPolls: 0,
			repeatFirstPage: false,
		},
	});
});

const v72: CallOptions = { version: '7.2.0' };

async function applicationSi(): Promise<unknown> {
	const logon = await call(
		standIn,
		'Authentication/Logon',
		{ BaseWebServerUrl: standIn.webServerUrl },
		v72,
	);
	const open = await call(
		standIn,
		'Application/OpenApplication',
		{ ApplicationName: 'AcmeConsolidation', SI: asObject(logon.json())['Logon SessionInfo'] },
		v72,
	);
	return asObject(open.json())['Application SessionInfo'];
}

const cellsBody = (si: unknown, filter: Record<string, string> = {}) => ({
	CubeName: 'AcmeCorp',
	IncludeDescriptions: 'False',
	IsSystemLevel: 'False',
	SI: si,
	DataCellsFilter: {
		Scenario: 'Actual',
		TimeFilter: '2026M1',
		EntityFilter: 'Houston',
		AccountFilter: 'NetIncome.Base',
		...filter,
	},
});

it('resolves member script: a member, .Base, .Children, .Descendants, .Tree, .DescendantsInclusive, lists, None', () => {
	expect(resolveFilter('Entity', 'US.Base')).toEqual(['Houston', 'Dallas', 'Austin']);
	expect(resolveFilter('Entity', 'Total_Acme.Children')).toEqual(['US', 'Europe']);
	expect(resolveFilter('Account', 'Revenue.Tree')).toEqual(['Revenue', 'Sales', 'Services']);
	expect(resolveFilter('Account', 'Revenue.DescendantsInclusive')).toEqual([
		'Revenue',
		'Sales',
		'Services',
	]);
	expect(resolveFilter('Account', 'NetIncome.Descendants')).toHaveLength(6);
	expect(resolveFilter('Time', '2026M1, 2026M2, 2026M1')).toEqual(['2026M1', '2026M2']);
	expect(resolveFilter('UD3', 'None')).toEqual(['None']);
	expect(() => resolveFilter('Entity', '{Houston}')).toThrow("Invalid member filter '{Houston}'.");
	// Invented: a dimension token is refused (the connector's samples have none).
	expect(() => resolveFilter('Entity', 'E#Houston')).toThrow("Invalid member filter 'E#Houston'.");
	expect(() => resolveFilter('Entity', 'US.Siblings')).toThrow(
		"Invalid member filter 'US.Siblings'.",
	);
});

it('answers in pages of pageRows, and GetDataRequest gives each page by number', async () => {
	standIn.setOptions({ analytics: { pageRows: 3 } });
	const si = await applicationSi();
	const first = asObject(
		(await call(standIn, 'Analytics/GetDataCellsFromCube', cellsBody(si), v72)).json(),
	);
	expect(first).toMatchObject({ Status: 'Completed', TotalPages: 2 });
	expect(first.DataResult).toHaveLength(3);
	const page = (n: number) =>
		call(
			standIn,
			'Analytics/GetDataRequest',
			{ IsSystemLevel: 'False', RequestId: first.RequestId, SI: si },
			{
				...v72,
				path: `${new URL(standIn.apiRoot).pathname}/api/Analytics/GetDataRequest?api-version=7.2.0&page=${n}`,
			},
		);
	const second = asObject((await page(2)).json());
	expect(second.DataResult).toHaveLength(1);
	expect((await page(3)).status).toBe(400);
	const unknown = await call(
		standIn,
		'Analytics/GetDataRequest',
		{ IsSystemLevel: 'False', RequestId: 'nope', SI: si },
		v72,
	);
	expect(unknown.status).toBe(400);
	expect(asObject(unknown.json()).Message).toBe("Invalid RequestId 'nope'.");
});

it('answers each page 2..n as running pageRunningPolls times, and page 1 again for every page with repeatFirstPage', async () => {
	standIn.setOptions({ analytics: { pageRows: 3, pageRunningPolls: 1, runningStatus: 'Working' } });
	const si = await applicationSi();
	const first = asObject(
		(await call(standIn, 'Analytics/GetDataCellsFromCube', cellsBody(si), v72)).json(),
	);
	const page = async (n: number) =>
		asObject(
			(
				await call(
					standIn,
					'Analytics/GetDataRequest',
					{ IsSystemLevel: 'False', RequestId: first.RequestId, SI: si },
					{
						...v72,
						path: `${new URL(standIn.apiRoot).pathname}/api/Analytics/GetDataRequest?api-version=7.2.0&page=${n}`,
					},
				)
			).json(),
		);
	expect(await page(2)).toMatchObject({ Status: 'Working', TotalPages: 2, DataResult: [] });
	expect((await page(2)).Status).toBe('Completed');
	standIn.setOptions({ analytics: { pageRunningPolls: 0, repeatFirstPage: true } });
	expect((await page(2)).DataResult).toEqual(first.DataResult);
});

it('says Running for the first answer and the next polls, as many as runningPolls', async () => {
	standIn.setOptions({ analytics: { runningPolls: 2, runningStatus: 'InProgress' } });
	const si = await applicationSi();
	const first = asObject(
		(await call(standIn, 'Analytics/GetDataCellsFromCube', cellsBody(si), v72)).json(),
	);
	expect(first).toMatchObject({ Status: 'InProgress', DataResult: [] });
	const poll = async () =>
		asObject(
			(
				await call(
					standIn,
					'Analytics/GetDataRequest',
					{ IsSystemLevel: 'False', RequestId: first.RequestId, SI: si },
					v72,
				)
			).json(),
		);
	expect((await poll()).Status).toBe('InProgress');
	expect(await poll()).toMatchObject({ Status: 'Completed', TotalPages: 1 });
});

it('refuses an unknown cube, dimension type, Scenario and a call without an application session', async () => {
	const si = await applicationSi();
	const refused = async (endpoint: string, body: unknown) => {
		const result = await call(standIn, endpoint, body, v72);
		expect(result.status).toBe(400);
		return String(asObject(result.json()).Message);
	};
	expect(await refused('Analytics/GetDataCellsFromCube', { ...cellsBody(si), CubeName: '' })).toBe(
		'The CubeName field is required.',
	);
	expect(
		await refused('Analytics/GetDimensionHierarchy', {
			CubeName: 'AcmeCorp',
			DimensionType: 'Product',
			SI: si,
		}),
	).toBe("Invalid dimension type 'Product'.");
	expect(
		await refused('Analytics/GetDataCellsFromCube', cellsBody(si, { Scenario: 'Forecast' })),
	).toContain('Scenario');
	const logon = await call(
		standIn,
		'Authentication/Logon',
		{ BaseWebServerUrl: standIn.webServerUrl },
		v72,
	);
	expect(
		await refused('Analytics/GetCubeList', { SI: asObject(logon.json())['Logon SessionInfo'] }),
	).toBe('Invalid SessionInfo.');
});

it('validates the analytics options', () => {
	expect(parseOptionsPatch({ analytics: { pageRows: 10 } })).toEqual({
		analytics: {
			pageRows: 10,
			runningPolls: 0,
			runningStatus: 'Simmering',
			pageRunningPolls: 0,
			repeatFirstPage: false,
		},
	});
	expect(() => parseOptionsPatch({ analytics: { repeatFirstPage: 'yes' } })).toThrow(
		'analytics.repeatFirstPage must be a boolean',
	);
	expect(() => parseOptionsPatch({ analytics: { pageRows: 0 } })).toThrow(
		'analytics.pageRows must be a whole number ≥ 1',
	);
	expect(() => parseOptionsPatch({ analytics: { pages: 1 } })).toThrow(
		"unknown analytics option 'pages'",
	);
});
