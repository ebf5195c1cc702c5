import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
} from 'n8n-workflow';
import { ManualExecutionCancelledError, NodeOperationError } from 'n8n-workflow';

import type { NodeError } from '../shared/errors';
import { jobOutcomeOf, OneStreamError, toNodeError } from '../shared/errors';
import { itemParameters } from '../shared/parameters';
import { OneStreamReader } from '../read/reader';
import * as batchFile from './batchFile/BatchFile.resource';
import { BatchFiles } from './batchFile/batchFiles';
import * as businessRule from './businessRule/BusinessRule.resource';
import * as connection from './connection/Connection.resource';
import * as cube from './cube/Cube.resource';
import * as data from './data/Data.resource';
import * as dataManagement from './dataManagement/DataManagement.resource';
import * as workflow from './workflow/Workflow.resource';
import type {
	ExecutionState,
	OneStreamOperation,
	OneStreamResource,
	OperationMap,
} from './node.type';
import { JobSequence } from './jobSequence';
import { ReadSharing } from './readSharing';
import { parallelCalls } from './parallelCalls';

const operations: OperationMap = {
	dataManagement: {
		executeSequence: dataManagement.executeSequence,
		executeStep: dataManagement.executeStep,
	},
	businessRule: { execute: businessRule.execute, getDataSet: businessRule.getDataSet },
	data: {
		getDataAdapter: data.getDataAdapter,
		getCubeView: data.getCubeView,
		runSql: data.runSql,
		runMethodCommand: data.runMethodCommand,
	},
	workflow: {
		getStatus: workflow.getStatus,
	},
	cube: {
		getMany: cube.getMany,
		getDimensionHierarchy: cube.getDimensionHierarchy,
		getMemberProperties: cube.getMemberProperties,
		getDataCells: cube.getDataCells,
	},
	connection: { diagnose: connection.diagnose },
	batchFile: { create: batchFile.create },
};

/**
 * Whether n8n runs the node as a tool: for an AI agent, or for the MCP Server Trigger. n8n then
 * runs the node's tool variant, whose type name ends in "Tool" (the same test as n8n's `@tool`
 * display condition).
 */
function isToolCall(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

function findOperation(resource: string, operation: string): OneStreamOperation | undefined {
	if (!Object.prototype.hasOwnProperty.call(operations, resource)) return undefined;
	const byName: Record<string, OneStreamOperation> = operations[resource as OneStreamResource];
	return Object.prototype.hasOwnProperty.call(byName, operation) ? byName[operation] : undefined;
}

/**
 * Runs the chosen operation for every input item: at most `Parallel Calls` at a time, output in
 * input order, each output item paired with its input item. A failing item becomes an error item
 * when the node continues on fail; otherwise the first failure stops the node once the calls
 * already in flight have ended (a Data Management call in flight is never abandoned).
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = String(this.getNodeParameter('resource', 0));
	const operationName = String(this.getNodeParameter('operation', 0));
	const operation = findOperation(resource, operationName);
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of "${resource}" is not supported`,
			{ description: 'Pick a resource and an operation from the lists.' },
		);
	}

	const toolCall = isToolCall(this);
	// Resolved once per execution and shared by all items (also by items running in parallel).
	let statePromise: Promise<ExecutionState> | undefined;
	let secret = '';
	const results: INodeExecutionData[][] = new Array(items.length);
	const jobs = new JobSequence();
	const reads = new ReadSharing();
	const batchFiles = new BatchFiles();
	const runItem = async (itemIndex: number): Promise<void> => {
		try {
			statePromise ??= OneStreamReader.connect(this).then((reader) => {
				secret = reader.client.secret;
				return { client: reader.client, reader, toolCall, jobs, reads, batchFiles };
			});
			const produced = await operation.execute.call(this, itemIndex, await statePromise);
			results[itemIndex] = pairItems(produced, { item: itemIndex });
		} catch (caught) {
			const error = toNodeError(this.getNode(), caught, itemIndex, secret);
			// A cancelled execution ends as n8n's cancel, not as an error item. A job keeps its own
			// error, which says whether it may still be running in OneStream.
			if (this.getExecutionCancelSignal()?.aborted) {
				if (caught instanceof OneStreamError && caught.jobOutcome !== undefined) throw error;
				throw caught instanceof OneStreamError ? new ManualExecutionCancelledError('') : caught;
			}
			// n8n 2.x's engine path gives an agent a tool's error message alone: it must say what to do.
			if (toolCall && error.description && !error.message.includes(error.description))
				error.message = `${error.message.replace(/[.!?]?$/, '.')} ${error.description}`;
			if (!this.continueOnFail()) throw error;
			const item: INodeExecutionData = {
				json: errorItemJson(error, caught),
				pairedItem: { item: itemIndex },
			};
			// Under "Continue (using error output)" n8n sends an item to the error output only when it
			// carries `error` (or when `error` is its json's single field); it then reduces the json to
			// `{ error: message }`. The regular output keeps the full json.
			if (this.getNode().onError === 'continueErrorOutput') item.error = error;
			results[itemIndex] = [item];
		} finally {
			// The next item may wait to learn which job this one asked for (Run Identical Jobs Once).
			jobs.settle(itemIndex);
		}
	};

	let concurrency = 1;
	try {
		concurrency = parallelCalls.get(itemParameters(this, 0));
	} catch (caught) {
		throw toNodeError(this.getNode(), caught, 0, '');
	}
	await runBounded(items.length, concurrency, runItem);
	// Items that shared an earlier item's read: its rows answer them too.
	results.forEach((produced, itemIndex) => {
		const pairedWith = reads.pairedWith(itemIndex);
		if (pairedWith.length < 2) return;
		pairItems(
			produced,
			pairedWith.map((index) => ({ item: index })),
		);
	});
	if (operation.finish !== undefined && statePromise !== undefined) {
		try {
			results.push(await operation.finish.call(this, await statePromise));
		} catch (caught) {
			const error = toNodeError(this.getNode(), caught, 0, secret);
			if (!this.continueOnFail()) throw error;
			results.push([
				{
					json: errorItemJson(error, caught),
					pairedItem: items.map((_item, index) => ({ item: index })),
				},
			]);
		}
	}
	return [results.flat()];
}

/**
 * Pairs an operation's items in place, all with one `pairedItem` (n8n only reads it): a read of a
 * million rows makes no second million objects. The items are the operation's own.
 */
export function pairItems(
	items: INodeExecutionData[],
	pairedItem: IPairedItemData | IPairedItemData[],
): INodeExecutionData[] {
	for (const item of items) item.pairedItem = pairedItem;
	return items;
}

/**
 * Calls `task(0 … count-1)` with at most `limit` running at once. After the first rejection no
 * new task starts; the running ones finish, then that rejection is thrown.
 */
export async function runBounded(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async (): Promise<void> => {
		while (failure === undefined && next < count) {
			const index = next++;
			try {
				await task(index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), count) }, worker));
	if (failure !== undefined) throw failure.error;
}

function errorItemJson(error: NodeError, caught: unknown): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	const httpCode = (error as Partial<{ httpCode: string | null }>).httpCode;
	if (httpCode) json.httpCode = httpCode;
	const jobOutcome = jobOutcomeOf(caught);
	if (jobOutcome) json.jobOutcome = jobOutcome;
	return json;
}
