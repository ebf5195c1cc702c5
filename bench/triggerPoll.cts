/**
 * The OneStream Trigger's memory when one poll finds very many new rows: a poll (n8n-core's
 * PollContext, real HTTP to the stand-in's Big_Export, cursor RowId) over 1,000,000 new rows,
 * side by side with the node's full read of the same rows (every row kept, as a poll would if it
 * collected the answer), and the same poll over a tenth of the rows. Each measurement runs in a
 * fresh process and the stand-in in another, so that the peak RSS is the node's own.
 *
 *   npm run bench:trigger [-- rows]
 *
 * A benchmark: it prints numbers and ratios, and fails on none.
 */
import { execFileSync } from 'node:child_process';

import type { INodeParameters } from 'n8n-workflow';

import { runOneStreamNode, runPoll } from '../test/support/harness.cjs';
import { applicationByName } from '../test/support/standIn.cjs';
import { startStandInProcess } from './standInProcess.cjs';

type Case = 'items' | 'file' | 'baseline' | 'fullRead';

interface Measurement {
	label: string;
	items: number;
	detail: string;
	ms: number;
	peakRssGrowthBytes: number;
}

const CASES: Record<Case, { label: string; trigger?: INodeParameters }> = {
	items: {
		label: 'trigger, One Item per Row, Max Rows per Poll 1,000',
		trigger: { startFrom: 'all', rowsPerPoll: 1000 },
	},
	file: {
		label: 'trigger, CSV file, Max Rows per Poll 100,000',
		trigger: { startFrom: 'all', rowsPerPoll: 100_000, output: 'file' },
	},
	baseline: { label: 'trigger, first poll of Start From Now', trigger: { startFrom: 'now' } },
	fullRead: { label: 'node, Get Data Adapter, every row as an item' },
};

async function measure(which: Case, rows: number): Promise<Measurement> {
	const server = await startStandInProcess();
	const standIn = {
		credentials: { baseUrl: server.url, personalAccessToken: server.token },
		stop: server.stop,
	};
	const variables = { variable: [{ name: 'pRows', value: String(rows) }] };
	try {
		global.gc?.();
		const rssBefore = process.memoryUsage().rss;
		let peak = rssBefore;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().rss);
		}, 20);
		const started = process.hrtime.bigint();
		const spec = CASES[which];
		let items: number;
		let detail: string;
		if (spec.trigger) {
			const outcome = await runPoll({
				parameters: {
					event: 'newRows',
					applicationName: applicationByName(),
					source: 'dataAdapter',
					adapterName: 'Big_Export',
					substitutionVariables: variables,
					cursorColumn: 'RowId',
					keyColumns: 'RowId',
					...spec.trigger,
				},
				credentials: standIn.credentials,
			});
			if (outcome.error) throw outcome.error;
			const emitted = outcome.emitted ?? [];
			items = emitted.length;
			const first = emitted[0]?.json;
			detail =
				which === 'file'
					? `${String(first?.rowCount)} rows in ${String(first?.fileName)} (${String(first?.fileSize)} bytes)`
					: `static data ${outcome.staticData.length} bytes`;
		} else {
			const result = await runOneStreamNode({
				parameters: {
					resource: 'data',
					operation: 'getDataAdapter',
					applicationName: applicationByName(),
					adapterName: 'Big_Export',
					substitutionVariables: variables,
					output: 'rows',
				},
				credentials: standIn.credentials,
			});
			if (result.status !== 'success') throw new Error(`the read failed: ${result.status}`);
			items = result.output.length;
			detail = 'every row kept';
		}
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		clearInterval(sampler);
		peak = Math.max(peak, process.memoryUsage().rss);
		return { label: spec.label, items, detail, ms, peakRssGrowthBytes: peak - rssBefore };
	} finally {
		standIn.stop();
	}
}

function child(which: Case, rows: number): Measurement {
	const output = execFileSync(
		process.execPath,
		['--expose-gc', '--max-old-space-size=12288', __filename, 'child', which, String(rows)],
		{ encoding: 'utf8', maxBuffer: 1 << 20 },
	);
	return JSON.parse(output.trim().split('\n').pop() ?? '') as Measurement;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (args[0] === 'child') {
		const measurement = await measure(args[1] as Case, Number(args[2]));
		process.stdout.write(`${JSON.stringify(measurement)}\n`);
		return;
	}
	const rows = Number(args[0] ?? 1_000_000);
	const results = (Object.keys(CASES) as Case[]).map((which) => child(which, rows));
	const tenth = child('items', Math.round(rows / 10));
	const full = results[results.length - 1];
	const line = (r: Measurement, over: number) =>
		`  ${r.label}, ${over.toLocaleString('en')} new rows: ${r.items} items (${r.detail}) in ${r.ms.toFixed(0)} ms, peak RSS +${mb(r.peakRssGrowthBytes)} (${(r.peakRssGrowthBytes / Math.max(1, full.peakRssGrowthBytes)).toFixed(3)}× the full read)`;
	const lines = [
		`One poll of Big_Export (n8n-core, real HTTP, the stand-in in its own process), peak RSS growth against the node's full read:`,
		...results.map((r) => line(r, rows)),
		line(tenth, Math.round(rows / 10)),
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
