import type { JobOutcome } from '../shared/errors';
import { OneStreamError } from '../shared/errors';
import { FORBIDDEN_HINT, PAT_CHECKLIST, TASK_ACTIVITY_HINT } from '../shared/messages';
import { clip } from '../shared/redaction';
import { serverText } from './answerText';
import { networkOutcome, statusOutcome } from './jobOutcome';
import type {
	Attempt,
	HttpAnswer,
	NetworkFailure,
	OneStreamCall,
	OneStreamConnection,
} from './types';

/*
 * What can go wrong with a call, and the error that says so: HTTP statuses, network failures and
 * unexpected answers become errors with a message, a fix, and for jobs the outcome.
 */

// The request never left this machine or the TLS handshake failed, so the server did nothing.
const NOT_SENT_NETWORK = new Set([
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
const CODE_IN_TEXT =
	/\b(E[A-Z]{3,}[A-Z0-9_]*|ERR_[A-Z0-9_]+|[A-Z_]+_CERT[A-Z_]*|UND_ERR_[A-Z_]+)\b/;
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
		const candidate = current as {
			code?: unknown;
			httpCode?: unknown;
			message?: unknown;
			messages?: unknown;
			cause?: unknown;
		};
		for (const value of [candidate.code, candidate.httpCode]) {
			if (!code && typeof value === 'string' && CODE.test(value)) code = value;
		}
		if (Array.isArray(candidate.messages))
			texts.push(...candidate.messages.filter((m): m is string => typeof m === 'string'));
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

export function outcomeUnknownText(call: Pick<OneStreamCall, 'subject'>): string {
	return `The request was sent, so ${call.subject} may still be running in OneStream or may have finished. ${TASK_ACTIVITY_HINT} The node did not send it again, so that it cannot run twice.`;
}

function retriesText(retries: number): string {
	return retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
}

export function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A failure of a call: OneStream's (or the network's), with the job's outcome for jobs. */
export function callError(
	message: string,
	description: string,
	details: { httpCode?: string; outcome?: JobOutcome; noAnswer?: boolean } = {},
): OneStreamError {
	return new OneStreamError(message, description, 'server', {
		httpCode: details.httpCode,
		jobOutcome: details.outcome,
		noAnswer: details.noAnswer,
	});
}

/** The error for a final failed attempt. */
export function attemptError(
	connection: OneStreamConnection,
	call: OneStreamCall,
	failure: Attempt,
	retries = 0,
): OneStreamError {
	return failure.type === 'network'
		? networkError(connection, call, failure, retries)
		: statusError(connection, call, failure, retries);
}

const ANALYTICS_REFUSED =
	"The Analytics routes are the ones OneStream's Power BI connector uses: they need OneStream platform 8.2 or later, and are not documented for Personal Access Tokens (the connector signs in with OAuth). Check the server's version, and that the token's user may read this cube and its data (the cube's access groups, Workflow and Entity security). Cube views and data adapters (the Data resource) read the same data with a PAT.";

export function statusError(
	connection: OneStreamConnection,
	call: OneStreamCall,
	answer: HttpAnswer,
	retries = 0,
): OneStreamError {
	const status = answer.statusCode;
	const server = serverText(answer);
	const serverSaid = server.said ?? '';
	const httpCode = String(status);
	const isJob = call.kind === 'job';
	const outcome = isJob ? statusOutcome(status, server.html !== undefined) : undefined;
	const fail = (message: string, description: string) =>
		callError(message, description, { httpCode, outcome });

	if (status >= 300 && status <= 399) {
		const location = String(answer.headers.location ?? '');
		return callError(
			`OneStream answered ${status} with a redirect${location ? ` to ${safeOrigin(location)}` : ''}`,
			"The node does not follow redirects, so the token is never sent to another address and the request is not turned into a GET. Set the credential's Server URL to the final address of the OneStream server.",
			{ httpCode, outcome: 'notRun' },
		);
	}
	if ((status === 401 || status === 403 || status === 404) && /^Analytics\//i.test(call.endpoint)) {
		// The token has just signed in (the SI these routes need comes from Logon): not an expired PAT.
		return callError(
			`OneStream refused ${call.endpoint} for ${call.subject} (${status})${serverSaid ? `: ${serverSaid}` : ''}, although the token signed in`,
			ANALYTICS_REFUSED,
			{ httpCode, outcome: 'notRun' },
		);
	}
	if (status === 401) {
		return callError(
			`OneStream rejected the Personal Access Token (401 Unauthorized)${serverSaid ? `: ${serverSaid}` : ''}`,
			PAT_CHECKLIST,
			{ httpCode, outcome: 'notRun' },
		);
	}
	if (status === 403) {
		const adminNote = /SqlCommand|MethodCommand/.test(call.endpoint)
			? 'SQL and method commands also need the Administrator role. '
			: '';
		return callError(
			`OneStream refused access to ${call.subject} (403 Forbidden)${serverSaid ? `: ${serverSaid}` : ''}`,
			`${adminNote}${FORBIDDEN_HINT}`,
			{ httpCode, outcome: 'notRun' },
		);
	}
	if (status === 404) {
		return callError(
			`The OneStream Web API endpoint ${call.endpoint} was not found (404)`,
			`Requested ${safeOrigin(connection.apiRoot)}${new URL(connection.apiRoot).pathname}/api/${call.endpoint}. Check the credential's Server URL (without /OneStreamWeb) and API Path (usually /OneStreamApi; some installations use another segment).`,
			{ httpCode, outcome: 'notRun' },
		);
	}
	if (status === 400 || status === 415 || status === 422) {
		return callError(
			`OneStream rejected the request for ${call.subject}${serverSaid ? `: ${serverSaid}` : ` (${status})`}`,
			/BaseWebServerUrl|loopback/i.test(serverSaid)
				? "Set the credential's Web Server URL to the address of the OneStream web client (ending in /OneStreamWeb)."
				: (call.rejectedAdvice ??
						'Check the names (OneStream matches them exactly) and the substitution variables.'),
			{ httpCode, outcome: 'notRun' },
		);
	}
	if (server.html) {
		const gateway = status === 502 || status === 504;
		return fail(
			`${gateway ? 'A proxy in front of OneStream' : 'OneStream'} answered ${status} with an HTML page (${server.html}) for ${call.subject}${retriesText(retries)}`,
			isJob && status !== 429
				? outcomeUnknownText(call)
				: "This is usually temporary (the server is restarting or overloaded, or a proxy timed out). Try again later; for long requests, raise the Timeout option and the proxy's own timeout.",
		);
	}
	if (status === 429) {
		return fail(
			`OneStream is receiving too many requests (429) and did not run ${call.subject}${retriesText(retries)}`,
			isJob
				? 'The job was not started. Run it again later.'
				: 'Lower the Parallel Calls option or try again later.',
		);
	}
	if (isJob) {
		const unknown = outcome === 'unknown';
		return fail(
			unknown
				? `No result for ${call.subject}: the server answered ${status}${serverSaid ? ` (${serverSaid})` : ''}`
				: `${capitalize(call.subject)} failed${serverSaid ? `: ${serverSaid}` : ` (${status})`}`,
			unknown
				? outcomeUnknownText(call)
				: `OneStream reported the failure (HTTP ${status}). Its Error Log and Task Activity have the details.`,
		);
	}
	return fail(
		`OneStream could not run ${call.subject}${serverSaid ? `: ${serverSaid}` : ` (${status})`}${retriesText(retries)}`,
		status >= 500
			? "OneStream reported an error. Its Error Log has the details; check the object's definition and the substitution variables."
			: `HTTP ${status}.`,
	);
}

export function networkError(
	connection: OneStreamConnection,
	call: OneStreamCall,
	failure: NetworkFailure,
	retries = 0,
): OneStreamError {
	const host = safeOrigin(connection.apiRoot);
	const reason = networkReason(failure, call);
	const tls = TLS_CODES.test(failure.code);
	const noAnswer = failure.midBody === undefined;
	if (tls) {
		return callError(
			`Could not establish a trusted TLS connection to ${host}`,
			`${reason}. If this is an on-premises server with a self-signed or internal certificate, turn on "Ignore SSL Issues (Insecure)" in the OneStream credential, or install the certificate authority on the n8n host.`,
			{ outcome: 'notRun', noAnswer },
		);
	}
	const outcome = call.kind === 'job' ? networkOutcome(failure, tls) : undefined;
	if (outcome === 'unknown') {
		return callError(
			`No answer from OneStream for ${call.subject}: ${reason}. The outcome is unknown`,
			outcomeUnknownText(call),
			{ outcome, noAnswer },
		);
	}
	return callError(
		failure.midBody === undefined
			? `Could not reach OneStream at ${host} for ${call.subject}: ${reason}${retriesText(retries)}`
			: `The answer from OneStream for ${call.subject} broke off: ${reason}${retriesText(retries)}`,
		failure.code === 'ETIMEDOUT'
			? (call.timeoutAdvice ?? 'Raise the Timeout option if the request needs more time.')
			: "Check the credential's Server URL and that the n8n host can reach the server.",
		{ outcome, noAnswer },
	);
}

function networkReason(failure: NetworkFailure, call: OneStreamCall): string {
	const reason = networkCause(failure, call);
	return failure.midBody === undefined
		? reason
		: `${reason}, after ${failure.midBody} bytes of the answer had arrived`;
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

function safeOrigin(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return 'an invalid address';
	}
}
