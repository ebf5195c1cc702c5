import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { DataSetSink } from '../helpers/dataSetReader';
import { DataSetReader } from '../helpers/dataSetReader';
import { isErrorTable } from '../helpers/dataSet';
import { ResponseError } from '../helpers/validation';
import { ConnectionSettingsError, resolveConnection, type OneStreamConnection } from './connection';
import { clip, PAT_CHECKLIST, redact, TASK_ACTIVITY_HINT } from './messages';

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

interface HttpAnswer {
	type: 'answer';
	statusCode: number;
	headers: IDataObject;
	text: string;
}

interface NetworkFailure {
	type: 'network';
	code: string;
	detail: string;
	/** False when the request provably never reached the server (refused, DNS, TLS). */
	mayHaveReachedServer: boolean;
	/** Bytes of the answer that had arrived when the failure happened, if the answer had started. */
	midBody?: number;
}

type Attempt = HttpAnswer | NetworkFailure;

/** Outcome of a Data Management job, as far as the node can know it. Shown in error items. */
export type JobOutcome = 'notRun' | 'failed' | 'unknown';

const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);
// Our own timeout is not among them: retrying it would stretch the wait far past the Timeout option.
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET']);
// The request never left this machine or the TLS handshake failed, so the server did nothing.
const NOT_SENT_NETWORK = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'EPROTO',
	'ERR_INVALID_URL',
]);
const TLS_CODES = /CERT|SELF_SIGNED|TLS|SSL|EPROTO/;

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

