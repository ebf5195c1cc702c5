/**
 * Clear errors: every non-transient fault, every transient fault that outlasts the retries and every
 * bad response becomes a NodeApiError whose message and description read well (no `undefined`,
 * `[object Object]` or `NaN`), with no uncaught exception and no hang past the Timeout option.
 */
import { type ICredentialDataDecryptedObject, type IDataObject } from 'n8n-workflow';

import {
	type Fault,
	type StandIn,
	bigExportRow,
	EXPIRED_PAT,
	NON_ADMIN_PAT,
	REVOKED_PAT,
	type FaultRule,
} from '../standin/index.cjs';
import { runOneStreamNode, type OnError } from '../support/harness.cjs';
import { errorItemJson, expectNodeApiError, trackUncaught } from '../support/checks.cjs';
import {
	type ReadOperation,
	applicationByName,
	canaryCredentials,
	READ_OPERATIONS,
	requestsTo,
	startFaultStandIn,
	credentialsFor,
	expectInputUntouched,
	pairedIndexes,
	startTestStandIn,
} from '../support/standIn.cjs';

/** The Cube operations: their routes have an error of their own for 401, 403 and 404. */
const ANALYTICS: ReadOperation[] = ['getDataCells', 'getDimensionHierarchy', 'getMemberProperties'];

interface ErrorCase {
	name: string;
	fault?: Fault;
	/** Fault on another endpoint than the operation's own (the 7.2.0 session calls). */
	endpoint?: string;
	token?: string;
	options?: IDataObject;
	/** What the message must say; `{subject}` stands for the operation's subject. */
	message: RegExp;
	description?: RegExp;
	httpCode?: string;
	/** The call is bounded by this Timeout option: it must end well before the 10-minute default. */
	timeout?: number;
	/** Only for these operations. */
	only?: ReadOperation[];
	/** Not for these operations (they have a case of their own). */
	except?: ReadOperation[];
}

const NO_RETRY = { maxRetries: 0 };
const ONE_RETRY = { maxRetries: 1, retryDelay: 10 };

