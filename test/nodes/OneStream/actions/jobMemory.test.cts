/**
 * The job memory behind Retry On Fail: kept in the node's execution context, per run of the node,
 * holding what each item's job came to (its output, or an error that says it may have run).
 */
import type { IContextObject, IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import { OneStreamError } from '../../../../nodes/OneStream/shared/errors';
import { JobMemory, mayHaveRun } from '../../../../nodes/OneStream/actions/jobMemory';

/** An execution context with what the memory reads: the node, the run index and the node context. */
function context(
	options: {
		retryOnFail?: boolean;
		runIndex?: number;
		store?: IContextObject;
		/** The input item's json: a tool call's arguments. */
		call?: IDataObject;
	} = {},
): IExecuteFunctions {
	const node: INode = {
		id: 'n',
		name: 'OneStream',
		type: 'x',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		retryOnFail: options.retryOnFail ?? true,
	};
	const store = options.store ?? {};
	return {
		getNode: () => node,
		getWorkflowDataProxy: () => ({ $runIndex: options.runIndex ?? 0 }),
		getContext: () => store,
		getInputData: () => [{ json: options.call ?? {} }],
	} as unknown as IExecuteFunctions;
}

const failed = (outcome: 'failed' | 'unknown' | 'notRun') =>
	new OneStreamError(`job ${outcome}`, 'what to do', 'server', {
		httpCode: '500',
		jobOutcome: outcome,
	});

it('is off when n8n will not try the node again', () => {
	expect(JobMemory.of(context({ retryOnFail: false }), false)).toBeUndefined();
});

it('recalls a finished job’s output and a failure that may have run, in the next try of the run', () => {
	const store: IContextObject = {};
	const first = JobMemory.of(context({ store }), false)!;
	first.rememberOutput(0, [{ json: { success: true, message: 'done' } }]);
	first.rememberFailure(1, failed('unknown'));
	first.rememberFailure(2, failed('failed'));
	first.rememberFailure(3, failed('notRun'));
	first.rememberFailure(4, new Error('not a job error'));

	const retry = JobMemory.of(context({ store }), false)!;
	expect(retry.recall(0)).toEqual({ output: [{ json: { success: true, message: 'done' } }] });
	for (const [item, outcome] of [
		[1, 'unknown'],
		[2, 'failed'],
	] as const) {
		const recalled = retry.recall(item);
		expect(recalled && 'error' in recalled ? recalled.error : undefined).toBeInstanceOf(
			OneStreamError,
		);
		const error = (recalled as { error: OneStreamError }).error;
		expect([error.message, error.description, error.details]).toEqual([
			`job ${outcome}`,
			'what to do',
			{ httpCode: '500', jobOutcome: outcome },
		]);
	}
	// A job that provably did not start is sent on the next try.
	expect(retry.recall(3)).toBeUndefined();
	expect(retry.recall(4)).toBeUndefined();
	expect(retry.recall(5)).toBeUndefined();
});

it('lives in the execution context as plain data (saved with the execution, never module state)', () => {
	const store: IContextObject = {};
	JobMemory.of(context({ store }), false)!.rememberFailure(0, failed('unknown'));
	expect(JSON.parse(JSON.stringify(store))).toEqual({
		oneStreamJobs: {
			run: 0,
			items: {
				'0': {
					error: {
						message: 'job unknown',
						description: 'what to do',
						source: 'server',
						httpCode: '500',
						jobOutcome: 'unknown',
					},
				},
			},
		},
	});
	// Another execution has its own context, and sees nothing of this one.
	expect(JobMemory.of(context(), false)!.recall(0)).toBeUndefined();
});

it('holds one run of the node: a later run (a loop) starts empty and replaces it', () => {
	const store: IContextObject = {};
	JobMemory.of(context({ store, runIndex: 0 }), false)!.rememberOutput(0, [{ json: { a: 1 } }]);
	const second = JobMemory.of(context({ store, runIndex: 1 }), false)!;
	expect(second.recall(0)).toBeUndefined();
	second.rememberOutput(0, [{ json: { a: 2 } }]);
	expect(Object.keys((store.oneStreamJobs as { items: object }).items)).toEqual(['0']);
	expect((store.oneStreamJobs as { run: number }).run).toBe(1);
});

it('knows which outcomes may have run', () => {
	expect(
		[failed('failed'), failed('unknown'), failed('notRun'), new Error('x'), undefined].map(
			mayHaveRun,
		),
	).toEqual([true, true, false, false, false]);
});

describe('as a tool (an AI agent or the MCP Server Trigger calls the node)', () => {
	it('serves every try of one direct call, though n8n gives each try a new run index', () => {
		const store: IContextObject = {};
		const call = { sequenceName: 'Nightly' };
		JobMemory.of(context({ store, runIndex: 3, call }), true)!.rememberFailure(
			0,
			failed('unknown'),
		);
		const retry = JobMemory.of(context({ store, runIndex: 4, call }), true)!;
		expect((retry.recall(0) as { error: OneStreamError }).error.details.jobOutcome).toBe('unknown');
		// Nothing of it is in the execution context: it lives as long as the call's arguments.
		expect(store).toEqual({});
	});

	it('starts empty for a new call from the model, even with the same arguments', () => {
		const store: IContextObject = {};
		JobMemory.of(context({ store, call: { sequenceName: 'Nightly' } }), true)!.rememberOutput(0, [
			{ json: { success: true } },
		]);
		expect(
			JobMemory.of(context({ store, call: { sequenceName: 'Nightly' } }), true)!.recall(0),
		).toBeUndefined();
	});

	it('keys a call that the engine runs (AI Agent v3) on its toolCallId, across tries and run indices', () => {
		const store: IContextObject = {};
		JobMemory.of(
			context({ store, runIndex: 0, call: { toolCallId: 'call_1' } }),
			true,
		)!.rememberOutput(0, [{ json: { success: true, message: 'done' } }]);
		expect(
			JobMemory.of(context({ store, runIndex: 1, call: { toolCallId: 'call_1' } }), true)!.recall(
				0,
			),
		).toEqual({ output: [{ json: { success: true, message: 'done' } }] });
		expect(
			JobMemory.of(context({ store, runIndex: 1, call: { toolCallId: 'call_2' } }), true)!.recall(
				0,
			),
		).toBeUndefined();
	});

	it('is off when n8n will not retry the call', () => {
		expect(JobMemory.of(context({ retryOnFail: false, call: {} }), true)).toBeUndefined();
	});
});
