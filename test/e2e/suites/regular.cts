/**
 * The regular-mode suite on one n8n version: the package as a user's n8n loads it, every
 * operation through `n8n execute`, the example workflows (headline, error output, webhook,
 * schedule), n8n's credential test, exactly-once Data Management calls and the PAT grep.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';

import { DEFAULT_WORKFLOW_STEPS } from '../../standin/endpoints/methodCommand.cjs';
import { expectedCellsCsv } from '../../support/cells.cjs';
import { makeSelfSignedCertificate } from '../../support/tls.cjs';

import { assert, assertEqual, outputItems } from '../lib/checks.cjs';
import { startScriptedModel, type ScriptedModel } from '../lib/scriptedModel.cjs';
import { batchExample, batchRecipe, sftpCredential } from './batch.cjs';
import { mcpToolChecks } from './mcp.cjs';
import { step } from '../lib/log.cjs';
import { N8n, NODE_TYPE, type RunJson } from '../lib/n8n.cjs';
import { freePort, sleep, StopWaiting, waitFor } from '../lib/proc.cjs';
import { startSftp } from '../lib/services.cjs';
import {
	AGENT_ID,
	AGENT_TOOL_NODE,
	IDENTICAL_JOBS_ID,
	IDENTICAL_JOBS_ROWS,
	identicalJobsWorkflow,
	READ_AFTER_12,
	agentWorkflow,
	SCRIPTED_MODEL_CREDENTIAL,
	ALL_OPS_ID,
	DATA_CELLS_200K,
	newRowsTriggerWorkflow,
	TRIGGER_ID,
	allOperationsWorkflow,
	everySeconds,
	EXAMPLE_CREDENTIAL,
	EXAMPLES,
	exportDir,
	FILE_PAT_ID,
	FILE_PAT_WEBHOOK_PATH,
	filePatWorkflow,
	PROMISES_ID,
	promisesWorkflow,
	RETRY_ON_FAIL_ID,
	retryOnFailWorkflow,
	loadExample,
	withGuardAndWideTools,
	MCP_PATH,
	OPS,
	DIAGNOSE_ID,
	diagnoseWorkflow,
	SILENT_CREDENTIAL,
	type Workflow,
} from '../lib/workflows.cjs';
import {
	addHostileAnswers,
	assertGlCsv,
	assertHostileAnswersSentOnce,
	assertNoSecrets,
	callWebhook,
	certifiedCloseAcrossRestart,
	closeEventSummary,
	credentialsFor,
	expectedGlRows,
	EXPIRED_CREDENTIAL,
	NON_ADMIN_CREDENTIAL,
	newRowsAtTheEdges,
	readBinary,
	type SuiteContext,
	writeCredentialOverwrites,
} from './common.cjs';

export const OWNER = {
	email: 'owner@example.com',
	password: 'E2e-Owner-Passw0rd',
	firstName: 'Ada',
	lastName: 'Owner',
};

/** An HTTPS server with a self-signed certificate: OneStream-like, but not trusted. */
async function startUntrustedHttps(): Promise<{ url: string; close: () => void }> {
	const { key, cert } = makeSelfSignedCertificate();
	const server = https.createServer({ key, cert }, (_req, res) => {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	server.unref();
	return { url: `https://127.0.0.1:${port}`, close: () => server.close() };
}

/** A server on loopback that accepts connections and never answers (the silent server). */
async function startSilentServer(): Promise<{ url: string; close: () => void }> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	server.unref();
	return {
		url: `http://127.0.0.1:${port}`,
		close: () => {
			for (const socket of sockets) socket.destroy();
			server.close();
		},
	};
}

/** Each Diagnose node's checks as [check, result], by node. */
function diagnoseResults(run: RunJson, nodes: string[]): Record<string, Array<[string, string]>> {
	return Object.fromEntries(
		nodes.map((node) => [
			node,
			outputItems(run.data, node).map((item): [string, string] => [
				String(item.json.check),
				String(item.json.result),
			]),
		]),
	);
}

/**
 * Credentials that fail the Test in each way a logon can fail, and what n8n shows for each. The
 * Test is declarative (n8n runs it and cannot read OneStream's reason), so every answer from a
 * server gets the node's one text; failures below HTTP get n8n's own message.
 */
function credentialTestOutcomes(
	standin: SuiteContext['standin'],
	targets: { notOneStream: string; refusedPort: number; untrustedUrl: string },
): Array<{
	label: string;
	credential: { id: string; name: string; type: string; data: Record<string, unknown> };
	message: RegExp;
}> {
	const base = {
		baseUrl: standin.info.url,
		webServerUrl: standin.info.webServerUrl,
		apiPath: standin.apiPath,
		ignoreSSLIssues: false,
	};
	const refusedByOneStream = /^OneStream did not accept the logon\..*AccessAsNonInteractiveUser/s;
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['revoked PAT', { personalAccessToken: standin.info.tokens.revoked }, refusedByOneStream],
		[
			'no AccessAsNonInteractiveUser role',
			{ personalAccessToken: standin.info.tokens.noRole },
			refusedByOneStream,
		],
		[
			'garbage token',
			{ personalAccessToken: 'this-is-not-a-onestream-token-0123456789' },
			refusedByOneStream,
		],
		[
			'not OneStream (n8n itself at the Server URL)',
			{
				baseUrl: targets.notOneStream,
				webServerUrl: '',
				personalAccessToken: standin.info.tokens.valid,
			},
			refusedByOneStream,
		],
		[
			'connection refused',
			{
				baseUrl: `http://127.0.0.1:${targets.refusedPort}`,
				webServerUrl: '',
				personalAccessToken: standin.info.tokens.valid,
			},
			/ECONNREFUSED|refused the connection/i,
		],
		[
			'DNS failure',
			{
				baseUrl: 'https://onestream.invalid',
				webServerUrl: '',
				personalAccessToken: standin.info.tokens.valid,
			},
			/ENOTFOUND|EAI_AGAIN|getaddrinfo|incorrect host/i,
		],
		[
			'https on an http port (TLS mismatch)',
			{
				baseUrl: standin.info.url.replace(/^http:/, 'https:'),
				webServerUrl: '',
				personalAccessToken: standin.info.tokens.valid,
			},
			/EPROTO|SSL|TLS|wrong version/i,
		],
		[
			'untrusted certificate',
			{
				baseUrl: targets.untrustedUrl,
				webServerUrl: '',
				personalAccessToken: standin.info.tokens.valid,
			},
			/self.signed|certificate|SSL/i,
		],
		[
			'user:password@ in the Server URL',
			{
				baseUrl: standin.info.url.replace('://', '://svc:secret@'),
				webServerUrl: '',
				personalAccessToken: standin.info.tokens.valid,
			},
			/The credential's Server URL contains a user name or password \(user:password@\)/,
		],
	];
	return cases.map(([label, data, message], index) => ({
		label,
		credential: {
			id: `osCredTestCase${String(index).padStart(2, '0')}`,
			name: `OneStream Test case: ${label}`,
			type: 'oneStreamApi',
			data: { ...base, ...data },
		},
		message,
	}));
}

