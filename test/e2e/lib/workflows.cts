/**
 * Workflows the real-n8n suites import: the example workflows from examples/ (the README's; only
 * the output folder and, for the schedule, the interval are changed) and a test workflow running
 * every resource and operation from one manual trigger.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { NODE_TYPE } from './n8n.cjs';
import { repoRoot } from './repo.cjs';

export type Workflow = Record<string, unknown> & {
	id: string;
	name: string;
	nodes: Array<
		Record<string, unknown> & { name: string; type: string; parameters: Record<string, unknown> }
	>;
	connections: Record<string, unknown>;
};

/** The credential the examples reference. */
export const EXAMPLE_CREDENTIAL = { id: 'osCredential0001', name: 'OneStream account' };
/**
 * The folder the examples write to: ~/.n8n-files of n8n's Docker image, the only place n8n 2.x
 * lets file nodes write by default (N8N_RESTRICT_FILE_ACCESS_TO). The folder must exist: neither
 * n8n 1.123 nor 2.40 creates missing folders when writing a file (the e2e suites showed it).
 * Suites and the demo point it at their own files folder.
 */
export const EXAMPLE_OUTPUT_DIR = '/home/node/.n8n-files';

/** Where the examples write when loaded for an instance whose files folder is `filesDir`. */
export function exportDir(filesDir: string): string {
	return filesDir;
}

export const EXAMPLES = {
	headline: 'nightly-consolidation-export.json',
	webhook: 'webhook-gl-rows.json',
	schedule: 'scheduled-load-and-export.json',
	errorOutput: 'error-output.json',
	mcp: 'mcp-agent-tools.json',
	certified: 'certified-close-export.json',
	batch: 'batch-load-harvest.json',
} as const;

/** The MCP Server Trigger's path in the MCP example: n8n serves it at /mcp/onestream. */
export const MCP_PATH = 'onestream';

export function examplesDir(): string {
	return path.join(repoRoot(), 'examples');
}

/** Loads an example, its output folder moved to `exportDir(filesDir)` when `filesDir` is given. */
export function loadExample(file: string, filesDir?: string): Workflow {
	let text = fs.readFileSync(path.join(examplesDir(), file), 'utf8');
	if (filesDir) text = text.split(EXAMPLE_OUTPUT_DIR).join(exportDir(filesDir));
	return JSON.parse(text) as Workflow;
}

/**
 * The MCP example with two more tools for the suite: a consolidation whose permission is an
 * expression the model fills ($fromAI, which must never count), and a read of wide rows (40 rows of
 * about 2 MB each), which must stay within the tool's Max Answer Size.
 */
export function withGuardAndWideTools(mcp: Workflow): Workflow {
	const trigger = mcp.nodes.find((node) => node.type.endsWith('mcpTrigger'));
	if (!trigger) throw new Error('the MCP example has no MCP Server Trigger');
	const tool = (id: string, name: string, y: number, parameters: Record<string, unknown>) => ({
		id,
		name,
		type: 'n8n-nodes-onestream.oneStreamTool',
		typeVersion: 1,
		position: [720, y],
		credentials: { oneStreamApi: EXAMPLE_CREDENTIAL },
		parameters,
	});
	const toTrigger = { ai_tool: [[{ node: trigger.name, type: 'ai_tool', index: 0 }]] };
	return {
		...mcp,
		nodes: [
			...mcp.nodes,
			tool('6f7c1a3e-0005-4c1a-9f00-0000000000a1', 'Consolidate if the model says so', 0, {
				resource: 'dataManagement',
				operation: 'executeSequence',
				applicationName: APP,
				sequenceName: 'Nightly_Consolidation',
				allowAgentJobs: "={{ $fromAI('allow', 'Whether the consolidation may run', 'boolean') }}",
				options: {},
			}),
			tool('6f7c1a3e-0005-4c1a-9f00-0000000000a2', 'Get wide rows', 240, {
				resource: 'data',
				operation: 'getDataAdapter',
				applicationName: APP,
				adapterName: 'Big_Export',
				substitutionVariables: sv(['pRows', '40'], ['pMemoBytes', String(2 * 1024 * 1024)]),
				maxRows: 40,
				options: {},
			}),
		],
		connections: {
			...mcp.connections,
			'Consolidate if the model says so': toTrigger,
			'Get wide rows': toTrigger,
		},
	};
}

