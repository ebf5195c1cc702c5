import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { stringParameter } from '../../helpers/parameters';
import { InputError, requireName } from '../../helpers/validation';
import {
	applicationNameProperty,
	outputProperties,
	readOptionsCollection,
	resultTableNameProperty,
	substitutionVariablesProperty,
} from '../common.descriptions';
import type { ExecutionState } from '../node.type';
import { assertPlaceholdersFilled, dataProviderBody, readDataQueryInputs, runDataQuery } from '../runners';

const properties: INodeProperties[] = [
	applicationNameProperty,
	{
		displayName: 'Method Type',
		name: 'methodType',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. BiBlendInfo',
		description:
			'The method command type, as in a Method data adapter (e.g. BiBlendInfo, WorkflowStatus, BusinessRule). Needs the Administrator role.',
	},
	{
		displayName: 'Method Query',
		name: 'methodQuery',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {Houston.Import}{Actual}{2026M1}{}',
		description: 'The brace-delimited arguments of the method command',
	},
	resultTableNameProperty,
	substitutionVariablesProperty,
	...outputProperties,
	readOptionsCollection(),
];


export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['runMethodCommand'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const inputs = readDataQueryInputs.call(this, itemIndex);
	const methodType = requireName(stringParameter(this, 'methodType', itemIndex), 'Method Type', 'BiBlendInfo');
	if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(methodType)) {
		throw new InputError(
			`Method Type "${methodType}" is not a method command type name`,
			'Enter the type as OneStream names it, letters and digits only, e.g. BiBlendInfo or WorkflowStatus.',
		);
	}
	const methodQuery = requireName(stringParameter(this, 'methodQuery', itemIndex), 'Method Query', '{Houston.Import}{Actual}{2026M1}{}');
	assertPlaceholdersFilled('method query', methodQuery, inputs);
	return await runDataQuery.call(this, itemIndex, state, {
		endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
		apiVersion: '5.2.0',
		subject: `method command "${methodType}"`,
		body: dataProviderBody(state, inputs, {
			// The sources disagree on the field name; OneStream ignores unknown fields.
			XFCommandMethodType: methodType,
			XFCommandMethodTypeId: methodType,
			MethodQuery: methodQuery,
		}),
		inputs,
	});
}
