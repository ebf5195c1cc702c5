import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { substitutionVariablesJson } from '../../shared/agent';
import { readOptionsProperty } from '../../shared/options';
import { applicationName, itemParameters, output } from '../../shared/parameters';
import {
	assertPlaceholdersFilled,
	substitutionVariablesProperty,
} from '../../shared/substitutionVariables';
import { workflowStatusQuery } from '../../shared/workflowStatusQuery';
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
	{
		displayName: 'Workflow Profile',
		name: 'workflowProfile',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Houston.Import',
		description:
			'The workflow profile, as OneStream names it (Parent.Child). OneStream publishes no way to list profiles over the API, so type it or use an expression.',
	},
	{
		displayName: 'Scenario',
		name: 'scenario',
		type: 'string',
		default: 'Actual',
		required: true,
		placeholder: 'e.g. Actual',
	},
	{
		displayName: 'Time',
		name: 'time',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 2026M3',
		description:
			"The period, as a OneStream time member, e.g. 2026M3. For the current month: {{ $now.toFormat('yyyy') + 'M' + $now.month }}.",
	},
	{
		displayName: 'Profile Type',
		name: 'profileType',
		type: 'string',
		default: 'AllProfiles',
		placeholder: 'e.g. AllProfiles',
		description: 'Which profile types to include; AllProfiles includes every type',
	},
	{
		displayName: 'Relative Type',
		name: 'relativeType',
		type: 'string',
		default: 'Descendants',
		placeholder: 'e.g. Descendants',
		description: 'Which profiles relative to the Workflow Profile to include, e.g. Descendants',
	},
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
