import type { INodeParameters } from 'n8n-workflow';

import { inputError } from '../shared/errors';
import { booleanParameter, integerParameter, nameListParameter } from '../shared/parameters';

/*
 * Settings of the node's tool variant (what n8n offers to AI agents and the MCP Server Trigger).
 * n8n's `@tool` display condition shows them only there; in a workflow they do not exist.
 */

const TOOL_ONLY = { show: { '@tool': [true] } };

/** What a job refused in tool mode tells the model and the user. */
const ASK_A_PERSON =
	'Nothing was sent to OneStream. A person must turn the setting on in this OneStream tool in n8n if AI agents may do this; otherwise use a read operation instead.';

export const allowAgentJobs = booleanParameter({
	displayName: 'Allow AI Agents to Run This Job',
	name: 'allowAgentJobs',
	type: 'boolean',
	default: false,
	displayOptions: TOOL_ONLY,
	// A switch only: an expression (such as $fromAI) would let the model grant itself the write.
	noDataExpression: true,
	description:
		'Whether an AI agent may run this Data Management job. Jobs change data in OneStream (a sequence may be a consolidation). Each call of the tool by the agent runs the job once; consider n8n 2.x human review of tool calls.',
});

export const allowAgentSql = booleanParameter({
	displayName: 'Allow AI Agents to Run SQL',
	name: 'allowAgentSql',
	type: 'boolean',
	default: false,
	displayOptions: TOOL_ONLY,
	noDataExpression: true,
	description:
		'Whether an AI agent may run this SQL query. OneStream requires the Administrator role for SQL, and a query written by a model can read any table the token can.',
});

export const maxRows = integerParameter({
	name: 'maxRows',
	displayName: 'Max Rows',
	label: 'Max Rows',
	default: 100,
	min: 1,
	max: 10_000,
	maxInEditor: true,
	displayOptions: TOOL_ONLY,
	description:
		"The most rows the agent gets from one call. The node stops reading OneStream's answer there and tells the agent that more rows exist.",
});

/** How much of a read's answer an agent gets, in kilobytes of its JSON. */
export const maxAnswerSize = integerParameter({
	name: 'maxAnswerKb',
	displayName: 'Max Answer Size (KB)',
	label: 'Max Answer Size',
	default: 100,
	min: 1,
	max: 10_000,
	maxInEditor: true,
	displayOptions: TOOL_ONLY,
	description:
		"The largest answer the agent gets from one call, in kilobytes of JSON (100 KB is about 25,000 tokens). The answer stops at Max Rows or at this size, whichever comes first; the node stops reading OneStream's answer there and tells the agent why.",
});

export const columnsToReturn = nameListParameter({
	displayName: 'Columns to Return',
	name: 'columnsToReturn',
	example: 'Entity, Account, Amount',
	displayOptions: TOOL_ONLY,
	description:
		'Comma-separated column names the agent gets, in this order. Leave empty for all columns. Fewer columns let more rows fit in the model’s context.',
});

export type AgentWrite = 'job' | 'sql';

/**
 * Refuses a job or a SQL query that the user did not allow AI agents to run. Only the switch as
 * saved in the workflow counts, and only when it is on: an expression is refused whatever it
 * gives (with `$fromAI` the model would grant itself the permission).
 */
export function assertAgentMay(saved: INodeParameters, write: AgentWrite): void {
	const setting = write === 'job' ? allowAgentJobs : allowAgentSql;
	const value = saved[setting.name];
	if (value === true) return;
	const expression = typeof value === 'string' && value.startsWith('=');
	throw inputError(
		write === 'job'
			? 'This OneStream tool may not run Data Management jobs for an AI agent'
			: 'This OneStream tool may not run SQL queries for an AI agent',
		`${ASK_A_PERSON} The setting is "${setting.property.displayName}"${expression ? ', and it must be switched on itself: an expression there is not accepted, since a model could set it' : ''}.`,
	);
}
