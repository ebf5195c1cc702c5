/**
 * "No Data Management or business-rule execute call is ever re-sent by the node": under every
 * fault the stand-in can inject, each job reaches the server exactly once per item and run (with
 * n8n's engine-level Retry On Fail off), whether the node stops or continues on fail.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { FaultRule, StandIn } from '../standin/index.cjs';
import { EXPIRED_PAT, VALID_PAT } from '../standin/index.cjs';
import type { OnError } from '../support/harness.cjs';
import { CREDENTIAL_TYPE, registerNodeType, runOneStreamNode, runWorkflow, START_NODE_TYPE } from '../support/harness.cjs';
import { APPLICATION, applicationByName, credentialsFor, pairedIndexes, requestsTo, startTestStandIn } from '../support/standIn.cjs';

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
	const busy = () => standIn.runs.some((run) => run.outcome === 'running') || (expectRun && standIn.runs.length === 0);
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
	{ name: 'a failing sequence (500 with Message)', sequence: 'Failing_Import', says: /GL_Accounts/ },
	{ name: 'an expired token (401), which n8n itself would re-send', token: EXPIRED_PAT, says: /401/ },
	{ name: 'a 500 without detail', fault: { kind: 'status', status: 500 }, says: /failed/ },
	{ name: 'a proxy 502 HTML page', fault: { kind: 'status', status: 502, html: true }, says: OUTCOME_UNKNOWN },
	{ name: 'a 503', fault: { kind: 'status', status: 503, message: 'Service Unavailable' }, says: OUTCOME_UNKNOWN },
	{ name: 'a gateway 504 HTML page', fault: { kind: 'status', status: 504, html: true }, says: OUTCOME_UNKNOWN },
	{ name: 'a 429 with Retry-After', fault: { kind: 'status', status: 429, retryAfter: '0' }, says: /429/ },
	{ name: 'a connection reset before the work', fault: { kind: 'reset' }, says: OUTCOME_UNKNOWN },
	{ name: 'a connection reset after the job ran', fault: { kind: 'reset' }, afterWork: true, says: OUTCOME_UNKNOWN },
	{ name: 'a sign-in HTML page with 200', fault: { kind: 'html200' }, says: /HTML page/ },
	{ name: 'an answer that stalls mid-body', fault: { kind: 'stallMidBody' }, timeout: 1000, says: OUTCOME_UNKNOWN },
	{ name: 'no answer within the timeout (delayed answer)', fault: { kind: 'delay', ms: 1500 }, timeout: 1000, runsLater: true, says: OUTCOME_UNKNOWN },
	{ name: 'a sequence that outlives the timeout', sequence: 'Slow_Close', timeout: 1000, says: OUTCOME_UNKNOWN },
];

const modes: Array<{ label: string; onError?: OnError }> = [
	{ label: 'stopping the workflow' },
	{ label: 'continuing (regular output)', onError: 'continueRegularOutput' },
	{ label: 'continuing (error output)', onError: 'continueErrorOutput' },
];

describe.each(modes)('Execute Sequence, $label', ({ onError }) => {
	it.each(cases)('sends the job once under $name', async (faultCase) => {
		const sequence = faultCase.sequence ?? 'Load_Actuals';
		if (faultCase.fault) {
			standIn.addFault({ endpoint: SEQUENCE, fault: faultCase.fault, afterWork: faultCase.afterWork });
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
	});
});

describe('Execute Step and business rule Execute', () => {
	it.each([
		['executeStep', 'dataManagement'],
		['execute', 'businessRule'],
	])('send a step once under a gateway timeout (%s)', async (operation, resource) => {
		standIn.addFault({ endpoint: STEP, fault: { kind: 'status', status: 504, html: true }, afterWork: true });
		const result = await runOneStreamNode({
			parameters: { resource, operation, applicationName: applicationByName(), dataManagementGroupName: 'Integration', stepName: 'Import_GL' },
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
		parameters: { resource: 'dataManagement', operation: 'executeSequence', applicationName: applicationByName(), sequenceName: 'Load_Actuals' },
		items: [{}, {}, {}],
		credentials: credentialsFor(standIn),
	});
	expect(stopped.status).toBe('error');
	expect(stopped.nodeError?.context.itemIndex).toBe(0);
	expect(standIn.countRequests({ endpoint: SEQUENCE })).toBe(1);

	standIn.reset();
	standIn.addFault({ endpoint: SEQUENCE, fault: { kind: 'reset' } });
	const continued = await runOneStreamNode({
		parameters: { resource: 'dataManagement', operation: 'executeSequence', applicationName: applicationByName(), sequenceName: 'Load_Actuals' },
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
				properties: [{ displayName: 'Ignore Status Errors', name: 'ignore', type: 'boolean', default: false }],
			},
			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				const credentials = await this.getCredentials(CREDENTIAL_TYPE);
				const response: unknown = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
					method: 'POST',
					url: `${String(credentials.baseUrl)}/OneStreamApi/api/DataManagement/ExecuteSequence`,
					qs: { 'api-version': '5.2.0' },
					body: { BaseWebServerUrl: `${String(credentials.baseUrl)}/OneStreamWeb`, ApplicationName: APPLICATION, SequenceName: 'Load_Actuals' },
					json: true,
					ignoreHttpStatusErrors: this.getNodeParameter('ignore', 0) === true,
				});
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
					{ id: 's', name: 'Start', type: START_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
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
			parameters: { resource: 'dataManagement', operation: 'executeSequence', applicationName: applicationByName(), sequenceName: 'Failing_Import' },
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
