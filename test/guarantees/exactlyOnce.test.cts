/**
 * Exactly once: under every fault the stand-in can inject, every Data Management and business-rule
 * Execute call reaches the server at most once per item per run, and an unknown outcome is said
 * plainly. Also with n8n's engine-level Retry On Fail on, which executes the whole node again.
 */
import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	NodeConnectionTypes,
} from 'n8n-workflow';

import {
	type Fault,
	type StandIn,
	EXPIRED_PAT,
	type FaultRule,
	VALID_PAT,
} from '../standin/index.cjs';
import {
	runOneStreamNode,
	type OnError,
	CREDENTIAL_TYPE,
	registerNodeType,
	runWorkflow,
	START_NODE_TYPE,
} from '../support/harness.cjs';
import {
	errorItemJson,
	expectNodeApiError,
	expectReadable,
	trackUncaught,
} from '../support/checks.cjs';
import {
	type JobOperation,
	canaryCredentials,
	JOB_OPERATIONS,
	numberedItems,
	perItemCounts,
	settleRuns,
	startFaultStandIn,
	APPLICATION,
	applicationByName,
	credentialsFor,
	pairedIndexes,
	requestsTo,
	startTestStandIn,
} from '../support/standIn.cjs';
import {
	closedPort,
	expectUnknownOutcomeText,
	failingParameters,
	JOB_FAULT_CASES,
	waitUntil,
} from '../support/jobFaults.cjs';

const OPERATIONS = Object.keys(JOB_OPERATIONS) as JobOperation[];

let standIn: StandIn;
let closedPortUrl: string;
const uncaught = trackUncaught();

