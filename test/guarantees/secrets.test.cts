/**
 * Secrets: a distinctive PAT never appears in output items, error messages or descriptions, n8n's
 * run data or logs, under any fault (also when the server echoes it back); certificates are
 * validated unless the credential's "Ignore SSL Issues" is on; a redirect never carries the PAT to
 * another host.
 */
import { type IDataObject, type INodeParameters } from 'n8n-workflow';

import { type Fault, type StandIn, type FaultRule } from '../standin/index.cjs';
import {
	type OnError,
	runOneStreamNode,
	testCredentials,
	type OneStreamNodeOptions,
	type OneStreamNodeResult,
	runListSearch,
} from '../support/harness.cjs';
import {
	errorItemJson,
	expectNodeApiError,
	expectNoSecret,
	expectNoSecretIn,
	trackUncaught,
} from '../support/checks.cjs';
import {
	type OperationSpec,
	CANARY_PAT,
	canaryCredentials,
	JOB_OPERATIONS,
	READ_OPERATIONS,
	requestsTo,
	settleRuns,
	startFaultStandIn,
	applicationByName,
	credentialsFor,
	startTestStandIn,
} from '../support/standIn.cjs';
import { canListenOn, startRawServer, type RawServer } from '../support/rawServer.cjs';
import { makeSelfSignedCertificate, type SelfSigned } from '../support/tls.cjs';

const ECHO = `token ${CANARY_PAT} was sent`;
const ECHO_DETAIL = `Authorization: Bearer ${CANARY_PAT}`;
/** Long enough that a message clipped for display would cut the token in the middle. */
const LONG_ECHO = `${'Request rejected by the gateway; the headers it received follow. '.repeat(2)}Authorization: Bearer ${CANARY_PAT}`;

/** The token in the other forms an echo can take. */
const LOWER_ECHO = `token ${CANARY_PAT.toLowerCase()} was sent`;
const ESCAPED_ECHO = `token ${CANARY_PAT.slice(0, 9)}\\u${CANARY_PAT.charCodeAt(9).toString(16).padStart(4, '0')}${CANARY_PAT.slice(10)} was sent`;
const WRAPPED_ECHO = `Authorization: Bearer\n${CANARY_PAT.slice(0, 40)}\n${CANARY_PAT.slice(40)}`;
const CUT_ECHO = `${'Request rejected; headers follow. '.repeat(3)}Authorization: Bearer ${CANARY_PAT.slice(0, -1)}`;
const URL_ECHO = `redirected to /login?token=${encodeURIComponent(CANARY_PAT).replace(/[A-Za-z]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}`;
const BASE64_ECHO = `Authorization: Basic ${Buffer.from(`svc:${CANARY_PAT}`).toString('base64')}`;

interface LeakCase {
	name: string;
	fault: Fault;
	afterWork?: boolean;
	options?: IDataObject;
}

