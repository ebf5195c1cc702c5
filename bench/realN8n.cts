/**
 * Scenarios (c) and (d) of the benchmarks, inside real n8n (the pinned installs of the e2e harness,
 * the package installed from `npm pack`, the OneStream stand-in in its own process).
 *
 * (c) A `Big_Export` adapter export of `exportRows` rows, through this node (output `rows`, then a
 *     CSV file) versus what a user builds today: HTTP Request (POST, Bearer credential, same body)
 *     plus a Code node flattening `$json.Results` into one item per row (plus Convert to File for
 *     the CSV). Every execution runs in a freshly started `n8n start` process, triggered by its
 *     production webhook (Respond: when the last node finishes, no body), so each peak is its own.
 *       - wall time: n8n's own timing of the whole execution, `stoppedAt - startedAt` of the saved
 *         execution (the sum of the nodes' `executionTime` and the webhook round trip are kept too);
 *       - peak memory: VmHWM from /proc/<pid>/status of the n8n main process plus that of its task
 *         runner child (the Code node runs there on both versions). n8n's startup peak is higher
 *         than a small run's, so once startup has settled the high-water marks are reset to the
 *         current RSS (`echo 5 > /proc/<pid>/clear_refs`); they are read right after the run while
 *         the processes are alive, and polled during it per pid in case a runner exits.
 *     Runs are interleaved (node rows, HTTP rows, node CSV, HTTP CSV, then again) and the median
 *     of `repeats` runs is reported.
 * (d) `manyItems` input items, each one small GL_Export call with `latencyMs` of stand-in latency,
 *     with Parallel Calls 1 versus `concurrency`, in one n8n process; timed by the OneStream
 *     node's own `executionTime`, median of `repeats`. Headline: substitution values taken from
 *     each item by expressions (`={{ $json.entity }}`…), as a real fan-out does; also measured
 *     with fixed values, which shows what n8n's expression engine costs per item.
 *
 * Benchmarks, not tests: nothing here judges a number. A run that fails or delivers the wrong
 * number of rows throws, with the cause and the tail of n8n's log.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';

import {
	ensureN8n,
	ensureNode24,
	type N8nInstall,
	type Toolchain,
} from '../test/e2e/lib/install.cjs';
import { CREDENTIAL_TYPE, N8n } from '../test/e2e/lib/n8n.cjs';
import { cleanEnv, freePort, installExitHooks, runOk, sleep, tail } from '../test/e2e/lib/proc.cjs';
import { repoRoot } from '../test/e2e/lib/repo.cjs';
import { StandIn } from '../test/e2e/lib/standin.cjs';
import { median } from './stats.cjs';

// ------------------------------------------------------------------------------------------ API

export interface PipelineMeasurement {
	/** n8n's execution time: `stoppedAt - startedAt` of the saved execution (median). */
	wallMs: number;
	/** VmHWM of the n8n main process plus its task runner(s) (median). */
	peakRssBytes: number;
	/** Rows delivered: items out of the last node, or data records in the CSV file. */
	rows: number;
	/** Size of the CSV file (csv measurements). */
	outputBytes?: number;
	/** Sum of the nodes' `executionTime` in the run data (median). */
	nodeMs?: number;
	/** From sending the webhook request to its answer (median). */
	clientMs?: number;
	/** VmHWM of the main process alone (median). */
	mainPeakRssBytes?: number;
	/** VmHWM of the task runner process(es) (median). */
	runnerPeakRssBytes?: number;
	/** RSS of main + runner(s) right before the run (median). */
	idleRssBytes?: number;
	/** Peak minus the RSS right before the run: the memory the run itself added (median). */
	growthBytes?: number;
	/** Sampled peak of main + runner(s) until the execution stopped, before saving (median). */
	executionPeakRssBytes?: number;
	/** Every run, unaggregated. */
	runs?: PipelineRun[];
}

export interface PipelineRun {
	wallMs: number;
	/** From the run data; only in runs whose run data was inspected (the first of each variant). */
	nodeMs?: number;
	nodeTimes?: Record<string, number>;
	clientMs: number;
	peakRssBytes: number;
	mainPeakRssBytes: number;
	runnerPeakRssBytes: number;
	processes: ProcessPeak[];
	/** RSS of main + runner(s) just before the run (after startup settled). */
	idleRssBytes: number;
	/**
	 * Highest RSS of main + runner(s) sampled (every 100 ms) until n8n's stoppedAt: the peak while
	 * the nodes ran, before n8n serialises and saves the execution data.
	 */
	executionPeakRssBytes: number;
	/** VmHWM of main + runner(s) just before the run: n8n's startup peak, not counted. */
	startupPeakRssBytes: number;
	/** Whether VmHWM was reset before the run (else the peaks include the startup peak). */
	peakIsRunOnly: boolean;
	/** Counted in the CSV file every run; counted in the run data for item outputs when inspected. */
	rows?: number;
	outputBytes?: number;
	executionId: string;
	/** Time the harness spent starting n8n and fetching/checking the run afterwards (not measured). */
	harnessMs?: { start: number; collect: number };
}

export interface ProcessPeak {
	pid: number;
	role: 'main' | 'runner' | 'other';
	command: string;
	peakRssBytes: number;
}

export interface RealN8nVersionResult {
	n8nVersion: string;
	exportRows: number;
	node: { rows: PipelineMeasurement; csv: PipelineMeasurement };
	httpPipeline: { rows: PipelineMeasurement; csv: PipelineMeasurement };
	/** node wall time / HTTP pipeline wall time */
	timeRatio: { rows: number; csv: number };
	/** node peak RSS / HTTP pipeline peak RSS */
	memoryRatio: { rows: number; csv: number };
	/**
	 * The same for the memory each run added above n8n's idle RSS (peak - RSS just before the run):
	 * an idle n8n holds about 0.9 GB here, which dominates the plain peak ratio.
	 */
	memoryGrowthRatio?: { rows: number; csv: number };
	manyItems: {
		items: number;
		latencyMs: number;
		concurrency: number;
		/** OneStream node executionTime with Parallel Calls 1 (median). */
		sequentialMs: number;
		/** OneStream node executionTime with Parallel Calls = concurrency (median). */
		parallelMs: number;
		speedup: number;
		/** Whole executions (stoppedAt - startedAt), medians. */
		sequentialRunMs?: number;
		parallelRunMs?: number;
		/** Most requests the stand-in had in flight at once during a parallel run. */
		maxConcurrentRequests?: number;
		/**
		 * The same with fixed substitution values instead of `={{ $json.… }}` per item: n8n's
		 * expression engine (isolated-vm by default in both pinned versions) costs main-thread CPU
		 * per item that no concurrency can overlap.
		 */
		withoutExpressions?: { sequentialMs: number; parallelMs: number; speedup: number };
		runs?: Array<{
			kind: 'expressions' | 'fixed';
			concurrency: number;
			nodeMs: number;
			wallMs: number;
			maxConcurrentRequests: number;
		}>;
	};
	/** How each number was taken, for the results JSON. */
	method?: Record<string, string>;
}

