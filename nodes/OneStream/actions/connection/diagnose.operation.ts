import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { cubeNameOf, readCubeList } from '../../read/cubes';
import type { OneStreamReader } from '../../read/reader';
import type { DataProviderTarget, ReadRequest, ReadSettings } from '../../read/request';
import { dataProviderRequest } from '../../read/request';
import {
	workflowStatusArgumentProperties,
	workflowStatusQuery,
	workflowStatusRequest,
} from '../../read/workflowStatus';
import { OneStreamError } from '../../shared/errors';
import type { GetParameter } from '../../shared/parameters';
import {
	booleanParameter,
	integerParameter,
	itemParameters,
	nameParameter,
	objectLocator,
} from '../../shared/parameters';
import { clip, redact } from '../../shared/redaction';
import type { ExecutionState } from '../node.type';

/*
 * Connection › Diagnose: what a first run against a real server needs to know, one item per check,
 * for the credential's user. It reads and never writes (no job, no rule), never stops at the first
 * failure, never shows the token, and ends soon against a silent server: once the server has not
 * answered at all, the checks that would call it again are skipped.
 */

const application = objectLocator({
	name: 'applicationName',
	displayName: 'Application',
	searchListMethod: 'searchApplications',
	example: 'GolfStream',
	description:
		'The application for the checks that need one (the 5.2.0 route, SQL, the cube routes). Empty: the first application the token may open.',
	required: false,
});

const checkWorkflowStatus = booleanParameter({
	displayName: 'Read a Workflow Status',
	name: 'checkWorkflowStatus',
	type: 'boolean',
	default: false,
	description:
		"Whether to read the WorkflowStatus of a profile, scenario and time, to show the columns and status words your server returns (for the trigger's Unit Key Columns, Status Column and Step Column)",
});

const statusColumn = nameParameter({
	displayName: 'Status Column',
	name: 'statusColumn',
	default: 'Status',
	fallback: 'Status',
	example: 'Status',
	description: 'The column whose distinct values to show',
});

const checkTimeout = integerParameter({
	name: 'checkTimeout',
	displayName: 'Timeout per Check (Seconds)',
	label: 'Timeout per Check',
	default: 10,
	min: 1,
	max: 120,
	description: 'How long each check waits for OneStream',
});

const workflowStatusShown = { show: { checkWorkflowStatus: [true] } };

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['connection'], operation: ['diagnose'] } },
	[
		{
			displayName:
				'Runs read-only checks against the server with this credential, one item per check, and changes nothing in OneStream. Run it first against a new server, and paste its output into a bug report: it never shows the token.',
			name: 'diagnoseNotice',
			type: 'notice',
			default: '',
		},
		application.property,
		checkWorkflowStatus.property,
		...workflowStatusArgumentProperties.map((property) => ({
			...property,
			displayOptions: workflowStatusShown,
		})),
		{ ...statusColumn.property, displayOptions: workflowStatusShown },
		checkTimeout.property,
	],
);

type CheckResult = 'passed' | 'failed' | 'skipped';

interface Check extends IDataObject {
	check: string;
	title: string;
	result: CheckResult;
	/** What happened, in OneStream's words where it said something. */
	detail: string;
	whatToDo: string;
	ms: number;
}

/** An adapter name no application has, for a read that can only fail in OneStream's words. */
const PROBE_ADAPTER = 'n8n_diagnose_no_such_adapter';

/** A SQL query that reads one name: allowed only with the Administrator role. */
const ROLE_PROBE_SQL = 'SELECT TOP 1 Name FROM DashboardWorkspace WITH (NOLOCK)';

function failure(error: unknown, secret: string): { detail: string; whatToDo: string } {
	if (error instanceof OneStreamError) {
		return { detail: redact(error.message, secret), whatToDo: redact(error.description, secret) };
	}
	const text = error instanceof Error ? error.message : String(error);
	return { detail: clip(redact(text, secret), 300), whatToDo: '' };
}

