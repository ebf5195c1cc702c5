import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { keptRowBatch } from '../dataSet/reader';
import type { ResettableDataSetSink } from '../dataSet/sinks';
import type { RowBatch } from '../dataSet/types';
import { inputError, OneStreamError } from '../shared/errors';
import { parameter } from '../shared/parameters';
import { clip } from '../shared/redaction';

/*
 * 7.2.0 answers that come as an envelope, `{ Status, RequestId, TotalPages, DataResult: [rows] }`
 * (observed in OneStream's Power BI connector, not documented): while `Status` is not `Completed`,
 * `Analytics/GetDataRequest?page=1` is polled on a bounded schedule; then pages 2..`TotalPages`
 * are fetched one at a time. The first answer streams straight into the sink. A page fetched
 * later is held until it is complete (memory near one page), so that a retry re-reads that page
 * only, never the pages before it nor the whole request.
 */

/**
 * How a 7.2.0 envelope is followed (observed in OneStream's Power BI connector): while `Status` is
 * not `Completed`, `Analytics/GetDataRequest?page=1` is polled; then pages 2..`TotalPages`.
 */
export interface EnvelopeSettings {
	/** The sink's name for the rows of `DataResult` (the Result Table Name). */
	tableName: string;
	/** `IsSystemLevel` and `SI` for `Analytics/GetDataRequest`; `RequestId` is added. */
	requestBody: IDataObject;
	/** Waits before each poll while the request runs, in ms; the read's Timeout bounds them all. */
	pollScheduleMs: number[];
	/** Statuses that mean "still running" (lower case). OneStream's are not public. */
	runningStatuses: string[];
}

/** OneStream's Power BI connector's waits between polls of a running request, in seconds. */
export const CONNECTOR_POLL_SCHEDULE = '5, 5, 10, 10, 30, 30, 30';

/** A comma-separated list of waits in seconds (0 to 3,600 each, at most 100 of them), as ms. */
export const pollSchedule = parameter(
	{
		displayName: 'Poll Schedule (Seconds)',
		name: 'pollSchedule',
		type: 'string',
		default: CONNECTOR_POLL_SCHEDULE,
		description:
			"7.2.0 answers that OneStream prepares in the background: the waits before each check whether the request has finished, comma-separated. The default is OneStream's Power BI connector's (7 polls over 2 minutes). The Timeout option bounds them all.",
	},
	(raw): number[] => {
		const text = typeof raw === 'string' && raw.trim() !== '' ? raw : CONNECTOR_POLL_SCHEDULE;
		const parts = text.split(',').map((part) => part.trim());
		const waits = parts.map((part) => (/^\d+(\.\d+)?$/.test(part) ? Number(part) : NaN));
		if (parts.length > 100 || waits.some((wait) => !(wait >= 0 && wait <= 3600))) {
			throw inputError(
				`The Poll Schedule option must be waits in seconds separated by commas, e.g. ${CONNECTOR_POLL_SCHEDULE}, not "${text.slice(0, 80)}"`,
				'Each wait is from 0 to 3600 seconds; at most 100 waits.',
			);
		}
		return waits.map((wait) => Math.round(wait * 1000));
	},
).inOptions();

/** Invented: OneStream's statuses of a running request are not public (only "Completed" is seen). */
export const DEFAULT_RUNNING_STATUSES = 'Running, InProgress, Processing, Pending, Queued';

export const runningStatuses = parameter(
	{
		displayName: 'Running Statuses',
		name: 'runningStatuses',
		type: 'string',
		default: DEFAULT_RUNNING_STATUSES,
		description:
			'7.2.0 answers prepared in the background: the statuses that mean "still running, poll again", comma-separated. Only "Completed" has been seen from OneStream; these are guesses. Any other status stops the read with an error that names it.',
	},
	(raw): string[] => {
		const text = typeof raw === 'string' ? raw : DEFAULT_RUNNING_STATUSES;
		return text
			.split(',')
			.map((status) => status.trim().toLowerCase())
			.filter((status) => status !== '');
	},
).inOptions();

export const DATA_RESULT = 'DataResult';
export const POLL_ROUTE = 'Analytics/GetDataRequest';

/** The envelope's own fields, as far as an answer had them. */
export interface EnvelopeHead {
	status?: unknown;
	requestId?: unknown;
	totalPages?: unknown;
}

function noteHead(head: EnvelopeHead, name: string, value: unknown): boolean {
	if (name === 'Status') head.status = value;
	else if (name === 'RequestId') head.requestId = value;
	else if (name === 'TotalPages') head.totalPages = value;
	else return false;
	return true;
}

/** The first answer, passed through to the sink with `DataResult` renamed; the head is noted. */
export class FirstAnswer implements ResettableDataSetSink {
	head: EnvelopeHead = {};
	/** Whether the sink has been told about the result table. */
	opened = false;

	constructor(
		private readonly sink: ResettableDataSetSink,
		private readonly tableName: string,
	) {}

	table(name: string): void {
		const isResult = name === DATA_RESULT;
		if (isResult) this.opened = true;
		this.sink.table(isResult ? this.tableName : name);
	}

	rows(batch: RowBatch): void {
		this.sink.rows(batch);
	}

	field(name: string, value: unknown): void {
		if (!noteHead(this.head, name, value)) this.sink.field(name, value);
	}

	get rowsWanted(): number | undefined {
		return this.sink.rowsWanted;
	}

	reset(): void {
		this.head = {};
		this.opened = false;
		this.sink.reset();
	}
}

/** A page from `Analytics/GetDataRequest`, held whole; only its `DataResult` rows count. */
export class PageAnswer implements ResettableDataSetSink {
	head: EnvelopeHead = {};
	batches: RowBatch[] = [];
	private held = 0;
	private inResult = false;

