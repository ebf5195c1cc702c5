/**
 * Cube → Get Data Cells (`Analytics/GetDataCellsFromCube`, 7.2.0), through n8n's engine against
 * the stand-in: the body (strings, the connector's defaults for blank filters, `ICFIlter`), one
 * item per cell, and the envelope followed by the transport: one page, several pages, running
 * polls, a schedule that runs out, an unknown status, a page retried alone, and the routes refused.
 */
import type { IDataObject } from 'n8n-workflow';

import type { StandIn } from '../../../../standin/index.cjs';
import { VALID_PAT } from '../../../../standin/index.cjs';
import { runOneStreamNode } from '../../../../support/harness.cjs';
import { waitUntil } from '../../../../support/jobFaults.cjs';
import {
	applicationByName,
	credentialsFor,
	expectOneStreamHeaders,
	jsonOf,
	nodeErrorMessage,
	onlyRequestTo,
	requestsTo,
	startTestStandIn,
} from '../../../../support/standIn.cjs';

const CELLS = 'Analytics/GetDataCellsFromCube';
/** A running word the node has never heard of: OneStream's own is not public. */
const RUNNING = 'Simmering';
const POLL = 'Analytics/GetDataRequest';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => {
	standIn.reset();
	standIn.setOptions({
		analytics: {
			pageRows: 50_000,
			runningPolls: 0,
			runningStatus: RUNNING,
			pageRunningPolls: 0,
			repeatFirstPage: false,
		},
	});
});

function cells(extra: IDataObject = {}, options: IDataObject = {}) {
	return {
		resource: 'cube',
		operation: 'getDataCells',
		applicationName: applicationByName(),
		cubeName: 'AcmeCorp',
		scenario: 'Actual',
		timeFilter: '2026M3',
		entityFilter: 'US.Base',
		accountFilter: 'Revenue.Base',
		options: { pollSchedule: '0, 0, 0', ...options },
		...extra,
	};
}

const pagesAsked = () =>
	requestsTo(standIn, POLL).map((request) =>
		new URL(request.rawPath, 'http://x').searchParams.get('page'),
	);

