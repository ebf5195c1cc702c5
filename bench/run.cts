/**
 * `npm run bench`: the issue 4 benchmarks and the envelope's (e), measured side by side in one run, printed as a table of
 * ratios against their targets and saved as JSON under bench/results/. Benchmarks, not tests:
 * nothing here fails on a number.
 *
 *   node --expose-gc .build/bench/run.cjs [--quick] [--skip-n8n] [--versions 1.123.81,2.41.1]
 *
 * --quick shrinks every size (for a smoke run); --skip-n8n leaves out (c) and (d), which install
 * and start real n8n.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

import type { ConversionMeasurement, ConversionMode, ConversionScenario } from './conversion.cjs';
import { median } from './stats.cjs';
import { benchEnvelope } from './envelope.cjs';
import { benchTransport, type TransportResult } from './transport.cjs';

interface Row {
	scenario: string;
	measure: string;
	value: string;
	target: string;
	met: boolean | undefined;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const skipN8n = args.includes('--skip-n8n');
const versionsArg = args[args.indexOf('--versions') + 1];
const versions =
	args.includes('--versions') && versionsArg ? versionsArg.split(',') : ['1.123.81', '2.41.1'];

const root = join(__dirname, '..', '..');
const results: Record<string, unknown> = {};
const table: Row[] = [];

function ratio(value: number): string {
	return `${value.toFixed(2)}×`;
}

function mb(bytes: number): string {
	return `${(bytes / 1e6).toFixed(0)} MB`;
}

function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

/** One conversion measurement in a fresh Node process (so its peak RSS is its own). */
function conversion(
	scenario: ConversionScenario,
	mode: ConversionMode,
	rows: number,
): ConversionMeasurement {
	const output = execFileSync(
		process.execPath,
		['--max-old-space-size=8192', join(__dirname, 'conversion.cjs'), scenario, mode, String(rows)],
		{ encoding: 'utf8', maxBuffer: 1 << 20 },
	);
	return JSON.parse(output.trim().split('\n').pop() ?? '{}') as ConversionMeasurement;
}

function medianOf(
	scenario: ConversionScenario,
	rows: number,
	repeats: number,
): { ms: number; runs: ConversionMeasurement[] } {
	const runs = Array.from({ length: repeats }, () => conversion(scenario, 'time', rows));
	return { ms: median(runs.map((run) => run.ms ?? Number.NaN)), runs };
}

