import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { OneStreamConnection } from './connection';
import type { OneStreamCall, OneStreamContext } from './index';
import { clip, PAT_CHECKLIST, redact, TASK_ACTIVITY_HINT } from './messages';

/*
 * What can go wrong with a call, and the error that says so: HTTP statuses, network failures and
 * unexpected answers become NodeApiErrors with a message, a fix, and for jobs the outcome.
 */

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

export type Attempt = HttpAnswer | NetworkFailure;

/** Outcome of a Data Management job, as far as the node can know it. Shown in error items. */
export type JobOutcome = 'notRun' | 'failed' | 'unknown';

// The request never left this machine or the TLS handshake failed, so the server did nothing.
export const NOT_SENT_NETWORK = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'EPROTO',
	'ERR_INVALID_URL',
]);
const TLS_CODES = /CERT|SELF_SIGNED|TLS|SSL|EPROTO/;

const CODE = /^(E[A-Z0-9_]{2,}|ERR_[A-Z0-9_]+|[A-Z_]*CERT[A-Z_]*|UND_ERR_[A-Z_]+)$/;
const CODE_IN_TEXT = /\b(E[A-Z]{3,}[A-Z0-9_]*|ERR_[A-Z0-9_]+|[A-Z_]+_CERT[A-Z_]*|UND_ERR_[A-Z_]+)\b/;
// Texts of errors that carry no code (axios, Node's TLS layer).
const TEXT_CODES: Array<[RegExp, string]> = [
	[/timeout of \d+ ?ms exceeded|timed? ?out/i, 'ETIMEDOUT'],
	[/socket hang up|aborted|premature close/i, 'ECONNRESET'],
	[/self[- ]signed certificate/i, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
	[/certificate has expired/i, 'CERT_HAS_EXPIRED'],
	[/unable to (verify|get)[^.]*certificate/i, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
	[/altnames|does not match certificate/i, 'ERR_TLS_CERT_ALTNAME_INVALID'],
	[/cancel/i, 'ERR_CANCELED'],
];

/**
 * The system error code (ECONNRESET, ETIMEDOUT, …) of a failed request. n8n wraps the HTTP
 * client's error in a NodeApiError that drops its cause but keeps the code in `httpCode` and the
 * original text in `messages`, so all of those are searched, down a short chain of causes.
 */
export function describeNetworkFailure(error: unknown): NetworkFailure {
	let code = '';
	const texts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
		const candidate = current as { code?: unknown; httpCode?: unknown; message?: unknown; messages?: unknown; cause?: unknown };
		for (const value of [candidate.code, candidate.httpCode]) {
			if (!code && typeof value === 'string' && CODE.test(value)) code = value;
		}
		if (Array.isArray(candidate.messages)) texts.push(...candidate.messages.filter((m): m is string => typeof m === 'string'));
		if (typeof candidate.message === 'string') texts.push(candidate.message);
		current = candidate.cause;
	}
	for (const text of texts) {
		if (code) break;
		const match = CODE_IN_TEXT.exec(text);
		if (match) code = match[1];
	}
	for (const text of texts) {
		if (code) break;
		code = TEXT_CODES.find(([pattern]) => pattern.test(text))?.[1] ?? '';
	}
	if (code === 'ECONNABORTED' && texts.some((text) => /timeout/i.test(text))) code = 'ETIMEDOUT';
	return {
		type: 'network',
		code: code || 'UNKNOWN',
		detail: texts[texts.length - 1] ?? '',
		mayHaveReachedServer: !NOT_SENT_NETWORK.has(code),
	};
}

export function looksLikeHtml(answer: HttpAnswer): boolean {
	const contentType = String(answer.headers['content-type'] ?? '').toLowerCase();
	const start = answer.text.trimStart().slice(0, 15).toLowerCase();
	return contentType.includes('text/html') || start.startsWith('<!doctype html') || start.startsWith('<html');
}

export function htmlTitle(html: string): string {
	const match = /<title[^>]*>([^<]*)<\/title>/i.exec(html.slice(0, 4096));
	const title = match ? clip(match[1], 100) : '';
	return title ? `title "${title}"` : 'no title';
}

export function errorField(body: unknown, name: 'Message' | 'Detail'): string | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	for (const [key, value] of Object.entries(body)) {
		if (key.toLowerCase() === name.toLowerCase() && typeof value === 'string' && value.trim() !== '') {
			return value;
		}
	}
	return undefined;
}

