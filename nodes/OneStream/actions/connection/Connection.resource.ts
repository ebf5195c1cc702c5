import type { INodeProperties } from 'n8n-workflow';

import * as diagnose from './diagnose.operation';

export { diagnose };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['connection'] } },
		options: [
			{
				name: 'Diagnose',
				value: 'diagnose',
				description:
					'Check the server, the token, the API routes and the Administrator role, one item per check; changes nothing',
				action: 'Diagnose the connection',
			},
		],
		default: 'diagnose',
	},
	...diagnose.description,
];
