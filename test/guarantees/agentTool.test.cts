/**
 * The node as an AI agent's tool, on both paths n8n runs tools (support/agent.cts): a job is sent
 * at most once per tool call under every job fault, also with Retry On Fail on (n8n-core retries
 * a direct call with a new run index for every try); jobs and SQL need the user's opt-in; reads
 * give the model at most Max Rows rows and stop reading there; and the PAT stays out of it all.
 */
import * as fs from 'node:fs';

import type { IDataObject } from 'n8n-workflow';

import type { StandIn } from '../standin/index.cjs';
import { EXPIRED_PAT } from '../standin/index.cjs';
import type { ToolPath, ToolRunResult } from '../support/agent.cjs';
import { runAsTool } from '../support/agent.cjs';
import { expectNoSecretIn, trackUncaught } from '../support/checks.cjs';
import {
	closedPort,
	expectUnknownOutcomeText,
	failingParameters,
	JOB_FAULT_CASES,
	waitUntil,
} from '../support/jobFaults.cjs';
import type { JobOperation } from '../support/standIn.cjs';
import {
	CANARY_PAT,
	canaryCredentials,
	JOB_OPERATIONS,
	perItemCounts,
	READ_OPERATIONS,
	requestsTo,
	settleRuns,
	startFaultStandIn,
} from '../support/standIn.cjs';

const PATHS: ToolPath[] = ['direct', 'engine'];
const MAX_TRIES = 3;

/** The item tag the stand-in counts jobs by, filled by the model. */
const ITEM_FROM_MODEL = {
	variable: [{ name: 'pItem', value: "={{ $fromAI('item', 'Tag of this call', 'string') }}" }],
};

let standIn: StandIn;
let closedPortUrl: string;
const uncaught = trackUncaught();

beforeAll(async () => {
	standIn = await startFaultStandIn();
	closedPortUrl = await closedPort();
});

/** What OneStream received per tool call, by path, operation and fault: written when asked. */
const matrix: string[] = [];

afterAll(async () => {
	uncaught.stop();
	await standIn.close();
	// ONESTREAM_AGENT_MATRIX=<file> writes the measured counts, for release notes.
	const report = process.env.ONESTREAM_AGENT_MATRIX;
	if (report) fs.writeFileSync(report, matrix.join('\n') + '\n');
});

beforeEach(() => {
	standIn.reset();
});

afterEach(() => {
	uncaught.check();
});

function jobParameters(operation: JobOperation, extra: IDataObject = {}): IDataObject {
	return JOB_OPERATIONS[operation].parameters({
		substitutionVariables: ITEM_FROM_MODEL,
		allowAgentJobs: true,
		...extra,
	});
}

function expectNoPat(result: ToolRunResult): void {
	expectNoSecretIn(
		{
			answers: JSON.stringify(result.calls),
			runData: result.serialized,
			logs: result.logText,
		},
		CANARY_PAT,
	);
}

