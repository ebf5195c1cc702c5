/**
 * The node as an AI agent's tool, inside n8n-core's engine, on both paths n8n runs tools:
 * - direct: the agent (or the MCP Server Trigger) gets the tool from
 *   `getInputConnectionData('ai_tool')` and invokes it; n8n-core's tool wrapper runs the node, and
 *   re-implements Retry On Fail itself, with a new run index for every try;
 * - engine: the agent returns an engine request (as AI Agent v3 does), the workflow engine runs
 *   the tool node as a node of the workflow (its own Retry On Fail loop), and resumes the agent
 *   with the results.
 *
 * The tool variant of the node is made here the way n8n makes it when it loads a package whose
 * node says `usableAsTool`: the same node, its type name ending in "Tool", with an `ai_tool`
 * output and no inputs.
 */
import type {
	EngineRequest,
	EngineResponse,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	NodeOutput,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OneStream } from '../../nodes/OneStream/OneStream.node';
import type { WorkflowResult } from './harness.cjs';
import { CREDENTIAL_TYPE, registerNodeType, runWorkflow, START_NODE_TYPE } from './harness.cjs';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const ONESTREAM_TOOL_NODE_TYPE = 'n8n-nodes-onestream.oneStreamTool';
export const TEST_AGENT_NODE_TYPE = 'test.agent';

