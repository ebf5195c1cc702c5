/**
 * The stand-in HTTP(S) server: routing, the request pipeline (method → api-version → PAT → role →
 * media type → body → handler), fault injection, latency, Data Management job timing and the
 * records tests read.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
	createServer as createHttpServer,
	STATUS_CODES,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

import { isJsonObject, parseJsonObjectBody } from './body.cjs';
import { handleControlRoute } from './control.cjs';
import { bigExportRows, errorTableRows, ERROR_TABLE_NAME, factRows, sampleData } from './data.cjs';
import { dataSetChunks, dataSetToString, writeChunk } from './dataset.cjs';
import { Harvest } from './harvest.cjs';
import {
	DEFAULT_RESULT_TABLE,
	type EndpointEnv,
	type EndpointResult,
	type JobSpec,
} from './endpoints/common.cjs';
import type { AnalyticsRequest } from './endpoints/analytics.cjs';
import { ENDPOINT_NAMES, ENDPOINTS, findEndpoint, type EndpointSpec } from './endpoints/index.cjs';
import { ApiError, StandInClosedError } from './errors.cjs';
import { FaultBook, isPassThrough, parseFaultRule, type AppliedFault } from './faults.cjs';
import {
	apiHelpPage,
	iisNotFoundPage,
	oneStreamWebPage,
	proxyErrorPage,
	redirectPage,
	signInPage,
} from './pages.cjs';
import {
	parseOptionsPatch,
	validateAnalytics,
	validateFraming,
	validateLatency,
	validateSessionInfoKey,
} from './options.cjs';
import { SeededRandom } from './random.cjs';
import { SessionStore } from './sessions.cjs';
import { DEFAULT_TOKENS, redactAuthorization, redactToken } from './tokens.cjs';
import {
	DataProducerError,
	type AnalyticsOptions,
	type DataRow,
	type DataSetResult,
	type DmSuccessFraming,
	type Fault,
	type FaultRule,
	type JobRun,
	type RecordedRequest,
	type SessionInfoKey,
	type StandIn,
	type StandInData,
	type StandInOptions,
	type StandInOptionsPatch,
	type TokenConfig,
} from './types.cjs';

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
/** IIS's default maxAllowedContentLength. */
const MAX_BODY_BYTES = 30_000_000;
const IIS_HEADERS = { Server: 'Microsoft-IIS/10.0', 'X-Powered-By': 'ASP.NET' };
const DEFAULT_SEED = 1;

/** Tracks how many things overlap now and the highest overlap seen, per key ('*' = all). */
class ConcurrencyGauge {
	private readonly current = new Map<string, number>();
	private readonly peak = new Map<string, number>();

	enter(keys: string[]): void {
		for (const key of keys) {
			const now = (this.current.get(key) ?? 0) + 1;
			this.current.set(key, now);
			if (now > (this.peak.get(key) ?? 0)) this.peak.set(key, now);
		}
	}

	leave(keys: string[]): void {
		for (const key of keys) this.current.set(key, Math.max(0, (this.current.get(key) ?? 0) - 1));
	}

	max(key: string): number {
		return this.peak.get(key) ?? 0;
	}

	/** Forgets peaks; what is running now stays counted. */
	resetPeaks(): void {
		this.peak.clear();
		for (const [key, value] of this.current) if (value > 0) this.peak.set(key, value);
	}
}

interface PendingWait {
	timer?: NodeJS.Timeout;
	reject: (error: Error) => void;
}

type Outcome = { kind: 'result'; result: EndpointResult } | { kind: 'error'; error: ApiError };

/** The sequence/step/adapter/cube view a request body names (any property casing). */
export function objectNameOf(body: unknown): string | undefined {
	if (!isJsonObject(body)) return undefined;
	const wanted = ['sequencename', 'stepname', 'adaptername', 'cubeviewname'];
	for (const [key, value] of Object.entries(body)) {
		if (wanted.includes(key.toLowerCase()) && typeof value === 'string') return value;
	}
	return undefined;
}

function headerRecord(req: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined) continue;
		headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}

/** The client went away before its request body was complete. */
class ClientGoneError extends Error {}

function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () =>
			resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge }),
		);
		req.on('error', () => reject(new ClientGoneError()));
		req.on('close', () => {
			if (!req.complete) reject(new ClientGoneError());
		});
	});
}

/** Parses the api-version query parameter (name matched case-insensitively). */
function apiVersionsOf(url: URL): string[] {
	const versions: string[] = [];
	for (const [name, value] of url.searchParams) {
		if (name.toLowerCase() === 'api-version' && value.trim() !== '') versions.push(value.trim());
	}
	return versions;
}

