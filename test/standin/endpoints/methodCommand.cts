/**
 * DataProvider/GetAdoDataSetForMethodCommand (5.2.0, Administrator role). Sources disagree on the
 * name of the type field (`XFCommandMethodType` vs `XFCommandMethodTypeId`); both are accepted.
 * Only three method types are modelled; the full list is UNKNOWN.
 */
import { ApiError, fieldRequired } from '../errors.cjs';
import { parseSubstitutionVariables } from '../substitution.cjs';
import type { DataRow } from '../types.cjs';
import {
	findByName,
	requireApplication,
	requireWebServerUrl,
	resultTableName,
	type EndpointHandler,
} from './common.cjs';

export const METHOD_TYPES = ['BusinessRule', 'BiBlendInfo', 'WorkflowStatus'] as const;
type MethodType = (typeof METHOD_TYPES)[number];

/** Splits `{a}{b}{c}` into its brace groups; anything else is null. */
export function parseMethodQuery(query: string): string[] | null {
	const trimmed = query.trim();
	if (!/^(\{[^{}]*\}\s*)+$/.test(trimmed)) return null;
	return [...trimmed.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

function badQuery(type: MethodType, expected: string): ApiError {
	return new ApiError(
		400,
		`Invalid MethodQuery for method type '${type}'.`,
		`Expected ${expected}.`,
	);
}

export const DEFAULT_WORKFLOW_STEPS: Array<[string, string, string | null]> = [
	['Import', 'Completed', '2026-07-02T06:12:44'],
	['Validate', 'Completed', '2026-07-02T06:13:05'],
	['Load', 'Completed', '2026-07-02T06:14:31'],
	['Process', 'InProcess', '2026-07-02T06:20:10'],
	['Confirm', 'NotExecuted', null],
	['Certify', 'NotExecuted', null],
];

function workflowRows(
	profile: string,
	scenario: string,
	time: string,
	steps: Array<[string, string, string | null]>,
): DataRow[] {
	return steps.map(([step, status, at]) => ({
		WorkflowProfile: profile,
		Scenario: scenario,
		Time: time,
		WorkflowStep: step,
		Status: status,
		LastModifiedUser: at === null ? null : 'svc_n8n',
		LastModifiedTime: at,
	}));
}

function biBlendRows(profile: string, scenario: string, time: string, filter: string): DataRow[] {
	return [
		{
			WorkflowProfile: profile,
			Scenario: scenario,
			Time: time,
			BlendTable: `BIB_${profile.replace(/\W+/g, '_')}_Summary`,
			RowCount: 1284,
			Filter: filter === '' ? null : filter,
			LastRunTime: '2026-07-01T22:15:07',
			Status: 'Completed',
		},
		{
			WorkflowProfile: profile,
			Scenario: scenario,
			Time: time,
			BlendTable: `BIB_${profile.replace(/\W+/g, '_')}_Detail`,
			RowCount: 48213,
			Filter: filter === '' ? null : filter,
			LastRunTime: '2026-07-01T22:16:51',
			Status: 'Completed',
		},
	];
}

export const getAdoDataSetForMethodCommand: EndpointHandler = async (env, { body, user }) => {
	requireWebServerUrl(body);
	const application = requireApplication(env, body, user);
	const query = body.requiredString('MethodQuery');
	const rawType =
		body.optionalString('XFCommandMethodType') ?? body.optionalString('XFCommandMethodTypeId');
	if (rawType === undefined || rawType.trim() === '') throw fieldRequired('XFCommandMethodType');
	const type = METHOD_TYPES.find((t) => t.toLowerCase() === rawType.trim().toLowerCase());
	if (type === undefined) {
		throw new ApiError(
			400,
			`The value '${rawType}' is not valid for XFCommandMethodType.`,
			`Supported method types: ${METHOD_TYPES.join(', ')}.`,
		);
	}
	const tableName = resultTableName(body);
	const vars = parseSubstitutionVariables(
		body.optionalString('CustomSubstVarsAsCommaSeparatedPairs') ?? '',
	);
	const groups = parseMethodQuery(query);

	if (type === 'BusinessRule') {
		if (groups === null || groups.length < 2 || groups.length > 3)
			throw badQuery(
				type,
				'{RuleName}{DataSetName}{Name1=Value1,Name2=Value2} (third group optional)',
			);
		const [ruleName, dataSetName, pairs] = groups.map((g) => g.trim());
		const rule = findByName(application.dashboardDataSetRules, ruleName);
		if (rule === undefined) {
			throw new ApiError(
				400,
				`Invalid business rule name '${ruleName}'.`,
				`No Dashboard DataSet business rule '${ruleName}' exists in application '${application.name}'.`,
			);
		}
		const dataSet = rule.getDataSet({
			application: application.name,
			substitutionVariables: vars,
			resultTableName: tableName,
			dataSetName,
			nameValuePairs: parseSubstitutionVariables(pairs ?? ''),
		});
		return { kind: 'dataSet', dataSet };
	}
	// WorkflowStatus as observed: {Profile}{Scenario}{Time}{ProfileType}{RelativeType}{Filter}.
	const most = type === 'WorkflowStatus' ? 6 : 4;
	if (groups === null || groups.length < 3 || groups.length > most)
		throw badQuery(
			type,
			'{WorkflowProfile}{Scenario}{Time}' +
				(type === 'BiBlendInfo'
					? '{Filter}'
					: '{ProfileType or AllProfiles}{RelativeType}{Filter} (last three optional)'),
		);
	const [profile, scenario, time, filter] = groups.map((g) => g.trim());
	const rows =
		type === 'WorkflowStatus'
			? workflowRows(
					profile,
					scenario,
					time,
					env.harvest.stepsOf(profile, scenario, time) ??
						env.data.workflowSteps ??
						DEFAULT_WORKFLOW_STEPS,
				)
			: biBlendRows(profile, scenario, time, filter ?? '');
	return { kind: 'dataSet', dataSet: { tables: [{ name: tableName, rows }] } };
};
