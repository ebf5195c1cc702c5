import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, updateDisplayOptions } from 'n8n-workflow';

import { listSearch } from './methods';
import { readLimitsOptionsProperty } from './shared/options';
import { applicationName, output } from './shared/parameters';
import { poll, rowsPerPoll } from './trigger/poll';
import { sourceProperties } from './trigger/source';
import { workflowStatusProperties } from './trigger/workflowStatus';

/**
 * OneStream has no webhooks: this trigger polls. New Rows emits each row past a cursor once;
 * Workflow Status Changed emits each workflow unit whose status changed. See ./trigger/poll.ts.
 */
export class OneStreamTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OneStream Trigger',
		name: 'oneStreamTrigger',
		icon: { light: 'file:../../icons/onestream.svg', dark: 'file:../../icons/onestream.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter.event === "workflowStatusChanged" ? "Workflow Status Changed" : "New Rows" }}',
		description:
			'Starts the workflow when new rows land in OneStream or a workflow unit changes status',
		defaults: { name: 'OneStream Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oneStreamApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'newRows',
				options: [
					{
						name: 'New Rows',
						value: 'newRows',
						description: 'Rows past a cursor column, from a data adapter, SQL or a method command',
					},
					{
						name: 'Workflow Status Changed',
						value: 'workflowStatusChanged',
						description: 'A workflow unit of a profile, scenario and time changed status',
					},
				],
			},
			applicationName.property,
			...sourceProperties('newRows'),
			...updateDisplayOptions({ show: { event: ['newRows'] } }, [
				{
					displayName: 'Cursor Column',
					name: 'cursorColumn',
					type: 'string',
					default: '',
					required: true,
					placeholder: 'e.g. PostedAt',
					description:
						'A column that increases with each new row: a timestamp or an ID. Rows past the last value seen are emitted.',
				},
				{
					displayName: 'Cursor Variable',
					name: 'cursorVariable',
					type: 'string',
					default: 'LastCursor',
					description:
						'The substitution variable that carries the last cursor value to OneStream, so the source filters there: |!LastCursor!| in the query or the adapter',
				},
				{
					displayName: 'Key Columns',
					name: 'keyColumns',
					type: 'string',
					default: '',
					placeholder: 'e.g. JournalId, LineNo',
					description:
						'Comma-separated columns that identify a row, to emit rows sharing the last cursor value once. Empty: the whole row.',
				},
				{
					displayName: 'Start From',
					name: 'startFrom',
					type: 'options',
					default: 'now',
					options: [
						{
							name: 'Now',
							value: 'now',
							description: 'The first poll notes where the data stands and emits nothing',
						},
						{
							name: 'All Rows',
							value: 'all',
							description: 'The first poll emits every row it reads',
						},
						{
							name: 'Since a Value',
							value: 'since',
							description: 'The first poll emits the rows past the Initial Cursor',
						},
					],
				},
				{
					displayName: 'Initial Cursor',
					name: 'initialCursor',
					type: 'string',
					default: '',
					placeholder: 'e.g. 2026-01-01T00:00:00',
					description:
						'Sent as the cursor variable before any row was seen, e.g. 0 or 1900-01-01; with Since a Value, the value to start after',
				},
				rowsPerPoll.property,
				...output.properties,
			]),
			...workflowStatusProperties,
			readLimitsOptionsProperty,
		],
	};

	methods = { listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll.call(this);
	}
}
