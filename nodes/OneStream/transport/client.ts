import type { IDataObject } from 'n8n-workflow';

import { OneStreamError } from '../shared/errors';
import { redact } from '../shared/redaction';
import { DataSetReader } from '../dataSet/reader';
import type { ResettableDataSetSink } from '../dataSet/sinks';
import { htmlTitle, looksLikeHtml } from './answerText';
import { getConnection } from './connection';
import { parseDataBody } from './dataBody';
import { attemptError, callError, capitalize, describeNetworkFailure, networkError, outcomeUnknownText, statusError } from './failures';
import { readJobAnswer } from './jobOutcome';
import { retryPolicy, withRetries } from './retry';
import type { Tried } from './retry';
import { readBody, sendOnce } from './send';
import type { SessionInfo } from './session';
import { logon, openApplication } from './session';
import type { Logon } from './session';
import type {
	Attempt,
	CallLimits,
	JobCall,
	OneStreamCall,
	OneStreamConnection,
	OneStreamContext,
	ReadCall,
} from './types';

/**
 * The node's way to OneStream for one execution: the resolved connection, jobs sent once, reads
 * retried on transient failures and streamed into a sink, and 7.2.0 sessions opened once per
 * application.
 */
export class OneStreamClient {
	private readonly applicationSessions = new Map<string, Promise<SessionInfo>>();

	constructor(
		private readonly ctx: OneStreamContext,
		readonly connection: OneStreamConnection,
	) {}

	static async connect(ctx: OneStreamContext): Promise<OneStreamClient> {
		return new OneStreamClient(ctx, await getConnection(ctx));
	}

	/** The PAT, only to scrub it from text shown to users. */
	get secret(): string {
		return this.connection.personalAccessToken;
	}

	get webServerUrl(): string {
		return this.connection.webServerUrl;
	}

	/**
	 * Runs a Data Management job: one request, never repeated. Resolves with OneStream's completion
	 * message; any other end is an error that carries the job's outcome.
	 */
	async job(jobCall: JobCall): Promise<string> {
		const call: OneStreamCall = { ...jobCall, kind: 'job' };
		const attempt = await sendOnce(this.ctx, this.connection, call, 'text');
		if (attempt.type === 'network') throw networkError(this.connection, call, attempt);
		if (attempt.statusCode < 200 || attempt.statusCode > 299) throw statusError(this.connection, call, attempt);
		const httpCode = String(attempt.statusCode);
		if (looksLikeHtml(attempt)) {
			// A 200 HTML page usually comes from a proxy or sign-in page, not from OneStream.
			throw callError(
				`OneStream's answer for ${call.subject} was an HTML page (${htmlTitle(attempt.text)}), not the Web API's reply`,
				`${outcomeUnknownText(call)} An HTML page usually comes from a proxy or a sign-in page in front of OneStream: check the credential's Server URL and API Path.`,
				{ httpCode, outcome: 'unknown' },
			);
		}
		const answer = readJobAnswer(attempt.text);
		if (answer.kind === 'completed') return answer.message;
		if (answer.kind === 'errorTable') {
			throw callError(
				`${capitalize(call.subject)} failed: ${answer.message}`,
				'OneStream answered with an Error table instead of the completion message. Its Error Log and Task Activity have the details.',
				{ httpCode, outcome: 'failed' },
			);
		}
		// OneStream confirms a finished job with a message; any other 200 comes from something else.
		throw callError(
			`OneStream answered ${attempt.statusCode} for ${call.subject} without the completion message (${answer.found})`,
			outcomeUnknownText(call),
			{ httpCode, outcome: 'unknown' },
		);
	}

	/** Runs a read and returns its JSON object, retrying transient failures. */
	async readJson(readCall: ReadCall): Promise<IDataObject> {
		const call: OneStreamCall = { ...readCall, kind: 'read' };
		const result = await withRetries(retryPolicy(readCall.retry), async (): Promise<Tried<IDataObject>> => {
			const attempt = await sendOnce(this.ctx, this.connection, call, 'text');
			if (attempt.type === 'answer' && attempt.statusCode >= 200 && attempt.statusCode <= 299) {
				return { ok: true, value: parseDataBody(call, attempt) };
			}
			return { ok: false, failure: attempt };
		});
		if (result.ok) return result.value;
		throw attemptError(this.connection, call, result.failure, result.retries);
	}

	/**
	 * Runs a Data Provider read and streams its DataSet into `sink`, without holding the whole body.
	 * Transient failures (before or during the body) are retried, after `sink.reset()`.
	 */
	async readDataSet(readCall: ReadCall, sink: ResettableDataSetSink): Promise<void> {
		const call: OneStreamCall = { ...readCall, kind: 'read' };
		const result = await withRetries(retryPolicy(readCall.retry), async (): Promise<Tried<undefined>> => {
			const startedAt = Date.now();
			const attempt = await sendOnce(this.ctx, this.connection, call, 'stream');
			if (attempt.type !== 'stream') return { ok: false, failure: attempt };
			const httpCode = String(attempt.statusCode);
			const reader = new DataSetReader(sink, call.subject);
			try {
				await readBody(attempt.body, call.timeoutMs, startedAt, 0, (chunk) => reader.push(chunk));
				reader.finish();
			} catch (error) {
				attempt.body.destroy();
				if (error instanceof OneStreamError) {
					throw new OneStreamError(error.message, error.description, error.source, { httpCode });
				}
				sink.reset();
				const failure: Attempt = { ...describeNetworkFailure(error), midBody: reader.bytes };
				return { ok: false, failure };
			}
			if (reader.isNotAnObject) {
				// Not a DataSet at all: let the whole-body checks say what it was.
				parseDataBody(call, {
					type: 'answer',
					statusCode: attempt.statusCode,
					headers: attempt.headers,
					text: redact(reader.notAnObject(), this.secret),
				});
			}
			return { ok: true, value: undefined };
		});
		if (!result.ok) throw attemptError(this.connection, call, result.failure, result.retries);
	}

	/** `Authentication/Logon` (7.2.0): the logon session and the applications the token may open. */
	async logon(limits: CallLimits): Promise<Logon> {
		return await logon(this, limits);
	}

	/** The 7.2.0 application session (Logon, then OpenApplication), opened once per application. */
	async applicationSession(applicationName: string, limits: CallLimits): Promise<SessionInfo> {
		let session = this.applicationSessions.get(applicationName);
		if (!session) {
			session = openApplication(this, applicationName, limits);
			this.applicationSessions.set(applicationName, session);
			// A failed logon is reported by the item that awaits it; later items try again.
			session.catch(() => this.applicationSessions.delete(applicationName));
		}
		return await session;
	}
}
