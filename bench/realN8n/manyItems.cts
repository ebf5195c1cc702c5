/** (d) Many items, sequential versus Parallel Calls. */

import { StandIn } from '../../test/e2e/lib/standin.cjs';
import { median } from '../stats.cjs';

import {
	Ctx,
	callWebhook,
	deleteExecutions,
	existingExecutionIds,
	fmtMs,
	latestExecution,
	startFresh,
} from './instance.cjs';
import { RealN8nVersionResult } from './types.cjs';
import { MANY, MANY_NODE, ManyKind } from './workflows.cjs';

export async function setStandInLatency(standin: StandIn, latencyMs: number | null): Promise<void> {
	await standin.control('POST', 'options', { latencyMs });
}

export type ManyRun = {
	kind: ManyKind;
	concurrency: number;
	nodeMs: number;
	wallMs: number;
	maxConcurrentRequests: number;
};

/** (d): sequential versus parallel, with per-item expressions and with fixed parameters, in one n8n process. */
export async function benchManyItems(
	ctx: Ctx,
	options: { items: number; latencyMs: number; concurrency: number; repeats: number },
): Promise<RealN8nVersionResult['manyItems']> {
	const { n8n, standin, log } = ctx;
	await startFresh(ctx);
	const runs: ManyRun[] = [];
	try {
		await setStandInLatency(standin, options.latencyMs);
		for (let r = 1; r <= options.repeats; r++) {
			for (const kind of ['expressions', 'fixed'] as const) {
				for (const [which, concurrency] of [
					['sequential', 1],
					['parallel', options.concurrency],
				] as const) {
					const spec = MANY[kind][which];
					const before = await existingExecutionIds(ctx, spec.id);
					await standin.reset();
					await callWebhook(ctx, spec.path, 20 * 60000);
					const exec = await latestExecution(ctx, spec.id, before);
					const stats = await standin.control<{
						maxConcurrentRequests: number;
						requestCount: number;
					}>('GET', 'stats');
					if (!exec.summary) throw new Error(`execution ${exec.id} was not inspected`);
					const nodeMs = exec.summary.nodeTimes[MANY_NODE];
					const items = exec.summary.itemCounts[MANY_NODE];
					if (typeof nodeMs !== 'number')
						throw new Error(`execution ${exec.id} has no executionTime for "${MANY_NODE}"`);
					if (items !== options.items)
						throw new Error(
							`"${MANY_NODE}" returned ${items} items for ${options.items} inputs (execution ${exec.id})`,
						);
					if (stats.requestCount !== options.items) {
						throw new Error(
							`the stand-in received ${stats.requestCount} requests for ${options.items} items (execution ${exec.id})`,
						);
					}
					await deleteExecutions(ctx, [exec.id]);
					runs.push({
						kind,
						concurrency,
						nodeMs,
						wallMs: exec.wallMs,
						maxConcurrentRequests: stats.maxConcurrentRequests,
					});
					log(
						`(d) n8n ${n8n.version} run ${r}/${options.repeats}, ${kind === 'expressions' ? 'per-item expressions' : 'fixed parameters'}, ` +
							`Parallel Calls ${concurrency}: node ${fmtMs(nodeMs)}, execution ${fmtMs(exec.wallMs)}, at most ${stats.maxConcurrentRequests} calls in flight`,
					);
				}
			}
		}
	} finally {
		await setStandInLatency(standin, null).catch(() => undefined);
		await n8n.stop();
	}
	const pick = (kind: ManyKind, parallel: boolean) =>
		runs.filter((r) => r.kind === kind && (r.concurrency !== 1) === parallel);
	const seq = pick('expressions', false);
	const par = pick('expressions', true);
	const sequentialMs = median(seq.map((r) => r.nodeMs));
	const parallelMs = median(par.map((r) => r.nodeMs));
	const fixedSequentialMs = median(pick('fixed', false).map((r) => r.nodeMs));
	const fixedParallelMs = median(pick('fixed', true).map((r) => r.nodeMs));
	return {
		items: options.items,
		latencyMs: options.latencyMs,
		concurrency: options.concurrency,
		sequentialMs,
		parallelMs,
		speedup: sequentialMs / parallelMs,
		sequentialRunMs: median(seq.map((r) => r.wallMs)),
		parallelRunMs: median(par.map((r) => r.wallMs)),
		maxConcurrentRequests: Math.max(...par.map((r) => r.maxConcurrentRequests)),
		withoutExpressions: {
			sequentialMs: fixedSequentialMs,
			parallelMs: fixedParallelMs,
			speedup: fixedSequentialMs / fixedParallelMs,
		},
		runs,
	};
}
