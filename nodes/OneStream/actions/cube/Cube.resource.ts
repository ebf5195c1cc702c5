import type { INodeProperties } from 'n8n-workflow';

import * as getDataCells from './getDataCells.operation';
import * as getDimensionHierarchy from './getDimensionHierarchy.operation';
import * as getMany from './getMany.operation';
import * as getMemberProperties from './getMemberProperties.operation';

export { getDataCells, getDimensionHierarchy, getMany, getMemberProperties };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cube'] } },
		options: [
			{
				name: 'Get Data Cells',
				value: 'getDataCells',
				description: 'Get the cells of a cube by point of view (member filters)',
				action: 'Get the data cells of a cube',
			},
			{
				name: 'Get Dimension Hierarchy',
				value: 'getDimensionHierarchy',
				description: 'Get the parent-child hierarchy of a dimension of a cube',
				action: 'Get the hierarchy of a dimension',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get the cubes of an application',
				action: 'Get many cubes',
			},
			{
				name: 'Get Member Properties',
				value: 'getMemberProperties',
				description: 'Get the members of a dimension of a cube with their properties',
				action: 'Get the member properties of a dimension',
			},
		],
		default: 'getDataCells',
	},
	...getDataCells.description,
	...getDimensionHierarchy.description,
	...getMany.description,
	...getMemberProperties.description,
];
