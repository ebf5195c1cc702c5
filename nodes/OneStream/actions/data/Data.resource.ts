import type { INodeProperties } from 'n8n-workflow';

import * as getCubeView from './getCubeView.operation';
import * as getDataAdapter from './getDataAdapter.operation';
import * as runMethodCommand from './runMethodCommand.operation';
import * as runSql from './runSql.operation';

export { getCubeView, getDataAdapter, runMethodCommand, runSql };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['data'] } },
		options: [
			{
				name: 'Get Cube View',
				value: 'getCubeView',
				description: 'Run a cube view and return its rows',
				action: 'Get the values of a cube view',
			},
			{
				name: 'Get Data Adapter',
				value: 'getDataAdapter',
				description: 'Run a dashboard data adapter and return its rows',
				action: 'Get the rows of a data adapter',
			},
			{
				name: 'Run Method Command',
				value: 'runMethodCommand',
				description: 'Run a method command (e.g. BiBlendInfo) and return its rows',
				action: 'Run a method command and get its rows',
			},
			{
				name: 'Run SQL Query',
				value: 'runSql',
				description: 'Run a SQL query against the application, framework or an external database',
				action: 'Run a SQL query and get its rows',
			},
		],
		default: 'getDataAdapter',
	},
	...getDataAdapter.description,
	...getCubeView.description,
	...runSql.description,
	...runMethodCommand.description,
];