const LEAK_CASES: LeakCase[] = [
	// The body repeats the token.
	{
		name: '400 echoing the token',
		fault: { kind: 'status', status: 400, message: ECHO, detail: ECHO_DETAIL },
	},
	{
		name: '401 echoing the token',
		fault: { kind: 'status', status: 401, message: ECHO, detail: ECHO_DETAIL },
	},
	{
		name: '403 echoing the token',
		fault: { kind: 'status', status: 403, message: ECHO, detail: ECHO_DETAIL },
	},
	{
		name: '404 echoing the token',
		fault: { kind: 'status', status: 404, message: ECHO, detail: ECHO_DETAIL },
	},
	{
		name: '429 echoing the token',
		fault: { kind: 'status', status: 429, message: ECHO, detail: ECHO_DETAIL },
		options: { maxRetries: 0 },
	},
	{
		name: '500 echoing the token',
		fault: { kind: 'status', status: 500, message: ECHO, detail: ECHO_DETAIL },
	},
	{
		name: '500 echoing the token in a long text',
		fault: { kind: 'status', status: 500, message: LONG_ECHO, detail: LONG_ECHO },
	},
	{
		name: '502 echoing the token',
		fault: { kind: 'status', status: 502, message: ECHO, detail: ECHO_DETAIL },
		options: { maxRetries: 0 },
	},
	{
		name: '503 echoing the token after the work',
		fault: { kind: 'status', status: 503, message: LONG_ECHO, detail: ECHO_DETAIL },
		afterWork: true,
		options: { maxRetries: 0 },
	},
	{
		name: '200 echoing the token',
		fault: { kind: 'status', status: 200, message: ECHO, detail: ECHO_DETAIL },
		afterWork: true,
	},
	{
		name: '200 echoing the token in a long text',
		fault: { kind: 'status', status: 200, message: LONG_ECHO, detail: LONG_ECHO },
		afterWork: true,
	},
	{
		name: '500 echoing the token in lower case',
		fault: { kind: 'status', status: 500, message: LOWER_ECHO, detail: LOWER_ECHO.toUpperCase() },
	},
	{
		name: '500 echoing the token with a JSON-escaped letter',
		fault: { kind: 'status', status: 500, message: ESCAPED_ECHO, detail: ESCAPED_ECHO },
	},
	{
		name: '500 echoing the token wrapped in 40-character lines',
		fault: { kind: 'status', status: 500, message: WRAPPED_ECHO, detail: WRAPPED_ECHO },
	},
	{
		name: '500 echoing all of the token but its last character',
		fault: { kind: 'status', status: 500, message: CUT_ECHO, detail: CUT_ECHO },
	},
	{
		name: '400 echoing the token URL-encoded',
		fault: { kind: 'status', status: 400, message: URL_ECHO, detail: URL_ECHO },
	},
	{
		name: '401 echoing the token in base64',
		fault: { kind: 'status', status: 401, message: BASE64_ECHO, detail: BASE64_ECHO },
	},
	{
		name: 'redirect to a host named after the token, lower-cased',
		fault: {
			kind: 'redirect',
			status: 307,
			location: `https://${CANARY_PAT.toLowerCase()}.example.com/x`,
		},
	},
	{
		name: '200 echoing the token in lower case',
		fault: { kind: 'status', status: 200, message: LOWER_ECHO, detail: LOWER_ECHO },
		afterWork: true,
	},
	{
		name: '200 echoing the token wrapped in 40-character lines',
		fault: { kind: 'status', status: 200, message: WRAPPED_ECHO, detail: WRAPPED_ECHO },
		afterWork: true,
	},
	{
		name: '200 Error table echoing the token',
		fault: { kind: 'errorTable200', message: ECHO },
		afterWork: true,
	},
	{
		name: '200 Error table echoing the token cut off',
		fault: { kind: 'errorTable200', message: CUT_ECHO },
		afterWork: true,
	},
	{
		name: '200 Error table echoing the token in a long text',
		fault: { kind: 'errorTable200', message: LONG_ECHO },
		afterWork: true,
	},
	// Every other fault kind.
	{ name: 'short delay', fault: { kind: 'delay', ms: 20 } },
	{ name: 'reset before the work', fault: { kind: 'reset' }, options: { maxRetries: 0 } },
	{
		name: 'reset after the work',
		fault: { kind: 'reset' },
		afterWork: true,
		options: { maxRetries: 0 },
	},
	{
		name: '502 HTML page',
		fault: { kind: 'status', status: 502, html: true },
		options: { maxRetries: 0 },
	},
	{
		name: '504 HTML page after the work',
		fault: { kind: 'status', status: 504, html: true },
		afterWork: true,
		options: { maxRetries: 0 },
	},
	{ name: '200 HTML page', fault: { kind: 'html200' } },
	{ name: '200 empty', fault: { kind: 'empty200' }, afterWork: true },
	{ name: '200 null', fault: { kind: 'null200' }, afterWork: true },
	{ name: '200 truncated JSON', fault: { kind: 'truncatedJson200' }, afterWork: true },
	{ name: '200 large body', fault: { kind: 'largeBody', rows: 300 }, afterWork: true },
	{
		name: 'stall mid-body',
		fault: { kind: 'stallMidBody' },
		afterWork: true,
		options: { timeout: 1000, maxRetries: 0 },
	},
	{
		name: '302 redirect',
		fault: { kind: 'redirect', status: 302, location: 'http://127.0.0.1:9/OneStreamApi' },
	},
];

const MODES: OnError[] = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'];

