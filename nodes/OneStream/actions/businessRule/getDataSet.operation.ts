import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { methodCommandRequest } from '../../read/sources';
import { inputError } from '../../shared/errors';
import { itemParameters, nameParameter } from '../../shared/parameters';
import { substitutionVariablesProperty } from '../../shared/substitutionVariables';
import type { ExecutionState } from '../node.type';
import { getReadInputs, readOperationProperties, readTarget, readToItems } from '../readOperation';

const ruleName = nameParameter({
	displayName: 'Rule Name',
	name: 'ruleName',
	required: true,
	example: 'FX_Rates',
	description: 'The Dashboard DataSet business rule to run',
});

const dataSetName = nameParameter({
	displayName: 'Data Set Name',
	name: 'dataSetName',
	required: true,
	example: 'Rates',
	description: "The data set the rule returns (the rule's args.DataSetName)",
});

export const description = updateDisplayOptions(
	{ show: { resource: ['businessRule'], operation: ['getDataSet'] } },
	readOperationProperties({
		object: [ruleName.property, dataSetName.property],
		resultTable: false,
		substitutionVariables: {
			...substitutionVariablesProperty,
			description:
				"The rule's name-value parameters (args.NameValuePairs). They are also sent as substitution variables, so |!Name!| references resolve too.",
		},
	}),
);

const BRACE_OR_COMMA = /[{},]/;

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const rule = ruleName.get(parameters);
	const dataSet = dataSetName.get(parameters);
	for (const [label, value] of [
		['Rule Name', rule],
		['Data Set Name', dataSet],
	]) {
		if (/[{}]/.test(value)) {
			throw inputError(
				`${label} cannot contain { or }`,
				'The method query is built as {Rule}{DataSet}{Name=Value,…}; enter the plain name.',
			);
		}
	}
	const inputs = getReadInputs(parameters, state, itemIndex, dataSet);
	// In the method query a pair ends at a comma and the list at }, so those cannot appear in values.
	for (const { name, value } of inputs.substitutionVariables.list) {
		if (BRACE_OR_COMMA.test(value)) {
			throw inputError(
				`The value of parameter "${name}" contains a comma or a curly brace`,
				'Business-rule parameters travel as {Name=Value,Name2=Value2}, where a comma or brace would cut the value. Remove it or pass it differently.',
			);
		}
	}
	const pairs = inputs.substitutionVariables.list
		.map(({ name, value }) => `${name}=${value}`)
		.join(',');
	return await readToItems.call(
		this,
		state,
		inputs,
		methodCommandRequest(
			readTarget(state, inputs),
			{ methodType: 'BusinessRule', methodQuery: `{${rule}}{${dataSet}}{${pairs}}` },
			{
				subject: `business rule "${rule}" data set "${dataSet}"`,
				fileBaseName: dataSet,
				anyOneTable: true,
			},
		),
	);
}
