/** The retry schedule and Retry-After parsing. */
import { parseRetryAfter, retryDelay } from '../../../../nodes/OneStream/transport/retry';
import type { RetryPolicy } from '../../../../nodes/OneStream/transport/types';

type Attempt = Parameters<typeof retryDelay>[0];

const policy: RetryPolicy = { maxRetries: 4, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 5000 };

function answer(statusCode: number, headers: Record<string, string> = {}): Attempt {
	return { type: 'answer', statusCode, headers, text: '' };
}

function network(code: string): Attempt {
	return { type: 'network', code, detail: '', mayHaveReachedServer: true };
}

afterEach(() => jest.restoreAllMocks());

describe('retryDelay', () => {
	it.each([429, 502, 503, 504])('retries HTTP %i', (status) => {
		expect(retryDelay(answer(status), 0, policy, 0)).toBeDefined();
	});

	it.each([200, 301, 400, 401, 403, 404, 409, 415, 500, 501, 505])(
		'does not retry HTTP %i',
		(status) => {
			expect(retryDelay(answer(status), 0, policy, 0)).toBeUndefined();
		},
	);

	it.each(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'UND_ERR_SOCKET'])(
		'retries a dropped or refused connection (%s)',
		(code) => {
			expect(retryDelay(network(code), 0, policy, 0)).toBeDefined();
		},
	);

	it.each(['ENOTFOUND', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_CANCELED', 'UNKNOWN'])(
		'does not retry %s',
		(code) => {
			expect(retryDelay(network(code), 0, policy, 0)).toBeUndefined();
		},
	);

	it('backs off exponentially with jitter between half and all of the step', () => {
		for (const [retries, step] of [
			[0, 100],
			[1, 200],
			[2, 400],
			[3, 800],
		]) {
			jest.spyOn(Math, 'random').mockReturnValue(0);
			expect(retryDelay(answer(503), retries, policy, 0)).toBe(step / 2);
			jest.spyOn(Math, 'random').mockReturnValue(0.999999);
			expect(retryDelay(answer(503), retries, policy, 0)).toBe(step);
		}
	});

	it('stops after maxRetries', () => {
		expect(retryDelay(answer(503), 3, policy, 0)).toBeDefined();
		expect(retryDelay(answer(503), 4, policy, 0)).toBeUndefined();
		expect(retryDelay(answer(503), 0, { ...policy, maxRetries: 0 }, 0)).toBeUndefined();
	});

	it("honours the server's Retry-After, capped by maxDelayMs", () => {
		jest.spyOn(Math, 'random').mockReturnValue(0.5);
		expect(retryDelay(answer(429, { 'retry-after': '0' }), 0, policy, 0)).toBe(0);
		expect(
			retryDelay(answer(429, { 'retry-after': '1' }), 0, { ...policy, maxDelayMs: 30_000 }, 0),
		).toBe(1000);
		expect(retryDelay(answer(429, { 'retry-after': '120' }), 0, policy, 0)).toBe(policy.maxDelayMs);
	});

	it('caps a long backoff at maxDelayMs', () => {
		jest.spyOn(Math, 'random').mockReturnValue(0.999999);
		expect(retryDelay(answer(502), 9, { ...policy, maxRetries: 20 }, 0)).toBe(policy.maxDelayMs);
	});

	it('gives up when the wait would pass the total budget', () => {
		jest.spyOn(Math, 'random').mockReturnValue(0);
		// 50 ms of wait: fits at 4950 ms spent, not at 4951.
		expect(retryDelay(answer(503), 0, policy, 4950)).toBe(50);
		expect(retryDelay(answer(503), 0, policy, 4951)).toBeUndefined();
		expect(
			retryDelay(
				answer(429, { 'retry-after': '10' }),
				0,
				{ ...policy, maxDelayMs: 60_000, budgetMs: 9_000 },
				0,
			),
		).toBeUndefined();
	});
});

describe('parseRetryAfter', () => {
	const now = Date.UTC(2026, 0, 15, 12, 0, 0);

	it('reads delta-seconds', () => {
		expect(parseRetryAfter('0', now)).toBe(0);
		expect(parseRetryAfter('7', now)).toBe(7000);
		expect(parseRetryAfter(' 30 ', now)).toBe(30_000);
	});

	it('reads an HTTP date, relative to now, never negative', () => {
		expect(parseRetryAfter('Thu, 15 Jan 2026 12:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Thu, 15 Jan 2026 11:59:00 GMT', now)).toBe(0);
	});

	it('takes the first of repeated headers', () => {
		expect(parseRetryAfter(['3', '9'], now)).toBe(3000);
	});

	it.each([undefined, null, '', '   ', 'soon', '-5', '1.5', 42, {}])('ignores %p', (value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});
});
