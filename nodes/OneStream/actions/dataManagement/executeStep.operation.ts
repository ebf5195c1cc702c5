import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readApplicationName, readOptions, readSubstitutionVariableParameter, stringParameter } from '../../helpers/parameters';
import { requireName } from '../../helpers/validation';
import { applicationNameProperty, jobOptionsCollection, jobRetryNotice, substitutionVariablesProperty } from '../common.descriptions';
import type { ExecutionState } from '../node.type';
import { runJob } from '../runners';

/** Group and step fields, shared with the business-rule Execute operation (which runs a step). */
export function stepProperties(stepDescription: string): INodeProperties[] {
	return [
		applicationNameProperty,
		{
			displayName: 'Data Management Group Name',
			name: 'dataManagementGroupName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Integration',
			description: 'The Data Management group that contains the step',
		},
		{
			displayName: 'Step Name',
			name: 'stepName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. Import_GL',
			description: stepDescription,
		},
		substitutionVariablesProperty,
		jobOptionsCollection,
		jobRetryNotice,
	];
}

/** Runs one Data Management step; `operation` names what the user picked, for the output item. */
export async function executeDataManagementStep(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
	operation: string,
): Promise<INodeExecutionData[]> {
	const applicationName = readApplicationName(this, itemIndex);
	const dataManagementGroupName = requireName(
		stringParameter(this, 'dataManagementGroupName', itemIndex),
		'Data Management Group Name',
		'Integration',
	);
	const stepName = requireName(stringParameter(this, 'stepName', itemIndex), 'Step Name', 'Import_GL');
	const substitutionVariables = readSubstitutionVariableParameter(this, itemIndex, readOptions(this, itemIndex));
	return await runJob.call(this, itemIndex, state, {
		endpoint: 'DataManagement/ExecuteStep',
		subject: `Data Management step "${stepName}" (group "${dataManagementGroupName}")`,
		body: {
			ApplicationName: applicationName,
			DataManagementGroupName: dataManagementGroupName,
			StepName: stepName,
		},
		ran: { operation, applicationName, dataManagementGroupName, stepName },
		substitutionVariables,
	});
}


export const description = updateDisplayOptions(
	{ show: { resource: ['dataManagement'], operation: ['executeStep'] } },
	stepProperties('The step to run. The node waits until OneStream reports that it has finished.'),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	return await executeDataManagementStep.call(this, itemIndex, state, 'executeStep');
}
