import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import type { ApiVersion, RetrySettings } from '../shared/options';

export type { ApiVersion, RetrySettings };

export type OneStreamContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * `job` calls change data in OneStream (Data Management). They are sent exactly once: never retried,
 * and an unanswered one is reported as "outcome unknown". `read` calls may be retried on transient
 * failures.
 */
export type CallKind = 'job' | 'read';

/** Retry settings with the transport's caps. */
export interface RetryPolicy extends RetrySettings {
	/** Cap for one delay, including a server's Retry-After. */
	maxDelayMs: number;
	/** Cap for all retry delays of one call together. */
	budgetMs: number;
}

export interface OneStreamCall {
	/** `Controller/Action`, e.g. `DataManagement/ExecuteSequence`. */
	endpoint: string;
	apiVersion: ApiVersion;
	body: IDataObject;
	kind: CallKind;
	/** What is being run, for messages, e.g. `Data Management sequence "Nightly"`. */
	subject: string;
	timeoutMs: number;
	/** Query parameters besides `api-version`, e.g. `page` for `Analytics/GetDataRequest`. */
	query?: Record<string, string>;
}

/** A read: a call that may be retried on transient failures. */
export interface ReadCall extends Omit<OneStreamCall, 'kind'> {
	retry: RetrySettings;
	/** 7.2.0: the answer may be a `{ Status, RequestId, TotalPages, DataResult }` envelope. */
	envelope?: EnvelopeSettings;
}

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

/** A Data Management job: sent once. */
export interface JobCall extends Omit<OneStreamCall, 'kind'> {
	/** How OneStream's completion message ends; default "was completed". */
	completionText?: string;
}

/** How long a call may take, and how it retries. */
export interface CallLimits {
	timeoutMs: number;
	retry: RetrySettings;
}

/** Connection settings resolved from the `oneStreamApi` credential. */
export interface OneStreamConnection {
	/** e.g. `https://acme.onestreamcloud.com/OneStreamApi` — endpoints live under `${apiRoot}/api/`. */
	apiRoot: string;
	/** `BaseWebServerUrl` sent in request bodies, e.g. `https://acme.onestreamcloud.com/OneStreamWeb`. */
	webServerUrl: string;
	ignoreSslIssues: boolean;
	/** The normalised PAT. Kept only so that any text shown to users can be scrubbed of it. */
	personalAccessToken: string;
}

/** An HTTP answer whose body has been read as text (scrubbed of the token). */
export interface HttpAnswer {
	type: 'answer';
	statusCode: number;
	headers: IDataObject;
	text: string;
}

export interface NetworkFailure {
	type: 'network';
	code: string;
	detail: string;
	/** False when the request provably never reached the server (refused, DNS, TLS). */
	mayHaveReachedServer: boolean;
	/** Bytes of the answer that had arrived when the failure happened, if the answer had started. */
	midBody?: number;
}

/** What one attempt ended with, when it did not succeed. */
export type Attempt = HttpAnswer | NetworkFailure;

/** The response stream n8n hands over for `encoding: 'stream'` (an IncomingMessage, or a decompressing stream). */
export interface BodyStream extends AsyncIterable<unknown> {
	destroy(error?: Error): void;
}

/** A 2xx answer whose body is still to be read, as a stream of chunks. */
export interface StreamAnswer {
	type: 'stream';
	statusCode: number;
	headers: IDataObject;
	body: BodyStream;
}
