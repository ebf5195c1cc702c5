/**
 * What the tests share about the stand-in: one that also knows a canary PAT (finding it anywhere
 * is a leak), credential data, request lookups, the node's operations with parameters that work
 * against the sample data, and the checks every test repeats (pairing, untouched input, no PAT).
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameterResourceLocator,
	INodeParameters,
} from 'n8n-workflow';

import type { RecordedRequest, StandIn, StandInOptions, TokenConfig } from '../standin/index.cjs';
import {
	DEFAULT_TOKENS,
	parseSubstitutionVariables,
	startStandIn,
	VALID_PAT,
} from '../standin/index.cjs';
import type { OneStreamNodeResult } from './harness.cjs';

/**
 * A valid token no other fixture contains, so finding it anywhere in output, errors, run data or
 * logs can only mean a leak. Shaped like a real PAT (letters and digits, one dash).
 */
export const CANARY_PAT = 'LeakCanaryQ7x2Vm9Kd4Rt8Wn3Hj6Bp1Zs5Lf0Gc7Ye4Ua9Tx2-Mq8Nv3Jk6Rd1Wb5Ph0';

export const CANARY_TOKEN: TokenConfig = {
	token: CANARY_PAT,
	userName: 'svc_canary',
	status: 'Active',
	accessAsNonInteractiveUser: true,
	administrator: true,
};

export const APPLICATION = 'AcmeConsolidation';

/** The stand-in with its default tokens plus {@link CANARY_PAT}, on a random loopback port. */
export async function startTestStandIn(options: StandInOptions = {}): Promise<StandIn> {
	return await startStandIn({ tokens: [...DEFAULT_TOKENS, CANARY_TOKEN], ...options });
}

/** Credential data as a user would save it for the stand-in. */
export function credentialsFor(
	standIn: StandIn,
	token: string = VALID_PAT,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return { baseUrl: standIn.url, personalAccessToken: token, ...extra };
}

/** The `applicationName` resource locator with a typed name ("By Name" mode). */
export function applicationByName(name: string = APPLICATION): INodeParameterResourceLocator {
	return { __rl: true, mode: 'name', value: name };
}

/** The `applicationName` resource locator as picked from the dropdown ("From List" mode). */
export function applicationFromList(name: string = APPLICATION): INodeParameterResourceLocator {
	return { __rl: true, mode: 'list', value: name, cachedResultName: name };
}

/** API requests the stand-in received for an endpoint (`Controller/Action`). */
export function requestsTo(standIn: StandIn, endpoint: string): RecordedRequest[] {
	return standIn.requests.filter(
		(request) => request.endpoint?.toLowerCase() === endpoint.toLowerCase(),
	);
}

/** The one request of a kind; fails the test when there is not exactly one. */
export function onlyRequestTo(standIn: StandIn, endpoint: string): RecordedRequest {
	const found = requestsTo(standIn, endpoint);
	expect(found).toHaveLength(1);
	return found[0];
}

/** The headers every OneStream call must carry. */
export function expectOneStreamHeaders(
	request: RecordedRequest,
	token: string,
	apiVersion: string,
): void {
	expect(request.method).toBe('POST');
	expect(request.headers.authorization).toBe(`Bearer ${token}`);
	expect(request.headers['content-type']).toMatch(/^application\/json/);
	expect(request.headers.accept).toMatch(/application\/json/);
	expect(request.apiVersion).toBe(apiVersion);
	expect(new URL(request.rawPath, 'http://x').searchParams.get('api-version')).toBe(apiVersion);
}

/** `pairedItem` of every item, as item indexes (fails on a missing or odd pairing). */
export function pairedIndexes(items: INodeExecutionData[]): number[] {
	return items.map((item) => {
		const paired = item.pairedItem;
		expect(paired).toBeDefined();
		expect(Array.isArray(paired)).toBe(false);
		expect(typeof paired).toBe('object');
		return (paired as { item: number }).item;
	});
}

/** The input items reached the node unchanged, and the caller's copies are unchanged too. */
export function expectInputUntouched(result: OneStreamNodeResult): void {
	expect(result.inputItems.map((item) => item.json)).toEqual(
		result.inputSnapshot.map((item) => item.json),
	);
}

