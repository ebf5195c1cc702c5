/**
 * The transport's client inside a real n8n-core node execution, over real HTTP to the stand-in:
 * jobs are sent once and end at their deadline with an unknown outcome; reads end at theirs and
 * are not retried for it; 7.2.0 sessions too. Deadlines here are 200 ms, shorter than the node's
 * 1-second minimum Timeout, so these cases run fast; the guarantee suites run one of each at the
 * node level.
 */
import type { IDataObject } from 'n8n-workflow';

import type { JobOutcome } from '../../../../nodes/OneStream/shared/errors';
import { OneStreamError, toNodeError } from '../../../../nodes/OneStream/shared/errors';
import { RowCollector } from '../../../../nodes/OneStream/dataSet/sinks';
import { OneStreamClient } from '../../../../nodes/OneStream/transport/client';
import type { Fault, StandIn } from '../../../standin/index.cjs';
import { expectReadable } from '../../../support/checks.cjs';
import { runInNode } from '../../../support/harness.cjs';
import { APPLICATION, credentialsFor, requestsTo, settleRuns, startFaultStandIn } from '../../../support/standIn.cjs';

const DEADLINE_MS = 200;
/** Slack for a slow machine: the call must end well before the fault would have ended it. */
const SLACK_MS = 1500;
const NO_RETRY = { maxRetries: 0, baseDelayMs: 0 };
const RETRIES = { maxRetries: 4, baseDelayMs: 10 };

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startFaultStandIn();
	standIn.setSequenceDuration('Slow_Close', 500);
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

async function withClient<T>(task: (client: OneStreamClient) => Promise<T>): Promise<{ value?: T; error?: unknown; elapsedMs: number }> {
	return await runInNode(credentialsFor(standIn), async (ctx) => await task(await OneStreamClient.connect(ctx)));
}

function oneStreamError(error: unknown): OneStreamError {
	expect(error).toBeInstanceOf(OneStreamError);
	const typed = error as OneStreamError;
	// As the router shows it: readable, with a fix.
	const shown = toNodeError({ id: 'n', name: 'OneStream', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }, typed, 0, '');
	expectReadable(shown.message, 'message');
	expectReadable(shown.description, 'description');
	return typed;
}

interface JobEndpoint {
	label: string;
	endpoint: 'DataManagement/ExecuteSequence' | 'DataManagement/ExecuteStep';
	body: (name?: string) => IDataObject;
}

const JOBS: JobEndpoint[] = [
	{
		label: 'Execute Sequence',
		endpoint: 'DataManagement/ExecuteSequence',
		body: (name = 'Load_Actuals') => ({ ApplicationName: APPLICATION, SequenceName: name }),
	},
	{
		label: 'Execute Step',
		endpoint: 'DataManagement/ExecuteStep',
		body: () => ({ ApplicationName: APPLICATION, DataManagementGroupName: 'Integration', StepName: 'Import_GL' }),
	},
	{
		label: 'Business Rule › Execute (its step)',
		endpoint: 'DataManagement/ExecuteStep',
		body: () => ({ ApplicationName: APPLICATION, DataManagementGroupName: 'Integration', StepName: 'Run_Export_Rule' }),
	},
];

const JOB_DEADLINES: Array<{ name: string; fault?: Fault; afterWork?: boolean; slowSequence?: boolean; says: RegExp }> = [
	{ name: 'no answer before the work', fault: { kind: 'delay', ms: 3000 }, says: /no answer within the timeout of 200 ms\. The outcome is unknown$/ },
	{ name: 'no answer after the work', fault: { kind: 'delay', ms: 3000 }, afterWork: true, says: /no answer within the timeout of 200 ms\. The outcome is unknown$/ },
	{ name: 'an answer that stalls mid-body', fault: { kind: 'stallMidBody' }, afterWork: true, says: /no answer within the timeout of 200 ms/ },
	{ name: 'a job that outlives the timeout', slowSequence: true, says: /no answer within the timeout of 200 ms\. The outcome is unknown$/ },
];

