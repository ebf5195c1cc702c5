import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, updateDisplayOptions } from 'n8n-workflow';

import { listSearch } from './methods';
import { readLimitsOptions, resultTableName } from './read/request';
import { output } from './read/output';
import { applicationName, optionsProperty } from './shared/parameters';
import {
	cursorColumn,
	cursorVariable,
	initialCursor,
	newRowsNotice,
	keyColumns,
	poll,
	rowsPerPoll,
	startFrom,
} from './trigger/poll';
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
			// One sentence for both nodes: n8n's nodes panel merges them and shows the trigger's.
			'Run Data Management sequences and business rules, read data, cubes and workflow status, and start workflows on new rows or close status changes in OneStream',
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
				newRowsNotice,
				cursorColumn.property,
				cursorVariable.property,
				keyColumns.property,
				startFrom.property,
				initialCursor.property,
				rowsPerPoll.property,
				...output.properties,
			]),
			...workflowStatusProperties,
			optionsProperty([
				...readLimitsOptions,
				resultTableName.with({ displayOptions: { show: { '/event': ['newRows'] } } }),
			]),
		],
	};

	methods = { listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll.call(this);
	}
}
