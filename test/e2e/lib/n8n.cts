/**
 * One real n8n installation for a suite: a throwaway user folder, a fixed encryption key, the
 * package installed the way a user's n8n installs it (npm pack, unpacked into
 * <N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-onestream), CLI wrappers, `n8n start`,
 * `n8n worker`, and a REST session (owner setup + login).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';

import type { N8nInstall, Toolchain } from './install.cjs';
import { formatMs, withHeartbeat } from './log.cjs';
import {
	cleanEnv,
	freePort,
	run,
	runOk,
	startBackground,
	tail,
	waitFor,
	type Background,
	type RunResult,
} from './proc.cjs';

export const ENCRYPTION_KEY = 'n8n-nodes-onestream-e2e-fixed-encryption-key';
export const PACKAGE_NAME = 'n8n-nodes-onestream';
export const NODE_TYPE = 'n8n-nodes-onestream.oneStream';
export const CREDENTIAL_TYPE = 'oneStreamApi';

export interface QueueBackends {
	redis: { host: string; port: number };
	postgres: { host: string; port: number; user: string; password: string; database: string };
}

export interface N8nOptions {
	/** The instance's throwaway folder (user folder, logs, files). Emptied on create. */
	root: string;
	port: number;
	queue?: QueueBackends;
	extraEnv?: Record<string, string>;
	/** Log level for n8n's own logger; debug makes the secrets grep most sensitive. */
	logLevel?: 'debug' | 'info' | 'warn';
}

export interface WorkflowRun {
	/** The `IRun` JSON that `n8n execute --rawOutput` printed. */
	run: RunJson;
	cli: RunResult;
}

export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: { message?: string; description?: string; [k: string]: unknown };
	/** Notices a node added to its run (addExecutionHints). */
	hints?: Array<{ message?: string }>;
	data?: {
		main?: Array<Array<{
			json: Record<string, unknown>;
			binary?: Record<string, BinaryRef>;
			pairedItem?: unknown;
			error?: unknown;
		}> | null>;
	};
	[k: string]: unknown;
}

export interface BinaryRef {
	data?: string;
	id?: string;
	mimeType?: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
	[k: string]: unknown;
}

export interface RunJson {
	finished?: boolean;
	status?: string;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message?: string };
			lastNodeExecuted?: string;
		};
	};
	[k: string]: unknown;
}

export class N8nError extends Error {}

/**
 * `n8n execute` prints the run through its logger (`BaseCommand.log` is `logger.info`), also when
 * the run failed ("Execution was NOT successful" + the JSON). With file logging the log file holds
 * one JSON object per line; the run is the last message that parses as an object with `data`.
 */
export function extractRunJson(logText: string, stdout = ''): RunJson | undefined {
	const candidates: string[] = [];
	for (const line of logText.split('\n')) {
		if (!line.startsWith('{')) continue;
		try {
			const entry = JSON.parse(line) as { message?: unknown };
			if (typeof entry.message === 'string' && entry.message.startsWith('{'))
				candidates.push(entry.message);
		} catch {
			/* not a log entry */
		}
	}
	// Console output (--rawOutput) as a fallback: a block from a line "{" to a line "}".
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	const end = lines.lastIndexOf('}');
	if (start >= 0 && end > start) candidates.push(lines.slice(start, end + 1).join('\n'));
	for (let i = candidates.length - 1; i >= 0; i--) {
		try {
			const v = JSON.parse(candidates[i]) as RunJson;
			if (v && typeof v === 'object' && v.data && v.data.resultData) return v;
		} catch {
			/* keep looking */
		}
	}
	return undefined;
}

export class N8n {
	readonly userFolder: string;
	/** Queue-mode workers get their own user folder, as on a separate machine or container. */
	readonly workerUserFolder: string;
	readonly logDir: string;
	readonly filesDir: string;
	readonly baseUrl: string;
	main?: Background;
	workers: Background[] = [];
	private cookie?: string;
	private importCount = 0;
	readonly browserId = 'n8n-nodes-onestream-e2e-browser';

