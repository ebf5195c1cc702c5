/**
 * Run Identical Reads Once, through n8n's engine against the stand-in: a read after a multi-item
 * node is sent once per distinct read, and its rows come out once, paired with every item that
 * asked; the option off reads once per item, as n8n would.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { StandIn } from '../../../standin/index.cjs';
import { runOneStreamNode } from '../../../support/harness.cjs';
import {
	applicationByName,
	credentialsFor,
	jsonOf,
	requestsTo,
	startFaultStandIn,
} from '../../../support/standIn.cjs';

const METHOD = 'DataProvider/GetAdoDataSetForMethodCommand';
const ADAPTER = 'DataProvider/GetAdoDataSetForAdapter';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startFaultStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

/** Workflow › Get Status of one close: six workflow units. */
function getStatus(options: IDataObject = {}) {
	return {
		resource: 'workflow',
		operation: 'getStatus',
		applicationName: applicationByName(),
		workflowProfile: 'Houston.Import',
		scenario: 'Actual',
		time: '2026M3',
		options,
	};
}

const twelve = Array.from({ length: 12 }, (_, i) => ({ cube: `Cube${i}` }));

const paired = (items: INodeExecutionData[]) =>
	items.map((item) =>
		(Array.isArray(item.pairedItem) ? item.pairedItem : [item.pairedItem]).map((p) =>
			typeof p === 'object' && p !== null ? p.item : p,
		),
	);

it('after a 12-item node, sends the read once and puts its rows out once, paired with all 12 items', async () => {
	const result = await runOneStreamNode({
		parameters: getStatus(),
		items: twelve,
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect(requestsTo(standIn, METHOD)).toHaveLength(1);
	expect(result.output).toHaveLength(6);
	const everyItem = Array.from({ length: 12 }, (_, i) => i);
	expect(paired(result.output)).toEqual(Array(6).fill(everyItem));
});

it('reads once per item, rows and all, with Run Identical Reads Once off', async () => {
	const result = await runOneStreamNode({
		parameters: getStatus({ runIdenticalReadsOnce: false }),
		items: twelve,
		credentials: credentialsFor(standIn),
	});
	expect(requestsTo(standIn, METHOD)).toHaveLength(12);
	expect(result.output).toHaveLength(72);
	expect(paired(result.output).slice(0, 7)).toEqual([[0], [0], [0], [0], [0], [0], [1]]);
});

it('shares only identical reads: items asking for other variables read their own, in input order', async () => {
	const result = await runOneStreamNode({
		parameters: {
			resource: 'data',
			operation: 'getDataAdapter',
			applicationName: applicationByName(),
			adapterName: 'GL_Export',
			substitutionVariables: {
				variable: [
					{ name: 'pScenario', value: 'Actual' },
					{ name: 'pTime', value: '={{ $json.time }}' },
				],
			},
			options: { parallelCalls: 3 },
		},
		items: [{ time: '2026M1' }, { time: '2026M2' }, { time: '2026M1' }, { time: '2026M2' }],
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect(requestsTo(standIn, ADAPTER)).toHaveLength(2);
	const rows = jsonOf(result.output);
	const months = [...new Set(rows.map((row) => row.Time))];
	expect(months).toEqual(['2026M1', '2026M2']);
	expect(new Set(paired(result.output).map((p) => JSON.stringify(p)))).toEqual(
		new Set(['[0,2]', '[1,3]']),
	);
});

it('gives every item that shared a failed read the failure, with one request', async () => {
	standIn.addFault({ endpoint: METHOD, fault: { kind: 'status', status: 500, message: 'Boom' } });
	const result = await runOneStreamNode({
		parameters: getStatus({ maxRetries: 0 }),
		items: twelve.slice(0, 3),
		credentials: credentialsFor(standIn),
		onError: 'continueRegularOutput',
	});
	expect(requestsTo(standIn, METHOD)).toHaveLength(1);
	expect(paired(result.output)).toEqual([[0], [1], [2]]);
	for (const item of jsonOf(result.output)) expect(String(item.error)).toContain('Boom');
});

it('writes one file for identical reads, paired with every item', async () => {
	const result = await runOneStreamNode({
		parameters: { ...getStatus(), output: 'file' },
		items: twelve.slice(0, 4),
		credentials: credentialsFor(standIn),
	});
	expect(requestsTo(standIn, METHOD)).toHaveLength(1);
	expect(result.output).toHaveLength(1);
	expect(result.output[0].binary).toBeDefined();
	expect(paired(result.output)).toEqual([[0, 1, 2, 3]]);
});

it('lists the cubes once for identical items (Cube › Get Many)', async () => {
	const result = await runOneStreamNode({
		parameters: { resource: 'cube', operation: 'getMany', applicationName: applicationByName() },
		items: twelve.slice(0, 5),
		credentials: credentialsFor(standIn),
	});
	expect(requestsTo(standIn, 'Analytics/GetCubeList')).toHaveLength(1);
	expect(jsonOf(result.output).map((cube) => cube.CubeName)).toEqual([
		'AcmeCorp',
		'AcmePlan',
		'EmptyCube',
	]);
	expect(paired(result.output)).toEqual(Array(3).fill([0, 1, 2, 3, 4]));
});
