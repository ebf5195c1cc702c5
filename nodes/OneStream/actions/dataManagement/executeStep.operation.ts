import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ExecutionState } from '../node.type';
import { runStep, stepProperties } from './step';

export const description = updateDisplayOptions(
	{ show: { resource: ['dataManagement'], operation: ['executeStep'] } },
	stepProperties('The step to run. The node waits until OneStream reports that it has finished.'),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	return await runStep.call(this, itemIndex, state, 'executeStep');
}