interface LeakOperation {
	label: string;
	spec: OperationSpec;
	/** Endpoints a fault is put on (the 7.2.0 read: its session calls too). */
	endpoints: string[];
	extra?: IDataObject;
}

const LEAK_OPERATIONS: LeakOperation[] = [
	{
		label: 'Execute Sequence (job)',
		spec: JOB_OPERATIONS.executeSequence,
		endpoints: [JOB_OPERATIONS.executeSequence.endpoint],
	},
	{
		label: 'Business Rule Execute (job)',
		spec: JOB_OPERATIONS.businessRuleExecute,
		endpoints: [JOB_OPERATIONS.businessRuleExecute.endpoint],
	},
	{
		label: 'Get Data Adapter 5.2.0 (streamed read)',
		spec: READ_OPERATIONS.getDataAdapter,
		endpoints: [READ_OPERATIONS.getDataAdapter.endpoint],
	},
	{
		label: 'Run SQL Query (streamed read)',
		spec: READ_OPERATIONS.runSql,
		endpoints: [READ_OPERATIONS.runSql.endpoint],
	},
	{
		label: 'Get Data Adapter 7.2.0 (logon)',
		spec: READ_OPERATIONS.getDataAdapter,
		endpoints: ['Authentication/Logon'],
		extra: { apiVersion: '7.2.0' },
	},
];

let standIn: StandIn;
const uncaught = trackUncaught();

beforeAll(async () => {
	standIn = await startFaultStandIn();
});

afterAll(async () => {
	uncaught.stop();
	await standIn.close();
});

beforeEach(() => {
	standIn.reset();
});

afterEach(() => {
	uncaught.check();
});

describe('the PAT never leaks, under any fault', () => {
	describe.each(LEAK_OPERATIONS.map((operation) => [operation.label, operation] as const))(
		'%s',
		(_label, operation) => {
			// The stall waits out the 1-second minimum Timeout: it runs for the streamed adapter read, in
			// one mode (a stalled answer echoes nothing; the others are the cases that can leak).
			const leakCases = LEAK_CASES.filter(
				(testCase) =>
					testCase.fault.kind !== 'stallMidBody' ||
					operation.label === 'Get Data Adapter 5.2.0 (streamed read)',
			);
			it.each(leakCases.map((testCase) => [testCase.name, testCase] as const))(
				'%s',
				async (_name, testCase) => {
					const modes = testCase.fault.kind === 'stallMidBody' ? MODES.slice(0, 1) : MODES;
					for (const onError of modes) {
						standIn.reset();
						for (const endpoint of operation.endpoints)
							standIn.addFault({ endpoint, afterWork: testCase.afterWork, fault: testCase.fault });
						const result = await runOneStreamNode({
							parameters: operation.spec.parameters({
								options: { retryDelay: 10, ...operation.extra, ...testCase.options },
							}),
							credentials: canaryCredentials(standIn),
							items: [{ item: 'i0' }, { item: 'i1' }],
							onError,
						});
						await settleRuns(standIn);
						// The fault was met: the token reached the server and could be echoed.
						expect(
							standIn.requests.some(
								(request) => request.headers.authorization === `Bearer ${CANARY_PAT}`,
							),
						).toBe(true);
						expectNoSecret(
							result,
							CANARY_PAT,
							`${operation.label} / ${testCase.name} / ${onError}`,
						);
						if (onError === 'stopWorkflow' && result.nodeError) expectNodeApiError(result);
						if (onError === 'continueRegularOutput') {
							for (const item of result.output)
								if (item.json.error !== undefined) errorItemJson(item);
						}
					}
				},
			);
		},
	);

	it('a PAT pasted with a "Bearer " prefix, quotes and a line break is cleaned, and still never shown', async () => {
		const decorated = `"Bearer ${CANARY_PAT.slice(0, 30)}\n${CANARY_PAT.slice(30)}"`;
		standIn.addFault({
			endpoint: READ_OPERATIONS.getDataAdapter.endpoint,
			fault: { kind: 'status', status: 500, message: LONG_ECHO, detail: ECHO_DETAIL },
		});
		const result = await runOneStreamNode({
			parameters: READ_OPERATIONS.getDataAdapter.parameters(),
			credentials: canaryCredentials(standIn, { personalAccessToken: decorated }),
		});
		expect(
			requestsTo(standIn, READ_OPERATIONS.getDataAdapter.endpoint)[0].headers.authorization,
		).toBe(`Bearer ${CANARY_PAT}`);
		expectNodeApiError(result);
		expectNoSecret(result, CANARY_PAT);
	});

	it.each([
		['500 echo', { kind: 'status', status: 500, message: LONG_ECHO, detail: ECHO_DETAIL }],
		['401 echo', { kind: 'status', status: 401, message: ECHO, detail: ECHO_DETAIL }],
		['200 echo', { kind: 'status', status: 200, message: LONG_ECHO, detail: ECHO_DETAIL }],
		['HTML page', { kind: 'html200' }],
		['reset', { kind: 'reset' }],
	] as Array<[string, Fault]>)(
		"the credential's Test button, logon answering with %s",
		async (_name, fault) => {
			standIn.addFault({ endpoint: 'Authentication/Logon', fault });
			const outcome = await testCredentials(canaryCredentials(standIn));
			expect(requestsTo(standIn, 'Authentication/Logon').length).toBeGreaterThan(0);
			expectNoSecretIn(
				{ status: outcome.status, message: outcome.message, logs: outcome.logText },
				CANARY_PAT,
			);
		},
	);
});

