import type { INodeProperties } from 'n8n-workflow';

import { inputError } from '../shared/errors';
import type { GetParameter } from '../shared/parameters';
import {
	nameParameter,
	objectLocator,
	parameter,
	requiredName,
	strictChoiceParameter,
	workspaceLocator,
} from '../shared/parameters';
import type { SubstitutionVariable } from '../shared/substitutionVariables';
import { assertPlaceholdersFilled } from '../shared/substitutionVariables';
import type { DataProviderTarget, ReadRequest } from './request';
import { dataProviderRequest, methodCommandFields } from './request';

/*
 * The objects a read can run through the Data Provider: a data adapter, a SQL query, a method
 * command. Each is defined once, its parameters and its request, for the Data operations and the
 * trigger's New Rows alike.
 */

export interface ReadSource<T> {
	/** The object's own parameters (no display conditions: the node adds its own). */
	properties: INodeProperties[];
	/** The object as the user named it; throws an input error for what cannot be sent. */
	get(parameters: GetParameter): T;
	/** The 5.2.0 request, checked against the substitution variables it will carry. */
	request(target: DataProviderTarget, object: T, variables: SubstitutionVariable[]): ReadRequest;
}

// ---------------------------------------------------------------------------------------------
// Data adapter

/** Sent when the Workspace is left empty, as public clients do for application adapters. */
export const DEFAULT_WORKSPACE = 'Default';

export const adapterName = objectLocator({
	name: 'adapterName',
	displayName: 'Data Adapter',
	searchListMethod: 'searchDataAdapters',
	example: 'GL_Export',
	description: 'The dashboard data adapter to run',
	required: true,
});

const adapterWorkspace = workspaceLocator('adapter');

export interface DataAdapter {
	adapterName: string;
	/** As the user gave it; empty for the Default workspace. */
	workspaceName: string;
}

export const adapterSubject = (name: string): string => `data adapter "${name}"`;

export const dataAdapter: ReadSource<DataAdapter> = {
	properties: [adapterWorkspace.property, adapterName.property],
	get: (parameters) => ({
		adapterName: adapterName.get(parameters),
		workspaceName: adapterWorkspace.get(parameters),
	}),
	request: (target, adapter) =>
		dataProviderRequest(target, {
			endpoint: 'DataProvider/GetAdoDataSetForAdapter',
			subject: adapterSubject(adapter.adapterName),
			fileBaseName: adapter.adapterName,
			fields: {
				WorkspaceName: adapter.workspaceName || DEFAULT_WORKSPACE,
				AdapterName: adapter.adapterName,
			},
		}),
};

// ---------------------------------------------------------------------------------------------
// SQL query

const sqlQuery = nameParameter({
	displayName: 'SQL Query',
	name: 'sqlQuery',
	typeOptions: { rows: 5, editor: 'sqlEditor' },
	required: true,
	example: 'SELECT Name FROM Member',
	placeholder: 'e.g. SELECT Name, Description FROM Member WHERE DimTypeId = |!pDimType!|',
	// n8n's SQL editor shows no placeholder, so the example is a hint too.
	hint: 'e.g. SELECT Name, Description FROM Member WHERE DimTypeId = |!pDimType!|',
	description:
		'The query to run. Needs the Administrator role. |!Name!| placeholders are filled from the substitution variables.',
	noDataExpression: false,
});

type DbLocation = 'Application' | 'Framework' | 'External';

const dbLocation = strictChoiceParameter<DbLocation>({
	displayName: 'Database',
	name: 'dbLocation',
	default: 'Application',
	listed: ['Application', 'Framework', 'External'],
	options: [
		{ name: 'Application', value: 'Application', description: "The application's database" },
		{
			name: 'External',
			value: 'External',
			description: 'An external database connection defined on the OneStream server',
		},
		{ name: 'Framework', value: 'Framework', description: 'The framework (system) database' },
	],
});

const externalConnectionName = nameParameter({
	displayName: 'External Connection Name',
	name: 'externalConnectionName',
	required: true,
	example: 'Warehouse',
	displayOptions: { show: { dbLocation: ['External'] } },
	description:
		'Name of the external database connection, as defined in the OneStream server configuration',
});

export interface SqlQuery {
	query: string;
	dbLocation: DbLocation;
	externalConnectionName: string;
}

