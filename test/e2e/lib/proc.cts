/**
 * Child processes for the e2e harness: commands whose output goes to files (n8n exits through
 * process.exit and can drop output buffered for a pipe), background services that are always
 * stopped, free loopback ports, and polling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/**
 * The environment for tools we start, without the variables `npm run` adds. npm exports its
 * config as npm_config_* (including this project's `ignore-scripts` and `local_prefix`), which
 * would otherwise leak into `npm install` runs in the cache folder.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (
			/^npm_/i.test(k) ||
			k === 'INIT_CWD' ||
			k === 'NODE_OPTIONS' ||
			k.startsWith('N8N_') ||
			k === 'NODE_ENV'
		)
			continue;
		env[k] = v;
	}
	for (const [k, v] of Object.entries(extra)) {
		if (v === undefined) delete env[k];
		else env[k] = v;
	}
	return env;
}

export interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	stdoutFile: string;
	stderrFile: string;
	ms: number;
}

export interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Output files; default: `<logDir>/<name>.stdout.log` / `.stderr.log`. */
	logDir: string;
	name: string;
	timeoutMs?: number;
	/** Write both streams to the same file. */
	mergeOutput?: boolean;
}

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

function uniqueLogName(dir: string, name: string, suffix: string): string {
	let file = path.join(dir, `${name}${suffix}`);
	for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `${name}-${i}${suffix}`);
	return file;
}

/** Runs a command to completion with stdout/stderr in files; never rejects on a non-zero exit. */
export function run(cmd: string, args: string[], options: RunOptions): Promise<RunResult> {
	fs.mkdirSync(options.logDir, { recursive: true });
	const stdoutFile = uniqueLogName(
		options.logDir,
		options.name,
		options.mergeOutput ? '.log' : '.stdout.log',
	);
	const stderrFile = options.mergeOutput
		? stdoutFile
		: stdoutFile.replace(/\.stdout\.log$/, '.stderr.log');
	const out = fs.openSync(stdoutFile, 'w');
	const err = options.mergeOutput ? out : fs.openSync(stderrFile, 'w');
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {
			cwd: options.cwd,
			env: options.env ?? cleanEnv(),
			stdio: ['ignore', out, err],
			detached: true,
		});
		live.add(child);
		let timer: NodeJS.Timeout | undefined;
		let timedOut = false;
		if (options.timeoutMs) {
			timer = setTimeout(() => {
				timedOut = true;
				killGroup(child, 'SIGKILL');
			}, options.timeoutMs);
		}
		child.on('error', (e) => {
			live.delete(child);
			if (timer) clearTimeout(timer);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			live.delete(child);
			if (timer) clearTimeout(timer);
			fs.closeSync(out);
			if (err !== out) fs.closeSync(err);
			const stdout = fs.readFileSync(stdoutFile, 'utf8');
			const stderr = options.mergeOutput ? '' : fs.readFileSync(stderrFile, 'utf8');
			if (timedOut) {
				reject(
					new Error(
						`${options.name}: "${cmd} ${args.join(' ')}" timed out after ${options.timeoutMs} ms (output: ${stdoutFile})`,
					),
				);
				return;
			}
			resolve({ code, signal, stdout, stderr, stdoutFile, stderrFile, ms: Date.now() - started });
		});
	});
}

/** Like `run`, but rejects with the output's tail when the exit code is not 0. */
export async function runOk(cmd: string, args: string[], options: RunOptions): Promise<RunResult> {
	const r = await run(cmd, args, options);
	if (r.code !== 0) {
		const tail = (r.stdout + '\n' + r.stderr).trim().split('\n').slice(-25).join('\n');
		throw new Error(
			`${options.name}: "${path.basename(cmd)} ${args.join(' ')}" exited with ${r.code ?? r.signal}\n` +
				`--- last lines (full output: ${r.stdoutFile}) ---\n${tail}`,
		);
	}
	return r;
}

export interface Background {
	name: string;
	child: ChildProcess;
	logFile: string;
	exited: Promise<number | null>;
	isRunning(): boolean;
	/** SIGTERM to the process group, SIGKILL after `graceMs`. */
	stop(graceMs?: number): Promise<void>;
	/** SIGKILL to the process group at once (a crash, as far as anyone else can tell). */
	kill(): Promise<void>;
	/** The log file's current content. */
	output(): string;
}

/** Starts a long-running process (its own process group) with stdout+stderr in one log file. */
export function startBackground(
	name: string,
	cmd: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; logDir: string },
): Background {
	fs.mkdirSync(options.logDir, { recursive: true });
	const logFile = uniqueLogName(options.logDir, name, '.log');
	const fd = fs.openSync(logFile, 'w');
	const child = spawn(cmd, args, {
		cwd: options.cwd,
		env: options.env ?? cleanEnv(),
		stdio: ['ignore', fd, fd],
		detached: true,
	});
	fs.closeSync(fd);
	live.add(child);
	let running = true;
	const exited = new Promise<number | null>((resolve) => {
		child.on('exit', (code) => {
			running = false;
			live.delete(child);
			resolve(code);
		});
		child.on('error', () => {
			running = false;
			live.delete(child);
			resolve(null);
		});
	});
	return {
		name,
		child,
		logFile,
		exited,
		isRunning: () => running,
		output: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
		async kill() {
			if (!running) return;
			killGroup(child, 'SIGKILL');
			await exited;
		},
		async stop(graceMs = 15000) {
			if (!running) return;
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
			// Task runners and other grandchildren share the group; make sure none outlive it.
			killGroup(child, 'SIGKILL');
		},
	};
}

/** Kills every process this harness started that is still alive (used on exit and on signals). */
export function killAllNow(): void {
	for (const child of live) killGroup(child, 'SIGKILL');
	live.clear();
}

let hooksInstalled = false;
/** Makes sure no process outlives the harness, whatever way it ends. */
export function installExitHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', killAllNow);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(sig, () => {
			process.stderr.write(`\nReceived ${sig}: stopping everything this run started.\n`);
			killAllNow();
			process.exit(130);
		});
	}
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

export function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/** Thrown from a `waitFor` probe to stop waiting at once (e.g. a run already failed). */
export class StopWaiting extends Error {}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	options: { timeoutMs: number; intervalMs?: number; onTimeout?: () => string },
): Promise<T> {
	const deadline = Date.now() + options.timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const v = await probe();
			if (v !== undefined) return v;
		} catch (e) {
			if (e instanceof StopWaiting) throw e;
			lastError = e;
		}
		if (Date.now() > deadline) {
			const more = options.onTimeout ? `\n${options.onTimeout()}` : '';
			const le = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}${le}${more}`);
		}
		await sleep(options.intervalMs ?? 500);
	}
}

export function tail(text: string, lines = 30): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}