export interface RealN8nOptions {
	versions: string[];
	exportRows: number;
	manyItems: number;
	latencyMs: number;
	concurrency: number;
	log?: (line: string) => void;
	/** Runs per (c) measurement, each in a fresh n8n process; the median is reported. Default 3. */
	repeats?: number;
	/** Runs per (d) measurement (all in one n8n process); the median is reported. Default 2. */
	manyItemsRepeats?: number;
	/** Throwaway state (n8n user folders, logs). Default <repo>/.e2e/bench-real-n8n */
	workDir?: string;
	/** More environment for every n8n process (to try an n8n setting, or NODE_OPTIONS=--cpu-prof). */
	extraEnv?: Record<string, string>;
}

// ------------------------------------------------------------------------------- constants

const APPLICATION = 'AcmeConsolidation';
const ONESTREAM_CREDENTIAL = { id: 'benchOsCredent01', name: 'OneStream (bench)' };
const BEARER_CREDENTIAL = { id: 'benchBearerCred1', name: 'OneStream PAT as Bearer (bench)' };
const OWNER = {
	email: 'bench@example.com',
	password: 'Bench-Owner-Passw0rd',
	firstName: 'Bench',
	lastName: 'Owner',
};

type Variant = 'nodeRows' | 'nodeCsv' | 'httpRows' | 'httpCsv';

interface VariantSpec {
	template: string;
	id: string;
	path: string;
	label: string;
	csv: boolean;
}

const VARIANTS: Record<Variant, VariantSpec> = {
	nodeRows: {
		template: 'node-rows.json',
		id: 'benchNodeRows001',
		path: 'bench/node-rows',
		label: 'OneStream node → rows',
		csv: false,
	},
	httpRows: {
		template: 'http-rows.json',
		id: 'benchHttpRows001',
		path: 'bench/http-rows',
		label: 'HTTP Request + Code → rows',
		csv: false,
	},
	nodeCsv: {
		template: 'node-csv.json',
		id: 'benchNodeCsv0001',
		path: 'bench/node-csv',
		label: 'OneStream node → CSV file',
		csv: true,
	},
	httpCsv: {
		template: 'http-csv.json',
		id: 'benchHttpCsv0001',
		path: 'bench/http-csv',
		label: 'HTTP Request + Code + Convert to File → CSV',
		csv: true,
	},
};
const ORDER: Variant[] = ['nodeRows', 'httpRows', 'nodeCsv', 'httpCsv'];
type ManyKind = 'expressions' | 'fixed';
/** (d) workflows: per-item expressions (each call differs) or fixed parameters; Parallel Calls 1 or N. */
const MANY: Record<
	ManyKind,
	{
		template: string;
		sequential: { id: string; path: string };
		parallel: { id: string; path: string };
	}
> = {
	expressions: {
		template: 'many-items.json',
		sequential: { id: 'benchManySeq0001', path: 'bench/many-sequential' },
		parallel: { id: 'benchManyPar0001', path: 'bench/many-parallel' },
	},
	fixed: {
		template: 'many-items-fixed.json',
		sequential: { id: 'benchManySeqFix1', path: 'bench/many-fixed-sequential' },
		parallel: { id: 'benchManyParFix1', path: 'bench/many-fixed-parallel' },
	},
};
const MANY_NODE = 'OneStream: GL_Export per item';

export const METHOD: Record<string, string> = {
	trigger:
		'production webhook (GET, respond when the last node finishes, no body) of an activated workflow in `n8n start`, regular mode, SQLite, executions saved (n8n defaults)',
	wallMs:
		"n8n's own execution timing: stoppedAt - startedAt of the saved execution (whole run, all nodes; saving excluded)",
	nodeMs:
		"sum of the nodes' executionTime in the run data (first run of each pipeline: the run data of a 200,000-item execution takes n8n 10-30 s to serve)",
	clientMs:
		'from sending the webhook request to its answer: the execution plus saving it (n8n answers after the save)',
	peakRssBytes:
		'VmHWM (/proc/<pid>/status) of the n8n main process + VmHWM of its task-runner child, reset to the current RSS (clear_refs 5) once startup has settled and read right after the run; one fresh n8n process per measurement',
	growthBytes:
		'peak minus the RSS of main + runner just before the run (what the run added above idle n8n)',
	executionPeakRssBytes:
		"RSS of main + runner sampled every 100 ms, highest value until n8n's stoppedAt (the nodes' share of the peak; saving the execution comes after)",
	binaryData: 'N8N_DEFAULT_BINARY_DATA_MODE=filesystem on every version',
	manyItems:
		'OneStream node executionTime (run data), Parallel Calls 1 vs N, one n8n process, stand-in latency on every call; headline with substitution values from per-item expressions, also with fixed values',
	aggregate: 'median of the runs; variants interleaved run by run',
};

// ------------------------------------------------------------------------------- templates

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Fills a workflow template from bench/workflows: a string equal to a token becomes the value
 * (any JSON type); a token inside a longer string is replaced by the value's text.
 */
