/**
 * A saved workflow JSON (as exported from n8n) run end to end: two OneStream nodes chained, the
 * second reading the first node's input through `$('Periods').item`, which only works when every
 * output item is paired with the right input item.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { StandIn } from '../../standin/index.cjs';
import { VALID_PAT } from '../../standin/index.cjs';
import { factRows } from '../../standin/data.cjs';
import type { WorkflowDefinition } from '../../support/harness.cjs';
import { binaryContent, CREDENTIAL_TYPE, runWorkflow } from '../../support/harness.cjs';
import { requestsTo, startTestStandIn } from '../../support/standIn.cjs';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

const workflow = JSON.parse(
	readFileSync(join(__dirname, 'workflows', 'nightly-close.workflow.json'), 'utf8'),
) as WorkflowDefinition;

/** The GL rows as CSV, written out here for values that need no quoting (checked below). */
function expectedCsv(time: string, entity: string): string {
	const columns = [
		'Entity',
		'Account',
		'Scenario',
		'Time',
		'Amount',
		'Currency',
		'Comment',
	] as const;
	const rows = factRows().filter(
		(row) => row.Scenario === 'Actual' && row.Time === time && row.Entity === entity,
	);
	const lines = rows.map((row) =>
		columns
			.map((column) => {
				const value = row[column];
				const text = value === null ? '' : String(value);
				expect(text).not.toMatch(/[",\r\n]|^ | $/);
				return text;
			})
			.join(','),
	);
	return [columns.join(','), ...lines].map((line) => `${line}\r\n`).join('');
}

it('runs the saved workflow: one job per period, then one CSV per period, each from its own period', async () => {
	const result = await runWorkflow(workflow, {
		credentials: { [CREDENTIAL_TYPE]: { baseUrl: standIn.url, personalAccessToken: VALID_PAT } },
	});
	expect(result.status).toBe('success');
	expect(result.executionOrder).toEqual(['Start', 'Periods', 'Load actuals', 'Export GL']);

	expect(standIn.runs.map((run) => run.substitutionVariables)).toEqual([
		{ pTime: '2026M1' },
		{ pTime: '2026M2' },
	]);
	expect(
		requestsTo(standIn, 'DataProvider/GetAdoDataSetForAdapter')
			.map(
				(request) =>
					(request.body as { CustomSubstVarsAsCommaSeparatedPairs: string })
						.CustomSubstVarsAsCommaSeparatedPairs,
			)
			.sort(),
	).toEqual([
		'pScenario=[Actual],pTime=[2026M1],pEntity=[Acme UK]',
		'pScenario=[Actual],pTime=[2026M2],pEntity=[Acme DE]',
	]);

	const files = result.nodes['Export GL'].outputs[0];
	expect(files.map((item) => item.json.fileName)).toEqual(['gl-2026M1.csv', 'gl-2026M2.csv']);
	expect(files.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	const contents = await Promise.all(
		files.map(async (item) =>
			(await binaryContent(item.binary?.data ?? { data: '', mimeType: '' })).toString('utf8'),
		),
	);
	expect(contents).toEqual([expectedCsv('2026M1', 'Acme UK'), expectedCsv('2026M2', 'Acme DE')]);
});