const httpStatusOf = (error: unknown): number | undefined =>
	error instanceof OneStreamError && error.details.httpCode !== undefined
		? Number(error.details.httpCode)
		: undefined;

const answered = (error: unknown): boolean =>
	!(error instanceof OneStreamError && error.details.noAnswer === true);

/** Runs one check and times it; a throw is its failure, never the node's. */
async function timed(
	check: string,
	title: string,
	secret: string,
	run: () => Promise<Partial<Check> & { detail: string }>,
): Promise<Check> {
	const started = Date.now();
	try {
		const outcome = await run();
		return { check, title, result: 'passed', whatToDo: '', ...outcome, ms: Date.now() - started };
	} catch (error) {
		const status = httpStatusOf(error);
		return {
			check,
			title,
			result: 'failed',
			...failure(error, secret),
			...(status === undefined ? {} : { httpStatus: status }),
			ms: Date.now() - started,
		};
	}
}

function skipped(check: string, title: string, why: string): Check {
	return { check, title, result: 'skipped', detail: why, whatToDo: '', ms: 0 };
}

/**
 * A read that OneStream can only refuse (an adapter no application has): any answer in
 * OneStream's words except a refusal of the token or the route shows the route works.
 */
async function probeDataProviderRoute(
	reader: OneStreamReader,
	target: DataProviderTarget,
	settings: ReadSettings,
	secret: string,
): Promise<Partial<Check> & { detail: string }> {
	const request = dataProviderRequest(target, {
		endpoint: 'DataProvider/GetAdoDataSetForAdapter',
		subject: `a data adapter that does not exist ("${PROBE_ADAPTER}")`,
		fileBaseName: PROBE_ADAPTER,
		fields: { AdapterName: PROBE_ADAPTER, WorkspaceName: 'Default' },
	});
	let refusal: unknown;
	try {
		await reader.rows(request, settings);
		return { detail: 'The route answered with data for an adapter that should not exist.' };
	} catch (error) {
		refusal = error;
	}
	const status = httpStatusOf(refusal);
	if (status === undefined || [401, 403, 404, 405, 407].includes(status)) {
		return {
			result: 'failed',
			...failure(refusal, secret),
			...(status === undefined ? {} : { httpStatus: status }),
		};
	}
	return {
		detail: `The route answered and took the token: OneStream refused the made-up adapter (HTTP ${status}), as it should.`,
		httpStatus: status,
	};
}