const CASES: ErrorCase[] = [
	{
		name: '500 with Message and Detail',
		fault: { kind: 'status', status: 500, message: 'Adapter failed.', detail: 'Division by zero.' },
		message: /^OneStream could not run .+: Adapter failed\. — Division by zero\.$/,
		httpCode: '500',
	},
	{
		name: '500 without a body text',
		fault: { kind: 'status', status: 500, message: '', detail: '' },
		message: /^OneStream could not run .+ \(500\)$/,
		httpCode: '500',
	},
	{
		name: '400 rejected',
		fault: { kind: 'status', status: 400, message: 'Invalid parameter.' },
		message: /^OneStream rejected the request for .+: Invalid parameter\./,
		httpCode: '400',
	},
	{
		name: '401 from a fault rule',
		fault: { kind: 'status', status: 401 },
		message: /^OneStream rejected the Personal Access Token \(401 Unauthorized\)/,
		description: /AccessAsNonInteractiveUser/,
		httpCode: '401',
		except: ANALYTICS,
	},
	...[401, 403, 404].map((status): ErrorCase => ({
		name: `${status} on an Analytics route, after the token signed in`,
		fault: { kind: 'status', status },
		message: new RegExp(
			`^OneStream refused Analytics/\\w+ for .+ \\(${status}\\): .+, although the token signed in$`,
		),
		description: /platform 8\.2 or later.+token's user/,
		httpCode: String(status),
		only: ANALYTICS,
	})),
	{
		name: 'expired PAT',
		token: EXPIRED_PAT,
		message:
			/^OneStream rejected the Personal Access Token \(401 Unauthorized\): Authorization has been denied for this request\. — The personal access token has expired\./,
		httpCode: '401',
	},
	{ name: 'revoked PAT', token: REVOKED_PAT, message: /has been revoked/, httpCode: '401' },
	{
		name: '403 forbidden',
		fault: { kind: 'status', status: 403 },
		message: /^OneStream refused access to .+ \(403 Forbidden\)/,
		httpCode: '403',
		except: ANALYTICS,
	},
	{
		name: 'PAT of a user without the Administrator role (SQL and method commands)',
		token: NON_ADMIN_PAT,
		message: /^OneStream refused access to .+ \(403 Forbidden\): Security Access Error/,
		description: /also need the Administrator role/,
		httpCode: '403',
		only: ['runSql', 'runMethodCommand', 'getDataSet'],
	},
	{
		name: '404 not found',
		fault: { kind: 'status', status: 404 },
		message: /^The OneStream Web API endpoint .+ was not found \(404\)$/,
		description: /API Path/,
		httpCode: '404',
		except: ANALYTICS,
	},
	{
		name: '429 outlasting the retries',
		fault: { kind: 'status', status: 429 },
		options: ONE_RETRY,
		message:
			/^OneStream is receiving too many requests \(429\) and did not run .+ \(after 1 retry\)$/,
		httpCode: '429',
	},
	{
		name: '502 HTML page outlasting the retries',
		fault: { kind: 'status', status: 502, html: true },
		options: ONE_RETRY,
		message:
			/^A proxy in front of OneStream answered 502 with an HTML page \(title "502 Bad Gateway"\) for .+ \(after 1 retry\)$/,
		httpCode: '502',
	},
	{
		name: '503 outlasting the retries',
		fault: { kind: 'status', status: 503 },
		options: ONE_RETRY,
		message: /^OneStream could not run .+: Service Unavailable \(after 1 retry\)$/,
		httpCode: '503',
	},
	{
		name: '504 HTML page, no retries',
		fault: { kind: 'status', status: 504, html: true },
		options: NO_RETRY,
		message: /^A proxy in front of OneStream answered 504 with an HTML page/,
		httpCode: '504',
	},
	{
		name: 'reset outlasting the retries',
		fault: { kind: 'reset' },
		options: ONE_RETRY,
		message:
			/^Could not reach OneStream at http:\/\/127\.0\.0\.1:\d+ for .+: the connection was closed before the answer arrived \(after 1 retry\)$/,
	},
	{
		name: '200 HTML page (sign-in page)',
		fault: { kind: 'html200' },
		message: /^OneStream's answer for .+ was an HTML page \(title "[^"]+"\), not JSON$/,
		description: /proxy/,
		httpCode: '200',
	},
	{
		name: '200 empty body',
		fault: { kind: 'empty200' },
		message: /^OneStream returned an empty response for .+$/,
	},
	{
		name: '200 null',
		fault: { kind: 'null200' },
		message: /^OneStream returned null instead of data for .+$/,
		description: /substitution variable/,
	},
	{
		name: '200 truncated JSON',
		fault: { kind: 'truncatedJson200' },
		message: /^OneStream's answer for .+ ended before the DataSet was complete$/,
		description: /bytes arrived/,
	},
	{
		name: '200 with an Error table',
		fault: { kind: 'errorTable200', message: 'Rule failed: parameter Entity is missing.' },
		message: /^OneStream reported an error for .+: Rule failed: parameter Entity is missing\.$/,
	},
	{
		name: '200 JSON object without a table',
		fault: { kind: 'status', status: 200, message: 'Done', detail: 'Nothing to return' },
		message: /^OneStream's answer for .+ contains no data table$/,
		description: /Message, Detail/,
	},
	{
		name: 'body stalls mid-way',
		fault: { kind: 'stallMidBody' },
		options: { timeout: 1000 },
		timeout: 1000,
		message: /no answer within the timeout of 1000 ms, after \d+ bytes of the answer had arrived/,
	},
	{
		name: 'no answer within the timeout',
		fault: { kind: 'delay', ms: 3000 },
		options: { timeout: 1000 },
		timeout: 1000,
		message: /no answer within the timeout of 1000 ms/,
	},
	{
		name: '301 redirect',
		fault: { kind: 'redirect', status: 301, location: 'http://127.0.0.1:9/OneStreamApi' },
		message: /^OneStream answered 301 with a redirect to http:\/\/127\.0\.0\.1:9$/,
		description: /does not follow redirects/,
		httpCode: '301',
	},
];

