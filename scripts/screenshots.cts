/**
 * Screenshots for the README: the example workflows on the n8n editor canvas, each operation's
 * panel, the pick lists (picked and run; without the Administrator role), Workflow › Get Status
 * and the credential Test with a revoked token:
 *   npm run build && npm run build:tools && node .build/scripts/screenshots.cjs
 * Needs Debian's `chromium` (installed with apt-get when missing). Writes docs/images/*.png.
 * The manual-trigger examples are executed in the editor first, so the canvas shows the run.
 */
import * as path from 'node:path';

import { step } from '../test/e2e/lib/log.cjs';
import { sleep, waitFor } from '../test/e2e/lib/proc.cjs';
import { repoRoot, stateRoot } from '../test/e2e/lib/repo.cjs';
import { NODE_TYPE } from '../test/e2e/lib/n8n.cjs';
import {
	allOperationsWorkflow,
	EXAMPLE_CREDENTIAL,
	EXAMPLES,
	loadExample,
	type Workflow,
} from '../test/e2e/lib/workflows.cjs';
import { credentialsFor } from '../test/e2e/suites/common.cjs';
import type { Page } from './cdp.cjs';
import {
	APPLICATION,
	click,
	login,
	oneNodeWorkflow,
	openPanel,
	runScript,
	startEditor,
	textOf,
	waitForSelector,
	waitForText,
} from './editor.cjs';
import { DEMO_OWNER } from './demo.cjs';

const SHOTS: Array<{ file: string; example: string | (() => Workflow); execute: boolean }> = [
	{ file: 'workflow-nightly-consolidation-export.png', example: EXAMPLES.headline, execute: true },
	{ file: 'workflow-webhook-gl-rows.png', example: EXAMPLES.webhook, execute: false },
	{ file: 'workflow-scheduled-load-and-export.png', example: EXAMPLES.schedule, execute: false },
	{ file: 'workflow-error-output.png', example: EXAMPLES.errorOutput, execute: true },
	{ file: 'workflow-certified-close-export.png', example: EXAMPLES.certified, execute: false },
	// Every operation on one canvas: the subtitles tell the nodes apart.
	{ file: 'canvas-every-operation.png', example: everyOperationCanvas, execute: false },
];

const LOCATOR_PARAMETERS = [
	'workspaceName',
	'sequenceName',
	'dataManagementGroupName',
	'stepName',
	'adapterName',
	'cubeViewName',
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
	// Names as the editor saves them now (resource locators); the e2e run keeps plain text.
	for (const node of workflow.nodes) {
		for (const key of LOCATOR_PARAMETERS) {
			const value = node.parameters[key];
			if (typeof value === 'string') node.parameters[key] = { __rl: true, mode: 'name', value };
		}
	}
	// A grid, wide enough for the subtitles.
	workflow.nodes
		.filter((node) => node.type !== 'n8n-nodes-base.manualTrigger')
		.forEach((node, i) => {
			node.position = [350 + (i % 4) * 320, Math.floor(i / 4) * 220];
		});
	return workflow;
}

const NON_ADMIN = { id: 'osShotNonAdmin01', name: 'OneStream (not an Administrator)' };
const REVOKED = { id: 'osShotRevoked001', name: 'OneStream (revoked PAT)' };

