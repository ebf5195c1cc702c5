/**
 * The stand-in in a process of its own (its CLI), so that a benchmark's memory is the node's only.
 * Killed with SIGKILL: its output pipes must not keep a parent's execFileSync waiting.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

export interface StandInProcess {
	url: string;
	apiRoot: string;
	/** The CLI's fake valid token. */
	token: string;
	stop(): void;
}

export async function startStandInProcess(): Promise<StandInProcess> {
	const cli = path.join(__dirname, '..', 'test', 'standin', 'cli.cjs');
	const child = spawn(process.execPath, [cli, '--port', '0', '--quiet'], {
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
	const info = JSON.parse((await lines.next()).value as string) as {
		url: string;
		apiRoot: string;
		tokens: { valid: string };
	};
	return {
		url: info.url,
		apiRoot: info.apiRoot,
		token: info.tokens.valid,
		stop: () => child.kill('SIGKILL'),
	};
}