export function fillTemplate(template: Json, values: Record<string, Json>): Json {
	const tokens = Object.keys(values);
	const walk = (v: Json): Json => {
		if (typeof v === 'string') {
			if (Object.prototype.hasOwnProperty.call(values, v)) return values[v];
			let s = v;
			for (const t of tokens)
				if (s.includes(t))
					s = s
						.split(t)
						.join(
							typeof values[t] === 'string' ? (values[t] as string) : JSON.stringify(values[t]),
						);
			return s;
		}
		if (Array.isArray(v)) return v.map(walk);
		if (v && typeof v === 'object') {
			const out: Record<string, Json> = {};
			for (const [k, x] of Object.entries(v)) out[k] = walk(x);
			return out;
		}
		return v;
	};
	const filled = walk(template);
	const left = /__[A-Z_]+__/.exec(JSON.stringify(filled));
	if (left) throw new Error(`workflow template still holds the token ${left[0]} after filling`);
	return filled;
}

function templatesDir(): string {
	return path.join(repoRoot(), 'bench', 'workflows');
}

function loadWorkflow(file: string, values: Record<string, Json>): Record<string, unknown> {
	const full = path.join(templatesDir(), file);
	if (!fs.existsSync(full)) throw new Error(`benchmark workflow template ${full} is missing`);
	return fillTemplate(JSON.parse(fs.readFileSync(full, 'utf8')) as Json, values) as Record<
		string,
		unknown
	>;
}

/** A stable UUID-looking webhook id per workflow id (n8n wants one on production webhooks). */
function webhookId(workflowId: string): string {
	const hex = createHash('sha256').update(workflowId).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// --------------------------------------------------------------------------- process memory

const PAGE_KB = 1024;

function readProcFile(pid: number, file: string): string | undefined {
	try {
		return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
	} catch {
		return undefined;
	}
}

function vmHwmBytes(pid: number): number | undefined {
	const status = readProcFile(pid, 'status');
	const m = status ? /^VmHWM:\s+(\d+)\s+kB/m.exec(status) : null;
	return m ? Number(m[1]) * PAGE_KB : undefined;
}

function vmRssBytes(pid: number): number | undefined {
	const status = readProcFile(pid, 'status');
	const m = status ? /^VmRSS:\s+(\d+)\s+kB/m.exec(status) : null;
	return m ? Number(m[1]) * PAGE_KB : undefined;
}

function parentOf(pid: number): number | undefined {
	const stat = readProcFile(pid, 'stat');
	if (!stat) return undefined;
	// pid (comm) state ppid …; comm may hold spaces and parentheses.
	const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(rest[1]);
}

function descendantsOf(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const pid = Number(entry);
		const ppid = parentOf(pid);
		if (ppid === undefined) continue;
		const list = children.get(ppid) ?? [];
		list.push(pid);
		children.set(ppid, list);
	}
	const out: number[] = [];
	const queue = [...(children.get(root) ?? [])];
	while (queue.length) {
		const pid = queue.shift() as number;
		out.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return out;
}

function commandOf(pid: number): string {
	return (readProcFile(pid, 'cmdline') ?? '').split('\0').filter(Boolean).join(' ');
}

/**
 * Peak RSS of an n8n main process and its descendants. VmHWM is the kernel's own high-water mark,
 * so one read at the end is exact for live processes; the poll only keeps the last value of a
 * process that exits before the end (a task runner that is restarted, say).
 */
class PeakWatcher {
	private readonly peaks = new Map<number, ProcessPeak>();
	private pids = new Set<number>();
	private lastScan = 0;
	private timer?: NodeJS.Timeout;
	/** [time (ms since epoch), RSS of main + runners] every poll. */
	readonly samples: Array<[number, number]> = [];

	constructor(private readonly mainPid: number) {}

	private roleOf(pid: number, command = commandOf(pid)): ProcessPeak['role'] {
		return pid === this.mainPid ? 'main' : /task-runner|runner/i.test(command) ? 'runner' : 'other';
	}

	/** The process tree is rescanned every 2 s (it reads all of /proc); known pids every poll. */
	private scan(force = false): void {
		if (!force && Date.now() - this.lastScan < 2000) return;
		this.lastScan = Date.now();
		this.pids = new Set([this.mainPid, ...descendantsOf(this.mainPid)]);
	}

	poll(force = false): void {
		this.scan(force);
		let rss = 0;
		for (const pid of this.pids) {
			const status = readProcFile(pid, 'status');
			if (!status) continue;
			const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
			const now = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
			if (!hwm) continue;
			const hwmBytes = Number(hwm[1]) * PAGE_KB;
			let known = this.peaks.get(pid);
			if (!known) {
				const command = commandOf(pid);
				known = {
					pid,
					role: this.roleOf(pid, command),
					command: command.slice(0, 200),
					peakRssBytes: hwmBytes,
				};
				this.peaks.set(pid, known);
			}
			known.peakRssBytes = Math.max(known.peakRssBytes, hwmBytes);
			if (known.role !== 'other' && now) rss += Number(now[1]) * PAGE_KB;
		}
		this.samples.push([Date.now(), rss]);
	}

	/**
	 * Resets the high-water mark of every process in the tree to its current RSS (writing 5 to
	 * /proc/<pid>/clear_refs, Linux ≥ 4.0), so the peak is the run's and not n8n's startup peak,
	 * then starts polling. Returns what the processes held before: their startup peak and RSS.
	 */
	start(intervalMs = 100): { reset: boolean; startupPeakBytes: number; idleRssBytes: number } {
		let reset = true;
		let startupPeakBytes = 0;
		let idleRssBytes = 0;
		this.scan(true);
		for (const pid of this.pids) {
			if (this.roleOf(pid) !== 'other') {
				startupPeakBytes += vmHwmBytes(pid) ?? 0;
				idleRssBytes += vmRssBytes(pid) ?? 0;
			}
			try {
				fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
			} catch {
				reset = false;
			}
		}
		this.poll(true);
		this.timer = setInterval(() => this.poll(), intervalMs);
		return { reset, startupPeakBytes, idleRssBytes };
	}

	finish(): ProcessPeak[] {
		if (this.timer) clearInterval(this.timer);
		this.poll(true);
		if (!this.peaks.has(this.mainPid))
			throw new Error(
				`could not read /proc/${this.mainPid}/status (VmHWM) of the n8n main process`,
			);
		return [...this.peaks.values()];
	}

	/** Highest sampled RSS of main + runners up to a moment (e.g. the end of the execution). */
	sampledPeakUntil(timeMs: number): number {
		let max = 0;
		for (const [t, rss] of this.samples) if (t <= timeMs && rss > max) max = rss;
		return max;
	}
}

// ---------------------------------------------------------------------------- run data helpers

/**
 * n8n stores run data in the `flatted` format: an array whose first element is the root; every
 * string value is an index (as text) of another element. This walks only the paths it needs,
 * so a 200,000-item run is not rebuilt as objects.
 */
class Flatted {
	private readonly arr: unknown[];
	constructor(text: string) {
		this.arr = JSON.parse(text) as unknown[];
	}
	get root(): unknown {
		return this.arr[0];
	}
	deref(v: unknown): unknown {
		return typeof v === 'string' && /^\d+$/.test(v) ? this.arr[Number(v)] : v;
	}
	get(obj: unknown, key: string | number): unknown {
		if (obj === null || typeof obj !== 'object') return undefined;
		return this.deref((obj as Record<string | number, unknown>)[key]);
	}
	path(obj: unknown, ...keys: Array<string | number>): unknown {
		let cur = obj;
		for (const k of keys) cur = this.get(cur, k);
		return cur;
	}
	keys(obj: unknown): string[] {
		return obj && typeof obj === 'object' ? Object.keys(obj) : [];
	}
}

interface RunSummary {
	nodeTimes: Record<string, number>;
	/** Per node: number of items in its first output. */
	itemCounts: Record<string, number>;
	/** Per node: binary refs of the first item's first output. */
	firstBinary: Record<string, Record<string, unknown> | undefined>;
	lastNode?: string;
	error?: string;
}

function summariseRunData(flattedText: string): RunSummary {
	const f = new Flatted(flattedText);
	const resultData = f.get(f.root, 'resultData');
	const runData = f.get(resultData, 'runData');
	const out: RunSummary = { nodeTimes: {}, itemCounts: {}, firstBinary: {} };
	const last = f.get(resultData, 'lastNodeExecuted');
	if (typeof last === 'string') out.lastNode = last;
	const error = f.get(resultData, 'error');
	if (error) out.error = String(f.get(error, 'message') ?? 'error');
	for (const node of f.keys(runData)) {
		const tasks = f.get(runData, node);
		const task = f.get(tasks, 0);
		const time = f.get(task, 'executionTime');
		if (typeof time === 'number') out.nodeTimes[node] = time;
		const items = f.path(task, 'data', 'main', 0);
		if (Array.isArray(items)) {
			out.itemCounts[node] = items.length;
			const binary = f.path(items, 0, 'binary');
			const data = f.get(binary, 'data');
			if (data && typeof data === 'object') {
				const ref: Record<string, unknown> = {};
				for (const k of f.keys(data)) ref[k] = f.get(data, k);
				out.firstBinary[node] = ref;
			}
		}
	}
	return out;
}

/** Counts RFC 4180 records in a file without loading it (newlines inside quotes do not count). */
function countCsvRecords(file: string): Promise<number> {
	return new Promise((resolve, reject) => {
		let quoted = false;
		let records = 0;
		let last = -1;
		const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
		stream.on('data', (data: string | Buffer) => {
			const chunk = typeof data === 'string' ? Buffer.from(data) : data;
			for (let i = 0; i < chunk.length; i++) {
				const c = chunk[i];
				if (c === 0x22) quoted = !quoted;
				else if (c === 0x0a && !quoted) records++;
			}
			if (chunk.length) last = chunk[chunk.length - 1];
		});
		stream.on('error', reject);
		stream.on('end', () => resolve(records + (last !== -1 && last !== 0x0a ? 1 : 0)));
	});
}

/** The binary-data roots of n8n's filesystem mode (1.x: .n8n/binaryData, 2.x: .n8n/storage). */
function binaryRoots(n8n: N8n): string[] {
	return ['binaryData', 'storage'].map((d) => path.join(n8n.userFolder, '.n8n', d));
}

/** The one binary file an execution wrote (workflows/<wf>/executions/<id>/…), found without its run data. */
function executionFile(n8n: N8n, workflowId: string, executionId: string): string {
	const files: string[] = [];
	const walk = (dir: string) => {
		if (!fs.existsSync(dir)) return;
		for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
			const p = path.join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.isFile() && !e.name.endsWith('.metadata')) files.push(p);
		}
	};
	for (const root of binaryRoots(n8n))
		walk(path.join(root, 'workflows', workflowId, 'executions', executionId));
	if (files.length !== 1)
		throw new Error(
			`expected one binary file for execution ${executionId} of ${workflowId}, found ${files.length}: ${files.join(', ')}`,
		);
	return files[0];
}

