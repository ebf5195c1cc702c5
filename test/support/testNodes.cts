/**
 * The few built-in behaviours a workflow around the OneStream node needs. n8n-nodes-base is not a
 * dependency of this package, so these are small stand-ins written for the tests:
 * - `test.start`: a trigger that passes on the item the execution starts with (like the old Start
 *   node and the Manual Trigger);
 * - `test.emitItems`: emits the items given in its `items` parameter (a JSON array of
 *   `{ json, binary?, pairedItem? }` objects, or plain objects taken as `json`), each paired with
 *   the start item, like a Code or Edit Fields node producing test input.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

export const START_NODE_TYPE = 'test.start';
export const EMIT_ITEMS_NODE_TYPE = 'test.emitItems';

export class TestStart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Start',
		name: START_NODE_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Starts a test execution',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

function isExecutionData(value: unknown): value is INodeExecutionData {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Array.isArray(value) &&
		typeof (value as { json?: unknown }).json === 'object' &&
		(value as { json?: unknown }).json !== null
	);
}

export class TestEmitItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Emit Items',
		name: EMIT_ITEMS_NODE_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Emits the items given as JSON',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Items (JSON)',
				name: 'items',
				type: 'json',
				default: '[]',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[]');
		let parsed: unknown;
		try {
			parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`Items is not valid JSON: ${(error as Error).message}`,
			);
		}
		if (!Array.isArray(parsed))
			throw new NodeOperationError(this.getNode(), 'Items must be a JSON array');
		return [
			parsed.map((entry: unknown): INodeExecutionData => {
				const item: INodeExecutionData = isExecutionData(entry)
					? entry
					: { json: (entry ?? {}) as IDataObject };
				return { ...item, pairedItem: item.pairedItem ?? { item: 0 } };
			}),
		];
	}
}
