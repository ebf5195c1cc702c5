import type { INodeProperties } from 'n8n-workflow';

import { inputError } from '../shared/errors';
import type { GetParameter, Parameter } from '../shared/parameters';
import { nameParameter, parameter, requiredName } from '../shared/parameters';
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
		"The period, as a OneStream time member, e.g. 2026M3. A close watches last month: {{ $now.minus({ months: 1 }).toFormat('yyyy') + 'M' + $now.minus({ months: 1 }).month }}; this month: {{ $now.toFormat('yyyy') + 'M' + $now.month }}.",
});

const OTHER = 'other';

/**
 * A list of the values OneStream's own rules use, with Other (Type It). The method command takes
 * OneStream's enumeration names: AllProfiles and Descendants are seen in its query; the others are
 * WorkflowProfileTypes and WorkflowProfileRelativeTypes values seen in OneStream business rules. A
 * value saved before the list existed (typed) is sent as it is.
 */
class ListWithOther {
	readonly list: Parameter<string>;
	readonly other: Parameter<string>;

	constructor(spec: {
		displayName: string;
		name: string;
		default: string;
		values: Array<[string, string]>;
		description: string;
	}) {
		// A plain name: n8n's lint takes `default: spec.default` for a missing default.
		const { default: initial } = spec;
		this.list = parameter(
			{
				displayName: spec.displayName,
				name: spec.name,
				type: 'options',
				default: initial,
				options: [
					...spec.values.map(([value, description]) => ({ name: value, value, description })),
					{ name: 'Other (Type It)', value: OTHER, description: 'A value not in this list' },
				],
				description: spec.description,
			},
			(raw) => requiredName(raw, spec.displayName, spec.default),
		);
		this.other = nameParameter({
			displayName: `Other ${spec.displayName}`,
			name: `${spec.name}Other`,
			example: spec.default,
			displayOptions: { show: { [spec.name]: [OTHER] } },
			description: `The ${spec.displayName.toLowerCase()} as OneStream names it`,
		});
	}

	get properties(): INodeProperties[] {
		return [this.list.property, this.other.property];
	}

	get(parameters: GetParameter): string {
		const picked = this.list.get(parameters);
		return picked === OTHER
			? requiredName(this.other.get(parameters), this.other.property.displayName, 'AllProfiles')
			: picked;
	}
}

const profileType = new ListWithOther({
	displayName: 'Profile Type',
	name: 'profileType',
	default: 'AllProfiles',
	values: [
		['AllProfiles', 'Every type of workflow profile'],
		['BaseInput', 'Base input profiles (data loads)'],
		['InputAdjChild', 'Adjustment input children'],
		['InputImportChild', 'Import input children'],
		['Review', 'Review profiles (reviewers, certification)'],
	],
	description: 'Which types of workflow profile to include; AllProfiles includes every type',
});

const relativeType = new ListWithOther({
	displayName: 'Relative Type',
	name: 'relativeType',
	default: 'Descendants',
	values: [
		['Descendants', 'The profiles below the Workflow Profile'],
		['Siblings', 'The profiles beside the Workflow Profile'],
	],
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
	profile.property,
	scenario.property,
	time.property,
	...profileType.properties,
	...relativeType.properties,
];

export const workflowStatusFilterProperty = filter.property;

/** One brace-group argument: a brace would end it early and shift every argument after it. */
function argument(label: string, value: string): string {
	if (/[{}]/.test(value)) {
		throw inputError(
			`${label} cannot contain { or }`,
			`The method query is built as {Profile}{Scenario}{Time}{ProfileType}{RelativeType}{Filter}; a brace in "${value}" would shift the arguments. Enter the plain value.`,
		);
	}
	return value;
}

const named = (definition: Parameter<string>, parameters: GetParameter) =>
	argument(definition.property.displayName, definition.get(parameters));

export interface WorkflowStatusQuery {
	profile: string;
	query: string;
}

/** The profile and the query; `withFilter` reads the Filter parameter (otherwise it is empty). */
export function workflowStatusQuery(
	parameters: GetParameter,
	withFilter: boolean,
): WorkflowStatusQuery {
	const profileName = named(profile, parameters);
	const query = [
		profileName,
		named(scenario, parameters),
		named(time, parameters),
		argument('Profile Type', profileType.get(parameters)),
		argument('Relative Type', relativeType.get(parameters)),
		withFilter ? named(filter, parameters) : '',
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
