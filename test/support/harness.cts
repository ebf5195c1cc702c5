/**
 * In-process workflow harness: runs a real workflow inside n8n-core's `WorkflowExecute`, the way
 * n8n's own NodeTestHarness does, with
 * - the real OneStream node type and the real `oneStreamApi` credential type (its `authenticate`
 *   function, its defaults, expressions in its fields resolved by n8n's expression engine),
 * - a plaintext credentials helper that otherwise behaves like n8n's (./support/credentialsHelper),
 * - n8n-core's own HTTP helpers doing real HTTP (nothing is stubbed; point the credential at the
 *   stand-in on loopback),
 * - n8n-core's binary data service in its default mode (filesystem),
 * - a capturing logger in place of n8n's, so tests can read everything logged during a run.
 *
 * Entry points: {@link runWorkflow} for any workflow JSON, {@link runOneStreamNode} for one OneStream
 * node between a trigger and an "emit these items" node, and {@link testCredentials} for the
 * credential's Test button. See ./README.md for usage.
 */
import './esmShims.cjs';

import { randomUUID } from 'node:crypto';

import {
	CredentialTestContext,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	PollContext,
	RoutingNode,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialType,
	IConnections,
	IDataObject,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	IExecuteFunctions,
	INodeExecutionData,
	INodeTypeDescription,
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	INodeTypes,
	IPinData,
	IRun,
	ITaskData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import { OneStreamApi } from '../../credentials/OneStreamApi.credentials';
import { OneStream } from '../../nodes/OneStream/OneStream.node';
import { OneStreamTrigger } from '../../nodes/OneStream/OneStreamTrigger.node';
import { PlaintextCredentialsHelper } from './credentialsHelper.cjs';
import type { CapturedLog } from './runtime.cjs';
import { getRuntime, serializeForSearch, shutdownRuntime } from './runtime.cjs';
import { EMIT_ITEMS_NODE_TYPE, START_NODE_TYPE, TestEmitItems, TestStart } from './testNodes.cjs';

export type { CapturedLog } from './runtime.cjs';
export { serializeForSearch } from './runtime.cjs';
export { EMIT_ITEMS_NODE_TYPE, START_NODE_TYPE } from './testNodes.cjs';

// Like n8n's NodeTestHarness, importing the harness hooks into the test file's lifecycle: the
// background timers n8n-core starts are stopped after the file's tests.
if (typeof afterAll === 'function') afterAll(shutdownRuntime);

export { shutdownRuntime } from './runtime.cjs';

/** The node type name n8n gives the node of an installed `n8n-nodes-onestream` package. */
export const ONESTREAM_NODE_TYPE = 'n8n-nodes-onestream.oneStream';
export const CREDENTIAL_TYPE = 'oneStreamApi';
export const ONESTREAM_TRIGGER_TYPE = 'n8n-nodes-onestream.oneStreamTrigger';

const credentialTypes: Record<string, ICredentialType> = { [CREDENTIAL_TYPE]: new OneStreamApi() };

const nodeTypeRegistry: Record<string, INodeType | IVersionedNodeType> = {
	[ONESTREAM_NODE_TYPE]: new OneStream(),
	[ONESTREAM_TRIGGER_TYPE]: new OneStreamTrigger(),
	// The same class loaded from ~/.n8n/custom gets the CUSTOM prefix.
	'CUSTOM.oneStream': new OneStream(),
	[START_NODE_TYPE]: new TestStart(),
	[EMIT_ITEMS_NODE_TYPE]: new TestEmitItems(),
};

class HarnessNodeTypes implements INodeTypes {
	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = nodeTypeRegistry[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export const nodeTypes = new HarnessNodeTypes();

/**
 * Adds a node type for the rest of this test file, e.g. a probe node that calls n8n's helpers
 * directly. Returns a function that removes it again.
 */
export function registerNodeType(name: string, type: INodeType | IVersionedNodeType): () => void {
	if (Object.prototype.hasOwnProperty.call(nodeTypeRegistry, name))
		throw new Error(`Node type ${name} is already registered`);
	nodeTypeRegistry[name] = type;
	return () => {
		delete nodeTypeRegistry[name];
	};
}

// ---------------------------------------------------------------------------------------------
// Running a workflow

export interface WorkflowDefinition {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	pinData?: IPinData;
}

export interface RunWorkflowOptions {
	/** Plaintext credential data per credential type, e.g. `{ oneStreamApi: { baseUrl, personalAccessToken } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Credential overwrites per type (n8n's N8N_CREDENTIALS_OVERWRITE_DATA): fill fields left empty. */
	credentialOverwrites?: Record<string, ICredentialDataDecryptedObject>;
	/** n8n Variables, readable as `$vars.<name>` (also in credential fields). */
	variables?: IDataObject;
	/** External secrets per vault, readable as `$secrets.<vault>.<name>` in credential fields. */
	secrets?: Record<string, Record<string, unknown>>;
	/** Default 'manual', as when a user clicks "Execute workflow". */
	mode?: WorkflowExecuteMode;
	/** Node the execution starts at; default: the first node of type test.start. */
	startNode?: string;
	/** Items the start node receives; default one empty item. */
	startItems?: INodeExecutionData[];
	/** Cancels the execution (as n8n's Stop button does) once this resolves. */
	cancelWhen?: () => Promise<void>;
}

export interface NodeResult {
	/** Output items of the node's last run, per output (`[0]` main; `[1]` error output when used). */
	outputs: INodeExecutionData[][];
	/** The error the node's last run ended with, as n8n recorded it in the run data. */
	error?: ExecutionError;
	status?: ExecutionStatus;
	/** Every run of the node (n8n's engine-level retries do not add runs; loops would). */
	runs: ITaskData[];
}

export interface WorkflowResult {
	run: IRun;
	status: ExecutionStatus;
	/** Per node name. Nodes that did not run are absent. */
	nodes: Record<string, NodeResult>;
	/** The error that stopped the workflow, if any. */
	error?: ExecutionError;
	/** Node names in the order their runs ended. */
	executionOrder: string[];
	/** Everything n8n and the nodes logged during this run. */
	logs: CapturedLog[];
	/** The logs as one searchable text. */
	logText: string;
	/** The full run (run data, execution data, errors with their non-enumerable fields) as JSON text. */
	serialized: string;
}

let executionCounter = 0;

function secretsProxy(
	secrets: Record<string, Record<string, unknown>> | undefined,
): ExternalSecretsProxy {
	const proxy = new ExternalSecretsProxy();
	const vaults = secrets ?? {};
	proxy.setManager({
		updateSecrets: async () => {},
		hasProvider: (provider) => Object.prototype.hasOwnProperty.call(vaults, provider),
		hasSecret: (provider, name) =>
			Object.prototype.hasOwnProperty.call(vaults[provider] ?? {}, name),
		getSecret: (provider, name) => vaults[provider]?.[name],
		getSecretNames: (provider) => Object.keys(vaults[provider] ?? {}),
		getProviderNames: () => Object.keys(vaults),
	});
	return proxy;
}

function notSupported(what: string): never {
	throw new Error(`${what} is not supported by the workflow harness`);
}

interface AdditionalDataParts {
	credentialsHelper: PlaintextCredentialsHelper;
	executionId: string;
	variables: IDataObject;
	secrets?: Record<string, Record<string, unknown>>;
	hooks?: ExecutionLifecycleHooks;
}

function buildAdditionalData(parts: AdditionalDataParts): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	return {
		credentialsHelper: parts.credentialsHelper,
		executeWorkflow: async () => notSupported('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		executionId: parts.executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: parts.variables,
		logAiEvent: () => {},
		startRunnerTask: async () => notSupported('A task runner'),
		hooks: parts.hooks,
		externalSecretsProxy: secretsProxy(parts.secrets),
	};
}

function workflowBase(definition: WorkflowDefinition, id: string): IWorkflowBase {
	const now = new Date();
	return {
		id,
		name: definition.name ?? 'Test workflow',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: now,
		updatedAt: now,
		nodes: definition.nodes,
		connections: definition.connections,
		settings: definition.settings,
	};
}

/** Runs a workflow in this process and returns what every node produced. */
export async function runWorkflow(
	definition: WorkflowDefinition,
	options: RunWorkflowOptions = {},
): Promise<WorkflowResult> {
	const runtime = await getRuntime();
	const firstLog = runtime.logger.entries.length;
	const mode = options.mode ?? 'manual';
	const executionId = String(++executionCounter);
	const workflowId = `wf-${randomUUID()}`;

	// Nodes are deep-copied: the engine adds defaults to parameters and must not change the caller's.
	const nodes = structuredClone(definition.nodes);
	const workflow = new Workflow({
		id: workflowId,
		name: definition.name ?? 'Test workflow',
		nodes,
		connections: definition.connections,
		active: false,
		nodeTypes,
		settings: definition.settings ?? { executionOrder: 'v1' },
	});
	const credentialsHelper = new PlaintextCredentialsHelper({
		credentialTypes,
		credentials: options.credentials ?? {},
		overwrites: options.credentialOverwrites,
		secretsEnabled: options.secrets !== undefined,
		nodeTypes,
	});
	const hooks = new ExecutionLifecycleHooks(
		mode,
		executionId,
		workflowBase(definition, workflowId),
	);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName: string) => {
		executionOrder.push(nodeName);
	});
	const additionalData = buildAdditionalData({
		credentialsHelper,
		executionId,
		variables: options.variables ?? {},
		secrets: options.secrets,
		hooks,
	});

	const startNode = options.startNode
		? workflow.getNode(options.startNode)
		: (Object.values(workflow.nodes).find((node) => node.type === START_NODE_TYPE) ??
			workflow.getStartNode());
	if (!startNode) throw new Error('The workflow has no start node');

	const runExecutionData = createRunExecutionData({
		resultData: { pinData: definition.pinData },
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [options.startItems ?? [{ json: {} }]] },
					source: null,
				} satisfies IExecuteData,
			],
		},
	});
	const execution = new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	if (options.cancelWhen) void options.cancelWhen().then(() => execution.cancel());
	const run = await execution;

	const nodesResult: Record<string, NodeResult> = {};
	for (const [name, runs] of Object.entries(run.data.resultData.runData)) {
		const last = runs[runs.length - 1];
		nodesResult[name] = {
			outputs: (last?.data?.main ?? []).map((items) => items ?? []),
			error: last?.error,
			status: last?.executionStatus,
			runs,
		};
	}
	const logs = runtime.logger.entries.slice(firstLog);
	return {
		run,
		status: run.status,
		nodes: nodesResult,
		error: run.data.resultData.error,
		executionOrder,
		logs,
		logText: logs.map((entry) => `${entry.level} ${entry.message} ${entry.metadata}`).join('\n'),
		serialized: serializeForSearch(run),
	};
}

