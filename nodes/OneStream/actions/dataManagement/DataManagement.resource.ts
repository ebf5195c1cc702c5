import type { INodeProperties } from 'n8n-workflow';

import * as executeSequence from './executeSequence.operation';
import * as executeStep from './executeStep.operation';

export { executeSequence, executeStep };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dataManagement'] } },
		options: [
			{
				name: 'Execute Sequence',
				value: 'executeSequence',
				description: 'Run a Data Management sequence and wait for it to finish',
				action: 'Run a data management sequence and wait for it to finish',
			},
			{
				name: 'Execute Step',
				value: 'executeStep',
				description: 'Run one Data Management step and wait for it to finish',
				action: 'Run a data management step and wait for it to finish',
			},
		],
		default: 'executeSequence',
	},
	...executeSequence.description,
	...executeStep.description,
];
