import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { OneStreamError } from '../shared/errors';
import type { GetParameter } from '../shared/parameters';
import {
	booleanParameter,
	durationParameter,
	itemParameters,
	optionsProperty,
} from '../shared/parameters';
import type { SubstitutionVariables } from '../shared/substitutionVariables';
import { allowCommasInValues } from '../shared/substitutionVariables';
import { assertAgentMay } from './agent';
import { runJobCall } from './jobAnswer';
import { JobMemory } from './jobMemory';
import type { ItemJob, JobResult } from './jobSequence';
import type { ExecutionState } from './node.type';
import { parallelCalls } from './parallelCalls';

/* The Options of a Data Management job (Execute Sequence, Execute Step, Business Rule › Execute). */

const jobTimeout = durationParameter({
	name: 'timeoutMinutes',
	savedAsMs: 'timeout',
	savedMinMs: 1000,
	displayName: 'Timeout (Minutes)',
	label: 'Timeout',
	unit: 'minutes',
	default: 240,
	min: 1,
	max: 1440,
	hint: '240 is 4 hours',
	description:
		'How long to wait for the job to finish. API version 5.2.0 answers only when the job has ended, so the default is 4 hours (5 minutes when an AI agent runs the job). If it runs out, the job may still be running in OneStream and is not sent again.',
});

/**
 * A job called by an AI agent gives up sooner by default: the agent (and an MCP client) waits for
 * the answer, and most MCP clients stop waiting after a minute or a few.
 */
export const TOOL_JOB_TIMEOUT_MS = 5 * 60_000;

/** The Timeout of a job: as set, else 4 hours in a workflow and 5 minutes as an agent's tool. */
export function getJobTimeout(parameters: GetParameter, toolCall: boolean): number {
	return toolCall && !jobTimeout.isSet(parameters)
		? TOOL_JOB_TIMEOUT_MS
		: jobTimeout.get(parameters);
}

export const runIdenticalJobsOnce = booleanParameter({
	displayName: 'Run Identical Jobs Once',
	name: 'runIdenticalJobsOnce',
	type: 'boolean',
	default: true,
	description:
		'Whether input items that ask for the same job (same application, sequence or step, workspace and substitution variables) send it once and share its result. Items with different variables still run one job each. Turn off only when the same job must really run once per item.',
}).inOptions();

/** The Options collection of a Data Management job. */
export const jobOptionsProperty: INodeProperties = optionsProperty([
	allowCommasInValues,
	parallelCalls.with({
		description:
			'How many input items to run at the same time. Keep 1 unless the jobs are independent: parallel Data Management jobs can lock the same data units, and OneStream runs them all at once.',
	}),
	runIdenticalJobsOnce,
	jobTimeout,
]);

export interface JobSpec {
	endpoint: 'DataManagement/ExecuteSequence' | 'DataManagement/ExecuteStep';
	/** e.g. `Data Management sequence "Nightly_Consolidation"`. */
	subject: string;
	/** Body fields besides BaseWebServerUrl and the substitution variables. */
	body: IDataObject;
	/** What ran, copied into the output item. */
	ran: IDataObject;
	substitutionVariables: SubstitutionVariables;
	timeoutMs: number;
}

/**
 * Sends a Data Management job once and reports its result as one item. Even when n8n's own Retry
 * On Fail runs the node again, a job that was sent is not sent again: a finished one gives its
 * output again, a failed or unknown one its error; only a job that provably did not start (e.g.
 * 401, 429) is sent on the next try. An item shares the job of the item before it when that job is
 * identical (Run Identical Jobs Once): n8n runs a node once per input item, and a consolidation
 * placed after a 150-row read would otherwise run 150 times. It never shares across another job:
 * [consolidate, load, consolidate] sends three jobs, since the load changed what a consolidation
 * would do.
 */
export async function runJob(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
	spec: JobSpec,
): Promise<INodeExecutionData[]> {
	if (state.toolCall) assertAgentMay(this.getNode().parameters, 'job');
	const parameters = itemParameters(this, itemIndex);
	const fingerprint = jobKey(spec);
	const key = runIdenticalJobsOnce.get(parameters) ? fingerprint : undefined;
	const memory = JobMemory.of(this, state.toolCall);
	const recalled = memory?.recall(itemIndex, fingerprint);
	if (recalled) {
		// A job sent in an earlier try counts as sent in this one, for the item after it.
		state.jobs.ask(itemIndex, { key, sentBy: itemIndex, result: Promise.resolve(recalled) });
		if ('error' in recalled) throw recalled.error;
		return recalled.output;
	}

	const previous = key === undefined ? undefined : await state.jobs.previous(itemIndex);
	let result: JobResult;
	if (previous !== undefined && previous.key === key) {
		// This item carries the shared job on, for the item after it.
		state.jobs.ask(itemIndex, previous);
		result = await shared(previous, itemIndex);
	} else {
		// Registered before it is awaited, so that the next item, running in parallel, can share it.
		const sending = send(state, spec);
		state.jobs.ask(itemIndex, { key, sentBy: itemIndex, result: sending });
		result = await sending;
	}
	if ('error' in result) {
		memory?.rememberFailure(itemIndex, fingerprint, result.error);
		throw result.error;
	}
	memory?.rememberOutput(itemIndex, fingerprint, result.output);
	return result.output;
}

/** What makes two jobs the same job: the call and everything it sends. */
function jobKey(spec: JobSpec): string {
	return JSON.stringify([spec.endpoint, spec.body, spec.substitutionVariables.text]);
}

/** The result of the same job sent by an earlier item, marked as shared. */
async function shared(job: ItemJob, itemIndex: number): Promise<JobResult> {
	const result = await job.result;
	const note = `Input item ${job.sentBy} asked for the same job, so it was sent once and item ${itemIndex} shares its result (option Run Identical Jobs Once).`;
	if ('error' in result) {
		const error = result.error;
		if (!(error instanceof OneStreamError)) return result;
		return {
			error: new OneStreamError(
				error.message,
				`${error.description} ${note}`.trim(),
				error.source,
				error.details,
			),
		};
	}
	return {
		output: result.output.map((item) => ({
			json: { ...item.json, sharedJob: true, sentByItem: job.sentBy },
		})),
	};
}

/** Sends the job; never rejects: an error is its result. */
async function send(state: ExecutionState, spec: JobSpec): Promise<JobResult> {
	const startedAt = Date.now();
	const result = await runJobCall(state.client, {
		endpoint: spec.endpoint,
		apiVersion: '5.2.0',
		body: {
			BaseWebServerUrl: state.client.webServerUrl,
			...spec.body,
			CustomSubstVarsAsCommaSeparatedPairs: spec.substitutionVariables.text,
		},
		subject: spec.subject,
		timeoutMs: spec.timeoutMs,
	}).then(
		(message) => ({ message }),
		(error: unknown) => ({ error }),
	);
	if ('error' in result) return result;
	const finishedAt = Date.now();
	return {
		output: [
			{
				json: {
					success: true,
					message: result.message,
					...spec.ran,
					substitutionVariables: spec.substitutionVariables.asObject,
					startedAt: new Date(startedAt).toISOString(),
					finishedAt: new Date(finishedAt).toISOString(),
					durationMs: finishedAt - startedAt,
				},
			},
		],
	};
}
