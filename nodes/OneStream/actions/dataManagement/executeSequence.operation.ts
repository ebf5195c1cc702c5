import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	applicationName,
	itemParameters,
	objectLocator,
	workspaceLocator,
} from '../../shared/parameters';
import {
	getSubstitutionVariables,
	substitutionVariablesJson,
	substitutionVariablesProperty,
} from '../../shared/substitutionVariables';
import { allowAgentJobs } from '../agent';
import { getJobTimeout, jobOptionsProperty, runJob } from '../job';
import type { ExecutionState } from '../node.type';
import { jobRetryNotice } from './jobNotice';

const workspace = workspaceLocator('sequence');

const sequence = objectLocator({
	name: 'sequenceName',
	displayName: 'Sequence',
	searchListMethod: 'searchSequences',
	example: 'Nightly_Consolidation',
	description:
		'The Data Management sequence to run. The node waits until OneStream reports that it has finished.',
	required: true,
});

const properties: INodeProperties[] = [
	applicationName.property,
	workspace.property,
	sequence.property,
	substitutionVariablesProperty,
	substitutionVariablesJson,
	allowAgentJobs.property,
	jobOptionsProperty,
	jobRetryNotice,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['dataManagement'], operation: ['executeSequence'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const application = applicationName.get(parameters);
	const sequenceName = sequence.get(parameters);
	const workspaceName = workspace.get(parameters);
	const substitutionVariables = getSubstitutionVariables(parameters);
	return await runJob.call(this, itemIndex, state, {
		endpoint: 'DataManagement/ExecuteSequence',
		subject: `Data Management sequence "${sequenceName}"`,
		body: {
			ApplicationName: application,
			SequenceName: sequenceName,
			...(workspaceName === '' ? {} : { WorkspaceName: workspaceName }),
		},
		ran: {
			operation: 'executeSequence',
			applicationName: application,
			sequenceName,
			...(workspaceName === '' ? {} : { workspaceName }),
		},
		substitutionVariables,
		timeoutMs: getJobTimeout(parameters, state.toolCall),
	});
}
