import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { readOptionsProperty } from '../../shared/options';
import {
	applicationName,
	itemParameters,
	output,
	nameParameter,
	resultTableName,
} from '../../shared/parameters';
import {
	assertPlaceholdersFilled,
	substitutionVariablesProperty,
} from '../../shared/substitutionVariables';
import { substitutionVariablesJson } from '../../shared/agent';
import type { ExecutionState } from '../node.type';
import { agentReadProperties, dataProviderBody, readReadInputs, runRead } from '../read';

const properties: INodeProperties[] = [
	applicationName.property,
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
	resultTableName.property,
	substitutionVariablesProperty,
	substitutionVariablesJson,
	...output.properties,
	...agentReadProperties,
	readOptionsProperty(),
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
	const read = itemParameters(this, itemIndex);
	const inputs = readReadInputs(read, state);
	const methodType = nameParameter(read, 'methodType', 'Method Type', 'BiBlendInfo');
	if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(methodType)) {
		throw inputError(
			`Method Type "${methodType}" is not a method command type name`,
			'Enter the type as OneStream names it, letters and digits only, e.g. BiBlendInfo or WorkflowStatus.',
		);
	}
	const methodQuery = nameParameter(
		read,
		'methodQuery',
		'Method Query',
		'{Houston.Import}{Actual}{2026M1}{}',
	);
	assertPlaceholdersFilled('method query', methodQuery, inputs.substitutionVariables.list);
	return await runRead.call(this, state, inputs, {
		endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
		apiVersion: '5.2.0',
		subject: `method command "${methodType}"`,
		fileBaseName: methodType,
		body: dataProviderBody(state, inputs, {
			// The sources disagree on the field name; OneStream ignores unknown fields.
			XFCommandMethodType: methodType,
			XFCommandMethodTypeId: methodType,
			MethodQuery: methodQuery,
		}),
	});
}
