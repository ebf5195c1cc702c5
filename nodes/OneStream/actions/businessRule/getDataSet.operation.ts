import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { readOptionsProperty } from '../../shared/options';
import { applicationName, itemParameters, output, nameParameter } from '../../shared/parameters';
import { substitutionVariablesProperty } from '../../shared/substitutionVariables';
import { substitutionVariablesJson } from '../../shared/agent';
import type { ExecutionState } from '../node.type';
import { agentReadProperties, methodCommandBody, readReadInputs, runRead } from '../read';

const properties: INodeProperties[] = [
	applicationName.property,
	{
		displayName: 'Rule Name',
		name: 'ruleName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. FX_Rates',
		description: 'The Dashboard DataSet business rule to run',
	},
	{
		displayName: 'Data Set Name',
		name: 'dataSetName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Rates',
		description: "The data set the rule returns (the rule's args.DataSetName)",
	},
	{
		...substitutionVariablesProperty,
		description:
			"The rule's name-value parameters (args.NameValuePairs). They are also sent as substitution variables, so |!Name!| references resolve too.",
	},
	substitutionVariablesJson,
	...output.properties,
	...agentReadProperties,
	readOptionsProperty(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['businessRule'], operation: ['getDataSet'] } },
	properties,
);

const BRACE_OR_COMMA = /[{},]/;

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const read = itemParameters(this, itemIndex);
	const ruleName = nameParameter(read, 'ruleName', 'Rule Name', 'FX_Rates');
	const dataSetName = nameParameter(read, 'dataSetName', 'Data Set Name', 'Rates');
	for (const [label, value] of [
		['Rule Name', ruleName],
		['Data Set Name', dataSetName],
	]) {
		if (/[{}]/.test(value)) {
			throw inputError(
				`${label} cannot contain { or }`,
				'The method query is built as {Rule}{DataSet}{Name=Value,…}; enter the plain name.',
			);
		}
	}
	const inputs = readReadInputs(read, state, dataSetName);
	// In the method query a pair ends at a comma and the list at }, so those cannot appear in values.
	for (const { name, value } of inputs.substitutionVariables.list) {
		if (BRACE_OR_COMMA.test(value)) {
			throw inputError(
				`The value of parameter "${name}" contains a comma or a curly brace`,
				'Business-rule parameters travel as {Name=Value,Name2=Value2}, where a comma or brace would cut the value. Remove it or pass it differently.',
			);
		}
	}
	const parameters = inputs.substitutionVariables.list
		.map(({ name, value }) => `${name}=${value}`)
		.join(',');
	return await runRead.call(this, state, inputs, {
		endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
		apiVersion: '5.2.0',
		subject: `business rule "${ruleName}" data set "${dataSetName}"`,
		fileBaseName: dataSetName,
		body: methodCommandBody(
			state,
			inputs,
			'BusinessRule',
			`{${ruleName}}{${dataSetName}}{${parameters}}`,
		),
		acceptOnlyTable: true,
	});
}
