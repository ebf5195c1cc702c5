/**
 * The transport's client inside a real n8n-core node execution, over real HTTP to the stand-in:
 * jobs are sent once and end at their deadline with an unknown outcome; reads end at theirs and
 * are not retried for it; 7.2.0 sessions too. Deadlines here are 500 ms, shorter than the node's
 * 1-second minimum Timeout, so these cases run fast; the guarantee suites run one of each at the
 * node level. The faults never end by themselves (a closed gate, a stall, a trickle), so it is the
 * call's own deadline that ends it, whatever the speed of the machine.
 */
import { createServer, type Socket, type AddressInfo } from 'node:net';
import { createGzip, gzipSync } from 'node:zlib';

import type { IDataObject } from 'n8n-workflow';

import type { JobOutcome } from '../../../../nodes/OneStream/shared/errors';
import { OneStreamError, toNodeError } from '../../../../nodes/OneStream/shared/errors';
import { runJobCall } from '../../../../nodes/OneStream/actions/jobAnswer';
import { RowCollector } from '../../../../nodes/OneStream/dataSet/sinks';
import { OneStreamReader } from '../../../../nodes/OneStream/read/reader';
import type { TableCollectingSink } from '../../../../nodes/OneStream/read/reader';
import type { CallLimits, JobCall, ReadCall } from '../../../../nodes/OneStream/transport/types';
import type { Fault, StandIn } from '../../../standin/index.cjs';
import { expectReadable } from '../../../support/checks.cjs';
import { runInNode } from '../../../support/harness.cjs';
import { startRawServer, type RawServer } from '../../../support/rawServer.cjs';
import { waitUntil } from '../../../support/jobFaults.cjs';
import {
	APPLICATION,
	CANARY_PAT,
	credentialsFor,
	requestsTo,
	settleRuns,
	startFaultStandIn,
} from '../../../support/standIn.cjs';

const DEADLINE_MS = 500;
/**
 * A gate the faults here hold requests at, never opened while a call runs: whatever ends the call
 * is its own deadline (the message names it), however slow the machine. Ordered, not timed.
 */
const NEVER = 'never, while the call runs';
const NO_RETRY = { maxRetries: 0, baseDelayMs: 0 };
const RETRIES = { maxRetries: 4, baseDelayMs: 10 };

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startFaultStandIn();
	// The first request of a fresh process loads n8n-core's HTTP stack, which on a busy machine
	// can take longer than the 500 ms deadlines below: warm it up once, outside any test.
	const warm = await withClient(
		async (client) => await client.logon({ timeoutMs: 60_000, retry: NO_RETRY }),
	);
	expect(warm.error).toBeUndefined();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

/** The transport with the node's job answer and read path on top, as the operations use them. */
async function connect(ctx: Parameters<typeof OneStreamReader.connect>[0]) {
	const reader = await OneStreamReader.connect(ctx);
	return {
		webServerUrl: reader.webServerUrl,
		job: async (call: JobCall) => await runJobCall(reader.client, call),
		readDataSet: async (call: ReadCall, sink: TableCollectingSink) =>
			await reader.stream({ ...call, fileBaseName: 'x', resultTableName: 'Results' }, sink, call),
		readJson: async (call: ReadCall) => await reader.json(call),
		logon: async (limits: CallLimits) => await reader.logon(limits),
		applicationSession: async (application: string, limits: CallLimits) =>
			await reader.applicationSession(application, limits),
	};
}

type Client = Awaited<ReturnType<typeof connect>>;

async function withClient<T>(
	task: (client: Client) => Promise<T>,
): Promise<{ value?: T; error?: unknown; elapsedMs: number }> {
	return await runInNode(credentialsFor(standIn), async (ctx) => await task(await connect(ctx)));
}

