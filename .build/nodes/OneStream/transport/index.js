"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_RETRY_POLICY = void 0;
exports.getConnection = getConnection;
exports.requestJob = requestJob;
exports.requestData = requestData;
exports.retryDelay = retryDelay;
exports.parseRetryAfter = parseRetryAfter;
exports.describeNetworkFailure = describeNetworkFailure;
const n8n_workflow_1 = require("n8n-workflow");
const connection_1 = require("./connection");
const messages_1 = require("./messages");
exports.DEFAULT_RETRY_POLICY = {
    maxRetries: 4,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    budgetMs: 120_000,
};
const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET']);
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
const CREDENTIAL_TYPE = 'oneStreamApi';
async function getConnection(ctx, itemIndex) {
    const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
    try {
        return (0, connection_1.resolveConnection)(credentials);
    }
    catch (error) {
        if (error instanceof connection_1.ConnectionSettingsError) {
            throw new n8n_workflow_1.NodeOperationError(ctx.getNode(), error.message, { description: error.description, itemIndex });
        }
        throw error;
    }
}
async function requestJob(ctx, connection, call) {
    const attempt = await sendOnce(ctx, connection, call);
    if (attempt.type === 'network') {
        throw networkError(ctx, connection, call, attempt);
    }
    if (attempt.statusCode < 200 || attempt.statusCode > 299) {
        throw statusError(ctx, connection, call, attempt);
    }
    if (looksLikeHtml(attempt)) {
        throw apiError(ctx, connection, call, {
            message: `OneStream's answer for ${call.subject} was an HTML page (${htmlTitle(attempt.text)}), not the Web API's reply`,
            description: `${outcomeUnknownText(call)} An HTML page usually comes from a proxy or a sign-in page in front of OneStream: check the credential's Server URL and API Path.`,
            httpCode: String(attempt.statusCode),
            outcome: 'unknown',
        });
    }
    return { message: successMessage(attempt.text), statusCode: attempt.statusCode };
}
async function requestData(ctx, connection, call) {
    const policy = call.retry ?? exports.DEFAULT_RETRY_POLICY;
    const startedAt = Date.now();
    let retries = 0;
    for (;;) {
        const attempt = await sendOnce(ctx, connection, call);
        if (attempt.type === 'answer' && attempt.statusCode >= 200 && attempt.statusCode <= 299) {
            return parseDataBody(ctx, connection, call, attempt);
        }
        const delay = retryDelay(attempt, retries, policy, Date.now() - startedAt);
        if (delay === undefined) {
            throw attempt.type === 'network'
                ? networkError(ctx, connection, call, attempt, retries)
                : statusError(ctx, connection, call, attempt, retries);
        }
        retries++;
        await (0, n8n_workflow_1.sleep)(delay);
    }
}
function retryDelay(attempt, retriesSoFar, policy, elapsedMs) {
    if (retriesSoFar >= policy.maxRetries)
        return undefined;
    let serverAsked;
    if (attempt.type === 'answer') {
        if (!TRANSIENT_STATUS.has(attempt.statusCode))
            return undefined;
        serverAsked = parseRetryAfter(attempt.headers['retry-after']);
    }
    else if (!TRANSIENT_NETWORK.has(attempt.code)) {
        return undefined;
    }
    const backoff = policy.baseDelayMs * 2 ** retriesSoFar;
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    const delay = Math.min(serverAsked ?? jittered, policy.maxDelayMs);
    return elapsedMs + delay > policy.budgetMs ? undefined : Math.round(delay);
}
function parseRetryAfter(value, now = Date.now()) {
    const text = Array.isArray(value) ? value[0] : value;
    if (typeof text !== 'string' || text.trim() === '')
        return undefined;
    if (/^\d+$/.test(text.trim()))
        return Number(text.trim()) * 1000;
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
async function sendOnce(ctx, connection, call) {
    const options = {
        method: 'POST',
        url: `${connection.apiRoot}/api/${call.endpoint}`,
        qs: { 'api-version': call.apiVersion },
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify(call.body),
        json: false,
        encoding: 'text',
        returnFullResponse: true,
        ignoreHttpStatusErrors: true,
        disableFollowRedirect: true,
        skipSslCertificateValidation: connection.allowUnauthorizedCerts,
        timeout: call.timeoutMs,
    };
    try {
        const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options));
        return {
            type: 'answer',
            statusCode: response.statusCode,
            headers: response.headers ?? {},
            text: bodyText(response.body),
        };
    }
    catch (error) {
        return describeNetworkFailure(error);
    }
}
function bodyText(body) {
    if (typeof body === 'string')
        return body;
    if (body === undefined || body === null)
        return '';
    if (Buffer.isBuffer(body))
        return body.toString('utf8');
    return JSON.stringify(body);
}
function describeNetworkFailure(error) {
    let code = '';
    let detail = '';
    let current = error;
    for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
        const candidate = current;
        if (!code && typeof candidate.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(candidate.code)) {
            code = candidate.code;
        }
        if (!detail && typeof candidate.message === 'string')
            detail = candidate.message;
        if (!code && candidate.name === 'CanceledError')
            code = 'ERR_CANCELED';
        current = candidate.cause;
    }
    if (code === 'ECONNABORTED' && /timeout/i.test(detail))
        code = 'ETIMEDOUT';
    if (!code && /socket hang up/i.test(detail))
        code = 'ECONNRESET';
    return {
        type: 'network',
        code: code || 'UNKNOWN',
        detail,
        mayHaveReachedServer: !NOT_SENT_NETWORK.has(code),
    };
}
function parseDataBody(ctx, connection, call, answer) {
    const text = answer.text;
    const httpCode = String(answer.statusCode);
    if (text.trim() === '') {
        throw apiError(ctx, connection, call, {
            message: `OneStream returned an empty response for ${call.subject}`,
            description: 'The server answered without a body. This happens when a proxy cuts the answer, or when the object returned nothing; check the name and the substitution variables.',
            httpCode,
        });
    }
    if (looksLikeHtml(answer)) {
        throw apiError(ctx, connection, call, {
            message: `OneStream's answer for ${call.subject} was an HTML page (${htmlTitle(text)}), not JSON`,
            description: 'An HTML page usually comes from a proxy, a load balancer or a sign-in page in front of OneStream. Check the credential\'s Server URL and API Path (usually /OneStreamApi).',
            httpCode,
        });
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw apiError(ctx, connection, call, {
            message: `OneStream's answer for ${call.subject} is not valid JSON`,
            description: `${error.message}. ${text.length} characters received, starting with: ${(0, messages_1.clip)(text, 120)}. A cut-off answer usually means a proxy or the server stopped mid-way; try again or raise the timeout.`,
            httpCode,
        });
    }
    if (parsed === null) {
        throw apiError(ctx, connection, call, {
            message: `OneStream returned null instead of data for ${call.subject}`,
            description: 'This usually means a substitution variable (parameter) the object needs was not set, or the object returned nothing. Add the missing substitution variables and try again.',
            httpCode,
        });
    }
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw apiError(ctx, connection, call, {
            message: `OneStream returned ${Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`} instead of an object for ${call.subject}`,
            description: `Received: ${(0, messages_1.clip)(text, 120)}`,
            httpCode,
        });
    }
    return parsed;
}
function looksLikeHtml(answer) {
    const contentType = String(answer.headers['content-type'] ?? '').toLowerCase();
    const start = answer.text.trimStart().slice(0, 15).toLowerCase();
    return contentType.includes('text/html') || start.startsWith('<!doctype html') || start.startsWith('<html');
}
function htmlTitle(html) {
    const match = /<title[^>]*>([^<]*)<\/title>/i.exec(html.slice(0, 4096));
    const title = match ? (0, messages_1.clip)(match[1], 100) : '';
    return title ? `title "${title}"` : 'no title';
}
function successMessage(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        return '';
    try {
        const parsed = JSON.parse(trimmed);
        if (typeof parsed === 'string')
            return parsed;
        const message = errorField(parsed, 'Message');
        if (message)
            return message;
    }
    catch {
    }
    return (0, messages_1.clip)(trimmed);
}
function errorField(body, name) {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
        return undefined;
    for (const [key, value] of Object.entries(body)) {
        if (key.toLowerCase() === name.toLowerCase() && typeof value === 'string' && value.trim() !== '') {
            return value;
        }
    }
    return undefined;
}
function serverText(answer) {
    if (looksLikeHtml(answer))
        return { html: htmlTitle(answer.text) };
    try {
        const parsed = JSON.parse(answer.text);
        if (typeof parsed === 'string')
            return { message: parsed };
        return { message: errorField(parsed, 'Message'), detail: errorField(parsed, 'Detail') };
    }
    catch {
        return answer.text.trim() === '' ? {} : { message: (0, messages_1.clip)(answer.text, 200) };
    }
}
function outcomeUnknownText(call) {
    return `The request was sent, so ${call.subject} may still be running in OneStream or may have finished. ${messages_1.TASK_ACTIVITY_HINT} The node did not send it again, so that it cannot run twice.`;
}
function retriesText(retries) {
    return retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
}
function statusError(ctx, connection, call, answer, retries = 0) {
    const status = answer.statusCode;
    const server = serverText(answer);
    const serverSaid = [server.message, server.detail].filter(Boolean).join(' — ');
    const httpCode = String(status);
    const isJob = call.kind === 'job';
    if (status >= 300 && status <= 399) {
        const location = String(answer.headers.location ?? '');
        return apiError(ctx, connection, call, {
            message: `OneStream answered ${status} with a redirect${location ? ` to ${safeOrigin(location)}` : ''}`,
            description: 'The node does not follow redirects, so the token is never sent to another address and the request is not turned into a GET. Set the credential\'s Server URL to the final address of the OneStream server.',
            httpCode,
            outcome: 'notRun',
        });
    }
    if (status === 401) {
        return apiError(ctx, connection, call, {
            message: `OneStream rejected the Personal Access Token (401 Unauthorized)${serverSaid ? `: ${serverSaid}` : ''}`,
            description: messages_1.PAT_CHECKLIST,
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
            description: `${adminNote}The token carries the rights of the user who created it. ${messages_1.PAT_CHECKLIST}`,
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
            description: 'Check the names and substitution variables. If OneStream mentions BaseWebServerUrl or a loopback error, set the credential\'s Web Server URL to the address of the OneStream web client (ending in /OneStreamWeb).',
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
        description: status >= 500
            ? "OneStream reported an error. Its Error Log has the details; check the object's definition and the substitution variables."
            : `HTTP ${status}.`,
        httpCode,
    });
}
function networkError(ctx, connection, call, failure, retries = 0) {
    const host = safeOrigin(connection.apiRoot);
    const reason = networkReason(failure, call);
    if (TLS_CODES.test(failure.code)) {
        return apiError(ctx, connection, call, {
            message: `Could not establish a trusted TLS connection to ${host}`,
            description: `${reason}. If this is an on-premises server with a self-signed or internal certificate, turn on "Allow Unauthorized Certificates" in the OneStream credential, or install the certificate authority on the n8n host.`,
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
        message: `Could not reach OneStream at ${host} for ${call.subject}: ${reason}${retriesText(retries)}`,
        description: failure.code === 'ETIMEDOUT'
            ? 'Raise the Timeout option if the request needs more time.'
            : 'Check the credential\'s Server URL and that the n8n host can reach the server.',
        outcome: call.kind === 'job' ? 'notRun' : undefined,
    });
}
function networkReason(failure, call) {
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
            return `network error (code ${failure.code.toLowerCase()}${failure.detail ? `: ${(0, messages_1.clip)(failure.detail, 150)}` : ''})`;
    }
}
function apiError(ctx, connection, call, failure) {
    const secret = connection.personalAccessToken;
    const message = (0, messages_1.redact)(failure.message, secret);
    const description = (0, messages_1.redact)(failure.description, secret);
    const details = { message, description, endpoint: call.endpoint };
    if (failure.httpCode)
        details.httpCode = failure.httpCode;
    if (failure.outcome)
        details.jobOutcome = failure.outcome;
    return new n8n_workflow_1.NodeApiError(ctx.getNode(), details, {
        message,
        description,
        httpCode: failure.httpCode,
        itemIndex: call.itemIndex,
    });
}
function safeOrigin(url) {
    try {
        return new URL(url).origin;
    }
    catch {
        return 'an invalid address';
    }
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
