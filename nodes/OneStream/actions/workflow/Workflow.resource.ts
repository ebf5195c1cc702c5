import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';

export { getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workflow'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Get the status of the workflow units of a profile, scenario and period',
				action: 'Get the status of workflow units',
			},
		],
		default: 'getStatus',
	},
	...getStatus.description,
];