describe('the PAT never leaks when an answer that is not JSON echoes it', () => {
	const title = `Gateway error for Authorization: Bearer ${CANARY_PAT}`;
	const ANSWERS: Array<[string, number, string, string]> = [
		['500 plain text', 500, 'text/plain', LONG_ECHO],
		[
			'502 HTML page whose title echoes it',
			502,
			'text/html',
			`<html><head><title>${title}</title></head><body>${LONG_ECHO}</body></html>`,
		],
		['200 plain text', 200, 'text/plain', LONG_ECHO],
		['200 JSON string', 200, 'application/json', JSON.stringify(LONG_ECHO)],
		[
			'200 HTML page whose title echoes it',
			200,
			'text/html',
			`<!DOCTYPE html><html><head><title>${title}</title></head></html>`,
		],
		['200 cut-off JSON', 200, 'application/json', `{"Results":[{"Note":"${LONG_ECHO}`],
		[
			'500 JSON whose echo has an escaped letter',
			500,
			'application/json',
			`{"Message":"token ${CANARY_PAT.slice(0, 9)}\\u${CANARY_PAT.charCodeAt(9).toString(16).padStart(4, '0')}${CANARY_PAT.slice(10)}"}`,
		],
		['500 plain text cut off inside the token', 500, 'text/plain', `${LONG_ECHO.slice(0, -1)}`],
		['200 plain text with the token lower-cased', 200, 'text/plain', LOWER_ECHO],
	];
	const OPERATIONS: Array<[string, OperationSpec, INodeParameters]> = [
		['Execute Sequence', JOB_OPERATIONS.executeSequence, {}],
		['Get Data Adapter', READ_OPERATIONS.getDataAdapter, {}],
		['Get Data Adapter 7.2.0', READ_OPERATIONS.getDataAdapter, { apiVersion: '7.2.0' }],
		['Get Data Cells', READ_OPERATIONS.getDataCells, {}],
	];
	let raw: RawServer;
	let answer: [number, string, string] = [200, 'text/plain', ''];

	beforeAll(async () => {
		raw = await startRawServer((_request, res) => {
			const [status, type, body] = answer;
			res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
			res.end(body);
		});
	});

	afterAll(async () => {
		await raw.close();
	});

	const cases = ANSWERS.flatMap((entry) =>
		OPERATIONS.map((operation) => [`${operation[0]}: ${entry[0]}`, entry, operation] as const),
	);

	it.each(cases)('%s', async (_label, [, status, type, body], [, spec, options]) => {
		answer = [status, type, body];
		raw.requests.length = 0;
		for (const onError of MODES) {
			const result = await runOneStreamNode({
				parameters: spec.parameters({ options: { maxRetries: 0, ...options } }),
				credentials: canaryCredentials(raw),
				onError,
			});
			expect(raw.requests.length).toBeGreaterThan(0);
			expectNoSecret(result, CANARY_PAT, `${onError}`);
		}
	});
});

