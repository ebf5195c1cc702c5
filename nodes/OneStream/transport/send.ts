import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';
import { ManualExecutionCancelledError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../shared/credentialSettings';
import { redact } from '../shared/redaction';
import type { Deadline } from './deadline';
import { describeNetworkFailure } from './failures';
import type {
	Attempt,
	BodyStream,
	NetworkFailure,
	OneStreamCall,
	OneStreamConnection,
	OneStreamContext,
	StreamAnswer,
} from './types';

/*
 * The only place that sends HTTP: one attempt of a call, through n8n's
 * httpRequestWithAuthentication, and the reading of its body. Every attempt has one hard deadline,
 * from the first byte sent to the last byte read (connect, headers and body), so that neither a
 * stalled nor a trickling answer outlives the call's timeout, and a body is read only as far as
 * the caller needs.
 */

/** How much of an error answer is read: enough for OneStream's Message and Detail. */
export const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Waits `ms` (retries, envelope polls). A cancelled execution ends the wait at once, with n8n's
 * own cancel error, so that n8n records the execution as cancelled. No timer global: the wait is
 * an AbortSignal's timeout.
 */
export async function pause(ms: number, cancel: AbortSignal | undefined): Promise<void> {
	if (!cancel?.aborted) {
		const timer = AbortSignal.timeout(Math.max(1, ms));
		await new Promise<void>((resolve) => {
			const done = (): void => {
				timer.removeEventListener('abort', done);
				cancel?.removeEventListener('abort', done);
				resolve();
			};
			timer.addEventListener('abort', done, { once: true });
			cancel?.addEventListener('abort', done, { once: true });
		});
	}
	if (cancel?.aborted) throw new ManualExecutionCancelledError('');
}

/** The execution's cancel signal, where the context has one. */
export function executionCancelSignal(ctx: OneStreamContext): AbortSignal | undefined {
	const withSignal = ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof withSignal.getExecutionCancelSignal === 'function'
		? withSignal.getExecutionCancelSignal()
		: undefined;
}

function isBodyStream(body: unknown): body is BodyStream {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as Partial<BodyStream>)[Symbol.asyncIterator] === 'function' &&
		typeof (body as Partial<BodyStream>).destroy === 'function'
	);
}

/** A body n8n handed over whole (a string or a buffer) as a stream of one chunk. */
function wholeBody(body: unknown): BodyStream {
	const bytes = Buffer.isBuffer(body)
		? body
		: Buffer.from(
				typeof body === 'string'
					? body
					: body === undefined || body === null
						? ''
						: JSON.stringify(body),
			);
	return {
		async *[Symbol.asyncIterator]() {
			if (bytes.length > 0) yield bytes;
		},
		destroy() {},
	};
}

/**
 * Sends a call once. Every HTTP status comes back as an answer whose body is still to be read,
 * never as a thrown error; network failures, and the deadline, come back described.
 */
export async function sendOnce(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	deadline: Deadline,
): Promise<NetworkFailure | StreamAnswer> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		// The query in the URL, not in `qs`: n8n's query serializer costs more than a small call.
		url: `${connection.apiRoot}/api/${call.endpoint}?${queryString({ 'api-version': call.apiVersion, ...call.query })}`,
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
		body: JSON.stringify(call.body),
		json: false,
		// A byte stream, never n8n's JSON parsing: HTML pages, empty and truncated bodies must be
		// told apart, large DataSets are read without holding the whole body, and every body is
		// read within the deadline and only as far as needed.
		encoding: 'stream',
		returnFullResponse: true,
		// n8n's helper re-sends a request that failed with a thrown 401; answering every status
		// as a response keeps a job to exactly one request.
		ignoreHttpStatusErrors: true,
		// Following a redirect could carry the token to another host, or turn the POST into a GET.
		disableFollowRedirect: true,
		skipSslCertificateValidation: connection.ignoreSslIssues,
		timeout: call.timeoutMs,
		abortSignal: deadline.signal,
	};
	// n8n's helper replaces a request's abort signal with the execution's cancel signal, which it
	// asks of the context: this context answers with the deadline's signal, which carries both.
	const scoped: OneStreamContext = Object.create(ctx, {
		getExecutionCancelSignal: { value: () => deadline.signal },
	}) as OneStreamContext;
	const request = scoped.helpers.httpRequestWithAuthentication.call(
		scoped,
		CREDENTIAL_TYPE,
		options,
	) as Promise<IN8nHttpFullResponse>;
	const settled = request.then(
		(response) => ({ response }),
		(error: unknown) => ({ error }),
	);
	const first = await Promise.race([
		settled,
		deadline.reached.then(() => ({ late: true as const })),
	]);
	if ('late' in first) {
		// Whatever the request does later (it is aborted), this attempt is over.
		void settled.then((late) => {
			if ('response' in late && isBodyStream(late.response.body)) late.response.body.destroy();
		});
		return deadline.failure();
	}
	if ('error' in first)
		return deadline.aborted ? deadline.failure() : describeNetworkFailure(first.error);
	const response = first.response;
	return {
		type: 'stream',
		statusCode: response.statusCode,
		headers: response.headers ?? {},
		body: isBodyStream(response.body) ? response.body : wholeBody(response.body),
	};
}