/** The node's tool variant, as n8n derives it from a node with `usableAsTool`. */
function oneStreamTool(): INodeType {
	const node = new OneStream();
	const description: INodeTypeDescription = {
		...node.description,
		name: `${node.description.name}Tool`,
		displayName: `${node.description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	};
	delete description.usableAsTool;
	return Object.assign(node, { description });
}

export type ToolPath = 'direct' | 'engine';

/** What the agent got back from one tool call. */
export interface ToolCallResult {
	/** The tool's answer as the model sees it (direct: n8n's JSON text, parsed; engine: the items' json). */
	answer?: unknown;
	/** The error the tool call ended with, as the agent received it. */
	error?: string;
}

interface ToolCallsOutput {
	calls: ToolCallResult[];
}

interface InvocableTool {
	name: string;
	description: string;
	invoke(args: IDataObject): Promise<unknown>;
}

function isInvocableTool(value: unknown): value is InvocableTool {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as InvocableTool).invoke === 'function' &&
		typeof (value as InvocableTool).name === 'string'
	);
}

/**
 * A stand-in for an AI agent with a scripted model: it calls the connected tool once for every
 * entry of `calls` (each entry is one tool call's arguments), on the path given by `path`.
 */
class TestAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Agent',
		name: TEST_AGENT_NODE_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Calls its tool as a scripted model would',
		defaults: { name: 'Agent' },
		inputs: [
			NodeConnectionTypes.Main,
			{ type: NodeConnectionTypes.AiTool, displayName: 'Tool', required: true },
		],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Calls (JSON)', name: 'calls', type: 'json', default: '[]' },
			{ displayName: 'Path', name: 'path', type: 'string', default: 'direct' },
			{ displayName: 'Tool Node', name: 'toolNode', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions, response?: EngineResponse): Promise<NodeOutput> {
		const turns = JSON.parse(String(this.getNodeParameter('calls', 0))) as IDataObject[][];
		const path = String(this.getNodeParameter('path', 0)) as ToolPath;
		if (path === 'engine') return engineStep(this, turns, response);
		const calls = turns.flat();
		const connected = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as unknown;
		const tool = (Array.isArray(connected) ? connected : [connected]).find(isInvocableTool);
		if (!tool) throw new Error('No tool connected');
		const results: ToolCallResult[] = [];
		for (const args of calls) {
			try {
				const text = await tool.invoke({ ...args });
				results.push({ answer: typeof text === 'string' ? (JSON.parse(text) as unknown) : text });
			} catch (error) {
				results.push({ error: error instanceof Error ? error.message : String(error) });
			}
		}
		return [
			[{ json: { calls: results, tool: { name: tool.name, description: tool.description } } }],
		];
	}
}

interface TurnMetadata {
	/** The turn whose calls the engine ran last. */
	turn: number;
	results: ToolCallResult[];
}

/**
 * AI Agent v3's way: ask the engine to run the tool for each call of a turn, read what it returned,
 * then ask for the next turn's calls. Ids are numbered per turn (call_0, call_1…), as some
 * OpenAI-compatible servers do, so a later turn reuses the ids of an earlier one.
 */
function engineStep(
	ctx: IExecuteFunctions,
	turns: IDataObject[][],
	response: EngineResponse | undefined,
): INodeExecutionData[][] | EngineRequest {
	const toolNode = String(ctx.getNodeParameter('toolNode', 0));
	const request = (turn: number, results: ToolCallResult[]): EngineRequest => ({
		actions: turns[turn].map((input, index) => ({
			actionType: 'ExecutionNodeAction' as const,
			nodeName: toolNode,
			input,
			type: NodeConnectionTypes.AiTool,
			id: `call_${index}`,
			metadata: { itemIndex: 0 },
		})),
		metadata: { turn, results } as unknown as EngineRequest['metadata'],
	});
	if (!response || response.actionResponses.length === 0) return request(0, []);
	const { turn, results } = response.metadata as unknown as TurnMetadata;
	const byId = new Map(response.actionResponses.map((result) => [result.action.id, result.data]));
	const answers = turns[turn].map((_, index): ToolCallResult => {
		const data = byId.get(`call_${index}`);
		if (!data) return { error: 'no result' };
		if (data.error) return { error: data.error.message };
		const items = data.data?.[NodeConnectionTypes.AiTool]?.[0] ?? data.data?.main?.[0] ?? [];
		// A failed call comes back as an error item; n8n 2.x gives the agent its message alone.
		const failed = items.find((item) => typeof item.json.error === 'string');
		if (failed) return { error: String(failed.json.error) };
		return { answer: items.map((item) => item.json) };
	});
	const all = [...results, ...answers];
	if (turn + 1 < turns.length) return request(turn + 1, all);
	return [[{ json: { calls: all } as unknown as IDataObject }]];
}

let registered = false;

/** Registers the tool variant and the test agent in the harness, once per test file. */
export function registerAgentTypes(): void {
	if (registered) return;
	registered = true;
	registerNodeType(ONESTREAM_TOOL_NODE_TYPE, oneStreamTool());
	registerNodeType(TEST_AGENT_NODE_TYPE, new TestAgent());
}

export interface ToolRunOptions {
	path: ToolPath;
	/** The tool node's parameters, as a user sets them (use `$fromAI(...)` for what the model fills). */
	parameters: INodeParameters | IDataObject;
	/** One entry per tool call: the arguments the model sends (all in one turn). */
	calls?: IDataObject[];
	/** Or the calls turn by turn: the model sees a turn's answers before the next turn's calls. */
	turns?: IDataObject[][];
	credentials: ICredentialDataDecryptedObject;
	/** The tool node's Retry On Fail. */
	retryOnFail?: boolean;
	maxTries?: number;
}

export interface ToolRunResult extends WorkflowResult {
	calls: ToolCallResult[];
	tool?: { name: string; description: string };
	/** Every run of the tool node n8n recorded (a try of a direct call is a run of its own). */
	toolRuns: number;
}

export const TOOL_NODE_NAME = 'OneStream Tool';

/** Runs Start → Agent, with the OneStream tool connected, and returns what each call gave back. */
export async function runAsTool(options: ToolRunOptions): Promise<ToolRunResult> {
	registerAgentTypes();
	const tool: INode = {
		id: 'onestream-tool',
		name: TOOL_NODE_NAME,
		type: ONESTREAM_TOOL_NODE_TYPE,
		typeVersion: 1,
		position: [220, 200],
		parameters: options.parameters as INodeParameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'OneStream account' } },
		// 1 ms, not 0: n8n's engine reads 0 as its default of 1 s.
		...(options.retryOnFail ? { retryOnFail: true, waitBetweenTries: 1 } : {}),
		// n8n 2.x hands a tool's error back to the agent on the engine path (n8n-core 2.0.0, which
		// runs these tests, stops the workflow instead): continuing gives the agent the error item.
		...(options.path === 'engine' ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.maxTries !== undefined ? { maxTries: options.maxTries } : {}),
	};
	const result = await runWorkflow(
		{
			name: `OneStream as a tool (${options.path})`,
			nodes: [
				{
					id: 'start',
					name: 'Start',
					type: START_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'agent',
					name: 'Agent',
					type: TEST_AGENT_NODE_TYPE,
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						calls: JSON.stringify(options.turns ?? [options.calls ?? []]),
						path: options.path,
						toolNode: TOOL_NODE_NAME,
					},
				},
				tool,
			],
			connections: {
				Start: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
				[TOOL_NODE_NAME]: {
					[NodeConnectionTypes.AiTool]: [
						[{ node: 'Agent', type: NodeConnectionTypes.AiTool, index: 0 }],
					],
				},
			},
		},
		{ credentials: { [CREDENTIAL_TYPE]: options.credentials } },
	);
	const output = result.nodes.Agent?.outputs[0]?.[0]?.json as unknown as
		(ToolCallsOutput & { tool?: { name: string; description: string } }) | undefined;
	if (!output) {
		throw new Error(
			`The agent produced no output: ${result.error?.message ?? result.nodes.Agent?.error?.message ?? 'no error'}`,
		);
	}
	return {
		...result,
		calls: output.calls,
		tool: output.tool,
		toolRuns: result.nodes[TOOL_NODE_NAME]?.runs.length ?? 0,
	};
}