/** Where n8n's filesystem binary-data mode put a file (1.x: .n8n/binaryData, 2.x: .n8n/storage). */
function binaryFile(n8n: N8n, ref: Record<string, unknown> | undefined): string {
	const id = ref?.id;
	if (typeof id !== 'string') {
		throw new Error(
			`the output file is not in filesystem binary-data mode (binary ref: ${JSON.stringify(ref).slice(0, 200)})`,
		);
	}
	const m = /^[a-z0-9-]+:(.*)$/.exec(id);
	if (!m) throw new Error(`unknown binary data id ${id}`);
	const candidates = binaryRoots(n8n).map((root) => path.join(root, m[1]));
	const file = candidates.find((c) => fs.existsSync(c));
	if (!file) throw new Error(`binary data ${id} is in none of ${candidates.join(', ')}`);
	return file;
}

// --------------------------------------------------------------------------------- n8n driving

interface Ctx {
	tc: Toolchain;
	install: N8nInstall;
	n8n: N8n;
	standin: StandIn;
	log: (line: string) => void;
}

function fmtMs(ms: number): string {
	return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function fmtMb(bytes: number): string {
	return `${Math.round(bytes / 1e6)} MB`;
}

function n8nLogTail(n8n: N8n, lines = 40): string {
	const out = n8n.main?.output() ?? '';
	return out
		? `\n--- n8n ${n8n.version} log tail (${n8n.main?.logFile}) ---\n${tail(out, lines)}`
		: '';
}

async function packTarball(dir: string): Promise<string> {
	const root = repoRoot();
	if (!fs.existsSync(path.join(root, 'dist', 'nodes', 'OneStream', 'OneStream.node.js'))) {
		throw new Error('dist/ has no built node; run "npm run build" first (npm run bench does).');
	}
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const r = await runOk('npm', ['pack', '--json', '--pack-destination', dir], {
		cwd: root,
		env: cleanEnv(),
		logDir: dir,
		name: 'npm-pack',
	});
	const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as Array<{ filename: string }>;
	return path.join(dir, info[0].filename);
}

/** Starts a fresh `n8n start`, logs in, and gives the process a moment to finish starting up. */
async function startFresh(ctx: Ctx): Promise<number> {
	const { n8n } = ctx;
	await n8n.start();
	await n8n.setupOwnerAndLogin(OWNER);
	const pid = n8n.main?.child.pid;
	if (pid === undefined) throw new Error(`n8n ${n8n.version} started without a pid`);
	// Let startup work (runner launch, license, pruning timers) settle before measuring.
	await sleep(2000);
	return pid;
}

/** GET on a production webhook; 404 while n8n is still registering it is retried. */
async function callWebhook(
	ctx: Ctx,
	webhookPath: string,
	timeoutMs: number,
): Promise<{ ms: number }> {
	const { n8n } = ctx;
	const url = `${n8n.baseUrl}/webhook/${webhookPath}`;
	const deadline = Date.now() + 60000;
	for (;;) {
		const started = performance.now();
		const res = await request(url, {
			method: 'GET',
			headersTimeout: timeoutMs,
			bodyTimeout: timeoutMs,
		});
		const text = await res.body.text();
		const ms = performance.now() - started;
		if (res.statusCode === 200) return { ms };
		if (res.statusCode === 404 && Date.now() < deadline && /not registered|webhook/i.test(text)) {
			await sleep(500);
			continue;
		}
		throw new Error(
			`GET ${url} answered ${res.statusCode}: ${text.slice(0, 500)}${n8nLogTail(n8n)}`,
		);
	}
}

interface SavedExecution {
	id: string;
	wallMs: number;
	/** n8n's stoppedAt, ms since the epoch (same clock as this process). */
	stoppedAtMs: number;
	/** Only when inspected (the run data of a 200,000-item run takes n8n 10-30 s to serve). */
	summary?: RunSummary;
}

async function fetchRunSummary(ctx: Ctx, id: string): Promise<RunSummary> {
	const res = await ctx.n8n.http('GET', `/rest/executions/${id}`);
	if (res.status !== 200)
		throw new Error(`GET /rest/executions/${id} answered ${res.status}: ${res.text.slice(0, 300)}`);
	const body = res.json as { data?: { data?: unknown } };
	const data = body.data?.data;
	return summariseRunData(typeof data === 'string' ? data : JSON.stringify(data));
}

/**
 * The newest execution of a workflow not in `notIn`, once saved and finished; its run data is
 * summarised when `inspect` (and always when it failed, for the message).
 */
async function latestExecution(
	ctx: Ctx,
	workflowId: string,
	notIn: Set<string>,
	inspect = true,
): Promise<SavedExecution> {
	const { n8n } = ctx;
	const deadline = Date.now() + 120000;
	for (;;) {
		const list = (await n8n.listExecutions(workflowId)) as Array<{
			id: string;
			status: string;
			startedAt?: string;
			stoppedAt?: string;
		}>;
		const exec = list.find((e) => !notIn.has(String(e.id)));
		if (exec && exec.status !== 'running' && exec.status !== 'new' && exec.stoppedAt) {
			const failed = exec.status !== 'success';
			const summary = inspect || failed ? await fetchRunSummary(ctx, String(exec.id)) : undefined;
			if (failed || summary?.error) {
				throw new Error(
					`execution ${exec.id} of ${workflowId} ended "${exec.status}": ${summary?.error ?? 'no error message'}${n8nLogTail(n8n)}`,
				);
			}
			const startedAt = Date.parse(exec.startedAt ?? '');
			const stoppedAt = Date.parse(exec.stoppedAt);
			if (!Number.isFinite(startedAt) || !Number.isFinite(stoppedAt))
				throw new Error(`execution ${exec.id} has no startedAt/stoppedAt`);
			return {
				id: String(exec.id),
				wallMs: stoppedAt - startedAt,
				stoppedAtMs: stoppedAt,
				summary,
			};
		}
		if (Date.now() > deadline) {
			throw new Error(
				`no finished execution of ${workflowId} appeared within 120 s (newest: ${JSON.stringify(exec ?? null)})${n8nLogTail(n8n)}`,
			);
		}
		await sleep(300);
	}
}

async function deleteExecutions(ctx: Ctx, ids: string[]): Promise<void> {
	const res = await ctx.n8n.http('POST', '/rest/executions/delete', { ids });
	if (res.status >= 300)
		ctx.log(
			`(could not delete executions ${ids.join(', ')}: ${res.status} ${res.text.slice(0, 200)})`,
		);
}

async function existingExecutionIds(ctx: Ctx, workflowId: string): Promise<Set<string>> {
	return new Set((await ctx.n8n.listExecutions(workflowId)).map((e) => String(e.id)));
}

/** One (c) measurement: a fresh n8n process, one webhook-triggered execution, peaks, stop. */
async function measureOnce(
	ctx: Ctx,
	variant: Variant,
	exportRows: number,
	inspect: boolean,
): Promise<PipelineRun> {
	const spec = VARIANTS[variant];
	const { n8n } = ctx;
	const startT = Date.now();
	const pid = await startFresh(ctx);
	const startMs = Date.now() - startT;
	try {
		const before = await existingExecutionIds(ctx, spec.id);
		const watcher = new PeakWatcher(pid);
		const idle = watcher.start();
		if (!idle.reset)
			ctx.log(
				"WARNING: could not reset VmHWM through /proc/<pid>/clear_refs: the peaks below include n8n's startup peak",
			);
		let client: { ms: number };
		let processes: ProcessPeak[];
		try {
			client = await callWebhook(ctx, spec.path, 20 * 60000);
		} finally {
			processes = watcher.finish();
		}
		if (!n8n.main?.isRunning())
			throw new Error(`n8n ${n8n.version} exited during the run${n8nLogTail(n8n)}`);
		const collectT = Date.now();
		const exec = await latestExecution(ctx, spec.id, before, inspect);
		const summary = exec.summary;
		const last = summary?.lastNode ?? '';
		const nodeMs = summary
			? Object.values(summary.nodeTimes).reduce((a, b) => a + b, 0)
			: undefined;
		let rows: number | undefined;
		let outputBytes: number | undefined;
		if (spec.csv) {
			const file = summary
				? binaryFile(n8n, summary.firstBinary[last])
				: executionFile(n8n, spec.id, exec.id);
			outputBytes = fs.statSync(file).size;
			rows = (await countCsvRecords(file)) - 1;
		} else if (summary) {
			rows = summary.itemCounts[last] ?? 0;
		}
		if (rows !== undefined && rows !== exportRows) {
			throw new Error(
				`${spec.label} on n8n ${n8n.version} delivered ${rows} rows${last ? ` from "${last}"` : ''}, not ${exportRows} (execution ${exec.id})`,
			);
		}
		await deleteExecutions(ctx, [exec.id]);
		const collectMs = Date.now() - collectT;
		const main = processes.filter((p) => p.role === 'main').reduce((a, p) => a + p.peakRssBytes, 0);
		const runner = processes
			.filter((p) => p.role === 'runner')
			.reduce((a, p) => Math.max(a, p.peakRssBytes), 0);
		return {
			wallMs: exec.wallMs,
			nodeMs,
			nodeTimes: summary?.nodeTimes,
			clientMs: client.ms,
			peakRssBytes: main + runner,
			mainPeakRssBytes: main,
			runnerPeakRssBytes: runner,
			processes,
			idleRssBytes: idle.idleRssBytes,
			executionPeakRssBytes: watcher.sampledPeakUntil(exec.stoppedAtMs),
			startupPeakRssBytes: idle.startupPeakBytes,
			peakIsRunOnly: idle.reset,
			rows,
			outputBytes,
			executionId: exec.id,
			harnessMs: { start: startMs, collect: collectMs },
		};
	} finally {
		await n8n.stop();
	}
}

function aggregate(runs: PipelineRun[]): PipelineMeasurement {
	const m = (f: (r: PipelineRun) => number | undefined) => {
		const values = runs.map(f).filter((v): v is number => typeof v === 'number');
		return values.length ? median(values) : Number.NaN;
	};
	const rows = runs.find((r) => r.rows !== undefined)?.rows;
	if (rows === undefined)
		throw new Error('no run of this pipeline was inspected for its row count');
	const out: PipelineMeasurement = {
		wallMs: m((r) => r.wallMs),
		peakRssBytes: m((r) => r.peakRssBytes),
		rows,
		nodeMs: m((r) => r.nodeMs),
		clientMs: m((r) => r.clientMs),
		mainPeakRssBytes: m((r) => r.mainPeakRssBytes),
		runnerPeakRssBytes: m((r) => r.runnerPeakRssBytes),
		idleRssBytes: m((r) => r.idleRssBytes),
		growthBytes: m((r) => r.peakRssBytes - r.idleRssBytes),
		executionPeakRssBytes: m((r) => r.executionPeakRssBytes),
		runs,
	};
	if (runs[0].outputBytes !== undefined) out.outputBytes = m((r) => r.outputBytes);
	return out;
}

async function setStandInLatency(standin: StandIn, latencyMs: number | null): Promise<void> {
	await standin.control('POST', 'options', { latencyMs });
}

type ManyRun = {
	kind: ManyKind;
	concurrency: number;
	nodeMs: number;
	wallMs: number;
	maxConcurrentRequests: number;
};

/** (d): sequential versus parallel, with per-item expressions and with fixed parameters, in one n8n process. */
async function benchManyItems(
	ctx: Ctx,
	options: { items: number; latencyMs: number; concurrency: number; repeats: number },
): Promise<RealN8nVersionResult['manyItems']> {
	const { n8n, standin, log } = ctx;
	await startFresh(ctx);
	const runs: ManyRun[] = [];
	try {
		await setStandInLatency(standin, options.latencyMs);
		for (let r = 1; r <= options.repeats; r++) {
			for (const kind of ['expressions', 'fixed'] as const) {
				for (const [which, concurrency] of [
					['sequential', 1],
					['parallel', options.concurrency],
				] as const) {
					const spec = MANY[kind][which];
					const before = await existingExecutionIds(ctx, spec.id);
					await standin.reset();
					await callWebhook(ctx, spec.path, 20 * 60000);
					const exec = await latestExecution(ctx, spec.id, before);
					const stats = await standin.control<{
						maxConcurrentRequests: number;
						requestCount: number;
					}>('GET', 'stats');
					if (!exec.summary) throw new Error(`execution ${exec.id} was not inspected`);
					const nodeMs = exec.summary.nodeTimes[MANY_NODE];
					const items = exec.summary.itemCounts[MANY_NODE];
					if (typeof nodeMs !== 'number')
						throw new Error(`execution ${exec.id} has no executionTime for "${MANY_NODE}"`);
					if (items !== options.items)
						throw new Error(
							`"${MANY_NODE}" returned ${items} items for ${options.items} inputs (execution ${exec.id})`,
						);
					if (stats.requestCount !== options.items) {
						throw new Error(
							`the stand-in received ${stats.requestCount} requests for ${options.items} items (execution ${exec.id})`,
						);
					}
					await deleteExecutions(ctx, [exec.id]);
					runs.push({
						kind,
						concurrency,
						nodeMs,
						wallMs: exec.wallMs,
						maxConcurrentRequests: stats.maxConcurrentRequests,
					});
					log(
						`(d) n8n ${n8n.version} run ${r}/${options.repeats}, ${kind === 'expressions' ? 'per-item expressions' : 'fixed parameters'}, ` +
							`Parallel Calls ${concurrency}: node ${fmtMs(nodeMs)}, execution ${fmtMs(exec.wallMs)}, at most ${stats.maxConcurrentRequests} calls in flight`,
					);
				}
			}
		}
	} finally {
		await setStandInLatency(standin, null).catch(() => undefined);
		await n8n.stop();
	}
	const pick = (kind: ManyKind, parallel: boolean) =>
		runs.filter((r) => r.kind === kind && (r.concurrency !== 1) === parallel);
	const seq = pick('expressions', false);
	const par = pick('expressions', true);
	const sequentialMs = median(seq.map((r) => r.nodeMs));
	const parallelMs = median(par.map((r) => r.nodeMs));
	const fixedSequentialMs = median(pick('fixed', false).map((r) => r.nodeMs));
	const fixedParallelMs = median(pick('fixed', true).map((r) => r.nodeMs));
	return {
		items: options.items,
		latencyMs: options.latencyMs,
		concurrency: options.concurrency,
		sequentialMs,
		parallelMs,
		speedup: sequentialMs / parallelMs,
		sequentialRunMs: median(seq.map((r) => r.wallMs)),
		parallelRunMs: median(par.map((r) => r.wallMs)),
		maxConcurrentRequests: Math.max(...par.map((r) => r.maxConcurrentRequests)),
		withoutExpressions: {
			sequentialMs: fixedSequentialMs,
			parallelMs: fixedParallelMs,
			speedup: fixedSequentialMs / fixedParallelMs,
		},
		runs,
	};
}

/** Installs the package, credentials and workflows into a fresh user folder and activates them. */
async function prepareInstance(
	ctx: Ctx,
	tarball: string,
	options: { exportRows: number; manyItems: number; concurrency: number },
): Promise<void> {
	const { n8n, standin } = ctx;
	await n8n.installPackage(tarball);
	await n8n.importCredentials([
		{
			...ONESTREAM_CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: {
				baseUrl: standin.info.url,
				webServerUrl: standin.info.webServerUrl,
				apiPath: standin.apiPath,
				ignoreSSLIssues: false,
				personalAccessToken: standin.info.tokens.valid,
			},
		},
		{ ...BEARER_CREDENTIAL, type: 'httpBearerAuth', data: { token: standin.info.tokens.valid } },
	]);
	const common: Record<string, Json> = {
		__ONESTREAM_CREDENTIAL_ID__: ONESTREAM_CREDENTIAL.id,
		__ONESTREAM_CREDENTIAL_NAME__: ONESTREAM_CREDENTIAL.name,
		__BEARER_CREDENTIAL_ID__: BEARER_CREDENTIAL.id,
		__BEARER_CREDENTIAL_NAME__: BEARER_CREDENTIAL.name,
		__APPLICATION__: APPLICATION,
		__ROWS__: String(options.exportRows),
		__ADAPTER_URL__: `${standin.info.apiRoot}/api/DataProvider/GetAdoDataSetForAdapter?api-version=5.2.0`,
		// The body the node sends for this adapter (getDataAdapter, API 5.2.0).
		__ADAPTER_BODY_JSON__: JSON.stringify(
			{
				BaseWebServerUrl: standin.info.webServerUrl,
				ApplicationName: APPLICATION,
				WorkspaceName: 'Default',
				AdapterName: 'Big_Export',
				ResultDataTableName: 'Results',
				CustomSubstVarsAsCommaSeparatedPairs: `pRows=[${options.exportRows}]`,
			},
			null,
			2,
		),
		__ITEMS__: String(options.manyItems),
	};
	const workflows: Array<Record<string, unknown>> = [];
	for (const spec of Object.values(VARIANTS)) {
		workflows.push(
			loadWorkflow(spec.template, {
				...common,
				__WORKFLOW_ID__: spec.id,
				__WEBHOOK_ID__: webhookId(spec.id),
				__WEBHOOK_PATH__: spec.path,
			}),
		);
	}
	for (const kind of ['expressions', 'fixed'] as const) {
		for (const [which, concurrency] of [
			['sequential', 1],
			['parallel', options.concurrency],
		] as const) {
			const spec = MANY[kind][which];
			const wf = loadWorkflow(MANY[kind].template, {
				...common,
				__WORKFLOW_ID__: spec.id,
				__WEBHOOK_ID__: webhookId(spec.id),
				__WEBHOOK_PATH__: spec.path,
				__CONCURRENCY__: concurrency,
			});
			wf.name = `${String(wf.name)}, Parallel Calls ${concurrency}`;
			workflows.push(wf);
		}
	}
	await n8n.importWorkflows(workflows);
	for (const wf of workflows) await n8n.activate(String(wf.id));
}

// ------------------------------------------------------------------------------------ entry

export async function benchRealN8n(options: RealN8nOptions): Promise<RealN8nVersionResult[]> {
	const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
	const repeats = Math.max(1, options.repeats ?? 3);
	if (process.platform !== 'linux')
		throw new Error('the real-n8n benchmarks read /proc/<pid>/status and need Linux');
	installExitHooks();
	const workDir = options.workDir ?? path.join(repoRoot(), '.e2e', 'bench-real-n8n');
	fs.mkdirSync(workDir, { recursive: true });
	const started = Date.now();

	log(
		`real n8n: versions ${options.versions.join(', ')}; (c) ${options.exportRows.toLocaleString('en')} rows, ${repeats} run(s) per measurement; ` +
			`(d) ${options.manyItems} items × ${options.latencyMs} ms, Parallel Calls 1 vs ${options.concurrency}, ${Math.max(1, options.manyItemsRepeats ?? 2)} run(s); state in ${workDir}`,
	);
	const tc = await ensureNode24();
	const installs: N8nInstall[] = [];
	for (const v of options.versions) installs.push(await ensureN8n(v, tc));
	const tarball = await packTarball(path.join(workDir, 'pack'));
	const standin = await StandIn.start(path.join(workDir, 'standin'));
	log(
		`package ${path.basename(tarball)}; OneStream stand-in on ${standin.info.url} (its own process)`,
	);

	const results: RealN8nVersionResult[] = [];
	try {
		for (const install of installs) {
			const vStarted = Date.now();
			const n8n = new N8n(install, tc, {
				root: path.join(workDir, `n8n-${install.version}`),
				port: await freePort(),
				logLevel: 'info',
				extraEnv: { ...options.extraEnv, N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
			});
			const ctx: Ctx = { tc, install, n8n, standin, log };
			try {
				log(
					`── n8n ${install.version}: installing the package, importing credentials and ${ORDER.length + 4} workflows, activating them`,
				);
				await prepareInstance(ctx, tarball, options);

				const runs: Record<Variant, PipelineRun[]> = {
					nodeRows: [],
					httpRows: [],
					nodeCsv: [],
					httpCsv: [],
				};
				for (let r = 1; r <= repeats; r++) {
					for (const variant of ORDER) {
						// The run data of a 200,000-item execution takes n8n 10-30 s to serve: inspect the first run only.
						const run = await measureOnce(ctx, variant, options.exportRows, r === 1);
						runs[variant].push(run);
						const procs = run.processes
							.map((p) => `${p.role} ${fmtMb(p.peakRssBytes)}`)
							.join(' + ');
						log(
							`(c) n8n ${install.version} run ${r}/${repeats}, ${VARIANTS[variant].label}: execution ${fmtMs(run.wallMs)}` +
								`${run.nodeMs !== undefined ? ` (nodes ${fmtMs(run.nodeMs)})` : ''}, ` +
								`peak ${fmtMb(run.peakRssBytes)} (${procs}; idle before the run ${fmtMb(run.idleRssBytes)}, sampled peak until the execution stopped ${fmtMb(run.executionPeakRssBytes)})${run.outputBytes !== undefined ? `, file ${fmtMb(run.outputBytes)}` : ''}` +
								` [n8n start ${fmtMs(run.harnessMs?.start ?? 0)}, collect ${fmtMs(run.harnessMs?.collect ?? 0)}]`,
						);
					}
				}
				const node = { rows: aggregate(runs.nodeRows), csv: aggregate(runs.nodeCsv) };
				const httpPipeline = { rows: aggregate(runs.httpRows), csv: aggregate(runs.httpCsv) };

				log(
					`(d) n8n ${install.version}: ${options.manyItems} items, ${options.latencyMs} ms latency per call, Parallel Calls 1 vs ${options.concurrency}`,
				);
				const manyItems = await benchManyItems(ctx, {
					items: options.manyItems,
					latencyMs: options.latencyMs,
					concurrency: options.concurrency,
					repeats: Math.max(1, options.manyItemsRepeats ?? 2),
				});

				const result: RealN8nVersionResult = {
					n8nVersion: install.version,
					exportRows: options.exportRows,
					node,
					httpPipeline,
					timeRatio: {
						rows: node.rows.wallMs / httpPipeline.rows.wallMs,
						csv: node.csv.wallMs / httpPipeline.csv.wallMs,
					},
					memoryRatio: {
						rows: node.rows.peakRssBytes / httpPipeline.rows.peakRssBytes,
						csv: node.csv.peakRssBytes / httpPipeline.csv.peakRssBytes,
					},
					memoryGrowthRatio: {
						rows:
							(node.rows.growthBytes ?? Number.NaN) / (httpPipeline.rows.growthBytes ?? Number.NaN),
						csv:
							(node.csv.growthBytes ?? Number.NaN) / (httpPipeline.csv.growthBytes ?? Number.NaN),
					},
					manyItems,
					method: METHOD,
				};
				results.push(result);
				for (const output of ['rows', 'csv'] as const) {
					log(
						`(c) n8n ${install.version} ${output}: node ${fmtMs(node[output].wallMs)} / ${fmtMb(node[output].peakRssBytes)} vs ` +
							`HTTP pipeline ${fmtMs(httpPipeline[output].wallMs)} / ${fmtMb(httpPipeline[output].peakRssBytes)} → ` +
							`time ${result.timeRatio[output].toFixed(2)}×, memory ${result.memoryRatio[output].toFixed(2)}× ` +
							`(above idle: ${fmtMb(node[output].growthBytes ?? 0)} vs ${fmtMb(httpPipeline[output].growthBytes ?? 0)}, ${(result.memoryGrowthRatio?.[output] ?? Number.NaN).toFixed(2)}×)`,
					);
				}
				log(
					`(d) n8n ${install.version}: sequential ${fmtMs(manyItems.sequentialMs)}, Parallel Calls ${manyItems.concurrency} ${fmtMs(manyItems.parallelMs)} → ${manyItems.speedup.toFixed(1)}× faster` +
						(manyItems.withoutExpressions
							? ` (fixed parameters: ${fmtMs(manyItems.withoutExpressions.sequentialMs)} vs ${fmtMs(manyItems.withoutExpressions.parallelMs)} → ${manyItems.withoutExpressions.speedup.toFixed(1)}×)`
							: ''),
				);
				log(`── n8n ${install.version} done in ${fmtMs(Date.now() - vStarted)}`);
			} catch (e) {
				throw new Error(
					`real-n8n benchmark on n8n ${install.version} failed: ${e instanceof Error ? e.message : String(e)}`,
					{ cause: e },
				);
			} finally {
				await n8n.stop().catch(() => undefined);
			}
		}
	} finally {
		await standin.stop().catch(() => undefined);
	}
	log(`real n8n: done in ${fmtMs(Date.now() - started)}`);
	return results;
}

// A direct run: node .build/bench/realN8n.cjs [rows] [items] [repeats] [versions] (npm run bench runs it through bench/run.cts)
if (require.main === module) {
	const [rows, items, repeats, versions] = process.argv.slice(2);
	benchRealN8n({
		versions: versions ? versions.split(',') : ['1.123.81', '2.41.1'],
		exportRows: Number(rows ?? 200000),
		manyItems: Number(items ?? 1000),
		latencyMs: 20,
		concurrency: 8,
		repeats: Number(repeats ?? 3),
	}).then(
		(r) => {
			const file = path.join(
				repoRoot(),
				'.e2e',
				'bench-real-n8n',
				`results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
			);
			fs.writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
			process.stdout.write(
				`${JSON.stringify(
					r.map((v) => ({ ...v, method: undefined })),
					(k, v: unknown) => (k === 'runs' || k === 'processes' ? undefined : v),
					2,
				)}\nfull results: ${file}\n`,
			);
			process.exit(0);
		},
		(e: unknown) => {
			process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
			process.exit(1);
		},
	);
}
