import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../shared/credentialSettings';
import { redact } from '../shared/redaction';
import { describeNetworkFailure } from './failures';
import type {
	Attempt,
	BodyStream,
	OneStreamCall,
	OneStreamConnection,
	OneStreamContext,
	StreamAnswer,
} from './types';

/*
 * The only place that sends HTTP: one attempt of a call, through n8n's
 * httpRequestWithAuthentication, and the reading of its body within the call's deadline.
 */

const ERROR_BODY_LIMIT = 64 * 1024;

function isBodyStream(body: unknown): body is BodyStream {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as Partial<BodyStream>)[Symbol.asyncIterator] === 'function' &&
		typeof (body as Partial<BodyStream>).destroy === 'function'
	);
}

/**
 * Sends a call once. Every HTTP status comes back as an answer, never as a thrown error; network
 * failures come back described. In `stream` mode a 2xx answer hands over its body unread.
 */
export async function sendOnce(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	bodyMode: 'text',
): Promise<Attempt>;
export async function sendOnce(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	bodyMode: 'stream',
): Promise<Attempt | StreamAnswer>;
export async function sendOnce(
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
		response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			options,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		return describeNetworkFailure(error);
	}
	const headers = response.headers ?? {};
	if (!isBodyStream(response.body)) {
		// Scrubbed on arrival, before any of it is clipped for a message: a clipped echo of the
		// token would no longer match it.
		return {
			type: 'answer',
			statusCode: response.statusCode,
			headers,
			text: redact(bodyText(response.body), connection.personalAccessToken),
		};
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
	return {
		type: 'answer',
		statusCode: response.statusCode,
		headers,
		text: redact(text, connection.personalAccessToken),
	};
}

/**
 * Reads a response stream, handing each chunk to `onChunk` (or collecting up to `limit` bytes),
 * within the call's timeout: at the deadline the stream is destroyed, so neither a stalled nor a
 * trickling body outlives it. `AbortSignal.timeout` keeps no process alive and needs no timer API
 * (n8n-workflow's cancellable sleep does not exist in n8n 2.x).
 */
export async function readBody(
	stream: BodyStream,
	timeoutMs: number,
	startedAt: number,
	limit: number,
	onChunk?: (chunk: Buffer) => void,
): Promise<Buffer> {
	const timeoutError = (): Error =>
		Object.assign(new Error(`no complete answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
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
