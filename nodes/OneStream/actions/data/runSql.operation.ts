import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { output } from '../../read/output';
import { resultTableName } from '../../read/request';
import { sqlSource } from '../../read/sources';
import { applicationName, itemParameters } from '../../shared/parameters';
import {
	substitutionVariablesJson,
	substitutionVariablesProperty,
} from '../../shared/substitutionVariables';
import { allowAgentSql, assertAgentMay } from '../agent';
import type { ExecutionState } from '../node.type';
import {
	agentReadProperties,
	getReadInputs,
	readOptionsProperty,
	readTarget,
	readToItems,
} from '../readOperation';

const sql = sqlSource();

const properties: INodeProperties[] = [
	applicationName.property,
	...sql.properties,
	resultTableName.property,
	substitutionVariablesProperty,
	substitutionVariablesJson,
	...output.properties,
	allowAgentSql.property,
	...agentReadProperties,
	readOptionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['runSql'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	if (state.toolCall) assertAgentMay(parameters, 'sql');
	const inputs = getReadInputs(parameters, state);
	const query = sql.get(parameters);
	return await readToItems.call(
		this,
		state,
		inputs,
		sql.request(readTarget(state, inputs), query, inputs.substitutionVariables.list),
	);
}
