import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { jobOutcomeOf } from '../shared/errors';

/** What became of one item's job in this run of the node. */
export interface SentJob {
	/** The job finished: its output, reused if n8n runs the node again. */
	output?: INodeExecutionData[];
	/** The job failed, or its outcome is unknown: thrown again instead of sending it again. */
	error?: unknown;
}

// One entry per run of a node that has Retry On Fail on; the oldest are dropped past this many.
const MAX_RUNS = 500;
const runs = new Map<string, Map<number, SentJob>>();

/**
 * The jobs already sent in this run of the node, when n8n's Retry On Fail is on. That setting
 * makes n8n execute the whole node again after an error, with the same run index; without this
 * memory every item's job would be sent again. Undefined when the setting is off (nothing to
 * remember) or when the execution has no id.
 */
export function sentJobs(ctx: IExecuteFunctions): Map<number, SentJob> | undefined {
	const node = ctx.getNode();
	if (node.retryOnFail !== true) return undefined;
	const executionId = ctx.getExecutionId();
	if (!executionId) return undefined;
	const runIndex: unknown = ctx.getWorkflowDataProxy(0).$runIndex;
	const key = `${executionId}\u0000${node.name}\u0000${typeof runIndex === 'number' ? runIndex : 0}`;
	let sent = runs.get(key);
	if (!sent) {
		sent = new Map();
		runs.set(key, sent);
		if (runs.size > MAX_RUNS) runs.delete(runs.keys().next().value as string);
	}
	return sent;
}

/** Whether a job error means the job may have run (so it must not be sent again). */
export function mayHaveRun(error: unknown): boolean {
	const outcome = jobOutcomeOf(error);
	return outcome === 'failed' || outcome === 'unknown';
}
