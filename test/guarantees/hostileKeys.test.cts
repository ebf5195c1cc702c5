/**
 * Rows whose column names are `__proto__`, `constructor`, `prototype`, `toString`… go through the
 * real node inside n8n's engine, in every output shape, and stay plain data: the values arrive as
 * own properties, the objects keep their prototype, and Object.prototype is untouched.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { AdapterDef, DashboardDataSetRuleDef, DataRow, StandIn } from '../standin/index.cjs';
import { sampleData } from '../standin/index.cjs';
import { binaryContent, runOneStreamNode } from '../support/harness.cjs';
import { expectNoSecret, trackUncaught } from '../support/checks.cjs';
import { parseCsv } from '../support/csv.cjs';
import {
	applicationByName,
	CANARY_PAT,
	canaryCredentials,
	startFaultStandIn,
} from '../support/standIn.cjs';

const HOSTILE = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'valueOf',
	'hasOwnProperty',
	'toJSON',
	'__defineGetter__',
	'isPrototypeOf',
];

function hostileRow(index: number): DataRow {
	const row: DataRow = { Id: index };
	// Defined, not assigned: assignment to `__proto__` would set the prototype instead.
	for (const key of HOSTILE)
		Object.defineProperty(row, key, {
			value: `${key}-${index}`,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	return row;
}

const HOSTILE_ADAPTER: AdapterDef = {
	name: 'Hostile_Keys',
	workspace: 'Default',
	isSystemLevel: false,
	rows: () => [hostileRow(1), hostileRow(2)],
};

/** Two tables of hostile rows, so that "All Tables" tags each row with its table. */
const HOSTILE_RULE: DashboardDataSetRuleDef = {
	name: 'Hostile_Tables',
	getDataSet: () => ({
		tables: [
			{ name: 'First', rows: [hostileRow(1)] },
			{ name: 'Second', rows: [hostileRow(2)] },
		],
	}),
};

function expectPlainRow(json: IDataObject, index: number): void {
	expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
	for (const key of HOSTILE) {
		expect({ key, own: Object.prototype.hasOwnProperty.call(json, key) }).toEqual({
			key,
			own: true,
		});
		expect({ key, value: Object.getOwnPropertyDescriptor(json, key)?.value }).toEqual({
			key,
			value: `${key}-${index}`,
		});
	}
}

function prototypeSnapshot(): string {
	return JSON.stringify(
		[Object.prototype, Array.prototype].map((proto) => Object.getOwnPropertyNames(proto).sort()),
	);
}

let standIn: StandIn;
const uncaught = trackUncaught();
const before = prototypeSnapshot();

beforeAll(async () => {
	const data = sampleData();
	for (const application of data.applications) {
		application.adapters.push(HOSTILE_ADAPTER);
		application.dashboardDataSetRules.push(HOSTILE_RULE);
	}
	standIn = await startFaultStandIn({ data });
});

afterAll(async () => {
	uncaught.stop();
	await standIn.close();
	expect(prototypeSnapshot()).toBe(before);
});

afterEach(() => {
	uncaught.check();
	expect(prototypeSnapshot()).toBe(before);
	expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

function parameters(extra: IDataObject = {}) {
	return {
		resource: 'data',
		operation: 'getDataAdapter',
		applicationName: applicationByName(),
		adapterName: 'Hostile_Keys',
		...extra,
	};
}

describe('hostile column names stay plain data through n8n', () => {
	it('one item per row', async () => {
		const result = await runOneStreamNode({
			parameters: parameters(),
			credentials: canaryCredentials(standIn),
		});
		expect(result.nodeError).toBeUndefined();
		expect(result.output).toHaveLength(2);
		result.output.forEach((item: INodeExecutionData, index) =>
			expectPlainRow(item.json, index + 1),
		);
		expectNoSecret(result, CANARY_PAT);
	});

	it('one item per table', async () => {
		const result = await runOneStreamNode({
			parameters: parameters({ output: 'table' }),
			credentials: canaryCredentials(standIn),
		});
		expect(result.nodeError).toBeUndefined();
		const rows = result.output[0].json.rows as IDataObject[];
		rows.forEach((row, index) => expectPlainRow(row, index + 1));
	});

	it('all tables, rows tagged with their table', async () => {
		const result = await runOneStreamNode({
			parameters: {
				resource: 'data',
				operation: 'runMethodCommand',
				applicationName: applicationByName(),
				methodType: 'BusinessRule',
				methodQuery: '{Hostile_Tables}{Any}{}',
				options: { tables: 'all' },
			},
			credentials: canaryCredentials(standIn),
		});
		expect(result.nodeError).toBeUndefined();
		expect(result.output.map((item) => item.json._table)).toEqual(['First', 'Second']);
		result.output.forEach((item, index) => expectPlainRow(item.json, index + 1));
	});

	it('CSV and JSON files keep every column', async () => {
		for (const format of ['csv', 'json']) {
			const result = await runOneStreamNode({
				parameters: parameters({ output: 'file', fileFormat: format }),
				credentials: canaryCredentials(standIn),
			});
			expect(result.nodeError).toBeUndefined();
			const binary = result.output[0].binary?.data;
			expect(binary).toBeDefined();
			const text = (await binaryContent(binary as NonNullable<typeof binary>)).toString('utf8');
			if (format === 'json') {
				const rows = JSON.parse(text) as IDataObject[];
				rows.forEach((row, index) => expectPlainRow(row, index + 1));
			} else {
				const [header, ...records] = parseCsv(text);
				expect(header).toEqual(['Id', ...HOSTILE]);
				records.forEach((record, index) =>
					expect(record).toEqual([
						String(index + 1),
						...HOSTILE.map((key) => `${key}-${index + 1}`),
					]),
				);
			}
		}
	});
});
