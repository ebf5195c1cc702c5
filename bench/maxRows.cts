/**
 * Max Rows against a full read of a large adapter: the node in n8n-core (real HTTP to the
 * stand-in's Big_Export), one fresh process per measurement so that its peak RSS is its own.
 *
 *   npm run build && npm run build:tools && node .build/bench/maxRows.cjs [rows] [maxRows]
 *
 * Prints, side by side: wall time to the node's output, peak RSS growth, and whether the
 * stand-in finished sending the answer, for a full read (every row as an item) and for Max Rows.
 * A benchmark: it prints numbers and ratios, and fails on none.
 */
import { execFileSync } from 'node:child_process';

import { startTestStandIn, credentialsFor, applicationByName } from '../test/support/standIn.cjs';
import { runOneStreamNode } from '../test/support/harness.cjs';

interface Measurement {
	maxRows: number | null;
	rows: number;
	items: number;
	ms: number;
	peakRssGrowthBytes: number;
	/** Whether the stand-in sent the whole answer (false: the node closed the connection first). */
	complete: boolean | undefined;
}

async function measure(rows: number, maxRows: number | null): Promise<Measurement> {
	const standIn = await startTestStandIn();
	try {
		global.gc?.();
		const rssBefore = process.memoryUsage().rss;
		let peak = rssBefore;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().rss);
		}, 20);
		const started = process.hrtime.bigint();
		const result = await runOneStreamNode({
			parameters: {
				resource: 'data',
				operation: 'getDataAdapter',
				applicationName: applicationByName(),
				adapterName: 'Big_Export',
				substitutionVariables: { variable: [{ name: 'pRows', value: String(rows) }] },
				output: 'rows',
				options: maxRows === null ? {} : { maxRows },
			},
			credentials: credentialsFor(standIn),
		});
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		clearInterval(sampler);
		peak = Math.max(peak, process.memoryUsage().rss);
		if (result.status !== 'success') throw new Error(`the read failed: ${result.status}`);
		const [request] = standIn.requests;
		// Give the stand-in's close event a moment to record whether the answer was finished.
		await new Promise((resolve) => setTimeout(resolve, 200));
		return {
			maxRows,
			rows,
			items: result.output.length,
			ms,
			peakRssGrowthBytes: peak - rssBefore,
			complete: request.complete,
		};
	} finally {
		await standIn.close();
	}
}

function child(rows: number, maxRows: number | null): Measurement {
	const output = execFileSync(
		process.execPath,
		[
			'--expose-gc',
			'--max-old-space-size=12288',
			__filename,
			'child',
			String(rows),
			String(maxRows),
		],
		{ encoding: 'utf8', maxBuffer: 1 << 20 },
	);
	const line = output.trim().split('\n').pop() ?? '';
	return JSON.parse(line) as Measurement;
}

function mb(bytes: number): string {
	return `${(bytes / 1e6).toFixed(1)} MB`;
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (args[0] === 'child') {
		const maxRows = args[2] === 'null' ? null : Number(args[2]);
		process.stdout.write(`${JSON.stringify(await measure(Number(args[1]), maxRows))}\n`);
		return;
	}
	const rows = Number(args[0] ?? 1_000_000);
	const limit = Number(args[1] ?? 1000);
	const full = child(rows, null);
	const limited = child(rows, limit);
	const lines = [
		`Max Rows ${limit} against a full read of Big_Export, ${rows.toLocaleString('en')} rows (node in n8n-core, real HTTP):`,
		`  full read:  ${full.items} items in ${full.ms.toFixed(0)} ms, peak RSS +${mb(full.peakRssGrowthBytes)}, answer finished: ${String(full.complete)}`,
		`  Max Rows:   ${limited.items} items in ${limited.ms.toFixed(0)} ms, peak RSS +${mb(limited.peakRssGrowthBytes)}, answer finished: ${String(limited.complete)}`,
		`  time ratio (full / Max Rows): ${(full.ms / limited.ms).toFixed(1)}×; memory ratio: ${(full.peakRssGrowthBytes / Math.max(1, limited.peakRssGrowthBytes)).toFixed(1)}×`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