beforeAll(async () => {
	standIn = await startFaultStandIn();
	standIn.setSequenceDuration('Nightly_Consolidation', 5);
	closedPortUrl = await closedPort();
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

describe.each(OPERATIONS)('%s: at most one request per item under every fault', (operation) => {
	const spec = JOB_OPERATIONS[operation];

	// A timeout case waits out the node's 1-second minimum Timeout: it runs here for one operation;
	// transport/client.test.cts runs it for every job endpoint with a short deadline.
	const cases = JOB_FAULT_CASES.filter(
		(testCase) => !testCase.timeout || operation === 'executeSequence',
	);
	it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
		'%s',
		async (_name, testCase) => {
			if (testCase.fault)
				standIn.addFault({
					endpoint: spec.endpoint,
					afterWork: testCase.afterWork,
					fault: testCase.fault,
				});
			const credentials =
				testCase.credentials === 'expiredPat'
					? canaryCredentials(standIn, { personalAccessToken: EXPIRED_PAT })
					: testCase.credentials === 'refused'
						? canaryCredentials({ url: closedPortUrl })
						: canaryCredentials(standIn);
			const options: Record<string, number> = { concurrency: 2 };
			if (testCase.timeout) options.timeout = testCase.timeout;
			const startedAt = Date.now();
			const result = await runOneStreamNode({
				parameters: spec.parameters({
					...(testCase.failingJob ? failingParameters(operation) : {}),
					options,
				}),
				credentials,
				items: numberedItems(2),
				onError: 'continueRegularOutput',
			});
			const elapsed = Date.now() - startedAt;
			if (testCase.lateRun) await waitUntil(() => standIn.runs.length >= 2, 10_000);
			await settleRuns(standIn);

			// Nothing lost: one output item per input item, paired with it.
			expect(result.status).toBe('success');
			expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

			// Nothing twice: one request per item at most, and the job ran at most once per item.
			const counts = perItemCounts(standIn, spec.endpoint);
			for (const item of ['i0', 'i1']) {
				const count = counts.get(item) ?? { requests: 0, runs: 0 };
				expect({ item, requests: count.requests }).toEqual({
					item,
					requests: testCase.credentials === 'refused' ? 0 : 1,
				});
				expect({ item, runs: count.runs }).toEqual({ item, runs: testCase.ran ? 1 : 0 });
			}
			expect([...counts.keys()].filter((key) => key !== 'i0' && key !== 'i1')).toEqual([]);

			for (const item of result.output) {
				if (testCase.outcome === 'success') {
					expect(item.json.success).toBe(true);
					expect(typeof item.json.message).toBe('string');
					continue;
				}
				const json = errorItemJson(item);
				expect({ jobOutcome: json.jobOutcome }).toEqual({ jobOutcome: testCase.outcome });
				if (testCase.outcome === 'unknown') expectUnknownOutcomeText(json.description);
				else expect(String(json.description)).not.toMatch(/may still be running/);
			}
			// No hang: a timeout ends the call near the Timeout option, not at the 4-hour default.
			if (testCase.timeout) expect(elapsed).toBeLessThan(testCase.timeout * 2 + 10_000);
		},
	);

	it('stops at the first failing item when the node stops on errors: later items are never sent', async () => {
		standIn.addFault({ endpoint: spec.endpoint, afterWork: true, fault: { kind: 'reset' } });
		const result = await runOneStreamNode({
			parameters: spec.parameters(),
			credentials: canaryCredentials(standIn),
			items: numberedItems(3),
		});
		await settleRuns(standIn);
		const error = expectNodeApiError(result);
		expect(error.message).toMatch(/The outcome is unknown/);
		expectUnknownOutcomeText(error.description);
		const counts = perItemCounts(standIn, spec.endpoint);
		expect(Object.fromEntries(counts)).toEqual({ i0: { requests: 1, runs: 1 } });
	});
});

describe('many items in parallel under random faults', () => {
	// Faults without a timeout, so the run stays quick; every kind that can hit a job is present.
	const MIXED: Array<{ fault: Fault; afterWork?: boolean }> = [
		{ fault: { kind: 'reset' } },
		{ fault: { kind: 'reset' }, afterWork: true },
		{ fault: { kind: 'status', status: 429, retryAfter: '1' } },
		{ fault: { kind: 'status', status: 500, message: 'Job failed.' } },
		{ fault: { kind: 'status', status: 502, html: true }, afterWork: true },
		{ fault: { kind: 'status', status: 503 } },
		{ fault: { kind: 'status', status: 504, html: true }, afterWork: true },
		{ fault: { kind: 'html200' }, afterWork: true },
		{ fault: { kind: 'redirect', status: 302, location: 'http://127.0.0.1:9/' } },
	];

	it.each(OPERATIONS)(
		'%s: 30 items at Parallel Calls 4, about half of them faulted: one request each, every item accounted for',
		async (operation) => {
			const spec = JOB_OPERATIONS[operation];
			// The stand-in picks the first matching rule whose draw succeeds; spread about 50% over the kinds.
			const share = 0.5 / MIXED.length;
			MIXED.forEach(({ fault, afterWork }, index) => {
				standIn.addFault({
					endpoint: spec.endpoint,
					afterWork,
					fault,
					probability: Math.min(1, share / (1 - share * index)),
				});
			});
			const result = await runOneStreamNode({
				parameters: spec.parameters({ options: { concurrency: 4 } }),
				credentials: canaryCredentials(standIn),
				items: numberedItems(30),
				onError: 'continueRegularOutput',
			});
			await settleRuns(standIn);

			expect(result.output).toHaveLength(30);
			const counts = perItemCounts(standIn, spec.endpoint);
			const outcomes: Record<string, number> = {};
			result.output.forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				const key = `i${index}`;
				const count = counts.get(key) ?? { requests: 0, runs: 0 };
				expect({ key, requests: count.requests }).toEqual({ key, requests: 1 });
				expect(count.runs).toBeLessThanOrEqual(1);
				const outcome =
					item.json.success === true ? 'success' : String(errorItemJson(item).jobOutcome);
				outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
				// The outcome agrees with what the server did.
				if (outcome === 'success') expect({ key, runs: count.runs }).toEqual({ key, runs: 1 });
				if (outcome === 'notRun') expect({ key, runs: count.runs }).toEqual({ key, runs: 0 });
				if (outcome === 'unknown') expectUnknownOutcomeText(item.json.description);
			});
			expect(outcomes.success).toBeGreaterThan(0);
			expect(outcomes.unknown).toBeGreaterThan(0);
			expect(outcomes.notRun).toBeGreaterThan(0);
		},
	);
});

