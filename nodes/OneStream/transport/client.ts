import type { IDataObject } from 'n8n-workflow';

import { OneStreamError } from '../shared/errors';
import { clip, redact } from '../shared/redaction';
import { DataSetReader } from '../dataSet/reader';
import type { ResettableDataSetSink } from '../dataSet/sinks';
import { htmlTitle, looksLikeMarkup } from './answerText';
import { getConnection } from './connection';
import { parseDataBody } from './dataBody';
import {
	attemptError,
	callError,
	capitalize,
	networkError,
	outcomeUnknownText,
	statusError,
} from './failures';
import { FirstAnswer, followEnvelope, POLL_ROUTE } from './envelope';
import { readJobAnswer } from './jobOutcome';
import { retryPolicy, withRetries } from './retry';
import type { Tried } from './retry';
import {
	Deadline,
	ERROR_BODY_LIMIT,
	executionCancelSignal,
	readBody,
	readText,
	sendOnce,
} from './send';
import { logon, openApplication } from './session';
import type { Logon, SessionInfo } from './session';
import type {
	Attempt,
	CallLimits,
	NetworkFailure,
	JobCall,
	OneStreamCall,
	OneStreamConnection,
	OneStreamContext,
	ReadCall,
	StreamAnswer,
} from './types';

/** The most of a job's answer that is read: OneStream's completion message is one short sentence. */
const JOB_ANSWER_LIMIT = 64 * 1024;
/** The most of a JSON answer (a 7.2.0 session call) that is read. */
const JSON_ANSWER_LIMIT = 4 * 1024 * 1024;

function isSuccess(status: number): boolean {
	return status >= 200 && status <= 299;
}