	constructor(
		private readonly wanted: () => number | undefined,
		private readonly tableName: string,
	) {}

	table(name: string): void {
		this.inResult = name === DATA_RESULT;
	}

	rows(batch: RowBatch): void {
		if (!this.inResult) return;
		this.batches.push(keptRowBatch(batch, this.tableName));
		this.held += batch.count;
	}

	field(name: string, value: unknown): void {
		noteHead(this.head, name, value);
	}

	/** The sink's row limit, less what this page holds already. */
	get rowsWanted(): number | undefined {
		const wanted = this.wanted();
		return wanted === undefined ? undefined : Math.max(0, wanted - this.held);
	}

	reset(): void {
		this.head = {};
		this.batches = [];
		this.held = 0;
		this.inResult = false;
	}
}

/** Reads one page of a request into `into`, retrying transient failures; `page` 1 is also the poll. */
export type PageReader = (requestId: string, page: number, into: PageAnswer) => Promise<void>;

const isCompleted = (status: string) => status.toLowerCase() === 'completed';

function statusText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function pageCount(value: unknown, subject: string): number {
	if (value === undefined || value === null || value === '') return 1;
	const pages = typeof value === 'number' ? value : Number(value);
	if (!Number.isInteger(pages) || pages < 0 || pages > 1_000_000) {
		throw new OneStreamError(
			`OneStream's answer for ${subject} has TotalPages ${clip(JSON.stringify(value), 40)}, which is not a page count`,
			'The answer is not the envelope this node knows (Status, RequestId, TotalPages, DataResult). Please report it with the OneStream version.',
		);
	}
	return pages;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * Follows an envelope after its first answer (already streamed into `sink` by a FirstAnswer): polls
 * while it runs, then fetches the remaining pages into the sink one at a time. A plain DataSet (no
 * `Status`) is left as it is.
 */
export async function followEnvelope(
	first: FirstAnswer,
	sink: ResettableDataSetSink,
	settings: EnvelopeSettings,
	subject: string,
	readPage: PageReader,
	remainingMs: () => number,
): Promise<void> {
	let status = statusText(first.head.status);
	if (status === undefined) return;
	const requestId = statusText(first.head.requestId) ?? '';
	let opened = first.opened;
	const deliver = (page: PageAnswer) => {
		if (!opened) sink.table(settings.tableName);
		opened = true;
		for (const batch of page.batches) sink.rows(batch);
	};
	const refuse = (what: string) => {
		if (!settings.runningStatuses.includes(what.toLowerCase())) {
			throw new OneStreamError(
				`OneStream answered ${subject} with status "${clip(what, 80)}"${requestId ? ` (request ${clip(requestId, 80)})` : ''}, which this node does not know as running or completed`,
				`Only "Completed" has been seen from OneStream; the statuses of a running request are not public. If "${clip(what, 80)}" means the request is still running, add it to the Running Statuses option; otherwise OneStream's Error Log may say why the request failed.`,
			);
		}
	};
	const needRequestId = () => {
		if (requestId !== '') return;
		throw new OneStreamError(
			`OneStream's answer for ${subject} has status "${clip(status ?? '', 80)}" but no RequestId to follow`,
			'The answer is not the envelope this node knows (Status, RequestId, TotalPages, DataResult). Please report it with the OneStream version.',
		);
	};

	let totalPages = pageCount(first.head.totalPages, subject);
	if (!isCompleted(status)) {
		refuse(status);
		needRequestId();
		// Rows that came with a running status are not the result.
		sink.reset();
		opened = false;
		let waited = 0;
		let polls = 0;
		let done = false;
		for (const wait of settings.pollScheduleMs) {
			if (wait >= remainingMs()) {
				throw new OneStreamError(
					`OneStream had not finished request ${clip(requestId, 80)} for ${subject} when the read's Timeout was reached (${polls} polls, status "${clip(status, 80)}")`,
					'Raise the Timeout option, or reduce the size of the request with narrower filters.',
				);
			}
			await sleep(wait);
			waited += wait;
			polls++;
			const page = new PageAnswer(() => sink.rowsWanted, settings.tableName);
			await readPage(requestId, 1, page);
			status = statusText(page.head.status) ?? 'Completed';
			if (isCompleted(status)) {
				deliver(page);
				totalPages = pageCount(page.head.totalPages, subject);
				done = true;
				break;
			}
			refuse(status);
		}
		if (!done) {
			throw new OneStreamError(
				`OneStream had not finished request ${clip(requestId, 80)} for ${subject} after ${polls} polls over ${seconds(waited)} (status "${clip(status, 80)}")`,
				"Reduce the size of the request (narrower filters), or lengthen the Poll Schedule option. OneStream's own connector gives up after 7 polls over 2 minutes.",
			);
		}
	}
	for (let page = 2; page <= totalPages; page++) {
		// The sink has all the rows it wants (Max Rows): the other pages are not fetched.
		if (sink.rowsWanted === 0) return;
		needRequestId();
		if (remainingMs() <= 0) {
			throw new OneStreamError(
				`The read's Timeout was reached after ${page - 1} of ${totalPages} pages of ${subject}`,
				'Raise the Timeout option, or reduce the size of the request with narrower filters.',
			);
		}
		const answer = new PageAnswer(() => sink.rowsWanted, settings.tableName);
		await readPage(requestId, page, answer);
		const pageStatus = statusText(answer.head.status);
		if (pageStatus !== undefined && !isCompleted(pageStatus)) {
			throw new OneStreamError(
				`OneStream answered page ${page} of ${totalPages} of ${subject} with status "${clip(pageStatus, 80)}"`,
				'The request had completed, so its pages should all be there. OneStream keeps results for 40 to 60 minutes; run the read again.',
			);
		}
		deliver(answer);
	}
}