async function main(): Promise<void> {
	const started = Date.now();
	log(`n8n-nodes-onestream benchmarks — ${new Date().toISOString()}`);
	log(
		`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node.js ${process.version} (in-process scenarios); ${skipN8n ? 'real-n8n scenarios skipped' : `n8n ${versions.join(', ')} (real-n8n scenarios)`}`,
	);
	results.environment = {
		cpus: cpus().length,
		cpuModel: cpus()[0]?.model,
		memoryBytes: totalmem(),
		node: process.version,
		n8nVersions: skipN8n ? [] : versions,
		n8nCoreInProcess: (require('n8n-core/package.json') as { version: string }).version,
		quick,
	};

	// (a) Transport overhead.
	log('\n(a) transport: node call path vs bare undici, one call at a time…');
	const transport: TransportResult = await benchTransport(quick ? 200 : 1000, 10);
	results.transport = transport;
	table.push({
		scenario: '(a) transport, small payload',
		measure: `median per call: node ${transport.nodeMedianMs.toFixed(2)} ms, undici ${transport.undiciMedianMs.toFixed(2)} ms`,
		value: ratio(transport.ratio),
		target: '≤ 1.15×',
		met: transport.ratio <= 1.15,
	});

	// (e) A 7.2.0 envelope in pages (Cube › Get Data Cells).
	const cells = quick ? 100_000 : 1_000_000;
	log(
		`\n(e) 7.2.0 envelope: ${cells.toLocaleString('en')} cells in 10 pages, node path vs JSON.parse…`,
	);
	const envelope = benchEnvelope(cells, 10, quick ? 1 : 3);
	results.envelope = envelope;
	table.push(
		{
			scenario: '(e) envelope pages, time',
			measure: `${envelope.node.ms.toFixed(0)} ms vs JSON.parse ${envelope.parse.ms.toFixed(0)} ms (${envelope.pages} pages of ${mb(envelope.node.pageBytes)})`,
			value: ratio(envelope.timeRatio),
			target: '≤ 1.3×',
			met: envelope.timeRatio <= 1.3,
		},
		{
			scenario: '(e) envelope pages, peak memory',
			measure: `peak RSS +${mb(envelope.node.peakRssGrowthBytes)} vs one page ${mb(envelope.node.pageBytes)} (JSON.parse: +${mb(envelope.parse.peakRssGrowthBytes)})`,
			value: ratio(envelope.memoryPerPage),
			target: '≤ 3× one page',
			met: envelope.memoryPerPage <= 3,
		},
	);

	// (b) Conversion.
	const rows = quick ? 100_000 : 1_000_000;
	const repeats = quick ? 1 : 3;
	log(
		`\n(b) conversion of ${rows.toLocaleString('en')} rows × 10 columns, ${repeats} run(s) each, one process per run…`,
	);
	const parse = medianOf('parse', rows, repeats);
	const items = medianOf('items', rows, repeats);
	const csv = medianOf('csv', rows, repeats);
	const cubeview = medianOf('cubeview', rows, repeats);
	const cubeviewParse = medianOf('cubeviewParse', rows, repeats);
	// Linearity: the time per row at a quarter of the size should be about the same.
	const cubeviewQuarter = medianOf('cubeview', rows / 4, repeats);
	const memory = Object.fromEntries(
		(['parse', 'items', 'csv', 'cubeview'] as const).map((scenario) => [
			scenario,
			conversion(scenario, 'memory', rows),
		]),
	) as Record<'parse' | 'items' | 'csv' | 'cubeview', ConversionMeasurement>;
	results.conversion = {
		rows,
		repeats,
		time: { parse, items, csv, cubeview, cubeviewParse, cubeviewQuarter },
		memory,
	};
	const payload = parse.runs[0].payloadBytes;
	table.push(
		{
			scenario: '(b) rows → items',
			measure: `${items.ms.toFixed(0)} ms vs JSON.parse ${parse.ms.toFixed(0)} ms (payload ${mb(payload)})`,
			value: ratio(items.ms / parse.ms),
			target: '≤ 1.5×',
			met: items.ms / parse.ms <= 1.5,
		},
		{
			scenario: '(b) rows → CSV file',
			measure: `${csv.ms.toFixed(0)} ms vs JSON.parse ${parse.ms.toFixed(0)} ms`,
			value: ratio(csv.ms / parse.ms),
			target: '≤ 1.2×',
			met: csv.ms / parse.ms <= 1.2,
		},
		{
			scenario: '(b) cube view → flattened items',
			measure: `${cubeview.ms.toFixed(0)} ms vs JSON.parse ${cubeviewParse.ms.toFixed(0)} ms (payload ${mb(cubeview.runs[0].payloadBytes)})`,
			value: ratio(cubeview.ms / cubeviewParse.ms),
			target: '(report)',
			met: undefined,
		},
		{
			scenario: '(b) cube view flattening, linearity',
			measure: `${((cubeview.ms / rows) * 1000).toFixed(2)} µs per row at ${rows.toLocaleString('en')} rows, ${((cubeviewQuarter.ms / (rows / 4)) * 1000).toFixed(2)} µs at ${(rows / 4).toLocaleString('en')}`,
			value: ratio(cubeview.ms / rows / (cubeviewQuarter.ms / (rows / 4))),
			target: '≈ 1× (linear)',
			met: undefined,
		},
	);
	for (const scenario of ['parse', 'items', 'csv', 'cubeview'] as const) {
		const measured = memory[scenario];
		const growth = measured.peakRssGrowthBytes ?? 0;
		table.push({
			scenario: `(b) peak RSS, ${scenario === 'parse' ? 'JSON.parse baseline' : scenario}`,
			measure: `${mb(growth)} above idle for a ${mb(measured.payloadBytes)} payload`,
			value: ratio(growth / measured.payloadBytes),
			target: scenario === 'parse' ? '(reference)' : '≤ 3×',
			met: scenario === 'parse' ? undefined : growth / measured.payloadBytes <= 3,
		});
	}

	// (c) and (d) in real n8n.
	if (!skipN8n) {
		log('\n(c)/(d) real n8n (installs into ~/.cache on first use)…');
		const { benchRealN8n } = await import('./realN8n/index.cjs');
		const real = await benchRealN8n({
			versions,
			exportRows: quick ? 20_000 : 200_000,
			manyItems: quick ? 200 : 1000,
			latencyMs: 20,
			concurrency: 8,
			log: (line) => log(`  ${line}`),
		});
		results.realN8n = real;
		for (const version of real) {
			for (const output of ['rows', 'csv'] as const) {
				table.push(
					{
						scenario: `(c) n8n ${version.n8nVersion}, ${version.exportRows.toLocaleString('en')} rows → ${output}`,
						measure: `wall ${version.node[output].wallMs.toFixed(0)} ms vs HTTP Request + Code ${version.httpPipeline[output].wallMs.toFixed(0)} ms`,
						value: ratio(version.timeRatio[output]),
						target: '≤ 0.25×',
						met: version.timeRatio[output] <= 0.25,
					},
					{
						scenario: `(c) n8n ${version.n8nVersion}, peak memory, ${output}`,
						measure: `${mb(version.node[output].peakRssBytes)} vs ${mb(version.httpPipeline[output].peakRssBytes)}`,
						value: ratio(version.memoryRatio[output]),
						target: '≤ 0.6×',
						met: version.memoryRatio[output] <= 0.6,
					},
				);
			}
			const growth = version.memoryGrowthRatio;
			if (growth) {
				table.push({
					scenario: `(c) n8n ${version.n8nVersion}, memory above idle n8n`,
					measure: `rows ${ratio(growth.rows)}, csv ${ratio(growth.csv)} of the HTTP Request pipeline's`,
					value: `${ratio(growth.rows)} / ${ratio(growth.csv)}`,
					target: '(context)',
					met: undefined,
				});
			}
			const many = version.manyItems;
			table.push({
				scenario: `(d) n8n ${version.n8nVersion}, ${many.items} items × ${many.latencyMs} ms, per-item expressions`,
				measure: `sequential ${many.sequentialMs.toFixed(0)} ms, Parallel Calls ${many.concurrency} ${many.parallelMs.toFixed(0)} ms`,
				value: `${many.speedup.toFixed(1)}× faster`,
				target: '≥ 6×',
				met: many.speedup >= 6,
			});
			const fixed = many.withoutExpressions;
			if (fixed) {
				table.push({
					scenario: `(d) n8n ${version.n8nVersion}, ${many.items} items × ${many.latencyMs} ms, fixed parameters`,
					measure: `sequential ${fixed.sequentialMs.toFixed(0)} ms, Parallel Calls ${many.concurrency} ${fixed.parallelMs.toFixed(0)} ms`,
					value: `${fixed.speedup.toFixed(1)}× faster`,
					target: '≥ 6×',
					met: fixed.speedup >= 6,
				});
			}
		}
	}

	results.table = table;
	const widths = [62, 72, 14, 16];
	const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ');
	log(`\n${line(['scenario', 'measured', 'ratio', 'target'])} | met`);
	log(`${widths.map((w) => '-'.repeat(w)).join('-|-')}-|----`);
	for (const row of table) {
		log(
			`${line([row.scenario, row.measure, row.value, row.target])} | ${row.met === undefined ? '—' : row.met ? 'yes' : 'NO'}`,
		);
	}
	const directory = join(root, 'bench', 'results');
	mkdirSync(directory, { recursive: true });
	const file = join(
		directory,
		`bench-${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`,
	);
	writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
	log(`\nsaved ${file} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
