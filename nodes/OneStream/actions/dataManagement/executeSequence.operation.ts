import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readApplicationName, readOptions, readSubstitutionVariableParameter, stringParameter } from '../../helpers/parameters';
import { optionalName, requireName } from '../../helpers/validation';
import { applicationNameProperty, jobOptionsCollection, jobRetryNotice, substitutionVariablesProperty } from '../common.descriptions';
import type { ExecutionState } from '../node.type';
import { runJob } from '../runners';

const properties: INodeProperties[] = [
	applicationNameProperty,
	{
		displayName: 'Sequence Name',
		name: 'sequenceName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Nightly_Consolidation',
		description: 'The Data Management sequence to run. The node waits until OneStream reports that it has finished.',
	},
	{
		displayName: 'Workspace Name',
		name: 'workspaceName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Default',
		description: 'The workspace that owns the sequence. Leave empty for the default workspace.',
	},
	substitutionVariablesProperty,
	jobOptionsCollection,
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
	const applicationName = readApplicationName(this, itemIndex);
	const sequenceName = requireName(stringParameter(this, 'sequenceName', itemIndex), 'Sequence Name', 'Nightly_Consolidation');
	const workspaceName = optionalName(stringParameter(this, 'workspaceName', itemIndex));
	const substitutionVariables = readSubstitutionVariableParameter(this, itemIndex, readOptions(this, itemIndex));
	return await runJob.call(this, itemIndex, state, {
		endpoint: 'DataManagement/ExecuteSequence',
		subject: `Data Management sequence "${sequenceName}"`,
		body: {
			ApplicationName: applicationName,
			SequenceName: sequenceName,
			...(workspaceName === '' ? {} : { WorkspaceName: workspaceName }),
		},
		ran: {
			operation: 'executeSequence',
			applicationName,
			sequenceName,
			...(workspaceName === '' ? {} : { workspaceName }),
		},
		substitutionVariables,
	});
}