/**
 * The node's way to OneStream for one execution: the resolved connection, jobs sent once, reads
 * retried on transient failures and streamed into a sink, and 7.2.0 sessions opened once per
 * application. Every call has one deadline: its timeout, from the first byte sent to the last read.
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

	private async send(
		call: OneStreamCall,
	): Promise<{ deadline: Deadline; sent: Awaited<ReturnType<typeof sendOnce>> }> {
		const deadline = new Deadline(call.timeoutMs, executionCancelSignal(this.ctx));
		return { deadline, sent: await sendOnce(this.ctx, this.connection, call, deadline) };
	}

	/** A failed attempt's answer, read as far as its error text. */
	private async failedAnswer(sent: StreamAnswer, deadline: Deadline): Promise<Attempt> {
		const read = await readText(sent, deadline, this.connection, ERROR_BODY_LIMIT);
		return read.ok ? read.answer : read.failure;
	}

	/**
	 * Runs a Data Management job: one request, never repeated. Resolves with OneStream's completion
	 * message; any other end is an error that carries the job's outcome. "Finished" means OneStream
	 * said so: an HTTP 200 whose body is its completion message.
	 */
	async job(jobCall: JobCall): Promise<string> {
		const call: OneStreamCall = { ...jobCall, kind: 'job' };
		const { deadline, sent } = await this.send(call);
		try {
			return await this.jobAnswer(call, jobCall, sent, deadline);
		} finally {
			deadline.dispose();
		}
	}

	private async jobAnswer(
		call: OneStreamCall,
		jobCall: JobCall,
		sent: NetworkFailure | StreamAnswer,
		deadline: Deadline,
	): Promise<string> {
		if (sent.type === 'network') throw networkError(this.connection, call, sent);
		if (!isSuccess(sent.statusCode)) {
			const failed = await this.failedAnswer(sent, deadline);
			throw failed.type === 'network'
				? networkError(this.connection, call, failed)
				: statusError(this.connection, call, failed);
		}
		const read = await readText(sent, deadline, this.connection, JOB_ANSWER_LIMIT);
		if (!read.ok) throw networkError(this.connection, call, read.failure);
		const answer = read.answer;
		const httpCode = String(answer.statusCode);
		const unknown = (message: string, why: string) =>
			callError(message, `${outcomeUnknownText(call)} ${why}`, { httpCode, outcome: 'unknown' });
		if (answer.statusCode !== 200) {
			throw unknown(
				`OneStream answered ${answer.statusCode} for ${call.subject}, not 200 with its completion message`,
				'OneStream reports a finished job with 200 and a completion message. Another answer, such as 202 Accepted from a server set to poll long-running requests, does not say the job finished.',
			);
		}
		if (!read.complete) {
			throw unknown(
				`OneStream's answer for ${call.subject} is larger than ${JOB_ANSWER_LIMIT / 1024} KiB, so it is not the completion message`,
				'Only the first part was read.',
			);
		}
		if (looksLikeMarkup(answer)) {
			// A 200 page usually comes from a proxy or sign-in page, not from OneStream.
			throw unknown(
				`OneStream's answer for ${call.subject} was an HTML page (${htmlTitle(answer.text)}), not the Web API's reply`,
				"A page usually comes from a proxy or a sign-in page in front of OneStream: check the credential's Server URL and API Path.",
			);
		}
		const judged = readJobAnswer(answer.text, jobCall.completionText);
		if (judged.kind === 'completed') return judged.message;
		if (judged.kind === 'errorTable') {
			throw callError(
				`${capitalize(call.subject)} failed: ${judged.message}`,
				'OneStream answered with an Error table instead of the completion message. Its Error Log and Task Activity have the details.',
				{ httpCode, outcome: 'failed' },
			);
		}
		throw unknown(
			`OneStream answered 200 for ${call.subject} without the completion message (${judged.found})`,
			`Received: ${clip(answer.text, 200)}`,
		);
	}

	/** Runs a read and returns its JSON object, retrying transient failures. */
	async readJson(readCall: ReadCall): Promise<IDataObject> {
		const value = await this.readJsonValue(readCall, false);
		return value as IDataObject;
	}

	/** Runs a read whose answer is a JSON list (or an object), retrying transient failures. */
	async readJsonList(readCall: ReadCall): Promise<IDataObject | unknown[]> {
		return await this.readJsonValue(readCall, true);
	}

	private async readJsonValue(
		readCall: ReadCall,
		allowList: boolean,
	): Promise<IDataObject | unknown[]> {
		const call: OneStreamCall = { ...readCall, kind: 'read' };
		const result = await withRetries(
			retryPolicy(readCall.retry),
			async (): Promise<Tried<IDataObject | unknown[]>> => {
				const { deadline, sent } = await this.send(call);
				try {
					if (sent.type === 'network') return { ok: false, failure: sent };
					if (!isSuccess(sent.statusCode))
						return { ok: false, failure: await this.failedAnswer(sent, deadline) };
					const read = await readText(sent, deadline, this.connection, JSON_ANSWER_LIMIT);
					if (!read.ok) return { ok: false, failure: read.failure };
					const value = allowList
						? parseDataBody(call, read.answer, read.complete, true)
						: parseDataBody(call, read.answer, read.complete);
					return { ok: true, value };
				} finally {
					deadline.dispose();
				}
			},
		);
		if (result.ok) return result.value;
		throw attemptError(this.connection, call, result.failure, result.retries);
	}

	/**
	 * Runs a Data Provider read and streams its DataSet into `sink`, without holding the whole body.
	 * Transient failures (before or during the body) are retried, after `sink.reset()`. With
	 * `envelope`, a 7.2.0 envelope is followed (polls, then pages: ./envelope.ts), all within the
	 * read's Timeout.
	 */
	async readDataSet(readCall: ReadCall, sink: ResettableDataSetSink): Promise<void> {
		const settings = readCall.envelope;
		if (settings === undefined) return await this.readOneDataSet(readCall, sink);
		const startedAt = Date.now();
		const remainingMs = () => readCall.timeoutMs - (Date.now() - startedAt);
		const first = new FirstAnswer(sink, settings.tableName);
		await this.readOneDataSet(readCall, first);
		await followEnvelope(
			first,
			sink,
			settings,
			readCall.subject,
			async (requestId, page, into) =>
				await this.readOneDataSet(
					{
						endpoint: POLL_ROUTE,
						apiVersion: '7.2.0',
						query: { page: String(page) },
						body: { ...settings.requestBody, RequestId: requestId },
						subject: `page ${page} of ${readCall.subject}`,
						timeoutMs: Math.max(1, remainingMs()),
						retry: readCall.retry,
					},
					into,
				),
			remainingMs,
		);
	}

	private async readOneDataSet(readCall: ReadCall, sink: ResettableDataSetSink): Promise<void> {
		const call: OneStreamCall = { ...readCall, kind: 'read' };
		const result = await withRetries(
			retryPolicy(readCall.retry),
			async (): Promise<Tried<undefined>> => {
				const { deadline, sent } = await this.send(call);
				try {
					return await this.readDataSetAnswer(call, sink, sent, deadline);
				} finally {
					deadline.dispose();
				}
			},
		);
		if (!result.ok) throw attemptError(this.connection, call, result.failure, result.retries);
	}

	private async readDataSetAnswer(
		call: OneStreamCall,
		sink: ResettableDataSetSink,
		sent: NetworkFailure | StreamAnswer,
		deadline: Deadline,
	): Promise<Tried<undefined>> {
		if (sent.type === 'network') return { ok: false, failure: sent };
		if (!isSuccess(sent.statusCode))
			return { ok: false, failure: await this.failedAnswer(sent, deadline) };
		const httpCode = String(sent.statusCode);
		const reader = new DataSetReader(sink, call.subject);
		const read = await readBody(sent.body, deadline, 0, (chunk) => {
			reader.push(chunk);
			return reader.wantsMore;
		});
		if (!read.ok && read.failure) {
			sink.reset();
			return { ok: false, failure: read.failure };
		}
		if (!read.ok) throw this.processingError(call, read.processing, httpCode);
		// The sink has every row it wants (an agent's Max Rows): the rest of the answer is not read.
		if (!read.complete && sink.rowsWanted === 0) return { ok: true, value: undefined };
		if (reader.isNotAnObject) {
			// Not a DataSet at all: let the whole-body checks say what it was, from its start.
			parseDataBody(
				call,
				{
					type: 'answer',
					statusCode: sent.statusCode,
					headers: sent.headers,
					text: redact(reader.notAnObject(), this.secret),
				},
				read.complete,
			);
		}
		try {
			reader.finish();
		} catch (error) {
			throw this.processingError(call, error, httpCode);
		}
		return { ok: true, value: undefined };
	}

	/** An exception while the answer was being read: OneStream's answer was wrong, or the node failed. */
	private processingError(call: OneStreamCall, error: unknown, httpCode: string): OneStreamError {
		if (error instanceof OneStreamError)
			return new OneStreamError(error.message, error.description, error.source, { httpCode });
		return new OneStreamError(
			`Internal error in the OneStream node while reading the answer for ${call.subject}: ${error instanceof Error ? error.message : String(error)}`,
			'This is a fault in the node, not in OneStream or the network. Please report it with the workflow (without credentials).',
			'internal',
		);
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
