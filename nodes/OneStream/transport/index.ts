import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { DataSetSink } from '../helpers/dataSetReader';
import { DataSetReader } from '../helpers/dataSetReader';
import { isErrorTable } from '../helpers/dataSet';
import { ResponseError } from '../helpers/validation';
import { ConnectionSettingsError, resolveConnection, type OneStreamConnection } from './connection';
import type { Attempt, HttpAnswer } from './failures';
import {
	apiError,
	capitalize,
	describeNetworkFailure,
	errorField,
	htmlTitle,
	looksLikeHtml,
	networkError,
	outcomeUnknownText,
	statusError,
} from './failures';
import { clip, redact } from './messages';

export { describeNetworkFailure };

export type OneStreamContext = IExecuteFunctions | ILoadOptionsFunctions;

export type ApiVersion = '5.2.0' | '7.2.0';

/**
 * `job` calls change data in OneStream (Data Management). They are sent exactly once: never retried,
 * and an unanswered one is reported as "outcome unknown". `read` calls may be retried on transient
 * failures.
 */
export type CallKind = 'job' | 'read';

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff delay; doubles each retry, with jitter. */
	baseDelayMs: number;
	/** Cap for one delay, including a server's Retry-After. */
	maxDelayMs: number;
	/** Cap for all retry delays of one call together. */
	budgetMs: number;
}

export const DEFAULT_READ_RETRIES = 4;
export const DEFAULT_RETRY_DELAY_MS = 500;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: DEFAULT_READ_RETRIES,
	baseDelayMs: DEFAULT_RETRY_DELAY_MS,
	maxDelayMs: 30_000,
	budgetMs: 120_000,
};

export interface OneStreamCall {
	/** `Controller/Action`, e.g. `DataManagement/ExecuteSequence`. */
	endpoint: string;
	apiVersion: ApiVersion;
	body: IDataObject;
	kind: CallKind;
	/** What is being run, for messages, e.g. `Data Management sequence "Nightly"`. */
	subject: string;
	timeoutMs: number;
	/** Reads only; ignored for jobs. */
	retry?: RetryPolicy;
	/** Item the call belongs to, for error context. */
	itemIndex?: number;
}

export interface JobReply {
	/** The server's message, e.g. `Data Management Sequence Nightly was completed`. */
	message: string;
	statusCode: number;
}

const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);
// Our own timeout is not among them: retrying it would stretch the wait far past the Timeout option.
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);
const CREDENTIAL_TYPE = 'oneStreamApi';

/** Resolves the credential once; throws a NodeOperationError that says how to fix it. */
export async function getConnection(ctx: OneStreamContext, itemIndex?: number): Promise<OneStreamConnection> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	try {
		return resolveConnection(credentials);
	} catch (error) {
		const description = error instanceof ConnectionSettingsError ? error.description : undefined;
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description, itemIndex });
	}
}

/** Runs a Data Management job: one request, never repeated. */
export async function requestJob(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
): Promise<JobReply> {
	const attempt = await sendOnce(ctx, connection, call, 'text');
	if (attempt.type === 'network') {
		throw networkError(ctx, connection, call, attempt);
	}
	if (attempt.statusCode < 200 || attempt.statusCode > 299) {
		throw statusError(ctx, connection, call, attempt);
	}
	if (looksLikeHtml(attempt)) {
		// A 200 HTML page usually comes from a proxy or sign-in page, not from OneStream.
		throw apiError(ctx, connection, call, {
			message: `OneStream's answer for ${call.subject} was an HTML page (${htmlTitle(attempt.text)}), not the Web API's reply`,
			description: `${outcomeUnknownText(call)} An HTML page usually comes from a proxy or a sign-in page in front of OneStream: check the credential's Server URL and API Path.`,
			httpCode: String(attempt.statusCode),
			outcome: 'unknown',
		});
	}
	const reply = jobReply(attempt.text);
	if (reply.kind === 'message') return { message: reply.message, statusCode: attempt.statusCode };
	if (reply.kind === 'errorTable') {
		throw apiError(ctx, connection, call, {
			message: `${capitalize(call.subject)} failed: ${reply.message}`,
			description: 'OneStream answered with an Error table instead of the completion message. Its Error Log and Task Activity have the details.',
			httpCode: String(attempt.statusCode),
			outcome: 'failed',
		});
	}
	// OneStream confirms a finished job with a message; any other 200 comes from something else.
	throw apiError(ctx, connection, call, {
		message: `OneStream answered ${attempt.statusCode} for ${call.subject} without the completion message (${reply.found})`,
		description: outcomeUnknownText(call),
		httpCode: String(attempt.statusCode),
		outcome: 'unknown',
	});
}