describe.each(JOBS)('$label: one request, and the deadline ends it with an unknown outcome', (job) => {
	it.each(JOB_DEADLINES.filter((c) => !c.slowSequence || job.endpoint === 'DataManagement/ExecuteSequence'))('$name', async (testCase) => {
		if (testCase.fault) standIn.addFault({ endpoint: job.endpoint, afterWork: testCase.afterWork, fault: testCase.fault });
		const outcome = await withClient(async (client) =>
			await client.job({
				endpoint: job.endpoint,
				apiVersion: '5.2.0',
				body: { BaseWebServerUrl: client.webServerUrl, ...job.body(testCase.slowSequence ? 'Slow_Close' : undefined) },
				subject: `the ${job.label} job`,
				timeoutMs: DEADLINE_MS,
			}),
		);
		const error = oneStreamError(outcome.error);
		expect(error.jobOutcome).toBe<JobOutcome>('unknown');
		expect(error.message).toMatch(testCase.says);
		expect(error.description).toMatch(/may still be running in OneStream/);
		expect(error.description).toMatch(/did not send it again/);
		expect(outcome.elapsedMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
		expect(requestsTo(standIn, job.endpoint)).toHaveLength(1);
		await settleRuns(standIn);
	});
});

interface ReadEndpoint {
	label: string;
	endpoint: string;
	body: IDataObject;
}

const READS: ReadEndpoint[] = [
	{ label: 'data adapter', endpoint: 'DataProvider/GetAdoDataSetForAdapter', body: { AdapterName: 'GL_Export', WorkspaceName: 'Default', CustomSubstVarsAsCommaSeparatedPairs: 'pScenario=[Actual],pTime=[2026M1]' } },
	{ label: 'cube view', endpoint: 'DataProvider/GetAdoDataSetForCubeViewCommand', body: { CubeViewName: 'Income_Statement' } },
	{ label: 'SQL query', endpoint: 'DataProvider/GetAdoDataSetForSqlCommand', body: { SqlQuery: "SELECT Entity FROM FactData WHERE Scenario = 'Actual'", DbLocation: 'Application' } },
	{ label: 'method command', endpoint: 'DataProvider/GetAdoDataSetForMethodCommand', body: { XFCommandMethodType: 'WorkflowStatus', MethodQuery: '{Houston.Import}{Actual}{2026M1}' } },
	{ label: 'business-rule data set', endpoint: 'DataProvider/GetAdoDataSetForMethodCommand', body: { XFCommandMethodType: 'BusinessRule', MethodQuery: '{FX_Rates}{Rates}{}' } },
];

const READ_DEADLINES: Array<{ name: string; fault: Fault; says: RegExp }> = [
	{ name: 'no answer within the timeout', fault: { kind: 'delay', ms: 3000 }, says: /^Could not reach OneStream at .+: no answer within the timeout of 200 ms$/ },
	{ name: 'a body that stalls mid-way', fault: { kind: 'stallMidBody' }, says: /broke off: no answer within the timeout of 200 ms, after \d+ bytes of the answer had arrived$/ },
];

describe.each(READS)('$label: the deadline ends the read, and is not retried', (read) => {
	it.each(READ_DEADLINES)('$name', async (testCase) => {
		standIn.addFault({ endpoint: read.endpoint, fault: testCase.fault });
		const outcome = await withClient(async (client) =>
			await client.readDataSet(
				{
					endpoint: read.endpoint,
					apiVersion: '5.2.0',
					body: { BaseWebServerUrl: client.webServerUrl, ApplicationName: APPLICATION, ResultDataTableName: 'Results', ...read.body },
					subject: `the ${read.label}`,
					timeoutMs: DEADLINE_MS,
					retry: RETRIES,
				},
				new RowCollector({ wanted: () => true, shape: 'asIs' }),
			),
		);
		const error = oneStreamError(outcome.error);
		expect(error.message).toMatch(testCase.says);
		expect(error.description).toBe('Raise the Timeout option if the request needs more time.');
		expect(error.jobOutcome).toBeUndefined();
		expect(outcome.elapsedMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
		expect(requestsTo(standIn, read.endpoint)).toHaveLength(1);
	});
});

describe('7.2.0 sessions end at the deadline too', () => {
	it.each<[string, string, Fault, RegExp]>([
		['Logon slower than the deadline', 'Authentication/Logon', { kind: 'delay', ms: 3000 }, /^Could not reach OneStream at .+ for logon: no answer within the timeout of 200 ms$/],
		['Logon stalls mid-body', 'Authentication/Logon', { kind: 'stallMidBody' }, /^Could not reach OneStream at .+ for logon: no answer within the timeout of 200 ms$/],
		['OpenApplication stalls', 'Application/OpenApplication', { kind: 'stallMidBody' }, /^Could not reach OneStream at .+ for opening application "AcmeConsolidation": no answer within the timeout of 200 ms$/],
	])('%s', async (_label, endpoint, fault, says) => {
		standIn.addFault({ endpoint, fault });
		const outcome = await withClient(async (client) => await client.applicationSession(APPLICATION, { timeoutMs: DEADLINE_MS, retry: NO_RETRY }));
		const error = oneStreamError(outcome.error);
		expect(error.message).toMatch(says);
		expect(outcome.elapsedMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
		expect(requestsTo(standIn, endpoint)).toHaveLength(1);
	});

	it('opens an application once per client, and again after a failure', async () => {
		standIn.addFault({ endpoint: 'Authentication/Logon', times: 1, fault: { kind: 'status', status: 503 } });
		const outcome = await withClient(async (client) => {
			const limits = { timeoutMs: 5000, retry: NO_RETRY };
			const failed = await client.applicationSession(APPLICATION, limits).catch((error: unknown) => error);
			const first = await client.applicationSession(APPLICATION, limits);
			const second = await client.applicationSession(APPLICATION, limits);
			return { failed, same: first === second };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value?.failed).toBeInstanceOf(OneStreamError);
		expect(outcome.value?.same).toBe(true);
		expect(requestsTo(standIn, 'Authentication/Logon')).toHaveLength(2);
		expect(requestsTo(standIn, 'Application/OpenApplication')).toHaveLength(1);
	});
});