describe('TLS: certificates are validated unless "Ignore SSL Issues" is on', () => {
	let certificate: SelfSigned;
	let tlsStandIn: StandIn;

	beforeAll(async () => {
		certificate = makeSelfSignedCertificate();
		tlsStandIn = await startFaultStandIn({ tls: certificate });
	});

	afterAll(async () => {
		await tlsStandIn.close();
	});

	beforeEach(() => {
		tlsStandIn.reset();
	});

	it('no process-wide switch turns validation off in this test run', () => {
		expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
		expect(tlsStandIn.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
	});

	it.each([
		['Execute Sequence', JOB_OPERATIONS.executeSequence, {}],
		['Get Data Adapter', READ_OPERATIONS.getDataAdapter, {}],
		['Get Data Adapter 7.2.0', READ_OPERATIONS.getDataAdapter, { apiVersion: '7.2.0' }],
		['Run SQL Query', READ_OPERATIONS.runSql, {}],
	] as Array<[string, OperationSpec, INodeParameters]>)(
		'%s: a self-signed certificate is refused by default, with a clear message',
		async (_label, spec, options) => {
			const result = await runOneStreamNode({
				parameters: spec.parameters({ options }),
				credentials: canaryCredentials(tlsStandIn),
				onError: 'continueRegularOutput',
			});
			const json = errorItemJson(result.output[0]);
			expect(String(json.error)).toBe(
				`Could not establish a trusted TLS connection to ${tlsStandIn.url}`,
			);
			expect(String(json.description)).toMatch(/self-signed/);
			expect(String(json.description)).toMatch(/Ignore SSL Issues \(Insecure\)/);
			if (spec === JOB_OPERATIONS.executeSequence) expect(json.jobOutcome).toBe('notRun');
			// The handshake failed: no HTTP request (and no token) ever reached the server.
			expect(tlsStandIn.requests).toHaveLength(0);
			expectNoSecret(result, CANARY_PAT);
		},
	);

	it.each([
		['Execute Sequence', JOB_OPERATIONS.executeSequence, {}],
		['Get Data Adapter', READ_OPERATIONS.getDataAdapter, {}],
		['Get Data Adapter 7.2.0', READ_OPERATIONS.getDataAdapter, { apiVersion: '7.2.0' }],
		['Run SQL Query', READ_OPERATIONS.runSql, {}],
	] as Array<[string, OperationSpec, INodeParameters]>)(
		'%s: accepted with "Ignore SSL Issues" on',
		async (_label, spec, options) => {
			const result = await runOneStreamNode({
				parameters: spec.parameters({ options }),
				credentials: canaryCredentials(tlsStandIn, { ignoreSSLIssues: true }),
			});
			expect(result.nodeError).toBeUndefined();
			expect(result.output.length).toBeGreaterThan(0);
			expect(tlsStandIn.requests.length).toBeGreaterThan(0);
		},
	);

	it('a truthy non-boolean value does not switch validation off', async () => {
		const result = await runOneStreamNode({
			parameters: READ_OPERATIONS.getDataAdapter.parameters(),
			credentials: canaryCredentials(tlsStandIn, { ignoreSSLIssues: 'true' }),
		});
		expect(expectNodeApiError(result).message).toMatch(/trusted TLS connection/);
		expect(tlsStandIn.requests).toHaveLength(0);
	});

	it("the credential's Test button: refused by default, accepted with the switch on", async () => {
		const refused = await testCredentials(canaryCredentials(tlsStandIn));
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/self[- ]signed|CERT|certificate/i);
		expect(tlsStandIn.requests).toHaveLength(0);
		const accepted = await testCredentials(
			canaryCredentials(tlsStandIn, { ignoreSSLIssues: true }),
		);
		expect(accepted).toMatchObject({ status: 'OK' });
		expect(requestsTo(tlsStandIn, 'Authentication/Logon')).toHaveLength(1);
	});
});