type JobReplyText =
	| { kind: 'message'; message: string }
	| { kind: 'errorTable'; message: string }
	| { kind: 'other'; found: string };

/**
 * Reads a 2xx answer to a job. The completion message may be framed as a JSON string, plain text
 * or `{ "Message": … }` (the documentation does not say which). An empty body, `null`, JSON of
 * another shape, or JSON cut short is not a completion message; an `Error` table is a failure.
 */
function jobReply(text: string): JobReplyText {
	const trimmed = text.trim();
	if (trimmed === '') return { kind: 'other', found: 'empty body' };
	let parsed: unknown;
	try {
		parsed = JSON.parse(trimmed);
	} catch {
		return /^[[{]/.test(trimmed) ? { kind: 'other', found: 'JSON that is cut short or invalid' } : { kind: 'message', message: clip(trimmed) };
	}
	if (typeof parsed === 'string') return { kind: 'message', message: parsed };
	const message = errorField(parsed, 'Message');
	if (message) return { kind: 'message', message };
	if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
		const errorRows = Object.entries(parsed).find(([key, value]) => isErrorTable(key) && Array.isArray(value) && value.length > 0)?.[1];
		if (Array.isArray(errorRows)) {
			const first: unknown = errorRows[0];
			const detail = typeof first === 'object' && first !== null ? Object.values(first).find((value) => typeof value === 'string') : undefined;
			return { kind: 'errorTable', message: typeof detail === 'string' ? clip(detail) : 'see its Error table' };
		}
	}
	return { kind: 'other', found: parsed === null ? 'null' : Array.isArray(parsed) ? 'a JSON list' : `JSON ${typeof parsed === 'object' ? 'data' : typeof parsed}` };
}

/**
 * Runs a read and returns its parsed JSON body, retrying transient failures within the policy.
 * Throws a clear error for empty, `null`, HTML or non-JSON bodies.
 */
export async function requestData(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
): Promise<IDataObject> {
	const policy = call.retry ?? DEFAULT_RETRY_POLICY;
	const startedAt = Date.now();
	let retries = 0;
	for (;;) {
		const attempt = await sendOnce(ctx, connection, call, 'text');
		if (attempt.type === 'answer' && attempt.statusCode >= 200 && attempt.statusCode <= 299) {
			return parseDataBody(ctx, connection, call, attempt);
		}
		const delay = retryDelay(attempt, retries, policy, Date.now() - startedAt);
		if (delay === undefined) {
			throw attempt.type === 'network'
				? networkError(ctx, connection, call, attempt, retries)
				: statusError(ctx, connection, call, attempt, retries);
		}
		retries++;
		await sleep(delay);
	}
}

/** Receives a streamed DataSet; `reset` forgets what arrived before a read is retried. */
export interface ResettableDataSetSink extends DataSetSink {
	reset(): void;
}

/**
 * Runs a Data Provider read and streams its DataSet into `sink`, without holding the whole body.
 * Transient failures (before or during the body) are retried within the policy, after `reset`.
 */
export async function requestDataSet(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	sink: ResettableDataSetSink,
): Promise<void> {
	const policy = call.retry ?? DEFAULT_RETRY_POLICY;
	const startedAt = Date.now();
	let retries = 0;
	for (;;) {
		const attemptStartedAt = Date.now();
		const attempt = await sendOnce(ctx, connection, call, 'stream');
		let failure: Attempt;
		if (attempt.type === 'stream') {
			const reader = new DataSetReader(sink, call.subject);
			try {
				await readBody(attempt.body, call.timeoutMs, attemptStartedAt, 0, (chunk) => reader.push(chunk));
				reader.finish();
			} catch (error) {
				attempt.body.destroy();
				if (error instanceof ResponseError) {
					throw apiError(ctx, connection, call, { message: error.message, description: error.description, httpCode: String(attempt.statusCode) });
				}
				failure = { ...describeNetworkFailure(error), midBody: reader.bytes };
				sink.reset();
				const delay = retryDelay(failure, retries, policy, Date.now() - startedAt);
				if (delay === undefined) throw networkError(ctx, connection, call, failure, retries);
				retries++;
				await sleep(delay);
				continue;
			}
			if (reader.isNotAnObject) {
				// Not a DataSet at all: let the whole-body checks say what it was.
				parseDataBody(ctx, connection, call, {
					type: 'answer',
					statusCode: attempt.statusCode,
					headers: attempt.headers,
					text: redact(reader.notAnObject(), connection.personalAccessToken),
				});
			}
			return;
		}
		failure = attempt;
		const delay = retryDelay(failure, retries, policy, Date.now() - startedAt);
		if (delay === undefined) {
			throw failure.type === 'network'
				? networkError(ctx, connection, call, failure, retries)
				: statusError(ctx, connection, call, failure, retries);
		}
		retries++;
		await sleep(delay);
	}
}

/** Milliseconds to wait before the next attempt, or undefined when the failure is final. */
export function retryDelay(
	attempt: Attempt,
	retriesSoFar: number,
	policy: RetryPolicy,
	elapsedMs: number,
): number | undefined {
	if (retriesSoFar >= policy.maxRetries) return undefined;
	let serverAsked: number | undefined;
	if (attempt.type === 'answer') {
		if (!TRANSIENT_STATUS.has(attempt.statusCode)) return undefined;
		serverAsked = parseRetryAfter(attempt.headers['retry-after']);
	} else if (!TRANSIENT_NETWORK.has(attempt.code)) {
		return undefined;
	}
	const backoff = policy.baseDelayMs * 2 ** retriesSoFar;
	const jittered = backoff / 2 + Math.random() * (backoff / 2);
	const delay = Math.min(serverAsked ?? jittered, policy.maxDelayMs);
	return elapsedMs + delay > policy.budgetMs ? undefined : Math.round(delay);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
	// Every HTTP-date names its weekday and month; without letters it is a malformed value (V8 reads
	// e.g. "1.5" or "-5" as dates long past, which would mean "retry at once").
	if (!/[a-z]/i.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A 2xx answer whose body is still to be read, as a stream of chunks. */
interface StreamAnswer {
	type: 'stream';
	statusCode: number;
	headers: IDataObject;
	body: BodyStream;
}

/** The response stream n8n hands over for `encoding: 'stream'` (an IncomingMessage, or a decompressing stream). */
interface BodyStream extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
}

function isBodyStream(body: unknown): body is BodyStream {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as Partial<BodyStream>)[Symbol.asyncIterator] === 'function' &&
		typeof (body as Partial<BodyStream>).destroy === 'function'
	);
}

