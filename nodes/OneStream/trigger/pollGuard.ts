import type { IDataObject } from 'n8n-workflow';

/*
 * One poll at a time per trigger, and never a poll on the state the last poll started from.
 *
 * n8n starts a poll at each tick of Poll Times without waiting for the one before (a slow poll, or
 * two Poll Times on one second). And under n8n 2.x's durable cursors a poll's state is committed
 * with the execution it starts, a moment after the poll returns: a poll that starts in between
 * reads the state from before and would emit the same rows again. So a poll that finds another
 * running, or finds the state the last successful poll started from within HANDOVER_GRACE_MS of
 * its end, emits nothing and leaves the state alone; the next tick catches up. Each handed-over
 * state carries a new `handover` mark to tell them apart. Later than that, n8n threw the handed-over
 * state away (the poll it runs at activation, an abandoned poll, a lost lease). If that poll
 * emitted nothing, its state is taken up: Start From Now's baseline from activation stays the
 * baseline, and rows that came after it are not taken into a new one. If it emitted, its items
 * never ran, so polls go on from the state from before, which loses nothing.
 */

// n8n commits within moments of a poll's end; a tick later (a minute at the most often) it has.
const HANDOVER_GRACE_MS = 10_000;

/** Triggers with a poll under way in this process, by workflow and node. */
const underWay = new Set<string>();

interface Handover {
	/** The mark of the state the poll started from. */
	from: string;
	/** When it ended. */
	at: number;
	/** The state it handed over, kept when it emitted nothing. */
	quiet?: string;
}

/** For each trigger, its last successful poll. */
const handedOver = new Map<string, Handover>();

let marks = 0;

/** The mark of the state a poll starts from ('' before the first handover). */
export function stateMark(staticData: IDataObject): string {
	return typeof staticData.handover === 'string' ? staticData.handover : '';
}

/**
 * Whether a poll of `trigger` over `staticData` may run now; if so it is marked under way, and a
 * quiet state n8n threw away is put back into `staticData`.
 */
export function startPoll(trigger: string, staticData: IDataObject): boolean {
	if (underWay.has(trigger)) return false;
	const last = handedOver.get(trigger);
	if (last !== undefined && stateMark(staticData) === last.from) {
		if (Date.now() - last.at < HANDOVER_GRACE_MS) return false;
		handedOver.delete(trigger);
		if (last.quiet !== undefined) {
			for (const key of Object.keys(staticData)) delete staticData[key];
			Object.assign(staticData, JSON.parse(last.quiet) as IDataObject);
		}
	}
	underWay.add(trigger);
	return true;
}

/**
 * Ends a poll started by startPoll. After a success its state gets a new mark; `from` is the mark
 * the poll started from.
 */
export function endPoll(
	trigger: string,
	staticData: IDataObject,
	from: string,
	outcome: 'failed' | 'emitted' | 'quiet',
): void {
	underWay.delete(trigger);
	if (outcome === 'failed') return;
	staticData.handover = `${Date.now().toString(36)}.${(++marks).toString(36)}`;
	handedOver.set(trigger, {
		from,
		at: Date.now(),
		...(outcome === 'quiet' ? { quiet: JSON.stringify(staticData) } : {}),
	});
}