describe('redirects never carry the PAT to another host', () => {
	let target: RawServer;
	let targetHost: string;

	beforeAll(async () => {
		// Another loopback address is another host; fall back to the name "localhost" (another origin).
		targetHost = (await canListenOn('127.0.0.2')) ? '127.0.0.2' : 'localhost';
		target = await startRawServer(
			(_request, res) => {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end('{"Results":[{"stolen":true}]}');
			},
			targetHost === 'localhost' ? '127.0.0.1' : targetHost,
		);
	});

	afterAll(async () => {
		await target.close();
	});

	beforeEach(() => {
		target.requests.length = 0;
	});

	const targetUrl = () => target.url.replace('127.0.0.1', targetHost);

	const cases: Array<[string, OperationSpec, INodeParameters, string]> = [];
	for (const status of [301, 302, 307, 308] as const) {
		cases.push([`${status}, Execute Sequence`, JOB_OPERATIONS.executeSequence, {}, String(status)]);
		cases.push([
			`${status}, Business Rule Execute`,
			JOB_OPERATIONS.businessRuleExecute,
			{},
			String(status),
		]);
		cases.push([`${status}, Get Data Adapter`, READ_OPERATIONS.getDataAdapter, {}, String(status)]);
		cases.push([
			`${status}, Get Data Adapter 7.2.0 (logon)`,
			READ_OPERATIONS.getDataAdapter,
			{ apiVersion: '7.2.0' },
			String(status),
		]);
	}

	it.each(cases)('%s: reported, not followed', async (_label, spec, options, status) => {
		const endpoint = options.apiVersion === '7.2.0' ? 'Authentication/Logon' : spec.endpoint;
		const location = `${targetUrl()}/OneStreamApi/api/${endpoint}?api-version=5.2.0`;
		standIn.addFault({
			endpoint,
			fault: { kind: 'redirect', status: Number(status) as 301 | 302 | 307 | 308, location },
		});
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options }),
			credentials: canaryCredentials(standIn),
		});
		const error = expectNodeApiError(result);
		expect(error.message).toMatch(
			new RegExp(
				`^OneStream answered ${status} with a redirect to ${targetUrl().replace(/[.]/g, '\\.')}$`,
			),
		);
		expect(String(error.description)).toMatch(/does not follow redirects/);
		expect(requestsTo(standIn, endpoint)).toHaveLength(1);
		expect(target.requests).toHaveLength(0);
		expectNoSecret(result, CANARY_PAT);
	});

	it("the credential's Test button does not follow a redirect either", async () => {
		standIn.addFault({
			endpoint: 'Authentication/Logon',
			fault: {
				kind: 'redirect',
				status: 307,
				location: `${targetUrl()}/OneStreamApi/api/Authentication/Logon`,
			},
		});
		const outcome = await testCredentials(canaryCredentials(standIn));
		expect(outcome.status).toBe('Error');
		expect(target.requests).toHaveLength(0);
	});

	it('the target is reachable at the redirect address, so no request there means the node did not follow', async () => {
		const response = await fetch(
			`${targetUrl()}/OneStreamApi/api/DataProvider/GetAdoDataSetForAdapter?api-version=5.2.0`,
			{ method: 'POST', body: '{}' },
		);
		expect(await response.text()).toContain('stolen');
		expect(target.requests).toHaveLength(1);
	});
});

/*

 * The PAT appears nowhere in outputs, error messages or descriptions, serialised run data or logs,
 * including when the server echoes the token back in an error body. A distinctive PAT that no
 * other fixture contains is registered with the stand-in, so any hit is a leak; every case also
 * checks that the stand-in really received that token, so "not found" means something.
 */