/** The path as logged: only api-version survives from the query, so nothing secret can leak. */
function loggablePath(rawPath: string): string {
	const [path, query] = rawPath.split('?', 2);
	if (query === undefined) return path;
	const kept = query
		.split('&')
		.map((pair) =>
			pair.toLowerCase().startsWith('api-version=') ? pair : `${pair.split('=')[0]}=…`,
		)
		.join('&');
	return `${path}?${kept}`;
}

function hostForUrl(host: string): string {
	if (host === '0.0.0.0' || host === '') return '127.0.0.1';
	if (host === '::') return '[::1]';
	return host.includes(':') ? `[${host}]` : host;
}

export class StandInServer implements StandIn {
	url = '';
	apiRoot = '';
	webServerUrl = '';
	readonly requests: RecordedRequest[] = [];
	readonly runs: JobRun[] = [];

	private readonly server: Server;
	private readonly apiPath: string;
	private readonly data: StandInData;
	private readonly tokens: TokenConfig[];
	private readonly seed: number;
	private random: SeededRandom;
	private latencyMs: number | [number, number] | undefined;
	private dmSuccessFraming: DmSuccessFraming;
	private sessionInfoKey: SessionInfoKey;
	private readonly log: ((line: string) => void) | undefined;
	private readonly faults = new FaultBook();
	private readonly sessions = new SessionStore();
	private readonly durations = new Map<string, number>();
	/** Runs of these sequences or steps end only when their gate opens (see holdRuns). */
	private readonly heldRuns = new Map<string, string>();
	private readonly runGauge = new ConcurrencyGauge();
	private readonly requestGauge = new ConcurrencyGauge();
	private readonly waits = new Set<PendingWait>();
	/** Gates of `hold` faults: opened (true) or the requests waiting and whoever waits for one. */
	private readonly gates = new Map<
		string,
		{ open: boolean; held: Array<() => void>; reached: Array<() => void> }
	>();
	private readonly sockets = new Set<Socket>();
	/** Raw TCP sockets by remote address, so a TLS connection can be reset with an RST. */
	private readonly rawSockets = new Map<string, Socket>();
	private readonly env: EndpointEnv;
	/** The Batch\Harvest folder and what its harvests loaded. */
	readonly harvest: Harvest;

	get harvestDir(): string {
		return this.harvest.dir;
	}
	private analytics: Required<AnalyticsOptions>;
	private readonly analyticsRequests = new Map<string, AnalyticsRequest>();
	private analyticsSeq = 0;
	private seq = 0;
	private closed = false;
	private closing: Promise<void> | undefined;