/** The json of items, for comparing whole outputs. */
export function jsonOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}

/** The error message n8n recorded for a node, or fails. */
export function nodeErrorMessage(result: OneStreamNodeResult): string {
	expect(result.nodeError).toBeDefined();
	return String(result.nodeError?.message);
}

/** Job durations shortened so fault runs stay quick (the stand-in's defaults are 100–300 ms). */
const FAST_JOBS = ['Load_Actuals', 'Import_GL', 'Run_Export_Rule'];

/** {@link startTestStandIn} with quick jobs. */
export async function startFaultStandIn(options: StandInOptions = {}): Promise<StandIn> {
	const standIn = await startTestStandIn(options);
	for (const name of FAST_JOBS) standIn.setSequenceDuration(name, 5);
	return standIn;
}

/** Substitution variable `pItem` set from the item's `item` field, so requests can be told apart per item. */
export const ITEM_VARIABLE = { name: 'pItem', value: '={{ $json.item }}' };

export type JobOperation = 'executeSequence' | 'executeStep' | 'businessRuleExecute';
export type ReadOperation =
	| 'getDataAdapter'
	| 'getCubeView'
	| 'runSql'
	| 'runMethodCommand'
	| 'getDataSet'
	| 'getDataCells'
	| 'getDimensionHierarchy'
	| 'getMemberProperties';

export interface OperationSpec {
	label: string;
	endpoint: string;
	/** The object name the stand-in matches fault rules on (sequence, step, adapter or cube view). */
	objectName?: string;
	parameters(extra?: INodeParameters): INodeParameters;
}

export const JOB_OPERATIONS: Record<JobOperation, OperationSpec> = {
	executeSequence: {
		label: 'Data Management › Execute Sequence',
		endpoint: 'DataManagement/ExecuteSequence',
		objectName: 'Load_Actuals',
		parameters: (extra = {}) => ({
			resource: 'dataManagement',
			operation: 'executeSequence',
			applicationName: applicationByName(),
			sequenceName: 'Load_Actuals',
			substitutionVariables: { variable: [ITEM_VARIABLE] },
			...extra,
		}),
	},
	executeStep: {
		label: 'Data Management › Execute Step',
		endpoint: 'DataManagement/ExecuteStep',
		objectName: 'Import_GL',
		parameters: (extra = {}) => ({
			resource: 'dataManagement',
			operation: 'executeStep',
			applicationName: applicationByName(),
			dataManagementGroupName: 'Integration',
			stepName: 'Import_GL',
			substitutionVariables: { variable: [ITEM_VARIABLE] },
			...extra,
		}),
	},
	businessRuleExecute: {
		label: 'Business Rule › Execute',
		endpoint: 'DataManagement/ExecuteStep',
		objectName: 'Run_Export_Rule',
		parameters: (extra = {}) => ({
			resource: 'businessRule',
			operation: 'execute',
			applicationName: applicationByName(),
			dataManagementGroupName: 'Integration',
			stepName: 'Run_Export_Rule',
			substitutionVariables: { variable: [ITEM_VARIABLE] },
			...extra,
		}),
	},
};

