/**
 * Screenshots of the example workflows on the n8n editor canvas, for the README:
 *   npm run build && npm run build:tools && node .build/scripts/screenshots.cjs
 * Needs Debian's `chromium` (installed with apt-get when missing). Writes docs/images/*.png.
 * The manual-trigger examples are executed in the editor first, so the canvas shows the run.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ensureN8n, ensureNode24 } from '../test/e2e/lib/install.cjs';
import { step } from '../test/e2e/lib/log.cjs';
import { N8n } from '../test/e2e/lib/n8n.cjs';
import { freePort, installExitHooks, killAllNow, sleep, waitFor } from '../test/e2e/lib/proc.cjs';
import { repoRoot, stateRoot } from '../test/e2e/lib/repo.cjs';
import { StandIn } from '../test/e2e/lib/standin.cjs';
import {
	allOperationsWorkflow,
	EXAMPLES,
	loadExample,
	type Workflow,
} from '../test/e2e/lib/workflows.cjs';
import { packPackage } from '../test/e2e/lib/pack.cjs';
import { credentialsFor } from '../test/e2e/suites/common.cjs';
import { launchChromium, type Page } from './cdp.cjs';
import { DEMO_N8N_VERSION, DEMO_OWNER } from './demo.cjs';

const SHOTS: Array<{ file: string; example: string | (() => Workflow); execute: boolean }> = [
	{ file: 'workflow-nightly-consolidation-export.png', example: EXAMPLES.headline, execute: true },
	{ file: 'workflow-webhook-gl-rows.png', example: EXAMPLES.webhook, execute: false },
	{ file: 'workflow-scheduled-load-and-export.png', example: EXAMPLES.schedule, execute: false },
	{ file: 'workflow-error-output.png', example: EXAMPLES.errorOutput, execute: true },
	// Every operation on one canvas: the subtitles tell the nodes apart.
	{ file: 'canvas-every-operation.png', example: everyOperationCanvas, execute: false },
];

/** The e2e suite's every-operation workflow, plus a sequence named by an expression. */
function everyOperationCanvas(): Workflow {
	const workflow = allOperationsWorkflow();
	const sequence = workflow.nodes.find((node) => node.parameters.operation === 'executeSequence');
	if (!sequence) throw new Error('the every-operation workflow has no Execute Sequence node');
	workflow.nodes.push({
		...sequence,
		id: 'c0000000-0000-4000-8000-00000000e001',
		name: 'DM: sequence named by the input',
		parameters: { ...sequence.parameters, sequenceName: '={{ $json.sequence }}' },
	});
	// A grid, wide enough for the subtitles.
	workflow.nodes
		.filter((node) => node.type !== 'n8n-nodes-base.manualTrigger')
		.forEach((node, i) => {
			node.position = [350 + (i % 4) * 320, Math.floor(i / 4) * 220];
		});
	return workflow;
}

async function login(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await waitFor(
		'the editor app to boot',
		async () =>
			(await page.eval<boolean>(`!!localStorage.getItem('n8n-browserId')`)) ? true : undefined,
		{
			timeoutMs: 60000,
			intervalMs: 500,
		},
	);
	const status =
		await page.eval<number>(`fetch('/rest/login', { method: 'POST', credentials: 'include',
		headers: { 'content-type': 'application/json', 'browser-id': localStorage.getItem('n8n-browserId') },
		body: JSON.stringify(${JSON.stringify({ emailOrLdapLoginId: DEMO_OWNER.email, email: DEMO_OWNER.email, password: DEMO_OWNER.password })}) }).then(r => r.status)`);
	if (status !== 200) throw new Error(`login from the browser answered ${status}`);
}

