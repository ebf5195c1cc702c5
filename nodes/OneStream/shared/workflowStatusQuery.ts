import { inputError } from './errors';
import type { ReadParameter } from './parameters';
import { nameParameter, optionalNameParameter } from './parameters';

/*
 * The WorkflowStatus method command's query, as observed in a client used against real tenants
 * (not documented): {Profile}{Scenario}{Time}{ProfileType}{RelativeType}{Filter}. Read from the
 * same parameters by Workflow › Get Status and by the trigger's Workflow Status Changed.
 */

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