export async function regularSuite(ctx: SuiteContext): Promise<void> {
	const { checks, standin } = ctx;
	const suite = `n8n ${ctx.install.version}`;
	// The overwrites file lives beside the instance folder (which N8n empties), outside the PAT grep.
	const overwritesEnv = writeCredentialOverwrites(`${ctx.root}-secrets`, standin.info.tokens.valid);
	const n8n = new N8n(ctx.install, ctx.tc, {
		root: ctx.root,
		port: await freePort(),
		extraEnv: overwritesEnv,
	});
	const runs: Array<[string, string]> = [];
	const examples = {
		headline: loadExample(EXAMPLES.headline, n8n.filesDir),
		webhook: loadExample(EXAMPLES.webhook, n8n.filesDir),
		schedule: everySeconds(loadExample(EXAMPLES.schedule, n8n.filesDir), 4),
		errorOutput: loadExample(EXAMPLES.errorOutput, n8n.filesDir),
		mcp: withGuardAndWideTools(loadExample(EXAMPLES.mcp, n8n.filesDir)),
		certified: loadExample(EXAMPLES.certified, n8n.filesDir),
	};
	const keep = (label: string, run: RunJson) => runs.push([label, JSON.stringify(run)]);
	const restart = async (whileStopped: () => Promise<void>) => {
		await n8n.stop();
		await whileStopped();
		await n8n.start();
		await n8n.setupOwnerAndLogin(OWNER);
	};
	const model: ScriptedModel = await startScriptedModel(/Import_GL/);
	const untrusted = await startUntrustedHttps();
	const silent = await startSilentServer();
	// OpenSSH's SFTP, serving the stand-in's file share: the batch-load recipe drops its files there.
	const sftp = await startSftp(`${ctx.root}-sftp`, ctx.share, n8n.logDir);
	const testOutcomes = credentialTestOutcomes(standin, {
		notOneStream: n8n.baseUrl,
		refusedPort: await freePort(),
		untrustedUrl: untrusted.url,
	});
	const outcomeCredential = (label: string) => {
		const found = testOutcomes.find((outcome) => outcome.label === label);
		assert(found, `credential case ${label}`);
		return found.credential;
	};
	const diagnoseCases = [
		{ name: 'Administrator token', credential: EXAMPLE_CREDENTIAL },
		{ name: 'Without the Administrator role', credential: NON_ADMIN_CREDENTIAL },
		{ name: 'Revoked token', credential: outcomeCredential('revoked PAT') },
		{
			name: 'Not OneStream',
			credential: outcomeCredential('not OneStream (n8n itself at the Server URL)'),
		},
		{ name: 'Silent server', credential: SILENT_CREDENTIAL },
	];

	try {
		await checks.require(
			suite,
			'package installed from npm pack, credentials and workflows imported through the n8n CLI',
			async () => {
				const dest = await n8n.installPackage(ctx.tarball);
				assert(
					fs.existsSync(path.join(dest, 'dist', 'nodes', 'OneStream', 'OneStream.node.js')),
					'the tarball has no dist/nodes/OneStream/OneStream.node.js',
				);
				await n8n.importCredentials([
					...credentialsFor(standin),
					...testOutcomes.map((outcome) => outcome.credential),
					{
						...SILENT_CREDENTIAL,
						type: 'oneStreamApi',
						data: { baseUrl: silent.url, personalAccessToken: standin.info.tokens.valid },
					},
					sftpCredential(sftp),
					{
						...SCRIPTED_MODEL_CREDENTIAL,
						type: 'openAiApi',
						data: { apiKey: 'sk-scripted-model-not-a-secret', url: model.url },
					},
				]);
				await standin.setWorkflowSteps(DEFAULT_WORKFLOW_STEPS);
				await n8n.importWorkflows([
					allOperationsWorkflow(),
					newRowsTriggerWorkflow(),
					filePatWorkflow(),
					retryOnFailWorkflow(),
					promisesWorkflow(),
					examples.headline,
					examples.errorOutput,
					examples.webhook,
					examples.schedule,
					examples.mcp,
					examples.certified,
					agentWorkflow(),
					identicalJobsWorkflow(),
					diagnoseWorkflow(diagnoseCases),
					batchExample(n8n.filesDir),
				]);
			},
		);

		// ------------------------------------------------------------------ manual runs (n8n execute)
		await checks.check(
			suite,
			'every resource and operation runs through `n8n execute` (manual trigger)',
			async () => {
				await standin.reset();
				// Every Analytics answer says "Running" once (an invented status), then is polled.
				await standin.setOptions({ analytics: { runningPolls: 1, pageRows: 50_000 } });
				const executed = await n8n.execute(ALL_OPS_ID);
				await standin.setOptions({ analytics: { runningPolls: 0 } });
				const { run, ok } = executed;
				keep('all-operations run', run);
				assert(ok, `the run failed: ${run.data.resultData.error?.message ?? ''}`);
				const gl = expectedGlRows('Actual', '2026M3');

				const seq = outputItems(run, OPS.executeSequence);
				assertEqual(seq.length, 1, 'executeSequence items');
				assertEqual(seq[0].json.success, true, 'executeSequence success');
				assert(
					JSON.stringify(seq[0].json).includes('Load_Actuals'),
					`executeSequence item does not say what ran: ${JSON.stringify(seq[0].json)}`,
				);
				assert(
					typeof seq[0].json.durationMs === 'number',
					'executeSequence item has no durationMs',
				);

				for (const [node, stepName] of [
					[OPS.executeStep, 'Import_GL'],
					[OPS.brExecute, 'Run_Export_Rule'],
				] as const) {
					const items = outputItems(run, node);
					assertEqual(items.length, 1, `${node} items`);
					assertEqual(items[0].json.success, true, `${node} success`);
					assert(
						JSON.stringify(items[0].json).includes(stepName),
						`${node} item does not name ${stepName}`,
					);
				}

				const rates = outputItems(run, OPS.brGetDataSet);
				assertEqual(rates.length, 6, 'FX_Rates/Rates rows for EUR');
				assert(
					rates.every((r) => r.json.FromCurrency === 'EUR' && typeof r.json.Rate === 'number'),
					`unexpected rate rows ${JSON.stringify(rates[0]?.json)}`,
				);

				const rows = outputItems(run, OPS.adapterRows);
				assertEqual(rows.length, gl.length, 'GL_Export rows (one item per row)');
				const first = rows.find(
					(r) => r.json.Entity === gl[0].Entity && r.json.Account === gl[0].Account,
				);
				assert(
					first && first.json.Amount === gl[0].Amount,
					`GL_Export row ${gl[0].Entity}/${gl[0].Account} wrong: ${JSON.stringify(first?.json)}`,
				);

				const table = outputItems(run, OPS.adapterTable);
				assertEqual(table.length, 1, 'GL_Export items (one item per table)');
				const tableRows = (table[0].json.rows ?? table[0].json.data) as unknown[] | undefined;
				assert(
					Array.isArray(tableRows) && tableRows.length === gl.length,
					`table item has no ${gl.length} rows: ${JSON.stringify(table[0].json).slice(0, 300)}`,
				);

				const file = outputItems(run, OPS.adapterJsonFile);
				assertEqual(file.length, 1, 'GL_Export items (JSON file)');
				const bin = file[0].binary?.export;
				assert(bin, `no binary property "export": ${JSON.stringify(file[0]).slice(0, 300)}`);
				assert(
					String(bin.mimeType).includes('json'),
					`JSON file has mimeType ${String(bin.mimeType)}`,
				);
				const parsed = JSON.parse(readBinary(n8n, bin).toString('utf8')) as unknown[];
				assertEqual(parsed.length, gl.length, 'rows in the JSON file');

				assertEqual(
					outputItems(run, OPS.adapter720).length,
					gl.length,
					'GL_Export rows through API 7.2.0 (Logon, OpenApplication, SI)',
				);

				assertEqual(
					outputItems(run, OPS.cubes).map((item) => item.json.CubeName),
					['AcmeCorp', 'AcmePlan', 'EmptyCube'],
					'Cube › Get Many',
				);
				assertEqual(
					outputItems(run, OPS.hierarchy).map((item) => [item.json.Parent, item.json.Member]),
					[
						[null, 'Total_Acme'],
						['Total_Acme', 'US'],
						['US', 'Houston'],
						['US', 'Dallas'],
						['US', 'Austin'],
						['Total_Acme', 'Europe'],
						['Europe', 'London'],
						['Europe', 'Paris'],
					],
					'Cube › Get Dimension Hierarchy (Entity)',
				);
				assertEqual(
					outputItems(run, OPS.memberProperties).length,
					7,
					'Cube › Get Member Properties (Account)',
				);
				assertEqual(
					outputItems(run, OPS.dataCells).map((item) => [item.json.Entity, item.json.Account]),
					[
						['Houston', 'Sales'],
						['Houston', 'Services'],
					],
					'Cube › Get Data Cells rows',
				);
				const cellsFile = outputItems(run, OPS.dataCellsFile);
				assertEqual(cellsFile.length, 1, 'Cube › Get Data Cells file items');
				assertEqual(cellsFile[0].json.rowCount, 200_000, 'cells in the CSV file');
				const cellsBinary = cellsFile[0].binary?.cells;
				assert(cellsBinary, 'no binary property "cells"');
				const csv = readBinary(n8n, cellsBinary);
				const expectedCsv = expectedCellsCsv(DATA_CELLS_200K);
				const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
				assertEqual(digest(csv), digest(expectedCsv), 'SHA-256 of the 200,000-cell CSV');
				const requests = await standin.requests();
				const polls = requests.filter((r) => r.endpoint === 'Analytics/GetDataRequest');
				step(
					`[${suite}] Cube › Get Data Cells: 200,000 cells in a ${csv.length}-byte CSV (SHA-256 ${digest(csv)}), ${polls.length} GetDataRequest calls for the four Analytics reads (one poll each, then pages 2-4 of the big one)`,
				);
				// Each of the four envelope reads polled page 1 once; the big one then read pages 2, 3, 4.
				assertEqual(polls.length, 7, 'GetDataRequest calls');

				const cv = outputItems(run, OPS.cubeView);
				assertEqual(cv.length, 5, 'Income_Statement rows (5 accounts)');
				const members = outputItems(run, OPS.runSql);
				// Order is the server's collation; compare the set.
				assertEqual(
					members.map((m) => String(m.json.Name)).sort(),
					['Acme DE', 'Acme Group', 'Acme UK', 'Acme US', 'Acme Österreich'].sort(),
					'SQL Member entities',
				);
				const status = outputItems(run, OPS.methodCommand);
				assertEqual(status.length, 6, 'WorkflowStatus rows');
				const units = outputItems(run, OPS.workflowStatus);
				assertEqual(
					units.map((unit) => [unit.json.WorkflowProfile, unit.json.Time, unit.json.Status]),
					[
						['Houston.Import', '2026M3', 'Completed'],
						['Houston.Import', '2026M3', 'Completed'],
						['Houston.Import', '2026M3', 'Completed'],
						['Houston.Import', '2026M3', 'InProcess'],
						['Houston.Import', '2026M3', 'NotExecuted'],
						['Houston.Import', '2026M3', 'NotExecuted'],
					],
					'Workflow › Get Status units',
				);
				const picked = outputItems(run, OPS.adapterPicked);
				assertEqual(
					picked.map((row) => row.json.Account),
					rows.slice(0, 3).map((row) => row.json.Account),
					'the adapter picked from the list, first 3 rows (Max Rows)',
				);
				const pickedHints = (run.data.resultData.runData[OPS.adapterPicked]?.[0]?.hints ?? []).map(
					(hint) => hint.message,
				);
				assert(
					pickedHints.some((message: string | undefined) =>
						/Only the first 3 rows were read \(Max Rows\)/.test(String(message)),
					),
					`no Max Rows notice in the run: ${JSON.stringify(pickedHints)}`,
				);

				assertEqual(
					outputItems(run, OPS.diagnose).map((item) => [item.json.check, item.json.result]),
					['serverUrl', 'logon', 'route52', 'administrator', 'analytics'].map((check) => [
						check,
						'passed',
					]),
					'Connection › Diagnose checks',
				);

				const expired = outputItems(run, OPS.expiredPat);
				assertEqual(
					expired.length,
					1,
					'items from the node with the expired PAT (continue on fail)',
				);
				const errText = JSON.stringify(expired[0].json);
				assert(
					/401/.test(errText) && /AccessAsNonInteractiveUser/.test(errText),
					`the expired-PAT error does not give the 401 checklist: ${errText.slice(0, 400)}`,
				);

				// Each Data Management / business-rule execute reached OneStream exactly once.
				const jobs = await standin.runs();
				const count = (name: string) => jobs.filter((j) => j.name === name).length;
				assertEqual(
					[count('Load_Actuals'), count('Import_GL'), count('Run_Export_Rule')],
					[1, 1, 1],
					'stand-in job runs [Load_Actuals, Import_GL, Run_Export_Rule]',
				);
				const reqs = await standin.requests();
				const dm = reqs.filter((r) => /^DataManagement\//i.test(r.endpoint ?? ''));
				assertEqual(dm.length, 3, 'Data Management requests received by the stand-in');
			},
		);

		await checks.check(
			suite,
			'headline example: sequence, then GL export, then a CSV file written by n8n',
			async () => {
				await standin.reset();
				const { run, ok } = await n8n.execute(examples.headline.id);
				keep('headline run', run);
				assert(ok, `the run failed: ${run.data.resultData.error?.message ?? ''}`);
				const seq = outputItems(run, 'Run Nightly_Consolidation');
				assertEqual(seq[0]?.json.success, true, 'Nightly_Consolidation success');
				const written = outputItems(run, 'Write CSV file');
				assertEqual(written.length, 1, 'items written');
				const file = path.join(exportDir(n8n.filesDir), 'GL_Export_Actual_2026M3.csv');
				assert(fs.existsSync(file), `${file} was not written`);
				assertGlCsv(fs.readFileSync(file, 'utf8'), 'Actual', '2026M3', 'headline CSV');
				const jobs = (await standin.runs()).filter((j) => j.name === 'Nightly_Consolidation');
				assertEqual(jobs.length, 1, 'Nightly_Consolidation runs on the stand-in');
			},
		);

		await checks.check(
			suite,
			'failing sequence with "continue (using error output)": error item with pairedItem, not re-sent',
			async () => {
				await standin.reset();
				const { run, ok } = await n8n.execute(examples.errorOutput.id);
				keep('error-output run', run);
				assert(
					ok,
					`the run should succeed through the error output: ${run.data.resultData.error?.message ?? ''}`,
				);
				const success = outputItems(run, 'Run Failing_Import', 0);
				const errors = outputItems(run, 'Run Failing_Import', 1);
				assertEqual(success.length, 0, 'items on the success output');
				assertEqual(errors.length, 1, 'items on the error output');
				const e = errors[0];
				assert(
					e.pairedItem !== undefined,
					`the error item has no pairedItem: ${JSON.stringify(e)}`,
				);
				assertEqual(
					JSON.stringify(e.pairedItem).replace(/\s/g, ''),
					JSON.stringify({ item: 0 }),
					'pairedItem of the error item',
				);
				const text = JSON.stringify(e.json);
				assert(
					/Import_GL|GL_Accounts|Failing_Import/.test(text),
					`the error item does not carry OneStream's message: ${text}`,
				);
				const alert = outputItems(run, 'Alert the close team');
				assertEqual(alert.length, 1, 'items reaching the error branch');
				assert(
					String(alert[0].json.alert).startsWith('OneStream sequence Failing_Import failed: '),
					`alert text ${String(alert[0].json.alert)}`,
				);
				const reqs = (await standin.requests()).filter((r) =>
					/ExecuteSequence/i.test(r.endpoint ?? r.rawPath),
				);
				assertEqual(
					reqs.length,
					1,
					'ExecuteSequence requests for the failing sequence (never re-sent)',
				);
			},
		);

		await checks.check(
			suite,
			"n8n's Retry On Fail (3 tries) on a failing sequence: n8n runs the node again, the job is sent once",
			async () => {
				await standin.reset();
				const { run, ok } = await n8n.execute(RETRY_ON_FAIL_ID);
				keep('retry-on-fail run', run);
				assert(!ok, 'the run should fail: the sequence fails and is not re-run');
				assert(
					/Failing_Import/.test(run.data.resultData.error?.message ?? ''),
					`unexpected error: ${run.data.resultData.error?.message ?? ''}`,
				);
				const jobs = (await standin.runs()).filter((j) => j.name === 'Failing_Import');
				const reqs = (await standin.requests()).filter((r) =>
					/ExecuteSequence/i.test(r.endpoint ?? r.rawPath),
				);
				assertEqual(
					[jobs.length, reqs.length],
					[1, 1],
					'[job runs, ExecuteSequence requests] for Failing_Import',
				);
			},
		);

		await checks.check(
			suite,
			'hostile answers: a 202, a trickle past the Timeout and a reset under Retry On Fail are unknown outcomes, each job sent once',
			async () => {
				await standin.reset();
				await addHostileAnswers(standin);
				const started = Date.now();
				const { run } = await n8n.execute(PROMISES_ID);
				keep('hostile-answers run', run);
				const elapsed = Date.now() - started;
				await assertHostileAnswersSentOnce(run, standin);
				// The trickle ended at its 1 s Timeout, not when the stand-in stopped writing.
				assert(elapsed < 60_000, `the run took ${elapsed} ms`);
			},
		);

		await checks.check(
			suite,
			`a sequence after a ${IDENTICAL_JOBS_ROWS}-row read runs once by default, and once per row with Run Identical Jobs Once off; [load, consolidate, load] sends three jobs`,
			async () => {
				await standin.reset();
				const { run, ok } = await n8n.execute(IDENTICAL_JOBS_ID);
				keep('identical-jobs run', run);
				assert(ok, `the run failed: ${run.data.resultData.error?.message ?? ''}`);
				const runs = (await standin.runs()).filter((j) => j.name === 'Load_Actuals');
				const of = (branch: string) =>
					runs.filter((j) => j.substitutionVariables.pBranch === branch).length;
				const out = (node: string) => outputItems(run, node);
				assertEqual(
					[
						of('once'),
						of('perItem'),
						out('Load_Actuals (default)').length,
						out('Load_Actuals (per item)').length,
					],
					[1, IDENTICAL_JOBS_ROWS, IDENTICAL_JOBS_ROWS, IDENTICAL_JOBS_ROWS],
					'[Load_Actuals runs (default), runs (per item), output items (default), output items (per item)]',
				);
				const shared = out('Load_Actuals (default)').filter((i) => i.json.sharedJob === true);
				assertEqual(shared.length, IDENTICAL_JOBS_ROWS - 1, 'items marked sharedJob (default)');
				const aba = (await standin.runs())
					.filter((j) => j.substitutionVariables.pBranch === 'aba')
					.map((j) => j.name)
					.sort();
				assertEqual(
					aba,
					['Load_Actuals', 'Load_Actuals', 'Nightly_Consolidation'],
					'jobs OneStream ran for [load, consolidate, load] (Parallel Calls 3)',
				);
				assertEqual(
					out('Load, consolidate, load').map((i) => i.json.sharedJob ?? null),
					[null, null, null],
					'[load, consolidate, load]: no item marked sharedJob',
				);
				// Workflow › Get Status after a 12-item read: sent once, its 6 units out once, paired
				// with all 12 items; with Run Identical Reads Once off, 12 requests and 72 items.
				const statusRequests = (await standin.requests()).filter((r) =>
					/\{2026M2\}/.test(String((r.body as { MethodQuery?: unknown } | undefined)?.MethodQuery)),
				).length;
				const sharedRead = out(READ_AFTER_12.shared);
				const perItemRead = out(READ_AFTER_12.perItem);
				assertEqual(
					statusRequests,
					13,
					'WorkflowStatus requests after 12 items (1 shared + 12 per item)',
				);
				assertEqual(sharedRead.length, 6, 'items out after 12 items, shared');
				assertEqual(perItemRead.length, 72, 'items out after 12 items, per item');
				assertEqual(
					sharedRead.map((item) => (Array.isArray(item.pairedItem) ? item.pairedItem.length : 1)),
					Array(6).fill(12),
					'input items each shared item is paired with',
				);
				step(
					`[${suite}] Get Status after a 12-item read: ${sharedRead.length} items out (paired with 12 each) by default, ${perItemRead.length} with Run Identical Reads Once off; ${statusRequests} requests in all`,
				);
				step(
					`[${suite}] after ${IDENTICAL_JOBS_ROWS} rows: Load_Actuals ran ${of('once')} time(s) by default (${shared.length} items shared it), ${of('perItem')} times with the option off; [A, B, A] ran ${aba.join(', ')}`,
				);
			},
		);

		await checks.check(
			suite,
			'batch-load recipe (example): an ERP export → Batch File › Create → SFTP into Batch\\Harvest (OpenSSH) → the harvest sequence → Get Status: the rows read back equal the rows sent; a bad row ends in the report branch',
			async () => {
				await batchRecipe(n8n, standin, 'osBatchHarvest01', keep, suite);
			},
		);

		await checks.check(
			suite,
			"n8n's AI Agent v3 (the engine runs its tools) with a scripted model: the OneStream job under a reset after the work, Retry On Fail 3 tries, is sent once and the model is told the outcome is unknown",
			async () => {
				await standin.reset();
				await standin.addFault({
					endpoint: 'DataManagement/ExecuteStep',
					name: 'Import_GL',
					afterWork: true,
					times: 1,
					fault: { kind: 'reset' },
				});
				const { run, ok } = await n8n.execute(AGENT_ID);
				keep('AI Agent run', run);
				assert(ok, `the agent run failed: ${run.data.resultData.error?.message ?? ''}`);
				const steps = (await standin.requests()).filter((r) =>
					/ExecuteStep/i.test(r.endpoint ?? r.rawPath),
				);
				const jobRuns = (await standin.runs()).filter((j) => j.name === 'Import_GL');
				assertEqual(
					[steps.length, jobRuns.length],
					[1, 1],
					'[ExecuteStep requests, Import_GL runs] for one tool call',
				);
				// Everything the agent sent the model is searched for the PATs with the rest.
				runs.push(['AI Agent model requests', JSON.stringify(model.requests)]);
				assertEqual(model.toolResults.length, 1, 'tool results the agent sent to the model');
				assert(
					/outcome is unknown/i.test(model.toolResults[0]) &&
						/did not send it again/.test(model.toolResults[0]),
					`the model was told: ${model.toolResults[0].slice(0, 500)}`,
				);
				const toolRuns = run.data.resultData.runData[AGENT_TOOL_NODE]?.length ?? 0;
				step(
					`[${suite}] AI Agent v3: the tool node ran ${toolRuns} time(s) in the run data; OneStream received ${steps.length} request and ran Import_GL ${jobRuns.length} time; the model got ${model.toolResults[0].length} characters back`,
				);
			},
		);

		// ------------------------------------------------------------------ n8n start: webhook, schedule, credential test
		await checks.require(
			suite,
			'webhook and schedule workflows activated through the CLI, `n8n start` healthy',
			async () => {
				await n8n.activate(examples.webhook.id);
				await n8n.activate(examples.schedule.id);
				await n8n.activate(FILE_PAT_ID);
				await n8n.activate(examples.mcp.id);
				await n8n.activate(TRIGGER_ID);
				await n8n.activate(examples.certified.id);
				await standin.reset();
				await standin.clearJournalLines();
				await standin.setWorkflowSteps(DEFAULT_WORKFLOW_STEPS);
				await n8n.start();
				await n8n.setupOwnerAndLogin(OWNER);
			},
		);

		await checks.check(suite, 'the node and its icon are served to the editor', async () => {
			const types = await n8n.http('GET', '/types/nodes.json');
			assertEqual(types.status, 200, '/types/nodes.json status');
			const list = types.json as Array<{ name: string; iconUrl?: unknown; icon?: unknown }>;
			const node = list.find((t) => t.name === NODE_TYPE);
			assert(node, `${NODE_TYPE} is not in /types/nodes.json`);
			const iconUrl =
				typeof node.iconUrl === 'string'
					? node.iconUrl
					: (node.iconUrl as { light?: string } | undefined)?.light;
			assert(iconUrl, `the node has no iconUrl: ${JSON.stringify(node.icon)}`);
			const icon = await n8n.http('GET', `/${iconUrl.replace(/^\//, '')}`);
			assertEqual(icon.status, 200, `GET /${iconUrl}`);
			assert(/<svg/i.test(icon.text), `${iconUrl} is not an SVG`);
		});

		await checks.check(
			suite,
			"credential Test through n8n's REST API: valid PAT OK, expired PAT names the checklist",
			async () => {
				const okRes = await n8n.testCredential(EXAMPLE_CREDENTIAL.id);
				runs.push(['credential test (valid)', JSON.stringify(okRes)]);
				assertEqual(okRes.status, 'OK', `valid PAT test status (message: ${okRes.message})`);
				const bad = await n8n.testCredential(EXPIRED_CREDENTIAL.id);
				runs.push(['credential test (expired)', JSON.stringify(bad)]);
				assertEqual(bad.status, 'Error', 'expired PAT test status');
				for (const word of [
					'AccessAsNonInteractiveUser',
					'inactivity',
					'legacy',
					'complete PAT',
					'expired or been revoked',
				]) {
					assert(bad.message.includes(word), `the failure message lacks "${word}": ${bad.message}`);
				}
			},
		);

		await checks.check(
			suite,
			"credential Test through n8n's REST API for each way a logon fails: revoked, no role, garbage, not OneStream, refused, DNS, TLS mismatch, untrusted certificate, user:password@ (refused before sending)",
			async () => {
				const wrong: string[] = [];
				for (const outcome of testOutcomes) {
					const answer = await n8n.testCredential(outcome.credential.id);
					runs.push([`credential test (${outcome.label})`, JSON.stringify(answer)]);
					step(`[${suite}] credential Test, ${outcome.label}: ${answer.status}: ${answer.message}`);
					if (answer.status !== 'Error' || !outcome.message.test(answer.message))
						wrong.push(`${outcome.label}: ${answer.status} ${answer.message}`);
				}
				assert(wrong.length === 0, `unexpected credential Test answers:\n${wrong.join('\n')}`);
				// Revoked, no role, garbage reach the stand-in; user:password@ must not.
				const basic = (await standin.requests()).filter((r) =>
					/^basic /i.test(r.headers.authorization ?? ''),
				);
				assertEqual(basic.length, 0, 'requests with Basic auth (user:password@ sent)');
			},
		);

		await checks.check(
			suite,
			'Connection › Diagnose for an Administrator token, one without the role, a revoked token, a Server URL that is not OneStream and a silent server: one item per check, nothing run, no token shown',
			async () => {
				const before = (await standin.requests()).length;
				const started = Date.now();
				const { run, ok } = await n8n.execute(DIAGNOSE_ID);
				const elapsedMs = Date.now() - started;
				keep('diagnose', run);
				assert(ok, 'the Diagnose workflow ran');
				const names = diagnoseCases.map((c) => c.name);
				const results = diagnoseResults(run, names);
				for (const name of names) {
					step(`[${suite}] Diagnose, ${name}:`);
					for (const item of outputItems(run.data, name)) {
						const j = item.json;
						process.stdout.write(
							`      ${String(j.check).padEnd(14)} ${String(j.result).padEnd(8)} ${String(j.ms).padStart(5)} ms  ${String(j.detail).slice(0, 150)}\n`,
						);
					}
				}
				step(`[${suite}] the five diagnoses ran side by side in ${elapsedMs} ms (n8n execute)`);
				const checksOf = (list: string) =>
					list.split(' ').map((pair): [string, string] => {
						const [check, result] = pair.split(':');
						return [check, result];
					});
				assertEqual(
					results,
					{
						'Administrator token': checksOf(
							'serverUrl:passed logon:passed route52:passed administrator:passed analytics:passed',
						),
						'Without the Administrator role': checksOf(
							'serverUrl:passed logon:passed route52:passed administrator:failed analytics:passed',
						),
						'Revoked token': checksOf(
							'serverUrl:passed logon:failed route52:failed administrator:failed analytics:failed',
						),
						'Not OneStream': checksOf(
							'serverUrl:passed logon:failed route52:failed administrator:failed analytics:failed',
						),
						'Silent server': checksOf(
							'serverUrl:failed logon:skipped route52:skipped administrator:skipped analytics:skipped',
						),
					},
					'Diagnose results per credential',
				);
				const revoked = outputItems(run.data, 'Revoked token')[1].json;
				assert(
					String(revoked.detail).includes('The personal access token has been revoked.'),
					`the revoked token's logon shows OneStream's reason: ${String(revoked.detail)}`,
				);
				const quiet = outputItems(run.data, 'Silent server')[0].json;
				assert(
					/no answer within the timeout of 5000 ms/.test(String(quiet.detail)),
					`the silent server's check names the Timeout: ${String(quiet.detail)}`,
				);
				// The scheduled example runs jobs meanwhile: count the Diagnose's own requests instead.
				const sent = (await standin.requests()).slice(before);
				const probes = sent.filter((r) =>
					/n8n_diagnose_no_such_adapter|SELECT TOP 1 Name FROM DashboardWorkspace/.test(r.bodyText),
				);
				assertEqual(
					probes.length,
					6,
					'probe requests OneStream received (the made-up adapter and the one-row SQL, for the Administrator, non-Administrator and revoked tokens)',
				);
			},
		);

		await checks.check(
			suite,
			"pick lists through n8n's dynamic-node-parameters endpoint: the stand-in's objects for an Administrator, one line for a token without the role",
			async () => {
				const application = { __rl: true, mode: 'list', value: 'AcmeConsolidation' };
				const lists: Array<[string, string, Record<string, unknown>, string[]]> = [
					[
						'applicationName',
						'searchApplications',
						{},
						['AcmeConsolidation', 'AcmeConsolidation_Test'],
					],
					['workspaceName', 'searchWorkspaces', {}, ['Close_Tools', 'Default']],
					[
						'sequenceName',
						'searchSequences',
						{},
						[
							'Failing_Import',
							'Harvest_Batch',
							'Load_Actuals',
							'Nightly_Consolidation',
							'Slow_Close',
						],
					],
					[
						'sequenceName',
						'searchSequences',
						{ workspaceName: { __rl: true, mode: 'list', value: 'Close_Tools' } },
						['Month_End_Close'],
					],
					['dataManagementGroupName', 'searchDataManagementGroups', {}, ['Close', 'Integration']],
					[
						'stepName',
						'searchSteps',
						{ operation: 'executeStep', dataManagementGroupName: 'Integration' },
						['Failing_Step', 'Import_GL', 'Run_Export_Rule'],
					],
					[
						'adapterName',
						'searchDataAdapters',
						{ resource: 'data', operation: 'getDataAdapter' },
						['Big_Export', 'GL_Export', 'Harvested_Rows', 'Journal_Lines', 'Journal_Lines_All'],
					],
					[
						'cubeViewName',
						'searchCubeViews',
						{ resource: 'data', operation: 'getCubeView' },
						['Big_CubeView', 'Income_Statement'],
					],
					[
						'cubeName',
						'searchCubes',
						{ resource: 'cube', operation: 'getDataCells' },
						['AcmeCorp', 'AcmePlan', 'EmptyCube'],
					],
				];
				for (const [parameter, methodName, extra, expected] of lists) {
					const answer = await n8n.listSearch({
						parameter,
						methodName,
						parameters: {
							resource: 'dataManagement',
							operation: 'executeSequence',
							applicationName: application,
							...extra,
						},
						credential: EXAMPLE_CREDENTIAL,
					});
					runs.push([
						`list ${methodName} ${JSON.stringify(extra)}`,
						JSON.stringify(answer.results),
					]);
					assertEqual(answer.status, 200, `${methodName} status (${answer.message})`);
					assertEqual(
						answer.results.map((entry) => entry.value),
						expected,
						`${methodName} ${JSON.stringify(extra)}`,
					);
				}
				const refused = await n8n.listSearch({
					parameter: 'sequenceName',
					methodName: 'searchSequences',
					parameters: {
						resource: 'dataManagement',
						operation: 'executeSequence',
						applicationName: application,
					},
					credential: NON_ADMIN_CREDENTIAL,
				});
				runs.push([
					'list searchSequences (not an Administrator)',
					`${refused.status} ${refused.message}`,
				]);
				assert(refused.status >= 400, `a non-admin list answered ${refused.status}`);
				assertEqual(
					refused.message,
					'Listing sequences needs the Administrator role in OneStream; choose By Name and type the name instead',
					'the non-admin list message',
				);
			},
		);

		await checks.check(
			suite,
			'webhook workflow: GET /webhook/onestream/gl-export answers with the adapter rows (undici)',
			async () => {
				const call = (query: string) => callWebhook(n8n.baseUrl, `onestream/gl-export${query}`);
				const all = await call('');
				assertEqual(
					all.length,
					expectedGlRows('Actual', '2026M3').length,
					'rows answered for Actual/2026M3',
				);
				const uk = await call('?entity=Acme%20UK&period=2026M2');
				const expected = expectedGlRows('Actual', '2026M2', 'Acme UK');
				assertEqual(uk.length, expected.length, 'rows answered for Acme UK/2026M2');
				assertEqual(
					uk.map((r) => [r.Account, r.Amount]),
					expected.map((r) => [r.Account, r.Amount]),
					'Acme UK 2026M2 accounts and amounts',
				);
			},
		);

		await checks.check(
			suite,
			'MCP Server Trigger with the OneStream tools, through the official MCP SDK client: tools listed, a read capped at Max Rows, a job refused without the opt-in, a job under a reset after the work sent once with Retry On Fail',
			async () => {
				// The schedule workflow runs Load_Actuals with its own pRunId; the tool's job has none.
				const transcript = await mcpToolChecks(
					`${n8n.baseUrl}/mcp/${MCP_PATH}`,
					standin,
					ctx.install.major,
				);
				runs.push(['MCP transcript', JSON.stringify(transcript)]);
				for (const line of transcript.summary) step(`[${suite}] MCP ${line}`);
			},
		);

		await checks.check(
			suite,
			'a credential saved without a PAT gets it from a file (CREDENTIALS_OVERWRITE_DATA_FILE), webhook run',
			async () => {
				// No stand-in reset: the schedule check that follows counts the job runs of earlier executions.
				const before = (await standin.requests()).length;
				const rows = await callWebhook(n8n.baseUrl, FILE_PAT_WEBHOOK_PATH);
				assertEqual(
					rows.length,
					expectedGlRows('Actual', '2026M3').length,
					'GL_Export rows with the PAT from the file',
				);
				// The schedule workflow (another credential, same PAT) may call in between: every header must carry the PAT.
				const sent = (await standin.requests()).slice(before).map((r) => r.headers.authorization);
				assert(
					sent.length > 0 && sent.every((h) => h === `Bearer ${standin.info.tokens.valid}`),
					`Authorization headers sent: ${sent.length} (not all the PAT from the file)`,
				);
			},
		);

		await checks.check(
			suite,
			'schedule workflow: ≥2 runs (every 4 s) of sequence → export → file, checked through the REST API',
			async () => {
				const done = await waitFor(
					'two successful schedule executions',
					async () => {
						const list = await n8n.listExecutions(examples.schedule.id);
						const failed = list.filter((e) => e.status === 'error' || e.status === 'crashed');
						if (failed.length) {
							const ex = await n8n.getExecution(failed[0].id);
							throw new StopWaiting(
								`schedule execution ${failed[0].id} ${failed[0].status}: ${JSON.stringify(ex.data.resultData.error ?? {}).slice(0, 500)}`,
							);
						}
						const ok = list.filter((e) => e.status === 'success');
						return ok.length >= 2 ? ok : undefined;
					},
					{ timeoutMs: 90000, intervalMs: 2000 },
				);
				const jobs = (await standin.runs()).filter((j) => j.name === 'Load_Actuals');
				for (const e of done) {
					assertEqual(e.mode, 'trigger', `mode of execution ${e.id}`);
					const ex = await n8n.getExecution(e.id);
					runs.push([`schedule execution ${e.id}`, ex.raw]);
					const seq = outputItems({ resultData: ex.data.resultData }, 'Run Load_Actuals');
					assertEqual(seq[0]?.json.success, true, `Load_Actuals success in execution ${e.id}`);
					outputItems({ resultData: ex.data.resultData }, 'Write CSV file');
					const file = path.join(exportDir(n8n.filesDir), `GL_Export_Actual_run${e.id}.csv`);
					assert(fs.existsSync(file), `execution ${e.id} did not write ${file}`);
					assertGlCsv(
						fs.readFileSync(file, 'utf8'),
						'Actual',
						undefined,
						`CSV of execution ${e.id}`,
					);
					const mine = jobs.filter((j) => j.substitutionVariables.pRunId === String(e.id));
					assertEqual(
						mine.length,
						1,
						`Load_Actuals runs on the stand-in for execution ${e.id} (exactly once)`,
					);
				}
			},
		);

		await checks.check(
			suite,
			'OneStream Trigger (New Rows, two Poll Times on the same second of every minute): every new journal line exactly once, across lines sharing a timestamp, a restart of n8n, and an answer slower than the poll interval (no poll beside it)',
			async () => {
				const keep = (label: string, raw: string) => runs.push([label, raw]);
				const outcome = await newRowsAtTheEdges(n8n, standin, keep, restart, [
					{ workflowId: TRIGGER_ID, adapter: 'Journal_Lines' },
				]);
				const { emitted, besideSlowPoll } = outcome[TRIGGER_ID];
				step(
					`[${suite}] OneStream Trigger emitted journal lines ${JSON.stringify(emitted)}; polls that reached OneStream beside the slow one: ${besideSlowPoll}`,
				);
				assertEqual(emitted, [1, 2, 3, 4, 5, 6, 7, 8, 9], 'every line once, in order');
				assertEqual(besideSlowPoll, 0, 'polls beside the slow one that reached OneStream');
			},
		);

		await checks.check(
			suite,
			'certified-close example (OneStream Trigger, Workflow Status Changed, every minute): one export and message when the Certify step becomes Completed, none for other steps or Certify becoming InProcess, across a restart of n8n',
			async () => {
				const keep = (label: string, raw: string) => runs.push([label, raw]);
				const all = await certifiedCloseAcrossRestart(n8n, standin, keep, restart, 'NotExecuted');
				step(
					`[${suite}] certified-close example: events ${JSON.stringify(all.map(closeEventSummary))}; messages ${JSON.stringify(all.map((e) => e.message))}`,
				);
			},
		);
	} finally {
		step(`[${suite}] stopping n8n`);
		await n8n.stop();
		await model.close();
		silent.close();
		await sftp.stop();
	}

	await checks.check(
		suite,
		'neither the PAT nor the SFTP password appears anywhere: database, execution data, logs, stdout/stderr, written files',
		async () => {
			// Whole-run counters first: nothing was sent twice.
			await sleep(0);
			const r = assertNoSecrets(n8n.allFiles(), runs, [
				standin.info.tokens.valid,
				standin.info.tokens.expired,
				sftp.password,
			]);
			assert(r.files > 10, `only ${r.files} files were searched`);
			step(
				`[${suite}] searched ${r.files} files and ${runs.length} execution records (${(r.bytes / 1e6).toFixed(1)} MB) for the PATs and the SFTP password`,
			);
		},
	);
}

export type { Workflow };
