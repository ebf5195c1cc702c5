import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OneStreamClient } from '../transport';

/** Resource → its operations. The router's dispatch table is typed from this map. */
export interface OneStreamResources {
	dataManagement: 'executeSequence' | 'executeStep';
	businessRule: 'execute' | 'getDataSet';
	data: 'getDataAdapter' | 'getCubeView' | 'runSql' | 'runMethodCommand';
}

export type OneStreamResource = keyof OneStreamResources;

/** What all items of one execution of the node share. */
export interface ExecutionState {
	client: OneStreamClient;
	/** n8n runs the node as a tool, for an AI agent or the MCP Server Trigger. */
	toolCall: boolean;
}

/**
 * One operation: its parameters, and what it does for one input item. The router adds
 * `pairedItem`, runs items, and turns errors into error items or node errors.
 */
export interface OneStreamOperation {
	description: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		state: ExecutionState,
	): Promise<INodeExecutionData[]>;
}

export type OperationMap = {
	[R in OneStreamResource]: Record<OneStreamResources[R], OneStreamOperation>;
};
