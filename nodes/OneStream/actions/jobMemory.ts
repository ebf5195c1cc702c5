import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ErrorSource, JobOutcome } from '../shared/errors';
import { jobOutcomeOf, OneStreamError } from '../shared/errors';

/** What one item's job came to, kept for n8n's next try of the same run of the node. */
interface Remembered {
	/** What the job sent (its endpoint, body and variables): a tool call with other arguments is another call. */
	job?: string;
	/** The job finished: the json of its output item. */
	output?: IDataObject;
	/** The job failed, or its outcome is unknown. */
	error?: {
		message: string;
		description: string;
		source: ErrorSource;
		httpCode?: string;
		jobOutcome?: JobOutcome;
	};
}

interface RunMemory {
	/** The run index of the node, or the id of the tool call, whose tries this memory serves. */
	run: number | string;
	items: Record<string, Remembered>;
}

/** Where the memory lives in the node's execution context. */
const CONTEXT_KEY = 'oneStreamJobs';

/**
 * Memories of tool calls made directly (see {@link JobMemory.ofToolCall}), keyed by the call's
 * arguments object: an entry lives exactly as long as the call that n8n may still retry, and
 * nothing else can remove it.
 */
const toolCalls = new WeakMap<object, RunMemory>();

function isRunMemory(value: unknown): value is RunMemory {
	return (
		typeof value === 'object' &&
		value !== null &&
		['number', 'string'].includes(typeof (value as RunMemory).run) &&
		typeof (value as RunMemory).items === 'object'
	);
}

/**
 * The jobs already sent in this run of the node, so that n8n's Retry On Fail never sends one
 * again. That setting makes n8n execute the whole node again after an error, with the same run
 * index; without this memory every item's job would be sent again.
 *
 * The memory lives in the node's context of this execution (n8n-workflow's `getContext('node')`),
 * which n8n keeps across the tries of a run (in the same process, also on a queue-mode worker) and
 * drops with the execution. It holds one run of the node: a later run (a loop) replaces it. So no
 * other execution can push it out, and it never outlives its own.
 */
export class JobMemory {
	private constructor(
		private readonly memory: RunMemory,
		/** A tool call's memory: one call, which n8n tries again only after it failed. */
		private readonly toolCall = false,
	) {}

	/** This run's memory; undefined when n8n will not try the node again (Retry On Fail off). */
	static of(ctx: IExecuteFunctions, toolCall: boolean): JobMemory | undefined {
		if (ctx.getNode().retryOnFail !== true) return undefined;
		if (toolCall) return JobMemory.ofToolCall(ctx);
		const runIndex: unknown = ctx.getWorkflowDataProxy(0).$runIndex;
		return JobMemory.inContext(ctx, typeof runIndex === 'number' ? runIndex : 0);
	}

	/**
	 * A tool call's memory. When an agent or the MCP Server Trigger calls the tool directly, n8n-core
	 * retries the call itself, and gives every try a new run index (n8n 1.123 and 2.x alike): what
	 * stays the same across the tries of one call is the object holding the call's arguments, which
	 * every try receives as its input item. When AI Agent v3 has the engine run the tool, the item
	 * carries the call's `toolCallId` instead, and the engine retries with the same item.
	 */
	private static ofToolCall(ctx: IExecuteFunctions): JobMemory {
		const call = ctx.getInputData()[0]?.json ?? {};
		const toolCallId = call.toolCallId;
		if (typeof toolCallId === 'string' && toolCallId !== '')
			return JobMemory.inContext(ctx, `tool call ${toolCallId}`, true);
		let memory = toolCalls.get(call);
		if (!memory) {
			memory = { run: 'tool call', items: {} };
			toolCalls.set(call, memory);
		}
		return new JobMemory(memory, true);
	}

	private static inContext(
		ctx: IExecuteFunctions,
		run: number | string,
		toolCall = false,
	): JobMemory {
		const context = ctx.getContext('node');
		const existing: unknown = context[CONTEXT_KEY];
		if (isRunMemory(existing) && existing.run === run) return new JobMemory(existing, toolCall);
		const memory: RunMemory = { run, items: {} };
		context[CONTEXT_KEY] = memory;
		return new JobMemory(memory, toolCall);
	}

	/**
	 * What the item's job came to in an earlier try: its output, or its error. For a tool call,
	 * only a retry is served: a call with other arguments is a new call (a model may reuse an id
	 * in a later turn), and so is a call after one that succeeded (n8n retries only what failed), so
	 * a recalled outcome is never a success of a job that this call did not send.
	 */
	recall(
		itemIndex: number,
		job: string,
	): { output: INodeExecutionData[] } | { error: OneStreamError } | undefined {
		const remembered = this.memory.items[String(itemIndex)];
		if (this.toolCall && (remembered?.job !== job || remembered?.output)) return undefined;
		if (remembered?.output) return { output: [{ json: remembered.output }] };
		if (remembered?.error) {
			const { message, description, source, httpCode, jobOutcome } = remembered.error;
			return { error: new OneStreamError(message, description, source, { httpCode, jobOutcome }) };
		}
		return undefined;
	}

	rememberOutput(itemIndex: number, job: string, output: INodeExecutionData[]): void {
		this.memory.items[String(itemIndex)] = { job, output: output[0]?.json ?? {} };
	}

	/** Remembers a failure when the job may have run; a job that provably did not start may be sent again. */
	rememberFailure(itemIndex: number, job: string, error: unknown): void {
		if (!mayHaveRun(error) || !(error instanceof OneStreamError)) {
			// Not run: a retry may send it. A new call must not meet an older call's outcome either.
			if (this.toolCall) delete this.memory.items[String(itemIndex)];
			return;
		}
		const { httpCode, jobOutcome } = error.details;
		this.memory.items[String(itemIndex)] = {
			job,
			error: {
				message: error.message,
				description: error.description,
				source: error.source,
				httpCode,
				jobOutcome,
			},
		};
	}
}

/** Whether a job error means the job may have run (so it must not be sent again). */
export function mayHaveRun(error: unknown): boolean {
	const outcome = jobOutcomeOf(error);
	return outcome === 'failed' || outcome === 'unknown';
}
