/**
 * `npm run video`: a one-take demo of the package in the real n8n 2.41.1 editor, for reviewers,
 * written to docs/demo.mp4. Headless Chromium (Debian's `chromium`) is driven over the DevTools
 * protocol; a frame is captured every FRAME_MS while a scene plays, and ffmpeg (Debian's `ffmpeg`,
 * installed with apt-get when missing) encodes them at the pace they were taken. Waits in which
 * nothing moves (n8n's next poll) are left out and said in the caption.
 *
 * The scenes: the package found in the nodes panel (installed from the nodes folder, as `npm
 * install n8n-nodes-onestream` does), the credential Test, Execute Sequence picked from its list
 * and run, the headline workflow (a sequence, then Get Data Adapter to a CSV file), Connection ›
 * Diagnose, and the OneStream Trigger firing on new journal lines.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { formatMs, step } from '../test/e2e/lib/log.cjs';
import type { N8n } from '../test/e2e/lib/n8n.cjs';
import { sleep, waitFor } from '../test/e2e/lib/proc.cjs';
import { repoRoot, stateRoot } from '../test/e2e/lib/repo.cjs';
import type { StandIn } from '../test/e2e/lib/standin.cjs';
import {
	EXAMPLES,
	loadExample,
	newRowsTriggerWorkflow,
	TRIGGER_ID,
} from '../test/e2e/lib/workflows.cjs';
import { credentialsFor, journalLine } from '../test/e2e/suites/common.cjs';
import type { Page } from './cdp.cjs';
import { DEMO_OWNER } from './demo.cjs';
import {
	click,
	ensureDebianPackage,
	login,
	oneNodeWorkflow,
	openPanel,
	runScript,
	startEditor,
	waitForSelector,
	waitForText,
} from './editor.cjs';

const FRAME_MS = 250;
/** A JPEG of an empty page (the editor between two routes) is smaller than this. */
const BLANK_FRAME_BYTES = 15_000;
const SIZE = { width: 1280, height: 800 };

const PICK_SEQUENCE = oneNodeWorkflow('osVideoSequence', 'Run a sequence', {
	resource: 'dataManagement',
	operation: 'executeSequence',
	sequenceName: { __rl: true, mode: 'list', value: '' },
});
const DIAGNOSE = oneNodeWorkflow('osVideoDiagnose', 'Diagnose the connection', {
	resource: 'connection',
	operation: 'diagnose',
});

/** Frames of the page while recording is on, each with the time it was taken. */
class Recorder {
	private frames: Array<{ file: string; at: number }> = [];
	private on = false;
	private loop: Promise<void> | undefined;
	private stopped = false;

	constructor(
		private readonly page: Page,
		private readonly dir: string,
	) {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
	}

	start(): void {
		this.loop = (async () => {
			while (!this.stopped) {
				const began = Date.now();
				if (this.on) {
					// A frame asked for while the page navigates may be refused or never answered: that
					// one is skipped after a second, and so is a blank page between two routes.
					const shot = await Promise.race([
						this.page
							.send<{ data: string }>('Page.captureScreenshot', { format: 'jpeg', quality: 70 })
							.catch(() => undefined),
						sleep(1000).then(() => undefined),
					]);
					const data = shot === undefined ? undefined : Buffer.from(shot.data, 'base64');
					if (data !== undefined && data.length >= BLANK_FRAME_BYTES) {
						const file = path.join(
							this.dir,
							`frame-${String(this.frames.length).padStart(5, '0')}.jpg`,
						);
						fs.writeFileSync(file, data);
						this.frames.push({ file, at: began });
					}
				}
				await sleep(Math.max(0, FRAME_MS - (Date.now() - began)));
			}
		})();
	}

	resume(): void {
		this.on = true;
	}

	/** Stops taking frames; the last one stays on screen FRAME_MS, the pause is cut. */
	pause(): void {
		this.on = false;
	}

	async finish(): Promise<Array<{ file: string; seconds: number }>> {
		this.stopped = true;
		await this.loop;
		return this.frames.map((frame, i) => {
			const next = this.frames[i + 1];
			const gap = next === undefined ? 2000 : next.at - frame.at;
			// A gap longer than a frame or two is a pause: keep it one frame long.
			return { file: frame.file, seconds: (gap > 3 * FRAME_MS ? FRAME_MS : gap) / 1000 };
		});
	}
}

