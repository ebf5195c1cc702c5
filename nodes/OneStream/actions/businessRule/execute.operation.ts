import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runStep, stepProperties } from '../dataManagement/step';
import type { ExecutionState } from '../node.type';

// OneStream's Web API has no endpoint that runs a business rule directly: an Extensibility rule
// runs as a Data Management step of type "Execute Business Rule", and the step's parameters can
// reference |!Name!| substitution variables, which this operation sends.

export const description = updateDisplayOptions(
	{ show: { resource: ['businessRule'], operation: ['execute'] } },
	stepProperties(
		"OneStream runs a business rule through a Data Management step of type Execute Business Rule, so name the group and the step that run the Extensibility rule. The rule receives the substitution variables through the step's parameters.",
	),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	return await runStep.call(this, itemIndex, state, 'businessRuleExecute');
}