/** Replaces the example schedule ("every night at 02:00") by "every N seconds" for a test. */
export function everySeconds(wf: Workflow, seconds: number): Workflow {
	const copy = JSON.parse(JSON.stringify(wf)) as Workflow;
	const trigger = copy.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (!trigger) throw new Error(`${wf.name} has no Schedule Trigger`);
	trigger.parameters = { rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] } };
	return copy;
}

const APP = { __rl: true, mode: 'name', value: 'AcmeConsolidation' };
const sv = (...pairs: Array<[string, string]>) => ({
	variable: pairs.map(([name, value]) => ({ name, value })),
});

/** Node names of the all-operations workflow, with what each runs. */
export const OPS = {
	executeSequence: 'DM: execute sequence Load_Actuals',
	executeStep: 'DM: execute step Integration/Import_GL',
	brExecute: 'Business rule: execute Run_Export_Rule',
	brGetDataSet: 'Business rule: data set FX_Rates/Rates',
	adapterRows: 'Data: adapter GL_Export (rows)',
	adapterTable: 'Data: adapter GL_Export (table)',
	adapterJsonFile: 'Data: adapter GL_Export (JSON file)',
	adapter720: 'Data: adapter GL_Export (API 7.2.0)',
	cubeView: 'Data: cube view Income_Statement',
	runSql: 'Data: SQL on Member',
	methodCommand: 'Data: method command WorkflowStatus',
	workflowStatus: 'Workflow: status of Houston.Import',
	adapterPicked: 'Data: adapter picked from the list (Max Rows 3)',
	cubes: 'Cube: get many cubes',
	hierarchy: 'Cube: Entity hierarchy of AcmeCorp',
	memberProperties: 'Cube: Account member properties of AcmeCorp',
	dataCells: 'Cube: data cells of Houston, Revenue',
	dataCellsFile: 'Cube: 200,000 data cells to CSV',
	diagnose: 'Connection: diagnose',
	expiredPat: 'Expired PAT (continue on fail)',
} as const;

/** The second credential the suites import: same stand-in, expired PAT. */
export const EXPIRED_CREDENTIAL = { id: 'osCredExpired001', name: 'OneStream (expired PAT)' };
/** A valid PAT whose user lacks the Administrator role: no SQL, so no pick lists but Application. */
export const NON_ADMIN_CREDENTIAL = {
	id: 'osCredNonAdmin01',
	name: 'OneStream (not an Administrator)',
};
/** A credential saved without a PAT: n8n fills it from a file through its credential overwrites. */
export const FILE_PAT_CREDENTIAL = { id: 'osCredFilePat001', name: 'OneStream (PAT from a file)' };
export const FILE_PAT_ID = 'osFilePatWorkflw';

export const RETRY_ON_FAIL_ID = 'osRetryOnFail001';

/**
 * Manual trigger → Execute Sequence `Failing_Import` with n8n's Retry On Fail on (3 tries): n8n runs
 * the node three times, and the node must not send the failed job again.
 */
export function retryOnFailWorkflow(): Workflow {
	return {
		id: RETRY_ON_FAIL_ID,
		name: 'OneStream: failing sequence with Retry On Fail on',
		active: false,
		settings: {},
		nodes: [
			{
				id: '7c000000-0000-4000-8000-000000000000',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '7c000000-0000-4000-8000-000000000001',
				name: 'Run Failing_Import',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [300, 0],
				credentials: { oneStreamApi: EXAMPLE_CREDENTIAL },
				retryOnFail: true,
				maxTries: 3,
				waitBetweenTries: 100,
				parameters: {
					resource: 'dataManagement',
					operation: 'executeSequence',
					applicationName: APP,
					sequenceName: 'Failing_Import',
					options: {},
				},
			},
		],
		connections: { Start: { main: [[{ node: 'Run Failing_Import', type: 'main', index: 0 }]] } },
	};
}