/** A caption across the top of the page, as the viewer reads what happens. */
async function caption(page: Page, text: string): Promise<void> {
	step(`  scene: ${text}`);
	await page.eval(`(() => {
		let c = document.getElementById('onestream-demo-caption');
		if (!c) {
			c = document.createElement('div');
			c.id = 'onestream-demo-caption';
			c.style.cssText = 'position:fixed;left:0;right:0;bottom:0;z-index:2147483647;padding:10px 18px;background:rgba(20,24,40,.88);color:#fff;font:600 18px/1.35 system-ui,sans-serif;pointer-events:none';
			document.body.appendChild(c);
		}
		c.textContent = ${JSON.stringify(text)};
	})()`);
}

async function scenes(page: Page, recorder: Recorder, base: string, n8n: N8n, standin: StandIn) {
	// 1. The package, installed in the nodes folder, in the nodes panel.
	await page.goto(`${base}/workflow/${PICK_SEQUENCE.id}`);
	await waitForSelector(page, 'the canvas', '[data-test-id="canvas-node"]');
	await caption(
		page,
		'n8n 2.41.1 with n8n-nodes-onestream (npm install n8n-nodes-onestream in the nodes folder)',
	);
	recorder.resume();
	await sleep(2000);
	await click(page, '[data-test-id="node-creator-plus-button"]');
	await waitForSelector(page, 'the nodes panel', '[data-test-id="node-creator-search-bar"]');
	await caption(page, 'The nodes panel finds OneStream, also by what finance users search for');
	for (const term of ['OneStream', 'consolidation']) {
		await page.eval(
			`(() => { const i = document.querySelector('[data-test-id="node-creator-search-bar"] input') ?? document.querySelector('[data-test-id="node-creator-search-bar"]'); i.focus(); i.select?.(); })()`,
		);
		for (const char of term) {
			await page.send('Input.insertText', { text: char });
			await sleep(90);
		}
		await sleep(2500);
	}

	// 2. The credential Test.
	await openPanel(page, base, PICK_SEQUENCE, 1);
	await caption(
		page,
		'Credential OneStream API: Server URL and Personal Access Token; saving runs the Test',
	);
	await click(page, '[data-test-id="credential-edit-button"]');
	await waitForSelector(page, 'the credential modal', '[data-test-id="credential-save-button"]');
	await sleep(1500);
	await click(page, '[data-test-id="credential-save-button"]');
	await waitForText(page, 'the credential Test to pass', 'body', /Connection tested successfully/);
	await sleep(4000);
	await page.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Escape', code: 'Escape' });
	await sleep(800);

	// 3. Execute Sequence, picked from the list, run.
	await openPanel(page, base, PICK_SEQUENCE, 1);
	await caption(
		page,
		'Data Management › Execute Sequence: the sequence picked from the server, then run',
	);
	const sequenceInput = '[data-test-id="resource-locator-sequenceName"] [data-test-id="rlc-input"]';
	await click(page, sequenceInput);
	await waitForSelector(page, 'the sequence list', '[data-test-id="rlc-item"]');
	await sleep(1500);
	await click(page, '[data-test-id="rlc-item"]', 'Load_Actuals');
	await sleep(1000);
	await click(page, '[data-test-id="node-execute-button"]');
	await waitForText(page, 'the sequence to run', '[data-test-id="ndv"]', /was\s+completed/);
	await sleep(5000);

	// 4. The headline example: a consolidation, then Get Data Adapter to a CSV file.
	const headline = loadExample(EXAMPLES.headline, n8n.filesDir);
	await page.goto(`${base}/workflow/${headline.id}`);
	await waitForSelector(page, 'the canvas', '[data-test-id="canvas-node"]');
	await caption(
		page,
		'The example: Execute Sequence, then Get Data Adapter (GL_Export) as a CSV file, written to disk',
	);
	await sleep(2000);
	await page.eval(`document.querySelector('[data-test-id="execute-workflow-button"]')?.click()`);
	await waitFor(
		'the headline workflow to finish',
		async () =>
			(await page.eval<number>(
				`document.querySelectorAll('[data-test-id="canvas-node-status-success"]').length`,
			)) >=
			headline.nodes.length - 1
				? true
				: undefined,
		{ timeoutMs: 90000, intervalMs: 500 },
	);
	await sleep(5000);

	// 5. Connection › Diagnose.
	await openPanel(page, base, DIAGNOSE, 1);
	await caption(page, 'Connection › Diagnose: one item per check, read-only, never the token');
	await sleep(1500);
	await click(page, '[data-test-id="node-execute-button"]');
	await waitForText(page, 'Diagnose to run', '[data-test-id="ndv"]', /passed/);
	await sleep(6000);

	// 6. The trigger: new journal lines in OneStream start the published workflow.
	await page.goto(`${base}/workflow/${TRIGGER_ID}`);
	await waitForSelector(page, 'the canvas', '[data-test-id="canvas-node"]');
	await caption(
		page,
		'OneStream Trigger (New Rows), published: three journal lines arrive in OneStream…',
	);
	await sleep(2500);
	const before = (await n8n.listExecutions(TRIGGER_ID)).length;
	await standin.appendJournalLines([journalLine(1, 1), journalLine(2, 2), journalLine(3, 2)]);
	recorder.pause();
	await waitFor(
		"the trigger's next poll to start an execution",
		async () => ((await n8n.listExecutions(TRIGGER_ID)).length > before ? true : undefined),
		{ timeoutMs: 150000, intervalMs: 1000 },
	);
	await page.goto(`${base}/workflow/${TRIGGER_ID}/executions`);
	await waitForText(page, 'the execution in the list', 'body', /Succeeded/);
	await caption(
		page,
		'…and at its next poll the trigger starts one execution with the new lines, each once (the wait for the poll is cut)',
	);
	recorder.resume();
	await sleep(2500);
	// Its items: the trigger's output, opened as a person does, with a double click.
	await click(page, '[data-test-id="canvas-node"]', undefined, 2);
	await waitForText(page, 'the trigger output', '[data-test-id="ndv"]', /JournalId/);
	await sleep(6000);
}

