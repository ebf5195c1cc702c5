import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sqlSource } from '../../read/sources';
import { allowAgentSql, assertAgentMay } from '../agent';
import type { ExecutionState } from '../node.type';
import { readOperationInputs, readOperationProperties, readToItems } from '../readOperation';

const sql = sqlSource();

export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['runSql'] } },
	readOperationProperties({ object: sql.properties, agentPermission: allowAgentSql.property }),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	if (state.toolCall) assertAgentMay(this.getNode().parameters, 'sql');
	const { parameters, inputs, target } = readOperationInputs.call(this, itemIndex, state);
	const request = sql.request(target, sql.get(parameters), inputs.substitutionVariables.list);
	return await readToItems.call(this, state, inputs, request);
}
