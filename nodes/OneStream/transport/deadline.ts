import type { NetworkFailure } from './types';

/*
 * The time limits of a client's attempts. A deadline runs from the first byte sent to the last
 * byte read, and also ends when the execution is cancelled. There is no timer API here: time
 * passes through `AbortSignal.timeout`, whose timer keeps no process alive and cannot be cleared.
 */

/**
 * Keeps the time for all of one client's deadlines with one timer at a time, set for the earliest
 * of them. A timeout signal costs more than a small call's own work on Node.js 20, and an
 * attempt's deadline is nearly always later than the one before it, so most attempts arm none.
 * Listeners are attached only while a deadline is pending: an idle clock is reachable from
 * neither its timer nor the execution's cancel signal.
 */
export class DeadlineClock {
	private readonly pending = new Set<Deadline>();
	private timer?: AbortSignal;
	/** When `timer` fires. */
	private timerAt = 0;
	private readonly onTimer = (): void => this.tick();
	private readonly onCancel = (): void => {
		for (const deadline of this.pending) deadline.end(false);
	};

	constructor(private readonly cancel?: AbortSignal) {}

	get cancelled(): boolean {
		return this.cancel?.aborted === true;
	}

	/** Ends `deadline` when its time comes, or when the execution is cancelled. */
	watch(deadline: Deadline): void {
		if (this.pending.size === 0) this.cancel?.addEventListener('abort', this.onCancel);
		this.pending.add(deadline);
		const timer = this.timer;
		if (timer === undefined || timer.aborted || deadline.endsAt < this.timerAt)
			this.arm(deadline.endsAt);
		else if (this.pending.size === 1) timer.addEventListener('abort', this.onTimer);
	}

	unwatch(deadline: Deadline): void {
		if (!this.pending.delete(deadline) || this.pending.size > 0) return;
		this.cancel?.removeEventListener('abort', this.onCancel);
		this.timer?.removeEventListener('abort', this.onTimer);
	}

	private arm(at: number): void {
		this.timer?.removeEventListener('abort', this.onTimer);
		this.timerAt = at;
		this.timer = AbortSignal.timeout(Math.max(1, at - Date.now()));
		this.timer.addEventListener('abort', this.onTimer);
	}

	/** The timer fired: ends the deadlines that are due, and sets it again for the next one. */
	private tick(): void {
		const now = Date.now();
		let next = Number.POSITIVE_INFINITY;
		for (const deadline of this.pending) {
			if (deadline.endsAt <= now) deadline.end(true);
			else if (!deadline.aborted) next = Math.min(next, deadline.endsAt);
		}
		if (next !== Number.POSITIVE_INFINITY) this.arm(next);
	}
}

/**
 * The deadline of one attempt; its signal also carries the execution's cancellation. An attempt
 * after a retry has what is left of the call's Timeout; messages name the Timeout itself.
 */
export class Deadline {
	private readonly controller = new AbortController();
	readonly endsAt: number;
	/** Resolves when the deadline passes (or the execution is cancelled). */
	readonly reached: Promise<void>;
	private reach: () => void = () => undefined;
	/** What else stops when the deadline is reached (the reading of a body). */
	private readonly stops = new Set<() => void>();
	private timedOut = false;

	constructor(
		timeoutMs: number,
		private readonly clock: DeadlineClock,
		private readonly statedTimeoutMs = timeoutMs,
	) {
		this.endsAt = Date.now() + Math.max(1, timeoutMs);
		this.reached = new Promise((resolve) => {
			this.reach = resolve;
		});
		if (clock.cancelled) this.end(false);
		else clock.watch(this);
	}

	/** The clock's call: the time is up (`timedOut`), or the execution was cancelled. */
	end(timedOut: boolean): void {
		if (this.aborted) return;
		this.timedOut = timedOut;
		this.controller.abort();
		this.reach();
		for (const stop of this.stops) stop();
	}

	/** Calls `stop` when the deadline is reached, at once if it has been; returns what unhooks it. */
	onReached(stop: () => void): () => void {
		if (this.aborted) {
			stop();
			return () => undefined;
		}
		this.stops.add(stop);
		return () => this.stops.delete(stop);
	}

	/** Call when the attempt is over: the clock forgets it. */
	dispose(): void {
		this.clock.unwatch(this);
	}

	get signal(): AbortSignal {
		return this.controller.signal;
	}

	/** True when the attempt ended because its time was up (not because it was cancelled). */
	get expired(): boolean {
		return this.timedOut;
	}

	get aborted(): boolean {
		return this.controller.signal.aborted;
	}

	/** Why the attempt was stopped, as a network failure. */
	failure(midBody?: number): NetworkFailure {
		return this.expired
			? {
					type: 'network',
					code: 'ETIMEDOUT',
					detail: `no complete answer within ${this.statedTimeoutMs} ms`,
					mayHaveReachedServer: true,
					midBody,
				}
			: {
					type: 'network',
					code: 'ERR_CANCELED',
					detail: 'the execution was cancelled',
					mayHaveReachedServer: true,
					midBody,
				};
	}
}