// ---------------------------------------------------------------------------------------------
// One OneStream node

export type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

export interface OneStreamNodeOptions {
	/** The node's parameters as saved in a workflow (defaults are added by n8n). */
	parameters: INodeParameters | IDataObject;
	/** Input items, as `json` objects or full items; default one empty item. */
	items?: Array<IDataObject | INodeExecutionData>;
	/** `oneStreamApi` credential data; `null` runs the node without a credential. */
	credentials?: ICredentialDataDecryptedObject | null;
	/** The node's "On Error" setting. `continueOnFail: true` is the older spelling of 'continueRegularOutput'. */
	onError?: OnError;
	continueOnFail?: boolean;
	/** n8n's engine-level "Retry On Fail" (node settings). */
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	variables?: IDataObject;
	secrets?: Record<string, Record<string, unknown>>;
	credentialOverwrites?: ICredentialDataDecryptedObject;
	mode?: WorkflowExecuteMode;
	/** Default "OneStream". */
	nodeName?: string;
	cancelWhen?: RunWorkflowOptions['cancelWhen'];
}

export interface OneStreamNodeResult extends WorkflowResult {
	/** Main output (output 0) of the OneStream node; empty when it did not produce any. */
	output: INodeExecutionData[];
	/** Error output (output 1), only with `onError: 'continueErrorOutput'`. */
	errorOutput?: INodeExecutionData[];
	/** The error the node threw (stopping the workflow), as n8n recorded it. */
	nodeError?: ExecutionError;
	/** The items the OneStream node received, as n8n passed them on. */
	inputItems: INodeExecutionData[];
	/** A deep copy of the input items taken before the run, to prove they were not mutated. */
	inputSnapshot: INodeExecutionData[];
	/** The workflow that was run (for debugging or re-running). */
	workflow: WorkflowDefinition;
}

