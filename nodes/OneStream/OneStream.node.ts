import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as businessRule from './actions/businessRule/BusinessRule.resource';
import * as data from './actions/data/Data.resource';
import * as dataManagement from './actions/dataManagement/DataManagement.resource';
import { router } from './actions/router';
import { listSearch } from './methods';

export class OneStream implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OneStream',
		name: 'oneStream',
		icon: { light: 'file:../../icons/onestream.svg', dark: 'file:../../icons/onestream.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Run Data Management jobs and business rules, and read data adapters, cube views and SQL from OneStream',
		defaults: { name: 'OneStream' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oneStreamApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Business Rule', value: 'businessRule' },
					{ name: 'Data', value: 'data' },
					{ name: 'Data Management', value: 'dataManagement' },
				],
				default: 'dataManagement',
			},
			...dataManagement.description,
			...businessRule.description,
			...data.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