const PICK_SEQUENCE = oneNodeWorkflow('osShotPickList01', 'Pick a sequence from the list', {
	resource: 'dataManagement',
	operation: 'executeSequence',
	sequenceName: { __rl: true, mode: 'list', value: '' },
});
const NOT_ADMIN_LIST = oneNodeWorkflow(
	'osShotNotAdmin01',
	'A list for a token without the Administrator role',
	{
		resource: 'dataManagement',
		operation: 'executeSequence',
		sequenceName: { __rl: true, mode: 'list', value: '' },
	},
	NON_ADMIN,
);
const ADAPTER_OPTIONS = oneNodeWorkflow('osShotAdapterOpt', 'Get Data Adapter options', {
	resource: 'data',
	operation: 'getDataAdapter',
	adapterName: { __rl: true, mode: 'name', value: 'GL_Export' },
});
const WORKFLOW_STATUS = oneNodeWorkflow('osShotWfStatus01', 'Workflow status', {
	resource: 'workflow',
	operation: 'getStatus',
	workflowProfile: 'Houston.Import',
	scenario: 'Actual',
	time: '2026M3',
});
/** The OneStream Trigger alone, for its panels: New Rows (its notice) and Workflow Status Changed. */
function triggerWorkflow(id: string, event: string): Workflow {
	return {
		id,
		name: `OneStream Trigger: ${event}`,
		active: false,
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'OneStream Trigger',
				type: `${NODE_TYPE}Trigger`,
				typeVersion: 1,
				position: [0, 0],
				credentials: { oneStreamApi: EXAMPLE_CREDENTIAL },
				parameters: {
					event,
					applicationName: APPLICATION,
					...(event === 'newRows'
						? { adapterName: { __rl: true, mode: 'name', value: 'Journal_Lines' } }
						: { workflowProfile: 'Houston.Import', time: '2026M3', stepFilter: 'Certify' }),
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

const TRIGGER_NEW_ROWS = triggerWorkflow('osShotTrigNewRow', 'newRows');
const TRIGGER_STATUS = triggerWorkflow('osShotTrigStatus', 'workflowStatusChanged');

const REVOKED_TEST = oneNodeWorkflow(
	'osShotRevokedWf1',
	'A credential with a revoked PAT',
	{ resource: 'dataManagement', operation: 'executeSequence', sequenceName: 'Load_Actuals' },
	REVOKED,
);

/** The panel of each operation; for jobs also its end, with the notice about input items. */
async function shootOperationPanels(page: Page, baseUrl: string, outDir: string): Promise<void> {
	const everyOperation = everyOperationCanvas();
	const seen = new Set<string>();
	for (const [index, node] of everyOperation.nodes.entries()) {
		const operation = String(node.parameters.operation ?? '');
		if (node.type !== NODE_TYPE || operation === '' || seen.has(operation)) continue;
		seen.add(operation);
		await openPanel(page, baseUrl, everyOperation, index);
		const file = path.join(outDir, `panel-${String(node.parameters.resource)}-${operation}.png`);
		step(
			`  panel ${String(node.parameters.resource)} › ${operation} → ${path.relative(repoRoot(), file)}`,
		);
		await page.screenshot(file);
		const notice = await page.eval<boolean>(
			`(() => { const e = [...document.querySelectorAll('[data-test-id="ndv"] .notice, [data-test-id="ndv"] [role="alert"], [data-test-id="ndv"] div')].find(e => e.childElementCount < 4 && /runs once for each input item/.test(e.innerText)); if (!e) return false; e.scrollIntoView({ block: 'center' }); return true; })()`,
		);
		if (notice) {
			await sleep(800);
			await page.screenshot(file.replace(/\.png$/, '-notice.png'));
		}
	}
}

/** Words a finance user searches for in the nodes panel; each should find the OneStream node. */
const SEARCH_TERMS = [
	'OneStream',
	'consolidation',
	'cube view',
	'EPM',
	'CPM',
	'month-end close',
	'sequence',
	'workflow status',
	'certify',
	'journal',
];

/** Searches the nodes panel for each term, logs what it found, and shoots the "consolidation" one. */
async function shootNodesPanelSearch(page: Page, baseUrl: string, outDir: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${PICK_SEQUENCE.id}`);
	await waitForSelector(page, 'the canvas', '[data-test-id="canvas-node"]');
	await sleep(1500);
	await click(page, '[data-test-id="node-creator-plus-button"]');
	await waitForSelector(page, 'the nodes panel', '[data-test-id="node-creator-search-bar"]');
	const found: string[] = [];
	for (const term of SEARCH_TERMS) {
		await page.eval(
			`(() => { const i = document.querySelector('[data-test-id="node-creator-search-bar"] input') ?? document.querySelector('[data-test-id="node-creator-search-bar"]'); i.focus(); i.select?.(); })()`,
		);
		await page.send('Input.insertText', { text: term });
		await sleep(1200);
		const names = await page.eval<string[]>(
			`[...document.querySelectorAll('[data-test-id="node-creator-item-name"]')].map(e => e.innerText.trim())`,
		);
		const hit = names.some((name) => /^OneStream$/.test(name));
		found.push(
			`"${term}": ${hit ? 'OneStream found' : `not found (${names.slice(0, 5).join(', ')})`}`,
		);
		if (term === 'consolidation')
			await page.screenshot(path.join(outDir, 'nodes-panel-consolidation.png'));
	}
	step(`  nodes panel search: ${found.join('; ')}`);
}

/** The pick lists (picked and run; without the Administrator role), Get Status, the credential Test. */
async function shootListsAndCredential(page: Page, baseUrl: string, outDir: string): Promise<void> {
	await shootNodesPanelSearch(page, baseUrl, outDir);
	// Pick a sequence From List, run the node, and show both.
	const sequenceInput = '[data-test-id="resource-locator-sequenceName"] [data-test-id="rlc-input"]';
	await openPanel(page, baseUrl, PICK_SEQUENCE, 1);
	await click(page, sequenceInput);
	await waitForSelector(page, 'the sequence list', '[data-test-id="rlc-item"]');
	await sleep(800);
	const listed = await page.eval<string[]>(
		`[...document.querySelectorAll('[data-test-id="rlc-item"]')].map(e => e.innerText.trim())`,
	);
	step(`  the Sequence list shows: ${listed.join(', ')}`);
	await page.screenshot(path.join(outDir, 'list-sequence.png'));
	await click(page, '[data-test-id="rlc-item"]', 'Load_Actuals');
	await sleep(800);
	await click(page, '[data-test-id="node-execute-button"]');
	await waitForText(page, 'the node to run', '[data-test-id="ndv"]', /was\s+completed/);
	await sleep(1000);
	step('  picked Load_Actuals from the list and ran the node');
	await page.screenshot(path.join(outDir, 'list-sequence-picked-and-run.png'));

	// The same list for a token without the Administrator role: one line.
	await openPanel(page, baseUrl, NOT_ADMIN_LIST, 1);
	await click(page, sequenceInput);
	await waitForSelector(page, 'the list error', '[data-test-id="rlc-error-container"]');
	await sleep(800);
	const said = await textOf(page, '[data-test-id="rlc-error-container"]');
	step(`  the list says, without the Administrator role: ${said.replace(/\s+/g, ' ')}`);
	await page.screenshot(path.join(outDir, 'list-not-administrator.png'));

	// The trigger's panels: New Rows says what the source must do; Workflow Status Changed's lists.
	for (const [workflow, file] of [
		[TRIGGER_NEW_ROWS, 'panel-trigger-newRows.png'],
		[TRIGGER_STATUS, 'panel-trigger-workflowStatusChanged.png'],
	] as const) {
		await openPanel(page, baseUrl, workflow, 0);
		await page.screenshot(path.join(outDir, file));
		step(`  trigger panel → docs/images/${file}`);
	}

	// What Get Data Adapter's Options offer: the durations in seconds, no millisecond leftovers.
	await openPanel(page, baseUrl, ADAPTER_OPTIONS, 1);
	await click(page, '[data-test-id="collection-parameter-add"]');
	await sleep(1000);
	const offered = await page.eval<string[]>(
		`[...document.querySelectorAll('.el-select-dropdown__item, [role="option"]')].map(e => e.innerText.trim()).filter(Boolean)`,
	);
	step(`  Get Data Adapter's Options offer: ${offered.join(', ')}`);
	if (offered.some((name) => /Milliseconds/.test(name))) {
		throw new Error(`the Options list offers a hidden millisecond option: ${offered.join(', ')}`);
	}
	await page.screenshot(path.join(outDir, 'panel-data-getDataAdapter-options.png'));

	// Workflow › Get Status, run in its panel.
	await openPanel(page, baseUrl, WORKFLOW_STATUS, 1);
	await click(page, '[data-test-id="node-execute-button"]');
	await waitForText(page, 'Get Status to run', '[data-test-id="ndv"]', /InProcess/);
	await sleep(1000);
	await page.screenshot(path.join(outDir, 'panel-workflow-getStatus-run.png'));

	// The credential Test with a revoked token: open the node's credential and save it (which tests).
	await openPanel(page, baseUrl, REVOKED_TEST, 1);
	await click(page, '[data-test-id="credential-edit-button"]');
	await waitForSelector(page, 'the credential modal', '[data-test-id="credential-save-button"]');
	await sleep(1000);
	await click(page, '[data-test-id="credential-save-button"]');
	await waitForText(page, 'the credential Test to fail', 'body', /Couldn.t connect/);
	await sleep(500);
	// n8n folds the Test's message under "More details".
	await click(page, 'a, span, button', 'More details');
	await sleep(1000);
	const banner = await textOf(page, 'body');
	const start = banner.search(/Couldn.t connect/);
	step(`  credential Test (revoked PAT): ${banner.slice(start, start + 500).replace(/\s+/g, ' ')}`);
	await page.screenshot(path.join(outDir, 'credential-test-revoked.png'));
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

/** `--lists`: only the pick lists, Get Status and the credential Test (quicker, while working on them). */
const listsOnly = process.argv.includes('--lists');

async function main(): Promise<void> {
	const root = path.join(stateRoot(), 'screenshots');
	const outDir = path.join(repoRoot(), 'docs', 'images');
	const { n8n, standin, browser } = await startEditor(root);
	try {
		const [valid] = credentialsFor(standin);
		await n8n.importCredentials([
			valid,
			{
				...valid,
				...NON_ADMIN,
				data: { ...valid.data, personalAccessToken: standin.info.tokens.nonAdmin },
			},
			{
				...valid,
				...REVOKED,
				data: { ...valid.data, personalAccessToken: standin.info.tokens.revoked },
			},
		]);
		const workflows = SHOTS.map((s) =>
			typeof s.example === 'string' ? loadExample(s.example, n8n.filesDir) : s.example(),
		);
		await n8n.importWorkflows([
			...workflows,
			PICK_SEQUENCE,
			NOT_ADMIN_LIST,
			WORKFLOW_STATUS,
			REVOKED_TEST,
			TRIGGER_NEW_ROWS,
			TRIGGER_STATUS,
			ADAPTER_OPTIONS,
		]);
		await n8n.start();
		await n8n.setupOwnerAndLogin(DEMO_OWNER);
		await login(browser.page, n8n.baseUrl.replace('127.0.0.1', 'localhost'));
		for (const [i, s] of SHOTS.entries()) {
			if (listsOnly) break;
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
		const base = n8n.baseUrl.replace('127.0.0.1', 'localhost');
		if (!listsOnly) {
			step('Screenshots of each operation panel');
			await shootOperationPanels(browser.page, base, outDir);
		}
		step('Screenshots of the pick lists, Workflow › Get Status and the credential Test');
		await shootListsAndCredential(browser.page, base, outDir).catch(async (error: unknown) => {
			await browser.page.screenshot(path.join(root, 'failure.png'));
			step(`  (the page at the failure: ${path.join(root, 'failure.png')})`);
			throw error;
		});
	} finally {
		await browser.stop();
		await n8n.stop();
		await standin.stop();
	}
}

runScript('Screenshots', main);