describe.each(PATHS)(
	'%s tool calls: a job at most once per call, whatever Retry On Fail says',
	(path) => {
		// A timeout case waits out the node's 1-second minimum Timeout: it runs for one operation.
		describe.each(Object.keys(JOB_OPERATIONS) as JobOperation[])('%s', (operation) => {
			const endpoint = JOB_OPERATIONS[operation].endpoint;
			const cases = JOB_FAULT_CASES.filter(
				(testCase) => !testCase.timeout || operation === 'executeSequence',
			);
			it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
				'%s',
				async (_name, testCase) => {
					if (testCase.fault)
						standIn.addFault({ endpoint, afterWork: testCase.afterWork, fault: testCase.fault });
					const credentials =
						testCase.credentials === 'expiredPat'
							? canaryCredentials(standIn, { personalAccessToken: EXPIRED_PAT })
							: testCase.credentials === 'refused'
								? canaryCredentials({ url: closedPortUrl })
								: canaryCredentials(standIn);
					const result = await runAsTool({
						path,
						parameters: jobParameters(operation, {
							...(testCase.failingJob ? failingParameters(operation) : {}),
							options: testCase.timeout ? { timeout: testCase.timeout } : {},
						}),
						// Two calls from the model: each is its own job.
						calls: [{ item: 'c0' }, { item: 'c1' }],
						credentials,
						retryOnFail: true,
						maxTries: MAX_TRIES,
					});
					if (testCase.lateRun) await waitUntil(() => standIn.runs.length >= 2, 10_000);
					await settleRuns(standIn);

					const counts = perItemCounts(standIn, endpoint);
					matrix.push(
						[
							path,
							operation,
							testCase.name,
							...['c0', 'c1'].map((call) => {
								const count = counts.get(call) ?? { requests: 0, runs: 0 };
								return `${count.requests} sent/${count.runs} ran`;
							}),
						].join(' | '),
					);
					for (const call of ['c0', 'c1']) {
						const count = counts.get(call) ?? { requests: 0, runs: 0 };
						// A job that may have run is never sent again; one that provably did not start is
						// sent again on each of n8n's tries, and never runs.
						const requests =
							testCase.credentials === 'refused'
								? 0
								: testCase.outcome === 'notRun'
									? MAX_TRIES
									: 1;
						expect({ call, requests: count.requests, runs: count.runs }).toEqual({
							call,
							requests,
							runs: testCase.ran ? 1 : 0,
						});
					}

					// The agent is told the true outcome.
					expect(result.calls).toHaveLength(2);
					for (const call of result.calls) {
						if (testCase.outcome === 'success') {
							expect(call.error).toBeUndefined();
							expect(JSON.stringify(call.answer)).toMatch(/"success":true/);
							continue;
						}
						expect(typeof call.error).toBe('string');
						if (testCase.outcome === 'unknown') expectUnknownOutcomeText(call.error);
						else expect(call.error).not.toMatch(/may still be running/);
					}
					expectNoPat(result);
				},
			);
		});

		it('a tool-call id reused in a later turn is a new call: other arguments, or after a success', async () => {
			// Some OpenAI-compatible servers number tool calls per turn: call_0 comes back in turn 2.
			const result = await runAsTool({
				path,
				parameters: jobParameters('executeSequence'),
				turns: [[{ item: 'Houston' }], [{ item: 'Austin' }], [{ item: 'Austin' }]],
				credentials: canaryCredentials(standIn),
				retryOnFail: true,
				maxTries: MAX_TRIES,
			});
			await settleRuns(standIn);
			expect(result.calls.map((call) => call.error)).toEqual([undefined, undefined, undefined]);
			const told = result.calls.map(
				(call) => JSON.stringify(call.answer).match(/"pItem":"(\w+)"/)?.[1],
			);
			// Each call is told of its own job, never of an earlier call's.
			expect(told).toEqual(['Houston', 'Austin', 'Austin']);
			const counts = perItemCounts(standIn, 'DataManagement/ExecuteSequence');
			expect(counts.get('Houston')).toEqual({ requests: 1, runs: 1 });
			expect(counts.get('Austin')).toEqual({ requests: 2, runs: 2 });
		});

		it('a new call from the model after an unknown outcome is a new job (the user allowed jobs)', async () => {
			standIn.addFault({
				endpoint: 'DataManagement/ExecuteSequence',
				afterWork: true,
				times: 1,
				fault: { kind: 'reset' },
			});
			const result = await runAsTool({
				path,
				parameters: jobParameters('executeSequence'),
				calls: [{ item: 'c0' }, { item: 'c0' }],
				credentials: canaryCredentials(standIn),
				retryOnFail: true,
				maxTries: MAX_TRIES,
			});
			await settleRuns(standIn);
			// The engine may run the two calls in either order: one met the fault, the other did not.
			const failed = result.calls.filter((call) => call.error !== undefined);
			expect(failed).toHaveLength(1);
			expectUnknownOutcomeText(failed[0].error);
			const succeeded = result.calls.filter((call) => call.error === undefined);
			expect(JSON.stringify(succeeded[0].answer)).toMatch(/"success":true/);
			expect(perItemCounts(standIn, 'DataManagement/ExecuteSequence').get('c0')).toEqual({
				requests: 2,
				runs: 2,
			});
		});
	},
);

