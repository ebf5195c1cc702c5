import type { IDataObject } from 'n8n-workflow';

import { keptRowBatch } from '../dataSet/reader';
import type { ResettableDataSetSink } from '../dataSet/sinks';
import type { RowBatch } from '../dataSet/types';
import { inputError, OneStreamError } from '../shared/errors';
import { parameter } from '../shared/parameters';
import { clip } from '../shared/redaction';

/*
 * 7.2.0 answers that come as an envelope, `{ Status, RequestId, TotalPages, DataResult: [rows] }`
 * (observed in OneStream's Power BI connector, not documented), read as that connector reads
 * them: while `Status` is anything but `Completed`, `Analytics/GetDataRequest?page=1` is polled on
 * a schedule; then pages 2..`TotalPages` are fetched one at a time, a page not yet `Completed`
 * polled again on the same schedule. The running word itself is not public, so none is assumed;
 * only a status that says failure stops early. An answer that is not a page (no `Status`, a
 * message instead of data, another request's, a repeat of page 1) is an error, never rows. The
 * first answer streams straight into the sink; a later page is held until it is complete (memory
 * near one page), so that a retry re-reads that page only. Every wait and read shares the read's
 * one Timeout, and a cancelled execution stops a wait at once.
 */

/** How a 7.2.0 envelope is followed. */
export interface EnvelopeSettings {
	/** The sink's name for the rows of `DataResult` (the Result Table Name). */
	tableName: string;
	/** `IsSystemLevel` and `SI` for `Analytics/GetDataRequest`; `RequestId` is added. */
	requestBody: IDataObject;
	/** Waits before each poll while the request runs, in ms; the read's Timeout bounds them all. */
	pollScheduleMs: number[];
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
			"7.2.0 answers that OneStream prepares in the background: the waits before each check whether the request (or a page of it) has finished, comma-separated. The default is OneStream's Power BI connector's (7 polls over 2 minutes). The Timeout option bounds them all.",
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

export const DATA_RESULT = 'DataResult';
export const POLL_ROUTE = 'Analytics/GetDataRequest';

/** A status that says the request failed: polling it again would only wait for the schedule to run out. */
const FAILURE_STATUS = /fail|error|cancel|abort|expired|invalid|denied|not ?found/i;

/** Fields of an answer beside the envelope's, kept short, to say what came instead of a page. */
const OTHER_FIELDS_KEPT = 5;

/** The envelope's own fields, as far as an answer had them, and what else it had. */
export interface EnvelopeHead {
	status?: unknown;
	requestId?: unknown;
	totalPages?: unknown;
	/** Whether the answer had a `DataResult` table. */
	hasDataResult: boolean;
	/** Other top-level fields, e.g. `Message` when an error came instead of a page. */
	others: Array<[string, unknown]>;
}

const emptyHead = (): EnvelopeHead => ({ hasDataResult: false, others: [] });

function noteField(head: EnvelopeHead, name: string, value: unknown): boolean {
	if (name === 'Status') head.status = value;
	else if (name === 'RequestId') head.requestId = value;
	else if (name === 'TotalPages') head.totalPages = value;
	else {
		if (head.others.length < OTHER_FIELDS_KEPT) head.others.push([name, value]);
		return false;
	}
	return true;
}

/**
 * What a page's rows look like, to tell a page that repeats page 1: its row count, its size and
 * the bytes at its start and end.
 */
class PageShape {
	count = 0;
	size = 0;
	head = '';
	tail = '';

	add(batch: RowBatch): void {
		if (this.count === 0) this.head = batch.bytes.subarray(0, 256).toString('latin1');
		this.tail = batch.bytes.subarray(Math.max(0, batch.bytes.length - 256)).toString('latin1');
		this.count += batch.count;
		this.size += batch.bytes.length;
	}

	sameAs(other: PageShape): boolean {
		return (
			this.count > 0 &&
			this.count === other.count &&
			this.size === other.size &&
			this.head === other.head &&
			this.tail === other.tail
		);
	}
}

/** The first answer, passed through to the sink with `DataResult` renamed; the head is noted. */
export class FirstAnswer implements ResettableDataSetSink {
	head = emptyHead();
	shape = new PageShape();
	private inResult = false;

	constructor(
		private readonly sink: ResettableDataSetSink,
		private readonly tableName: string,
	) {}

	/** Whether the sink has been told about the result table. */
	get opened(): boolean {
		return this.head.hasDataResult;
	}

