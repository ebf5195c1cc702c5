import { OneStreamError } from '../shared/errors';
import { redact } from '../shared/redaction';
import { getConnection } from './connection';
import { attemptError, networkError, statusError } from './failures';
import { retryPolicy, withRetries } from './retry';
import type { Tried } from './retry';
import { Deadline, DeadlineClock } from './deadline';
import {
	ERROR_BODY_LIMIT,
	executionCancelSignal,
	pause,
	readBody,
	readText,
	sendOnce,
} from './send';
import type {
	Attempt,
	BodyConsumer,
	JobCall,
	NetworkFailure,
	OneStreamCall,
	OneStreamConnection,
	OneStreamContext,
	ReadCall,
	StreamAnswer,
	TextAnswer,
} from './types';

function isSuccess(status: number): boolean {
	return status >= 200 && status <= 299;
}

/**
 * The node's way to OneStream for one execution: one request at a time through n8n's
 * `httpRequestWithAuthentication`, each with one deadline (its timeout, from the first byte sent to
 * the last read). Jobs are sent once; reads are retried on transient failures and their bodies
 * handed over as they stream in. HTTP statuses and network failures become the node's one error
 * type. It knows nothing of what the bodies hold.
 */
export class OneStreamClient {
	private readonly clock: DeadlineClock;

	constructor(
		private readonly ctx: OneStreamContext,
		readonly connection: OneStreamConnection,
	) {
		this.clock = new DeadlineClock(executionCancelSignal(ctx));
	}

	static async connect(ctx: OneStreamContext): Promise<OneStreamClient> {
		return new OneStreamClient(ctx, await getConnection(ctx));
	}

	/** Waits `ms`, or less: a cancelled execution ends the wait at once (with n8n's cancel error). */
	async pause(ms: number): Promise<void> {
		await pause(ms, executionCancelSignal(this.ctx));
	}

	/** The PAT, only to scrub it from text shown to users. */
	get secret(): string {
		return this.connection.personalAccessToken;
	}

	get webServerUrl(): string {
		return this.connection.webServerUrl;
	}

	private async send(
		call: OneStreamCall,
		endsAt = Date.now() + call.timeoutMs,
	): Promise<{ deadline: Deadline; sent: NetworkFailure | StreamAnswer }> {
		const deadline = new Deadline(endsAt - Date.now(), this.clock, call.timeoutMs);
		return { deadline, sent: await sendOnce(this.ctx, this.connection, call, deadline) };
	}

	/** A failed attempt's answer, read as far as its error text. */
	private async failedAnswer(sent: StreamAnswer, deadline: Deadline): Promise<Attempt> {
		const read = await readText(sent, deadline, this.connection, ERROR_BODY_LIMIT);
		return read.ok ? read.answer : read.failure;
	}

	/**
	 * Sends a Data Management job: one request, never repeated. A 2xx answer comes back as text (up
	 * to `limit` bytes), for the caller to judge; any other end is an error that carries the job's
	 * outcome (not run, failed, unknown).
	 */
	async sendJob(jobCall: JobCall, limit: number): Promise<TextAnswer> {
		const call: OneStreamCall = { ...jobCall, kind: 'job' };
		const { deadline, sent } = await this.send(call);
		try {
			if (sent.type === 'network') throw networkError(this.connection, call, sent);
			if (!isSuccess(sent.statusCode)) {
				const failed = await this.failedAnswer(sent, deadline);
				throw failed.type === 'network'
					? networkError(this.connection, call, failed)
					: statusError(this.connection, call, failed);
			}
			const read = await readText(sent, deadline, this.connection, limit);
			if (!read.ok) throw networkError(this.connection, call, read.failure);
			return { ...read.answer, complete: read.complete };
		} finally {
			deadline.dispose();
		}
	}

	/**
	 * Runs a read and hands its 2xx body to `consumer` as it streams in; transient failures (before
	 * or during the body) are retried, each retry from a fresh `consumer.start`, all within the one
	 * Timeout. Resolves with what the consumer made of the body.
	 */
	async read<T>(readCall: ReadCall, consumer: BodyConsumer<T>): Promise<T> {
		const call: OneStreamCall = { ...readCall, kind: 'read' };
		const endsAt = Date.now() + call.timeoutMs;
		const policy = retryPolicy(readCall.retry);
		const pause = async (ms: number) => await this.pause(ms);
		const result = await withRetries(policy, endsAt, pause, async (): Promise<Tried<T>> => {
			const { deadline, sent } = await this.send(call, endsAt);
			try {
				if (sent.type === 'network') return { ok: false, failure: sent };
				if (!isSuccess(sent.statusCode))
					return { ok: false, failure: await this.failedAnswer(sent, deadline) };
				const httpCode = String(sent.statusCode);
				const attempt = consumer.start({ statusCode: sent.statusCode, headers: sent.headers });
				const body = await readBody(sent.body, deadline, 0, (chunk) => attempt.push(chunk));
				if (!body.ok && body.failure) return { ok: false, failure: body.failure };
				if (!body.ok) throw this.consumerError(call, body.processing, httpCode);
				try {
					return { ok: true, value: attempt.end(body.complete) };
				} catch (error) {
					throw this.consumerError(call, error, httpCode);
				}
			} finally {
				deadline.dispose();
			}
		});
		if (result.ok) return result.value;
		throw attemptError(this.connection, call, result.failure, result.retries);
	}

	/** Runs a read and returns its 2xx body as text, up to `limit` bytes, retrying transient failures. */
	async readText(readCall: ReadCall, limit: number): Promise<TextAnswer> {
		const { connection } = this;
		return await this.read(readCall, {
			start(answer) {
				const chunks: Buffer[] = [];
				let size = 0;
				return {
					push(chunk) {
						chunks.push(chunk);
						size += chunk.length;
						return size <= limit;
					},
					end(complete) {
						const bytes = Buffer.concat(chunks);
						return {
							type: 'answer',
							statusCode: answer.statusCode,
							headers: answer.headers,
							text: redact(
								bytes.subarray(0, limit).toString('utf8'),
								connection.personalAccessToken,
							),
							complete: complete && bytes.length <= limit,
						};
					},
				};
			},
		});
	}

	/** What the consumer threw: OneStream's answer was not what it needs, or the node failed. */
	private consumerError(call: OneStreamCall, error: unknown, httpCode: string): OneStreamError {
		if (error instanceof OneStreamError)
			return new OneStreamError(error.message, error.description, error.source, {
				...error.details,
				httpCode,
			});
		return new OneStreamError(
			`Internal error in the OneStream node while reading the answer for ${call.subject}: ${error instanceof Error ? error.message : String(error)}`,
			'This is a fault in the node, not in OneStream or the network. Please report it with the workflow (without credentials).',
			'internal',
		);
	}
}
