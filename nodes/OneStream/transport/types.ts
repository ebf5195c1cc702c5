import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

export type OneStreamContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** The Web API's versions: 5.2.0 (one call with the token) and 7.2.0 (sessions, Analytics). */
export type ApiVersion = '5.2.0' | '7.2.0';

/**
 * `job` calls change data in OneStream (Data Management). They are sent exactly once: never retried,
 * and an unanswered one is reported as "outcome unknown". `read` calls may be retried on transient
 * failures.
 */
export type CallKind = 'job' | 'read';

/** How a read retries transient failures, as the user set it. */
export interface RetrySettings {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff delay; doubles each retry, with jitter. */
	baseDelayMs: number;
}

/** Retry settings with the transport's caps. */
export interface RetryPolicy extends RetrySettings {
	/** Cap for one delay, including a server's Retry-After. */
	maxDelayMs: number;
	/** Cap for all retry delays of one call together. */
	budgetMs: number;
}

/** How long a call may take, and how it retries. */
export interface CallLimits {
	timeoutMs: number;
	retry: RetrySettings;
	/** What to do when the Timeout ends the call, where it is not the Timeout option's to raise. */
	timeoutAdvice?: string;
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
	/** What to do when the Timeout ends the call; default: raise the Timeout option. */
	timeoutAdvice?: string;
	/** What to check when OneStream rejects the call (400); default: the names and variables. */
	rejectedAdvice?: string;
	/** Query parameters besides `api-version`, e.g. `page` for `Analytics/GetDataRequest`. */
	query?: Record<string, string>;
}

/** A read: a call that may be retried on transient failures. */
export interface ReadCall extends Omit<OneStreamCall, 'kind'> {
	retry: RetrySettings;
}

/** A Data Management job: sent once. */
export type JobCall = Omit<OneStreamCall, 'kind'>;

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

/** A 2xx answer read as text, as far as the caller's limit. */
export interface TextAnswer extends HttpAnswer {
	/** False when the body was longer than the limit: `text` is its start. */
	complete: boolean;
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

/**
 * Whoever asked for a read's body: the transport hands it the body chunk by chunk. A retry after a
 * transient failure (before or during the body) starts again with a fresh `start`, from the first
 * byte.
 */
export interface BodyConsumer<T> {
	/** An attempt's 2xx answer starts. */
	start(answer: { statusCode: number; headers: IDataObject }): BodyAttempt<T>;
}

export interface BodyAttempt<T> {
	/** Takes the next chunk; false stops the read there (the caller has what it needs). */
	push(chunk: Buffer): boolean;
	/**
	 * The body has ended (`complete`), or `push` stopped it. Returns the read's value. What `push` or
	 * `end` throw is the caller's own failure: never retried, never taken for a network fault.
	 */
	end(complete: boolean): T;
}
