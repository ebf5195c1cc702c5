/** Named checks with clear failure messages, and the summary the suites print. */
import { formatMs } from './log.cjs';
import type { NodeRun, RunJson } from './n8n.cjs';

export class AssertionError extends Error {}

export function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new AssertionError(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`);
}

export interface CheckResult {
	suite: string;
	name: string;
	ok: boolean;
	ms: number;
	error?: string;
}

export class Checks {
	readonly results: CheckResult[] = [];

	constructor(
		private readonly out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
	) {}

	/** Runs one check; a failure is recorded and printed, and does not stop the suite. */
	async check(suite: string, name: string, fn: () => Promise<void> | void): Promise<boolean> {
		const started = Date.now();
		try {
			await fn();
			const ms = Date.now() - started;
			this.results.push({ suite, name, ok: true, ms });
			this.out(`  ✔ [${suite}] ${name} (${formatMs(ms)})`);
			return true;
		} catch (e) {
			const ms = Date.now() - started;
			const error =
				e instanceof AssertionError
					? e.message
					: e instanceof Error
						? (e.stack ?? e.message)
						: String(e);
			this.results.push({ suite, name, ok: false, ms, error });
			this.out(`  ✘ [${suite}] ${name} (${formatMs(ms)})\n${error.replace(/^/gm, '      ')}`);
			return false;
		}
	}

	/** Like check, but a failure aborts the suite (later checks depend on it). */
	async require(suite: string, name: string, fn: () => Promise<void> | void): Promise<void> {
		if (!(await this.check(suite, name, fn)))
			throw new SuiteAbort(`${suite}: "${name}" failed; the rest of this suite depends on it`);
	}

	get passed(): number {
		return this.results.filter((r) => r.ok).length;
	}
	get failed(): number {
		return this.results.filter((r) => !r.ok).length;
	}
}

export class SuiteAbort extends Error {}

/** The items a node emitted on one output of its first (or given) run. */
export function outputItems(
	run: RunJson | { resultData: RunJson['data']['resultData'] },
	nodeName: string,
	output = 0,
	runIndex = 0,
): Array<{
	json: Record<string, unknown>;
	binary?: Record<string, Record<string, unknown>>;
	pairedItem?: unknown;
}> {
	const resultData = 'data' in run ? run.data.resultData : run.resultData;
	const runs: NodeRun[] | undefined = resultData.runData[nodeName];
	assert(
		runs && runs.length > runIndex,
		`node "${nodeName}" did not run (nodes that ran: ${Object.keys(resultData.runData).join(', ')})`,
	);
	const r = runs[runIndex];
	assert(
		!r.error,
		`node "${nodeName}" failed: ${r.error?.message ?? ''} ${r.error?.description ?? ''}`,
	);
	const main = r.data?.main ?? [];
	return (main[output] ?? []) as Array<{
		json: Record<string, unknown>;
		binary?: Record<string, Record<string, unknown>>;
		pairedItem?: unknown;
	}>;
}
