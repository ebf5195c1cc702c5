import type { IDataObject } from 'n8n-workflow';

import { DataSetReader } from '../dataSet/reader';
import type { ResettableDataSetSink } from '../dataSet/sinks';
import { RowCollector } from '../dataSet/sinks';
import type { TableSummary } from '../dataSet/tables';
import { chooseTables } from '../dataSet/tables';
import { OneStreamError } from '../shared/errors';
import { redact } from '../shared/redaction';
import { OneStreamClient } from '../transport/client';
import type { BodyConsumer, CallLimits, ReadCall } from '../transport/types';
import { FirstAnswer, followEnvelope, POLL_ROUTE } from './envelope';
import { parseJsonBody } from './json';
import type { ReadRequest, ReadSettings } from './request';
import { logon, openApplication } from './session';
import type { Logon, SessionInfo } from './session';

/** The most of a JSON answer (a 7.2.0 session call, a cube list) that is read. */
const JSON_ANSWER_LIMIT = 4 * 1024 * 1024;

/** A sink that keeps track of the tables it saw, for the table choice after the read. */
export interface TableCollectingSink extends ResettableDataSetSink {
	readonly tables: TableSummary[];
	readonly fields: IDataObject;
}

/** Whether rows of this table are wanted by a read of `request` (the sinks' `wanted`). */
export function wantedTable(
	request: Pick<ReadRequest, 'resultTableName' | 'anyOneTable'>,
	settings: Pick<ReadSettings, 'tables'>,
): (name: string) => boolean {
	const requested = request.resultTableName.toLowerCase();
	return (name) =>
		settings.tables === 'all' || request.anyOneTable === true || name.toLowerCase() === requested;
}

/**
 * The one read path, for the node, the trigger and the pick lists: a request body goes out through
 * the transport, its DataSet streams through the reader into a sink (items, files, the trigger's
 * bounded selection), a 7.2.0 envelope is followed (polls, then pages), and the tables are chosen.
 * One per execution: it holds the 7.2.0 application sessions, opened once per application.
 */
export class OneStreamReader {
	private readonly applicationSessions = new Map<string, Promise<SessionInfo>>();

	constructor(readonly client: OneStreamClient) {}

	static async connect(
		ctx: ConstructorParameters<typeof OneStreamClient>[0],
	): Promise<OneStreamReader> {
		return new OneStreamReader(await OneStreamClient.connect(ctx));
	}

	get webServerUrl(): string {
		return this.client.webServerUrl;
	}

	/**
	 * Reads `request` into `sink` and returns the tables chosen from the answer (the result table,
	 * or all of them). Transient failures are retried from the first byte, after the sink forgot
	 * what it had; a page of an envelope is retried alone.
	 */
	async read(
		request: ReadRequest,
		sink: TableCollectingSink,
		settings: ReadSettings,
	): Promise<TableSummary[]> {
		await this.stream(request, sink, settings);
		if (sink.tables.length === 0) {
			const fields = Object.keys(sink.fields);
			throw new OneStreamError(
				`OneStream's answer for ${request.subject} contains no data table`,
				fields.length === 0
					? 'The answer was an empty object. Check the name and the substitution variables.'
					: `The answer has these fields, none of them a table: ${fields.slice(0, 10).join(', ')}.`,
			);
		}
		return chooseTables(
			sink.tables,
			request.resultTableName,
			settings.tables,
			request.subject,
			request.anyOneTable,
		);
	}

	/** The rows of a request's result table, all in memory: for small answers (lists, statuses). */
	async rows(request: ReadRequest, settings: ReadSettings): Promise<IDataObject[]> {
		const collector = new RowCollector({ wanted: wantedTable(request, settings), shape: 'asIs' });
		const [table] = await this.read(request, collector, settings);
		return collector.dataTable(table).rows;
	}

	/** Streams the answer to `request` into `sink`, following a 7.2.0 envelope; no table choice. */
	async stream(
		request: ReadRequest,
		sink: ResettableDataSetSink,
		settings: CallLimits,
	): Promise<void> {
		const call: ReadCall = {
			endpoint: request.endpoint,
			apiVersion: request.apiVersion,
			body: request.body,
			subject: request.subject,
			timeoutMs: settings.timeoutMs,
			timeoutAdvice: settings.timeoutAdvice,
			rejectedAdvice: request.rejectedAdvice,
			retry: settings.retry,
		};
		const envelope = request.envelope;
		if (envelope === undefined) {
			await this.readDataSet(call, sink);
		} else {
			const startedAt = Date.now();
			const remainingMs = () => settings.timeoutMs - (Date.now() - startedAt);
			const first = new FirstAnswer(sink, envelope.tableName);
			await this.readDataSet(call, first);
			await followEnvelope(
				first,
				sink,
				envelope,
				request.subject,
				async (requestId, page, into) =>
					await this.readDataSet(
						{
							endpoint: POLL_ROUTE,
							apiVersion: '7.2.0',
							query: { page: String(page) },
							body: { ...envelope.requestBody, RequestId: requestId },
							subject: `page ${page} of ${request.subject}`,
							timeoutMs: Math.max(1, remainingMs()),
							timeoutAdvice: settings.timeoutAdvice,
							rejectedAdvice: request.rejectedAdvice,
							retry: settings.retry,
						},
						into,
					),
				{ remainingMs, pause: async (ms) => await this.client.pause(ms) },
			);
		}
	}

	/** One DataSet body streamed into `sink`; a body that is not a DataSet is said for what it is. */
	private async readDataSet(call: ReadCall, sink: ResettableDataSetSink): Promise<void> {
		const secret = this.client.secret;
		const consumer: BodyConsumer<void> = {
			start(answer) {
				sink.reset();
				const reader = new DataSetReader(sink, call.subject);
				return {
					push(chunk) {
						reader.push(chunk);
						return reader.wantsMore;
					},
					end(complete) {
						// The sink has every row it wants (Max Rows): the rest of the answer is not read.
						if (!complete && sink.rowsWanted === 0) return;
						if (reader.isNotAnObject) {
							// Not a DataSet at all: say what it was, from its start.
							parseJsonBody(
								call.subject,
								{ ...answer, type: 'answer', text: redact(reader.notAnObject(), secret) },
								complete,
							);
						}
						reader.finish();
					},
				};
			},
		};
		await this.client.read(call, consumer);
	}

	/** A read whose answer is a JSON object. */
	async json(call: ReadCall): Promise<IDataObject> {
		const answer = await this.client.readText(call, JSON_ANSWER_LIMIT);
		return parseJsonBody(call.subject, answer, answer.complete) as IDataObject;
	}

	/** A read whose answer is a JSON list (or an object). */
	async jsonList(call: ReadCall): Promise<IDataObject | unknown[]> {
		const answer = await this.client.readText(call, JSON_ANSWER_LIMIT);
		return parseJsonBody(call.subject, answer, answer.complete, true);
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