async function main(): Promise<void> {
	const started = Date.now();
	ensureDebianPackage('/usr/bin/ffmpeg', 'ffmpeg');
	const root = path.join(stateRoot(), 'video');
	const out = path.join(repoRoot(), 'docs', 'demo.mp4');
	const { n8n, standin, browser } = await startEditor(root, SIZE);
	const recorder = new Recorder(browser.page, path.join(root, 'frames'));
	try {
		await n8n.importCredentials(credentialsFor(standin).slice(0, 1));
		await n8n.importWorkflows([
			loadExample(EXAMPLES.headline, n8n.filesDir),
			PICK_SEQUENCE,
			DIAGNOSE,
			newRowsTriggerWorkflow(),
		]);
		await n8n.activate(TRIGGER_ID);
		await standin.clearJournalLines();
		await n8n.start();
		await n8n.setupOwnerAndLogin(DEMO_OWNER);
		const base = n8n.baseUrl.replace('127.0.0.1', 'localhost');
		await login(browser.page, base);
		recorder.start();
		await scenes(browser.page, recorder, base, n8n, standin);
	} catch (error) {
		await browser.page.screenshot(path.join(root, 'failure.png')).catch(() => undefined);
		step(`  (the page at the failure: ${path.join(root, 'failure.png')})`);
		throw error;
	} finally {
		const frames = await recorder.finish();
		await browser.stop();
		await n8n.stop();
		await standin.stop();
		if (frames.length > 0) {
			// ffmpeg's concat list: each frame for as long as it was on screen.
			const list = path.join(root, 'frames.txt');
			const lines = frames.flatMap((f) => [`file '${f.file}'`, `duration ${f.seconds.toFixed(3)}`]);
			fs.writeFileSync(
				list,
				`${[...lines, `file '${frames[frames.length - 1].file}'`].join('\n')}\n`,
			);
			execFileSync(
				'ffmpeg',
				[
					'-y',
					'-loglevel',
					'error',
					'-f',
					'concat',
					'-safe',
					'0',
					'-i',
					list,
					'-vf',
					'fps=8,format=yuv420p',
					'-c:v',
					'libx264',
					'-preset',
					'slow',
					'-crf',
					'30',
					'-movflags',
					'+faststart',
					out,
				],
				{ stdio: 'inherit' },
			);
			const seconds = frames.reduce((sum, f) => sum + f.seconds, 0);
			step(
				`${path.relative(repoRoot(), out)}: ${seconds.toFixed(0)} s, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB, ${frames.length} frames (made in ${formatMs(Date.now() - started)})`,
			);
		}
	}
}

runScript('Video', main);
