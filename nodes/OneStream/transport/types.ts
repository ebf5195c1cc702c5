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
}

/** A read: a call that may be retried on transient failures. */
export interface ReadCall extends Omit<OneStreamCall, 'kind'> {
	retry: RetrySettings;
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
