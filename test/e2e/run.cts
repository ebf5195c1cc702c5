/**
 * Real-n8n end-to-end suites: `npm run test:e2e` (regular mode) and `npm run test:e2e:queue`
 * (main + worker, Redis, PostgreSQL), each on both pinned n8n versions, and
 * `npm run test:e2e:durable` (the OneStream Trigger under the durable scheduler, 2.x only).
 *
 * Options: --queue or --durable; --versions=1.123.81,2.41.1 (or E2E_N8N_VERSIONS) to run a subset.
 * State goes to <cache>/state ($ONESTREAM_E2E_STATE) and is kept for inspection; the pinned
 * toolchain is cached in ~/.cache/n8n-nodes-onestream (or $N8N_E2E_CACHE).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { checkRuntimeImports } from './compat.cjs';
import { Checks, SuiteAbort } from './lib/checks.cjs';
import { ensureN8n, ensureNode24, N8N_VERSIONS, NODE_VERSION } from './lib/install.cjs';
import { formatMs, step } from './lib/log.cjs';
import { installExitHooks, killAllNow } from './lib/proc.cjs';
import { stateRoot } from './lib/repo.cjs';
import { packPackage } from './lib/pack.cjs';
import { StandIn } from './lib/standin.cjs';
import { durableSuite } from './suites/durable.cjs';
import { queueSuite } from './suites/queue.cjs';
import { regularSuite } from './suites/regular.cjs';

async function main(): Promise<number> {
	installExitHooks();
	const args = process.argv.slice(2);
	const mode = args.includes('--queue')
		? 'queue'
		: args.includes('--durable')
			? 'durable'
			: 'regular';
	const vArg =
		args.find((a) => a.startsWith('--versions='))?.slice('--versions='.length) ??
		process.env.E2E_N8N_VERSIONS;
	const versions = vArg
		? vArg
				.split(',')
				.map((v) => v.trim())
				.filter(Boolean)
		: // The durable scheduler is n8n 2.x's.
			N8N_VERSIONS.filter((v) => mode !== 'durable' || Number(v.split('.')[0]) >= 2);
	const e2eDir = stateRoot();
	const started = Date.now();
	const timings: Array<[string, number]> = [];
	const checks = new Checks();
	let fatal: unknown;
	let standin: StandIn | undefined;

	step(`Real-n8n e2e, ${mode} mode, n8n ${versions.join(' and ')} on Node.js ${NODE_VERSION}`);
	try {
		let t = Date.now();
		const tc = await ensureNode24();
		const installs = [];
		for (const v of versions) installs.push(await ensureN8n(v, tc));
		timings.push(['toolchain (Node.js 24, n8n installs)', Date.now() - t]);
		for (const install of installs) {
			await checks.check(
				`n8n ${install.version}`,
				'every runtime import of the node exists in the n8n-workflow it ships',
				() => {
					process.stdout.write(`  ${checkRuntimeImports(install, tc)}\n`);
				},
			);
		}

		t = Date.now();
		const tarball = await packPackage(path.join(e2eDir, `pack-${mode}`));
		// The application's file share, whose Batch\Harvest folder the suites' SFTP server serves.
		const share = path.join(e2eDir, `share-${mode}`);
		fs.rmSync(share, { recursive: true, force: true });
		standin = await StandIn.start(
			path.join(e2eDir, `standin-${mode}`),
			undefined,
			path.join(share, 'Batch', 'Harvest'),
		);
		step(`Package ${path.basename(tarball)}; OneStream stand-in on ${standin.info.url}`);
		timings.push(['npm pack + stand-in', Date.now() - t]);

		for (const install of installs) {
			t = Date.now();
			step(`── n8n ${install.version} (${mode}) ──`);
			const ctx = {
				tc,
				install,
				tarball,
				standin,
				checks,
				root: path.join(e2eDir, `${mode}-${install.version}`),
				share,
			};
			try {
				if (mode === 'queue') await queueSuite(ctx);
				else if (mode === 'durable') await durableSuite(ctx);
				else await regularSuite(ctx);
			} catch (e) {
				if (!(e instanceof SuiteAbort)) throw e;
				process.stdout.write(`  ${e.message}\n`);
			}
			timings.push([`n8n ${install.version} ${mode} suite`, Date.now() - t]);
		}
	} catch (e) {
		fatal = e;
	} finally {
		await standin?.stop().catch(() => undefined);
		killAllNow();
	}

	process.stdout.write(`\nWall times (${mode}):\n`);
	for (const [what, ms] of timings) process.stdout.write(`  ${what.padEnd(42)} ${formatMs(ms)}\n`);
	process.stdout.write(`  ${'total'.padEnd(42)} ${formatMs(Date.now() - started)}\n`);
	const failures = checks.results.filter((r) => !r.ok);
	if (failures.length) {
		process.stdout.write(
			`\nFailed checks:\n${failures.map((f) => `  ✘ [${f.suite}] ${f.name}`).join('\n')}\n`,
		);
	}
	if (fatal) {
		process.stderr.write(
			`\nE2E ${mode} ABORTED: ${fatal instanceof Error ? (fatal.stack ?? fatal.message) : String(fatal)}\n`,
		);
	}
	process.stdout.write(`Logs and state: ${e2eDir}\n`);
	process.stdout.write(`e2e (${mode} mode) summary:\n`);
	process.stdout.write(`e2e: ${checks.passed} passed, ${checks.failed + (fatal ? 1 : 0)} failed\n`);
	if (!fatal && checks.results.length === 0) {
		process.stderr.write('No check ran.\n');
		return 1;
	}
	return fatal || checks.failed ? 1 : 0;
}

if (require.main === module) {
	void main().then(
		(code) => process.exit(code),
		(e: unknown) => {
			process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
			killAllNow();
			process.exit(1);
		},
	);
}
