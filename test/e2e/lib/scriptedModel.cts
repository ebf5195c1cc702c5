/**
 * A scripted chat model on loopback, speaking OpenAI's chat-completions protocol, so that n8n's own
 * AI Agent (with its OpenAI Chat Model node pointed here) runs without a network model. The script:
 * while the conversation has no tool result yet, ask for one call of the tool whose name matches
 * `toolPattern`; then answer with a final message. Every request and every tool result it was
 * sent are kept, so a test can read what the agent told the model.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

interface ChatMessage {
	role: string;
	content?: unknown;
	tool_call_id?: string;
}

interface ChatRequest {
	model?: string;
	messages?: ChatMessage[];
	tools?: Array<{ type: string; function?: { name?: string } }>;
	stream?: boolean;
}

export interface ScriptedModel {
	/** Base URL for the OpenAI credential's "Base URL", e.g. http://127.0.0.1:4000/v1 */
	url: string;
	requests: ChatRequest[];
	/** The contents of the `tool` messages the agent sent back, in order. */
	toolResults: string[];
	close(): Promise<void>;
}

function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content
			.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : ''))
			.join('');
	return JSON.stringify(content ?? '');
}

export async function startScriptedModel(toolPattern: RegExp): Promise<ScriptedModel> {
	const requests: ChatRequest[] = [];
	const toolResults: string[] = [];
	let calls = 0;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !/\/chat\/completions$/.test(req.url ?? '')) {
				res.writeHead(404, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
				return;
			}
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
			requests.push(body);
			const results = (body.messages ?? []).filter((message) => message.role === 'tool');
			for (const result of results.slice(toolResults.length))
				toolResults.push(textOf(result.content));
			const tool = (body.tools ?? [])
				.map((entry) => entry.function?.name ?? '')
				.find((name) => toolPattern.test(name));
			const toolCalls = tool
				? [
						{
							id: `call_scripted_${++calls}`,
							type: 'function',
							function: { name: tool, arguments: '{}' },
						},
					]
				: [];
			const askForTool = results.length === 0 && toolCalls.length > 0;
			const message = askForTool
				? { role: 'assistant', content: null, tool_calls: toolCalls }
				: { role: 'assistant', content: `The tool said: ${toolResults.at(-1) ?? 'nothing'}` };
			const finish = askForTool ? 'tool_calls' : 'stop';
			const created = Math.floor(Date.now() / 1000);
			if (body.stream) {
				// Server-sent events, one delta with the whole message, as OpenAI streams it.
				res.writeHead(200, { 'Content-Type': 'text/event-stream' });
				const delta = askForTool
					? { role: 'assistant', tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }
					: { role: 'assistant', content: message.content };
				const chunk = (choice: unknown) =>
					`data: ${JSON.stringify({ id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created, model: body.model, choices: [choice] })}\n\n`;
				res.write(chunk({ index: 0, delta, finish_reason: null }));
				res.write(chunk({ index: 0, delta: {}, finish_reason: finish }));
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(
				JSON.stringify({
					id: 'chatcmpl-scripted',
					object: 'chat.completion',
					created,
					model: body.model,
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		toolResults,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