export const START_NODE_NAME = 'Start';
export const ITEMS_NODE_NAME = 'Items';

function toExecutionData(entry: IDataObject | INodeExecutionData): INodeExecutionData {
	const json = (entry as { json?: unknown }).json;
	return typeof json === 'object' && json !== null && !Array.isArray(json)
		? (entry as INodeExecutionData)
		: { json: entry as IDataObject };
}

/** Builds the workflow Start → Items → OneStream that {@link runOneStreamNode} runs. */
export function oneStreamWorkflow(options: OneStreamNodeOptions): WorkflowDefinition {
	const nodeName = options.nodeName ?? 'OneStream';
	const items = (options.items ?? [{}]).map(toExecutionData);
	const oneStream: INode = {
		id: 'onestream-node',
		name: nodeName,
		type: ONESTREAM_NODE_TYPE,
		typeVersion: 1,
		position: [440, 0],
		parameters: options.parameters as INodeParameters,
		...(options.credentials === null
			? {}
			: { credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'OneStream account' } } }),
		...(options.onError ? { onError: options.onError } : {}),
		...(options.continueOnFail ? { continueOnFail: true } : {}),
		...(options.retryOnFail ? { retryOnFail: true } : {}),
		...(options.maxTries !== undefined ? { maxTries: options.maxTries } : {}),
		...(options.waitBetweenTries !== undefined
			? { waitBetweenTries: options.waitBetweenTries }
			: {}),
	};
	return {
		name: `OneStream ${String(options.parameters.resource ?? '')} ${String(options.parameters.operation ?? '')}`,
		nodes: [
			{
				id: 'start-node',
				name: START_NODE_NAME,
				type: START_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'items-node',
				name: ITEMS_NODE_NAME,
				type: EMIT_ITEMS_NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: { items: JSON.stringify(items) },
			},
			oneStream,
		],
		connections: {
			[START_NODE_NAME]: { main: [[{ node: ITEMS_NODE_NAME, type: 'main', index: 0 }]] },
			[ITEMS_NODE_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] },
		},
	};
}