describe("n8n's engine-level Retry On Fail (node setting): still at most once", () => {
	const spec = JOB_OPERATIONS.executeSequence;

	it('an unknown-outcome job is not sent again when n8n retries the node', async () => {
		standIn.addFault({ endpoint: spec.endpoint, afterWork: true, fault: { kind: 'reset' } });
		const result = await runOneStreamNode({
			parameters: spec.parameters(),
			credentials: canaryCredentials(standIn),
			items: numberedItems(1),
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 1,
		});
		await settleRuns(standIn);
		expectNodeApiError(result);
		expect(String(result.nodeError?.message)).toContain('The outcome is unknown');
		// n8n executed the node three times; the job went out once.
		expect(Object.fromEntries(perItemCounts(standIn, spec.endpoint))).toEqual({
			i0: { requests: 1, runs: 1 },
		});
	});

	it('items that had already succeeded are not sent again when a later item fails', async () => {
		standIn.addFault({
			endpoint: spec.endpoint,
			name: 'Nightly_Consolidation',
			times: 1,
			afterWork: true,
			fault: { kind: 'reset' },
		});
		const result = await runOneStreamNode({
			parameters: spec.parameters({ sequenceName: '={{ $json.sequence }}' }),
			credentials: canaryCredentials(standIn),
			items: [
				{ item: 'i0', sequence: 'Load_Actuals' },
				{ item: 'i1', sequence: 'Load_Actuals' },
				{ item: 'i2', sequence: 'Nightly_Consolidation' },
			],
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 1,
		});
		await settleRuns(standIn);
		// Item 2's outcome stays unknown on the second try (it is not re-sent), so the node fails.
		expectNodeApiError(result);
		expect(Object.fromEntries(perItemCounts(standIn, spec.endpoint))).toEqual({
			i0: { requests: 1, runs: 1 },
			i1: { requests: 1, runs: 1 },
			i2: { requests: 1, runs: 1 },
		});
	});

	it('a job that provably did not start (429) is sent again on the next try, and then runs once', async () => {
		standIn.addFault({ endpoint: spec.endpoint, times: 1, fault: { kind: 'status', status: 429 } });
		const result = await runOneStreamNode({
			parameters: spec.parameters(),
			credentials: canaryCredentials(standIn),
			items: numberedItems(1),
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 1,
		});
		await settleRuns(standIn);
		expect(result.status).toBe('success');
		expect(result.output[0].json.success).toBe(true);
		expect(Object.fromEntries(perItemCounts(standIn, spec.endpoint))).toEqual({
			i0: { requests: 2, runs: 1 },
		});
	});

	it('with "On Error: Continue", n8n re-runs the node when the FIRST output item is an error item; nothing is sent twice', async () => {
		standIn.addFault({
			endpoint: spec.endpoint,
			name: 'Load_Actuals',
			afterWork: true,
			fault: { kind: 'reset' },
		});
		const result = await runOneStreamNode({
			parameters: spec.parameters({ sequenceName: '={{ $json.sequence }}' }),
			credentials: canaryCredentials(standIn),
			items: [
				{ item: 'i0', sequence: 'Load_Actuals' },
				{ item: 'i1', sequence: 'Nightly_Consolidation' },
			],
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 1,
			onError: 'continueErrorOutput',
		});
		await settleRuns(standIn);
		expect(result.status).toBe('success');
		expect(result.errorOutput).toHaveLength(1);
		expect(result.output).toHaveLength(1);
		expect(Object.fromEntries(perItemCounts(standIn, spec.endpoint))).toEqual({
			i0: { requests: 1, runs: 1 },
			i1: { requests: 1, runs: 1 },
		});
	});

	it('with "On Error: Continue", does not re-run when only a later item failed', async () => {
		standIn.addFault({
			endpoint: spec.endpoint,
			name: 'Nightly_Consolidation',
			afterWork: true,
			fault: { kind: 'reset' },
		});
		const result = await runOneStreamNode({
			parameters: spec.parameters({ sequenceName: '={{ $json.sequence }}' }),
			credentials: canaryCredentials(standIn),
			items: [
				{ item: 'i0', sequence: 'Load_Actuals' },
				{ item: 'i1', sequence: 'Nightly_Consolidation' },
			],
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 1,
			onError: 'continueErrorOutput',
		});
		await settleRuns(standIn);
		expect(result.status).toBe('success');
		expect(result.output).toHaveLength(1);
		expect(result.errorOutput).toHaveLength(1);
		for (const item of result.errorOutput ?? [])
			expectReadable(item.json.error, 'error output item');
		expect(Object.fromEntries(perItemCounts(standIn, spec.endpoint))).toEqual({
			i0: { requests: 1, runs: 1 },
			i1: { requests: 1, runs: 1 },
		});
	});
});