export const READ_OPERATIONS: Record<ReadOperation, OperationSpec> = {
	getDataAdapter: {
		label: 'Data › Get Data Adapter',
		endpoint: 'DataProvider/GetAdoDataSetForAdapter',
		objectName: 'GL_Export',
		parameters: (extra = {}) => ({
			resource: 'data',
			operation: 'getDataAdapter',
			applicationName: applicationByName(),
			adapterName: 'GL_Export',
			substitutionVariables: {
				variable: [
					{ name: 'pScenario', value: 'Actual' },
					{ name: 'pTime', value: '2026M1' },
				],
			},
			...extra,
		}),
	},
	getCubeView: {
		label: 'Data › Get Cube View',
		endpoint: 'DataProvider/GetAdoDataSetForCubeViewCommand',
		objectName: 'Income_Statement',
		parameters: (extra = {}) => ({
			resource: 'data',
			operation: 'getCubeView',
			applicationName: applicationByName(),
			cubeViewName: 'Income_Statement',
			...extra,
		}),
	},
	runSql: {
		label: 'Data › Run SQL Query',
		endpoint: 'DataProvider/GetAdoDataSetForSqlCommand',
		parameters: (extra = {}) => ({
			resource: 'data',
			operation: 'runSql',
			applicationName: applicationByName(),
			sqlQuery:
				"SELECT Entity, Account, Amount FROM FactData WHERE Scenario = 'Actual' AND Time = '2026M1'",
			...extra,
		}),
	},
	runMethodCommand: {
		label: 'Data › Run Method Command',
		endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
		parameters: (extra = {}) => ({
			resource: 'data',
			operation: 'runMethodCommand',
			applicationName: applicationByName(),
			methodType: 'WorkflowStatus',
			methodQuery: '{Houston.Import}{Actual}{2026M1}',
			...extra,
		}),
	},
	getDataSet: {
		label: 'Business Rule › Get Data Set',
		endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
		parameters: (extra = {}) => ({
			resource: 'businessRule',
			operation: 'getDataSet',
			applicationName: applicationByName(),
			ruleName: 'FX_Rates',
			dataSetName: 'Rates',
			...extra,
		}),
	},
	getDataCells: {
		label: 'Cube › Get Data Cells',
		endpoint: 'Analytics/GetDataCellsFromCube',
		parameters: (extra = {}) => ({
			resource: 'cube',
			operation: 'getDataCells',
			applicationName: applicationByName(),
			cubeName: 'AcmeCorp',
			scenario: 'Actual',
			timeFilter: '2026M1',
			entityFilter: 'US.Base',
			accountFilter: 'NetIncome.Base',
			...extra,
		}),
	},
	getDimensionHierarchy: {
		label: 'Cube › Get Dimension Hierarchy',
		endpoint: 'Analytics/GetDimensionHierarchy',
		parameters: (extra = {}) => ({
			resource: 'cube',
			operation: 'getDimensionHierarchy',
			applicationName: applicationByName(),
			cubeName: 'AcmeCorp',
			dimensionType: 'Entity',
			...extra,
		}),
	},
	getMemberProperties: {
		label: 'Cube › Get Member Properties',
		endpoint: 'Analytics/GetMemberPropertiesForDimension',
		parameters: (extra = {}) => ({
			resource: 'cube',
			operation: 'getMemberProperties',
			applicationName: applicationByName(),
			cubeName: 'AcmeCorp',
			dimensionType: 'Account',
			...extra,
		}),
	},
};

/** The substitution variables a request carried, parsed as the stand-in parses them. */
export function variablesOf(request: RecordedRequest): Record<string, string> {
	const body = request.body as IDataObject | undefined;
	const text = body?.CustomSubstVarsAsCommaSeparatedPairs;
	return typeof text === 'string' ? parseSubstitutionVariables(text) : {};
}

/** How many requests and job runs each item (by its `pItem` variable) caused. */
export function perItemCounts(
	standIn: StandIn,
	endpoint: string,
): Map<string, { requests: number; runs: number }> {
	const counts = new Map<string, { requests: number; runs: number }>();
	const entry = (item: string) => {
		let found = counts.get(item);
		if (!found) {
			found = { requests: 0, runs: 0 };
			counts.set(item, found);
		}
		return found;
	};
	for (const request of requestsTo(standIn, endpoint))
		entry(variablesOf(request).pItem ?? '?').requests++;
	for (const run of standIn.runs) entry(run.substitutionVariables.pItem ?? '?').runs++;
	return counts;
}

/** `count` input items `{ item: 'i0' … }`. */
export function numberedItems(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({ item: `i${index}` }));
}

/** Waits until no job started by the stand-in is still running (a client gone early leaves it running). */
export async function settleRuns(standIn: StandIn, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (standIn.runs.some((run) => run.outcome === 'running') && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Credential data for the stand-in with the canary token. */
export function canaryCredentials(
	standIn: Pick<StandIn, 'url'>,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return { baseUrl: standIn.url, personalAccessToken: CANARY_PAT, ...extra };
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
