import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { methodCommand } from '../../read/sources';
import type { ExecutionState } from '../node.type';
import { readOperationInputs, readOperationProperties, readToItems } from '../readOperation';

export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['runMethodCommand'] } },
	readOperationProperties({ object: methodCommand.properties }),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const { parameters, inputs, target } = readOperationInputs.call(this, itemIndex, state);
	const command = methodCommand.get(parameters);
	const request = methodCommand.request(target, command, inputs.substitutionVariables.list);
	return await readToItems.call(this, state, inputs, request);
}
