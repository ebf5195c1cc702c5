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
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ensureN8n, ensureNode24, type N8nInstall } from '../../test/e2e/lib/install.cjs';
import { N8n } from '../../test/e2e/lib/n8n.cjs';
import { freePort, installExitHooks } from '../../test/e2e/lib/proc.cjs';
import { stateRoot } from '../../test/e2e/lib/repo.cjs';
import { StandIn } from '../../test/e2e/lib/standin.cjs';

import { packPackage } from '../../test/e2e/lib/pack.cjs';
import { Ctx, fmtMb, fmtMs } from './instance.cjs';
import { benchManyItems } from './manyItems.cjs';
import { aggregate, measureOnce } from './pipelines.cjs';
import { PipelineRun, RealN8nOptions, RealN8nVersionResult } from './types.cjs';
import { METHOD, ORDER, VARIANTS, Variant, prepareInstance } from './workflows.cjs';

// ------------------------------------------------------------------------------------ entry

export async function benchRealN8n(options: RealN8nOptions): Promise<RealN8nVersionResult[]> {
	const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
	const repeats = Math.max(1, options.repeats ?? 3);
	if (process.platform !== 'linux')
		throw new Error('the real-n8n benchmarks read /proc/<pid>/status and need Linux');
	installExitHooks();
	const workDir = options.workDir ?? path.join(stateRoot(), 'bench-real-n8n');
	fs.mkdirSync(workDir, { recursive: true });
	const started = Date.now();

	log(
		`real n8n: versions ${options.versions.join(', ')}; (c) ${options.exportRows.toLocaleString('en')} rows, ${repeats} run(s) per measurement; ` +
			`(d) ${options.manyItems} items × ${options.latencyMs} ms, Parallel Calls 1 vs ${options.concurrency}, ${Math.max(1, options.manyItemsRepeats ?? 2)} run(s); state in ${workDir}`,
	);
	const tc = await ensureNode24();
	const installs: N8nInstall[] = [];
	for (const v of options.versions) installs.push(await ensureN8n(v, tc));
	const tarball = await packPackage(path.join(workDir, 'pack'));
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
				stateRoot(),
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