/** The 7.2.0 adapter read: Logon, OpenApplication, then the adapter; faults on the session calls. */
const SESSION_CASES: ErrorCase[] = [
	{
		name: 'Logon answers 500',
		endpoint: 'Authentication/Logon',
		fault: { kind: 'status', status: 500, message: 'Logon failed.' },
		message: /^OneStream could not run logon: Logon failed\.$/,
	},
	{
		name: 'Logon answers an HTML page',
		endpoint: 'Authentication/Logon',
		fault: { kind: 'html200' },
		message: /^OneStream's answer for logon was an HTML page/,
	},
	{
		name: 'Logon answers null',
		endpoint: 'Authentication/Logon',
		fault: { kind: 'null200' },
		message: /^OneStream returned null instead of data for logon$/,
	},
	{
		name: 'Logon answers truncated JSON',
		endpoint: 'Authentication/Logon',
		fault: { kind: 'truncatedJson200' },
		message: /^OneStream's answer for logon is not valid JSON$/,
		description: /characters received/,
	},
	{
		name: 'Logon answers without a SessionInfo',
		endpoint: 'Authentication/Logon',
		fault: { kind: 'status', status: 200, message: 'Welcome' },
		message: /^OneStream's Authentication\/Logon answer has no "Logon SessionInfo"$/,
	},
	{
		name: 'OpenApplication answers an empty body',
		endpoint: 'Application/OpenApplication',
		fault: { kind: 'empty200' },
		message: /^OneStream returned an empty response for opening application "AcmeConsolidation"$/,
	},
	{
		name: 'OpenApplication stalls',
		endpoint: 'Application/OpenApplication',
		fault: { kind: 'stallMidBody' },
		options: { maxRetries: 0 },
		message:
			/^The answer from OneStream for opening application "AcmeConsolidation" broke off: no answer within the timeout of 1000 ms, after \d+ bytes of the answer had arrived$/,
	},
	{
		name: 'Logon slower than the Timeout option',
		endpoint: 'Authentication/Logon',
		fault: { kind: 'delay', ms: 3000 },
		options: { maxRetries: 0 },
		message: /^Could not reach OneStream at .+ for logon: no answer within the timeout of 1000 ms$/,
	},
];

const OPERATIONS = Object.keys(READ_OPERATIONS) as ReadOperation[];

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

describe.each(OPERATIONS)('%s', (operation) => {
	const spec = READ_OPERATIONS[operation];
	// A timeout case waits out the node's 1-second minimum Timeout: it runs here for the adapter;
	// transport/client.test.cts runs it for every read endpoint with a short deadline.
	const cases = CASES.filter(
		(testCase) =>
			(!testCase.only || testCase.only.includes(operation)) &&
			!testCase.except?.includes(operation) &&
			(!testCase.timeout || operation === 'getDataAdapter'),
	);

	it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
		'%s → a clear NodeApiError',
		async (_name, testCase) => {
			if (testCase.fault)
				standIn.addFault({ endpoint: testCase.endpoint ?? spec.endpoint, fault: testCase.fault });
			const credentials: ICredentialDataDecryptedObject = canaryCredentials(
				standIn,
				testCase.token ? { personalAccessToken: testCase.token } : {},
			);
			const startedAt = Date.now();
			const result = await runOneStreamNode({
				parameters: spec.parameters({ options: { retryDelay: 10, ...testCase.options } }),
				credentials,
				items: [{ item: 'i0' }, { item: 'i1' }],
			});
			const elapsed = Date.now() - startedAt;

			const error = expectNodeApiError(result);
			expect(error.message).toMatch(testCase.message);
			if (testCase.description) expect(String(error.description)).toMatch(testCase.description);
			if (testCase.httpCode)
				expect((error as { httpCode?: unknown }).httpCode).toBe(testCase.httpCode);
			expect(error.context?.itemIndex).toBe(0);
			// The first failure stops the node: the second item was never sent.
			const sent = requestsTo(standIn, spec.endpoint).length;
			const retries =
				typeof testCase.options?.maxRetries === 'number' ? testCase.options.maxRetries : 4;
			expect(sent).toBeLessThanOrEqual(1 + retries);
			if (testCase.timeout) expect(elapsed).toBeLessThan(testCase.timeout * 2 + 10_000);
		},
	);
});