/** The WorkflowStatus answer's columns and the distinct values of its status column. */
function describeWorkflowStatus(
	rows: IDataObject[],
	column: string,
): Partial<Check> & { detail: string } {
	const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
	const found = columns.find((name) => name.toLowerCase() === column.toLowerCase());
	const statusValues =
		found === undefined ? [] : [...new Set(rows.map((row) => String(row[found])))].sort();
	return {
		detail:
			rows.length === 0
				? 'OneStream answered with no workflow units for this profile, scenario and time.'
				: found === undefined
					? `${rows.length} workflow units; there is no column "${column}". The columns are: ${columns.join(', ')}.`
					: `${rows.length} workflow units; status words in "${found}": ${statusValues.join(', ')}.`,
		whatToDo:
			found === undefined && rows.length > 0
				? `Set the trigger's Status Column (and Unit Key Columns, Step Column) to names from: ${columns.join(', ')}.`
				: '',
		columns,
		statusValues,
		units: rows.length,
	};
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const parameters: GetParameter = itemParameters(this, itemIndex);
	const { reader } = state;
	const secret = reader.client.secret;
	const limits: ReadSettings = {
		timeoutMs: checkTimeout.get(parameters) * 1000,
		// One try each: a diagnosis reports what happens, and ends soon.
		retry: { maxRetries: 0, baseDelayMs: 0 },
		tables: 'result',
	};
	const chosen = application.get(parameters);
	const statusWanted = checkWorkflowStatus.get(parameters);
	const status = statusWanted ? workflowStatusQuery(parameters, false) : undefined;
	const checks: Check[] = [];

	// 1 and 2: the 7.2.0 Logon tells whether the server answers at all, and what it says of the token.
	let applications: string[] = [];
	let logonError: unknown;
	const started = Date.now();
	try {
		applications = (await reader.logon(limits)).applications;
	} catch (error) {
		logonError = error;
	}
	const logonMs = Date.now() - started;
	const silent = logonError !== undefined && !answered(logonError);
	const logonStatus = httpStatusOf(logonError);
	checks.push(
		silent
			? {
					check: 'serverUrl',
					title: 'The Server URL answers',
					result: 'failed',
					...failure(logonError, secret),
					ms: logonMs,
				}
			: {
					check: 'serverUrl',
					title: 'The Server URL answers',
					result: 'passed',
					detail: `It answered${logonStatus === undefined ? '' : ` (HTTP ${logonStatus})`} in ${logonMs} ms.`,
					whatToDo: '',
					ms: logonMs,
				},
	);
	checks.push(
		logonError === undefined
			? {
					check: 'logon',
					title: 'Logon with the token (API 7.2.0)',
					result: 'passed',
					detail: `Signed in. The token may open ${applications.length} application(s)${applications.length > 0 ? `: ${applications.join(', ')}` : ''}.`,
					whatToDo: '',
					applications,
					ms: logonMs,
				}
			: silent
				? skipped('logon', 'Logon with the token (API 7.2.0)', 'The server did not answer.')
				: {
						check: 'logon',
						title: 'Logon with the token (API 7.2.0)',
						result: 'failed',
						...failure(logonError, secret),
						...(logonStatus === undefined ? {} : { httpStatus: logonStatus }),
						ms: logonMs,
					},
	);

	const applicationName = chosen !== '' ? chosen : (applications[0] ?? '');
	const skipWhy = silent
		? 'The server did not answer.'
		: applicationName === ''
			? 'No application: name one in Application (the token may open none, or the logon failed).'
			: undefined;
	const target: DataProviderTarget = {
		webServerUrl: reader.webServerUrl,
		applicationName,
		resultTableName: 'Results',
		substitutionVariables: '',
	};
	const sqlRequest: ReadRequest = dataProviderRequest(target, {
		endpoint: 'DataProvider/GetAdoDataSetForSqlCommand',
		subject: 'a one-row SQL query',
		fileBaseName: 'Diagnose',
		fields: { SqlQuery: ROLE_PROBE_SQL, DbLocation: 'Application', XFExternalDBConnectionName: '' },
	});

	const later: Array<[string, string, () => Promise<Partial<Check> & { detail: string }>]> = [
		[
			'route52',
			`The Data Provider route (API 5.2.0) in "${applicationName}"`,
			async () => await probeDataProviderRoute(reader, target, limits, secret),
		],
		[
			'administrator',
			'SQL and method commands (the Administrator role)',
			async () => {
				await reader.rows(sqlRequest, limits);
				return {
					detail:
						"Allowed: the token's user ran a SQL query on the Application database. Method commands need the same role.",
				};
			},
		],
		[
			'analytics',
			`The cube routes (Analytics, platform 8.2 or later) in "${applicationName}"`,
			async () => {
				const cubes = (await readCubeList(reader, applicationName, limits)).map(cubeNameOf);
				return {
					detail: `They answered with this token: ${cubes.length} cube(s)${cubes.length > 0 ? `: ${cubes.slice(0, 20).join(', ')}` : ''}.`,
					cubes,
				};
			},
		],
	];
	if (status !== undefined) {
		later.push([
			'workflowStatus',
			`The WorkflowStatus of "${status.profile}"`,
			async () =>
				describeWorkflowStatus(
					await reader.rows(workflowStatusRequest(target, status), limits),
					statusColumn.get(parameters),
				),
		]);
	}
	for (const [check, title, run] of later) {
		checks.push(
			skipWhy === undefined
				? await timed(check, title, secret, run)
				: skipped(check, title, skipWhy),
		);
	}
	return checks.map((json) => ({ json }));
}
