/**
 * The n8n editor in headless Chromium, for the screenshots and the demo video: waiting, clicking
 * as a person does, reading text, opening a node's panel, signing in, and a one-node workflow.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

import * as path from 'node:path';

import { ensureN8n, ensureNode24 } from '../test/e2e/lib/install.cjs';
import { step } from '../test/e2e/lib/log.cjs';
import { N8n, NODE_TYPE } from '../test/e2e/lib/n8n.cjs';
import { packPackage } from '../test/e2e/lib/pack.cjs';
import { freePort, installExitHooks, killAllNow, sleep, waitFor } from '../test/e2e/lib/proc.cjs';
import { StandIn } from '../test/e2e/lib/standin.cjs';
import { EXAMPLE_CREDENTIAL, type Workflow } from '../test/e2e/lib/workflows.cjs';
import { launchChromium, type Browser, type Page } from './cdp.cjs';
import { DEMO_N8N_VERSION, DEMO_OWNER } from './demo.cjs';

export const APPLICATION = { __rl: true, mode: 'list', value: 'AcmeConsolidation' };

/** A manual trigger and one OneStream node, for the panel shots. */
export function oneNodeWorkflow(
	id: string,
	name: string,
	parameters: Record<string, unknown>,
	credential: { id: string; name: string } = EXAMPLE_CREDENTIAL,
): Workflow {
	return {
		id,
		name,
		active: false,
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-onestream`,
				name: 'OneStream',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [300, 0],
				credentials: { oneStreamApi: credential },
				parameters: { applicationName: APPLICATION, ...parameters },
			},
		],
		connections: { Start: { main: [[{ node: 'OneStream', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Waits until `selector` matches at least one element. */
export async function waitForSelector(page: Page, what: string, selector: string): Promise<void> {
	await waitFor(
		what,
		async () =>
			(await page.eval<number>(`document.querySelectorAll(${JSON.stringify(selector)}).length`)) > 0
				? true
				: undefined,
		{ timeoutMs: 60000, intervalMs: 300 },
	);
}

/**
 * A real mouse click at the middle of the element (some of n8n's inputs ignore element.click()):
 * the first match of `selector`, or the first whose text is `text`; `clickCount` 2 double-clicks.
 */
export async function click(
	page: Page,
	selector: string,
	text?: string,
	clickCount = 1,
): Promise<void> {
	const box = await page.eval<{ x: number; y: number } | null>(
		`(() => { const e = [...document.querySelectorAll(${JSON.stringify(selector)})].find(e => ${JSON.stringify(text ?? null)} === null || e.innerText.trim() === ${JSON.stringify(text ?? null)}); if (!e) return null; e.scrollIntoView({ block: 'center' }); const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`,
	);
	if (!box)
		throw new Error(`nothing to click at ${selector}${text ? ` with the text ${text}` : ''}`);
	for (let count = 1; count <= clickCount; count++) {
		for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
			await page.send('Input.dispatchMouseEvent', {
				type,
				x: box.x,
				y: box.y,
				button: 'left',
				clickCount: count,
			});
		}
	}
}

/** The text of the first element that matches `selector`. */
export async function textOf(page: Page, selector: string): Promise<string> {
	return await page.eval<string>(
		`document.querySelector(${JSON.stringify(selector)})?.innerText ?? ''`,
	);
}

/** Waits until the text of `selector` matches `pattern`. */
export async function waitForText(page: Page, what: string, selector: string, pattern: RegExp) {
	await waitFor(what, async () => (pattern.test(await textOf(page, selector)) ? true : undefined), {
		timeoutMs: 60000,
		intervalMs: 500,
	});
}

/** Opens a node's panel (n8n's /workflow/:id/:nodeId route). */
export async function openPanel(
	page: Page,
	baseUrl: string,
	workflow: Workflow,
	nodeIndex: number,
) {
	await page.goto(`${baseUrl}/workflow/${workflow.id}/${String(workflow.nodes[nodeIndex].id)}`);
	await waitForSelector(page, 'the node panel', '[data-test-id="ndv"]');
	await sleep(2000);
}

export async function login(page: Page, baseUrl: string): Promise<void> {
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

/** Installs a Debian package with apt-get when its binary is missing. */
export function ensureDebianPackage(binary: string, pkg: string): void {
	if (fs.existsSync(binary)) return;
	step(`Installing Debian package ${pkg}`);
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

/** Runs a script's main: every process it started is stopped at the end, and a failure exits 1. */
export function runScript(what: string, main: () => Promise<void>): void {
	installExitHooks();
	main().then(
		() => {
			killAllNow();
			process.exit(0);
		},
		(e: unknown) => {
			process.stderr.write(
				`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
			);
			killAllNow();
			process.exit(1);
		},
	);
}

/**
 * The package installed in the demo's n8n (not started), the stand-in, and headless Chromium
 * (Debian's, installed when missing), their state under `root`.
 */
export async function startEditor(
	root: string,
	size?: { width: number; height: number },
): Promise<{ n8n: N8n; standin: StandIn; browser: Browser }> {
	ensureDebianPackage('/usr/bin/chromium', 'chromium');
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
	const browser = await launchChromium(path.join(root, 'logs'), size);
	return { n8n, standin, browser };
}