/** Runs one OneStream node (Start → Items → OneStream) and returns its outputs and error. */
export async function runOneStreamNode(
	options: OneStreamNodeOptions,
): Promise<OneStreamNodeResult> {
	const workflow = oneStreamWorkflow(options);
	const nodeName = options.nodeName ?? 'OneStream';
	const inputSnapshot = structuredClone((options.items ?? [{}]).map(toExecutionData));
	const result = await runWorkflow(workflow, {
		credentials: options.credentials ? { [CREDENTIAL_TYPE]: options.credentials } : {},
		credentialOverwrites: options.credentialOverwrites
			? { [CREDENTIAL_TYPE]: options.credentialOverwrites }
			: undefined,
		variables: options.variables,
		secrets: options.secrets,
		mode: options.mode,
		cancelWhen: options.cancelWhen,
	});
	const node = result.nodes[nodeName] as NodeResult | undefined;
	const inputItems = result.nodes[ITEMS_NODE_NAME]?.outputs[0] ?? [];
	return {
		...result,
		output: node?.outputs[0] ?? [],
		errorOutput: options.onError === 'continueErrorOutput' ? (node?.outputs[1] ?? []) : undefined,
		nodeError: node?.error,
		inputItems,
		inputSnapshot,
		workflow,
	};
}

// ---------------------------------------------------------------------------------------------
// List search (the Application dropdown)

export interface ListSearchOptions {
	/** `oneStreamApi` credential data. */
	credentials: ICredentialDataDecryptedObject;
	/** The text typed in the dropdown's search box. */
	filter?: string;
	/** The token of the page before, as the editor sends it when the user scrolls. */
	paginationToken?: string;
	/** The node's current parameters (the editor sends them along). */
	parameters?: INodeParameters;
	variables?: IDataObject;
	secrets?: Record<string, Record<string, unknown>>;
}

