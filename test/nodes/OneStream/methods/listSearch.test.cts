/**
 * The editor's lists, through n8n-core's LoadOptionsContext: the Application dropdown (7.2.0
 * Logon's authorized applications), and the lists filled by SQL on the Application database
 * (workspaces, sequences, groups, steps, adapters, cube views).
 */
import type { StandIn } from '../../../standin/index.cjs';
import { EXPIRED_PAT, NON_ADMIN_PAT, sampleData, VALID_PAT } from '../../../standin/index.cjs';
import { runListSearch } from '../../../support/harness.cjs';
import {
	APPLICATION,
	credentialsFor,
	expectOneStreamHeaders,
	onlyRequestTo,
	startTestStandIn,
} from '../../../support/standIn.cjs';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

const APPLICATIONS = sampleData().applications.map((application) => application.name);

it('lists the applications Logon authorises, sorted', async () => {
	const { result } = await runListSearch('searchApplications', {
		credentials: credentialsFor(standIn),
	});
	const expected = [...APPLICATIONS].sort((a, b) => a.localeCompare(b));
	expect(expected.length).toBeGreaterThan(1);
	expect(result.results).toEqual(expected.map((name) => ({ name, value: name })));
	const request = onlyRequestTo(standIn, 'Authentication/Logon');
	expectOneStreamHeaders(request, VALID_PAT, '7.2.0');
	expect(request.body).toEqual({ BaseWebServerUrl: `${standIn.url}/OneStreamWeb` });
});

it('filters by the typed text, ignoring case', async () => {
	const { result } = await runListSearch('searchApplications', {
		credentials: credentialsFor(standIn),
		filter: '  _TEST ',
	});
	expect(result.results).toEqual(
		APPLICATIONS.filter((name) => name.toLowerCase().includes('_test')).map((name) => ({
			name,
			value: name,
		})),
	);
	expect(result.results).toHaveLength(1);
});

it('returns nothing when no application matches', async () => {
	const { result } = await runListSearch('searchApplications', {
		credentials: credentialsFor(standIn),
		filter: 'Golf',
	});
	expect(result.results).toEqual([]);
});

it('throws the PAT checklist for an expired token', async () => {
	await expect(
		runListSearch('searchApplications', { credentials: credentialsFor(standIn, EXPIRED_PAT) }),
	).rejects.toMatchObject({
		message: expect.stringContaining('401'),
		description: expect.stringContaining('AccessAsNonInteractiveUser'),
	});
});

it('tries once, so that the editor shows the reason at once (no retries with backoff)', async () => {
	standIn.addFault({
		endpoint: 'Authentication/Logon',
		fault: { kind: 'status', status: 503, message: 'Service Unavailable' },
	});
	const started = Date.now();
	await expect(
		runListSearch('searchApplications', { credentials: credentialsFor(standIn) }),
	).rejects.toMatchObject({
		message: expect.stringContaining('Service Unavailable'),
		httpCode: '503',
	});
	expect(standIn.countRequests({ endpoint: 'Authentication/Logon' })).toBe(1);
	// Printed, not asserted: reads retry 3 times with backoff from 1 s.
	process.stdout.write(`list search with a 503: 1 request, ${Date.now() - started} ms\n`);
});

// ---------------------------------------------------------------------------------------------
// The lists filled by SQL on the Application database

const SQL_ENDPOINT = 'DataProvider/GetAdoDataSetForSqlCommand';
const application = sampleData().applications.find((candidate) => candidate.name === APPLICATION);
if (!application) throw new Error(`the stand-in has no ${APPLICATION}`);

function sorted(names: string[]): Array<{ name: string; value: string }> {
	return [...new Set(names)]
		.sort((a, b) => a.localeCompare(b))
		.map((name) => ({ name, value: name }));
}

/** The SQL each list sent, in order. */
function listQueries(): string[] {
	return standIn.requests
		.filter((request) => request.endpoint === SQL_ENDPOINT)
		.map((request) => String((request.body as { SqlQuery: unknown }).SqlQuery));
}

