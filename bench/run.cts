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

/**
 * `repeats` rounds, each running every scenario once in turn (one fresh process each), so that a
 * ratio's two sides are measured side by side, under the same load; each round gives one ratio.
 */
function interleaved(
	scenarios: Array<{ name: string; scenario: ConversionScenario; rows: number }>,
	repeats: number,
): Record<string, ConversionMeasurement[]> {
	const runs: Record<string, ConversionMeasurement[]> = {};
	for (let round = 0; round < repeats; round++)
		for (const { name, scenario, rows } of scenarios)
			(runs[name] ??= []).push(conversion(scenario, 'time', rows));
	return runs;
}

interface RatioSpread {
	median: number;
	min: number;
	max: number;
	ratios: number[];
}

/** The ratio of each round's two measurements, as a median and its spread. */
function pairedRatios(
	numerator: ConversionMeasurement[],
	denominator: ConversionMeasurement[],
	perRow = false,
): RatioSpread {
	const ratios = numerator.map((run, i) => {
		const base = denominator[i];
		const a = (run.ms ?? Number.NaN) / (perRow ? run.rows : 1);
		const b = (base.ms ?? Number.NaN) / (perRow ? base.rows : 1);
		return a / b;
	});
	return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), ratios };
}

function msMedian(runs: ConversionMeasurement[]): number {
	return median(runs.map((run) => run.ms ?? Number.NaN));
}