	constructor(
		readonly install: N8nInstall,
		readonly tc: Toolchain,
		readonly options: N8nOptions,
	) {
		fs.rmSync(options.root, { recursive: true, force: true });
		this.userFolder = path.join(options.root, 'user');
		this.workerUserFolder = path.join(options.root, 'worker-user');
		this.logDir = path.join(options.root, 'logs');
		this.filesDir = path.join(options.root, 'files');
		for (const d of [this.userFolder, this.logDir, this.filesDir])
			fs.mkdirSync(d, { recursive: true });
		this.baseUrl = `http://127.0.0.1:${options.port}`;
	}

	get version(): string {
		return this.install.version;
	}
	get major(): number {
		return this.install.major;
	}

	/** The environment for one n8n process; `role` names its log file. */
	/** `env` with free loopback ports for the task-runner broker and the worker health server. */
	async processEnv(
		role: string,
		cliCommand: boolean,
		userFolder = this.userFolder,
	): Promise<NodeJS.ProcessEnv> {
		const env = this.env(role, cliCommand, userFolder);
		// Every n8n process (main, worker, each CLI command) starts a task broker, by default on
		// 5679: two at once would collide.
		env.N8N_RUNNERS_BROKER_PORT = String(await freePort());
		env.QUEUE_HEALTH_CHECK_PORT = String(await freePort());
		env.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
		return env;
	}

