import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { booleanParameter } from '../shared/parameters';

/*
 * Identical reads in one run of the node, sent once. n8n runs a node once per input item: a read
 * after a node with twelve items would send the same request twelve times and put its rows out
 * twelve times (double-counted totals, the same file uploaded twelve times). Items whose read is
 * the same (request, output and limits) share the first one's: its rows come out once, paired
 * with every item that asked. Unlike jobs, reads change nothing, so items share across the run,
 * not only with the item just before.
 */

export const runIdenticalReadsOnce = booleanParameter({
	displayName: 'Run Identical Reads Once',
	name: 'runIdenticalReadsOnce',
	type: 'boolean',
	default: true,
	description:
		'Whether input items that ask for exactly the same read send it once: its rows come out once, paired with each of those items. Turn off to read, and output the rows, once per item.',
}).inOptions();

/** What the read panels say about it, in one sentence. */
export const readSharingNotice: INodeProperties = {
	displayName:
		'Items that ask for the same read get its rows once, paired with each of them (Options › Run Identical Reads Once).',
	name: 'readSharingNotice',
	type: 'notice',
	default: '',
	displayOptions: { hide: { '@tool': [true] } },
};

export class ReadSharing {
	private readonly reads = new Map<string, { owner: number; items: Promise<unknown> }>();
	private readonly sharers = new Map<number, number[]>();

	/**
	 * Runs `read` for `itemIndex`, unless an earlier item asked for the same `key`: then waits for
	 * that read (its failure is this item's too) and returns no items of its own.
	 */
	async run(
		key: string,
		itemIndex: number,
		read: () => Promise<INodeExecutionData[]>,
	): Promise<INodeExecutionData[]> {
		const first = this.reads.get(key);
		if (first !== undefined && first.owner !== itemIndex) {
			await first.items;
			this.sharers.set(first.owner, [...(this.sharers.get(first.owner) ?? []), itemIndex]);
			return [];
		}
		const items = read();
		this.reads.set(key, { owner: itemIndex, items });
		return await items;
	}

	/** The items an item's output answers: itself and those that shared its read, in input order. */
	pairedWith(itemIndex: number): number[] {
		return [itemIndex, ...(this.sharers.get(itemIndex) ?? [])].sort((a, b) => a - b);
	}
}
