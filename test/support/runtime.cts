/**
 * The n8n-core process-wide services the harness needs, set up once per test file (jest gives every
 * file its own module registry, so every file gets its own dependency-injection container):
 * a capturing logger in place of n8n's, and binary data in n8n-core's default mode.
 *
 * n8n-core 2.0.0 ships its own copy of @n8n/di and @n8n/backend-common (nested under
 * node_modules/n8n-core), so they are resolved from n8n-core's folder: a top-level copy would be a
 * different container that n8n-core never reads. They are loaded with jest's `require` (not
 * `module.createRequire`, which bypasses jest's module registry and would load a second n8n-core).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import type { IBinaryData, Logger as N8nLogger, LogMetadata } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface CapturedLog {
	level: LogLevel;
	message: string;
	/** The metadata n8n attached, serialised with {@link serializeForSearch}. */
	metadata: string;
}

type Constructor<T> = abstract new (...args: never[]) => T;

interface DiContainer {
	get<T>(type: Constructor<T>): T;
	set<T>(type: Constructor<T>, instance: T): void;
}

interface BinaryDataServiceLike {
	init(): Promise<void>;
	getAsBuffer(binaryData: IBinaryData): Promise<Buffer>;
}

const coreFolder = dirname(require.resolve('n8n-core'));

/** Loads a module the way n8n-core itself resolves it. */
function coreRequire(name: string): unknown {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(name, { paths: [coreFolder] }));
}

/**
 * Serialises anything (errors with their non-enumerable fields, cycles, buffers, bigints) into text
 * that tests can search for a secret. Not meant to be parsed back.
 */
export function serializeForSearch(value: unknown): string {
	const seen = new WeakSet<object>();
	const walk = (input: unknown, depth: number): unknown => {
		if (input === null || input === undefined) return input;
		if (typeof input === 'bigint') return input.toString();
		if (typeof input === 'function') return `[function ${input.name}]`;
		if (typeof input === 'symbol') return input.toString();
		if (typeof input !== 'object') return input;
		if (Buffer.isBuffer(input)) return `[buffer ${input.toString('utf8')}]`;
		if (seen.has(input)) return '[circular]';
		if (depth > 40) return '[too deep]';
		seen.add(input);
		if (Array.isArray(input)) return input.map((entry) => walk(entry, depth + 1));
		const out: Record<string, unknown> = {};
		// Own property names include an Error's message, stack and cause, which are not enumerable.
		for (const key of Object.getOwnPropertyNames(input)) {
			let entry: unknown;
			try {
				entry = (input as Record<string, unknown>)[key];
			} catch {
				entry = '[getter threw]';
			}
			out[key] = walk(entry, depth + 1);
		}
		return out;
	};
	return JSON.stringify(walk(value, 0)) ?? String(value);
}

class CapturingLogger implements N8nLogger {
	readonly entries: CapturedLog[] = [];

	error(message: string, metadata?: LogMetadata): void {
		this.push('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata): void {
		this.push('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata): void {
		this.push('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata): void {
		this.push('debug', message, metadata);
	}

	/** n8n-core asks for scoped loggers; they all write to the same capture. */
	scoped(): this {
		return this;
	}

	private push(level: LogLevel, message: string, metadata: LogMetadata | undefined): void {
		this.entries.push({
			level,
			message: String(message),
			metadata: metadata === undefined ? '' : serializeForSearch(metadata),
		});
	}
}

export interface Runtime {
	container: DiContainer;
	logger: CapturingLogger;
	binaryData: BinaryDataServiceLike;
	/** The temporary N8N_USER_FOLDER (settings file and filesystem binary data). */
	userFolder: string;
}

let runtime: Promise<Runtime> | undefined;

async function createRuntime(): Promise<Runtime> {
	// n8n-core writes its settings file and (in its default binary-data mode) the binary files
	// under the user folder: keep them out of the developer's home.
	const userFolder = mkdtempSync(join(tmpdir(), 'onestream-wf-'));
	process.env.N8N_USER_FOLDER = userFolder;
	// The settings file is created with default permissions; do not warn about them.
	process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';

	const { Container } = coreRequire('@n8n/di') as { Container: DiContainer };
	const { Logger } = coreRequire('@n8n/backend-common') as { Logger: Constructor<unknown> };
	const core = coreRequire('n8n-core') as { BinaryDataService: Constructor<BinaryDataServiceLike> };

	const logger = new CapturingLogger();
	// Set before anything asks for n8n's logger, so every n8n-core service gets the capturing one.
	Container.set(Logger, logger);
	LoggerProxy.init(logger);

	const binaryData = Container.get(core.BinaryDataService);
	await binaryData.init();
	return { container: Container, logger, binaryData, userFolder };
}

/** The shared runtime of this test file, created on first use. */
export async function getRuntime(): Promise<Runtime> {
	runtime ??= createRuntime();
	return await runtime;
}

interface ShutdownAware {
	onShutdown(): void;
}

/**
 * Stops what n8n-core started in the background: executing a node creates n8n-core's SSH client
 * manager, whose 60-second cleanup interval would keep jest from exiting.
 */
export async function shutdownRuntime(): Promise<void> {
	if (!runtime) return;
	const { container } = await runtime;
	const { SSHClientsManager } = coreRequire(
		join(coreFolder, 'execution-engine', 'ssh-clients-manager'),
	) as {
		SSHClientsManager: Constructor<ShutdownAware>;
	};
	container.get(SSHClientsManager).onShutdown();
}

/** Forgets the logs captured so far (long runs that measure memory call it between samples). */
export async function clearCapturedLogs(): Promise<void> {
	(await getRuntime()).logger.entries.length = 0;
}
