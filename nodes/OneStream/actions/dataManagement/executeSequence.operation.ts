import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { allowAgentJobs, substitutionVariablesJson } from '../../shared/agent';
import { jobOptionsProperty, readJobTimeout } from '../../shared/options';
import {
	applicationName,
	itemParameters,
	objectLocator,
	readOptionsCollection,
	workspaceLocator,
} from '../../shared/parameters';
import {
	readSubstitutionVariables,
	substitutionVariablesProperty,
} from '../../shared/substitutionVariables';
import { runJob } from '../job';
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
	const read = itemParameters(this, itemIndex);
	const options = readOptionsCollection(read);
	const application = applicationName.read(read);
	const sequenceName = sequence.read(read);
	const workspaceName = workspace.read(read);
	const substitutionVariables = readSubstitutionVariables(read, options);
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
		timeoutMs: readJobTimeout(options, state.toolCall),
	});
}