export interface ListSearchOutcome {
	result: INodeListSearchResult;
	logText: string;
}

/**
 * Calls one of the node's `methods.listSearch` functions the way the editor's dropdown does
 * (n8n's dynamic-node-parameters service): a temporary workflow holding the node, and n8n-core's
 * LoadOptionsContext, so credentials are resolved and requests are sent exactly as in n8n.
 */
export async function runListSearch(
	method: string,
	options: ListSearchOptions,
): Promise<ListSearchOutcome> {
	const runtime = await getRuntime();
	const firstLog = runtime.logger.entries.length;
	const nodeType = nodeTypes.getByNameAndVersion(ONESTREAM_NODE_TYPE, 1);
	const search = nodeType.methods?.listSearch?.[method];
	if (!search) throw new Error(`The node has no list search method ${method}`);
	const node: INode = {
		id: 'list-search',
		name: 'OneStream',
		type: ONESTREAM_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters ?? { resource: 'dataManagement', operation: 'executeSequence' },
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'OneStream account' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const credentialsHelper = new PlaintextCredentialsHelper({
		credentialTypes,
		credentials: { [CREDENTIAL_TYPE]: options.credentials },
		secretsEnabled: options.secrets !== undefined,
		nodeTypes,
	});
	const additionalData = buildAdditionalData({
		credentialsHelper,
		executionId: String(++executionCounter),
		variables: options.variables ?? {},
		secrets: options.secrets,
	});
	additionalData.currentNodeParameters = node.parameters;
	const context = new LoadOptionsContext(
		workflow,
		node,
		additionalData,
		'parameters.applicationName',
	);
	const result = await search.call(context, options.filter, options.paginationToken);
	const logs = runtime.logger.entries.slice(firstLog);
	return {
		result,
		logText: logs.map((entry) => `${entry.level} ${entry.message} ${entry.metadata}`).join('\n'),
	};
}

// ---------------------------------------------------------------------------------------------
// Polling

export interface PollOptions {
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	/** The workflow's static data as n8n stored it (JSON); it comes back updated. */
	staticData?: string;
	/** `trigger` for an active workflow's poll, `manual` for "Fetch Test Event". */
	mode?: 'trigger' | 'manual';
	/** n8n Variables, for `{{ $vars.x }}` in the parameters. */
	variables?: Record<string, string>;
	/** The workflow's and the node's ids (two triggers of one workflow differ by node). */
	workflowId?: string;
	nodeId?: string;
	/** The poll's time as n8n 2.x gives it (`getPollBudgetMs`); absent as in n8n 1.x. */
	pollBudgetMs?: number;
}

export interface PollOutcome {
	/** What the poll returned: null when it emits nothing. */
	emitted: INodeExecutionData[] | null;
	/** The static data afterwards, serialised as n8n saves it. */
	staticData: string;
	error?: Error;
	/** What the poll wrote to n8n's log, as `level message`. */
	logText: string;
}

/**
 * Runs the trigger's poll() as n8n does for an active workflow (n8n-core's PollContext), with the
 * workflow's static data round-tripped through JSON, as n8n stores it between polls and restarts.
 */
export async function runPoll(options: PollOptions): Promise<PollOutcome> {
	const runtime = await getRuntime();
	const firstLog = runtime.logger.entries.length;
	const parameters =
		NodeHelpers.getNodeParameters(
			nodeTypes.getByNameAndVersion(ONESTREAM_TRIGGER_TYPE, 1).description.properties,
			options.parameters,
			true,
			false,
			null,
			null,
		) ?? {};
	const node: INode = {
		id: options.nodeId ?? 'trigger-1',
		name: 'OneStream Trigger',
		type: ONESTREAM_TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'OneStream account' } },
	};
	const workflow = new Workflow({
		// A fresh workflow per poll unless told: the trigger remembers, per workflow and node, the
		// state its last poll started from (test/…/OneStreamTrigger.node.test.cts, durable cursors).
		id: options.workflowId ?? `wf-poll-${randomUUID()}`,
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData:
			options.staticData === undefined ? {} : (JSON.parse(options.staticData) as IDataObject),
	});
	const credentialsHelper = new PlaintextCredentialsHelper({
		credentialTypes,
		credentials: { [CREDENTIAL_TYPE]: options.credentials },
		secretsEnabled: false,
		nodeTypes,
	});
	const additionalData = buildAdditionalData({
		credentialsHelper,
		executionId: String(++executionCounter),
		variables: options.variables ?? {},
		secrets: undefined,
	});
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		options.mode ?? 'trigger',
		'init',
	);
	const { pollBudgetMs } = options;
	if (pollBudgetMs !== undefined) Object.assign(context, { getPollBudgetMs: () => pollBudgetMs });
	const trigger = nodeTypes.getByNameAndVersion(ONESTREAM_TRIGGER_TYPE, 1);
	if (!trigger.poll) throw new Error('the trigger has no poll()');
	let emitted: INodeExecutionData[] | null = null;
	let error: Error | undefined;
	try {
		const answer = await trigger.poll.call(context);
		emitted = answer === null ? null : answer[0];
	} catch (thrown) {
		error = thrown as Error;
	}
	const logText = runtime.logger.entries
		.slice(firstLog)
		.map((entry) => `${entry.level} ${entry.message}`)
		.join('\n');
	return { emitted, staticData: JSON.stringify(workflow.staticData), error, logText };
}

