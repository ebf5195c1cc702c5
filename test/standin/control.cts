/**
 * Control routes under /__standin/ for tests that drive an out-of-process n8n. No auth, loopback
 * clients only, never recorded in `requests`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { StandInServer } from './server.cjs';
import { parseOptionsPatch } from './options.cjs';
import type { DataRow } from './types.cjs';

function isLoopback(address: string | undefined): boolean {
	if (address === undefined) return false;
	return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function send(res: ServerResponse, status: number, body?: unknown): void {
	if (res.destroyed || res.headersSent) return;
	if (body === undefined) {
		res.writeHead(status, { 'Content-Length': 0 });
		res.end();
		return;
	}
	const payload = Buffer.from(JSON.stringify(body), 'utf8');
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': payload.length,
	});
	res.end(payload);
}

function readJson(req: IncomingMessage): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			if (text.trim() === '') {
				resolve(undefined);
				return;
			}
			try {
				resolve(JSON.parse(text));
			} catch {
				reject(new Error('the body is not valid JSON'));
			}
		});
		req.on('error', reject);
	});
}

export async function handleControlRoute(
	standIn: StandInServer,
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
): Promise<void> {
	if (!isLoopback(req.socket.remoteAddress)) {
		req.resume();
		send(res, 403, { error: 'control routes answer loopback clients only' });
		return;
	}
	const route = url.pathname.replace(/^\/__standin\/?/i, '').replace(/\/+$/, '');
	const method = req.method ?? 'GET';
	try {
		const body =
			method === 'POST' || method === 'DELETE' ? await readJson(req) : (req.resume(), undefined);
		const lower = route.toLowerCase();
		if (method === 'GET' && lower === 'health') {
			send(res, 200, {
				ok: true,
				url: standIn.url,
				apiRoot: standIn.apiRoot,
				webServerUrl: standIn.webServerUrl,
			});
		} else if (method === 'GET' && lower === 'requests') {
			const endpoint = url.searchParams.get('endpoint');
			const requests =
				endpoint === null
					? standIn.requests
					: standIn.requests.filter((r) => r.endpoint?.toLowerCase() === endpoint.toLowerCase());
			send(res, 200, requests);
		} else if (method === 'GET' && lower === 'runs') {
			send(res, 200, standIn.runs);
		} else if (method === 'GET' && lower === 'harvested') {
			// The rows the batch harvest loaded into a workflow unit, and the statuses it left.
			const unit = ['profile', 'scenario', 'time'].map(
				(key) => url.searchParams.get(key) ?? '',
			) as [string, string, string];
			send(res, 200, {
				rows: standIn.harvest.rowsOf(...unit),
				steps: standIn.harvest.stepsOf(...unit) ?? null,
			});
		} else if (method === 'GET' && lower === 'faults') {
			send(res, 200, standIn.listFaults());
		} else if (method === 'POST' && lower === 'faults') {
			send(res, 200, { id: standIn.addFaultFromJson(body) });
		} else if (method === 'DELETE' && lower === 'faults') {
			standIn.clearFaults();
			send(res, 204);
		} else if (method === 'DELETE' && lower.startsWith('faults/')) {
			const id = decodeURIComponent(route.slice('faults/'.length));
			if (standIn.removeFaultIfPresent(id)) send(res, 204);
			else send(res, 404, { error: `no fault rule '${id}'` });
		} else if (method === 'POST' && lower === 'reset') {
			standIn.reset();
			send(res, 204);
		} else if (method === 'POST' && lower === 'options') {
			standIn.setOptions(parseOptionsPatch(body));
			send(res, 204);
		} else if (method === 'POST' && lower === 'sequence-duration') {
			const input: unknown = body;
			if (typeof input !== 'object' || input === null || !('name' in input) || !('ms' in input))
				throw new Error('body must be { "name": string, "ms": number }');
			const { name, ms } = input;
			if (typeof name !== 'string' || typeof ms !== 'number')
				throw new Error('body must be { "name": string, "ms": number }');
			standIn.setSequenceDuration(name, ms);
			send(res, 204);
		} else if (method === 'POST' && lower === 'journal-lines') {
			if (!Array.isArray(body)) throw new Error('body must be an array of rows');
			standIn.appendJournalLines(body as DataRow[]);
			send(res, 204);
		} else if (method === 'DELETE' && lower === 'journal-lines') {
			standIn.clearJournalLines();
			send(res, 204);
		} else if (method === 'POST' && lower === 'workflow-steps') {
			if (!Array.isArray(body)) throw new Error('body must be an array of [step, status, time]');
			standIn.setWorkflowSteps(body as Array<[string, string, string | null]>);
			send(res, 204);
		} else if (method === 'GET' && lower === 'stats') {
			send(res, 200, {
				maxConcurrentRuns: standIn.maxConcurrentRuns(),
				maxConcurrentRequests: standIn.maxConcurrentRequests(),
				requestCount: standIn.requests.length,
			});
		} else {
			send(res, 404, { error: `no control route ${method} /__standin/${route}` });
		}
	} catch (error) {
		send(res, 400, { error: error instanceof Error ? error.message : String(error) });
	}
}