const ERROR_BODY_LIMIT = 64 * 1024;

async function sendOnce(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	bodyMode: 'text',
): Promise<Attempt>;
async function sendOnce(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	bodyMode: 'stream',
): Promise<Attempt | StreamAnswer>;
async function sendOnce(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	bodyMode: 'text' | 'stream',
): Promise<Attempt | StreamAnswer> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${connection.apiRoot}/api/${call.endpoint}`,
		qs: { 'api-version': call.apiVersion },
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		body: JSON.stringify(call.body),
		json: false,
		// Raw text or a byte stream, never n8n's JSON parsing: HTML pages, empty and truncated
		// bodies must be told apart, and large DataSets are read without holding the whole body.
		encoding: bodyMode,
		returnFullResponse: true,
		// n8n's helper re-sends a request that failed with a thrown 401; answering every status
		// as a response keeps a job to exactly one request.
		ignoreHttpStatusErrors: true,
		// Following a redirect could carry the token to another host, or turn the POST into a GET.
		disableFollowRedirect: true,
		skipSslCertificateValidation: connection.ignoreSslIssues,
		timeout: call.timeoutMs,
	};
	let response: IN8nHttpFullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options)) as IN8nHttpFullResponse;
	} catch (error) {
		return describeNetworkFailure(error);
	}
	const headers = response.headers ?? {};
	if (!isBodyStream(response.body)) {
		// Scrubbed on arrival, before any of it is clipped for a message: a clipped echo of the
		// token would no longer match it.
		return { type: 'answer', statusCode: response.statusCode, headers, text: redact(bodyText(response.body), connection.personalAccessToken) };
	}
	if (response.statusCode >= 200 && response.statusCode <= 299) {
		return { type: 'stream', statusCode: response.statusCode, headers, body: response.body };
	}
	// Error answers are small; read the start of it for OneStream's Message/Detail.
	let text: string;
	try {
		text = (await readBody(response.body, call.timeoutMs, Date.now(), ERROR_BODY_LIMIT)).toString('utf8');
	} catch (error) {
		return describeNetworkFailure(error);
	}
	return { type: 'answer', statusCode: response.statusCode, headers, text: redact(text, connection.personalAccessToken) };
}

/**
 * Reads a response stream, handing each chunk to `onChunk` (or collecting up to `limit` bytes),
 * within the call's timeout: at the deadline the stream is destroyed, so neither a stalled nor a
 * trickling body outlives it. `AbortSignal.timeout` keeps no process alive and needs no timer API
 * (n8n-workflow's cancellable sleep does not exist in n8n 2.x).
 */
async function readBody(
	stream: BodyStream,
	timeoutMs: number,
	startedAt: number,
	limit: number,
	onChunk?: (chunk: Buffer) => void,
): Promise<Buffer> {
	const timeoutError = (): Error => Object.assign(new Error(`no complete answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
	const deadline = AbortSignal.timeout(Math.max(1, timeoutMs - (Date.now() - startedAt)));
	const onDeadline = (): void => stream.destroy(timeoutError());
	deadline.addEventListener('abort', onDeadline, { once: true });
	const collected: Buffer[] = [];
	let size = 0;
	try {
		for await (const value of stream) {
			const chunk = Buffer.isBuffer(value) ? value : Buffer.from(String(value));
			if (onChunk) onChunk(chunk);
			else if (size < limit) {
				collected.push(chunk);
				size += chunk.length;
			}
		}
	} finally {
		deadline.removeEventListener('abort', onDeadline);
	}
	return Buffer.concat(collected).subarray(0, limit);
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return JSON.stringify(body);
}

