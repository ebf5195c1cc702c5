import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SubstitutionVariables } from '../shared/substitutionVariables';
import { mayHaveRun, sentJobs } from './jobMemory';
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
	const sent = sentJobs(this);
	const previous = sent?.get(itemIndex);
	if (previous?.output) return previous.output;
	if (previous?.error) throw previous.error;
	const startedAt = Date.now();
	let message: string;
	try {
		message = await state.client.job({
			endpoint: spec.endpoint,
			apiVersion: '5.2.0',
			body: {
				BaseWebServerUrl: state.client.webServerUrl,
				...spec.body,
				CustomSubstVarsAsCommaSeparatedPairs: spec.substitutionVariables.text,
			},
			subject: spec.subject,
			timeoutMs: spec.timeoutMs,
		});
	} catch (error) {
		if (mayHaveRun(error)) sent?.set(itemIndex, { error });
		throw error;
	}
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
	sent?.set(itemIndex, { output });
	return output;
}
