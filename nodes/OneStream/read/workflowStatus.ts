import type { INodeProperties } from 'n8n-workflow';

import { inputError } from '../shared/errors';
import type { GetParameter, Parameter } from '../shared/parameters';
import { nameParameter } from '../shared/parameters';
import type { DataProviderTarget, ReadRequest } from './request';
import { methodCommandRequest } from './sources';

/*
 * The WorkflowStatus method command's query, as observed in a client used against real tenants
 * (not documented): {Profile}{Scenario}{Time}{ProfileType}{RelativeType}{Filter}. Read from the
 * same parameters by Workflow › Get Status and by the trigger's Workflow Status Changed.
 */

/** The table Get Status and the trigger name in the request. */
export const WORKFLOW_STATUS_TABLE = 'WorkflowStatus';

const profile = nameParameter({
	displayName: 'Workflow Profile',
	name: 'workflowProfile',
	required: true,
	example: 'Houston.Import',
	description:
		'The workflow profile, as OneStream names it (Parent.Child). OneStream publishes no way to list profiles over the API, so type it or use an expression.',
});

const scenario = nameParameter({
	displayName: 'Scenario',
	name: 'scenario',
	default: 'Actual',
	required: true,
	example: 'Actual',
});

const time = nameParameter({
	displayName: 'Time',
	name: 'time',
	required: true,
	example: '2026M3',
	description:
		"The period, as a OneStream time member, e.g. 2026M3. For the current month: {{ $now.toFormat('yyyy') + 'M' + $now.month }}.",
});

const profileType = nameParameter({
	displayName: 'Profile Type',
	name: 'profileType',
	default: 'AllProfiles',
	required: true,
	example: 'AllProfiles',
	description: 'Which profile types to include; AllProfiles includes every type',
});

const relativeType = nameParameter({
	displayName: 'Relative Type',
	name: 'relativeType',
	default: 'Descendants',
	required: true,
	example: 'Descendants',
	description: 'Which profiles relative to the Workflow Profile to include, e.g. Descendants',
});

const filter = nameParameter({
	displayName: 'Filter',
	name: 'filter',
	required: false,
	example: '',
	description:
		'An optional filter, in OneStream’s syntax for method commands. Leave empty for none.',
});

/** The profile, scenario, time, profile type and relative type, as both operations show them. */
export const workflowStatusArgumentProperties: INodeProperties[] = [
	profile,
	scenario,
	time,
	profileType,
	relativeType,
].map((argument) => argument.property);

export const workflowStatusFilterProperty = filter.property;

/** One brace-group argument: a brace would end it early and shift every argument after it. */
function argument(parameters: GetParameter, definition: Parameter<string>): string {
	const value = definition.get(parameters);
	if (/[{}]/.test(value)) {
		throw inputError(
			`${definition.property.displayName} cannot contain { or }`,
			`The method query is built as {Profile}{Scenario}{Time}{ProfileType}{RelativeType}{Filter}; a brace in "${value}" would shift the arguments. Enter the plain value.`,
		);
	}
	return value;
}

export interface WorkflowStatusQuery {
	profile: string;
	query: string;
}

/** The profile and the query; `withFilter` reads the Filter parameter (otherwise it is empty). */
export function workflowStatusQuery(
	parameters: GetParameter,
	withFilter: boolean,
): WorkflowStatusQuery {
	const profileName = argument(parameters, profile);
	const query = [
		profileName,
		argument(parameters, scenario),
		argument(parameters, time),
		argument(parameters, profileType),
		argument(parameters, relativeType),
		withFilter ? argument(parameters, filter) : '',
	]
		.map((value) => `{${value}}`)
		.join('');
	return { profile: profileName, query };
}

/** The WorkflowStatus method command read; its one table counts whatever OneStream names it. */
export function workflowStatusRequest(
	target: DataProviderTarget,
	status: WorkflowStatusQuery,
): ReadRequest {
	return methodCommandRequest(
		target,
		{ methodType: 'WorkflowStatus', methodQuery: status.query },
		{
			subject: `the workflow status of "${status.profile}"`,
			fileBaseName: `WorkflowStatus-${status.profile}`,
			anyOneTable: true,
		},
	);
}
