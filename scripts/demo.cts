/**
 * `npm run demo`: the OneStream node in a real, pinned n8n against the local OneStream stand-in.
 *
 *   npm run demo                   run the headline workflow once and print what happened
 *   npm run demo -- --keep-running leave n8n on http://localhost:5678 with the example workflows
 *
 * Options: --port=5678, --n8n=2.41.1 (or 1.123.81). State lives in <cache>/state/demo; the
 * pinned Node.js 24 and n8n are cached in ~/.cache/n8n-nodes-onestream (first run: ~7 minutes).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ensureN8n, ensureNode24, N8N_V1, N8N_V2, NODE_VERSION } from '../test/e2e/lib/install.cjs';
import { formatMs, step } from '../test/e2e/lib/log.cjs';
import { N8n, type RunJson } from '../test/e2e/lib/n8n.cjs';
import { installExitHooks, isPortFree, killAllNow } from '../test/e2e/lib/proc.cjs';
import { stateRoot } from '../test/e2e/lib/repo.cjs';
import { StandIn } from '../test/e2e/lib/standin.cjs';
import { packPackage } from '../test/e2e/lib/pack.cjs';
import {
	EXAMPLE_CREDENTIAL,
	EXAMPLES,
	examplesDir,
	exportDir,
	loadExample,
} from '../test/e2e/lib/workflows.cjs';
import { credentialsFor } from '../test/e2e/suites/common.cjs';

/** The n8n version the demo runs (the newer of the two pinned ones). */
export const DEMO_N8N_VERSION = N8N_V2;
export const DEMO_OWNER = {
	email: 'demo@example.com',
	password: 'OneStream-Demo-1',
	firstName: 'Demo',
	lastName: 'User',
};

function flag(name: string): string | undefined {
	const a = process.argv.slice(2).find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
	if (a === undefined) return undefined;
	return a.includes('=') ? a.slice(a.indexOf('=') + 1) : 'true';
}

function nodeSummary(
	run: RunJson,
	node: string,
): { items: Array<Record<string, unknown>>; ms: number } {
	const r = run.data.resultData.runData[node]?.[0];
	if (!r) throw new Error(`node "${node}" did not run`);
	if (r.error)
		throw new Error(`node "${node}" failed: ${r.error.message ?? ''} ${r.error.description ?? ''}`);
	const items = (r.data?.main?.[0] ?? []).map((i) => ({
		...i.json,
		...(i.binary ? { _binary: i.binary } : {}),
	}));
	return { items, ms: r.executionTime ?? 0 };
}