	constructor(private readonly options: StandInOptions) {
		// '' or '/' serves the API at the root, as the 8.0.0 docs show it (`https://{server}/api/...`).
		const apiPath = (options.apiPath ?? '/OneStreamApi').trim().replace(/\/+$/, '');
		this.apiPath = apiPath === '' || apiPath.startsWith('/') ? apiPath : `/${apiPath}`;
		this.data = options.data ?? sampleData();
		this.tokens = options.tokens ?? DEFAULT_TOKENS;
		this.seed = options.seed ?? DEFAULT_SEED;
		this.random = new SeededRandom(this.seed);
		this.latencyMs = validateLatency(options.latencyMs);
		this.dmSuccessFraming = validateFraming(options.dmSuccessFraming ?? 'json-string');
		this.sessionInfoKey = validateSessionInfoKey(options.sessionInfoKey ?? 'XfBytes');
		this.log = options.log;
		this.analytics = validateAnalytics(options.analytics);
		this.harvest = new Harvest(
			options.harvestDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'onestream-standin-harvest-')),
		);
		this.env = {
			data: this.data,
			harvest: this.harvest,
			sessions: this.sessions,
			dmSuccessFraming: () => this.dmSuccessFraming,
			sessionInfoKey: () => this.sessionInfoKey,
			runJob: (spec) => this.runJob(spec),
			analytics: () => this.analytics,
			analyticsRequests: {
				add: (request) => {
					const made = { ...request, id: `req-${++this.analyticsSeq}-${this.seed}` };
					this.analyticsRequests.set(made.id, made);
					return made;
				},
				get: (id) => this.analyticsRequests.get(id),
			},
		};
		const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
		this.server =
			options.tls === undefined
				? createHttpServer(handler)
				: createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler);
		this.server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			const key = `${socket.remoteAddress}|${socket.remotePort}`;
			this.rawSockets.set(key, socket);
			socket.on('close', () => {
				this.sockets.delete(socket);
				this.rawSockets.delete(key);
			});
		});
	}

	async listen(): Promise<void> {
		const host = this.options.host ?? '127.0.0.1';
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port ?? 0, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		const address = this.server.address() as AddressInfo;
		this.url = `${this.options.tls === undefined ? 'http' : 'https'}://${hostForUrl(host)}:${address.port}`;
		this.apiRoot = `${this.url}${this.apiPath}`;
		this.webServerUrl = `${this.url}/OneStreamWeb`;
	}

	// -------------------------------------------------------------------------------------------
	// Public API

	addFault(rule: FaultRule): string {
		return this.faults.add(parseFaultRule(rule, ENDPOINT_NAMES));
	}

	/** For the control route: validates JSON into a rule first. */
	addFaultFromJson(value: unknown): string {
		return this.faults.add(parseFaultRule(value, ENDPOINT_NAMES));
	}

	removeFault(id: string): void {
		this.faults.remove(id);
	}

	removeFaultIfPresent(id: string): boolean {
		return this.faults.remove(id);
	}

	listFaults(): Array<FaultRule & { id: string; remaining?: number }> {
		return this.faults.list();
	}

	clearFaults(): void {
		this.faults.clear();
	}

	reset(): void {
		this.requests.length = 0;
		this.runs.length = 0;
		this.faults.clear();
		for (const gate of this.gates.values()) for (const release of gate.held.splice(0)) release();
		this.gates.clear();
		this.heldRuns.clear();
		this.sessions.clear();
		this.analyticsRequests.clear();
		this.harvest.reset();
		this.runGauge.resetPeaks();
		this.requestGauge.resetPeaks();
		this.random = new SeededRandom(this.seed);
		this.seq = 0;
	}

	setOptions(patch: StandInOptionsPatch): void {
		const valid = parseOptionsPatch(patch);
		if ('latencyMs' in valid) this.latencyMs = valid.latencyMs;
		if (valid.dmSuccessFraming !== undefined) this.dmSuccessFraming = valid.dmSuccessFraming;
		if (valid.sessionInfoKey !== undefined) this.sessionInfoKey = valid.sessionInfoKey;
		if (valid.analytics !== undefined)
			this.analytics = validateAnalytics(valid.analytics, this.analytics);
	}

	/** Adds rows to the Journal_Lines adapter (in place: the adapter reads the same list). */
	appendJournalLines(rows: DataRow[]): void {
		this.data.journalLines.push(...rows);
	}

	clearJournalLines(): void {
		this.data.journalLines.length = 0;
	}

	setWorkflowSteps(steps: Array<[string, string, string | null]>): void {
		this.data.workflowSteps = steps;
	}

	holdRuns(name: string, gate: string): void {
		this.heldRuns.set(name.trim().toLowerCase(), gate);
	}

	setSequenceDuration(name: string, ms: number): void {
		if (typeof name !== 'string' || name.trim() === '')
			throw new Error('name must be a non-empty string');
		if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
			throw new Error('ms must be a number ≥ 0');
		this.durations.set(name.trim().toLowerCase(), ms);
	}

	countRequests(filter: { endpoint?: string; name?: string } = {}): number {
		return this.requests.filter(
			(r) =>
				(filter.endpoint === undefined ||
					(r.endpoint !== undefined &&
						r.endpoint.toLowerCase() === filter.endpoint.toLowerCase())) &&
				(filter.name === undefined ||
					objectNameOf(r.body)?.toLowerCase() === filter.name.toLowerCase()),
		).length;
	}

	maxConcurrentRuns(name?: string): number {
		return this.runGauge.max(name === undefined ? '*' : name.toLowerCase());
	}

	maxConcurrentRequests(endpoint?: string): number {
		return this.requestGauge.max(endpoint === undefined ? '*' : endpoint.toLowerCase());
	}

	close(): Promise<void> {
		if (this.closing !== undefined) return this.closing;
		this.closed = true;
		this.closing = new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			for (const wait of this.waits) {
				clearTimeout(wait.timer);
				wait.reject(new StandInClosedError());
			}
			this.waits.clear();
			this.server.closeAllConnections();
			for (const socket of this.sockets) socket.destroy();
		});
		return this.closing;
	}

	// -------------------------------------------------------------------------------------------
	// Environment for the endpoint handlers

	private async runJob(spec: JobSpec): Promise<JobRun> {
		const run: JobRun = {
			kind: spec.kind,
			name: spec.name,
			group: spec.group,
			application: spec.application,
			workspace: spec.workspace,
			substitutionVariables: spec.substitutionVariables,
			startedAt: Date.now(),
			outcome: 'running',
		};
		this.runs.push(run);
		const keys = ['*', spec.name.toLowerCase()];
		this.runGauge.enter(keys);
		try {
			await this.sleep(this.durations.get(spec.name.toLowerCase()) ?? spec.defaultDurationMs);
			const gate = this.heldRuns.get(spec.name.toLowerCase());
			if (gate !== undefined) await this.pass(gate);
			run.outcome = spec.failure === undefined ? 'succeeded' : 'failed';
		} catch (error) {
			if (!(error instanceof StandInClosedError)) throw error;
			run.outcome = 'aborted';
		} finally {
			run.finishedAt = Date.now();
			this.runGauge.leave(keys);
		}
		return run;
	}

	private gate(name: string) {
		let gate = this.gates.get(name);
		if (gate === undefined) {
			gate = { open: false, held: [], reached: [] };
			this.gates.set(name, gate);
		}
		return gate;
	}

	/** Waits at a gate until it is opened (or the stand-in closes). */
	private pass(name: string): Promise<void> {
		if (this.closed) return Promise.reject(new StandInClosedError());
		const gate = this.gate(name);
		if (gate.open) return Promise.resolve();
		return new Promise<void>((resolve, reject) => {
			const wait: PendingWait = { timer: undefined, reject };
			this.waits.add(wait);
			gate.held.push(() => {
				this.waits.delete(wait);
				resolve();
			});
			for (const notify of gate.reached.splice(0)) notify();
		});
	}

	openGate(name: string): void {
		const gate = this.gate(name);
		gate.open = true;
		for (const release of gate.held.splice(0)) release();
	}

	gateReached(name: string): Promise<void> {
		const gate = this.gate(name);
		if (gate.held.length > 0) return Promise.resolve();
		return new Promise<void>((resolve) => gate.reached.push(resolve));
	}

	private sleep(ms: number): Promise<void> {
		if (this.closed) return Promise.reject(new StandInClosedError());
		if (ms <= 0) return Promise.resolve();
		return new Promise<void>((resolve, reject) => {
			const wait: PendingWait = {
				timer: setTimeout(() => {
					this.waits.delete(wait);
					resolve();
				}, ms),
				reject,
			};
			this.waits.add(wait);
		});
	}

	private applyLatency(): Promise<void> {
		const latency = this.latencyMs;
		if (latency === undefined) return Promise.resolve();
		const ms =
			typeof latency === 'number'
				? latency
				: latency[0] + this.random.next() * (latency[1] - latency[0]);
		return this.sleep(ms);
	}

	// -------------------------------------------------------------------------------------------
	// Request handling

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const rawPath = req.url ?? '/';
		let url: URL;
		try {
			// Prefixing (not resolving) keeps a path like '//x' a path instead of a host.
			url = rawPath.startsWith('/')
				? new URL(`http://stand-in.invalid${rawPath}`)
				: new URL(rawPath);
		} catch {
			url = new URL('http://stand-in.invalid/');
		}
		const pathLower = url.pathname.toLowerCase();
		if (pathLower === '/__standin' || pathLower.startsWith('/__standin/')) {
			await handleControlRoute(this, req, res, url);
			return;
		}

		const record: RecordedRequest = {
			seq: ++this.seq,
			receivedAt: Date.now(),
			method: req.method ?? 'GET',
			rawPath,
			headers: headerRecord(req),
			bodyText: '',
			faultIds: [],
		};
		this.requests.push(record);

		const apiPrefix = `${this.apiPath.toLowerCase()}/api/`;
		let spec: EndpointSpec | undefined;
		let inApiRoutes = false;
		if (pathLower.startsWith(apiPrefix)) {
			inApiRoutes = true;
			const parts = url.pathname.slice(apiPrefix.length).replace(/\/+$/, '').split('/');
			if (parts.length === 2) spec = findEndpoint(parts[0], parts[1]);
		}
		if (spec !== undefined) {
			record.endpoint = spec.endpoint;
			const versions = apiVersionsOf(url);
			if (versions.length > 0) record.apiVersion = versions[0];
		}
		const gaugeKeys = spec === undefined ? ['*'] : ['*', spec.endpoint.toLowerCase()];
		this.requestGauge.enter(gaugeKeys);
		const started = Date.now();
		res.on('close', () => {
			record.complete = res.writableFinished;
			this.requestGauge.leave(gaugeKeys);
			this.logRequest(record, Date.now() - started);
		});

		try {
			const body = await readBody(req);
			record.bodyText = body.text;
			if (body.text !== '') {
				try {
					record.body = JSON.parse(body.text);
				} catch {
					// Not JSON: record the text only; the pipeline answers 400 if it matters.
				}
			}
			if (body.tooLarge) {
				await this.applyLatency();
				this.sendJson(
					res,
					record,
					413,
					new ApiError(
						413,
						'The request entity is too large.',
						`The body exceeds ${MAX_BODY_BYTES} bytes.`,
					).toBody(),
				);
				return;
			}
			if (spec !== undefined) {
				await this.handleEndpoint(spec, req, res, url, record);
			} else {
				await this.applyLatency();
				this.handleNonApi(req, res, url, record, inApiRoutes);
			}
		} catch (error) {
			if (error instanceof StandInClosedError || error instanceof ClientGoneError || this.closed) {
				res.destroy();
				return;
			}
			this.emitLog(
				`stand-in internal error: ${error instanceof Error ? error.message : String(error)}`,
			);
			if (!res.headersSent)
				this.sendJson(res, record, 500, {
					Message: 'An error has occurred.',
					Detail: 'Stand-in internal error.',
				});
			else res.destroy();
		}
	}

	/** Anything that is not a documented endpoint: the web client, the API help page, 404s. */
	private handleNonApi(
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		record: RecordedRequest,
		inApiRoutes: boolean,
	): void {
		const path = url.pathname.toLowerCase().replace(/\/+$/, '');
		const isGet = record.method === 'GET' || record.method === 'HEAD';
		if (path === '/onestreamweb' && isGet) {
			this.sendText(res, record, 200, oneStreamWebPage(), HTML_TYPE);
			return;
		}
		if (path === this.apiPath.toLowerCase() && isGet) {
			const list = ENDPOINTS.map((e) => ({
				endpoint: e.endpoint,
				versions: Object.keys(e.handlers),
			}));
			this.sendText(res, record, 200, apiHelpPage(list), HTML_TYPE, IIS_HEADERS);
			return;
		}
		if (inApiRoutes) {
			// Inside the Web API application ASP.NET answers, in JSON; only a wrong application path gets IIS's HTML.
			const uri = `${this.url}${record.rawPath}`;
			this.sendJson(res, record, 404, {
				Message: `No HTTP resource was found that matches the request URI '${uri}'.`,
				Detail: `No route matches '${url.pathname}'.`,
			});
			return;
		}
		this.sendText(res, record, 404, iisNotFoundPage(`${this.url}${url.pathname}`), HTML_TYPE, {
			Server: 'Microsoft-IIS/10.0',
		});
	}

	private async handleEndpoint(
		spec: EndpointSpec,
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		record: RecordedRequest,
	): Promise<void> {
		const selection = this.faults.select(spec.endpoint, objectNameOf(record.body), this.random);
		record.faultIds = [...selection.before, ...selection.after].map((f) => f.id);

		if (await this.runFaults(selection.before, req, res, record)) return;

		let outcome: Outcome;
		try {
			outcome = { kind: 'result', result: await this.execute(spec, req, url, record) };
		} catch (error) {
			outcome = { kind: 'error', error: this.toApiError(error) };
		}

		if (selection.after.some((f) => !isPassThrough(f.fault)) && outcome.kind === 'result') {
			await this.completeWork(outcome.result);
		}
		if (await this.runFaults(selection.after, req, res, record)) return;

		await this.applyLatency();
		if (outcome.kind === 'error') {
			this.sendJson(
				res,
				record,
				outcome.error.status,
				outcome.error.toBody(),
				outcome.error.headers,
			);
			return;
		}
		await this.sendResult(res, record, outcome.result);
	}

	/** Applies delays, then the terminal fault if any. Returns true when the fault answered. */
	private async runFaults(
		faults: AppliedFault[],
		req: IncomingMessage,
		res: ServerResponse,
		record: RecordedRequest,
	): Promise<boolean> {
		for (const { fault } of faults) {
			if (fault.kind === 'delay') await this.sleep(fault.ms);
			if (fault.kind === 'hold') await this.pass(fault.gate);
		}
		const terminal = faults.find((f) => !isPassThrough(f.fault));
		if (terminal === undefined) return false;
		await this.applyLatency();
		await this.performFault(terminal.fault, req, res, record);
		return true;
	}

	/** "Does the work" for afterWork faults: DM jobs already ran; a DataSet is fully produced. */
	private async completeWork(result: EndpointResult): Promise<void> {
		if (result.kind !== 'dataSet' || result.dataSet === null) return;
		let rows = 0;
		for (const table of result.dataSet.tables) {
			for (const row of table.rows) {
				void row;
				// Yield now and then so a huge build does not starve other requests.
				if (++rows % 50_000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
			}
		}
	}

	private toApiError(error: unknown): ApiError {
		if (error instanceof ApiError) return error;
		if (error instanceof DataProducerError) return new ApiError(500, error.message, error.detail);
		if (error instanceof StandInClosedError) throw error;
		this.emitLog(
			`stand-in handler error: ${error instanceof Error ? error.message : String(error)}`,
		);
		return new ApiError(
			500,
			'An error has occurred.',
			error instanceof Error ? error.message : String(error),
		);
	}

	/** The pipeline in ASP.NET order: method, api-version, authorization, media type, body, action. */
	private async execute(
		spec: EndpointSpec,
		req: IncomingMessage,
		url: URL,
		record: RecordedRequest,
	): Promise<EndpointResult> {
		if (record.method !== 'POST') {
			throw new ApiError(
				405,
				`The requested resource does not support http method '${record.method}'.`,
				'Every OneStream Web API call is a POST.',
				{ Allow: 'POST' },
			);
		}
		const versions = apiVersionsOf(url);
		const uri = `${this.url}${record.rawPath}`;
		if (versions.length === 0) {
			throw new ApiError(
				400,
				'An API version is required, but was not specified.',
				'ApiVersionUnspecified',
			);
		}
		if (new Set(versions).size > 1) {
			throw new ApiError(
				400,
				`The following API versions were requested: ${[...new Set(versions)].join(', ')}. At most, only a single API version may be specified.`,
				'AmbiguousApiVersion',
			);
		}
		const handler = spec.handlers[versions[0]];
		if (handler === undefined) {
			throw new ApiError(
				400,
				`The HTTP resource that matches the request URI '${uri}' does not support the API version '${versions[0]}'.`,
				'UnsupportedApiVersion',
			);
		}

		const user = this.authenticate(req);
		if (spec.requiresAdministrator && !user.administrator) {
			const what = spec.endpoint.endsWith('SqlCommand') ? 'SQL commands' : 'method commands';
			throw new ApiError(
				403,
				`Security Access Error. User '${user.userName}' must be an Administrator to run ${what}.`,
				'The Administrator role is required for GetAdoDataSetForSqlCommand and GetAdoDataSetForMethodCommand.',
			);
		}

		const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		// ASP.NET's JSON formatter takes application/json and text/json.
		if (contentType !== 'application/json' && contentType !== 'text/json') {
			const shown = contentType === '' ? 'application/octet-stream' : contentType;
			throw new ApiError(
				415,
				`The request entity's media type '${shown}' is not supported for this resource.`,
				'Send Content-Type: application/json.',
			);
		}
		const body = parseJsonObjectBody(record.bodyText);
		return handler(this.env, { body, user, apiVersion: versions[0], query: url.searchParams });
	}

	/** Bearer PAT check. Bodies never contain the token. */
	private authenticate(req: IncomingMessage): TokenConfig {
		const denied = 'Authorization has been denied for this request.';
		const challenge = { 'WWW-Authenticate': 'Bearer' };
		const header = req.headers.authorization;
		if (header === undefined || header.trim() === '')
			throw new ApiError(401, denied, 'No bearer token was sent.', challenge);
		const match = /^bearer\s+(\S.*)$/i.exec(header.trim());
		if (match === null)
			throw new ApiError(
				401,
				denied,
				'The Authorization header must use the Bearer scheme with a personal access token.',
				challenge,
			);
		const token = match[1].trim();
		const config = this.tokens.find((t) => t.token === token);
		if (config === undefined)
			throw new ApiError(401, denied, 'The personal access token is not valid.', challenge);
		if (config.status === 'Expired')
			throw new ApiError(401, denied, 'The personal access token has expired.', challenge);
		if (config.status === 'Revoked' || config.status === 'AutoRevoked')
			throw new ApiError(401, denied, 'The personal access token has been revoked.', challenge);
		if (!config.accessAsNonInteractiveUser) {
			throw new ApiError(
				403,
				`Security Access Error. User '${config.userName}' is not authorized to use the OneStream Web API.`,
				'The user must be in a group that has the AccessAsNonInteractiveUser system security role.',
			);
		}
		return config;
	}

	// -------------------------------------------------------------------------------------------
	// Writing responses

	private sendText(
		res: ServerResponse,
		record: RecordedRequest,
		status: number,
		text: string,
		contentType: string,
		headers: Record<string, string> = {},
		baseHeaders: Record<string, string> = IIS_HEADERS,
	): void {
		this.sendBytes(
			res,
			record,
			status,
			Buffer.from(text, 'utf8'),
			contentType,
			headers,
			baseHeaders,
		);
	}

	private sendBytes(
		res: ServerResponse,
		record: RecordedRequest,
		status: number,
		payload: Buffer,
		contentType: string,
		headers: Record<string, string> = {},
		baseHeaders: Record<string, string> = IIS_HEADERS,
	): void {
		if (res.destroyed || res.headersSent) return;
		record.status = status;
		res.writeHead(status, {
			...baseHeaders,
			...headers,
			'Content-Type': contentType,
			'Content-Length': payload.length,
		});
		res.end(payload);
	}

	private sendJson(
		res: ServerResponse,
		record: RecordedRequest,
		status: number,
		body: unknown,
		headers: Record<string, string> = {},
	): void {
		this.sendText(res, record, status, JSON.stringify(body), JSON_TYPE, headers);
	}

	private async sendResult(
		res: ServerResponse,
		record: RecordedRequest,
		result: EndpointResult,
	): Promise<void> {
		if (result.kind === 'json') {
			this.sendJson(res, record, 200, result.body);
		} else if (result.kind === 'message') {
			if (this.dmSuccessFraming === 'text')
				this.sendText(res, record, 200, result.message, 'text/plain; charset=utf-8');
			else if (this.dmSuccessFraming === 'object')
				this.sendJson(res, record, 200, { Message: result.message });
			else this.sendJson(res, record, 200, result.message);
		} else if (result.dataSet === null) {
			this.sendText(res, record, 200, 'null', JSON_TYPE);
		} else {
			await this.sendDataSet(res, record, result.dataSet);
		}
	}

	/** Small DataSets go out with a Content-Length; larger ones are streamed chunk by chunk. */
	private async sendDataSet(
		res: ServerResponse,
		record: RecordedRequest,
		dataSet: DataSetResult,
	): Promise<void> {
		const chunks = dataSetChunks(dataSet);
		let first: IteratorResult<Buffer>;
		let second: IteratorResult<Buffer>;
		try {
			first = chunks.next();
			second = first.done === true ? first : chunks.next();
		} catch (error) {
			const apiError = this.toApiError(error);
			this.sendJson(res, record, apiError.status, apiError.toBody());
			return;
		}
		if (second.done === true) {
			this.sendBytes(
				res,
				record,
				200,
				first.done === true ? Buffer.alloc(0) : first.value,
				JSON_TYPE,
			);
			return;
		}
		if (res.destroyed) return;
		record.status = 200;
		res.writeHead(200, { ...IIS_HEADERS, 'Content-Type': JSON_TYPE });
		if (first.done !== true && !(await writeChunk(res, first.value))) return;
		if (!(await writeChunk(res, second.value))) return;
		try {
			for (;;) {
				const next = chunks.next();
				if (next.done === true) break;
				if (!(await writeChunk(res, next.value))) return;
			}
		} catch (error) {
			// Headers are gone already: all a server can do is cut the connection.
			this.emitLog(
				`stand-in stream error: ${error instanceof Error ? error.message : String(error)}`,
			);
			res.destroy();
			return;
		}
		res.end();
	}

	private resultTableNameOf(record: RecordedRequest): string {
		if (isJsonObject(record.body)) {
			for (const [key, value] of Object.entries(record.body)) {
				if (
					key.toLowerCase() === 'resultdatatablename' &&
					typeof value === 'string' &&
					value.trim() !== ''
				)
					return value;
			}
		}
		return DEFAULT_RESULT_TABLE;
	}

	private resetSocket(req: IncomingMessage): void {
		const socket = req.socket;
		const raw = this.rawSockets.get(`${socket.remoteAddress}|${socket.remotePort}`) ?? socket;
		try {
			raw.resetAndDestroy();
		} catch {
			raw.destroy();
		}
		socket.destroy();
	}

	private async performFault(
		fault: Fault,
		req: IncomingMessage,
		res: ServerResponse,
		record: RecordedRequest,
	): Promise<void> {
		const table = this.resultTableNameOf(record);
		switch (fault.kind) {
			case 'delay':
			case 'hold':
				return;
			case 'reset':
				this.resetSocket(req);
				return;
			case 'status': {
				const headers: Record<string, string> =
					fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter };
				if (fault.html === true) {
					const server =
						fault.status === 502 || fault.status === 504 ? 'nginx' : 'Microsoft-HTTPAPI/2.0';
					this.sendText(
						res,
						record,
						fault.status,
						proxyErrorPage(fault.status),
						HTML_TYPE,
						headers,
						{ Server: server },
					);
				} else {
					const message =
						fault.message ??
						(fault.status === 500
							? 'An error has occurred.'
							: (STATUS_CODES[fault.status] ?? 'Error'));
					this.sendJson(
						res,
						record,
						fault.status,
						{ Message: message, Detail: fault.detail ?? '' },
						headers,
					);
				}
				return;
			}
			case 'html200':
				this.sendText(res, record, 200, signInPage(), HTML_TYPE);
				return;
			case 'empty200':
				this.sendText(res, record, 200, '', JSON_TYPE);
				return;
			case 'null200':
				this.sendText(res, record, 200, 'null', JSON_TYPE);
				return;
			case 'truncatedJson200': {
				const full = dataSetToString({ tables: [{ name: table, rows: factRows().slice(0, 12) }] });
				// Cut inside a row, so no prefix of the body is valid JSON.
				this.sendText(res, record, 200, full.slice(0, Math.floor(full.length * 0.6)), JSON_TYPE);
				return;
			}
			case 'errorTable200':
				this.sendJson(res, record, 200, { [ERROR_TABLE_NAME]: errorTableRows(fault.message) });
				return;
			case 'stallMidBody': {
				if (res.destroyed) return;
				record.status = 200;
				res.writeHead(200, { ...IIS_HEADERS, 'Content-Type': JSON_TYPE });
				const full = dataSetToString({ tables: [{ name: table, rows: factRows().slice(0, 12) }] });
				res.write(full.slice(0, Math.floor(full.length / 2)));
				// Never ends: the socket stays open until the client gives up or close() destroys it.
				return;
			}
			case 'resetMidBody': {
				if (res.destroyed) return;
				record.status = 200;
				res.writeHead(200, { ...IIS_HEADERS, 'Content-Type': JSON_TYPE });
				const full = dataSetToString({ tables: [{ name: table, rows: factRows().slice(0, 12) }] });
				res.write(full.slice(0, Math.floor(full.length / 2)), () => this.resetSocket(req));
				return;
			}
			case 'trickle': {
				if (res.destroyed) return;
				record.status = 200;
				res.writeHead(200, { ...IIS_HEADERS, 'Content-Type': JSON_TYPE });
				const timer = setInterval(() => {
					if (res.destroyed) clearInterval(timer);
					else res.write(' ');
				}, fault.intervalMs ?? 50);
				res.on('close', () => clearInterval(timer));
				return;
			}
			case 'raw':
				this.sendText(res, record, fault.status, fault.body, fault.contentType);
				return;
			case 'largeBody':
				await this.sendDataSet(res, record, {
					tables: [{ name: table, rows: bigExportRows(fault.rows) }],
				});
				return;
			case 'redirect':
				this.sendText(res, record, fault.status, redirectPage(fault.location), HTML_TYPE, {
					Location: fault.location,
				});
				return;
		}
	}

	// -------------------------------------------------------------------------------------------
	// Logging (redacted)

	private emitLog(line: string): void {
		if (this.log === undefined) return;
		let safe = line.replace(
			/(bearer)\s+(?!…)(\S{4,})/gi,
			(_m, scheme: string, token: string) => `${scheme} ${redactToken(token)}`,
		);
		for (const { token } of this.tokens)
			if (token !== '') safe = safe.split(token).join(redactToken(token));
		this.log(safe);
	}

	private logRequest(record: RecordedRequest, ms: number): void {
		if (this.log === undefined) return;
		const status = record.status === undefined ? 'no-response' : String(record.status);
		const name = objectNameOf(record.body);
		const parts = [
			`#${record.seq}`,
			record.method,
			loggablePath(record.rawPath),
			status,
			`${ms}ms`,
			`auth=${redactAuthorization(record.headers.authorization)}`,
		];
		if (name !== undefined) parts.push(`name=${name}`);
		if (record.faultIds.length > 0) parts.push(`faults=${record.faultIds.join(',')}`);
		this.emitLog(parts.join(' '));
	}
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
	const server = new StandInServer(options);
	await server.listen();
	return server;
}
