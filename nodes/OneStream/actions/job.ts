import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { assertAgentMay } from '../shared/agent';
import { itemParameters } from '../shared/parameters';
import type { SubstitutionVariables } from '../shared/substitutionVariables';
import { JobMemory } from './jobMemory';
import type { ExecutionState } from './node.type';

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
 * 401, 429) is sent on the next try.
 */
export async function runJob(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
	spec: JobSpec,
): Promise<INodeExecutionData[]> {
	if (state.toolCall) assertAgentMay(itemParameters(this, itemIndex), 'job');
	const memory = JobMemory.of(this, state.toolCall);
	const recalled = memory?.recall(itemIndex);
	if (recalled && 'error' in recalled) throw recalled.error;
	if (recalled) return recalled.output;
	const startedAt = Date.now();
	const result = await state.client
		.job({
			endpoint: spec.endpoint,
			apiVersion: '5.2.0',
			body: {
				BaseWebServerUrl: state.client.webServerUrl,
				...spec.body,
				CustomSubstVarsAsCommaSeparatedPairs: spec.substitutionVariables.text,
			},
			subject: spec.subject,
			timeoutMs: spec.timeoutMs,
		})
		.then(
			(message) => ({ message }),
			(error: unknown) => ({ error }),
		);
	if ('error' in result) {
		memory?.rememberFailure(itemIndex, result.error);
		throw result.error;
	}
	const message = result.message;
	const finishedAt = Date.now();
	const output: INodeExecutionData[] = [
		{
			json: {
				success: true,
				message,
				...spec.ran,
				substitutionVariables: spec.substitutionVariables.asObject,
				startedAt: new Date(startedAt).toISOString(),
				finishedAt: new Date(finishedAt).toISOString(),
				durationMs: finishedAt - startedAt,
			},
		},
	];
	memory?.rememberOutput(itemIndex, output);
	return output;
}
