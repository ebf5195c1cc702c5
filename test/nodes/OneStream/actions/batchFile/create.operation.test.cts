/**
 * Batch File › Create through n8n's engine: files named by OneStream's "Batch File Name Format
 * Specification" (its own examples included), one per target mapped from the items, their
 * delimited content byte for byte, and every name the harvest would skip refused before anything
 * leaves n8n. Nothing is sent to OneStream.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { batchFileName } from '../../../../../nodes/OneStream/actions/batchFile/batchFiles';
import type { StandIn } from '../../../../standin/index.cjs';
import { binaryContent, runOneStreamNode } from '../../../../support/harness.cjs';
import {
	applicationByName,
	credentialsFor,
	jsonOf,
	nodeErrorMessage,
	startTestStandIn,
} from '../../../../support/standIn.cjs';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

function create(extra: IDataObject = {}) {
	return {
		resource: 'batchFile',
		operation: 'create',
		fileId: 'GL',
		workflowProfile: '={{ $json.profile }}',
		time: '={{ $json.period }}',
		columns: 'Entity, Account, Amount',
		...extra,
	};
}

const rows: IDataObject[] = [
	{ profile: 'Houston.Import', period: '2026M1', Entity: 'Houston', Account: 'Sales', Amount: 100 },
	{ profile: 'Dallas.Import', period: '2026M1', Entity: 'Dallas', Account: 'Sales', Amount: 200.5 },
	{ profile: 'Houston.Import', period: '2026M2', Entity: 'Houston', Account: 'COGS', Amount: -40 },
	{ profile: 'Houston.Import', period: '2026M1', Entity: 'Houston', Account: 'Opex', Amount: 7 },
];

const paired = (item: INodeExecutionData) =>
	(Array.isArray(item.pairedItem) ? item.pairedItem : [item.pairedItem]).map((p) =>
		typeof p === 'object' && p !== null ? p.item : p,
	);

async function files(output: INodeExecutionData[]) {
	return await Promise.all(
		output.map(async (item) => {
			const data = item.binary?.data;
			if (data === undefined) throw new Error(`no file in ${String(item.json.fileName)}`);
			return {
				name: item.json.fileName,
				text: (await binaryContent(data)).toString('utf8'),
				items: paired(item),
			};
		}),
	);
}

it('makes one file per profile and period, named by the specification, with the rows of each', async () => {
	const result = await runOneStreamNode({
		parameters: create(),
		items: rows,
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect(await files(result.output)).toEqual([
		{
			name: 'GL-Houston;Import-Actual-2026M1-R.txt',
			text: 'Entity,Account,Amount\r\nHouston,Sales,100\r\nHouston,Opex,7\r\n',
			items: [0, 3],
		},
		{
			name: 'GL-Dallas;Import-Actual-2026M1-R.txt',
			text: 'Entity,Account,Amount\r\nDallas,Sales,200.5\r\n',
			items: [1],
		},
		{
			name: 'GL-Houston;Import-Actual-2026M2-R.txt',
			text: 'Entity,Account,Amount\r\nHouston,COGS,-40\r\n',
			items: [2],
		},
	]);
	expect(jsonOf(result.output)[0]).toMatchObject({
		fileId: 'GL',
		workflowProfile: 'Houston.Import',
		scenario: 'Actual',
		time: '2026M1',
		loadMethod: 'R',
		rowCount: 2,
		columns: ['Entity', 'Account', 'Amount'],
	});
	expect(result.output[0].binary?.data).toMatchObject({
		fileName: 'GL-Houston;Import-Actual-2026M1-R.txt',
		mimeType: 'text/plain',
	});
	// Nothing left n8n.
	expect(standIn.requests).toHaveLength(0);
});

it.each<[string, Parameters<typeof batchFileName>[0], string]>([
	[
		"the specification's own example",
		{
			fileId: 'aTrialBalance',
			workflowProfile: 'Houston.Import',
			scenario: 'Actual',
			time: '2011M1',
			loadMethod: 'R',
		},
		'aTrialBalance-Houston;Import-Actual-2011M1-R.txt',
	],
	[
		'the current scenario (C)',
		{
			fileId: 'A',
			workflowProfile: 'Houston.Import',
			scenario: 'C',
			time: '2011M1',
			loadMethod: 'R',
		},
		'A-Houston;Import-C-2011M1-R.txt',
	],
	[
		'the global time (G), appended',
		{
			fileId: 'A',
			workflowProfile: 'Houston;Import',
			scenario: 'Actual',
			time: 'G',
			loadMethod: 'A',
		},
		'A-Houston;Import-Actual-G-A.txt',
	],
])('names %s', (_label, target, name) => {
	expect(batchFileName(target)).toBe(name);
});

it('writes with the delimiter and header chosen, quoting what needs it', async () => {
	const result = await runOneStreamNode({
		parameters: create({
			workflowProfile: 'Houston.Import',
			time: '2026M3',
			columns: 'Entity, Note, Amount',
			options: { delimiter: '\t', header: false },
		}),
		items: [
			{ Entity: 'Houston', Note: 'tab\there', Amount: 1 },
			{ Entity: 'Dallas', Note: 'say "hi"', Amount: 2 },
			{ Entity: 'Austin', Note: ' padded ', Amount: null },
		],
		credentials: credentialsFor(standIn),
	});
	expect((await files(result.output))[0].text).toBe(
		'Houston\t"tab\there"\t1\r\nDallas\t"say ""hi"""\t2\r\nAustin\t" padded "\t\r\n',
	);
});

describe('refuses what the harvest would skip, before anything leaves n8n', () => {
	it.each<[string, IDataObject, string]>([
		[
			'a profile that is not Parent.Child',
			{ workflowProfile: 'Houston' },
			'Workflow Profile "Houston" is not an import profile written Parent.Child',
		],
		[
			'a hyphen in the File ID',
			{ fileId: 'GL-2026' },
			'File ID "GL-2026" contains "-", which a batch file name cannot hold',
		],
		[
			'a slash in the time',
			{ time: '2026/03' },
			'Time "2026/03" contains "/", which a batch file name cannot hold',
		],
		['a time that comes out empty', { time: '={{ "" }}' }, 'Time is empty'],
		[
			'a column no item has',
			{ columns: 'Entity, Amout' },
			'No item of GL-Houston;Import-Actual-2026M1-R.txt has the column "Amout"',
		],
	])('%s', async (_label, extra, message) => {
		const result = await runOneStreamNode({
			parameters: create({ workflowProfile: 'Houston.Import', time: '2026M1', ...extra }),
			items: [rows[0]],
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('error');
		expect(nodeErrorMessage(result)).toBe(message);
	});

	it('a value that is not one (an object), naming the column', async () => {
		const result = await runOneStreamNode({
			parameters: create({ workflowProfile: 'Houston.Import', time: '2026M1' }),
			items: [{ Entity: 'Houston', Account: 'Sales', Amount: { value: 1 } }],
			credentials: credentialsFor(standIn),
		});
		expect(nodeErrorMessage(result)).toMatch(/^The column "Amount" holds an object/);
	});

	it('with Continue On Fail, the bad item gets an error and the others their files', async () => {
		const result = await runOneStreamNode({
			parameters: create(),
			items: [rows[0], { ...rows[1], profile: 'Dallas' }, rows[2]],
			credentials: credentialsFor(standIn),
			onError: 'continueRegularOutput',
		});
		const out = jsonOf(result.output);
		expect(out[0].error).toBe(
			'Workflow Profile "Dallas" is not an import profile written Parent.Child',
		);
		expect(paired(result.output[0])).toEqual([1]);
		expect(out.slice(1).map((file) => file.fileName)).toEqual([
			'GL-Houston;Import-Actual-2026M1-R.txt',
			'GL-Houston;Import-Actual-2026M2-R.txt',
		]);
	});
});

describe('the recipe against the stand-in: files into Batch\\Harvest, the harvest sequence, status, rows back', () => {
	async function drop(output: INodeExecutionData[]) {
		for (const file of await files(output)) {
			fs.writeFileSync(path.join(standIn.harvestDir, String(file.name)), file.text);
		}
	}

	const harvest = async () =>
		await runOneStreamNode({
			parameters: {
				resource: 'dataManagement',
				operation: 'executeSequence',
				applicationName: applicationByName(),
				sequenceName: 'Harvest_Batch',
			},
			credentials: credentialsFor(standIn),
		});

	it('imports the rows sent, says the import completed, and reads back exactly those rows', async () => {
		const made = await runOneStreamNode({
			parameters: create(),
			items: rows,
			credentials: credentialsFor(standIn),
		});
		await drop(made.output);
		expect((await harvest()).status).toBe('success');
		const status = await runOneStreamNode({
			parameters: {
				resource: 'workflow',
				operation: 'getStatus',
				applicationName: applicationByName(),
				workflowProfile: 'Houston.Import',
				time: '2026M1',
			},
			credentials: credentialsFor(standIn),
		});
		expect(
			jsonOf(status.output)
				.map((unit) => [unit.WorkflowStep, unit.Status])
				.slice(0, 3),
		).toEqual([
			['Import', 'Completed'],
			['Validate', 'Completed'],
			['Load', 'Completed'],
		]);
		const back = await runOneStreamNode({
			parameters: {
				resource: 'data',
				operation: 'getDataAdapter',
				applicationName: applicationByName(),
				adapterName: 'Harvested_Rows',
				substitutionVariables: {
					variable: [
						{ name: 'pProfile', value: 'Houston.Import' },
						{ name: 'pTime', value: '2026M1' },
					],
				},
			},
			credentials: credentialsFor(standIn),
		});
		expect(jsonOf(back.output)).toEqual(
			[rows[0], rows[3]].map(({ Entity, Account, Amount }) => ({ Entity, Account, Amount })),
		);
	});

	it('fails the harvest on a malformed row, with the file and row, and leaves the import in process', async () => {
		const made = await runOneStreamNode({
			parameters: create({ workflowProfile: 'Austin.Import', time: '2026M4' }),
			items: [{ Entity: 'Austin', Account: 'Sales', Amount: 'n/a' }],
			credentials: credentialsFor(standIn),
		});
		await drop(made.output);
		const run = await harvest();
		expect(run.status).toBe('error');
		expect(String(run.nodeError?.description ?? '') + nodeErrorMessage(run)).toContain(
			'GL-Austin;Import-Actual-2026M4-R.txt: Row 1: Amount "n/a" is not a number.',
		);
	});
});