async function main(): Promise<void> {
	installExitHooks();
	const keepRunning = flag('keep-running') !== undefined;
	const port = Number(flag('port') ?? 5678);
	const version = flag('n8n') ?? DEMO_N8N_VERSION;
	if (![N8N_V1, N8N_V2].includes(version as typeof N8N_V1))
		throw new Error(`--n8n must be ${N8N_V1} or ${N8N_V2}`);
	const root = path.join(stateRoot(), 'demo');
	const t0 = Date.now();

	if (keepRunning && !(await isPortFree(port))) {
		throw new Error(`Port ${port} is in use (another n8n?). Stop it, or pass --port=<free port>.`);
	}

	step(`OneStream for n8n: demo with n8n ${version}`);
	step('1/6 Pinned toolchain (Node.js 24 and n8n; installed on first use, then cached)');
	const tc = await ensureNode24();
	const install = await ensureN8n(version, tc);

	step('2/6 Packing the node package (npm pack) and installing it into a fresh n8n user folder');
	const tarball = await packPackage(path.join(root, 'pack'));
	const n8n = new N8n(install, tc, { root: path.join(root, 'n8n'), port, logLevel: 'info' });
	await n8n.installPackage(tarball);

	step('3/6 Starting the OneStream stand-in (sample application AcmeConsolidation)');
	const standin = await StandIn.start(path.join(root, 'standin'));
	step(`     stand-in API: ${standin.info.apiRoot}`);

	try {
		step(
			`4/6 Importing the credential "${EXAMPLE_CREDENTIAL.name}" and the workflows from examples/`,
		);
		await n8n.importCredentials(credentialsFor(standin).slice(0, 1));
		const files = Object.values(EXAMPLES);
		const workflows = files.map((f) => loadExample(f, n8n.filesDir));
		await n8n.importWorkflows(workflows);
		for (const [f, wf] of files.map((f, i) => [f, workflows[i]] as const))
			step(`     ${wf.name}  (examples/${f})`);

		const headline = workflows[0];
		step(`5/6 Running "${headline.name}" with n8n execute`);
		const started = Date.now();
		const { run, ok } = await n8n.execute(headline.id);
		const wall = Date.now() - started;
		if (!ok)
			throw new Error(
				`The workflow failed: ${run.data.resultData.error?.message ?? 'see the n8n log in ' + n8n.logDir}`,
			);

		const seq = nodeSummary(run, 'Run Nightly_Consolidation');
		const exp = nodeSummary(run, 'Export GL_Export as CSV');
		const wrote = nodeSummary(run, 'Write CSV file');
		const seqItem = seq.items[0] ?? {};
		const bin = (
			exp.items[0]?._binary as Record<string, { fileName?: string; fileSize?: string }> | undefined
		)?.data;
		const csvPath = path.join(
			exportDir(n8n.filesDir),
			String(bin?.fileName ?? 'GL_Export_Actual_2026M3.csv'),
		);
		const csv = fs.existsSync(csvPath) ? fs.readFileSync(csvPath, 'utf8') : '';
		const lines = csv.split(/\r?\n/).filter((l) => l !== '');
		const requests = await standin.requests();

		step('6/6 Summary');
		const out = (s = '') => process.stdout.write(`${s}\n`);
		out();
		out(`  Workflow   ${headline.name}`);
		out(
			`  n8n        ${version} (Node.js ${NODE_VERSION}), execution ${String(run.status ?? (run.finished ? 'success' : 'unknown'))} in ${formatMs(wall)} (CLI start-up included)`,
		);
		out();
		out(`  1. Data Management sequence Nightly_Consolidation (application AcmeConsolidation)`);
		out(
			`     success: ${String(seqItem.success)}, message: ${JSON.stringify(seqItem.message ?? '')}`,
		);
		out(
			`     OneStream job ${formatMs(Number(seqItem.durationMs ?? seq.ms))}, node ${formatMs(seq.ms)}`,
		);
		out(`  2. Data adapter GL_Export (pScenario=Actual, pTime=2026M3) as CSV`);
		out(
			`     ${Math.max(lines.length - 1, 0)} rows exported, ${bin?.fileSize ?? `${csv.length} B`}, node ${formatMs(exp.ms)}`,
		);
		out(`  3. Written by n8n's "Read/Write Files from Disk" node in ${formatMs(wrote.ms)}:`);
		out(`     ${csvPath}`);
		out();
		out('  First rows of the file:');
		for (const l of lines.slice(0, 6)) out(`     ${l}`);
		out();
		out(
			`  OneStream API calls the stand-in received: ${requests.map((r) => r.endpoint ?? r.rawPath).join(', ')}`,
		);
		out(`  Example workflows: ${examplesDir()}`);
		out(`  n8n logs: ${n8n.logDir}`);
		out();

		if (!keepRunning) {
			step(
				`Done in ${formatMs(Date.now() - t0)}. Run "npm run demo -- --keep-running" to open the workflows in the n8n editor.`,
			);
			return;
		}

		step(`Starting n8n ${version} on http://localhost:${port} (the webhook example is activated)`);
		await n8n.activate(workflows[1].id);
		await n8n.start();
		await n8n.setupOwnerAndLogin(DEMO_OWNER);
		out();
		out(`  n8n is running: http://localhost:${port}`);
		out(`  Log in with    ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`);
		out(
			`  Workflows      Overview → the four "OneStream: …" workflows (open one, then "Execute workflow")`,
		);
		out(
			`  Webhook        curl 'http://localhost:${port}/webhook/onestream/gl-export?entity=Acme%20UK&period=2026M2'`,
		);
		out(`  Stand-in       ${standin.info.url} (requests: ${standin.info.url}/__standin/requests)`);
		out(`  Files written  ${exportDir(n8n.filesDir)}`);
		out();
		out('  Press Ctrl+C to stop n8n and the stand-in.');
		let stopping = false;
		await new Promise<void>((resolve) => {
			const stop = () => {
				stopping = true;
				resolve();
			};
			process.removeAllListeners('SIGINT');
			process.removeAllListeners('SIGTERM');
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
			void n8n.main?.exited.then((code) => {
				if (!stopping)
					process.stderr.write(`n8n exited on its own (code ${String(code)}); see ${n8n.logDir}\n`);
				resolve();
			});
		});
		step('Stopping n8n and the stand-in');
	} finally {
		await n8n.stop();
		await standin.stop();
	}
}

if (require.main === module) {
	main().then(
		() => {
			killAllNow();
			process.exit(0);
		},
		(e: unknown) => {
			process.stderr.write(`\nDemo failed: ${e instanceof Error ? e.message : String(e)}\n`);
			killAllNow();
			process.exit(1);
		},
	);
}
