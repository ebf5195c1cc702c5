import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Whether n8n runs the node as a tool: for an AI agent, or for the MCP Server Trigger. n8n then
 * runs the node's tool variant, whose type name ends in "Tool" (the same test as n8n's `@tool`
 * display condition).
 */
export function isToolCall(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}
