/** Peak memory of n8n processes, read from /proc. */
import * as fs from 'node:fs';

import { ProcessPeak } from './types.cjs';

// --------------------------------------------------------------------------- process memory

export const PAGE_KB = 1024;

export function readProcFile(pid: number, file: string): string | undefined {
	try {
		return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
	} catch {
		return undefined;
	}
}

export function vmHwmBytes(pid: number): number | undefined {
	const status = readProcFile(pid, 'status');
	const m = status ? /^VmHWM:\s+(\d+)\s+kB/m.exec(status) : null;
	return m ? Number(m[1]) * PAGE_KB : undefined;
}

export function vmRssBytes(pid: number): number | undefined {
	const status = readProcFile(pid, 'status');
	const m = status ? /^VmRSS:\s+(\d+)\s+kB/m.exec(status) : null;
	return m ? Number(m[1]) * PAGE_KB : undefined;
}

export function parentOf(pid: number): number | undefined {
	const stat = readProcFile(pid, 'stat');
	if (!stat) return undefined;
	// pid (comm) state ppid …; comm may hold spaces and parentheses.
	const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(rest[1]);
}

export function descendantsOf(root: number): number[] {
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

export function commandOf(pid: number): string {
	return (readProcFile(pid, 'cmdline') ?? '').split('\0').filter(Boolean).join(' ');
}

/**
 * Peak RSS of an n8n main process and its descendants. VmHWM is the kernel's own high-water mark,
 * so one read at the end is exact for live processes; the poll only keeps the last value of a
 * process that exits before the end (a task runner that is restarted, say).
 */
export class PeakWatcher {
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
