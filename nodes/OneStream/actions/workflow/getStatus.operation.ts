import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { output } from '../../read/output';
import {
	WORKFLOW_STATUS_TABLE,
	workflowStatusArgumentProperties,
	workflowStatusFilterProperty,
	workflowStatusQuery,
	workflowStatusRequest,
} from '../../read/workflowStatus';
import { applicationName, itemParameters } from '../../shared/parameters';
import {
	assertPlaceholdersFilled,
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

/*
 * The close's first question, "where is each workflow unit?", as a typed operation: the
 * WorkflowStatus method command with its six arguments (the query shape is observed in a client
 * used against real tenants, not documented), one item per workflow unit.
 */

const properties: INodeProperties[] = [
	applicationName.property,
	...workflowStatusArgumentProperties,
	workflowStatusFilterProperty,
	substitutionVariablesProperty,
	substitutionVariablesJson,
	...output.properties,
	...agentReadProperties,
	readOptionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['workflow'], operation: ['getStatus'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const inputs = getReadInputs(parameters, state, WORKFLOW_STATUS_TABLE);
	const status = workflowStatusQuery(parameters, true);
	assertPlaceholdersFilled('method query', status.query, inputs.substitutionVariables.list);
	return await readToItems.call(
		this,
		state,
		inputs,
		workflowStatusRequest(readTarget(state, inputs), status),
	);
}