it('sends the filters as strings with the connector defaults, and returns one item per cell', async () => {
	const result = await runOneStreamNode({
		parameters: cells(),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	const request = onlyRequestTo(standIn, CELLS);
	expectOneStreamHeaders(request, VALID_PAT, '7.2.0');
	const body = request.body as IDataObject;
	expect(body.IncludeDescriptions).toBe('False');
	// As OneStream's connector: IsSystemLevel goes to the polls and pages, not to this route.
	expect(body).not.toHaveProperty('IsSystemLevel');
	expect(body.CubeName).toBe('AcmeCorp');
	expect(body.SI).toEqual({ XfBytes: expect.any(String) });
	expect(body.DataCellsFilter).toEqual({
		Scenario: 'Actual',
		TimeFilter: '2026M3',
		EntityFilter: 'US.Base',
		AccountFilter: 'Revenue.Base',
		Currency: 'Local',
		View: 'Periodic',
		OriginFilter: 'Top',
		FlowFilter: 'None',
		ICFIlter: 'None',
		UD1Filter: 'None',
		UD2Filter: 'None',
		UD3Filter: 'None',
		UD4Filter: 'None',
		UD5Filter: 'None',
		UD6Filter: 'None',
		UD7Filter: 'None',
		UD8Filter: 'None',
	});
	const rows = jsonOf(result.output);
	// Houston, Dallas, Austin × Sales, Services.
	expect(rows.map((row) => [row.Entity, row.Account])).toEqual([
		['Houston', 'Sales'],
		['Houston', 'Services'],
		['Dallas', 'Sales'],
		['Dallas', 'Services'],
		['Austin', 'Sales'],
		['Austin', 'Services'],
	]);
	expect(Object.keys(rows[0])).toEqual([
		'Entity',
		'Consolidation',
		'Scenario',
		'Time',
		'Time_StartDate',
		'Time_EndDate',
		'View',
		'Account',
		'Flow',
		'Origin',
		'IC',
		'UD1',
		'UD2',
		'UD3',
		'UD4',
		'UD5',
		'UD6',
		'UD7',
		'UD8',
		'CellValue',
	]);
	expect(rows[0]).toMatchObject({
		Time: '2026M3',
		Time_StartDate: '2026-03-01',
		Time_EndDate: '2026-03-31',
	});
	expect(requestsTo(standIn, POLL)).toHaveLength(0);
});

it('adds the description columns when asked, and passes user-defined filters', async () => {
	const result = await runOneStreamNode({
		parameters: cells({
			includeDescriptions: true,
			entityFilter: 'Houston',
			accountFilter: 'Sales',
			udFilters: { ud1Filter: 'P0001, P0002', ud2Filter: 'Online' },
		}),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	const body = onlyRequestTo(standIn, CELLS).body as IDataObject;
	expect(body.IncludeDescriptions).toBe('True');
	expect((body.DataCellsFilter as IDataObject).UD1Filter).toBe('P0001, P0002');
	const rows = jsonOf(result.output);
	expect(rows.map((row) => [row.UD1, row.UD2, row.Entity_Desc, row.UD1_Desc])).toEqual([
		['P0001', 'Online', 'Houston Operations', 'Product 1'],
		['P0002', 'Online', 'Houston Operations', 'Product 2'],
	]);
});

it('fetches every page of a large answer, one at a time, in order, with exactly every cell', async () => {
	standIn.setOptions({ analytics: { pageRows: 7 } });
	const result = await runOneStreamNode({
		parameters: cells({ entityFilter: 'Total_Acme.Base', accountFilter: 'NetIncome.Base' }),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	// 5 entities × 4 accounts = 20 cells in pages of 7: 3 pages.
	expect(pagesAsked()).toEqual(['2', '3']);
	const rows = jsonOf(result.output);
	expect(rows).toHaveLength(20);
	expect(new Set(rows.map((row) => `${String(row.Entity)}/${String(row.Account)}`)).size).toBe(20);
	expect(rows[0].Entity).toBe('Houston');
	expect(rows[19]).toMatchObject({ Entity: 'Paris', Account: 'Opex' });
	for (const request of requestsTo(standIn, POLL)) {
		expect(request.body).toMatchObject({ IsSystemLevel: 'False', RequestId: expect.any(String) });
	}
});

it('polls while the request runs (K running answers), then reads the pages', async () => {
	standIn.setOptions({ analytics: { pageRows: 4, runningPolls: 3 } });
	const result = await runOneStreamNode({
		parameters: cells(),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	// The first answer and two polls say Simmering; the third poll has page 1; then pages 2 of 2.
	expect(pagesAsked()).toEqual(['1', '1', '1', '2']);
	expect(jsonOf(result.output)).toHaveLength(6);
});

it('gives up when the poll schedule runs out, naming the request and the polls', async () => {
	standIn.setOptions({ analytics: { runningPolls: 10 } });
	const result = await runOneStreamNode({
		parameters: cells(),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toMatch(
		/^OneStream had not finished request req-\S+ for the cells of cube "AcmeCorp" \(Actual, 2026M3\) after 3 polls over 0 s \(status "Simmering"\)$/,
	);
	expect(result.nodeError?.description).toContain('Poll Schedule');
	expect(pagesAsked()).toEqual(['1', '1', '1']);
});

it('stops at the Timeout rather than wait for a poll past it', async () => {
	standIn.setOptions({ analytics: { runningPolls: 10 } });
	const started = Date.now();
	const result = await runOneStreamNode({
		parameters: cells({}, { pollSchedule: '0.2, 30', timeout: 1500 }),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain("when the read's Timeout was reached (1 polls");
	expect(Date.now() - started).toBeLessThan(15_000);
});

it('reads a 3-page answer whose running word it has never heard, pages not yet Completed polled again', async () => {
	standIn.setOptions({ analytics: { pageRows: 2, runningPolls: 2, pageRunningPolls: 1 } });
	const result = await runOneStreamNode({
		parameters: cells(),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	// The first answer and one poll say Simmering; page 1; pages 2 and 3 each once Simmering.
	expect(pagesAsked()).toEqual(['1', '1', '2', '2', '3', '3']);
	expect(jsonOf(result.output)).toHaveLength(6);
});

it('still runs a workflow saved with the former Running Statuses option', async () => {
	standIn.setOptions({ analytics: { runningPolls: 1 } });
	const result = await runOneStreamNode({
		parameters: cells({}, { runningStatuses: 'Running, Cooking' }),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect(jsonOf(result.output)).toHaveLength(6);
});

describe('a page that is not one fails the read clearly, and no rows come out', () => {
	const envelope = (extra: IDataObject) => JSON.stringify({ Status: 'Completed', ...extra });
	it.each<[string, string, RegExp]>([
		['{}', '{}', /with an empty object instead of a page$/],
		[
			'an expiry message',
			JSON.stringify({ Message: 'Request has expired.' }),
			/with "Request has expired\." instead of a page$/,
		],
		[
			'a page of another request',
			envelope({ RequestId: 'req-other', TotalPages: 3, DataResult: [] }),
			/with a page of another request \(req-other\)$/,
		],
	])('page 2 answered with %s', async (_name, body, message) => {
		standIn.setOptions({ analytics: { pageRows: 2 } });
		standIn.addFault({
			endpoint: POLL,
			times: 1,
			fault: { kind: 'raw', status: 200, contentType: 'application/json', body },
		});
		const result = await runOneStreamNode({
			parameters: cells(),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('error');
		expect(nodeErrorMessage(result)).toMatch(
			/^OneStream answered page 2 of the cells of cube "AcmeCorp" \(Actual, 2026M3\) \(request req-\S+\) /,
		);
		expect(nodeErrorMessage(result)).toMatch(message);
		expect(result.output).toEqual([]);
	});

	it('page 2 that repeats page 1 (a proxy that ignores ?page=)', async () => {
		standIn.setOptions({ analytics: { pageRows: 2, repeatFirstPage: true } });
		const result = await runOneStreamNode({
			parameters: cells(),
			credentials: credentialsFor(standIn),
		});
		expect(nodeErrorMessage(result)).toMatch(/with the rows of page 1$/);
		expect(result.output).toEqual([]);
	});

	it('a poll answered {} is not a Completed answer without rows', async () => {
		standIn.setOptions({ analytics: { runningPolls: 1 } });
		standIn.addFault({
			endpoint: POLL,
			times: 1,
			fault: { kind: 'raw', status: 200, contentType: 'application/json', body: '{}' },
		});
		const result = await runOneStreamNode({
			parameters: cells(),
			credentials: credentialsFor(standIn),
		});
		expect(nodeErrorMessage(result)).toMatch(
			/^OneStream answered the poll of the cells .* with an empty object instead of a page$/,
		);
	});
});

it('keeps the polls and their retries within the one Timeout', async () => {
	standIn.setOptions({ analytics: { runningPolls: 1 } });
	standIn.addFault({
		endpoint: POLL,
		fault: { kind: 'status', status: 503, retryAfter: '1' },
	});
	const started = Date.now();
	const result = await runOneStreamNode({
		parameters: cells({}, { timeout: 2500, maxRetries: 10, retryDelay: 10 }),
		credentials: credentialsFor(standIn),
	});
	const elapsedMs = Date.now() - started;
	expect(nodeErrorMessage(result)).toMatch(/Service Unavailable|503/);
	// Retries 1 s apart within 2.5 s: at most the poll and two retries (the old per-try deadline
	// allowed all ten).
	expect(requestsTo(standIn, POLL).length).toBeLessThanOrEqual(3);
	console.log(`Timeout 2500 ms, polls answered 503: the read ended after ${elapsedMs} ms`);
});

it('stops a wait between polls at once when the execution is cancelled', async () => {
	standIn.setOptions({ analytics: { runningPolls: 5 } });
	let cancelledAt = 0;
	const result = await runOneStreamNode({
		// A wait of an hour within a Timeout of two: only the cancel can end this read in time.
		parameters: cells({}, { pollSchedule: '3600', timeout: 7_200_000 }),
		credentials: credentialsFor(standIn),
		cancelWhen: async () => {
			// Once the first answer is out, the node is reading it or waiting: either ends at once.
			await waitUntil(() => requestsTo(standIn, CELLS)[0]?.complete === true, 30_000);
			cancelledAt = Date.now();
		},
	});
	const afterCancelMs = Date.now() - cancelledAt;
	expect(result.status).toBe('canceled');
	expect(requestsTo(standIn, POLL)).toHaveLength(0);
	console.log(`cancelled during a 3600 s wait: the run ended ${afterCancelMs} ms later`);
});

it('retries a page alone after a transient failure: no page is read twice into the output', async () => {
	standIn.setOptions({ analytics: { pageRows: 2 } });
	standIn.addFault({ endpoint: POLL, times: 1, fault: { kind: 'resetMidBody' } });
	const result = await runOneStreamNode({
		parameters: cells({}, { retryDelay: 0 }),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	// 6 cells in 3 pages: page 2 failed mid-answer and was read again; page 1 was not.
	expect(pagesAsked()).toEqual(['2', '2', '3']);
	expect(requestsTo(standIn, CELLS)).toHaveLength(1);
	const rows = jsonOf(result.output);
	expect(rows.map((row) => `${String(row.Entity)}/${String(row.Account)}`)).toEqual([
		'Houston/Sales',
		'Houston/Services',
		'Dallas/Sales',
		'Dallas/Services',
		'Austin/Sales',
		'Austin/Services',
	]);
});

it('stops fetching pages once Max Rows is reached, and says the answer had more', async () => {
	standIn.setOptions({ analytics: { pageRows: 2 } });
	const result = await runOneStreamNode({
		parameters: cells({}, { maxRows: 3 }),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect(jsonOf(result.output)).toHaveLength(3);
	// Page 2 gave the third row and the probe row; page 3 was never asked for.
	expect(pagesAsked()).toEqual(['2']);
});

it.each([401, 403, 404])(
	'says what to check when the server refuses the Analytics routes (%i) although the token signed in',
	async (status) => {
		standIn.addFault({ endpoint: CELLS, fault: { kind: 'status', status, message: 'Denied' } });
		const result = await runOneStreamNode({
			parameters: cells(),
			credentials: credentialsFor(standIn),
		});
		expect(nodeErrorMessage(result)).toBe(
			`OneStream refused Analytics/GetDataCellsFromCube for the cells of cube "AcmeCorp" (Actual, 2026M3) (${status}): Denied, although the token signed in`,
		);
		const description = String(result.nodeError?.description);
		expect(description).toContain('platform 8.2 or later');
		expect(description).toContain("token's user");
		expect(description).not.toMatch(/expired/i);
	},
);

it.each([
	['an unknown cube', { cubeName: 'Nope' }, "Invalid cube name 'Nope'."],
	['a filter with braces', { entityFilter: '{Houston}' }, "Invalid member filter '{Houston}'."],
	[
		'a member of another dimension',
		{ accountFilter: 'Houston' },
		"Invalid member filter 'Houston'.",
	],
	['an unknown member', { timeFilter: '2031M1' }, "Invalid member filter '2031M1'."],
])("shows OneStream's refusal of %s", async (_label, extra, said) => {
	const result = await runOneStreamNode({
		parameters: cells(extra),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain(said);
	// What to check names what this operation has: no substitution variables here.
	expect(result.nodeError?.description).toMatch(/member script.*Get Dimension Hierarchy/);
	expect(result.nodeError?.description).not.toMatch(/substitution variable/i);
});

it("removes a leading token of the field's own dimension from each filter item, as OneStream would read it doubled", async () => {
	const result = await runOneStreamNode({
		parameters: cells({
			timeFilter: 'T#2026M3',
			entityFilter: 'e#Houston, E#Dallas',
			accountFilter: 'A#Sales',
			icFilter: 'IC#None',
			udFilters: { ud1Filter: 'U1#P0001, U1#P0002' },
		}),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect(onlyRequestTo(standIn, CELLS).body).toMatchObject({
		DataCellsFilter: {
			TimeFilter: '2026M3',
			EntityFilter: 'Houston, Dallas',
			AccountFilter: 'Sales',
			ICFIlter: 'None',
			UD1Filter: 'P0001, P0002',
		},
	});
	expect(jsonOf(result.output)).toHaveLength(4);
});

it("refuses another dimension's token in a filter before sending, showing the form expected", async () => {
	const result = await runOneStreamNode({
		parameters: cells({ accountFilter: 'Sales, E#Houston' }),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toBe(
		'The Account Filter "Sales, E#Houston" names another dimension (E#)',
	);
	expect(result.nodeError?.description).toBe(
		"Write the Account Filter in OneStream's member script for its own dimension, without a token, e.g. NetIncome.Base. A leading A# is removed.",
	);
	expect(requestsTo(standIn, CELLS)).toHaveLength(0);
});

it.each([
	['an empty cube name', { cubeName: '={{ "" }}' }, 'Cube is empty'],
	['an empty time filter', { timeFilter: '  ' }, 'Time Filter is empty'],
	['a number as the entity filter', { entityFilter: 42 }, 'Entity Filter'],
])('refuses %s before sending', async (_label, extra, said) => {
	const result = await runOneStreamNode({
		parameters: cells(extra),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain(said);
	expect(requestsTo(standIn, CELLS)).toHaveLength(0);
});

it('returns no items for an empty cube', async () => {
	const result = await runOneStreamNode({
		parameters: cells({ cubeName: 'EmptyCube' }),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect(result.output).toEqual([]);
});
