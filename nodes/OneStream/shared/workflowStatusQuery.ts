import type { INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';
import type { ReadParameter } from './parameters';
import { nameParameter, optionalNameParameter } from './parameters';

/*
 * The WorkflowStatus method command's query, as observed in a client used against real tenants
 * (not documented): {Profile}{Scenario}{Time}{ProfileType}{RelativeType}{Filter}. Read from the
 * same parameters by Workflow › Get Status and by the trigger's Workflow Status Changed.
 */

/** The profile, scenario, time, profile type and relative type, as both operations show them. */
export const workflowStatusArgumentProperties: INodeProperties[] = [
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
];

/** One brace-group argument: a brace would end it early and shift every argument after it. */
function argument(read: ReadParameter, name: string, label: string, example?: string): string {
	const value =
		example === undefined
			? optionalNameParameter(read, name, label)
			: nameParameter(read, name, label, example);
	if (/[{}]/.test(value)) {
		throw inputError(
			`${label} cannot contain { or }`,
			`The method query is built as {Profile}{Scenario}{Time}{ProfileType}{RelativeType}{Filter}; a brace in "${value}" would shift the arguments. Enter the plain value.`,
		);
	}
	return value;
}

/** The profile and the query; `withFilter` reads the Filter parameter (otherwise it is empty). */
export function workflowStatusQuery(
	read: ReadParameter,
	withFilter: boolean,
): { profile: string; query: string } {
	const profile = argument(read, 'workflowProfile', 'Workflow Profile', 'Houston.Import');
	const query = [
		profile,
		argument(read, 'scenario', 'Scenario', 'Actual'),
		argument(read, 'time', 'Time', '2026M3'),
		argument(read, 'profileType', 'Profile Type', 'AllProfiles'),
		argument(read, 'relativeType', 'Relative Type', 'Descendants'),
		withFilter ? argument(read, 'filter', 'Filter') : '',
	]
		.map((value) => `{${value}}`)
		.join('');
	return { profile, query };
}
