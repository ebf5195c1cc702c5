import type { Attempt, RetryPolicy, RetrySettings } from './types';

/*
 * The one retry loop, for reads only: transient failures (429, 502, 503, 504, dropped
 * connections) are retried with exponential backoff and jitter, honouring Retry-After, within a
 * cap per wait and a budget for the whole call.
 */

/** The caps of every read's retries: one wait, and all waits of one call together. */
export const RETRY_CAPS: Pick<RetryPolicy, 'maxDelayMs' | 'budgetMs'> = {
	maxDelayMs: 30_000,
	budgetMs: 120_000,
};

export function retryPolicy(settings: RetrySettings): RetryPolicy {
	return { ...RETRY_CAPS, ...settings };
}

const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);
// Our own timeout is not among them: retrying it would stretch the wait far past the Timeout option.
const TRANSIENT_NETWORK = new Set([
	'ECONNRESET',
	'EPIPE',
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'UND_ERR_SOCKET',
]);

/** Milliseconds to wait before the next attempt, or undefined when the failure is final. */
export function retryDelay(
	attempt: Attempt,
	retriesSoFar: number,
	policy: RetryPolicy,
	elapsedMs: number,
): number | undefined {
	if (retriesSoFar >= policy.maxRetries) return undefined;
	let serverAsked: number | undefined;
	if (attempt.type === 'answer') {
		if (!TRANSIENT_STATUS.has(attempt.statusCode)) return undefined;
		serverAsked = parseRetryAfter(attempt.headers['retry-after']);
	} else if (!TRANSIENT_NETWORK.has(attempt.code)) {
		return undefined;
	}
	const backoff = policy.baseDelayMs * 2 ** retriesSoFar;
	const jittered = backoff / 2 + Math.random() * (backoff / 2);
	const delay = Math.min(serverAsked ?? jittered, policy.maxDelayMs);
	return elapsedMs + delay > policy.budgetMs ? undefined : Math.round(delay);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
	// Every HTTP-date names its weekday and month; without letters it is a malformed value (V8 reads
	// e.g. "1.5" or "-5" as dates long past, which would mean "retry at once").
	if (!/[a-z]/i.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export type Tried<T> = { ok: true; value: T } | { ok: false; failure: Attempt };

/**
 * Runs `tryOnce` until it succeeds, its failure is final, the policy has no retry left, or the
 * next attempt could not start before `endsAt` (the call's one Timeout, retries included); waits
 * with `pause`, which a cancelled execution ends.
 * Returns the value, or the last failure with the number of retries made.
 */
export async function withRetries<T>(
	policy: RetryPolicy,
	endsAt: number,
	pause: (ms: number) => Promise<void>,
	tryOnce: () => Promise<Tried<T>>,
): Promise<{ ok: true; value: T } | { ok: false; failure: Attempt; retries: number }> {
	const startedAt = Date.now();
	for (let retries = 0; ; retries++) {
		const tried = await tryOnce();
		if (tried.ok) return tried;
		const delay = retryDelay(tried.failure, retries, policy, Date.now() - startedAt);
		if (delay === undefined || Date.now() + delay >= endsAt) {
			return { ok: false, failure: tried.failure, retries };
		}
		await pause(delay);
	}
}