function parseDataBody(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	answer: HttpAnswer,
): IDataObject {
	const text = answer.text;
	const httpCode = String(answer.statusCode);
	if (text.trim() === '') {
		throw apiError(ctx, connection, call, {
			message: `OneStream returned an empty response for ${call.subject}`,
			description:
				'The server answered without a body. This happens when a proxy cuts the answer, or when the object returned nothing; check the name and the substitution variables.',
			httpCode,
		});
	}
	if (looksLikeHtml(answer)) {
		throw apiError(ctx, connection, call, {
			message: `OneStream's answer for ${call.subject} was an HTML page (${htmlTitle(text)}), not JSON`,
			description:
				'An HTML page usually comes from a proxy, a load balancer or a sign-in page in front of OneStream. Check the credential\'s Server URL and API Path (usually /OneStreamApi).',
			httpCode,
		});
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw apiError(ctx, connection, call, {
			message: `OneStream's answer for ${call.subject} is not valid JSON`,
			description: `${(error as Error).message}. ${text.length} characters received, starting with: ${clip(text, 120)}. A cut-off answer usually means a proxy or the server stopped mid-way; try again or raise the timeout.`,
			httpCode,
		});
	}
	if (parsed === null) {
		throw apiError(ctx, connection, call, {
			message: `OneStream returned null instead of data for ${call.subject}`,
			description:
				'This usually means a substitution variable (parameter) the object needs was not set, or the object returned nothing. Add the missing substitution variables and try again.',
			httpCode,
		});
	}
	if (typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw apiError(ctx, connection, call, {
			message: `OneStream returned ${Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`} instead of an object for ${call.subject}`,
			description: `Received: ${clip(text, 120)}`,
			httpCode,
		});
	}
	return parsed as IDataObject;
}