function oneStreamError(error: unknown): OneStreamError {
	expect(error).toBeInstanceOf(OneStreamError);
	const typed = error as OneStreamError;
	// As the router shows it: readable, with a fix.
	const shown = toNodeError(
		{ id: 'n', name: 'OneStream', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} },
		typed,
		0,
		'',
	);
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
		body: () => ({
			ApplicationName: APPLICATION,
			DataManagementGroupName: 'Integration',
			StepName: 'Import_GL',
		}),
	},
	{
		label: 'Business Rule › Execute (its step)',
		endpoint: 'DataManagement/ExecuteStep',
		body: () => ({
			ApplicationName: APPLICATION,
			DataManagementGroupName: 'Integration',
			StepName: 'Run_Export_Rule',
		}),
	},
];

const JOB_DEADLINES: Array<{
	name: string;
	fault?: Fault;
	afterWork?: boolean;
	slowSequence?: boolean;
	says: RegExp;
}> = [
	{
		name: 'no answer before the work',
		fault: { kind: 'hold', gate: NEVER },
		says: /no answer within the timeout of 500 ms\. The outcome is unknown$/,
	},
	{
		name: 'no answer after the work',
		fault: { kind: 'hold', gate: NEVER },
		afterWork: true,
		says: /no answer within the timeout of 500 ms\. The outcome is unknown$/,
	},
	{
		name: 'an answer that stalls mid-body',
		fault: { kind: 'stallMidBody' },
		afterWork: true,
		says: /no answer within the timeout of 500 ms/,
	},
	{
		name: 'a job that outlives the timeout',
		slowSequence: true,
		says: /no answer within the timeout of 500 ms\. The outcome is unknown$/,
	},
];

describe.each(JOBS)(
	'$label: one request, and the deadline ends it with an unknown outcome',
	(job) => {
		it.each(
			JOB_DEADLINES.filter(
				(c) => !c.slowSequence || job.endpoint === 'DataManagement/ExecuteSequence',
			),
		)('$name', async (testCase) => {
			if (testCase.slowSequence) standIn.holdRuns('Slow_Close', NEVER);
			if (testCase.fault)
				standIn.addFault({
					endpoint: job.endpoint,
					afterWork: testCase.afterWork,
					fault: testCase.fault,
				});
			const outcome = await withClient(
				async (client) =>
					await client.job({
						endpoint: job.endpoint,
						apiVersion: '5.2.0',
						body: {
							BaseWebServerUrl: client.webServerUrl,
							...job.body(testCase.slowSequence ? 'Slow_Close' : undefined),
						},
						subject: `the ${job.label} job`,
						timeoutMs: DEADLINE_MS,
					}),
			);
			const error = oneStreamError(outcome.error);
			expect(error.jobOutcome).toBe<JobOutcome>('unknown');
			expect(error.message).toMatch(testCase.says);
			expect(error.description).toMatch(/may still be running in OneStream/);
			expect(error.description).toMatch(/did not send it again/);
			// On a busy machine the request may reach the server after the node gave up on it.
			await waitUntil(() => requestsTo(standIn, job.endpoint).length > 0, 10_000);
			standIn.openGate(NEVER);
			await settleRuns(standIn);
			expect(requestsTo(standIn, job.endpoint)).toHaveLength(1);
		});
	},
);

interface ReadEndpoint {
	label: string;
	endpoint: string;
	body: IDataObject;
}

const READS: ReadEndpoint[] = [
	{
		label: 'data adapter',
		endpoint: 'DataProvider/GetAdoDataSetForAdapter',
		body: {
			AdapterName: 'GL_Export',
			WorkspaceName: 'Default',
			CustomSubstVarsAsCommaSeparatedPairs: 'pScenario=[Actual],pTime=[2026M1]',
		},
	},
	{
		label: 'cube view',
		endpoint: 'DataProvider/GetAdoDataSetForCubeViewCommand',
		body: { CubeViewName: 'Income_Statement' },
	},
	{
		label: 'SQL query',
		endpoint: 'DataProvider/GetAdoDataSetForSqlCommand',
		body: {
			SqlQuery: "SELECT Entity FROM FactData WHERE Scenario = 'Actual'",
			DbLocation: 'Application',
		},
	},
	{
		label: 'method command',
		endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
		body: {
			XFCommandMethodType: 'WorkflowStatus',
			MethodQuery: '{Houston.Import}{Actual}{2026M1}',
		},
	},
	{
		label: 'business-rule data set',
		endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
		body: { XFCommandMethodType: 'BusinessRule', MethodQuery: '{FX_Rates}{Rates}{}' },
	},
];

