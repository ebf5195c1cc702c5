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
import { agentReadProperties, methodCommandBody, readReadInputs, runRead } from '../read';

/** Method command types as a client run against real tenants lists them (observed, not documented). */
const METHOD_TYPES = [
	'BiBlendInfo',
	'BusinessRule',
	'CertificationForWorkflowUnit',
	'ConfirmationForWorkflowUnit',
	'DataCellDetail',
	'DataUnit',
	'DataUnitComparison',
	'Dimensions',
	'DimensionTypes',
	'DirectLoadInfo',
	'ExcelFile',
	'FormsStatusForWorkflowUnit',
	'Groups',
	'GroupsForUsers',
	'ICMatchingForWorkflowUnit',
	'ICMatchingForWorkflowUnitMultiPeriod',
	'ICMatchingForWorkflowUnitMultiPlug',
	'ICMatchingPlugAccountsForWorkflowUnit',
	'JournalForWorkflowUnit',
	'Members',
	'ScenarioTypes',
	'StageSummaryTargetData',
	'UserCubeSlicerights',
	'UserEntityRights',
	'Users',
	'UserScenarioRights',
	'UsersInGroups',
	'UserWorkflowProfileRights',
	'WorkflowAndEntityStatus',
	'WorkflowCalculationEntities',
	'WorkflowConfirmationEntities',
	'WorkflowLockHistory',
	'WorkflowProfileAndDependentProfileEntities',
	'WorkflowProfileEntities',
	'WorkflowProfileRelatives',
	'WorkflowProfiles',
	'WorkflowStatus',
	'WorkflowStatusTwelvePeriod',
] as const;

/** Query shapes seen in public clients; the others are as in a Method data adapter of that type. */
const QUERY_SHAPES: Partial<Record<(typeof METHOD_TYPES)[number], string>> = {
	BiBlendInfo: '{WorkflowProfileName}{Actual}{2026M1}{filter or empty}',
	BusinessRule: '{RuleName}{DataSetName}{Name=Value,Name2=Value2}',
	DataUnit: '{Cube}{Entity}{Parent}{Cons}{Scenario}{Time}{View}{Suppress NoData}{filter or empty}',
	Members: '{Account}{MyAccountDim}{A#Root.TreeDescendants}{filter or empty}',
	WorkflowStatus:
		'{ProfileName}{ScenarioName}{2026M1}{ProfileType or AllProfiles}{RelativeType, e.g. Descendants}{filter or empty}',
};

const OTHER = 'other';

const methodTypeOptions = [
	...METHOD_TYPES.map((type) => ({
		name: type,
		value: type,
		description: QUERY_SHAPES[type]
			? `Query: ${QUERY_SHAPES[type]}`
			: 'Query as in a Method data adapter of this type',
	})),
	{ name: 'Other (Type It)', value: OTHER, description: 'A type not in this list' },
].sort((a, b) => a.name.localeCompare(b.name));

const properties: INodeProperties[] = [
	applicationName.property,
	{
		displayName: 'Method Type',
		name: 'methodType',
		type: 'options',
		default: 'WorkflowStatus',
		required: true,
		options: methodTypeOptions,
		description:
			"The method command type, as in a Method data adapter. The list shows each type's query where it is known. Needs the Administrator role.",
	},
	{
		displayName: 'Other Method Type',
		name: 'methodTypeOther',
		type: 'string',
		default: '',
		// Not `required`: n8n would then demand it whenever Method Type is an expression.
		placeholder: 'e.g. BiBlendInfo',
		displayOptions: { show: { methodType: [OTHER] } },
		description: 'The method command type as OneStream names it',
	},
	{
		displayName: 'Method Query',
		name: 'methodQuery',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {Houston.Import}{Actual}{2026M1}{}',
		hint: 'Each argument in braces, in the order the type expects (shown in the Method Type list)',
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
	const picked = nameParameter(read, 'methodType', 'Method Type', 'BiBlendInfo');
	const methodType =
		picked === OTHER
			? nameParameter(read, 'methodTypeOther', 'Other Method Type', 'BiBlendInfo')
			: picked;
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
		body: methodCommandBody(state, inputs, methodType, methodQuery),
	});
}