describe('the PAT is never shown, also when the server echoes it', () => {
	const PAT = CANARY_PAT;
	const ECHO = {
		message: `Token ${PAT} is not valid for this request`,
		detail: `Authorization: Bearer ${PAT}`,
	};

	let standIn: StandIn;

	beforeAll(async () => {
		standIn = await startTestStandIn();
	});

	afterAll(async () => {
		await standIn.close();
	});

	beforeEach(() => standIn.reset());

	function expectTokenWasSent(): void {
		expect(standIn.requests.length).toBeGreaterThan(0);
		expect(
			standIn.requests.some((request) => request.headers.authorization === `Bearer ${PAT}`),
		).toBe(true);
	}

	const sequence = {
		resource: 'dataManagement',
		operation: 'executeSequence',
		applicationName: applicationByName(),
		sequenceName: 'Load_Actuals',
	};
	const adapter = {
		resource: 'data',
		operation: 'getDataAdapter',
		applicationName: applicationByName(),
		adapterName: 'GL_Export',
		options: { maxRetries: 1, retryDelay: 1, timeout: 1000 },
	};

	interface LeakCase {
		name: string;
		parameters: OneStreamNodeOptions['parameters'];
		fault?: FaultRule;
		/** The error text shown to users must say the token was scrubbed. */
		redacted?: boolean;
	}

	const cases: LeakCase[] = [
		{ name: 'a successful job', parameters: sequence },
		{ name: 'a successful read', parameters: adapter },
		{ name: 'a read into a file', parameters: { ...adapter, output: 'file' } },
		{
			name: 'a job whose 500 echoes the token',
			parameters: sequence,
			fault: {
				endpoint: 'DataManagement/ExecuteSequence',
				fault: { kind: 'status', status: 500, ...ECHO },
			},
			redacted: true,
		},
		{
			name: 'a job whose 401 echoes the token',
			parameters: sequence,
			fault: {
				endpoint: 'DataManagement/ExecuteSequence',
				fault: { kind: 'status', status: 401, ...ECHO },
			},
			redacted: true,
		},
		{
			name: 'a job whose 502 echoes the token',
			parameters: sequence,
			fault: {
				endpoint: 'DataManagement/ExecuteSequence',
				fault: { kind: 'status', status: 502, ...ECHO },
			},
			redacted: true,
		},
		{
			name: 'a read whose 400 echoes the token',
			parameters: adapter,
			fault: {
				endpoint: 'DataProvider/GetAdoDataSetForAdapter',
				fault: { kind: 'status', status: 400, ...ECHO },
			},
			redacted: true,
		},
		{
			name: 'a read whose 403 echoes the token',
			parameters: adapter,
			fault: {
				endpoint: 'DataProvider/GetAdoDataSetForAdapter',
				fault: { kind: 'status', status: 403, ...ECHO },
			},
			redacted: true,
		},
		{
			name: 'a read whose 503 echoes the token, retried',
			parameters: adapter,
			fault: {
				endpoint: 'DataProvider/GetAdoDataSetForAdapter',
				fault: { kind: 'status', status: 503, ...ECHO },
			},
			redacted: true,
		},
		{
			name: 'a job whose connection is reset',
			parameters: sequence,
			fault: { endpoint: 'DataManagement/ExecuteSequence', fault: { kind: 'reset' } },
		},
		{
			name: 'a read that stalls mid-body',
			parameters: adapter,
			fault: { endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'stallMidBody' } },
		},
		{
			name: 'a read answered with an HTML page',
			parameters: adapter,
			fault: { endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'html200' } },
		},
		{
			name: 'a read answered with JSON null',
			parameters: adapter,
			fault: { endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'null200' } },
		},
		{
			name: 'a read answered with truncated JSON',
			parameters: adapter,
			fault: {
				endpoint: 'DataProvider/GetAdoDataSetForAdapter',
				fault: { kind: 'truncatedJson200' },
			},
		},
		{
			name: 'a 7.2.0 read whose logon echoes the token',
			parameters: { ...adapter, options: { ...adapter.options, apiVersion: '7.2.0' } },
			fault: { endpoint: 'Authentication/Logon', fault: { kind: 'status', status: 400, ...ECHO } },
			redacted: true,
		},
		{
			name: 'a successful 7.2.0 read (SessionInfo round trip)',
			parameters: { ...adapter, options: { ...adapter.options, apiVersion: '7.2.0' } },
		},
	];

	const modes: Array<{ label: string; onError?: OnError }> = [
		{ label: 'stop' },
		{ label: 'continue (regular output)', onError: 'continueRegularOutput' },
		{ label: 'continue (error output)', onError: 'continueErrorOutput' },
	];

	function userVisibleErrorText(result: OneStreamNodeResult): string {
		const fromItems = [...result.output, ...(result.errorOutput ?? [])]
			.map(
				(item) =>
					`${String(item.json.error ?? '')} ${String(item.json.description ?? '')} ${item.error?.description ?? ''}`,
			)
			.join(' ');
		return `${result.nodeError?.message ?? ''} ${result.nodeError?.description ?? ''} ${fromItems}`;
	}

	describe.each(modes)('$label', ({ onError }) => {
		// The stall waits out the 1-second minimum Timeout: it runs in one mode.
		const modeCases = cases.filter(
			(testCase) => testCase.name !== 'a read that stalls mid-body' || onError === undefined,
		);
		it.each(modeCases)(
			'does not leak the PAT in $name',
			async ({ parameters, fault, redacted }) => {
				if (fault) standIn.addFault(fault);
				const result = await runOneStreamNode({
					parameters,
					credentials: credentialsFor(standIn, PAT),
					onError,
					items: [{ n: 1 }, { n: 2 }],
				});
				expectTokenWasSent();
				expectNoSecret(result, PAT);
				if (redacted) expect(userVisibleErrorText(result)).toContain('[redacted]');
			},
		);
	});

	it('does not leak a PAT pasted with "Bearer ", quotes and a line break', async () => {
		standIn.addFault({
			endpoint: 'DataManagement/ExecuteSequence',
			fault: { kind: 'status', status: 500, ...ECHO },
		});
		const result = await runOneStreamNode({
			parameters: sequence,
			credentials: credentialsFor(standIn, ` "Bearer ${PAT.slice(0, 30)}\n${PAT.slice(30)}" `),
		});
		expectTokenWasSent();
		expectNoSecret(result, PAT);
		expect(String(result.nodeError?.message)).toContain('[redacted]');
	});

	it('does not leak a PAT that came from n8n Variables', async () => {
		standIn.addFault({
			endpoint: 'DataProvider/GetAdoDataSetForAdapter',
			fault: { kind: 'status', status: 400, ...ECHO },
		});
		const result = await runOneStreamNode({
			parameters: adapter,
			credentials: credentialsFor(standIn, '={{ $vars.pat }}'),
			variables: { pat: PAT },
		});
		expectTokenWasSent();
		expectNoSecret(result, PAT);
	});

	it('does not leak the PAT from the Application dropdown when the logon echoes it', async () => {
		standIn.addFault({
			endpoint: 'Authentication/Logon',
			fault: { kind: 'status', status: 401, ...ECHO },
		});
		const failure = await runListSearch('searchApplications', {
			credentials: credentialsFor(standIn, PAT),
		}).then(
			() => undefined,
			(error: unknown) => error as Error & { description?: string },
		);
		expectTokenWasSent();
		expect(failure).toBeDefined();
		expect(`${failure?.message} ${failure?.description}`).not.toContain(PAT);
	});

	it.each([
		['a SQL error that echoes it', 400],
		['a refusal that echoes it', 403],
	])('does not leak the PAT from the lists filled by SQL, on %s', async (_label, status) => {
		standIn.addFault({
			endpoint: 'DataProvider/GetAdoDataSetForSqlCommand',
			fault: { kind: 'status', status, ...ECHO },
		});
		const failure = await runListSearch('searchCubeViews', {
			credentials: credentialsFor(standIn, PAT),
			parameters: {
				resource: 'data',
				operation: 'getCubeView',
				applicationName: applicationByName(),
			},
		}).then(
			() => undefined,
			(error: unknown) => error as Error & { description?: string },
		);
		expectTokenWasSent();
		expect(failure).toBeDefined();
		expect(`${failure?.message} ${failure?.description}`).not.toContain(PAT);
		expect(`${failure?.message} ${failure?.description}`).toContain('[redacted]');
	});

	it("keeps the PAT out of the credential test's message and logs on a failure that echoes it", async () => {
		standIn.addFault({
			endpoint: 'Authentication/Logon',
			fault: { kind: 'status', status: 400, ...ECHO },
		});
		const outcome = await testCredentials(credentialsFor(standIn, PAT));
		expectTokenWasSent();
		expect(outcome.status).toBe('Error');
		expect(outcome.message).not.toContain(PAT);
		expect(outcome.logText).not.toContain(PAT);
	});

	it('would notice a leak: a PAT placed in the input items is found in the serialised run data', async () => {
		// Control for the checks above: the input items are part of the run data, so the search must hit.
		const result = await runOneStreamNode({
			parameters: sequence,
			credentials: credentialsFor(standIn, PAT),
			items: [{ note: `copied ${PAT}` }],
		});
		expect(result.serialized).toContain(PAT);
		expect(() => expectNoSecret(result, PAT)).toThrow();
	});
});
