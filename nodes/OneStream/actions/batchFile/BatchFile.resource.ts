import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['batchFile'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					"Make OneStream batch files from the input items, named for the application's Batch\\Harvest folder",
				action: 'Create a batch file',
			},
		],
		default: 'create',
	},
	...create.description,
];