	table(name: string): void {
		this.inResult = name === DATA_RESULT;
		if (this.inResult) this.head.hasDataResult = true;
		this.sink.table(this.inResult ? this.tableName : name);
	}

	rows(batch: RowBatch): void {
		if (this.inResult) this.shape.add(batch);
		this.sink.rows(batch);
	}

	field(name: string, value: unknown): void {
		if (!noteField(this.head, name, value)) this.sink.field(name, value);
	}

	get rowsWanted(): number | undefined {
		return this.sink.rowsWanted;
	}

	reset(): void {
		this.head = emptyHead();
		this.shape = new PageShape();
		this.inResult = false;
		this.sink.reset();
	}
}

/** A page from `Analytics/GetDataRequest`, held whole; only its `DataResult` rows count. */
export class PageAnswer implements ResettableDataSetSink {
	head = emptyHead();
	shape = new PageShape();
	batches: RowBatch[] = [];
	private inResult = false;

	constructor(
		private readonly wanted: () => number | undefined,
		private readonly tableName: string,
	) {}

	table(name: string): void {
		this.inResult = name === DATA_RESULT;
		if (this.inResult) this.head.hasDataResult = true;
		else if (this.head.others.length < OTHER_FIELDS_KEPT)
			this.head.others.push([name, '(a table)']);
	}

	rows(batch: RowBatch): void {
		if (!this.inResult) return;
		const kept = keptRowBatch(batch, this.tableName);
		this.batches.push(kept);
		this.shape.add(kept);
	}

	field(name: string, value: unknown): void {
		noteField(this.head, name, value);
	}

	/** The sink's row limit, less what this page holds already. */
	get rowsWanted(): number | undefined {
		const wanted = this.wanted();
		return wanted === undefined ? undefined : Math.max(0, wanted - this.shape.count);
	}

	reset(): void {
		this.head = emptyHead();
		this.shape = new PageShape();
		this.batches = [];
		this.inResult = false;
	}
}

/** Reads one page of a request into `into`, retrying transient failures; `page` 1 is also the poll. */
export type PageReader = (requestId: string, page: number, into: PageAnswer) => Promise<void>;

/** What the envelope needs of the read it belongs to: its time left, and a wait it can cancel. */
export interface EnvelopeClock {
	remainingMs(): number;
	/** Waits `ms`; rejects at once when the execution is cancelled. */
	pause(ms: number): Promise<void>;
}

// The connector compares the exact text; any case is read here, the more tolerant reading.
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
			NOT_THE_ENVELOPE,
		);
	}
	return pages;
}

const NOT_THE_ENVELOPE =
	'The answer is not the envelope this node knows (Status, RequestId, TotalPages, DataResult). Please report it with the OneStream version.';

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function describeOthers(head: EnvelopeHead): string {
	if (head.others.length === 0) return 'an empty object';
	const message = head.others.find(([name]) => /^(message|detail|error)$/i.test(name));
	if (message !== undefined && typeof message[1] === 'string') {
		return `"${clip(message[1], 200)}"`;
	}
	return `an object with ${head.others.map(([name]) => name).join(', ')}`;
}

/**
 * Follows an envelope after its first answer (already streamed into `sink` by a FirstAnswer):
 * polls while it runs, then fetches the remaining pages into the sink one at a time. A plain
 * DataSet (no `Status`) is left as it is.
 */
