import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	WORKFLOW_STATUS_TABLE,
	workflowStatusArgumentProperties,
	workflowStatusFilterProperty,
	workflowStatusQuery,
	workflowStatusRequest,
} from '../../read/workflowStatus';
import { assertPlaceholdersFilled } from '../../shared/substitutionVariables';
import type { ExecutionState } from '../node.type';
import { readOperationInputs, readOperationProperties, readToItems } from '../readOperation';

/*
 * The close's first question, "where is each workflow unit?", as a typed operation: the
 * WorkflowStatus method command with its six arguments (the query shape is observed in a client
 * used against real tenants, not documented), one item per workflow unit.
 */

export const description = updateDisplayOptions(
	{ show: { resource: ['workflow'], operation: ['getStatus'] } },
	readOperationProperties({
		object: [...workflowStatusArgumentProperties, workflowStatusFilterProperty],
		resultTable: false,
	}),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const { parameters, inputs, target } = readOperationInputs.call(
		this,
		itemIndex,
		state,
		WORKFLOW_STATUS_TABLE,
	);
	const status = workflowStatusQuery(parameters, true);
	assertPlaceholdersFilled('method query', status.query, inputs.substitutionVariables.list);
	return await readToItems.call(this, state, inputs, workflowStatusRequest(target, status));
}