function parametersFor(extra: Record<string, unknown> = {}) {
	return {
		resource: 'dataManagement',
		operation: 'executeSequence',
		applicationName: { __rl: true, mode: 'list', value: APPLICATION },
		...extra,
	};
}

describe.each([
	[
		'searchWorkspaces',
		() => ['Default', ...application.sequences.map((sequence) => sequence.workspace)],
		['SELECT DISTINCT Name, UniqueID FROM DashboardWorkspace WITH (NOLOCK) ORDER BY Name'],
	],
	[
		'searchDataManagementGroups',
		() => application.dmGroups.map((group) => group.name),
		['SELECT DISTINCT UniqueID, Name FROM DataMgmtGroup WITH (NOLOCK) ORDER BY Name'],
	],
	[
		'searchDataAdapters',
		() => application.adapters.map((adapter) => adapter.name),
		['SELECT DISTINCT Name FROM DashboardAdapter WITH (NOLOCK) ORDER BY Name'],
	],
	[
		'searchCubeViews',
		() => application.cubeViews.map((cubeView) => cubeView.name),
		['SELECT DISTINCT Name FROM CubeViewItem WITH (NOLOCK) ORDER BY Name'],
	],
] as const)('%s', (method, expectedNames, expectedSql) => {
	it("lists the application's objects by SQL, sorted, with the observed query", async () => {
		const { result } = await runListSearch(method, {
			credentials: credentialsFor(standIn),
			parameters: parametersFor(),
		});
		expect(expectedNames().length).toBeGreaterThan(1);
		expect(result.results).toEqual(sorted(expectedNames()));
		expect(listQueries()).toEqual(expectedSql);
		const request = onlyRequestTo(standIn, SQL_ENDPOINT);
		expectOneStreamHeaders(request, VALID_PAT, '5.2.0');
		expect(request.body).toMatchObject({ ApplicationName: APPLICATION, DbLocation: 'Application' });
	});

	it('says in one line that listing needs the Administrator role, for a token without it', async () => {
		await expect(
			runListSearch(method, {
				credentials: credentialsFor(standIn, NON_ADMIN_PAT),
				parameters: parametersFor(),
			}),
		).rejects.toMatchObject({
			message: expect.stringMatching(
				/^Listing .+ needs the Administrator role in OneStream; choose By Name and type the name instead$/,
			),
			description: expect.stringContaining('must be an Administrator'),
		});
	});
});

describe('searchSequences', () => {
	const inWorkspace = (workspace: string) =>
		application.sequences
			.filter((sequence) => sequence.workspace.toLowerCase() === workspace.toLowerCase())
			.map((sequence) => sequence.name);

	it('lists the Default workspace’s sequences when no workspace is chosen (the all-zero workspace id)', async () => {
		const { result } = await runListSearch('searchSequences', {
			credentials: credentialsFor(standIn),
			parameters: parametersFor(),
		});
		expect(result.results).toEqual(sorted(inWorkspace('Default')));
		expect(result.results).not.toContainEqual(expect.objectContaining({ name: 'Month_End_Close' }));
		expect(listQueries()).toEqual([
			"SELECT DISTINCT Name FROM DataMgmtSequence WITH (NOLOCK) WHERE WorkspaceID = N'00000000-0000-0000-0000-000000000000' ORDER BY Name",
		]);
	});

	it('lists the sequences of the chosen workspace, looking up its id first', async () => {
		const { result } = await runListSearch('searchSequences', {
			credentials: credentialsFor(standIn),
			parameters: parametersFor({
				workspaceName: { __rl: true, mode: 'list', value: 'Close_Tools' },
			}),
		});
		expect(result.results).toEqual(sorted(inWorkspace('Close_Tools')));
		expect(result.results).toEqual([{ name: 'Month_End_Close', value: 'Month_End_Close' }]);
		const queries = listQueries();
		expect(queries[0]).toBe(
			"SELECT DISTINCT Name, UniqueID FROM DashboardWorkspace WITH (NOLOCK) WHERE Name = N'Close_Tools'",
		);
		expect(queries[1]).toMatch(
			/^SELECT DISTINCT Name FROM DataMgmtSequence WITH \(NOLOCK\) WHERE WorkspaceID = N'[0-9a-f-]{36}' ORDER BY Name$/,
		);
	});

	it('says so in one line when the workspace does not exist', async () => {
		await expect(
			runListSearch('searchSequences', {
				credentials: credentialsFor(standIn),
				parameters: parametersFor({ workspaceName: 'Nowhere' }),
			}),
		).rejects.toMatchObject({
			message: 'OneStream has no workspace "Nowhere" in this application',
		});
	});

	it('cannot list by a workspace that is an expression, and says to type the name', async () => {
		await expect(
			runListSearch('searchSequences', {
				credentials: credentialsFor(standIn),
				parameters: parametersFor({
					workspaceName: { __rl: true, mode: 'name', value: '={{ $json.workspace }}' },
				}),
			}),
		).rejects.toMatchObject({
			message: expect.stringContaining('set by an expression'),
		});
		expect(standIn.requests).toHaveLength(0);
	});

	it('asks for the Application first, sending nothing', async () => {
		await expect(
			runListSearch('searchSequences', {
				credentials: credentialsFor(standIn),
				parameters: { resource: 'dataManagement', operation: 'executeSequence' },
			}),
		).rejects.toMatchObject({ message: expect.stringContaining('Pick the Application first') });
		expect(standIn.requests).toHaveLength(0);
	});
});