// ---------------------------------------------------------------------------------------------
// Binary data

/** The bytes of a binary property, read back through n8n-core's binary data service. */
export async function binaryContent(binary: IBinaryData): Promise<Buffer> {
	const runtime = await getRuntime();
	return await runtime.binaryData.getAsBuffer(binary);
}

// ---------------------------------------------------------------------------------------------
// The credential's Test button

export interface CredentialTestOptions {
	variables?: IDataObject;
	secrets?: Record<string, Record<string, unknown>>;
	credentialOverwrites?: ICredentialDataDecryptedObject;
}

export interface CredentialTestOutcome extends INodeCredentialTestResult {
	/** Everything logged during the test. */
	logText: string;
}

function responseStatus(error: unknown): number | undefined {
	const cause = (error as { cause?: { response?: { status?: unknown } } } | undefined)?.cause;
	const status = cause?.response?.status;
	return typeof status === 'number' ? status : undefined;
}

/**
 * Runs the credential's declarative Test request the way n8n's CredentialsTester does: credential
 * defaults, overwrites and expressions applied, then a temporary node whose only property routes the
 * test request, executed by n8n-core's RoutingNode (real HTTP, the credential's `authenticate`), and
 * the test's `rules` applied to a failing status.
 */
export async function testCredentials(
	data: ICredentialDataDecryptedObject,
	options: CredentialTestOptions = {},
): Promise<CredentialTestOutcome> {
	const runtime = await getRuntime();
	const firstLog = runtime.logger.entries.length;
	const logText = () =>
		runtime.logger.entries
			.slice(firstLog)
			.map((entry) => `${entry.level} ${entry.message} ${entry.metadata}`)
			.join('\n');
	const type = credentialTypes[CREDENTIAL_TYPE];
	const testRequest = type.test;
	if (!testRequest) throw new Error('The credential type has no test request');

	const credentialsHelper = new PlaintextCredentialsHelper({
		credentialTypes,
		credentials: { [CREDENTIAL_TYPE]: data },
		overwrites: options.credentialOverwrites
			? { [CREDENTIAL_TYPE]: options.credentialOverwrites }
			: undefined,
		secretsEnabled: options.secrets !== undefined,
		nodeTypes,
	});
	const executionId = String(++executionCounter);
	const additionalData = buildAdditionalData({
		credentialsHelper,
		executionId,
		variables: options.variables ?? {},
		secrets: options.secrets,
	});
	let resolved: ICredentialDataDecryptedObject;
	try {
		resolved = credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			data,
			CREDENTIAL_TYPE,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String((error as Error).message), logText: logText() };
	}
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'cred-test',
		name: 'OneStream account',
		type: CREDENTIAL_TYPE,
		data: resolved,
	};

	const testNodeType: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'test.credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Sends the credential test request',
			defaults: { name: 'Credential test' },
			inputs: [],
			outputs: [],
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: testRequest.request },
				},
			],
		},
	};
	const testNodeTypes: INodeTypes = {
		getByName: () => testNodeType,
		getByNameAndVersion: () => testNodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'test.credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-test', name: 'OneStream account' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: testNodeTypes,
	});
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ executionData: null }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	// n8n gives credential test functions this context; the declarative test does not use it, but
	// constructing it checks that n8n-core 2.0.0 exports what a credential test needs.
	void new CredentialTestContext();
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, testNodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const status = responseStatus(error);
		if (status !== undefined) {
			const rule = (testRequest.rules ?? []).find(
				(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
			);
			if (rule && rule.type === 'responseCode')
				return { status: 'Error', message: rule.properties.message, logText: logText() };
			const statusText = (error as { cause?: { response?: { statusText?: unknown } } }).cause
				?.response?.statusText;
			return {
				status: 'Error',
				message:
					typeof statusText === 'string' && statusText !== ''
						? statusText
						: `Received HTTP status code: ${status}`,
				logText: logText(),
			};
		}
		const code = (error as { cause?: { code?: unknown } }).cause?.code;
		if (typeof code === 'string') return { status: 'Error', message: code, logText: logText() };
		return { status: 'Error', message: String((error as Error).message), logText: logText() };
	}
	// As n8n's CredentialsTester: a `responseSuccessBody` rule fails the test when the answer's
	// value at `key` (lodash `get`; a plain dotted path here) equals the rule's value.
	const body = response?.[0]?.[0]?.json;
	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const value = rule.properties.key.split('.').reduce<unknown>((current, part) => {
			return typeof current === 'object' && current !== null
				? (current as Record<string, unknown>)[part]
				: undefined;
		}, body);
		if (value === rule.properties.value)
			return { status: 'Error', message: rule.properties.message, logText: logText() };
	}
	return { status: 'OK', message: 'Connection successful!', logText: logText() };
}