export const PROMISES_ID = 'osPromisesHostl1';

/** The node names of the hostile-answers workflow, in order. */
export const PROMISE_NODES = {
	accepted: 'Sequence answered 202',
	trickle: 'Sequence answer trickles',
	retried: 'Step reset, Retry On Fail',
} as const;

/**
 * Manual trigger → three jobs, each continuing on fail, against answers that must not read as
 * success and must not make a job run twice: a 202 with the completion text, an answer that
 * trickles forever (Timeout 1 s), and a connection reset after the work under Retry On Fail.
 */
export function promisesWorkflow(): Workflow {
	const job = (
		index: number,
		name: string,
		parameters: Record<string, unknown>,
		extra: Record<string, unknown> = {},
	) => ({
		id: `7d000000-0000-4000-8000-00000000000${index}`,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [300 * index, 0],
		credentials: { oneStreamApi: EXAMPLE_CREDENTIAL },
		onError: 'continueRegularOutput',
		parameters: { applicationName: APP, ...parameters },
		...extra,
	});
	return {
		id: PROMISES_ID,
		name: 'OneStream: hostile answers (202, trickle, reset under Retry On Fail)',
		active: false,
		settings: {},
		nodes: [
			{
				id: '7d000000-0000-4000-8000-000000000000',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			job(1, PROMISE_NODES.accepted, {
				resource: 'dataManagement',
				operation: 'executeSequence',
				sequenceName: 'Load_Actuals',
				options: {},
			}),
			job(2, PROMISE_NODES.trickle, {
				resource: 'dataManagement',
				operation: 'executeSequence',
				sequenceName: 'Nightly_Consolidation',
				options: { timeout: 1000 },
			}),
			job(
				3,
				PROMISE_NODES.retried,
				{
					resource: 'dataManagement',
					operation: 'executeStep',
					dataManagementGroupName: 'Integration',
					stepName: 'Import_GL',
					options: {},
				},
				{ retryOnFail: true, maxTries: 3, waitBetweenTries: 100 },
			),
		],
		connections: {
			Start: { main: [[{ node: PROMISE_NODES.accepted, type: 'main', index: 0 }]] },
			[PROMISE_NODES.accepted]: {
				main: [[{ node: PROMISE_NODES.trickle, type: 'main', index: 0 }]],
			},
			[PROMISE_NODES.trickle]: {
				main: [[{ node: PROMISE_NODES.retried, type: 'main', index: 0 }]],
			},
		},
	};
}

/** Where the PAT-from-a-file workflow answers. */
export const FILE_PAT_WEBHOOK_PATH = 'onestream/file-pat';

/**
 * Webhook → GL_Export rows → answered to the caller, with the credential saved without a PAT.
 * A webhook, not a manual run: n8n applies credential overwrites only in `n8n start` and
 * `n8n worker`, never in `n8n execute`.
 */
export function filePatWorkflow(): Workflow {
	return {
		id: FILE_PAT_ID,
		name: 'OneStream: PAT from a file (credential overwrites)',
		active: false,
		settings: {},
		nodes: [
			{
				id: '7b000000-0000-4000-8000-000000000000',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '7b000000-0000-4000-8000-00000000aaaa',
				parameters: {
					httpMethod: 'GET',
					path: FILE_PAT_WEBHOOK_PATH,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			},
			{
				id: '7b000000-0000-4000-8000-000000000001',
				name: 'GL rows',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [300, 0],
				credentials: { oneStreamApi: FILE_PAT_CREDENTIAL },
				parameters: {
					resource: 'data',
					operation: 'getDataAdapter',
					applicationName: APP,
					adapterName: 'GL_Export',
					workspaceName: 'Default',
					resultTableName: 'Results',
					substitutionVariables: sv(['pScenario', 'Actual'], ['pTime', '2026M3']),
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'GL rows', type: 'main', index: 0 }]] } },
	};
}

