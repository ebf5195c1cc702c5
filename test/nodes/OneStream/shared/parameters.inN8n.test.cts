/**
 * The node reads a saved value that holds no expression without asking n8n, and skips n8n's schema
 * check. Inside n8n-core's own execution, every read must still give what n8n's getNodeParameter
 * (with its check and extractValue) gives, for plain values, expressions, defaults and locators.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	applicationName,
	itemParameters,
	optionsProperty,
	parameter,
} from '../../../../nodes/OneStream/shared/parameters';
import { substitutionVariablesProperty } from '../../../../nodes/OneStream/shared/substitutionVariables';
import {
	oneStreamWorkflow,
	registerNodeType,
	runWorkflow,
	type WorkflowDefinition,
} from '../../../support/harness.cjs';

const PROBE = 'test.parameterProbe';

const asSaved = (raw: unknown): unknown => raw;
const timeoutSeconds = parameter(
	{ displayName: 'Timeout (Seconds)', name: 'timeoutSeconds', type: 'number', default: 600 },
	asSaved,
);
const fileName = parameter(
	{ displayName: 'File Name', name: 'fileName', type: 'string', default: '' },
	asSaved,
);

/** Each path read both ways, for every item. */
const PATHS = [
	'adapterName',
	'workspaceName',
	'limit',
	'flag',
	'substitutionVariables',
	'options',
	'options.timeoutSeconds',
	'options.fileName',
	'missing',
];

const probe: INodeType = {
	description: {
		displayName: 'Parameter probe',
		name: PROBE,
		group: ['transform'],
		version: 1,
		description: 'Reads its parameters both ways',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			applicationName.property,
			{ displayName: 'Adapter', name: 'adapterName', type: 'string', default: '' },
			{ displayName: 'Workspace', name: 'workspaceName', type: 'string', default: 'Default' },
			{ displayName: 'Limit', name: 'limit', type: 'number', default: 10 },
			{ displayName: 'Flag', name: 'flag', type: 'boolean', default: false },
			substitutionVariablesProperty,
			optionsProperty([timeoutSeconds, fileName]),
		],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((_item, index) => {
				const ours = itemParameters(this, index);
				const json: IDataObject = {};
				for (const path of PATHS) {
					json[path] = {
						ours: ours(path) as IDataObject,
						n8n: this.getNodeParameter(path, index, null) as IDataObject,
					};
				}
				json.applicationName = {
					ours: applicationName.get(ours),
					n8n: this.getNodeParameter('applicationName', index, null, {
						extractValue: true,
					}) as string,
				};
				return { json, pairedItem: { item: index } };
			}),
		];
	},
};

async function readBothWays(parameters: INodeParameters): Promise<IDataObject[]> {
	const unregister = registerNodeType(PROBE, probe);
	try {
		const workflow: WorkflowDefinition = oneStreamWorkflow({
			parameters,
			credentials: null,
			items: [
				{ name: 'GL', app: 'GolfStream', t: '2026M1' },
				{ name: 'AP', app: 'Houston', t: '2026M2' },
			],
		});
		const last = workflow.nodes.length - 1;
		workflow.nodes[last] = { ...workflow.nodes[last], type: PROBE };
		const result = await runWorkflow(workflow);
		expect(result.status).toBe('success');
		return (result.nodes.OneStream?.outputs[0] ?? []).map((item) => item.json);
	} finally {
		unregister();
	}
}

function expectSameReads(items: IDataObject[]): void {
	expect(items).toHaveLength(2);
	for (const item of items) {
		for (const [path, read] of Object.entries(item)) {
			const { ours, n8n } = read as { ours: unknown; n8n: unknown };
			expect({ path, value: ours }).toEqual({ path, value: n8n });
		}
	}
}

describe("an item's parameters, read inside n8n", () => {
	it('gives what getNodeParameter gives for plain values and defaults', async () => {
		const items = await readBothWays({
			applicationName: { __rl: true, mode: 'name', value: 'GolfStream' },
			adapterName: 'GL_Export',
			limit: 25,
			flag: true,
			substitutionVariables: { variable: [{ name: 'pTime', value: '2026M1' }] },
			options: { timeoutSeconds: 30 },
		});
		expectSameReads(items);
		expect(items[0]).toMatchObject({
			adapterName: { ours: 'GL_Export' },
			workspaceName: { ours: 'Default' },
			applicationName: { ours: 'GolfStream' },
			'options.timeoutSeconds': { ours: 30 },
			missing: { ours: null },
		});
	});

	it('gives what getNodeParameter gives for expressions, item by item', async () => {
		const items = await readBothWays({
			applicationName: { __rl: true, mode: 'name', value: '={{ $json.app }}' },
			adapterName: '={{ $json.name }}_Export',
			limit: '={{ 5 * 5 }}',
			substitutionVariables: { variable: [{ name: 'pTime', value: '={{ $json.t }}' }] },
			options: { timeoutSeconds: 30, fileName: '={{ $json.name }}.csv' },
		});
		expectSameReads(items);
		expect(items.map((item) => (item.adapterName as IDataObject).ours)).toEqual([
			'GL_Export',
			'AP_Export',
		]);
		expect(items.map((item) => (item.applicationName as IDataObject).ours)).toEqual([
			'GolfStream',
			'Houston',
		]);
		expect(items[1]).toMatchObject({
			limit: { ours: 25 },
			'options.fileName': { ours: 'AP.csv' },
			substitutionVariables: { ours: { variable: [{ name: 'pTime', value: '2026M2' }] } },
		});
	});
});