/*

 * "No Data Management or business-rule execute call is ever re-sent by the node": under every
 * fault the stand-in can inject, each job reaches the server exactly once per item and run (with
 * n8n's engine-level Retry On Fail off), whether the node stops or continues on fail.
 */
describe('each job reaches the server once per item and run, in every error mode', () => {
	const SEQUENCE = 'DataManagement/ExecuteSequence';
	const STEP = 'DataManagement/ExecuteStep';

	let standIn: StandIn;

	beforeAll(async () => {
		standIn = await startTestStandIn();
		standIn.setSequenceDuration('Slow_Close', 1500);
	});

	afterAll(async () => {
		await standIn.close();
	});

	beforeEach(() => standIn.reset());

	/**
	 * Waits until the stand-in has no job running any more (and, when one is expected, until the job
	 * has run), so a late re-send would have been seen and nothing spills into the next test.
	 */
	async function settle(expectRun = false): Promise<void> {
		const busy = () =>
			standIn.runs.some((run) => run.outcome === 'running') ||
			(expectRun && standIn.runs.length === 0);
		for (let i = 0; i < 200 && busy(); i++) {
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
		expect(busy()).toBe(false);
	}

	interface FaultCase {
		name: string;
		sequence?: string;
		fault?: FaultRule['fault'];
		afterWork?: boolean;
		token?: string;
		/** The Timeout option (ms), for faults that leave the request unanswered. */
		timeout?: number;
		/** The server runs the job even though the node gave up waiting. */
		runsLater?: boolean;
		/** What the error must say. */
		says: RegExp;
	}

	const OUTCOME_UNKNOWN = /may still be running|outcome is unknown/i;

	const cases: FaultCase[] = [
		{
			name: 'a failing sequence (500 with Message)',
			sequence: 'Failing_Import',
			says: /GL_Accounts/,
		},
		{
			name: 'an expired token (401), which n8n itself would re-send',
			token: EXPIRED_PAT,
			says: /401/,
		},
		{ name: 'a 500 without detail', fault: { kind: 'status', status: 500 }, says: /failed/ },
		{
			name: 'a proxy 502 HTML page',
			fault: { kind: 'status', status: 502, html: true },
			says: OUTCOME_UNKNOWN,
		},
		{
			name: 'a 503',
			fault: { kind: 'status', status: 503, message: 'Service Unavailable' },
			says: OUTCOME_UNKNOWN,
		},
		{
			name: 'a gateway 504 HTML page',
			fault: { kind: 'status', status: 504, html: true },
			says: OUTCOME_UNKNOWN,
		},
		{
			name: 'a 429 with Retry-After',
			fault: { kind: 'status', status: 429, retryAfter: '0' },
			says: /429/,
		},
		{ name: 'a connection reset before the work', fault: { kind: 'reset' }, says: OUTCOME_UNKNOWN },
		{
			name: 'a connection reset after the job ran',
			fault: { kind: 'reset' },
			afterWork: true,
			says: OUTCOME_UNKNOWN,
		},
		{ name: 'a sign-in HTML page with 200', fault: { kind: 'html200' }, says: /HTML page/ },
		{
			name: 'an answer that stalls mid-body',
			fault: { kind: 'stallMidBody' },
			timeout: 1000,
			says: OUTCOME_UNKNOWN,
		},
		{
			name: 'no answer within the timeout (delayed answer)',
			fault: { kind: 'delay', ms: 1500 },
			timeout: 1000,
			runsLater: true,
			says: OUTCOME_UNKNOWN,
		},
		{
			name: 'a sequence that outlives the timeout',
			sequence: 'Slow_Close',
			timeout: 1000,
			says: OUTCOME_UNKNOWN,
		},
	];

	const modes: Array<{ label: string; onError?: OnError }> = [
		{ label: 'stopping the workflow' },
		{ label: 'continuing (regular output)', onError: 'continueRegularOutput' },
		{ label: 'continuing (error output)', onError: 'continueErrorOutput' },
	];

	describe.each(modes)('Execute Sequence, $label', ({ onError }) => {
		// The timeout cases wait out the 1-second minimum Timeout: one error mode runs them (the
		// other modes show unknown outcomes through the reset and gateway cases).
		it.each(cases.filter((faultCase) => !faultCase.timeout || onError === undefined))(
			'sends the job once under $name',
			async (faultCase) => {
				const sequence = faultCase.sequence ?? 'Load_Actuals';
				if (faultCase.fault) {
					standIn.addFault({
						endpoint: SEQUENCE,
						fault: faultCase.fault,
						afterWork: faultCase.afterWork,
					});
				}
				const result = await runOneStreamNode({
					parameters: {
						resource: 'dataManagement',
						operation: 'executeSequence',
						applicationName: applicationByName(),
						sequenceName: sequence,
						options: faultCase.timeout ? { timeout: faultCase.timeout } : {},
					},
					credentials: credentialsFor(standIn, faultCase.token ?? VALID_PAT),
					onError,
				});
				await settle(faultCase.runsLater);
				expect(standIn.countRequests({ endpoint: SEQUENCE })).toBe(1);
				expect(standIn.runs.length).toBeLessThanOrEqual(1);

				let errorText: string;
				if (onError === undefined) {
					expect(result.status).toBe('error');
					errorText = `${result.nodeError?.message} ${result.nodeError?.description}`;
				} else if (onError === 'continueRegularOutput') {
					expect(result.output).toHaveLength(1);
					expect(pairedIndexes(result.output)).toEqual([0]);
					errorText = `${result.output[0].json.error} ${result.output[0].json.description}`;
				} else {
					expect(result.output).toHaveLength(0);
					expect(result.errorOutput).toHaveLength(1);
					expect(pairedIndexes(result.errorOutput ?? [])).toEqual([0]);
					const errorItem = result.errorOutput?.[0];
					errorText = `${errorItem?.json.error} ${errorItem?.error?.description}`;
				}
				expect(errorText).toMatch(faultCase.says);
				expect(errorText).not.toContain('undefined');
			},
		);
	});

	describe('Execute Step and business rule Execute', () => {
		it.each([
			['executeStep', 'dataManagement'],
			['execute', 'businessRule'],
		])('send a step once under a gateway timeout (%s)', async (operation, resource) => {
			standIn.addFault({
				endpoint: STEP,
				fault: { kind: 'status', status: 504, html: true },
				afterWork: true,
			});
			const result = await runOneStreamNode({
				parameters: {
					resource,
					operation,
					applicationName: applicationByName(),
					dataManagementGroupName: 'Integration',
					stepName: 'Import_GL',
				},
				credentials: credentialsFor(standIn),
			});
			await settle();
			expect(result.status).toBe('error');
			expect(String(result.nodeError?.description)).toMatch(/Task Activity/);
			expect(standIn.countRequests({ endpoint: STEP })).toBe(1);
			expect(standIn.runs.map((run) => run.outcome)).toEqual(['succeeded']);
		});
	});

	it('sends each item once when several items fail, and stops at the first failure without Continue', async () => {
		standIn.addFault({ endpoint: SEQUENCE, fault: { kind: 'reset' } });
		const stopped = await runOneStreamNode({
			parameters: {
				resource: 'dataManagement',
				operation: 'executeSequence',
				applicationName: applicationByName(),
				sequenceName: 'Load_Actuals',
				options: { runIdenticalJobsOnce: false },
			},
			items: [{}, {}, {}],
			credentials: credentialsFor(standIn),
		});
		expect(stopped.status).toBe('error');
		expect(stopped.nodeError?.context.itemIndex).toBe(0);
		expect(standIn.countRequests({ endpoint: SEQUENCE })).toBe(1);

		standIn.reset();
		standIn.addFault({ endpoint: SEQUENCE, fault: { kind: 'reset' } });
		const continued = await runOneStreamNode({
			parameters: {
				resource: 'dataManagement',
				operation: 'executeSequence',
				applicationName: applicationByName(),
				sequenceName: 'Load_Actuals',
				options: { runIdenticalJobsOnce: false },
			},
			items: [{}, {}, {}],
			credentials: credentialsFor(standIn),
			onError: 'continueRegularOutput',
		});
		expect(pairedIndexes(continued.output)).toEqual([0, 1, 2]);
		expect(standIn.countRequests({ endpoint: SEQUENCE })).toBe(3);
	});

	describe("n8n's own re-sending, for contrast", () => {
		// A probe node that calls n8n-core's httpRequestWithAuthentication directly, with and without
		// ignoreHttpStatusErrors: it shows that the harness reproduces n8n's re-send of a thrown 401, so
		// the "exactly once" counts above could have failed.
		const PROBE = 'test.httpProbe';
		let unregister: () => void;

		beforeAll(() => {
			const probe: INodeType = {
				description: {
					displayName: 'HTTP probe',
					name: PROBE,
					group: ['transform'],
					version: 1,
					description: 'Calls httpRequestWithAuthentication once',
					defaults: { name: 'Probe' },
					inputs: [NodeConnectionTypes.Main],
					outputs: [NodeConnectionTypes.Main],
					credentials: [{ name: CREDENTIAL_TYPE, required: true }],
					properties: [
						{
							displayName: 'Ignore Status Errors',
							name: 'ignore',
							type: 'boolean',
							default: false,
						},
					],
				},
				async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
					const credentials = await this.getCredentials(CREDENTIAL_TYPE);
					const response: unknown = await this.helpers.httpRequestWithAuthentication.call(
						this,
						CREDENTIAL_TYPE,
						{
							method: 'POST',
							url: `${String(credentials.baseUrl)}/OneStreamApi/api/DataManagement/ExecuteSequence`,
							qs: { 'api-version': '5.2.0' },
							body: {
								BaseWebServerUrl: `${String(credentials.baseUrl)}/OneStreamWeb`,
								ApplicationName: APPLICATION,
								SequenceName: 'Load_Actuals',
							},
							json: true,
							ignoreHttpStatusErrors: this.getNodeParameter('ignore', 0) === true,
						},
					);
					return [[{ json: { response: JSON.stringify(response) } }]];
				},
			};
			unregister = registerNodeType(PROBE, probe);
		});

		afterAll(() => unregister());

		async function probe(ignore: boolean) {
			return await runWorkflow(
				{
					nodes: [
						{
							id: 's',
							name: 'Start',
							type: START_NODE_TYPE,
							typeVersion: 1,
							position: [0, 0],
							parameters: {},
						},
						{
							id: 'p',
							name: 'Probe',
							type: PROBE,
							typeVersion: 1,
							position: [200, 0],
							parameters: { ignore },
							credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'OneStream' } },
						},
					],
					connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
				},
				{ credentials: { [CREDENTIAL_TYPE]: credentialsFor(standIn, EXPIRED_PAT) } },
			);
		}

		it("n8n's helper sends a request twice when it throws a 401", async () => {
			const result = await probe(false);
			expect(result.status).toBe('error');
			expect(requestsTo(standIn, SEQUENCE)).toHaveLength(2);
		});

		it('ignoreHttpStatusErrors keeps it to one request', async () => {
			const result = await probe(true);
			expect(result.status).toBe('success');
			expect(requestsTo(standIn, SEQUENCE)).toHaveLength(1);
		});

		it("n8n's engine-level Retry On Fail runs the node again, yet the failed job is sent once", async () => {
			// n8n re-runs the whole node after a failure (its logs show the tries); the node remembers the
			// job it sent in this run of the node and gives its error again instead of re-sending it.
			const result = await runOneStreamNode({
				parameters: {
					resource: 'dataManagement',
					operation: 'executeSequence',
					applicationName: applicationByName(),
					sequenceName: 'Failing_Import',
				},
				credentials: credentialsFor(standIn),
				retryOnFail: true,
				maxTries: 2,
				waitBetweenTries: 10,
			});
			expect(result.status).toBe('error');
			expect(String(result.nodeError?.message)).toContain('Failing_Import');
			expect(standIn.countRequests({ endpoint: SEQUENCE })).toBe(1);
		});
	});
});