async function shoot(
	page: Page,
	baseUrl: string,
	workflowId: string,
	nodeCount: number,
	execute: boolean,
	file: string,
): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	await waitFor(
		`${nodeCount} nodes on the canvas`,
		async () =>
			(await page.eval<number>(
				`document.querySelectorAll('[data-test-id="canvas-node"]').length`,
			)) >= nodeCount
				? true
				: undefined,
		{ timeoutMs: 60000, intervalMs: 500 },
	);
	await sleep(1500);
	if (execute) {
		await page.eval(`document.querySelector('[data-test-id="execute-workflow-button"]')?.click()`);
		await waitFor(
			'the manual run to finish',
			async () => {
				const running = await page.eval<boolean>(
					`!!document.querySelector('[data-test-id="execute-workflow-button"][disabled], [data-test-id="stop-execution-button"]')`,
				);
				const done = await page.eval<number>(
					`document.querySelectorAll('[data-test-id="canvas-node-status-success"], [data-test-id="canvas-node-output-handle"] [data-test-id="canvas-run-data-label"], .vue-flow__edge-label').length`,
				);
				return !running && done > 0 ? true : undefined;
			},
			{ timeoutMs: 60000, intervalMs: 500 },
		).catch(() => undefined);
		await sleep(2500);
		// Close the toast n8n shows after a run, so it does not cover the canvas.
		await page.eval(
			`document.querySelectorAll('.el-notification__closeBtn').forEach(b => b.click())`,
		);
		await sleep(800);
	}
	// Fit the workflow in view ("Zoom to fit"), as a person would before a screenshot.
	await page.eval(`document.querySelector('[data-test-id="zoom-to-fit"]')?.click()`);
	await sleep(1200);
	// What the canvas says under each node's title, as text, for the log.
	const labels = await page.eval<string[]>(
		`[...document.querySelectorAll('[data-test-id="canvas-node"]')].map(n => n.innerText.replace(/\\s+/g, ' ').trim())`,
	);
	for (const label of labels) step(`  node: ${label}`);
	await page.screenshot(file);
}

async function main(): Promise<void> {
	installExitHooks();
	const root = path.join(stateRoot(), 'screenshots');
	const outDir = path.join(repoRoot(), 'docs', 'images');
	if (!fs.existsSync('/usr/bin/chromium')) {
		step('Installing Debian package chromium');
		execFileSync('apt-get', ['install', '-y', 'chromium'], {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	}
	const tc = await ensureNode24();
	const install = await ensureN8n(DEMO_N8N_VERSION, tc);
	const tarball = await packPackage(path.join(root, 'pack'));
	const n8n = new N8n(install, tc, {
		root: path.join(root, 'n8n'),
		port: await freePort(),
		logLevel: 'info',
	});
	await n8n.installPackage(tarball);
	const standin = await StandIn.start(path.join(root, 'standin'));
	const browser = await launchChromium(path.join(root, 'logs'));
	try {
		await n8n.importCredentials(credentialsFor(standin).slice(0, 1));
		const workflows = SHOTS.map((s) =>
			typeof s.example === 'string' ? loadExample(s.example, n8n.filesDir) : s.example(),
		);
		await n8n.importWorkflows(workflows);
		await n8n.start();
		await n8n.setupOwnerAndLogin(DEMO_OWNER);
		await login(browser.page, n8n.baseUrl.replace('127.0.0.1', 'localhost'));
		for (const [i, s] of SHOTS.entries()) {
			const file = path.join(outDir, s.file);
			step(`Screenshot of "${workflows[i].name}" → ${path.relative(repoRoot(), file)}`);
			await shoot(
				browser.page,
				n8n.baseUrl.replace('127.0.0.1', 'localhost'),
				workflows[i].id,
				workflows[i].nodes.length,
				s.execute,
				file,
			);
		}
	} finally {
		await browser.stop();
		await n8n.stop();
		await standin.stop();
	}
}

main().then(
	() => {
		killAllNow();
		process.exit(0);
	},
	(e: unknown) => {
		process.stderr.write(
			`Screenshots failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
		);
		killAllNow();
		process.exit(1);
	},
);