/** The SQL parameters; `queryProperty` lets an operation word the query's help its own way. */
export function sqlSource(queryProperty: Partial<INodeProperties> = {}): ReadSource<SqlQuery> {
	return {
		properties: [
			sqlQuery.with(queryProperty).property,
			dbLocation.property,
			externalConnectionName.property,
		],
		get(parameters) {
			const query = sqlQuery.get(parameters);
			const location = dbLocation.get(parameters);
			return {
				query,
				dbLocation: location,
				externalConnectionName:
					location === 'External' ? externalConnectionName.get(parameters) : '',
			};
		},
		request(target, sql, variables) {
			assertPlaceholdersFilled('SQL query', sql.query, variables);
			return dataProviderRequest(target, {
				endpoint: 'DataProvider/GetAdoDataSetForSqlCommand',
				subject: 'the SQL query',
				// A query has no name of its own: the file takes the result table's (Results.csv).
				fileBaseName: target.resultTableName,
				fields: {
					SqlQuery: sql.query,
					DbLocation: sql.dbLocation,
					XFExternalDBConnectionName: sql.externalConnectionName,
				},
			});
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Method command

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

// Alphabetical, then Other (Type It) last (n8n's lint wants options sorted; the last entry is the
// way out of the list).
const methodTypeOptions = [
	...[...METHOD_TYPES]
		.sort((a, b) => a.localeCompare(b))
		.map((type) => ({
			name: type,
			value: type,
			description: QUERY_SHAPES[type]
				? `Query: ${QUERY_SHAPES[type]}`
				: 'Query as in a Method data adapter of this type (no public source gives its shape)',
		})),
	{ name: 'Other (Type It)', value: OTHER, description: 'A type not in this list' },
];

const methodTypeProperty: INodeProperties = {
	displayName: 'Method Type',
	name: 'methodType',
	type: 'options',
	default: 'WorkflowStatus',
	required: true,
	options: methodTypeOptions,
	description:
		"The method command type, as in a Method data adapter. The list shows each type's query where it is known. Needs the Administrator role.",
};

const otherMethodType = nameParameter({
	displayName: 'Other Method Type',
	name: 'methodTypeOther',
	// Not `required`: n8n would then demand it whenever Method Type is an expression.
	example: 'BiBlendInfo',
	displayOptions: { show: { methodType: [OTHER] } },
	description: 'The method command type as OneStream names it',
});

const methodType = parameter(methodTypeProperty, (raw) =>
	requiredName(raw, 'Method Type', 'BiBlendInfo'),
);

const methodQuery = nameParameter({
	displayName: 'Method Query',
	name: 'methodQuery',
	required: true,
	example: '{Houston.Import}{Actual}{2026M1}{}',
	hint: 'Each argument in braces, in the order the type expects (shown in the Method Type list)',
	description: 'The brace-delimited arguments of the method command',
});

export interface MethodCommand {
	methodType: string;
	methodQuery: string;
}

/** The subject of a method command, for messages. */
export const methodCommandSubject = (type: string): string => `method command "${type}"`;

export const methodCommand: ReadSource<MethodCommand> = {
	properties: [methodTypeProperty, otherMethodType.property, methodQuery.property],
	get(parameters) {
		const picked = methodType.get(parameters);
		const type = picked === OTHER ? otherMethodType.get(parameters) : picked;
		if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(type)) {
			throw inputError(
				`Method Type "${type}" is not a method command type name`,
				'Enter the type as OneStream names it, letters and digits only, e.g. BiBlendInfo or WorkflowStatus.',
			);
		}
		return { methodType: type, methodQuery: methodQuery.get(parameters) };
	},
	request(target, command, variables) {
		assertPlaceholdersFilled('method query', command.methodQuery, variables);
		return methodCommandRequest(target, command, {
			subject: methodCommandSubject(command.methodType),
			fileBaseName: command.methodType,
		});
	},
};

/** A method command read (also business-rule data sets and the workflow status). */
export function methodCommandRequest(
	target: DataProviderTarget,
	command: MethodCommand,
	spec: Pick<ReadRequest, 'subject' | 'fileBaseName' | 'anyOneTable'>,
): ReadRequest {
	return dataProviderRequest(target, {
		...spec,
		endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
		fields: methodCommandFields(command.methodType, command.methodQuery),
	});
}