/** `name=value&…`, each part percent-encoded as n8n's own serializer encodes it. */
function queryString(query: Record<string, string>): string {
	return Object.entries(query)
		.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
		.join('&');
}

/** What reading a body came to. */
export type BodyRead =
	| { ok: true; bytes: Buffer; complete: boolean }
	| { ok: false; failure: NetworkFailure }
	| { ok: false; failure?: undefined; processing: unknown };

/**
 * Reads a response body within the attempt's deadline. With `onChunk`, each chunk goes to it
 * (returning false stops the read early: the caller has enough); otherwise up to `limit` bytes are
 * collected and the read stops there (`complete` false). An exception thrown by `onChunk` is the
 * node's own (`processing`), never taken for a network fault.
 */
export async function readBody(
	stream: BodyStream,
	deadline: Deadline,
	limit: number,
	onChunk?: (chunk: Buffer) => boolean,
): Promise<BodyRead> {
	const stopAtDeadline = (): void =>
		stream.destroy(Object.assign(new Error('deadline'), { code: 'ETIMEDOUT' }));
	const unhook = deadline.onReached(stopAtDeadline);
	const collected: Buffer[] = [];
	let size = 0;
	let received = 0;
	try {
		for await (const value of stream) {
			const chunk = Buffer.isBuffer(value) ? value : Buffer.from(String(value));
			received += chunk.length;
			if (onChunk) {
				let more: boolean;
				try {
					more = onChunk(chunk);
				} catch (error) {
					stream.destroy();
					return { ok: false, processing: error };
				}
				if (!more) {
					stream.destroy();
					return { ok: true, bytes: Buffer.alloc(0), complete: false };
				}
				continue;
			}
			collected.push(chunk);
			size += chunk.length;
			if (size > limit) {
				stream.destroy();
				return { ok: true, bytes: Buffer.concat(collected).subarray(0, limit), complete: false };
			}
		}
	} catch (error) {
		if (deadline.aborted) return { ok: false, failure: deadline.failure(received) };
		return { ok: false, failure: { ...describeNetworkFailure(error), midBody: received } };
	} finally {
		unhook();
	}
	return { ok: true, bytes: Buffer.concat(collected), complete: true };
}

/**
 * The body of an answer as text, scrubbed of the token on arrival (before any of it is clipped
 * for a message: a clipped echo would no longer match it), read up to `limit` bytes.
 */
export async function readText(
	answer: StreamAnswer,
	deadline: Deadline,
	connection: OneStreamConnection,
	limit: number,
): Promise<
	| { ok: true; answer: Extract<Attempt, { type: 'answer' }>; complete: boolean }
	| { ok: false; failure: NetworkFailure }
> {
	const read = await readBody(answer.body, deadline, limit);
	// Collecting text runs none of the node's own code: only the stream can fail here.
	if (!read.ok) return { ok: false, failure: read.failure ?? deadline.failure() };
	return {
		ok: true,
		complete: read.complete,
		answer: {
			type: 'answer',
			statusCode: answer.statusCode,
			headers: answer.headers,
			text: redact(read.bytes.toString('utf8'), connection.personalAccessToken),
		},
	};
}
