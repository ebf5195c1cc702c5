import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';
import { booleanOption, integerOption } from './options';
import type { ReadParameter } from './parameters';
import { describeValue, nameList } from './parameters';

/*
 * Settings of the node's tool variant (what n8n offers to AI agents and the MCP Server Trigger).
 * n8n's `@tool` display condition shows them only there; in a workflow they do not exist.
 */

const TOOL_ONLY = { show: { '@tool': [true] } };

/** What a job refused in tool mode tells the model and the user. */
const ASK_A_PERSON =
	'Nothing was sent to OneStream. A person must turn the setting on in this OneStream tool in n8n if AI agents may do this; otherwise use a read operation instead.';

export const allowAgentJobs = booleanOption({
	displayName: 'Allow AI Agents to Run This Job',
	name: 'allowAgentJobs',
	type: 'boolean',
	default: false,
	displayOptions: TOOL_ONLY,
	description:
		'Whether an AI agent may run this Data Management job. Jobs change data in OneStream (a sequence may be a consolidation). Each call of the tool by the agent runs the job once; consider n8n 2.x human review of tool calls.',
});

export const allowAgentSql = booleanOption({
	displayName: 'Allow AI Agents to Run SQL',
	name: 'allowAgentSql',
	type: 'boolean',
	default: false,
	displayOptions: TOOL_ONLY,
	description:
		'Whether an AI agent may run this SQL query. OneStream requires the Administrator role for SQL, and a query written by a model can read any table the token can.',
});

const maxRowsOption = integerOption({
	name: 'maxRows',
	displayName: 'Max Rows',
	label: 'Max Rows',
	default: 100,
	min: 1,
	max: 10_000,
	maxInEditor: true,
	description:
		"The most rows the agent gets from one call. The node stops reading OneStream's answer there and tells the agent that more rows exist.",
});

export const maxRows = {
	property: { ...maxRowsOption.property, displayOptions: TOOL_ONLY } satisfies INodeProperties,
	read: (read: ReadParameter): number =>
		maxRowsOption.read({ maxRows: read('maxRows', undefined) as IDataObject[string] }),
};

export const columnsToReturn = {
	property: {
		displayName: 'Columns to Return',
		name: 'columnsToReturn',
		type: 'string',
		default: '',
		placeholder: 'e.g. Entity, Account, Amount',
		displayOptions: TOOL_ONLY,
		description:
			'Comma-separated column names the agent gets, in this order. Leave empty for all columns. Fewer columns let more rows fit in the model’s context.',
	} satisfies INodeProperties,

	read(read: ReadParameter): string[] {
		const raw = read('columnsToReturn', '');
		if (raw === undefined || raw === null) return [];
		if (typeof raw !== 'string')
			throw inputError(
				`Columns to Return must be text, not ${describeValue(raw)}`,
				'Enter column names separated by commas, e.g. Entity, Account, Amount.',
			);
		return nameList(raw);
	},
};

export const substitutionVariablesJson: INodeProperties = {
	displayName: 'Substitution Variables (JSON)',
	name: 'substitutionVariablesJson',
	type: 'json',
	default: '',
	placeholder: 'e.g. {"pEntity": "Houston", "pTime": "2026M3"}',
	displayOptions: TOOL_ONLY,
	description:
		"Names and values of the object's |!Name!| parameters as one JSON object, for the agent to fill. When set, it is used instead of the Substitution Variables list, and checked the same way.",
	hint: "For the agent to fill it: {{ $fromAI('substitutionVariables', 'Names and values of the parameters', 'json') }}",
};

export type AgentWrite = 'job' | 'sql';

/** Refuses a job or a SQL query that the user did not allow AI agents to run. */
export function assertAgentMay(read: ReadParameter, write: AgentWrite): void {
	const setting = write === 'job' ? allowAgentJobs : allowAgentSql;
	// Only an explicit true allows it: an expression that resolves to "true" or 1 does not.
	if (read(setting.property.name, false) === true) return;
	throw inputError(
		write === 'job'
			? 'This OneStream tool may not run Data Management jobs for an AI agent'
			: 'This OneStream tool may not run SQL queries for an AI agent',
		`${ASK_A_PERSON} The setting is "${setting.property.displayName}".`,
	);
}