const READ_DEADLINES: Array<{ name: string; fault: Fault; says: RegExp }> = [
	{
		name: 'no answer within the timeout',
		fault: { kind: 'hold', gate: NEVER },
		says: /^Could not reach OneStream at .+: no answer within the timeout of 500 ms$/,
	},
	{
		name: 'a body that stalls mid-way',
		fault: { kind: 'stallMidBody' },
		says: /broke off: no answer within the timeout of 500 ms, after \d+ bytes of the answer had arrived$/,
	},
];

describe.each(READS)('$label: the deadline ends the read, and is not retried', (read) => {
	it.each(READ_DEADLINES)('$name', async (testCase) => {
		standIn.addFault({ endpoint: read.endpoint, fault: testCase.fault });
		const outcome = await withClient(
			async (client) =>
				await client.readDataSet(
					{
						endpoint: read.endpoint,
						apiVersion: '5.2.0',
						body: {
							BaseWebServerUrl: client.webServerUrl,
							ApplicationName: APPLICATION,
							ResultDataTableName: 'Results',
							...read.body,
						},
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
		await waitUntil(() => requestsTo(standIn, read.endpoint).length > 0, 10_000);
		expect(requestsTo(standIn, read.endpoint)).toHaveLength(1);
	});
});

describe('7.2.0 sessions end at the deadline too', () => {
	it.each<[string, string, Fault, RegExp]>([
		[
			'Logon slower than the deadline',
			'Authentication/Logon',
			{ kind: 'hold', gate: NEVER },
			/^Could not reach OneStream at .+ for logon: no answer within the timeout of 500 ms$/,
		],
		[
			'Logon stalls mid-body',
			'Authentication/Logon',
			{ kind: 'stallMidBody' },
			/^The answer from OneStream for logon broke off: no answer within the timeout of 500 ms, after \d+ bytes of the answer had arrived$/,
		],
		[
			'OpenApplication stalls',
			'Application/OpenApplication',
			{ kind: 'stallMidBody' },
			/^The answer from OneStream for opening application "AcmeConsolidation" broke off: no answer within the timeout of 500 ms, after \d+ bytes of the answer had arrived$/,
		],
	])('%s', async (_label, endpoint, fault, says) => {
		standIn.addFault({ endpoint, fault });
		const outcome = await withClient(
			async (client) =>
				await client.applicationSession(APPLICATION, { timeoutMs: DEADLINE_MS, retry: NO_RETRY }),
		);
		const error = oneStreamError(outcome.error);
		expect(error.message).toMatch(says);
		await waitUntil(() => requestsTo(standIn, endpoint).length > 0, 10_000);
		expect(requestsTo(standIn, endpoint)).toHaveLength(1);
	});

	it('opens an application once per client, and again after a failure', async () => {
		standIn.addFault({
			endpoint: 'Authentication/Logon',
			times: 1,
			fault: { kind: 'status', status: 503 },
		});
		const outcome = await withClient(async (client) => {
			const limits = { timeoutMs: 5000, retry: NO_RETRY };
			const failed = await client
				.applicationSession(APPLICATION, limits)
				.catch((error: unknown) => error);
			const first = await client.applicationSession(APPLICATION, limits);
			const second = await client.applicationSession(APPLICATION, limits);
			return { failed, same: first === second };
		});
		expect(outcome.error).toBeUndefined();
		expect(outcome.value?.failed).toBeInstanceOf(OneStreamError);
		expect(outcome.value?.same).toBe(true);
		expect(requestsTo(standIn, 'Authentication/Logon')).toHaveLength(2);
		await waitUntil(() => requestsTo(standIn, 'Application/OpenApplication').length > 0, 10_000);
		expect(requestsTo(standIn, 'Application/OpenApplication')).toHaveLength(1);
	});
});

describe('a trickle ends at the deadline too', () => {
	it.each(JOBS)('$label: an answer that trickles forever', async (job) => {
		standIn.addFault({
			endpoint: job.endpoint,
			afterWork: true,
			fault: { kind: 'trickle', intervalMs: 20 },
		});
		const outcome = await withClient(
			async (client) =>
				await client.job({
					endpoint: job.endpoint,
					apiVersion: '5.2.0',
					body: { BaseWebServerUrl: client.webServerUrl, ...job.body() },
					subject: `the ${job.label} job`,
					timeoutMs: DEADLINE_MS,
				}),
		);
		const error = oneStreamError(outcome.error);
		expect(error.jobOutcome).toBe('unknown');
		expect(error.message).toMatch(/no answer within the timeout of 500 ms/);
		await waitUntil(() => requestsTo(standIn, job.endpoint).length > 0, 10_000);
		expect(requestsTo(standIn, job.endpoint)).toHaveLength(1);
	});

	it.each(READS)('$label: a body that trickles forever', async (read) => {
		standIn.addFault({ endpoint: read.endpoint, fault: { kind: 'trickle', intervalMs: 20 } });
		const outcome = await withClient(
			async (client) =>
				await client.readDataSet(
					{
						endpoint: read.endpoint,
						apiVersion: '5.2.0',
						body: {
							BaseWebServerUrl: client.webServerUrl,
							ApplicationName: APPLICATION,
							ResultDataTableName: 'Results',
							...read.body,
						},
						subject: `the ${read.label}`,
						timeoutMs: DEADLINE_MS,
						retry: RETRIES,
					},
					new RowCollector({ wanted: () => true, shape: 'asIs' }),
				),
		);
		const error = oneStreamError(outcome.error);
		expect(error.message).toMatch(
			/broke off: no answer within the timeout of 500 ms, after \d+ bytes/,
		);
		await waitUntil(() => requestsTo(standIn, read.endpoint).length > 0, 10_000);
		expect(requestsTo(standIn, read.endpoint)).toHaveLength(1);
	});

	it('Logon: an answer that trickles forever', async () => {
		standIn.addFault({
			endpoint: 'Authentication/Logon',
			fault: { kind: 'trickle', intervalMs: 20 },
		});
		const outcome = await withClient(
			async (client) => await client.logon({ timeoutMs: DEADLINE_MS, retry: RETRIES }),
		);
		expect(oneStreamError(outcome.error).message).toMatch(
			/for logon broke off: no answer within the timeout of 500 ms/,
		);
		await waitUntil(() => requestsTo(standIn, 'Authentication/Logon').length > 0, 10_000);
		expect(requestsTo(standIn, 'Authentication/Logon')).toHaveLength(1);
	});

	it('response headers that trickle forever', async () => {
		const sockets = new Set<Socket>();
		const server = createServer((socket) => {
			sockets.add(socket);
			const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: ';
			let at = 0;
			const timer = setInterval(() => {
				if (socket.destroyed) clearInterval(timer);
				else socket.write(at < head.length ? head[at++] : 'x');
			}, 20);
			socket.on('close', () => clearInterval(timer));
			socket.on('error', () => clearInterval(timer));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		try {
			const outcome = await runInNode(
				{ baseUrl: `http://127.0.0.1:${port}`, personalAccessToken: CANARY_PAT },
				async (ctx) => {
					const client = await connect(ctx);
					return await client.job({
						endpoint: 'DataManagement/ExecuteSequence',
						apiVersion: '5.2.0',
						body: {},
						subject: 'the job',
						timeoutMs: DEADLINE_MS,
					});
				},
			);
			const error = oneStreamError(outcome.error);
			expect(error.jobOutcome).toBe('unknown');
			expect(error.message).toMatch(/no answer within the timeout of 500 ms/);
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

describe('"finished" means OneStream said so', () => {
	const SEQUENCE = 'DataManagement/ExecuteSequence';
	const COMPLETED = 'Data Management Sequence Load_Actuals was completed';

	async function runJob(): Promise<{ value?: string; error?: unknown }> {
		return await withClient(
			async (client) =>
				await client.job({
					endpoint: SEQUENCE,
					apiVersion: '5.2.0',
					body: { BaseWebServerUrl: client.webServerUrl, ...JOBS[0].body() },
					subject: 'Data Management sequence "Load_Actuals"',
					timeoutMs: 5000,
				}),
		);
	}

	it.each<[string, number, string, string]>([
		['a JSON string', 200, 'application/json; charset=utf-8', JSON.stringify(COMPLETED)],
		['a { Message }', 200, 'application/json', JSON.stringify({ Message: COMPLETED })],
		['plain text', 200, 'text/plain', COMPLETED],
		['text ending with a period', 200, 'text/plain', `${COMPLETED}.`],
		[
			'a JSON string with a byte order mark',
			200,
			'application/json',
			`\uFEFF${JSON.stringify(COMPLETED)}`,
		],
	])('recognises the completion message as %s', async (_label, status, contentType, body) => {
		standIn.addFault({
			endpoint: SEQUENCE,
			afterWork: true,
			fault: { kind: 'raw', status, contentType, body },
		});
		const outcome = await runJob();
		expect(outcome.error).toBeUndefined();
		expect(outcome.value).toBe(body.trim().endsWith('.') ? `${COMPLETED}.` : COMPLETED);
	});

	it.each<[string, number, string, string, RegExp]>([
		[
			'202 Accepted with the completion text',
			202,
			'application/json',
			JSON.stringify(COMPLETED),
			/answered 202 .*not 200 with its completion message/,
		],
		['201 Created', 201, 'application/json', JSON.stringify(COMPLETED), /answered 201/],
		['204 No Content', 204, 'application/json', '', /answered 204/],
		[
			'an XHTML sign-in page',
			200,
			'application/xhtml+xml',
			'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Sign in</title></head></html>',
			/HTML page \(title "Sign in"\)/,
		],
		[
			'an HTML page that starts with a comment',
			200,
			'text/plain',
			'<!-- proxy --><html><head><title>Gateway</title></head></html>',
			/HTML page \(title "Gateway"\)/,
		],
		[
			'an XML gateway error',
			200,
			'text/xml',
			'<?xml version="1.0"?><Error><Code>GatewayTimeout</Code></Error>',
			/HTML page \(no title\)/,
		],
		[
			'an ASP.NET exception dump as text',
			200,
			'text/plain',
			'System.InvalidOperationException: Sequence failed.\r\n   at OneStream.Dm.Run()',
			/does not say the job was completed/,
		],
		[
			'an ASP.NET exception as JSON',
			200,
			'application/json',
			JSON.stringify({
				Message: 'An error has occurred.',
				ExceptionMessage: 'Object reference not set',
				StackTrace: 'at X',
			}),
			/does not say the job was completed/,
		],
		[
			'an "accepted" text',
			200,
			'text/plain',
			'Request accepted; it will run in the background',
			/does not say the job was completed/,
		],
		[
			'"was not completed"',
			200,
			'application/json',
			JSON.stringify('Data Management Sequence Load_Actuals was not completed.'),
			/does not say the job was completed/,
		],
		[
			'"was completed with errors"',
			200,
			'text/plain',
			'Data Management Sequence Load_Actuals was completed with errors',
			/does not say the job was completed/,
		],
		[
			'JSON of another shape',
			200,
			'application/json',
			JSON.stringify({ Status: 'Running', RequestId: 'r1' }),
			/without the completion message \(JSON data\)/,
		],
	])('takes %s as an unknown outcome', async (_label, status, contentType, body, says) => {
		standIn.addFault({
			endpoint: SEQUENCE,
			afterWork: true,
			fault: { kind: 'raw', status, contentType, body },
		});
		const outcome = await runJob();
		const error = oneStreamError(outcome.error);
		expect(error.jobOutcome).toBe('unknown');
		expect(error.message).toMatch(says);
		expect(error.description).toMatch(/may still be running in OneStream/);
		await waitUntil(() => requestsTo(standIn, SEQUENCE).length > 0, 10_000);
		expect(requestsTo(standIn, SEQUENCE)).toHaveLength(1);
	});
});

/** Gzip of `[1,1,1,…` with `megabytes` MB of content, compressed piece by piece (never held whole). */
async function gzipOfList(megabytes: number): Promise<Buffer> {
	const gzip = createGzip({ level: 9 });
	const out: Buffer[] = [];
	gzip.on('data', (data: Buffer) => out.push(data));
	const done = new Promise<void>((resolve) => gzip.on('end', resolve));
	const piece = Buffer.from('1,'.repeat(512 * 1024));
	gzip.write('[');
	for (let i = 0; i < megabytes; i++) {
		if (!gzip.write(piece)) await new Promise((resolve) => gzip.once('drain', resolve));
	}
	gzip.end();
	await done;
	return Buffer.concat(out);
}

describe('answers are read only as far as needed', () => {
	let raw: RawServer;
	let answer: { type: string; body: Buffer } = { type: 'application/json', body: Buffer.alloc(0) };

	beforeAll(async () => {
		raw = await startRawServer((_request, res) => {
			res.writeHead(200, {
				'Content-Type': answer.type,
				'Content-Encoding': 'gzip',
				'Content-Length': answer.body.length,
			});
			res.end(answer.body);
		});
	});

	afterAll(async () => {
		await raw.close();
	});

	async function inRaw<T>(task: (client: Client) => Promise<T>) {
		return await runInNode(
			{ baseUrl: raw.url, personalAccessToken: CANARY_PAT },
			async (ctx) => await task(await connect(ctx)),
		);
	}

	it('a job answer larger than 64 KiB is not a completion message, and is not kept', async () => {
		const text = `${'x'.repeat(100 * 1024)} Data Management Sequence Load_Actuals was completed`;
		answer = { type: 'text/plain', body: gzipSync(text) };
		const outcome = await inRaw(
			async (client) =>
				await client.job({
					endpoint: 'DataManagement/ExecuteSequence',
					apiVersion: '5.2.0',
					body: {},
					subject: 'the job',
					timeoutMs: 5000,
				}),
		);
		const error = oneStreamError(outcome.error);
		expect(error.jobOutcome).toBe('unknown');
		expect(error.message).toBe(
			"OneStream's answer for the job is larger than 64 KiB, so it is not the completion message",
		);
		expect(`${error.message}${error.description}`.length).toBeLessThan(2000);
	});

	it('a read whose body is not an object fails after its start, however far it would expand', async () => {
		// About 0.1 MB of gzip that expands to 100 MB of a JSON list.
		answer = { type: 'application/json', body: await gzipOfList(100) };
		expect(answer.body.length).toBeLessThan(2 * 1024 * 1024);
		const heapBefore = process.memoryUsage().rss;
		const outcome = await inRaw(
			async (client) =>
				await client.readDataSet(
					{
						endpoint: 'DataProvider/GetAdoDataSetForAdapter',
						apiVersion: '5.2.0',
						body: {},
						subject: 'the adapter',
						timeoutMs: 10_000,
						retry: NO_RETRY,
					},
					new RowCollector({ wanted: () => true, shape: 'asIs' }),
				),
		);
		const error = oneStreamError(outcome.error);
		expect(error.message).toBe('OneStream returned a list instead of an object for the adapter');
		expect(error.description).toMatch(/read only its first \d+ characters/);
		expect(process.memoryUsage().rss - heapBefore).toBeLessThan(200 * 1024 * 1024);
	});

	it('an error answer is read up to 64 KiB', async () => {
		const message = `${'detail '.repeat(40_000)}end`;
		raw.requests.length = 0;
		const server = await startRawServer((_request, res) => {
			res.writeHead(500, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ Message: 'Failed', Detail: message }));
		});
		try {
			const outcome = await runInNode(
				{ baseUrl: server.url, personalAccessToken: CANARY_PAT },
				async (ctx) =>
					await (
						await connect(ctx)
					).readJson({
						endpoint: 'Authentication/Logon',
						apiVersion: '7.2.0',
						body: {},
						subject: 'logon',
						timeoutMs: 5000,
						retry: NO_RETRY,
					}),
			);
			const error = oneStreamError(outcome.error);
			// The body was cut at 64 KiB, so it is no longer JSON: its start is shown, clipped.
			expect(error.message.length).toBeLessThan(400);
			expect(error.message).toMatch(
				/^OneStream could not run logon: \{"Message":"Failed","Detail":"detail detail/,
			);
		} finally {
			await server.close();
		}
	});
});

it('an exception of the node while it reads an answer is named as such, not as a network fault', async () => {
	class FailingSink extends RowCollector {
		rows(): void {
			throw new TypeError('boom in the sink');
		}
	}
	const outcome = await withClient(
		async (client) =>
			await client.readDataSet(
				{
					endpoint: READS[0].endpoint,
					apiVersion: '5.2.0',
					body: {
						BaseWebServerUrl: client.webServerUrl,
						ApplicationName: APPLICATION,
						ResultDataTableName: 'Results',
						...READS[0].body,
					},
					subject: 'the data adapter',
					timeoutMs: 5000,
					retry: RETRIES,
				},
				new FailingSink({ wanted: () => true, shape: 'asIs' }),
			),
	);
	const error = oneStreamError(outcome.error);
	expect(error.source).toBe('internal');
	expect(error.message).toBe(
		'Internal error in the OneStream node while reading the answer for the data adapter: boom in the sink',
	);
	expect(error.message).not.toMatch(/connection|network|broke off/);
	// Not retried: it is not a transient failure.
	await waitUntil(() => requestsTo(standIn, READS[0].endpoint).length > 0, 10_000);
	expect(requestsTo(standIn, READS[0].endpoint)).toHaveLength(1);
});

it('a read whose sink has every row it wants ends there, without waiting for the rest of the answer', async () => {
	// The answer never ends: without stopping at the row limit the read would run into its deadline.
	const server = await startRawServer((_request, res) => {
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.write(
			`{"Results":[${Array.from({ length: 50 }, (_, i) => `{"RowId":${i + 1}}`).join(',')},`,
		);
	});
	try {
		const sink = new RowCollector({ wanted: () => true, shape: 'asIs', rowLimit: 10 });
		const outcome = await runInNode(
			{ baseUrl: server.url, personalAccessToken: CANARY_PAT },
			async (ctx) =>
				await (
					await connect(ctx)
				).readDataSet(
					{
						endpoint: 'DataProvider/GetAdoDataSetForAdapter',
						apiVersion: '5.2.0',
						body: {},
						subject: 'the adapter',
						timeoutMs: DEADLINE_MS * 10,
						retry: NO_RETRY,
					},
					sink,
				),
		);
		// Its deadline would have ended it with an error: it stopped at the row limit instead.
		expect(outcome.error).toBeUndefined();
		expect(sink.dataTable(sink.tables[0]).rows.map((row) => row.RowId)).toEqual([
			1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
		]);
	} finally {
		await server.close();
	}
});
