/**
 * A real MCP client (the official Model Context Protocol TypeScript SDK) talking to n8n's MCP
 * Server Trigger over streamable HTTP, as an AI application would.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { waitFor } from './proc.cjs';

export interface McpTool {
	name: string;
	description: string;
	inputSchema: unknown;
}

export interface McpCallResult {
	/** The text content of the answer (n8n puts the tool's JSON there). */
	text: string;
	isError: boolean;
	bytes: number;
}

export interface McpSession {
	tools: McpTool[];
	call(name: string, args?: Record<string, unknown>): Promise<McpCallResult>;
	close(): Promise<void>;
}

/** Connects to `url` (n8n answers 404 until the trigger is registered, so it retries a while). */
export async function connectMcp(url: string): Promise<McpSession> {
	const client = await waitFor(
		`the MCP server at ${url}`,
		async () => {
			const candidate = new Client({ name: 'n8n-nodes-onestream-e2e', version: '1.0.0' });
			try {
				await candidate.connect(new StreamableHTTPClientTransport(new URL(url)));
				return candidate;
			} catch {
				await candidate.close().catch(() => undefined);
				return undefined;
			}
		},
		{ timeoutMs: 30_000, intervalMs: 500 },
	);
	const listed = await client.listTools();
	return {
		tools: listed.tools.map((tool) => ({
			name: tool.name,
			description: tool.description ?? '',
			inputSchema: tool.inputSchema,
		})),
		async call(name, args = {}) {
			// A job may take a while; the SDK's default request timeout is 60 s.
			const result = await client.callTool({ name, arguments: args }, undefined, {
				timeout: 120_000,
			});
			const content = Array.isArray(result.content) ? result.content : [];
			const text = content
				.map((part: { type?: string; text?: string }) =>
					part.type === 'text' ? (part.text ?? '') : '',
				)
				.join('');
			return { text, isError: result.isError === true, bytes: Buffer.byteLength(text) };
		},
		async close() {
			await client.close();
		},
	};
}
