/**
 * A bare HTTP server for answers the stand-in cannot give (a body cut by a reset after part of it
 * was sent, gzip-encoded DataSets) and as a redirect target that records what reaches it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RawRequest {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	receivedAt: number;
}

export type RawHandler = (
	request: RawRequest,
	res: ServerResponse,
	index: number,
) => void | Promise<void>;

export interface RawServer {
	url: string;
	requests: RawRequest[];
	close(): Promise<void>;
}

/** Starts a server on `host` (default 127.0.0.1) calling `handler` with each request, numbered from 0. */
export async function startRawServer(handler: RawHandler, host = '127.0.0.1'): Promise<RawServer> {
	const requests: RawRequest[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const request: RawRequest = {
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				headers: { ...req.headers },
				body: Buffer.concat(chunks).toString('utf8'),
				receivedAt: Date.now(),
			};
			requests.push(request);
			void Promise.resolve(handler(request, res, requests.length - 1)).catch(() => res.destroy());
		});
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://${host}:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

/** Whether this machine can listen on another loopback address (Linux routes all of 127/8 to lo). */
export async function canListenOn(host: string): Promise<boolean> {
	const server = createServer();
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, host, () => resolve());
		});
		await new Promise<void>((resolve) => server.close(() => resolve()));
		return true;
	} catch {
		return false;
	}
}
