/** Helpers for the stand-in's own tests: a thin undici client and body builders. */
import { request, type Dispatcher } from 'undici';

import { VALID_PAT, type StandIn } from '../index.cjs';

export interface CallOptions {
	/** api-version query value; null = leave it out. Default '5.2.0'. */
	version?: string | null;
	/** Bearer token; null = no Authorization header. Default VALID_PAT. */
	token?: string | null;
	/** Full Authorization header value (overrides token). */
	authorization?: string;
	contentType?: string;
	method?: 'POST' | 'GET' | 'PUT' | 'DELETE';
	/** Path after the host instead of `${apiPath}/api/${endpoint}`. */
	path?: string;
	rawBody?: string;
	dispatcher?: Dispatcher;
	signal?: AbortSignal;
	headers?: Record<string, string>;
}

export interface CallResult {
	status: number;
	headers: Record<string, string>;
	text: string;
	json(): unknown;
}

export async function call(
	standIn: StandIn,
	endpoint: string,
	body: unknown,
	options: CallOptions = {},
): Promise<CallResult> {
	const version = options.version === undefined ? '5.2.0' : options.version;
	const path =
		options.path ??
		`${new URL(standIn.apiRoot).pathname}/api/${endpoint}${version === null ? '' : `?api-version=${version}`}`;
	const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
	const token = options.token === undefined ? VALID_PAT : options.token;
	if (options.authorization !== undefined) headers.authorization = options.authorization;
	else if (token !== null) headers.authorization = `Bearer ${token}`;
	headers['content-type'] = options.contentType ?? 'application/json';
	const method = options.method ?? 'POST';
	const response = await request(`${standIn.url}${path}`, {
		method,
		headers,
		body: method === 'GET' ? undefined : (options.rawBody ?? JSON.stringify(body)),
		dispatcher: options.dispatcher,
		signal: options.signal,
	});
	const text = await response.body.text();
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(response.headers)) {
		if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return {
		status: response.statusCode,
		headers: flat,
		text,
		json: () => JSON.parse(text) as unknown,
	};
}

/** A complete 5.2.0 body for the sample application, plus `extra`. */
export function body520(
	standIn: StandIn,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return { BaseWebServerUrl: standIn.webServerUrl, ApplicationName: 'AcmeConsolidation', ...extra };
}

/** Narrowing helpers so assertions stay free of casts. */
export function asObject(value: unknown): Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
	return value as Record<string, unknown>;
}

export function asRows(value: unknown): Array<Record<string, unknown>> {
	if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
	return value.map(asObject);
}

/** The rows of table `name` in a DataSet response. */
export function tableRows(result: CallResult, name: string): Array<Record<string, unknown>> {
	return asRows(asObject(result.json())[name]);
}

/** Polls until `check` is true (state-based waiting; the jest timeout is the only limit). */
export async function until(check: () => boolean, everyMs = 5): Promise<void> {
	while (!check()) await new Promise((resolve) => setTimeout(resolve, everyMs));
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