describe('the same faults as error items (Continue, regular output)', () => {
	const spec = READ_OPERATIONS.getDataAdapter;

	it.each(
		CASES.filter((testCase) => !testCase.only && !testCase.except && !testCase.timeout).map(
			(testCase) => [testCase.name, testCase] as const,
		),
	)('%s', async (_name, testCase) => {
		if (testCase.fault) standIn.addFault({ endpoint: spec.endpoint, fault: testCase.fault });
		const result = await runOneStreamNode({
			parameters: spec.parameters({ options: { retryDelay: 10, ...testCase.options } }),
			credentials: canaryCredentials(
				standIn,
				testCase.token ? { personalAccessToken: testCase.token } : {},
			),
			items: [{ item: 'i0' }, { item: 'i1' }],
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		expect(result.output).toHaveLength(2);
		result.output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const json = errorItemJson(item);
			expect(String(json.error)).toMatch(testCase.message);
			if (testCase.httpCode) expect(json.httpCode).toBe(testCase.httpCode);
		});
	});
});

describe('7.2.0 adapter reads: faults on the session calls', () => {
	const parameters = (options: IDataObject) => ({
		resource: 'data',
		operation: 'getDataAdapter',
		applicationName: applicationByName(),
		adapterName: 'GL_Export',
		options: { apiVersion: '7.2.0', retryDelay: 10, ...options },
	});

	// The stalled session calls (Logon, OpenApplication) wait out the 1-second minimum Timeout:
	// one runs here, transport/client.test.cts runs them all with a short deadline.
	const sessionCases = SESSION_CASES.filter(
		(testCase) => testCase.name !== 'Logon slower than the Timeout option',
	);
	it.each(sessionCases.map((testCase) => [testCase.name, testCase] as const))(
		'%s → a clear NodeApiError',
		async (_name, testCase) => {
			if (testCase.fault) standIn.addFault({ endpoint: testCase.endpoint, fault: testCase.fault });
			const startedAt = Date.now();
			const result = await runOneStreamNode({
				parameters: parameters({ timeout: 1000, ...testCase.options }),
				credentials: canaryCredentials(standIn),
			});
			// The session calls are bounded by the read's Timeout option too.
			expect(Date.now() - startedAt).toBeLessThan(12_000);
			const error = expectNodeApiError(result);
			expect(error.message).toMatch(testCase.message);
			if (testCase.description) expect(String(error.description)).toMatch(testCase.description);
			expect(requestsTo(standIn, 'DataProvider/GetAdoDataSetForAdapter')).toHaveLength(0);
		},
	);
});

describe('a very large body', () => {
	it.each(['getDataAdapter', 'runSql', 'runMethodCommand'] as ReadOperation[])(
		'%s: 20,000 rows arrive exact',
		async (operation) => {
			standIn.addFault({
				endpoint: READ_OPERATIONS[operation].endpoint,
				fault: { kind: 'largeBody', rows: 20_000 },
			});
			const result = await runOneStreamNode({
				parameters: READ_OPERATIONS[operation].parameters({ resultTableName: 'Results' }),
				credentials: canaryCredentials(standIn),
			});
			expect(result.nodeError).toBeUndefined();
			expect(result.output).toHaveLength(20_000);
			result.output.forEach((item, index) => {
				if (index % 97 === 0 || index === 19_999) expect(item.json).toEqual(bigExportRow(index));
			});
			expect(result.output.every((item, index) => item.json.RowId === index + 1)).toBe(true);
		},
	);
});

/*

 * Answers that are not OneStream's JSON (a proxy's HTML page, an empty body, JSON null, truncated
 * JSON, a redirect) each get their own clear message, in every error mode, with the error item
 * paired to the item that failed while the other items go on.
 */
