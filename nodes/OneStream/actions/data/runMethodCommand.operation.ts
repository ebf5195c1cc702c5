import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { output } from '../../read/output';
import { resultTableName } from '../../read/request';
import { methodCommand } from '../../read/sources';
import { applicationName, itemParameters } from '../../shared/parameters';
import {
	substitutionVariablesJson,
	substitutionVariablesProperty,
} from '../../shared/substitutionVariables';
import type { ExecutionState } from '../node.type';
import {
	agentReadProperties,
	getReadInputs,
	readOptionsProperty,
	readTarget,
	readToItems,
} from '../readOperation';

const properties: INodeProperties[] = [
	applicationName.property,
	...methodCommand.properties,
	resultTableName.property,
	substitutionVariablesProperty,
	substitutionVariablesJson,
	...output.properties,
	...agentReadProperties,
	readOptionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['runMethodCommand'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const inputs = getReadInputs(parameters, state);
	const command = methodCommand.get(parameters);
	return await readToItems.call(
		this,
		state,
		inputs,
		methodCommand.request(readTarget(state, inputs), command, inputs.substitutionVariables.list),
	);
}