// ---------------------------------------------------------------------------------------------
// Running code inside a node execution

const PROBE_NODE_TYPE = 'test.probe';
let probeTask: ((ctx: IExecuteFunctions) => Promise<unknown>) | undefined;

class TestProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: PROBE_NODE_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Runs the test task with its own execution context',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		await probeTask?.(this);
		return [[]];
	}
}
nodeTypeRegistry[PROBE_NODE_TYPE] = new TestProbe();

export interface InNodeResult<T> {
	value?: T;
	error?: unknown;
	/** How long the task ran, in ms. */
	elapsedMs: number;
	logText: string;
}

/**
 * Runs `task` inside a real node execution of n8n-core's engine: its context's helpers
 * (httpRequestWithAuthentication with the real credential type) do real HTTP. For driving the
 * transport directly, e.g. with deadlines shorter than the node's 1-second minimum Timeout.
 */
export async function runInNode<T>(
	credentials: ICredentialDataDecryptedObject,
	task: (ctx: IExecuteFunctions) => Promise<T>,
): Promise<InNodeResult<T>> {
	const outcome: InNodeResult<T> = { elapsedMs: 0, logText: '' };
	probeTask = async (ctx) => {
		const startedAt = Date.now();
		try {
			outcome.value = await task(ctx);
		} catch (error) {
			outcome.error = error;
		} finally {
			outcome.elapsedMs = Date.now() - startedAt;
		}
	};
	try {
		const run = await runWorkflow(
			{
				nodes: [
					{
						id: 's',
						name: START_NODE_NAME,
						type: START_NODE_TYPE,
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: 'p',
						name: 'Probe',
						type: PROBE_NODE_TYPE,
						typeVersion: 1,
						position: [200, 0],
						parameters: {},
						credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'OneStream' } },
					},
				],
				connections: {
					[START_NODE_NAME]: {
						main: [[{ node: 'Probe', type: NodeConnectionTypes.Main, index: 0 }]],
					},
				},
			},
			{ credentials: { [CREDENTIAL_TYPE]: credentials } },
		);
		outcome.logText = run.logText;
	} finally {
		probeTask = undefined;
	}
	return outcome;
}