describe.each(PATHS)('%s tool calls: jobs and SQL only with the opt-in', (path) => {
	it.each(Object.keys(JOB_OPERATIONS) as JobOperation[])(
		'%s is refused without "Allow AI Agents to Run This Job", and nothing is sent',
		async (operation) => {
			const result = await runAsTool({
				path,
				parameters: jobParameters(operation, { allowAgentJobs: false }),
				calls: [{ item: 'c0' }],
				credentials: canaryCredentials(standIn),
				retryOnFail: true,
			});
			expect(result.calls[0].error).toMatch(
				/This OneStream tool may not run Data Management jobs for an AI agent/,
			);
			expect(result.calls[0].error).toMatch(/Nothing was sent to OneStream/);
			expect(result.calls[0].error).toMatch(/Allow AI Agents to Run This Job/);
			expect(standIn.requests).toHaveLength(0);
		},
	);

	it.each([
		['"true"', '={{ "true" }}'],
		['true', '={{ true }}'],
		[
			'$fromAI (the model would grant itself the write)',
			"={{ $fromAI('allow', 'May the job run?', 'boolean') }}",
		],
	])('an expression that gives %s does not count as the opt-in', async (_label, value) => {
		const result = await runAsTool({
			path,
			parameters: jobParameters('executeSequence', { allowAgentJobs: value }),
			calls: [{ item: 'c0', allow: true }],
			credentials: canaryCredentials(standIn),
		});
		expect(result.calls[0].error).toMatch(/may not run Data Management jobs/);
		expect(result.calls[0].error).toMatch(/an expression there is not accepted/);
		expect(standIn.requests).toHaveLength(0);
	});

	it('an expression for "Allow AI Agents to Run SQL" does not count either', async () => {
		const result = await runAsTool({
			path,
			parameters: READ_OPERATIONS.runSql.parameters({
				allowAgentSql: "={{ $fromAI('allowSql', 'May SQL run?', 'boolean') }}",
			}),
			calls: [{ allowSql: true }],
			credentials: canaryCredentials(standIn),
		});
		expect(result.calls[0].error).toMatch(/may not run SQL queries for an AI agent/);
		expect(standIn.requests).toHaveLength(0);
	});

	it('Run SQL Query is refused without "Allow AI Agents to Run SQL", and runs with it', async () => {
		const refused = await runAsTool({
			path,
			parameters: READ_OPERATIONS.runSql.parameters(),
			calls: [{}],
			credentials: canaryCredentials(standIn),
		});
		expect(refused.calls[0].error).toMatch(/may not run SQL queries for an AI agent/);
		expect(refused.calls[0].error).toMatch(/Allow AI Agents to Run SQL/);
		expect(standIn.requests).toHaveLength(0);

		const allowed = await runAsTool({
			path,
			parameters: READ_OPERATIONS.runSql.parameters({ allowAgentSql: true }),
			calls: [{}],
			credentials: canaryCredentials(standIn),
		});
		expect(allowed.calls[0].error).toBeUndefined();
		expect(requestsTo(standIn, READ_OPERATIONS.runSql.endpoint)).toHaveLength(1);
	});

	it('reads need no opt-in', async () => {
		const result = await runAsTool({
			path,
			parameters: READ_OPERATIONS.getDataAdapter.parameters(),
			calls: [{}],
			credentials: canaryCredentials(standIn),
		});
		expect(result.calls[0].error).toBeUndefined();
		expectNoPat(result);
	});
});

/** The single answer item of a read, as the model gets it. */
function readAnswer(result: ToolRunResult): IDataObject {
	expect(result.calls[0].error).toBeUndefined();
	const answer = result.calls[0].answer;
	expect(Array.isArray(answer) && answer.length === 1).toBe(true);
	return (answer as IDataObject[])[0];
}

