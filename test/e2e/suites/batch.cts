/**
 * The batch-load recipe (examples/batch-load-harvest.json) in real n8n: an ERP export read from
 * disk, OneStream › Batch File › Create, n8n's own SFTP node into the Batch\Harvest folder of an
 * OpenSSH server, the harvest sequence, Workflow › Get Status, and the report branch.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { assert, assertEqual, outputItems } from '../lib/checks.cjs';
import { step } from '../lib/log.cjs';
import type { N8n, RunJson } from '../lib/n8n.cjs';
import type { Sftp } from '../lib/services.cjs';
import type { StandIn } from '../lib/standin.cjs';
import { EXAMPLES, loadExample, type Workflow } from '../lib/workflows.cjs';

export const SFTP_CREDENTIAL = { id: 'osCredSftp000001', name: 'OneStream SFTP (File Share)' };

/** The credential of the example's SFTP node, for this server. */
export function sftpCredential(sftp: Sftp) {
	return {
		...SFTP_CREDENTIAL,
		type: 'sftp',
		data: { host: sftp.host, port: sftp.port, username: sftp.username, password: sftp.password },
	};
}

/** The example, run from a manual trigger in place of its schedule (n8n execute needs one). */
export function batchExample(filesDir: string): Workflow {
	const workflow = loadExample(EXAMPLES.batch, filesDir);
	const schedule = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
	if (!schedule) throw new Error('the batch example has no schedule trigger');
	schedule.type = 'n8n-nodes-base.manualTrigger';
	schedule.typeVersion = 1;
	schedule.parameters = {};
	return workflow;
}

/** An ERP export: Entity, Account, Amount, Period. */
function writeExport(filesDir: string, lines: string[][]): void {
	const text = ['Entity,Account,Amount,Period', ...lines.map((line) => line.join(','))].join('\n');
	fs.writeFileSync(path.join(filesDir, 'erp-gl-actuals.csv'), `${text}\n`);
}

const GOOD = [
	['Houston', 'Sales', '100', '2026M1'],
	['Dallas', 'Sales', '200.5', '2026M1'],
	['Houston', 'COGS', '-40', '2026M2'],
	['Houston', 'Opex', '7', '2026M1'],
];

/** Runs the recipe with good rows, then with a bad one; returns what it saw, for the log. */
export async function batchRecipe(
	n8n: N8n,
	standin: StandIn,
	workflowId: string,
	keep: (label: string, run: RunJson) => void,
	suite: string,
): Promise<void> {
	writeExport(n8n.filesDir, GOOD);
	const good = await n8n.execute(workflowId);
	keep('batch recipe (good rows)', good.run);
	assert(good.ok, 'the recipe ran');
	const files = outputItems(good.run, 'Create batch files').map((item) => item.json.fileName);
	assertEqual(
		files,
		[
			'ERP-Houston;Import-Actual-2026M1-R.txt',
			'ERP-Dallas;Import-Actual-2026M1-R.txt',
			'ERP-Houston;Import-Actual-2026M2-R.txt',
		],
		'batch files made',
	);
	for (const [entity, time] of [
		['Houston', '2026M1'],
		['Dallas', '2026M1'],
		['Houston', '2026M2'],
	]) {
		const sent = GOOD.filter((line) => line[0] === entity && line[3] === time).map(
			([e, account, amount]) => ({ Entity: e, Account: account, Amount: Number(amount) }),
		);
		const back = await standin.harvested(`${entity}.Import`, 'Actual', time);
		step(
			`[${suite}] batch ${entity}.Import ${time}: sent ${JSON.stringify(sent)}, read back ${JSON.stringify(back.rows)}`,
		);
		assertEqual(back.rows, sent, `rows read back for ${entity}.Import ${time}`);
	}
	const imports = outputItems(good.run, 'Import status of each file')
		.filter((item) => item.json.WorkflowStep === 'Import')
		.map((item) => [item.json.WorkflowProfile, item.json.Time, item.json.Status]);
	assertEqual(
		imports,
		[
			['Houston.Import', '2026M1', 'Completed'],
			['Dallas.Import', '2026M1', 'Completed'],
			['Houston.Import', '2026M2', 'Completed'],
		],
		'the Import step of each file, after the harvest',
	);
	assertEqual(
		outputItems(good.run, 'Import not completed?').length,
		0,
		'imports not completed after good rows',
	);
	assert(
		!('Report the failed import' in good.run.data.resultData.runData),
		'no report after good rows',
	);
	const jobs = (await standin.runs()).filter((run) => run.name === 'Harvest_Batch');
	assertEqual(jobs.length, 1, 'harvest sequences run (the three files share one)');

	writeExport(n8n.filesDir, [['Austin', 'Sales', 'n/a', '2026M4']]);
	const bad = await n8n.execute(workflowId);
	keep('batch recipe (a bad row)', bad.run);
	const reports = outputItems(bad.run, 'Report the failed import').map((item) => item.json.report);
	step(`[${suite}] batch with a bad row: ${JSON.stringify(reports)}`);
	assertEqual(reports.length, 1, 'reports after a bad row');
	assert(
		/Austin\.Import Actual 2026M4 did not complete \(Import: InProcess\)/.test(
			String(reports[0]),
		) && /Row 1: Amount "n\/a" is not a number/.test(String(reports[0])),
		`the report names the unit and the row: ${String(reports[0])}`,
	);
	assertEqual(
		(await standin.harvested('Austin.Import', 'Actual', '2026M4')).rows,
		[],
		'rows loaded from the bad file',
	);
}
