/** (c) One export pipeline in a fresh n8n process: time and peak memory. */
import * as fs from 'node:fs';

import { median } from '../stats.cjs';

import {
	Ctx,
	callWebhook,
	deleteExecutions,
	existingExecutionIds,
	latestExecution,
	n8nLogTail,
	startFresh,
} from './instance.cjs';
import { PeakWatcher } from './processMemory.cjs';
import { binaryFile, countCsvRecords, executionFile } from './runData.cjs';
import { PipelineMeasurement, PipelineRun, ProcessPeak } from './types.cjs';
import { VARIANTS, Variant } from './workflows.cjs';

/** One (c) measurement: a fresh n8n process, one webhook-triggered execution, peaks, stop. */
export async function measureOnce(
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

export function aggregate(runs: PipelineRun[]): PipelineMeasurement {
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
