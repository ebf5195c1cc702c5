/**
 * The job-fault matrix: every fault the stand-in can inject into a Data Management call, with what
 * the node must report and whether OneStream ran the job. The exactly-once suites of the workflow
 * and of the AI-agent tool paths run it.
 */
import { createServer } from 'node:net';

import type { Fault } from '../standin/index.cjs';
import { sleep } from './standIn.cjs';
import type { JobOperation } from './standIn.cjs';

export type Outcome = 'success' | 'unknown' | 'notRun' | 'failed';

export interface JobFaultCase {
	name: string;
	fault?: Fault;
	afterWork?: boolean;
	/** The node's Timeout option (ms). */
	timeout?: number;
	/** What the node reports for each item. */
	outcome: Outcome;
	/** Whether the stand-in ran the job (for the item). */
	ran: boolean;
	/** Credential or parameter changes that cause the failure instead of a fault rule. */
	credentials?: 'expiredPat' | 'refused';
	failingJob?: boolean;
	/** The stand-in starts the job only after the client gave up (a delay before the work). */
	lateRun?: boolean;
}

export const JOB_FAULT_CASES: JobFaultCase[] = [
	{
		name: 'short delay (within the timeout)',
		fault: { kind: 'delay', ms: 50 },
		outcome: 'success',
		ran: true,
	},
	{
		name: 'delay past the timeout, before the work',
		fault: { kind: 'delay', ms: 1500 },
		timeout: 1000,
		outcome: 'unknown',
		ran: true,
		lateRun: true,
	},
	{
		name: 'delay past the timeout, after the work',
		fault: { kind: 'delay', ms: 1500 },
		afterWork: true,
		timeout: 1000,
		outcome: 'unknown',
		ran: true,
	},
	{
		name: 'connection reset before the work',
		fault: { kind: 'reset' },
		outcome: 'unknown',
		ran: false,
	},
	{
		name: 'connection reset after the work',
		fault: { kind: 'reset' },
		afterWork: true,
		outcome: 'unknown',
		ran: true,
	},
	{
		name: '429 with Retry-After',
		fault: { kind: 'status', status: 429, retryAfter: '1' },
		outcome: 'notRun',
		ran: false,
	},
	{
		name: '429 without Retry-After',
		fault: { kind: 'status', status: 429 },
		outcome: 'notRun',
		ran: false,
	},
	{
		name: '500 with Message and Detail',
		fault: {
			kind: 'status',
			status: 500,
			message: 'Job failed.',
			detail: 'Step Import_GL: file not found.',
		},
		outcome: 'failed',
		ran: false,
	},
	{
		name: 'OneStream reports the job failed (500 after running it)',
		failingJob: true,
		outcome: 'failed',
		ran: true,
	},
	{
		name: '502 HTML page before the work',
		fault: { kind: 'status', status: 502, html: true },
		outcome: 'unknown',
		ran: false,
	},
	{
		name: '502 HTML page after the work',
		fault: { kind: 'status', status: 502, html: true },
		afterWork: true,
		outcome: 'unknown',
		ran: true,
	},
	{
		name: '503 JSON after the work',
		fault: { kind: 'status', status: 503 },
		afterWork: true,
		outcome: 'unknown',
		ran: true,
	},
	{
		name: '504 HTML page after the work',
		fault: { kind: 'status', status: 504, html: true },
		afterWork: true,
		outcome: 'unknown',
		ran: true,
	},
	{
		name: '200 HTML page (sign-in page) before the work',
		fault: { kind: 'html200' },
		outcome: 'unknown',
		ran: false,
	},
	{
		name: '200 HTML page (sign-in page) after the work',
		fault: { kind: 'html200' },
		afterWork: true,
		outcome: 'unknown',
		ran: true,
	},
	// OneStream confirms a finished job with a message (a JSON string, text or { Message }): a 200
	// without one (empty, null, other or cut-off JSON) is an unknown outcome; an Error table a failure.
	{
		name: '200 empty body after the work',
		fault: { kind: 'empty200' },
		afterWork: true,
		outcome: 'unknown',
		ran: true,
	},
	{
		name: '200 null after the work',
		fault: { kind: 'null200' },
		afterWork: true,
		outcome: 'unknown',
		ran: true,
	},
	{
		name: '200 truncated JSON after the work',
		fault: { kind: 'truncatedJson200' },
		afterWork: true,
		outcome: 'unknown',
		ran: true,
	},
	{
		name: '200 with an Error table after the work',
		fault: { kind: 'errorTable200', message: 'Rule failed' },
		afterWork: true,
		outcome: 'failed',
		ran: true,
	},
	{
		name: '200 very large body (a DataSet, not a message) after the work',
		fault: { kind: 'largeBody', rows: 2000 },
		afterWork: true,
		outcome: 'unknown',
		ran: true,
	},
	{
		name: 'body stalls mid-way after the work',
		fault: { kind: 'stallMidBody' },
		afterWork: true,
		timeout: 1000,
		outcome: 'unknown',
		ran: true,
	},
	{
		name: '307 redirect',
		fault: { kind: 'redirect', status: 307, location: 'http://127.0.0.1:9/elsewhere' },
		outcome: 'notRun',
		ran: false,
	},
	{
		name: '400 rejected request',
		fault: { kind: 'status', status: 400, message: 'Invalid sequence.' },
		outcome: 'notRun',
		ran: false,
	},
	{
		name: '401 from the fault rule',
		fault: { kind: 'status', status: 401 },
		outcome: 'notRun',
		ran: false,
	},
	{ name: '403 forbidden', fault: { kind: 'status', status: 403 }, outcome: 'notRun', ran: false },
	{ name: '404 not found', fault: { kind: 'status', status: 404 }, outcome: 'notRun', ran: false },
	{
		name: 'expired PAT (401 from the server)',
		credentials: 'expiredPat',
		outcome: 'notRun',
		ran: false,
	},
	{ name: 'connection refused', credentials: 'refused', outcome: 'notRun', ran: false },
];

/** A loopback URL nothing listens on. */
export async function closedPort(): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}`;
}

export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition() && Date.now() < deadline) await sleep(20);
}

/** The unknown-outcome text: may still be running, where to check, not re-sent. */
export function expectUnknownOutcomeText(description: unknown): void {
	const text = String(description);
	expect(text).toMatch(/may still be running in OneStream/);
	expect(text).toMatch(/Task Activity/);
	expect(text).toMatch(/did not send it again/);
}

export function failingParameters(operation: JobOperation): Record<string, unknown> {
	return operation === 'executeSequence'
		? { sequenceName: 'Failing_Import' }
		: { stepName: 'Failing_Step' };
}
