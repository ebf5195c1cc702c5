import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { applicationName, itemParameters, objectLocator } from '../../shared/parameters';
import {
	getSubstitutionVariables,
	substitutionVariablesJson,
	substitutionVariablesProperty,
} from '../../shared/substitutionVariables';
import { allowAgentJobs } from '../agent';
import { getJobTimeout, jobOptionsProperty, runJob } from '../job';
import { jobRetryNotice } from './jobNotice';
import type { ExecutionState } from '../node.type';

/*
 * A Data Management step, run through DataManagement/ExecuteStep: the Execute Step operation, and
 * Business Rule › Execute, which runs an Extensibility rule through the step that wraps it.
 */

const group = objectLocator({
	name: 'dataManagementGroupName',
	displayName: 'Data Management Group',
	searchListMethod: 'searchDataManagementGroups',
	example: 'Integration',
	description: 'The Data Management group that contains the step',
	required: true,
});

/** The step; the list shows the steps of the chosen group. */
const step = objectLocator({
	name: 'stepName',
	displayName: 'Step',
	searchListMethod: 'searchSteps',
	example: 'Import_GL',
	description: 'The Data Management step to run',
	required: true,
});

/** The step's parameters; `stepDescription` says what the step is in the operation's words. */
export function stepProperties(stepDescription: string): INodeProperties[] {
	return [
		applicationName.property,
		group.property,
		{ ...step.property, description: stepDescription },
		substitutionVariablesProperty,
		substitutionVariablesJson,
		allowAgentJobs.property,
		jobOptionsProperty,
		jobRetryNotice,
	];
}

/** Runs one Data Management step; `operation` names what the user picked, for the output item. */
export async function runStep(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
	operation: string,
): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const application = applicationName.get(parameters);
	const dataManagementGroupName = group.get(parameters);
	const stepName = step.get(parameters);
	const substitutionVariables = getSubstitutionVariables(parameters);
	return await runJob.call(this, itemIndex, state, {
		endpoint: 'DataManagement/ExecuteStep',
		subject: `Data Management step "${stepName}" (group "${dataManagementGroupName}")`,
		body: {
			ApplicationName: application,
			DataManagementGroupName: dataManagementGroupName,
			StepName: stepName,
		},
		ran: { operation, applicationName: application, dataManagementGroupName, stepName },
		substitutionVariables,
		timeoutMs: getJobTimeout(parameters, state.toolCall),
	});
}