describe('searchSteps', () => {
	it('lists the steps of the chosen group', async () => {
		const group = application.dmGroups.find((candidate) => candidate.steps.length > 1)!;
		const { result } = await runListSearch('searchSteps', {
			credentials: credentialsFor(standIn),
			parameters: parametersFor({
				operation: 'executeStep',
				dataManagementGroupName: { __rl: true, mode: 'list', value: group.name },
			}),
		});
		expect(result.results).toEqual(sorted(group.steps.map((step) => step.name)));
		const queries = listQueries();
		expect(queries[0]).toBe(
			`SELECT DISTINCT UniqueID, Name FROM DataMgmtGroup WITH (NOLOCK) WHERE Name = N'${group.name}'`,
		);
		expect(queries[1]).toMatch(
			/^SELECT DISTINCT Name, DataMgmtGroupID FROM DataMgmtStep WITH \(NOLOCK\) WHERE DataMgmtGroupID = N'[0-9a-f-]{36}' ORDER BY Name$/,
		);
	});

	it('asks for the group first, sending nothing', async () => {
		await expect(
			runListSearch('searchSteps', {
				credentials: credentialsFor(standIn),
				parameters: parametersFor(),
			}),
		).rejects.toMatchObject({
			message: expect.stringContaining('Pick the Data Management Group first'),
		});
		expect(standIn.requests).toHaveLength(0);
	});
});

describe('names with quotes, and thousands of entries', () => {
	let crowded: StandIn;

	beforeAll(async () => {
		const data = sampleData();
		const target = data.applications.find((candidate) => candidate.name === APPLICATION)!;
		target.dmGroups.push({
			name: "O'Brien's Group",
			workspace: 'Default',
			steps: [{ name: "Load_O'Brien", durationMs: 10 }],
		});
		for (let i = 0; i < 2500; i++) {
			target.adapters.push({
				name: `Adapter_${String(i).padStart(4, '0')}`,
				workspace: 'Default',
				isSystemLevel: false,
				rows: () => [],
			});
		}
		crowded = await startTestStandIn({ data });
	});

	afterAll(async () => {
		await crowded.close();
	});

	it("quotes a name with apostrophes safely in the list's SQL", async () => {
		const { result } = await runListSearch('searchSteps', {
			credentials: credentialsFor(crowded),
			parameters: parametersFor({
				operation: 'executeStep',
				dataManagementGroupName: "O'Brien's Group",
			}),
		});
		expect(result.results).toEqual([{ name: "Load_O'Brien", value: "Load_O'Brien" }]);
		const sql = crowded.requests.map((request) => (request.body as { SqlQuery: string }).SqlQuery);
		expect(sql[0]).toBe(
			"SELECT DISTINCT UniqueID, Name FROM DataMgmtGroup WITH (NOLOCK) WHERE Name = N'O''Brien''s Group'",
		);
	});

	it('pages through 2,500 adapters 100 at a time, and searches them', async () => {
		const before = crowded.requests.length;
		const seen: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const { result } = await runListSearch('searchDataAdapters', {
				credentials: credentialsFor(crowded),
				parameters: parametersFor(),
				paginationToken: token,
			});
			expect(result.results.length).toBeLessThanOrEqual(100);
			seen.push(...result.results.map((entry) => String(entry.value)));
			token = result.paginationToken as string | undefined;
			pages++;
		} while (token !== undefined && pages < 100);
		const all = crowded.requests.length - before;
		expect(pages).toBe(Math.ceil((2500 + application.adapters.length) / 100));
		expect(new Set(seen).size).toBe(2500 + application.adapters.length);
		expect(all).toBe(pages);

		const { result } = await runListSearch('searchDataAdapters', {
			credentials: credentialsFor(crowded),
			parameters: parametersFor(),
			filter: 'adapter_24',
		});
		expect(result.results.map((entry) => entry.value)).toEqual(
			Array.from({ length: 100 }, (_, i) => `Adapter_${2400 + i}`),
		);
		expect(result.paginationToken).toBeUndefined();
	});
});

