/** What a saved execution holds, read without loading its run data into n8n. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { N8n } from '../../test/e2e/lib/n8n.cjs';

// ---------------------------------------------------------------------------- run data helpers

/**
 * n8n stores run data in the `flatted` format: an array whose first element is the root; every
 * string value is an index (as text) of another element. This walks only the paths it needs,
 * so a 200,000-item run is not rebuilt as objects.
 */
export class Flatted {
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

export interface RunSummary {
	nodeTimes: Record<string, number>;
	/** Per node: number of items in its first output. */
	itemCounts: Record<string, number>;
	/** Per node: binary refs of the first item's first output. */
	firstBinary: Record<string, Record<string, unknown> | undefined>;
	lastNode?: string;
	error?: string;
}

export function summariseRunData(flattedText: string): RunSummary {
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
export function countCsvRecords(file: string): Promise<number> {
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
export function binaryRoots(n8n: N8n): string[] {
	return ['binaryData', 'storage'].map((d) => path.join(n8n.userFolder, '.n8n', d));
}

/** The one binary file an execution wrote (workflows/<wf>/executions/<id>/…), found without its run data. */
export function executionFile(n8n: N8n, workflowId: string, executionId: string): string {
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
export function binaryFile(n8n: N8n, ref: Record<string, unknown> | undefined): string {
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
