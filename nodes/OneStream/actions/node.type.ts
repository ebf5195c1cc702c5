import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OneStreamReader } from '../read/reader';
import type { JobSequence } from './jobSequence';
import type { BatchFiles } from './batchFile/batchFiles';
import type { ReadSharing } from './readSharing';
import type { OneStreamClient } from '../transport/client';

/** Resource → its operations. The router's dispatch table is typed from this map. */
export interface OneStreamResources {
	dataManagement: 'executeSequence' | 'executeStep';
	businessRule: 'execute' | 'getDataSet';
	data: 'getDataAdapter' | 'getCubeView' | 'runSql' | 'runMethodCommand';
	workflow: 'getStatus';
	cube: 'getMany' | 'getDimensionHierarchy' | 'getMemberProperties' | 'getDataCells';
	connection: 'diagnose';
	batchFile: 'create';
}

export type OneStreamResource = keyof OneStreamResources;

/** What all items of one execution of the node share. */
export interface ExecutionState {
	/** Sends the jobs. */
	client: OneStreamClient;
	/** Runs the reads, on the same client. */
	reader: OneStreamReader;
	/** n8n runs the node as a tool, for an AI agent or the MCP Server Trigger. */
	toolCall: boolean;
	/** The jobs of this run of the node in item order, for Run Identical Jobs Once. */
	jobs: JobSequence;
	/** The reads of this run of the node, for Run Identical Reads Once. */
	reads: ReadSharing;
	/** The batch files of this run (Batch File › Create), made once every item has its row in. */
	batchFiles: BatchFiles;
	/** Set once a read stopped at Max Rows and the run says so (one notice per run). */
	rowLimitNoticed?: boolean;
}

/**
 * One operation: its parameters, and what it does for one input item. The router runs items,
 * sets `pairedItem` on the items an operation returns (so they must be new items of its own,
 * never input items or items kept elsewhere), and turns errors into error items or node errors.
 */
export interface OneStreamOperation {
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		state: ExecutionState,
	): Promise<INodeExecutionData[]>;
	/**
	 * For an operation whose output gathers the items (Batch File › Create): run after every item,
	 * its items carry their own `pairedItem`.
	 */
	finish?(this: IExecuteFunctions, state: ExecutionState): Promise<INodeExecutionData[]>;
}

export type OperationMap = {
	[R in OneStreamResource]: Record<OneStreamResources[R], OneStreamOperation>;
};