describe('odd answers in every error mode', () => {
	const ADAPTER = 'DataProvider/GetAdoDataSetForAdapter';
	const SEQUENCE = 'DataManagement/ExecuteSequence';

	let standIn: StandIn;

	beforeAll(async () => {
		standIn = await startTestStandIn();
	});

	afterAll(async () => {
		await standIn.close();
	});

	beforeEach(() => standIn.reset());

	interface BodyCase {
		name: string;
		fault: FaultRule['fault'];
		says: RegExp;
	}

	const readCases: BodyCase[] = [
		{
			name: 'an HTML sign-in page with 200',
			fault: { kind: 'html200' },
			says: /HTML page \(title "[^"]+"\)/,
		},
		{ name: 'an empty 200', fault: { kind: 'empty200' }, says: /empty response/ },
		{ name: 'JSON null', fault: { kind: 'null200' }, says: /null instead of data/ },
		{
			name: 'truncated JSON',
			fault: { kind: 'truncatedJson200' },
			says: /ended before the DataSet was complete|not valid JSON/,
		},
		{
			name: 'a 502 HTML page after the retries',
			fault: { kind: 'status', status: 502, html: true },
			says: /HTML page/,
		},
		{
			name: 'a redirect, not followed',
			fault: { kind: 'redirect', status: 302, location: 'https://login.example.com/sso' },
			says: /redirect to https:\/\/login\.example\.com/,
		},
	];

	const modes: Array<{ label: string; onError?: OnError }> = [
		{ label: 'stop' },
		{ label: 'continue (regular output)', onError: 'continueRegularOutput' },
		{ label: 'continue (error output)', onError: 'continueErrorOutput' },
	];

	const items = [{ entity: 'Acme UK' }, { entity: 'Acme DE' }];

	describe.each(modes)('reads, $label', ({ onError }) => {
		it.each(readCases)('explains $name', async ({ fault, says }) => {
			// Only the first request fails (or every one, for the retried 502), so item 1 succeeds.
			standIn.addFault({
				endpoint: ADAPTER,
				name: 'GL_Export',
				times: fault.kind === 'status' ? 2 : 1,
				fault,
			});
			const result = await runOneStreamNode({
				parameters: {
					resource: 'data',
					operation: 'getDataAdapter',
					applicationName: applicationByName(),
					adapterName: 'GL_Export',
					substitutionVariables: {
						variable: [
							{ name: 'pEntity', value: '={{ $json.entity }}' },
							{ name: 'pTime', value: '2026M1' },
						],
					},
					options: { maxRetries: 1, retryDelay: 1 },
				},
				items,
				credentials: credentialsFor(standIn),
				onError,
			});
			expectInputUntouched(result);
			if (onError === undefined) {
				expect(result.status).toBe('error');
				expect(result.nodeError?.message).toMatch(says);
				expect(result.nodeError?.context.itemIndex).toBe(0);
				expect(String(result.nodeError?.description ?? '')).not.toContain('undefined');
				return;
			}
			const rowsOfItem1 = result.output.filter((item) => item.json.error === undefined);
			expect(rowsOfItem1.length).toBeGreaterThan(0);
			expect(new Set(pairedIndexes(rowsOfItem1))).toEqual(new Set([1]));
			const errorItems =
				onError === 'continueErrorOutput'
					? (result.errorOutput ?? [])
					: result.output.filter((item) => item.json.error !== undefined);
			expect(errorItems).toHaveLength(1);
			expect(pairedIndexes(errorItems)).toEqual([0]);
			expect(String(errorItems[0].json.error)).toMatch(says);
			if (onError === 'continueRegularOutput') {
				// Regular output: the error item comes first, in input order.
				expect(result.output[0].json.error).toBeDefined();
			}
		});
	});

	describe.each(modes)('jobs, $label', ({ onError }) => {
		it.each<BodyCase>([
			{ name: 'an HTML sign-in page with 200', fault: { kind: 'html200' }, says: /HTML page/ },
			{
				name: 'a redirect, not followed',
				fault: {
					kind: 'redirect',
					status: 307,
					location: 'https://elsewhere.example.net/OneStreamApi',
				},
				says: /redirect/,
			},
		])('explains $name', async ({ fault, says }) => {
			standIn.addFault({ endpoint: SEQUENCE, times: 1, fault });
			const result = await runOneStreamNode({
				parameters: {
					resource: 'dataManagement',
					operation: 'executeSequence',
					applicationName: applicationByName(),
					sequenceName: 'Load_Actuals',
					// Two identical items, each meant to send its own job.
					options: { runIdenticalJobsOnce: false },
				},
				items: [{}, {}],
				credentials: credentialsFor(standIn),
				onError,
			});
			expect(standIn.countRequests({ endpoint: SEQUENCE })).toBe(onError === undefined ? 1 : 2);
			if (onError === undefined) {
				expect(result.nodeError?.message).toMatch(says);
				return;
			}
			const errorItems =
				onError === 'continueErrorOutput'
					? (result.errorOutput ?? [])
					: result.output.filter((item) => item.json.error !== undefined);
			expect(pairedIndexes(errorItems)).toEqual([0]);
			expect(String(errorItems[0].json.error)).toMatch(says);
			expect(pairedIndexes(result.output.filter((item) => item.json.success === true))).toEqual([
				1,
			]);
		});
	});

	it('does not follow a redirect, so the token never reaches the other host', async () => {
		const other = await startTestStandIn();
		try {
			standIn.addFault({
				endpoint: ADAPTER,
				fault: {
					kind: 'redirect',
					status: 307,
					location: `${other.apiRoot}/api/DataProvider/GetAdoDataSetForAdapter?api-version=5.2.0`,
				},
			});
			const result = await runOneStreamNode({
				parameters: {
					resource: 'data',
					operation: 'getDataAdapter',
					applicationName: applicationByName(),
					adapterName: 'GL_Export',
				},
				credentials: credentialsFor(standIn),
			});
			expect(result.status).toBe('error');
			expect(other.requests).toHaveLength(0);
			expect(standIn.countRequests({ endpoint: ADAPTER })).toBe(1);
		} finally {
			await other.close();
		}
	});
});

