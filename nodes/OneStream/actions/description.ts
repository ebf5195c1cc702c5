import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../shared/credentialSettings';
import * as businessRule from './businessRule/BusinessRule.resource';
import * as data from './data/Data.resource';
import * as dataManagement from './dataManagement/DataManagement.resource';

/** The OneStream node's description, assembled from its resources. */
export const nodeDescription: INodeTypeDescription = {
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
	credentials: [{ name: CREDENTIAL_TYPE, required: true }],
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
