import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { substitutionVariablesJson } from '../../shared/agent';
import { readOptionsProperty } from '../../shared/options';
import { applicationName, itemParameters, output } from '../../shared/parameters';
import {
	assertPlaceholdersFilled,
	substitutionVariablesProperty,
} from '../../shared/substitutionVariables';
import {
	workflowStatusArgumentProperties,
	workflowStatusQuery,
} from '../../shared/workflowStatusQuery';
import type { ExecutionState } from '../node.type';
import { agentReadProperties, methodCommandBody, readReadInputs, runRead } from '../read';

/*
 * The close's first question, "where is each workflow unit?", as a typed operation: the
 * WorkflowStatus method command with its six arguments (the query shape is observed in a client
 * used against real tenants, not documented), one item per workflow unit.
 */

const TABLE = 'WorkflowStatus';

const properties: INodeProperties[] = [
	applicationName.property,
	...workflowStatusArgumentProperties,
	{
		displayName: 'Filter',
		name: 'filter',
		type: 'string',
		default: '',
		description:
			'An optional filter, in OneStream’s syntax for method commands. Leave empty for none.',
	},
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
	const read = itemParameters(this, itemIndex);
	const inputs = readReadInputs(read, state, TABLE);
	const { profile, query: methodQuery } = workflowStatusQuery(read, true);
	assertPlaceholdersFilled('method query', methodQuery, inputs.substitutionVariables.list);
	return await runRead.call(this, state, inputs, {
		endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
		apiVersion: '5.2.0',
		subject: `the workflow status of "${profile}"`,
		fileBaseName: `WorkflowStatus-${profile}`,
		body: methodCommandBody(state, inputs, 'WorkflowStatus', methodQuery),
		// The answer's one table, whatever OneStream names it.
		acceptOnlyTable: true,
	});
}
