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
	first.rememberOutput(0, 'J', [{ json: { success: true, message: 'done' } }]);
	first.rememberFailure(1, 'J', failed('unknown'));
	first.rememberFailure(2, 'J', failed('failed'));
	first.rememberFailure(3, 'J', failed('notRun'));
	first.rememberFailure(4, 'J', new Error('not a job error'));

	const retry = JobMemory.of(context({ store }), false)!;
	expect(retry.recall(0, 'J')).toEqual({ output: [{ json: { success: true, message: 'done' } }] });
	for (const [item, outcome] of [
		[1, 'unknown'],
		[2, 'failed'],
	] as const) {
		const recalled = retry.recall(item, 'J');
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
	expect(retry.recall(3, 'J')).toBeUndefined();
	expect(retry.recall(4, 'J')).toBeUndefined();
	expect(retry.recall(5, 'J')).toBeUndefined();
});

it('lives in the execution context as plain data (saved with the execution, never module state)', () => {
	const store: IContextObject = {};
	JobMemory.of(context({ store }), false)!.rememberFailure(0, 'J', failed('unknown'));
	expect(JSON.parse(JSON.stringify(store))).toEqual({
		oneStreamJobs: {
			run: 0,
			items: {
				'0': {
					job: 'J',
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
	expect(JobMemory.of(context(), false)!.recall(0, 'J')).toBeUndefined();
});

it('holds one run of the node: a later run (a loop) starts empty and replaces it', () => {
	const store: IContextObject = {};
	JobMemory.of(context({ store, runIndex: 0 }), false)!.rememberOutput(0, 'J', [
		{ json: { a: 1 } },
	]);
	const second = JobMemory.of(context({ store, runIndex: 1 }), false)!;
	expect(second.recall(0, 'J')).toBeUndefined();
	second.rememberOutput(0, 'J', [{ json: { a: 2 } }]);
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
			'J',
			failed('unknown'),
		);
		const retry = JobMemory.of(context({ store, runIndex: 4, call }), true)!;
		expect((retry.recall(0, 'J') as { error: OneStreamError }).error.details.jobOutcome).toBe(
			'unknown',
		);
		// Nothing of it is in the execution context: it lives as long as the call's arguments.
		expect(store).toEqual({});
	});

	it('starts empty for a new call from the model, even with the same arguments', () => {
		const store: IContextObject = {};
		JobMemory.of(context({ store, call: { sequenceName: 'Nightly' } }), true)!.rememberOutput(
			0,
			'J',
			[{ json: { success: true } }],
		);
		expect(
			JobMemory.of(context({ store, call: { sequenceName: 'Nightly' } }), true)!.recall(0, 'J'),
		).toBeUndefined();
	});

	it('keys a call that the engine runs (AI Agent v3) on its toolCallId, and serves only its retries', () => {
		const store: IContextObject = {};
		const engine = (toolCallId: string, runIndex: number) =>
			JobMemory.of(context({ store, runIndex, call: { toolCallId } }), true)!;
		// A retry of a call that failed gets its error, whatever its run index.
		engine('call_0', 0).rememberFailure(0, 'load Houston', failed('unknown'));
		const retried = engine('call_0', 1).recall(0, 'load Houston');
		expect((retried as { error: OneStreamError }).error.details.jobOutcome).toBe('unknown');
		// The same id with other arguments (a model numbering its calls per turn) is a new call.
		expect(engine('call_0', 2).recall(0, 'load Austin')).toBeUndefined();
		// A call that succeeded is never tried again by n8n: the same id later is a new call, and
		// its job is sent, never answered with the earlier call's output.
		engine('call_1', 3).rememberOutput(0, 'load Houston', [{ json: { success: true } }]);
		expect(engine('call_1', 4).recall(0, 'load Houston')).toBeUndefined();
		expect(engine('call_2', 5).recall(0, 'load Houston')).toBeUndefined();
	});

	it('forgets an earlier call of the same id whose job did not start', () => {
		const store: IContextObject = {};
		const engine = () => JobMemory.of(context({ store, call: { toolCallId: 'call_0' } }), true)!;
		engine().rememberFailure(0, 'load Houston', failed('unknown'));
		engine().rememberFailure(0, 'load Austin', failed('notRun'));
		expect(engine().recall(0, 'load Houston')).toBeUndefined();
	});

	it('is off when n8n will not retry the call', () => {
		expect(JobMemory.of(context({ retryOnFail: false, call: {} }), true)).toBeUndefined();
	});
});