describe.each(PATHS)('%s tool calls: answers sized for a model', (path) => {
	const bigExport = (rows: number, extra: IDataObject = {}) =>
		READ_OPERATIONS.getDataAdapter.parameters({
			adapterName: 'Big_Export',
			substitutionVariables: { variable: [{ name: 'pRows', value: String(rows) }] },
			...extra,
		});

	it('gives at most Max Rows rows, says plainly that more exist, and stops reading there', async () => {
		const result = await runAsTool({
			path,
			parameters: bigExport(2_000_000, { maxRows: 25 }),
			calls: [{}],
			credentials: canaryCredentials(standIn),
		});
		const answer = readAnswer(result);
		expect(answer).toMatchObject({ table: 'Results', rowCount: 25, limited: true });
		expect(answer.note).toMatch(/Only the first 25 rows are returned .*more rows exist/);
		expect((answer.rows as IDataObject[]).map((row) => row.RowId)).toEqual(
			Array.from({ length: 25 }, (_, i) => i + 1),
		);
		// The node closed the connection long before the 2,000,000 rows were sent.
		const [request] = requestsTo(standIn, READ_OPERATIONS.getDataAdapter.endpoint);
		await waitUntil(() => request.complete !== undefined, 5000);
		expect(request.complete).toBe(false);
	});

	it('stops at the Max Answer Size before Max Rows when rows are wide, says so, and stops reading', async () => {
		const result = await runAsTool({
			path,
			// 40 rows of about 2 MB each: about 80 MB without a size limit.
			parameters: bigExport(40, {
				maxRows: 40,
				substitutionVariables: {
					variable: [
						{ name: 'pRows', value: '40' },
						{ name: 'pMemoBytes', value: String(2 * 1024 * 1024) },
					],
				},
			}),
			calls: [{}],
			credentials: canaryCredentials(standIn),
		});
		const answer = readAnswer(result);
		expect(Buffer.byteLength(JSON.stringify(answer))).toBeLessThanOrEqual(100 * 1024);
		expect(answer).toMatchObject({ rowCount: 0, limited: true, limitedBy: 'size' });
		expect(answer.note).toMatch(
			/first row alone is larger than the tool's Max Answer Size \(100 KB\)/,
		);
		const [request] = requestsTo(standIn, READ_OPERATIONS.getDataAdapter.endpoint);
		await waitUntil(() => request.complete !== undefined, 5000);
		expect(request.complete).toBe(false);
	});

	it('fits as many rows as the Max Answer Size allows, with the columns asked for', async () => {
		const result = await runAsTool({
			path,
			parameters: bigExport(1000, {
				maxRows: 1000,
				maxAnswerKb: 8,
				substitutionVariables: {
					variable: [
						{ name: 'pRows', value: '1000' },
						{ name: 'pMemoBytes', value: '500' },
					],
				},
			}),
			calls: [{}],
			credentials: canaryCredentials(standIn),
		});
		const answer = readAnswer(result);
		const size = Buffer.byteLength(JSON.stringify(answer));
		expect(size).toBeLessThanOrEqual(8 * 1024);
		expect(answer).toMatchObject({ limited: true, limitedBy: 'size' });
		const rows = answer.rows as IDataObject[];
		expect(rows.length).toBeGreaterThan(5);
		expect(rows.map((row) => row.RowId)).toEqual(
			Array.from({ length: rows.length }, (_, i) => i + 1),
		);
		expect(answer.note).toMatch(
			new RegExp(
				`Only the first ${rows.length} rows are returned: the answer stops at the tool's Max Answer Size \\(8 KB\\)`,
			),
		);

		const narrow = await runAsTool({
			path,
			parameters: bigExport(1000, {
				maxRows: 1000,
				maxAnswerKb: 8,
				columnsToReturn: 'RowId',
				substitutionVariables: {
					variable: [
						{ name: 'pRows', value: '1000' },
						{ name: 'pMemoBytes', value: '500' },
					],
				},
			}),
			calls: [{}],
			credentials: canaryCredentials(standIn),
		});
		// Fewer columns, more rows in the same size.
		expect((readAnswer(narrow).rows as IDataObject[]).length).toBeGreaterThan(rows.length * 10);
	});

	it('says nothing is missing when the answer fits, and defaults Max Rows to 100', async () => {
		const result = await runAsTool({
			path,
			parameters: bigExport(100),
			calls: [{}],
			credentials: canaryCredentials(standIn),
		});
		const answer = readAnswer(result);
		expect(answer).toMatchObject({ rowCount: 100, limited: false });
		expect(answer.note).toBeUndefined();
		const over = readAnswer(
			await runAsTool({
				path,
				parameters: bigExport(101),
				calls: [{}],
				credentials: canaryCredentials(standIn),
			}),
		);
		expect(over).toMatchObject({ rowCount: 100, limited: true });
	});

	it('returns only the Columns to Return, in that order, and names a column that is not there', async () => {
		const answer = readAnswer(
			await runAsTool({
				path,
				parameters: bigExport(3, { columnsToReturn: 'Amount, Entity' }),
				calls: [{}],
				credentials: canaryCredentials(standIn),
			}),
		);
		expect((answer.rows as IDataObject[]).map((row) => Object.keys(row))).toEqual([
			['Amount', 'Entity'],
			['Amount', 'Entity'],
			['Amount', 'Entity'],
		]);
		const missing = await runAsTool({
			path,
			parameters: bigExport(3, { columnsToReturn: 'Amount, Amout' }),
			calls: [{}],
			credentials: canaryCredentials(standIn),
		});
		expect(missing.calls[0].error).toMatch(/The answer has no column "Amout"/);
		expect(missing.calls[0].error).toMatch(/Its columns are: RowId, AccountCode/);
	});

	it('never answers with a file: file output set before becomes rows', async () => {
		const answer = readAnswer(
			await runAsTool({
				path,
				parameters: bigExport(2, { output: 'file', fileFormat: 'csv' }),
				calls: [{}],
				credentials: canaryCredentials(standIn),
			}),
		);
		expect(answer).toMatchObject({ rowCount: 2, limited: false });
	});

	it('takes the substitution variables as one JSON object the model fills', async () => {
		const result = await runAsTool({
			path,
			parameters: READ_OPERATIONS.getDataAdapter.parameters({
				substitutionVariables: {},
				substitutionVariablesJson:
					"={{ $fromAI('substitutionVariables', 'Names and values', 'json') }}",
			}),
			calls: [{ substitutionVariables: { pScenario: 'Actual', pTime: '2026M1' } }],
			credentials: canaryCredentials(standIn),
		});
		expect(result.calls[0].error).toBeUndefined();
		const [request] = requestsTo(standIn, READ_OPERATIONS.getDataAdapter.endpoint);
		expect((request.body as IDataObject).CustomSubstVarsAsCommaSeparatedPairs).toBe(
			'pScenario=[Actual],pTime=[2026M1]',
		);

		const bad = await runAsTool({
			path,
			parameters: READ_OPERATIONS.getDataAdapter.parameters({
				substitutionVariables: {},
				substitutionVariablesJson:
					"={{ $fromAI('substitutionVariables', 'Names and values', 'json') }}",
			}),
			calls: [{ substitutionVariables: { 'p Scenario': 'Actual' } }],
			credentials: canaryCredentials(standIn),
		});
		expect(bad.calls[0].error).toMatch(/has an invalid name: "p Scenario"/);
		expect(requestsTo(standIn, READ_OPERATIONS.getDataAdapter.endpoint)).toHaveLength(1);
	});
});

describe('what the model is told about the tool (direct path: the tool n8n builds)', () => {
	it.each([
		[
			'getDataAdapter',
			READ_OPERATIONS.getDataAdapter.parameters(),
			'Get the rows of a data adapter',
		],
		[
			'executeSequence',
			jobParameters('executeSequence'),
			'Run a data management sequence and wait for it to finish',
		],
		['runSql', READ_OPERATIONS.runSql.parameters(), 'Run a SQL query and get its rows'],
	])('%s', async (_operation, parameters, action) => {
		const result = await runAsTool({
			path: 'direct',
			parameters: { ...parameters, descriptionType: 'auto' },
			calls: [],
			credentials: canaryCredentials(standIn),
		});
		expect(result.tool?.description).toBe(`${action} in OneStream`);
	});
});
