import type { INodeExecutionData } from 'n8n-workflow';

/** What a job came to: its output item, or its error. */
export type JobResult = { output: INodeExecutionData[] } | { error: unknown };

/** The job an item asked for: what it sends (its key), and the item whose request carries it. */
export interface ItemJob {
	/** What the job asks OneStream to do; undefined: never shared (Run Identical Jobs Once off). */
	key?: string;
	/** The item that sent the job (this item, or the one whose job it shares). */
	sentBy: number;
	result: Promise<JobResult>;
}

interface Slot {
	settled: boolean;
	job?: ItemJob;
	wait: Promise<ItemJob | undefined>;
	resolve(job: ItemJob | undefined): void;
}

/**
 * The jobs of one run of the node, in item order. An item may share a job only with the nearest
 * item before it that asked for a job, and only when that job is identical: sending it again could
 * not change anything, since no other job ran in between. So [A, A, A] is one job and [A, B, A]
 * three. Items that run in parallel (Parallel Calls) wait for the items before them to say which
 * job they ask for (not for the job to finish), so the order of the items decides, never timing.
 */
export class JobSequence {
	private readonly slots = new Map<number, Slot>();

	private slot(itemIndex: number): Slot {
		let slot = this.slots.get(itemIndex);
		if (slot === undefined) {
			let resolve!: (job: ItemJob | undefined) => void;
			const wait = new Promise<ItemJob | undefined>((done) => (resolve = done));
			slot = { settled: false, wait, resolve };
			this.slots.set(itemIndex, slot);
		}
		return slot;
	}

	/** The item asks for this job (registered before it is sent, so that later items can share it). */
	ask(itemIndex: number, job: ItemJob): void {
		const slot = this.slot(itemIndex);
		if (slot.settled) return;
		slot.settled = true;
		slot.job = job;
		slot.resolve(job);
	}

	/** The item is done: if it asked for no job (it failed before, or is not a job), it says so. */
	settle(itemIndex: number): void {
		const slot = this.slot(itemIndex);
		if (slot.settled) return;
		slot.settled = true;
		slot.resolve(undefined);
	}

	/**
	 * The job of the nearest item before `itemIndex` that asked for one, once that item has said
	 * which; undefined when none did. Items before it that asked for none are passed over.
	 */
	async previous(itemIndex: number): Promise<ItemJob | undefined> {
		for (let index = itemIndex - 1; index >= 0; index--) {
			const job = await this.slot(index).wait;
			if (job !== undefined) return job;
		}
		return undefined;
	}
}