describe('errors carry only the advice that applies', () => {
	const SEQUENCE_ENDPOINT = 'DataManagement/ExecuteSequence';
	const run = () =>
		runOneStreamNode({
			parameters: {
				resource: 'dataManagement',
				operation: 'executeSequence',
				applicationName: applicationByName(),
				sequenceName: 'Load_Actuals',
			},
			credentials: credentialsFor(standIn),
		});

	it('a 403 names the role and the rights, not the whole token checklist', async () => {
		standIn.addFault({ endpoint: SEQUENCE_ENDPOINT, fault: { kind: 'status', status: 403 } });
		const description = String((await run()).nodeError?.description);
		expect(description).toMatch(/token was accepted/);
		expect(description).toContain('AccessAsNonInteractiveUser');
		for (const other of ['Is Enabled', 'inactivity', 'legacy', 'complete PAT', 'expired'])
			expect(description).not.toContain(other);
	});

	it('a rejected request points at the names, and at the Web Server URL only when OneStream names it', async () => {
		standIn.addFault({
			endpoint: SEQUENCE_ENDPOINT,
			times: 1,
			fault: {
				kind: 'status',
				status: 400,
				message: "Invalid Data Management Sequence name 'Load_Actual'.",
			},
		});
		const names = String((await run()).nodeError?.description);
		expect(names).toMatch(/Check the names/);
		expect(names).not.toMatch(/Web Server URL|BaseWebServerUrl|loopback/);

		standIn.addFault({
			endpoint: SEQUENCE_ENDPOINT,
			times: 1,
			fault: {
				kind: 'status',
				status: 400,
				message: 'BaseWebServerUrl is not reachable (loopback).',
			},
		});
		expect(String((await run()).nodeError?.description)).toMatch(/Web Server URL/);
	});
});
