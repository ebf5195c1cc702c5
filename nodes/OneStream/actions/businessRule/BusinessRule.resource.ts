import type { INodeProperties } from 'n8n-workflow';

import * as execute from './execute.operation';
import * as getDataSet from './getDataSet.operation';

export { execute, getDataSet };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['businessRule'] } },
		options: [
			{
				name: 'Execute',
				value: 'execute',
				description: 'Run an Extensibility rule through the Data Management step that wraps it',
				action: 'Run a business rule through its data management step',
			},
			{
				name: 'Get Data Set',
				value: 'getDataSet',
				description: 'Run a Dashboard DataSet rule and return its rows',
				action: 'Get the rows of a dashboard data set business rule',
			},
		],
		default: 'execute',
	},
	...execute.description,
	...getDataSet.description,
];