const CODE = /^(E[A-Z0-9_]{2,}|ERR_[A-Z0-9_]+|[A-Z_]*CERT[A-Z_]*|UND_ERR_[A-Z_]+)$/;
const CODE_IN_TEXT = /\b(E[A-Z]{3,}[A-Z0-9_]*|ERR_[A-Z0-9_]+|[A-Z_]+_CERT[A-Z_]*|UND_ERR_[A-Z_]+)\b/;
// Texts of errors that carry no code (axios, Node's TLS layer).
const TEXT_CODES: Array<[RegExp, string]> = [
	[/timeout of \d+ ?ms exceeded|timed? ?out/i, 'ETIMEDOUT'],
	[/socket hang up|aborted|premature close/i, 'ECONNRESET'],
	[/self[- ]signed certificate/i, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
	[/certificate has expired/i, 'CERT_HAS_EXPIRED'],
	[/unable to (verify|get)[^.]*certificate/i, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
	[/altnames|does not match certificate/i, 'ERR_TLS_CERT_ALTNAME_INVALID'],
	[/cancel/i, 'ERR_CANCELED'],
];

/**
 * The system error code (ECONNRESET, ETIMEDOUT, …) of a failed request. n8n wraps the HTTP
 * client's error in a NodeApiError that drops its cause but keeps the code in `httpCode` and the
 * original text in `messages`, so all of those are searched, down a short chain of causes.
 */
export function describeNetworkFailure(error: unknown): NetworkFailure {
	let code = '';
	const texts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
		const candidate = current as { code?: unknown; httpCode?: unknown; message?: unknown; messages?: unknown; cause?: unknown };
		for (const value of [candidate.code, candidate.httpCode]) {
			if (!code && typeof value === 'string' && CODE.test(value)) code = value;
		}
		if (Array.isArray(candidate.messages)) texts.push(...candidate.messages.filter((m): m is string => typeof m === 'string'));
		if (typeof candidate.message === 'string') texts.push(candidate.message);
		current = candidate.cause;
	}
	for (const text of texts) {
		if (code) break;
		const match = CODE_IN_TEXT.exec(text);
		if (match) code = match[1];
	}
	for (const text of texts) {
		if (code) break;
		code = TEXT_CODES.find(([pattern]) => pattern.test(text))?.[1] ?? '';
	}
	if (code === 'ECONNABORTED' && texts.some((text) => /timeout/i.test(text))) code = 'ETIMEDOUT';
	return {
		type: 'network',
		code: code || 'UNKNOWN',
		detail: texts[texts.length - 1] ?? '',
		mayHaveReachedServer: !NOT_SENT_NETWORK.has(code),
	};
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

function looksLikeHtml(answer: HttpAnswer): boolean {
	const contentType = String(answer.headers['content-type'] ?? '').toLowerCase();
	const start = answer.text.trimStart().slice(0, 15).toLowerCase();
	return contentType.includes('text/html') || start.startsWith('<!doctype html') || start.startsWith('<html');
}

function htmlTitle(html: string): string {
	const match = /<title[^>]*>([^<]*)<\/title>/i.exec(html.slice(0, 4096));
	const title = match ? clip(match[1], 100) : '';
	return title ? `title "${title}"` : 'no title';
}

function errorField(body: unknown, name: 'Message' | 'Detail'): string | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	for (const [key, value] of Object.entries(body)) {
		if (key.toLowerCase() === name.toLowerCase() && typeof value === 'string' && value.trim() !== '') {
			return value;
		}
	}
	return undefined;
}

/** OneStream's `Message` and `Detail` from an error body, or a description of a non-JSON body. */
function serverText(answer: HttpAnswer): { message?: string; detail?: string; html?: string } {
	if (looksLikeHtml(answer)) return { html: htmlTitle(answer.text) };
	try {
		const parsed: unknown = JSON.parse(answer.text);
		if (typeof parsed === 'string') return { message: parsed };
		return { message: errorField(parsed, 'Message'), detail: errorField(parsed, 'Detail') };
	} catch {
		return answer.text.trim() === '' ? {} : { message: clip(answer.text, 200) };
	}
}

function outcomeUnknownText(call: OneStreamCall): string {
	return `The request was sent, so ${call.subject} may still be running in OneStream or may have finished. ${TASK_ACTIVITY_HINT} The node did not send it again, so that it cannot run twice.`;
}

function retriesText(retries: number): string {
	return retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
}

function statusError(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	answer: HttpAnswer,
	retries = 0,
): NodeApiError {
	const status = answer.statusCode;
	const server = serverText(answer);
	const serverSaid = [server.message, server.detail].filter(Boolean).join(' — ');
	const httpCode = String(status);
	const isJob = call.kind === 'job';

	if (status >= 300 && status <= 399) {
		const location = String(answer.headers.location ?? '');
		return apiError(ctx, connection, call, {
			message: `OneStream answered ${status} with a redirect${location ? ` to ${safeOrigin(location)}` : ''}`,
			description:
				'The node does not follow redirects, so the token is never sent to another address and the request is not turned into a GET. Set the credential\'s Server URL to the final address of the OneStream server.',
			httpCode,
			outcome: 'notRun',
		});
	}
	if (status === 401) {
		return apiError(ctx, connection, call, {
			message: `OneStream rejected the Personal Access Token (401 Unauthorized)${serverSaid ? `: ${serverSaid}` : ''}`,
			description: PAT_CHECKLIST,
			httpCode,
			outcome: 'notRun',
		});
	}
	if (status === 403) {
		const adminNote = /SqlCommand|MethodCommand/.test(call.endpoint)
			? 'SQL and method commands also need the Administrator role. '
			: '';
		return apiError(ctx, connection, call, {
			message: `OneStream refused access to ${call.subject} (403 Forbidden)${serverSaid ? `: ${serverSaid}` : ''}`,
			description: `${adminNote}The token carries the rights of the user who created it. ${PAT_CHECKLIST}`,
			httpCode,
			outcome: 'notRun',
		});
	}
	if (status === 404) {
		return apiError(ctx, connection, call, {
			message: `The OneStream Web API endpoint ${call.endpoint} was not found (404)`,
			description: `Requested ${safeOrigin(connection.apiRoot)}${new URL(connection.apiRoot).pathname}/api/${call.endpoint}. Check the credential's Server URL (without /OneStreamWeb) and API Path (usually /OneStreamApi; some installations use another segment).`,
			httpCode,
			outcome: 'notRun',
		});
	}
	if (status === 400 || status === 415 || status === 422) {
		return apiError(ctx, connection, call, {
			message: `OneStream rejected the request for ${call.subject}${serverSaid ? `: ${serverSaid}` : ` (${status})`}`,
			description:
				'Check the names and substitution variables. If OneStream mentions BaseWebServerUrl or a loopback error, set the credential\'s Web Server URL to the address of the OneStream web client (ending in /OneStreamWeb).',
			httpCode,
			outcome: 'notRun',
		});
	}
	if (server.html) {
		const gateway = status === 502 || status === 504;
		return apiError(ctx, connection, call, {
			message: `${gateway ? 'A proxy in front of OneStream' : 'OneStream'} answered ${status} with an HTML page (${server.html}) for ${call.subject}${retriesText(retries)}`,
			description: isJob && status !== 429
				? outcomeUnknownText(call)
				: 'This is usually temporary (the server is restarting or overloaded, or a proxy timed out). Try again later; for long requests, raise the Timeout option and the proxy\'s own timeout.',
			httpCode,
			outcome: isJob ? (status === 429 ? 'notRun' : 'unknown') : undefined,
		});
	}
	if (status === 429) {
		return apiError(ctx, connection, call, {
			message: `OneStream is receiving too many requests (429) and did not run ${call.subject}${retriesText(retries)}`,
			description: isJob
				? 'The job was not started. Run it again later.'
				: 'Lower the Parallel Calls option or try again later.',
			httpCode,
			outcome: 'notRun',
		});
	}
	if (isJob) {
		const proxyOrUnavailable = status === 502 || status === 503 || status === 504;
		return apiError(ctx, connection, call, {
			message: proxyOrUnavailable
				? `No result for ${call.subject}: the server answered ${status}${serverSaid ? ` (${serverSaid})` : ''}`
				: `${capitalize(call.subject)} failed${serverSaid ? `: ${serverSaid}` : ` (${status})`}`,
			description: proxyOrUnavailable
				? outcomeUnknownText(call)
				: `OneStream reported the failure (HTTP ${status}). Its Error Log and Task Activity have the details.`,
			httpCode,
			outcome: proxyOrUnavailable ? 'unknown' : 'failed',
		});
	}
	return apiError(ctx, connection, call, {
		message: `OneStream could not run ${call.subject}${serverSaid ? `: ${serverSaid}` : ` (${status})`}${retriesText(retries)}`,
		description:
			status >= 500
				? "OneStream reported an error. Its Error Log has the details; check the object's definition and the substitution variables."
				: `HTTP ${status}.`,
		httpCode,
	});
}

function networkError(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	failure: NetworkFailure,
	retries = 0,
): NodeApiError {
	const host = safeOrigin(connection.apiRoot);
	const reason = networkReason(failure, call);
	if (TLS_CODES.test(failure.code)) {
		return apiError(ctx, connection, call, {
			message: `Could not establish a trusted TLS connection to ${host}`,
			description: `${reason}. If this is an on-premises server with a self-signed or internal certificate, turn on "Ignore SSL Issues (Insecure)" in the OneStream credential, or install the certificate authority on the n8n host.`,
			outcome: 'notRun',
		});
	}
	if (call.kind === 'job' && failure.mayHaveReachedServer) {
		return apiError(ctx, connection, call, {
			message: `No answer from OneStream for ${call.subject}: ${reason}. The outcome is unknown`,
			description: outcomeUnknownText(call),
			outcome: 'unknown',
		});
	}
	return apiError(ctx, connection, call, {
		message:
			failure.midBody === undefined
				? `Could not reach OneStream at ${host} for ${call.subject}: ${reason}${retriesText(retries)}`
				: `The answer from OneStream for ${call.subject} broke off: ${reason}${retriesText(retries)}`,
		description:
			failure.code === 'ETIMEDOUT'
				? 'Raise the Timeout option if the request needs more time.'
				: 'Check the credential\'s Server URL and that the n8n host can reach the server.',
		outcome: call.kind === 'job' ? 'notRun' : undefined,
	});
}

function networkReason(failure: NetworkFailure, call: OneStreamCall): string {
	const reason = networkCause(failure, call);
	return failure.midBody === undefined ? reason : `${reason}, after ${failure.midBody} bytes of the answer had arrived`;
}

function networkCause(failure: NetworkFailure, call: OneStreamCall): string {
	switch (failure.code) {
		case 'ETIMEDOUT':
		case 'ESOCKETTIMEDOUT':
			return `no answer within the timeout of ${call.timeoutMs} ms`;
		case 'ECONNRESET':
		case 'EPIPE':
		case 'UND_ERR_SOCKET':
			return 'the connection was closed before the answer arrived';
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the host name could not be resolved';
		case 'ERR_CANCELED':
			return 'the execution was cancelled';
		default:
			return `network error (code ${failure.code.toLowerCase()}${failure.detail ? `: ${clip(failure.detail, 150)}` : ''})`;
	}
}

interface FailureText {
	message: string;
	description: string;
	httpCode?: string;
	outcome?: JobOutcome;
}

function apiError(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	failure: FailureText,
): NodeApiError {
	// Server text can echo anything, including the token; scrub every field shown to users.
	const secret = connection.personalAccessToken;
	const message = redact(failure.message, secret);
	const description = redact(failure.description, secret);
	const details: JsonObject = { message, description, endpoint: call.endpoint };
	if (failure.httpCode) details.httpCode = failure.httpCode;
	if (failure.outcome) details.jobOutcome = failure.outcome;
	return new NodeApiError(ctx.getNode(), details, {
		message,
		description,
		httpCode: failure.httpCode,
		itemIndex: call.itemIndex,
	});
}

function safeOrigin(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return 'an invalid address';
	}
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