export const SLOW_JOB_ID = 'osSlowJobHook01';
export const SLOW_JOB_WEBHOOK_PATH = 'onestream/slow-job';

/**
 * Webhook (answered at once) → Execute Sequence Slow_Close, with the execution's id as pRunId so
 * that the stand-in's record says which execution sent each request. In queue mode it runs on a
 * worker, which a test can kill while OneStream still runs the sequence.
 */
export function slowJobWebhookWorkflow(): Workflow {
	return {
		id: SLOW_JOB_ID,
		name: 'e2e: a slow sequence from a webhook',
		active: false,
		settings: {},
		nodes: [
			{
				id: '7c000000-0000-4000-8000-000000000000',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '7c000000-0000-4000-8000-00000000aaaa',
				parameters: {
					httpMethod: 'GET',
					path: SLOW_JOB_WEBHOOK_PATH,
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				id: '7c000000-0000-4000-8000-000000000001',
				name: 'Slow_Close',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [300, 0],
				credentials: { oneStreamApi: EXAMPLE_CREDENTIAL },
				parameters: {
					resource: 'dataManagement',
					operation: 'executeSequence',
					applicationName: APP,
					sequenceName: 'Slow_Close',
					substitutionVariables: sv(['pRunId', '={{ $execution.id }}']),
					options: {},
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Slow_Close', type: 'main', index: 0 }]] } },
	};
}

export const TRIGGER_ID = 'osTriggerNewRows';
export const TRIGGER_NODE = 'New journal lines';

/**
 * Two Poll Times that fire on the same second of every minute (two cron expressions, so n8n
 * registers both): n8n starts two polls of one trigger at once, each minute.
 */
export const SAME_MINUTE_POLL_TIMES = {
	item: [
		{ mode: 'custom', cronExpression: '0 * * * * *' },
		{ mode: 'custom', cronExpression: '0 */1 * * * *' },
	],
};

/** A New Rows trigger on journal lines: TRIGGER_ID on Journal_Lines unless told otherwise. */
export function newRowsTriggerWorkflow(
	options: { id?: string; adapter?: string; timeoutMs?: number } = {},
): Workflow {
	const { id = TRIGGER_ID, adapter = 'Journal_Lines', timeoutMs } = options;
	return {
		id,
		name: `e2e: OneStream Trigger, new journal lines (${adapter}${timeoutMs ? `, Timeout ${timeoutMs} ms` : ''})`,
		active: false,
		nodes: [
			{
				id: `7b000000-0000-4000-8000-${id === TRIGGER_ID ? '000000000001' : '000000000002'}`,
				name: TRIGGER_NODE,
				type: 'n8n-nodes-onestream.oneStreamTrigger',
				typeVersion: 1,
				position: [0, 0],
				credentials: { oneStreamApi: EXAMPLE_CREDENTIAL },
				parameters: {
					pollTimes: SAME_MINUTE_POLL_TIMES,
					event: 'newRows',
					applicationName: APP,
					source: 'dataAdapter',
					adapterName: { __rl: true, mode: 'name', value: adapter },
					cursorColumn: 'PostedAt',
					keyColumns: 'JournalId',
					...(timeoutMs ? { options: { timeout: timeoutMs } } : {}),
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The durable-scheduler suite's second New Rows trigger: Journal_Lines_All (the whole table; the
 * trigger's cursor does the filtering) with a Timeout of 2 minutes set in Options, past the
 * scheduler's poll timeout, so that a slow answer makes n8n abandon the poll.
 */
export const TRIGGER_ALL_ID = 'osTriggerAllRows';

/** The certified-close example: its id, its trigger (Workflow Status Changed), export and message. */
export const CERTIFIED_ID = 'osCertifiedClose';
export const CERTIFIED_TRIGGER_NODE = 'Houston close certified';
export const CERTIFIED_MESSAGE_NODE = 'Message for the close team';

export const ALL_OPS_ID = 'osAllOperations1';

/** 5 entities × 4 accounts × 2 months × 1,000 products × 5 channels = 200,000 cells. */
export const DATA_CELLS_200K = {
	timeFilter: '2026M1, 2026M2',
	entityFilter: 'Total_Acme.Base',
	accountFilter: 'NetIncome.Base',
	ud1Filter: 'Total_Products.Base',
	ud2Filter: 'Total_Channels.Base',
};

/** One manual trigger fanning out to every resource/operation (and the output modes). */
export function allOperationsWorkflow(credential = EXAMPLE_CREDENTIAL): Workflow {
	const credentials = { oneStreamApi: credential };
	const glVars = sv(['pScenario', 'Actual'], ['pTime', '2026M3']);
	const nodes: Workflow['nodes'] = [
		{
			id: '7a000000-0000-4000-8000-000000000000',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	];
	const add = (
		name: string,
		parameters: Record<string, unknown>,
		extra: Record<string, unknown> = {},
	) => {
		const i = nodes.length;
		nodes.push({
			id: `7a000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
			name,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [300, (i - 1) * 140],
			credentials,
			parameters: { applicationName: APP, ...parameters },
			...extra,
		});
	};
	add(OPS.executeSequence, {
		resource: 'dataManagement',
		operation: 'executeSequence',
		sequenceName: 'Load_Actuals',
		workspaceName: 'Default',
		substitutionVariables: sv(
			['pScenario', 'Actual'],
			['pRunId', '={{ "allops-" + $execution.id }}'],
		),
		options: {},
	});
	add(OPS.executeStep, {
		resource: 'dataManagement',
		operation: 'executeStep',
		dataManagementGroupName: 'Integration',
		stepName: 'Import_GL',
		substitutionVariables: sv(['pTime', '2026M3']),
		options: {},
	});
	add(OPS.brExecute, {
		resource: 'businessRule',
		operation: 'execute',
		dataManagementGroupName: 'Integration',
		stepName: 'Run_Export_Rule',
		substitutionVariables: sv(['Target', 'Warehouse']),
		options: {},
	});
	add(OPS.brGetDataSet, {
		resource: 'businessRule',
		operation: 'getDataSet',
		ruleName: 'FX_Rates',
		dataSetName: 'Rates',
		substitutionVariables: sv(['Currency', 'EUR']),
		options: {},
	});
	add(OPS.adapterRows, {
		resource: 'data',
		operation: 'getDataAdapter',
		adapterName: 'GL_Export',
		workspaceName: 'Default',
		resultTableName: 'GL',
		substitutionVariables: glVars,
		output: 'rows',
		options: {},
	});
	add(OPS.adapterTable, {
		resource: 'data',
		operation: 'getDataAdapter',
		adapterName: 'GL_Export',
		workspaceName: 'Default',
		resultTableName: 'GL',
		substitutionVariables: glVars,
		output: 'table',
		options: {},
	});
	add(OPS.adapterJsonFile, {
		resource: 'data',
		operation: 'getDataAdapter',
		adapterName: 'GL_Export',
		workspaceName: 'Default',
		resultTableName: 'GL',
		substitutionVariables: glVars,
		output: 'file',
		fileFormat: 'json',
		binaryPropertyName: 'export',
		options: {},
	});
	add(OPS.adapter720, {
		resource: 'data',
		operation: 'getDataAdapter',
		adapterName: 'GL_Export',
		workspaceName: 'Default',
		resultTableName: 'GL',
		substitutionVariables: glVars,
		output: 'rows',
		options: { apiVersion: '7.2.0' },
	});
	add(OPS.cubeView, {
		resource: 'data',
		operation: 'getCubeView',
		cubeViewName: 'Income_Statement',
		resultTableName: 'CV',
		substitutionVariables: sv(['pEntity', 'Acme UK'], ['pScenario', 'Actual']),
		output: 'rows',
		options: {},
	});
	add(OPS.runSql, {
		resource: 'data',
		operation: 'runSql',
		sqlQuery: "SELECT Name, Description FROM Member WHERE DimType = 'Entity' ORDER BY Name",
		dbLocation: 'Application',
		externalConnectionName: '',
		resultTableName: 'Members',
		substitutionVariables: {},
		output: 'rows',
		options: {},
	});
	add(OPS.methodCommand, {
		resource: 'data',
		operation: 'runMethodCommand',
		methodType: 'WorkflowStatus',
		methodQuery: '{Houston.Import}{Actual}{2026M1}',
		resultTableName: 'Status',
		substitutionVariables: {},
		output: 'rows',
		options: {},
	});
	add(OPS.workflowStatus, {
		resource: 'workflow',
		operation: 'getStatus',
		workflowProfile: 'Houston.Import',
		scenario: 'Actual',
		time: '2026M3',
		output: 'rows',
		options: {},
	});
	// Names as the editor saves a pick from a list: resource locator values.
	add(OPS.adapterPicked, {
		resource: 'data',
		operation: 'getDataAdapter',
		workspaceName: { __rl: true, mode: 'list', value: 'Default' },
		adapterName: { __rl: true, mode: 'list', value: 'GL_Export' },
		resultTableName: 'GL',
		substitutionVariables: glVars,
		output: 'rows',
		options: { maxRows: 3 },
	});
	// Cube (Analytics/*, 7.2.0): the envelope is polled once (the suite makes the stand-in answer
	// "Running" first) and read in pages of 50,000.
	const polled = { pollSchedule: '1, 1, 1' };
	add(OPS.cubes, { resource: 'cube', operation: 'getMany' });
	add(OPS.hierarchy, {
		resource: 'cube',
		operation: 'getDimensionHierarchy',
		cubeName: { __rl: true, mode: 'name', value: 'AcmeCorp' },
		dimensionType: 'Entity',
		includeDescriptions: true,
		output: 'rows',
		options: polled,
	});
	add(OPS.memberProperties, {
		resource: 'cube',
		operation: 'getMemberProperties',
		cubeName: { __rl: true, mode: 'name', value: 'AcmeCorp' },
		dimensionType: 'Account',
		output: 'rows',
		options: polled,
	});
	add(OPS.dataCells, {
		resource: 'cube',
		operation: 'getDataCells',
		cubeName: { __rl: true, mode: 'name', value: 'AcmeCorp' },
		scenario: 'Actual',
		// The field's own dimension token is removed by the node (OneStream's form has none).
		timeFilter: 'T#2026M3',
		entityFilter: 'Houston',
		accountFilter: 'Revenue.Base',
		output: 'rows',
		options: polled,
	});
	add(OPS.dataCellsFile, {
		resource: 'cube',
		operation: 'getDataCells',
		cubeName: { __rl: true, mode: 'name', value: 'AcmeCorp' },
		scenario: 'Actual',
		timeFilter: DATA_CELLS_200K.timeFilter,
		entityFilter: DATA_CELLS_200K.entityFilter,
		accountFilter: DATA_CELLS_200K.accountFilter,
		udFilters: { ud1Filter: DATA_CELLS_200K.ud1Filter, ud2Filter: DATA_CELLS_200K.ud2Filter },
		output: 'file',
		fileFormat: 'csv',
		binaryPropertyName: 'cells',
		options: polled,
	});
	add(OPS.diagnose, { resource: 'connection', operation: 'diagnose' });
	// An authentication failure inside a run: its error lands in the execution data, which the
	// secrets grep then searches.
	add(
		OPS.expiredPat,
		{
			resource: 'data',
			operation: 'getDataAdapter',
			adapterName: 'GL_Export',
			workspaceName: 'Default',
			resultTableName: 'GL',
			substitutionVariables: {},
			output: 'rows',
			options: {},
		},
		{ credentials: { oneStreamApi: EXPIRED_CREDENTIAL }, onError: 'continueRegularOutput' },
	);
	const targets = nodes.slice(1).map((n) => ({ node: n.name, type: 'main', index: 0 }));
	return {
		id: ALL_OPS_ID,
		name: 'e2e: every OneStream operation',
		active: false,
		nodes,
		connections: { Start: { main: [targets] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

export const AGENT_ID = 'osAgentEngine001';
/** An OpenAI credential pointed at the scripted model (./scriptedModel.cts). */
export const SCRIPTED_MODEL_CREDENTIAL = { id: 'osScriptedModel1', name: 'Scripted model' };
export const AGENT_TOOL_NODE = 'Import GL data';

/**
 * Manual trigger → n8n's AI Agent (v3: it has the engine run its tools), with the OpenAI Chat
 * Model node on the scripted model and the OneStream tool running the Import_GL step (allowed,
 * Retry On Fail at 3 tries, On Error: Continue).
 */
export function agentWorkflow(): Workflow {
	return {
		id: AGENT_ID,
		name: 'OneStream: AI Agent v3 with a scripted model',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '7e000000-0000-4000-8000-000000000000',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '7e000000-0000-4000-8000-000000000001',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3,
				position: [300, 0],
				parameters: { promptType: 'define', text: 'Reload the GL data in OneStream.', options: {} },
			},
			{
				id: '7e000000-0000-4000-8000-000000000002',
				name: 'Scripted model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [200, 250],
				credentials: { openAiApi: SCRIPTED_MODEL_CREDENTIAL },
				parameters: {
					model: { __rl: true, mode: 'id', value: 'scripted-model' },
					options: { maxRetries: 0 },
				},
			},
			{
				id: '7e000000-0000-4000-8000-000000000003',
				name: AGENT_TOOL_NODE,
				type: `${NODE_TYPE}Tool`,
				typeVersion: 1,
				position: [400, 250],
				credentials: { oneStreamApi: EXAMPLE_CREDENTIAL },
				retryOnFail: true,
				maxTries: 3,
				waitBetweenTries: 100,
				// n8n 1.123 stops the workflow at a tool's error on the engine path; continuing hands
				// the error item to the agent on both versions (2.x does so by default).
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'dataManagement',
					operation: 'executeStep',
					applicationName: APP,
					dataManagementGroupName: 'Integration',
					stepName: 'Import_GL',
					allowAgentJobs: true,
					options: {},
				},
			},
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Scripted model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			[AGENT_TOOL_NODE]: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}

export const IDENTICAL_JOBS_ID = 'osIdenticalJobs1';
export const IDENTICAL_JOBS_ROWS = 150;

/**
 * A 150-row read feeding two Load_Actuals nodes, told apart by their pBranch variable: one with
 * the default (identical jobs run once), one with Run Identical Jobs Once off. Beside it, a 3-row
 * read feeding a node that asks for [Load_Actuals, Nightly_Consolidation, Load_Actuals]: three
 * jobs, since the consolidation ran between the two loads.
 */
export function identicalJobsWorkflow(): Workflow {
	const credentials = { oneStreamApi: EXAMPLE_CREDENTIAL };
	const sequence = (branch: string, options: Record<string, unknown>) => ({
		resource: 'dataManagement',
		operation: 'executeSequence',
		applicationName: APP,
		sequenceName: 'Load_Actuals',
		substitutionVariables: sv(['pBranch', branch]),
		options,
	});
	return {
		id: IDENTICAL_JOBS_ID,
		name: 'e2e: a sequence after a 150-row read',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '7f000000-0000-4000-8000-000000000000',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: '7f000000-0000-4000-8000-000000000001',
				name: 'Read 150 rows',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [250, 0],
				credentials,
				parameters: {
					resource: 'data',
					operation: 'getDataAdapter',
					applicationName: APP,
					adapterName: 'Big_Export',
					substitutionVariables: sv(['pRows', String(IDENTICAL_JOBS_ROWS)]),
					options: {},
				},
			},
			{
				id: '7f000000-0000-4000-8000-000000000002',
				name: 'Load_Actuals (default)',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [500, -100],
				credentials,
				parameters: sequence('once', {}),
			},
			{
				id: '7f000000-0000-4000-8000-000000000003',
				name: 'Load_Actuals (per item)',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [500, 100],
				credentials,
				parameters: sequence('perItem', { runIdenticalJobsOnce: false, concurrency: 10 }),
			},
			{
				id: '7f000000-0000-4000-8000-000000000004',
				name: 'Read 3 rows',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [250, 300],
				credentials,
				parameters: {
					resource: 'data',
					operation: 'getDataAdapter',
					applicationName: APP,
					adapterName: 'Big_Export',
					substitutionVariables: sv(['pRows', '3']),
					options: {},
				},
			},
			{
				id: '7f000000-0000-4000-8000-000000000006',
				name: 'Read 12 rows',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [250, 500],
				credentials,
				parameters: {
					resource: 'data',
					operation: 'getDataAdapter',
					applicationName: APP,
					adapterName: 'Big_Export',
					substitutionVariables: sv(['pRows', '12']),
					options: {},
				},
			},
			...(['shared', 'perItem'] as const).map((mode, index) => ({
				id: `7f000000-0000-4000-8000-00000000000${7 + index}`,
				name: READ_AFTER_12[mode],
				type: NODE_TYPE,
				typeVersion: 1,
				position: [500, 450 + index * 150] as [number, number],
				credentials,
				parameters: {
					resource: 'workflow',
					operation: 'getStatus',
					applicationName: APP,
					workflowProfile: 'Houston.Import',
					scenario: 'Actual',
					// Not the period the certified-close trigger polls: these requests are told apart.
					time: '2026M2',
					options: mode === 'shared' ? {} : { runIdenticalReadsOnce: false },
				},
			})),
			{
				id: '7f000000-0000-4000-8000-000000000005',
				name: 'Load, consolidate, load',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [500, 300],
				credentials,
				parameters: {
					...sequence('aba', { concurrency: 3 }),
					sequenceName: "={{ $json.RowId === 2 ? 'Nightly_Consolidation' : 'Load_Actuals' }}",
				},
			},
		],
		connections: {
			Start: {
				main: [
					[
						{ node: 'Read 150 rows', type: 'main', index: 0 },
						{ node: 'Read 3 rows', type: 'main', index: 0 },
						{ node: 'Read 12 rows', type: 'main', index: 0 },
					],
				],
			},
			'Read 3 rows': { main: [[{ node: 'Load, consolidate, load', type: 'main', index: 0 }]] },
			'Read 12 rows': {
				main: [
					[
						{ node: READ_AFTER_12.shared, type: 'main', index: 0 },
						{ node: READ_AFTER_12.perItem, type: 'main', index: 0 },
					],
				],
			},
			'Read 150 rows': {
				main: [
					[
						{ node: 'Load_Actuals (default)', type: 'main', index: 0 },
						{ node: 'Load_Actuals (per item)', type: 'main', index: 0 },
					],
				],
			},
		},
	};
}

/** Workflow › Get Status after a 12-item read: identical reads shared (default), and per item. */
export const READ_AFTER_12 = {
	shared: 'Get Status after 12 items (shared)',
	perItem: 'Get Status after 12 items (per item)',
} as const;

export const DIAGNOSE_ID = 'osDiagnoseEveryC';
/** A server on loopback that takes connections and never answers. */
export const SILENT_CREDENTIAL = { id: 'osCredSilent0001', name: 'OneStream (a silent server)' };

/**
 * Connection › Diagnose once per credential, side by side: an Administrator token, one without the
 * role, a revoked one, a Server URL that is not OneStream, and a silent server (Timeout per Check
 * 5 s). The node names are the cases.
 */
export function diagnoseWorkflow(
	cases: Array<{ name: string; credential: { id: string; name: string } }>,
): Workflow {
	return {
		id: DIAGNOSE_ID,
		name: 'e2e: Connection › Diagnose for each kind of credential',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: '7d000000-0000-4000-8000-000000000000',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			...cases.map(({ name, credential }, index) => ({
				id: `7d000000-0000-4000-8000-00000000000${index + 1}`,
				name,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [300, index * 160] as [number, number],
				credentials: { oneStreamApi: credential },
				parameters: {
					resource: 'connection',
					operation: 'diagnose',
					applicationName: APP,
					checkTimeout: 5,
				},
			})),
		],
		connections: {
			Start: { main: [cases.map(({ name }) => ({ node: name, type: 'main', index: 0 }))] },
		},
	};
}
