/**
 * What the fault tests share: a stand-in that knows a distinctive PAT, credential data for it, and
 * the node's operations with parameters that work against the stand-in's sample data.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';

import type { RecordedRequest, StandIn, StandInOptions, TokenConfig } from '../standin/index.cjs';
import { DEFAULT_TOKENS, parseSubstitutionVariables, startStandIn } from '../standin/index.cjs';

/**
 * A valid token that no other fixture contains: finding it anywhere in output, errors, run data or
 * logs can only mean a leak. Shaped like a real PAT (letters and digits, one dash).
 */
export const CANARY_PAT = 'FaultCanary7Qm2Xv9Lk4Rt8Wn3Hj6Bp1Zs5Lf0Gc7Yd-4Ua9Tx2Mq8Nv3Jk6Rd1Wb5Ph0Ke';

export const CANARY_TOKEN: TokenConfig = {
	token: CANARY_PAT,
	userName: 'svc_fault_canary',
	status: 'Active',
	accessAsNonInteractiveUser: true,
	administrator: true,
};

export const APPLICATION = 'AcmeConsolidation';

/** Job durations shortened so fault runs stay quick (the stand-in's defaults are 100–300 ms). */
const FAST_JOBS = ['Load_Actuals', 'Import_GL', 'Run_Export_Rule'];

/** The stand-in with its default tokens plus {@link CANARY_PAT}, quick jobs, on a random loopback port. */
export async function startFaultStandIn(options: StandInOptions = {}): Promise<StandIn> {
	const standIn = await startStandIn({ tokens: [...DEFAULT_TOKENS, CANARY_TOKEN], ...options });
	for (const name of FAST_JOBS) standIn.setSequenceDuration(name, 5);
	return standIn;
}

export function credentialsFor(
	standIn: Pick<StandIn, 'url'>,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return { baseUrl: standIn.url, personalAccessToken: CANARY_PAT, ...extra };
}

export function applicationByName(name: string = APPLICATION): INodeParameterResourceLocator {
	return { __rl: true, mode: 'name', value: name };
}

/** Substitution variable `pItem` set from the item's `item` field, so requests can be told apart per item. */
export const ITEM_VARIABLE = { name: 'pItem', value: '={{ $json.item }}' };

export type JobOperation = 'executeSequence' | 'executeStep' | 'businessRuleExecute';
export type ReadOperation = 'getDataAdapter' | 'getCubeView' | 'runSql' | 'runMethodCommand' | 'getDataSet';

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
			sqlQuery: "SELECT Entity, Account, Amount FROM FactData WHERE Scenario = 'Actual' AND Time = '2026M1'",
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
};

/** API requests the stand-in received for an endpoint. */
export function requestsTo(standIn: StandIn, endpoint: string): RecordedRequest[] {
	return standIn.requests.filter((request) => request.endpoint?.toLowerCase() === endpoint.toLowerCase());
}

/** The substitution variables a request carried, parsed as the stand-in parses them. */
export function variablesOf(request: RecordedRequest): Record<string, string> {
	const body = request.body as IDataObject | undefined;
	const text = body?.CustomSubstVarsAsCommaSeparatedPairs;
	return typeof text === 'string' ? parseSubstitutionVariables(text) : {};
}

/** How many requests and job runs each item (by its `pItem` variable) caused. */
export function perItemCounts(standIn: StandIn, endpoint: string): Map<string, { requests: number; runs: number }> {
	const counts = new Map<string, { requests: number; runs: number }>();
	const entry = (item: string) => {
		let found = counts.get(item);
		if (!found) {
			found = { requests: 0, runs: 0 };
			counts.set(item, found);
		}
		return found;
	};
	for (const request of requestsTo(standIn, endpoint)) entry(variablesOf(request).pItem ?? '?').requests++;
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

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