/** OneStream's `Message` and `Detail` from an error body, or a description of a non-JSON body. */
function serverText(answer: HttpAnswer): { message?: string; detail?: string; html?: string } {
	if (looksLikeHtml(answer)) return { html: htmlTitle(answer.text) };
	try {
		const parsed: unknown = JSON.parse(answer.text);
		if (typeof parsed === 'string') return { message: parsed };
		return { message: errorField(parsed, 'Message'), detail: errorField(parsed, 'Detail') };
	} catch {
		return answer.text.trim() === '' ? {} : { message: clip(answer.text, 200) };
	}
}

export function outcomeUnknownText(call: OneStreamCall): string {
	return `The request was sent, so ${call.subject} may still be running in OneStream or may have finished. ${TASK_ACTIVITY_HINT} The node did not send it again, so that it cannot run twice.`;
}

function retriesText(retries: number): string {
	return retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
}

export function statusError(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	answer: HttpAnswer,
	retries = 0,
): NodeApiError {
	const status = answer.statusCode;
	const server = serverText(answer);
	const serverSaid = [server.message, server.detail].filter(Boolean).join(' — ');
	const httpCode = String(status);
	const isJob = call.kind === 'job';

	if (status >= 300 && status <= 399) {
		const location = String(answer.headers.location ?? '');
		return apiError(ctx, connection, call, {
			message: `OneStream answered ${status} with a redirect${location ? ` to ${safeOrigin(location)}` : ''}`,
			description:
				'The node does not follow redirects, so the token is never sent to another address and the request is not turned into a GET. Set the credential\'s Server URL to the final address of the OneStream server.',
			httpCode,
			outcome: 'notRun',
		});
	}
	if (status === 401) {
		return apiError(ctx, connection, call, {
			message: `OneStream rejected the Personal Access Token (401 Unauthorized)${serverSaid ? `: ${serverSaid}` : ''}`,
			description: PAT_CHECKLIST,
			httpCode,
			outcome: 'notRun',
		});
	}
	if (status === 403) {
		const adminNote = /SqlCommand|MethodCommand/.test(call.endpoint)
			? 'SQL and method commands also need the Administrator role. '
			: '';
		return apiError(ctx, connection, call, {
			message: `OneStream refused access to ${call.subject} (403 Forbidden)${serverSaid ? `: ${serverSaid}` : ''}`,
			description: `${adminNote}The token carries the rights of the user who created it. ${PAT_CHECKLIST}`,
			httpCode,
			outcome: 'notRun',
		});
	}
	if (status === 404) {
		return apiError(ctx, connection, call, {
			message: `The OneStream Web API endpoint ${call.endpoint} was not found (404)`,
			description: `Requested ${safeOrigin(connection.apiRoot)}${new URL(connection.apiRoot).pathname}/api/${call.endpoint}. Check the credential's Server URL (without /OneStreamWeb) and API Path (usually /OneStreamApi; some installations use another segment).`,
			httpCode,
			outcome: 'notRun',
		});
	}
	if (status === 400 || status === 415 || status === 422) {
		return apiError(ctx, connection, call, {
			message: `OneStream rejected the request for ${call.subject}${serverSaid ? `: ${serverSaid}` : ` (${status})`}`,
			description:
				'Check the names and substitution variables. If OneStream mentions BaseWebServerUrl or a loopback error, set the credential\'s Web Server URL to the address of the OneStream web client (ending in /OneStreamWeb).',
			httpCode,
			outcome: 'notRun',
		});
	}
	if (server.html) {
		const gateway = status === 502 || status === 504;
		return apiError(ctx, connection, call, {
			message: `${gateway ? 'A proxy in front of OneStream' : 'OneStream'} answered ${status} with an HTML page (${server.html}) for ${call.subject}${retriesText(retries)}`,
			description: isJob && status !== 429
				? outcomeUnknownText(call)
				: 'This is usually temporary (the server is restarting or overloaded, or a proxy timed out). Try again later; for long requests, raise the Timeout option and the proxy\'s own timeout.',
			httpCode,
			outcome: isJob ? (status === 429 ? 'notRun' : 'unknown') : undefined,
		});
	}
	if (status === 429) {
		return apiError(ctx, connection, call, {
			message: `OneStream is receiving too many requests (429) and did not run ${call.subject}${retriesText(retries)}`,
			description: isJob
				? 'The job was not started. Run it again later.'
				: 'Lower the Parallel Calls option or try again later.',
			httpCode,
			outcome: 'notRun',
		});
	}
	if (isJob) {
		const proxyOrUnavailable = status === 502 || status === 503 || status === 504;
		return apiError(ctx, connection, call, {
			message: proxyOrUnavailable
				? `No result for ${call.subject}: the server answered ${status}${serverSaid ? ` (${serverSaid})` : ''}`
				: `${capitalize(call.subject)} failed${serverSaid ? `: ${serverSaid}` : ` (${status})`}`,
			description: proxyOrUnavailable
				? outcomeUnknownText(call)
				: `OneStream reported the failure (HTTP ${status}). Its Error Log and Task Activity have the details.`,
			httpCode,
			outcome: proxyOrUnavailable ? 'unknown' : 'failed',
		});
	}
	return apiError(ctx, connection, call, {
		message: `OneStream could not run ${call.subject}${serverSaid ? `: ${serverSaid}` : ` (${status})`}${retriesText(retries)}`,
		description:
			status >= 500
				? "OneStream reported an error. Its Error Log has the details; check the object's definition and the substitution variables."
				: `HTTP ${status}.`,
		httpCode,
	});
}