export async function followEnvelope(
	first: FirstAnswer,
	sink: ResettableDataSetSink,
	settings: EnvelopeSettings,
	subject: string,
	readPage: PageReader,
	clock: EnvelopeClock,
): Promise<void> {
	const firstStatus = statusText(first.head.status);
	if (firstStatus === undefined) return;
	const requestId = statusText(first.head.requestId) ?? '';
	const request = requestId === '' ? '' : ` (request ${clip(requestId, 80)})`;
	let opened = first.opened;
	let pageOne = first.shape;
	const deliver = (page: PageAnswer) => {
		if (!opened) sink.table(settings.tableName);
		opened = true;
		for (const batch of page.batches) sink.rows(batch);
	};
	const failed = (status: string, where: string) => {
		if (!FAILURE_STATUS.test(status)) return;
		throw new OneStreamError(
			`OneStream answered ${where} of ${subject} with status "${clip(status, 80)}"${request}`,
			'OneStream says the request failed. Its Error Log may say why; run the read again, with narrower filters if it was large.',
		);
	};
	const needRequestId = (status: string) => {
		if (requestId !== '') return;
		throw new OneStreamError(
			`OneStream's answer for ${subject} has status "${clip(status, 80)}" but no RequestId to follow`,
			NOT_THE_ENVELOPE,
		);
	};
	/** A page's status, once the answer is known to be a page of this request. */
	const checkedStatus = (page: PageAnswer, where: string): string => {
		const status = statusText(page.head.status);
		if (status === undefined) {
			throw new OneStreamError(
				`OneStream answered ${where} of ${subject}${request} with ${describeOthers(page.head)} instead of a page`,
				'No rows were taken from it. If the message says the request expired (OneStream keeps results for 40 to 60 minutes), run the read again.',
			);
		}
		const answeredFor = statusText(page.head.requestId);
		if (answeredFor !== undefined && answeredFor !== requestId) {
			throw new OneStreamError(
				`OneStream answered ${where} of ${subject}${request} with a page of another request (${clip(answeredFor, 80)})`,
				'No rows were taken from it. A proxy or cache between n8n and OneStream may have mixed up answers; run the read again.',
			);
		}
		return status;
	};
	/**
	 * Asks for `page` until it is Completed, on the poll schedule within the Timeout; `waitFirst`
	 * when the request is known to be running.
	 */
	const completedPage = async (page: number, waitFirst: boolean): Promise<PageAnswer> => {
		const where = page === 1 ? 'the poll' : `page ${page}`;
		const schedule = [...(waitFirst ? [] : [0]), ...settings.pollScheduleMs];
		let waited = 0;
		let asked = 0;
		let status = firstStatus;
		for (const wait of schedule) {
			if (wait >= clock.remainingMs()) {
				throw new OneStreamError(
					`OneStream had not finished ${page === 1 ? `request ${clip(requestId, 80)}` : `page ${page} of request ${clip(requestId, 80)}`} for ${subject} when the read's Timeout was reached (${asked} polls, status "${clip(status, 80)}")`,
					'Raise the Timeout option, or reduce the size of the request with narrower filters.',
				);
			}
			if (wait > 0) await clock.pause(wait);
			waited += wait;
			asked++;
			const answer = new PageAnswer(() => sink.rowsWanted, settings.tableName);
			await readPage(requestId, page, answer);
			status = checkedStatus(answer, where);
			if (isCompleted(status)) return answer;
			failed(status, where);
		}
		throw new OneStreamError(
			`OneStream had not finished ${page === 1 ? `request ${clip(requestId, 80)}` : `page ${page} of request ${clip(requestId, 80)}`} for ${subject} after ${asked} polls over ${seconds(waited)} (status "${clip(status, 80)}")`,
			"Reduce the size of the request (narrower filters), or lengthen the Poll Schedule option. OneStream's own connector gives up after 7 polls over 2 minutes.",
		);
	};
	const needResult = (head: EnvelopeHead, totalPages: number, where: string) => {
		if (head.hasDataResult || totalPages === 0) return;
		throw new OneStreamError(
			`OneStream answered ${where} of ${subject}${request} with status "Completed" but no DataResult`,
			NOT_THE_ENVELOPE,
		);
	};

	let totalPages = pageCount(first.head.totalPages, subject);
	if (isCompleted(firstStatus)) {
		needResult(first.head, totalPages, 'the first answer');
	} else {
		failed(firstStatus, 'the first answer');
		needRequestId(firstStatus);
		// Rows that came with another status are not the result.
		sink.reset();
		opened = false;
		const page = await completedPage(1, true);
		totalPages = pageCount(page.head.totalPages, subject);
		needResult(page.head, totalPages, 'the poll');
		deliver(page);
		pageOne = page.shape;
	}
	for (let page = 2; page <= totalPages; page++) {
		// The sink has all the rows it wants (Max Rows): the other pages are not fetched.
		if (sink.rowsWanted === 0) return;
		needRequestId('Completed');
		if (clock.remainingMs() <= 0) {
			throw new OneStreamError(
				`The read's Timeout was reached after ${page - 1} of ${totalPages} pages of ${subject}`,
				'Raise the Timeout option, or reduce the size of the request with narrower filters.',
			);
		}
		const answer = await completedPage(page, false);
		needResult(answer.head, 1, `page ${page}`);
		if (answer.shape.sameAs(pageOne)) {
			throw new OneStreamError(
				`OneStream answered page ${page} of ${totalPages} of ${subject}${request} with the rows of page 1`,
				'No rows were taken from it. A proxy or cache between n8n and OneStream may ignore the page number; run the read again, and check the proxy if it persists.',
			);
		}
		deliver(answer);
	}
	if (!opened) sink.table(settings.tableName);
}
