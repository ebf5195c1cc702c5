/**
 * n8n-core 2.0.0 loads @langchain/core (for its AI-tool helpers) at import time, and @langchain/core
 * `require`s p-retry 7, an ES module. Node 20.19+ can require ES modules, but jest's module system
 * on Node 20 cannot, so loading n8n-core inside jest fails before any test runs. The OneStream node
 * never reaches LangChain code, so p-retry is replaced for this test file's module registry by a
 * CommonJS equivalent of its API (call, and on failure retry up to `retries` times).
 *
 * This module must be imported before n8n-core.
 */
class AbortError extends Error {
	readonly originalError: Error;

	constructor(message: string | Error) {
		super(typeof message === 'string' ? message : message.message);
		this.name = 'AbortError';
		this.originalError = typeof message === 'string' ? new Error(message) : message;
	}
}

async function pRetry<T>(
	input: (attempt: number) => Promise<T> | T,
	options: { retries?: number } = {},
): Promise<T> {
	const retries = options.retries ?? 10;
	for (let attempt = 1; ; attempt++) {
		try {
			return await input(attempt);
		} catch (error) {
			if (error instanceof AbortError) throw error.originalError;
			if (attempt > retries) throw error;
		}
	}
}

// Outside jest (benchmarks), Node itself loads the ES module and no shim is needed.
if (typeof jest !== 'undefined')
	jest.mock('p-retry', () => ({ __esModule: true, default: pRetry, AbortError }));

export {};