export function networkError(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	failure: NetworkFailure,
	retries = 0,
): NodeApiError {
	const host = safeOrigin(connection.apiRoot);
	const reason = networkReason(failure, call);
	if (TLS_CODES.test(failure.code)) {
		return apiError(ctx, connection, call, {
			message: `Could not establish a trusted TLS connection to ${host}`,
			description: `${reason}. If this is an on-premises server with a self-signed or internal certificate, turn on "Ignore SSL Issues (Insecure)" in the OneStream credential, or install the certificate authority on the n8n host.`,
			outcome: 'notRun',
		});
	}
	if (call.kind === 'job' && failure.mayHaveReachedServer) {
		return apiError(ctx, connection, call, {
			message: `No answer from OneStream for ${call.subject}: ${reason}. The outcome is unknown`,
			description: outcomeUnknownText(call),
			outcome: 'unknown',
		});
	}
	return apiError(ctx, connection, call, {
		message:
			failure.midBody === undefined
				? `Could not reach OneStream at ${host} for ${call.subject}: ${reason}${retriesText(retries)}`
				: `The answer from OneStream for ${call.subject} broke off: ${reason}${retriesText(retries)}`,
		description:
			failure.code === 'ETIMEDOUT'
				? 'Raise the Timeout option if the request needs more time.'
				: 'Check the credential\'s Server URL and that the n8n host can reach the server.',
		outcome: call.kind === 'job' ? 'notRun' : undefined,
	});
}

function networkReason(failure: NetworkFailure, call: OneStreamCall): string {
	const reason = networkCause(failure, call);
	return failure.midBody === undefined ? reason : `${reason}, after ${failure.midBody} bytes of the answer had arrived`;
}

function networkCause(failure: NetworkFailure, call: OneStreamCall): string {
	switch (failure.code) {
		case 'ETIMEDOUT':
		case 'ESOCKETTIMEDOUT':
			return `no answer within the timeout of ${call.timeoutMs} ms`;
		case 'ECONNRESET':
		case 'EPIPE':
		case 'UND_ERR_SOCKET':
			return 'the connection was closed before the answer arrived';
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the host name could not be resolved';
		case 'ERR_CANCELED':
			return 'the execution was cancelled';
		default:
			return `network error (code ${failure.code.toLowerCase()}${failure.detail ? `: ${clip(failure.detail, 150)}` : ''})`;
	}
}

interface FailureText {
	message: string;
	description: string;
	httpCode?: string;
	outcome?: JobOutcome;
}

export function apiError(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	call: OneStreamCall,
	failure: FailureText,
): NodeApiError {
	// Server text can echo anything, including the token; scrub every field shown to users.
	const secret = connection.personalAccessToken;
	const message = redact(failure.message, secret);
	const description = redact(failure.description, secret);
	const details: JsonObject = { message, description, endpoint: call.endpoint };
	if (failure.httpCode) details.httpCode = failure.httpCode;
	if (failure.outcome) details.jobOutcome = failure.outcome;
	return new NodeApiError(ctx.getNode(), details, {
		message,
		description,
		httpCode: failure.httpCode,
		itemIndex: call.itemIndex,
	});
}

function safeOrigin(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return 'an invalid address';
	}
}

export function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