describe('faults', () => {
	it.each([
		[
			'a timeout',
			{ kind: 'delay', ms: 20_000 } as const,
			/^Could not list the cube views: .*timeout.*\. Choose By Name and type the name instead$/i,
		],
		[
			'an HTML page from a proxy',
			{ kind: 'status', status: 502, html: true } as const,
			/^Could not list the cube views: .*502.*\. Choose By Name and type the name instead$/,
		],
	])(
		'reports %s in one line, after one request',
		async (_label, fault, message) => {
			standIn.addFault({ endpoint: SQL_ENDPOINT, fault });
			const started = Date.now();
			const failure = runListSearch('searchCubeViews', {
				credentials: credentialsFor(standIn),
				// The node's Timeout, shorter than the lists' own 15 s, bounds the list too.
				parameters: parametersFor({ options: { timeout: 1000 } }),
			});
			await expect(failure).rejects.toMatchObject({ message: expect.stringMatching(message) });
			expect(standIn.countRequests({ endpoint: SQL_ENDPOINT })).toBe(1);
			process.stdout.write(`cube view list, ${_label}: ${Date.now() - started} ms\n`);
		},
		30_000,
	);
});

describe('searchCubes (Analytics/GetCubeList, 7.2.0)', () => {
	it("lists the application's cubes after opening it, filtered by the typed text", async () => {
		const { result } = await runListSearch('searchCubes', {
			credentials: credentialsFor(standIn),
			parameters: parametersFor(),
		});
		expect(result.results).toEqual(
			['AcmeCorp', 'AcmePlan', 'EmptyCube'].map((name) => ({ name, value: name })),
		);
		const request = onlyRequestTo(standIn, 'Analytics/GetCubeList');
		expectOneStreamHeaders(request, VALID_PAT, '7.2.0');
		expect(request.body).toEqual({ IsSystemLevel: 'False', SI: { XfBytes: expect.any(String) } });
		const filtered = await runListSearch('searchCubes', {
			credentials: credentialsFor(standIn),
			parameters: parametersFor(),
			filter: 'plan',
		});
		expect(filtered.result.results).toEqual([{ name: 'AcmePlan', value: 'AcmePlan' }]);
	});

	it('says the routes were refused, not that the Administrator role is missing, on a 403', async () => {
		standIn.addFault({ endpoint: 'Analytics/GetCubeList', fault: { kind: 'status', status: 403 } });
		await expect(
			runListSearch('searchCubes', {
				credentials: credentialsFor(standIn),
				parameters: parametersFor(),
			}),
		).rejects.toMatchObject({
			message: expect.stringMatching(
				/^Could not list the cubes: OneStream refused Analytics\/GetCubeList .*although the token signed in\. Choose By Name and type the name instead$/,
			),
		});
	});
});
