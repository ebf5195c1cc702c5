/**
 * Deadlines on one clock: each ends at its own time or on cancellation, with one timer at a time
 * for all of a client's attempts, and no listener left once none is pending. Nothing here is
 * timed: what one deadline does is checked after another has been reached, or against a deadline
 * a minute away, which no machine is slow enough to reach.
 */
import { getEventListeners } from 'node:events';

import { Deadline, DeadlineClock } from '../../../../nodes/OneStream/transport/deadline';

const FAR_MS = 60_000;

afterEach(() => jest.restoreAllMocks());

function abortListeners(signal: AbortSignal): number {
	return getEventListeners(signal, 'abort').length;
}

describe('a deadline ends at its time', () => {
	it('as a timeout, with its stated Timeout in the message, and stops what waits on it', async () => {
		const deadline = new Deadline(5, new DeadlineClock(), 30_000);
		const stopped = jest.fn();
		deadline.onReached(stopped);
		await deadline.reached;
		expect(deadline.signal.aborted).toBe(true);
		expect(deadline.expired).toBe(true);
		expect(stopped).toHaveBeenCalledTimes(1);
		expect(deadline.failure(12)).toEqual({
			type: 'network',
			code: 'ETIMEDOUT',
			detail: 'no complete answer within 30000 ms',
			mayHaveReachedServer: true,
			midBody: 12,
		});
		deadline.dispose();
	});

	it('an earlier deadline after a later one is not kept waiting for the later time', async () => {
		const clock = new DeadlineClock();
		const later = new Deadline(FAR_MS, clock);
		const earlier = new Deadline(5, clock);
		await earlier.reached;
		expect(earlier.expired).toBe(true);
		expect(later.aborted).toBe(false);
		later.dispose();
		earlier.dispose();
	});

	it('a later deadline on the same clock ends too, after the earlier one', async () => {
		const clock = new DeadlineClock();
		const first = new Deadline(5, clock);
		const second = new Deadline(20, clock);
		await first.reached;
		first.dispose();
		await second.reached;
		expect(second.expired).toBe(true);
		second.dispose();
	});

	it('a deadline disposed of before its time never ends', async () => {
		const clock = new DeadlineClock();
		const disposed = new Deadline(5, clock);
		disposed.dispose();
		const watched = new Deadline(20, clock);
		await watched.reached;
		expect(disposed.aborted).toBe(false);
		watched.dispose();
	});

	it('whatever is hooked after the deadline was reached is stopped at once; an unhooked stop is not called', async () => {
		const deadline = new Deadline(5, new DeadlineClock());
		const unhooked = jest.fn();
		deadline.onReached(unhooked)();
		await deadline.reached;
		expect(unhooked).not.toHaveBeenCalled();
		const late = jest.fn();
		deadline.onReached(late);
		expect(late).toHaveBeenCalledTimes(1);
		deadline.dispose();
	});
});

describe('cancellation', () => {
	it('ends every pending deadline as cancelled, not timed out', async () => {
		const execution = new AbortController();
		const clock = new DeadlineClock(execution.signal);
		const deadlines = [new Deadline(FAR_MS, clock), new Deadline(FAR_MS, clock)];
		execution.abort();
		for (const deadline of deadlines) {
			await deadline.reached;
			expect(deadline.expired).toBe(false);
			expect(deadline.failure().code).toBe('ERR_CANCELED');
			deadline.dispose();
		}
	});

	it('a deadline made after the execution was cancelled has ended already', async () => {
		const execution = new AbortController();
		execution.abort();
		const deadline = new Deadline(FAR_MS, new DeadlineClock(execution.signal));
		expect(deadline.aborted).toBe(true);
		await deadline.reached;
		expect(deadline.failure().code).toBe('ERR_CANCELED');
		deadline.dispose();
	});

	it('a deadline that timed out stays timed out when the execution is cancelled afterwards', async () => {
		const execution = new AbortController();
		const clock = new DeadlineClock(execution.signal);
		const deadline = new Deadline(5, clock);
		await deadline.reached;
		execution.abort();
		expect(deadline.expired).toBe(true);
		deadline.dispose();
	});
});

describe('one timer for a client', () => {
	it('many attempts one after another arm one timer, not one each', () => {
		const timeout = jest.spyOn(AbortSignal, 'timeout');
		const clock = new DeadlineClock(new AbortController().signal);
		for (let attempt = 0; attempt < 100; attempt++) new Deadline(FAR_MS, clock).dispose();
		expect(timeout).toHaveBeenCalledTimes(1);
	});

	it('holds one listener on the cancel signal while deadlines are pending, and none when idle', () => {
		const execution = new AbortController();
		const clock = new DeadlineClock(execution.signal);
		const deadlines = Array.from({ length: 20 }, () => new Deadline(FAR_MS, clock));
		expect(abortListeners(execution.signal)).toBe(1);
		for (const deadline of deadlines) deadline.dispose();
		expect(abortListeners(execution.signal)).toBe(0);
		// Disposing of a deadline twice changes nothing.
		deadlines[0].dispose();
		expect(abortListeners(execution.signal)).toBe(0);
	});

	it('leaves no listener on its timer when idle, so that an idle clock is reachable from nothing', () => {
		const timers: AbortSignal[] = [];
		const timeout = AbortSignal.timeout.bind(AbortSignal);
		jest.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
			const timer = timeout(ms);
			timers.push(timer);
			return timer;
		});
		const clock = new DeadlineClock();
		const later = new Deadline(FAR_MS, clock);
		// An earlier deadline replaces the timer: the one it replaced keeps no listener either.
		const earlier = new Deadline(FAR_MS / 2, clock);
		expect(timers).toHaveLength(2);
		expect(timers.map(abortListeners)).toEqual([0, 1]);
		later.dispose();
		earlier.dispose();
		expect(timers.map(abortListeners)).toEqual([0, 0]);
		// The next attempt uses the timer still running.
		const next = new Deadline(FAR_MS, clock);
		expect(timers).toHaveLength(2);
		expect(abortListeners(timers[1])).toBe(1);
		next.dispose();
	});
});