function spread(ratios: RatioSpread): string {
	return ratios.ratios.length > 1
		? `${ratio(ratios.median)} (${ratios.min.toFixed(2)}–${ratios.max.toFixed(2)})`
		: ratio(ratios.median);
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
	log(
		"\n(a) transport: node call path vs n8n-core's own httpRequestWithAuthentication (and bare undici), one call at a time…",
	);
	// 100 calls per workflow run (an execution's own cost is spread over as many calls as in
	// earlier runs), in 30 batches: the machine's speed drifts between batches.
	const transport: TransportResult = quick
		? await benchTransport(200, 10)
		: await benchTransport(3000, 30);
	results.transport = transport;
	table.push(
		{
			scenario: "(a) transport, small payload, against n8n's own helper",
			measure: `median per call: node ${transport.nodeMedianMs.toFixed(2)} ms, httpRequestWithAuthentication ${transport.n8nHelperMedianMs.toFixed(2)} ms; quartiles of ${transport.batchRatios.length} batch pairs`,
			value: `${ratio(transport.ratio)} (${transport.ratioQuartiles[0].toFixed(2)}–${transport.ratioQuartiles[1].toFixed(2)})`,
			target: '≤ 1.15×',
			met: transport.ratio <= 1.15,
		},
		{
			scenario: '(a) transport, small payload, against bare undici',
			measure: `median per call: node ${transport.nodeMedianMs.toFixed(2)} ms, undici ${transport.undiciMedianMs.toFixed(2)} ms`,
			value: ratio(transport.ratioToUndici),
			target: '(context)',
			met: undefined,
		},
	);

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
		`\n(b) conversion of ${rows.toLocaleString('en')} rows × 10 columns, ${repeats} round(s), each scenario once per round in a process of its own…`,
	);
	const time = interleaved(
		[
			{ name: 'parse', scenario: 'parse', rows },
			{ name: 'decodeParse', scenario: 'decodeParse', rows },
			{ name: 'items', scenario: 'items', rows },
			{ name: 'csv', scenario: 'csv', rows },
			{ name: 'cubeviewParse', scenario: 'cubeviewParse', rows },
			{ name: 'cubeview', scenario: 'cubeview', rows },
			// Linearity: the time per row at a quarter of the size should be about the same.
			{ name: 'cubeviewQuarter', scenario: 'cubeview', rows: rows / 4 },
		],
		repeats,
	);
	const memory = Object.fromEntries(
		(['parse', 'items', 'csv', 'cubeview'] as const).map((scenario) => [
			scenario,
			conversion(scenario, 'memory', rows),
		]),
	) as Record<'parse' | 'items' | 'csv' | 'cubeview', ConversionMeasurement>;
	const ratios = {
		items: pairedRatios(time.items, time.parse),
		itemsFromBytes: pairedRatios(time.items, time.decodeParse),
		csv: pairedRatios(time.csv, time.parse),
		cubeview: pairedRatios(time.cubeview, time.cubeviewParse),
		linearity: pairedRatios(time.cubeview, time.cubeviewQuarter, true),
	};
	results.conversion = { rows, repeats, time, ratios, memory };
	const payload = time.parse[0].payloadBytes;
	const parseMs = msMedian(time.parse);
	table.push(
		{
			scenario: '(b) rows → items',
			measure: `${msMedian(time.items).toFixed(0)} ms vs JSON.parse ${parseMs.toFixed(0)} ms (payload ${mb(payload)})`,
			value: spread(ratios.items),
			target: '≤ 1.1×',
			met: ratios.items.median <= 1.1,
		},
		{
			scenario: '(b) rows → items, against decoding + JSON.parse',
			measure: `${msMedian(time.items).toFixed(0)} ms vs ${msMedian(time.decodeParse).toFixed(0)} ms for the payload's bytes decoded and parsed`,
			value: spread(ratios.itemsFromBytes),
			target: '(context)',
			met: undefined,
		},
		{
			scenario: '(b) rows → CSV file',
			measure: `${msMedian(time.csv).toFixed(0)} ms vs JSON.parse ${parseMs.toFixed(0)} ms`,
			value: spread(ratios.csv),
			target: '≤ 1.0×',
			met: ratios.csv.median <= 1.0,
		},
		{
			scenario: '(b) cube view → flattened items',
			measure: `${msMedian(time.cubeview).toFixed(0)} ms vs JSON.parse ${msMedian(time.cubeviewParse).toFixed(0)} ms (payload ${mb(time.cubeview[0].payloadBytes)})`,
			value: spread(ratios.cubeview),
			target: '≤ 2×',
			met: ratios.cubeview.median <= 2,
		},
		{
			scenario: '(b) cube view flattening, linearity',
			measure: `${((msMedian(time.cubeview) / rows) * 1000).toFixed(2)} µs per row at ${rows.toLocaleString('en')} rows, ${((msMedian(time.cubeviewQuarter) / (rows / 4)) * 1000).toFixed(2)} µs at ${(rows / 4).toLocaleString('en')}`,
			value: spread(ratios.linearity),
			target: '≤ 1.2× (linear)',
			met: ratios.linearity.median <= 1.2,
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
		let real: Awaited<ReturnType<typeof benchRealN8n>> = [];
		try {
			real = await benchRealN8n({
				versions,
				exportRows: quick ? 20_000 : 200_000,
				manyItems: quick ? 200 : 1000,
				latencyMs: 20,
				concurrency: 8,
				log: (line) => log(`  ${line}`),
			});
		} catch (error) {
			// The in-process results above are kept and printed; the failure is a row of the table.
			const message = error instanceof Error ? error.message : String(error);
			log(`  real-n8n scenarios failed: ${message}`);
			table.push({
				scenario: '(c)/(d) real n8n',
				measure: `failed: ${message}`,
				value: '—',
				target: '—',
				met: false,
			});
		}
		results.realN8n = real;
		for (const version of real) {
			for (const output of ['rows', 'csv'] as const) {
				table.push(
					{
						scenario: `(c) n8n ${version.n8nVersion}, ${version.exportRows.toLocaleString('en')} rows → ${output}`,
						measure: `wall ${version.node[output].wallMs.toFixed(0)} ms vs HTTP Request + Code ${version.httpPipeline[output].wallMs.toFixed(0)} ms`,
						value: ratio(version.timeRatio[output]),
						target: '≤ 0.1×',
						met: version.timeRatio[output] <= 0.1,
					},
					{
						scenario: `(c) n8n ${version.n8nVersion}, peak memory, ${output}`,
						measure: `${mb(version.node[output].peakRssBytes)} vs ${mb(version.httpPipeline[output].peakRssBytes)}`,
						value: ratio(version.memoryRatio[output]),
						target: '≤ 0.5×',
						met: version.memoryRatio[output] <= 0.5,
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
	const widths = [62, 72, 18, 16];
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