	env(role: string, cliCommand: boolean, userFolder = this.userFolder): NodeJS.ProcessEnv {
		const o = this.options;
		const env: Record<string, string | undefined> = {
			PATH: this.tc.pathWithNode,
			HOME: this.options.root,
			TZ: 'UTC',
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_PORT: String(o.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `http://127.0.0.1:${o.port}/`,
			N8N_EDITOR_BASE_URL: `http://localhost:${o.port}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			// No internet: no telemetry, version checks, templates or banners.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
			N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir,
			N8N_LOG_LEVEL: o.logLevel ?? 'debug',
			// CLI commands keep stdout for the JSON they print; servers also log to the console.
			N8N_LOG_OUTPUT: cliCommand ? 'file' : 'console,file',
			N8N_LOG_FILE_LOCATION: path.join(this.logDir, `${role}.n8n.log`),
			DB_SQLITE_POOL_SIZE: '2',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			GENERIC_TIMEZONE: 'UTC',
		};
		if (this.major < 2) env.N8N_RUNNERS_ENABLED = 'true';
		if (o.queue) {
			Object.assign(env, {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: o.queue.redis.host,
				QUEUE_BULL_REDIS_PORT: String(o.queue.redis.port),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: o.queue.postgres.host,
				DB_POSTGRESDB_PORT: String(o.queue.postgres.port),
				DB_POSTGRESDB_DATABASE: o.queue.postgres.database,
				DB_POSTGRESDB_USER: o.queue.postgres.user,
				DB_POSTGRESDB_PASSWORD: o.queue.postgres.password,
				QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			});
		}
		Object.assign(env, o.extraEnv ?? {});
		return cleanEnv(env);
	}

	/** Unpacks the `npm pack` tarball as <user folder>/.n8n/nodes/node_modules/n8n-nodes-onestream. */
	async installPackage(tarball: string, userFolder = this.userFolder): Promise<string> {
		const nodesDir = path.join(userFolder, '.n8n', 'nodes');
		const dest = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
		fs.rmSync(dest, { recursive: true, force: true });
		fs.mkdirSync(dest, { recursive: true });
		await runOk('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1'], {
			logDir: this.logDir,
			name: 'unpack',
			mergeOutput: true,
		});
		// What n8n's own community-package installer leaves behind: a package.json listing it.
		fs.writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify(
				{
					name: 'installed-nodes',
					private: true,
					dependencies: { [PACKAGE_NAME]: `file:${dest}` },
				},
				null,
				2,
			),
		);
		return dest;
	}

	/** Runs `n8n <args>` to completion; throws with the output's tail on a non-zero exit. */
	async cli(name: string, args: string[], timeoutMs = 180000): Promise<RunResult> {
		return runOk(this.tc.nodeBin, [this.install.bin, ...args], {
			cwd: this.options.root,
			env: await this.processEnv(name, true),
			logDir: this.logDir,
			name,
			timeoutMs,
		}).catch((e: unknown) => {
			const logFile = path.join(this.logDir, `${name}.n8n.log`);
			const more = fs.existsSync(logFile)
				? `\n--- n8n log (${logFile}) ---\n${tail(fs.readFileSync(logFile, 'utf8'), 30)}`
				: '';
			throw new N8nError(`[n8n ${this.version}] ${(e as Error).message}${more}`);
		});
	}

	private writeImportFile(kind: string, data: unknown): string {
		// Outside the user folder, and deleted right after the import: the file holds PATs in clear.
		const file = path.join(this.options.root, `.import-${kind}-${++this.importCount}.json`);
		fs.writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o600 });
		return file;
	}

	async importCredentials(
		creds: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>,
	): Promise<void> {
		const file = this.writeImportFile('credentials', creds);
		try {
			await this.cli('import-credentials', ['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** Imports workflows in one `n8n import:workflow` call (a JSON array; both versions accept it). */
	async importWorkflows(workflows: Array<Record<string, unknown>>): Promise<void> {
		const file = this.writeImportFile('workflows', workflows);
		try {
			await this.cli('import-workflows', ['import:workflow', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** Activates a trigger workflow before `n8n start` (1.x update:workflow, 2.x publish:workflow). */
	async activate(id: string): Promise<void> {
		if (this.major >= 2) await this.cli(`publish-${id}`, ['publish:workflow', `--id=${id}`]);
		else await this.cli(`activate-${id}`, ['update:workflow', `--id=${id}`, '--active=true']);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`; returns the run JSON n8n reported. A failed run (non-zero
	 * exit, "Execution was NOT successful") is returned with `ok: false` when n8n reported its JSON.
	 */
	async execute(id: string, timeoutMs = 240000): Promise<WorkflowRun & { ok: boolean }> {
		const name = `execute-${id}`;
		const cli = await run(
			this.tc.nodeBin,
			[this.install.bin, 'execute', `--id=${id}`, '--rawOutput'],
			{
				cwd: this.options.root,
				env: await this.processEnv(name, true),
				logDir: this.logDir,
				name,
				timeoutMs,
			},
		);
		const logFile = path.join(this.logDir, `${name}.n8n.log`);
		const logText = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
		const result = extractRunJson(logText, cli.stdout);
		if (!result) {
			throw new N8nError(
				`[n8n ${this.version}] "n8n execute --id=${id}" exited ${cli.code} and reported no run JSON (log: ${logFile})\n` +
					tail(`${cli.stdout}\n${cli.stderr}\n${logText}`, 30),
			);
		}
		return { run: result, cli, ok: cli.code === 0 && !result.data.resultData.error };
	}

	/** Starts `n8n start` and waits until /healthz answers. */
	async start(timeoutMs = 180000): Promise<void> {
		this.main = startBackground('n8n-main', this.tc.nodeBin, [this.install.bin, 'start'], {
			cwd: this.options.root,
			env: await this.processEnv('main', false),
			logDir: this.logDir,
		});
		const main = this.main;
		await withHeartbeat(`n8n ${this.version} starting`, () =>
			waitFor(
				`n8n ${this.version} to answer ${this.baseUrl}/healthz`,
				async () => {
					if (!main.isRunning())
						throw new N8nError(`n8n start exited early:\n${tail(main.output(), 40)}`);
					const res = await request(`${this.baseUrl}/healthz`, {
						headersTimeout: 2000,
						bodyTimeout: 2000,
					});
					await res.body.text();
					if (res.statusCode !== 200) return undefined;
					return /Editor is now accessible/.test(main.output()) ? true : undefined;
				},
				{ timeoutMs, intervalMs: 500, onTimeout: () => tail(main.output(), 40) },
			),
		);
	}

	/** Starts `n8n worker` and waits for "n8n worker is now ready". */
	async startWorker(
		timeoutMs = 180000,
		userFolder = this.workerUserFolder,
		extraEnv: Record<string, string> = {},
	): Promise<Background> {
		const role = `worker${this.workers.length + 1}`;
		const worker = startBackground(
			`n8n-${role}`,
			this.tc.nodeBin,
			[this.install.bin, 'worker', '--concurrency=4'],
			{
				cwd: this.options.root,
				env: { ...(await this.processEnv(role, false, userFolder)), ...extraEnv },
				logDir: this.logDir,
			},
		);
		this.workers.push(worker);
		await withHeartbeat(`n8n ${this.version} worker starting`, () =>
			waitFor(
				`n8n ${this.version} worker to be ready`,
				async () => {
					if (!worker.isRunning())
						throw new N8nError(`n8n worker exited early:\n${tail(worker.output(), 40)}`);
					return /n8n worker is now ready/.test(worker.output()) ? true : undefined;
				},
				{ timeoutMs, intervalMs: 500, onTimeout: () => tail(worker.output(), 40) },
			),
		);
		return worker;
	}

	async stop(): Promise<void> {
		const started = Date.now();
		await Promise.all([...this.workers.map((w) => w.stop()), this.main?.stop()]);
		this.workers = [];
		this.main = undefined;
		this.cookie = undefined;
		return void formatMs(Date.now() - started);
	}

	// ---------------------------------------------------------------- REST (internal API, cookie)

	async http(
		method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
		urlPath: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<{
		status: number;
		json: unknown;
		text: string;
		headers: Record<string, string | string[] | undefined>;
	}> {
		const res = await request(`${this.baseUrl}${urlPath}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			headersTimeout: 120000,
			bodyTimeout: 120000,
		});
		const text = await res.body.text();
		let json: unknown;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		const setCookie = res.headers['set-cookie'];
		const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
		for (const c of cookies) {
			const m = /^(n8n-auth=[^;]*)/.exec(c);
			if (m) this.cookie = m[1];
		}
		return { status: res.statusCode, json, text, headers: res.headers };
	}

	/** REST call that must succeed; returns the `data` field n8n wraps responses in. */
	async rest<T = unknown>(
		method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
		urlPath: string,
		body?: unknown,
	): Promise<T> {
		const r = await this.http(method, urlPath, body);
		if (r.status < 200 || r.status >= 300) {
			throw new N8nError(
				`[n8n ${this.version}] ${method} ${urlPath} answered ${r.status}: ${r.text.slice(0, 500)}`,
			);
		}
		const j = r.json as { data?: T } | undefined;
		return (j && typeof j === 'object' && 'data' in j ? j.data : j) as T;
	}

	/** Creates the owner account (first start only) and logs in; the session cookie is kept. */
	async setupOwnerAndLogin(owner: {
		email: string;
		password: string;
		firstName: string;
		lastName: string;
	}): Promise<void> {
		const setup = await this.http('POST', '/rest/owner/setup', owner);
		if (setup.status >= 300 && !/already set up|Instance owner already setup/i.test(setup.text)) {
			throw new N8nError(
				`[n8n ${this.version}] owner setup answered ${setup.status}: ${setup.text.slice(0, 300)}`,
			);
		}
		const login = await this.http('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			email: owner.email,
			password: owner.password,
		});
		if (login.status !== 200 || !this.cookie) {
			throw new N8nError(
				`[n8n ${this.version}] login answered ${login.status}: ${login.text.slice(0, 300)}`,
			);
		}
	}

	/** n8n's own credential test, as the editor's Test button calls it, for a stored credential. */
	async testCredential(id: string): Promise<{ status: string; message: string }> {
		const cred = await this.rest<{
			id: string;
			name: string;
			type: string;
			data?: Record<string, unknown>;
		}>('GET', `/rest/credentials/${id}?includeData=true`);
		return this.rest('POST', '/rest/credentials/test', {
			credentials: { id: cred.id, name: cred.name, type: cred.type, data: cred.data ?? {} },
		});
	}

	/**
	 * A list of the node in the editor (From List of a resource locator), as the editor asks for it:
	 * n8n's dynamic-node-parameters endpoint, with the node's current parameters and a credential.
	 */
	async listSearch(request: {
		parameter: string;
		methodName: string;
		parameters: Record<string, unknown>;
		credential: { id: string; name: string };
		filter?: string;
	}): Promise<{
		status: number;
		results: Array<{ name: string; value: unknown }>;
		message: string;
	}> {
		const r = await this.http('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
			path: `parameters.${request.parameter}`,
			nodeTypeAndVersion: { name: NODE_TYPE, version: 1 },
			methodName: request.methodName,
			currentNodeParameters: request.parameters,
			credentials: { [CREDENTIAL_TYPE]: request.credential },
			...(request.filter === undefined ? {} : { filter: request.filter }),
		});
		const body = r.json as { data?: { results?: unknown }; message?: unknown } | undefined;
		const results = Array.isArray(body?.data?.results)
			? (body.data.results as Array<{ name: string; value: unknown }>)
			: [];
		return {
			status: r.status,
			results,
			message: typeof body?.message === 'string' ? body.message : '',
		};
	}

	/** Executions of a workflow, newest first, through the internal REST API. */
	async listExecutions(workflowId: string): Promise<
		Array<{
			id: string;
			status: string;
			mode: string;
			finished?: boolean;
			startedAt?: string;
			stoppedAt?: string;
		}>
	> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const res = await this.rest<{ results?: unknown[] } | unknown[]>(
			'GET',
			`/rest/executions?filter=${filter}&limit=50`,
		);
		const list = Array.isArray(res) ? res : (res.results ?? []);
		return list as Array<{ id: string; status: string; mode: string; finished?: boolean }>;
	}

	/** One execution with its run data, parsed from n8n's flatted storage format. */
	async getExecution(
		id: string,
	): Promise<{ id: string; status: string; mode: string; data: RunJson['data']; raw: string }> {
		const res = await this.rest<{
			id: string;
			status: string;
			mode: string;
			data: string | RunJson['data'];
		}>('GET', `/rest/executions/${id}`);
		const raw = typeof res.data === 'string' ? res.data : JSON.stringify(res.data);
		const data = typeof res.data === 'string' ? (unflatten(res.data) as RunJson['data']) : res.data;
		return { id: res.id, status: res.status, mode: res.mode, data, raw };
	}

	/** The main process's n8n log (its file: every start of the main appends to it). */
	mainLog(): string {
		const file = path.join(this.logDir, 'main.n8n.log');
		return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	}

	/** Every file under the instance root (user folder, logs, stdout files, written files). */
	allFiles(): string[] {
		const out: string[] = [];
		const walk = (d: string) => {
			for (const e of fs.readdirSync(d, { withFileTypes: true })) {
				const p = path.join(d, e.name);
				if (e.isDirectory()) {
					if (p.endsWith(path.join('.n8n', 'nodes'))) continue; // the package's own code
					walk(p);
				} else if (e.isFile()) out.push(p);
			}
		};
		walk(this.options.root);
		return out;
	}
}

/**
 * n8n stores execution data with the `flatted` format: an array whose first element is the root,
 * and where string values that are decimal indices point at other elements.
 */
export function unflatten(text: string): unknown {
	const arr = JSON.parse(text) as unknown[];
	const seen = new Map<number, unknown>();
	const revive = (idx: number): unknown => {
		if (seen.has(idx)) return seen.get(idx);
		const v = arr[idx];
		if (Array.isArray(v)) {
			const out: unknown[] = [];
			seen.set(idx, out);
			for (const x of v) out.push(resolve(x));
			return out;
		}
		if (v && typeof v === 'object') {
			const out: Record<string, unknown> = {};
			seen.set(idx, out);
			for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = resolve(x);
			return out;
		}
		seen.set(idx, v);
		return v;
	};
	const resolve = (x: unknown): unknown =>
		typeof x === 'string' && /^\d+$/.test(x) ? revive(Number(x)) : x;
	return revive(0);
}
