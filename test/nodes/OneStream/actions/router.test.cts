/**
 * runBounded: the per-item scheduler behind Parallel Calls.
 */
import { runBounded } from '../../../../nodes/OneStream/actions/router';

interface Gate {
	promise: Promise<void>;
	open(): void;
	fail(error: Error): void;
}

function gate(): Gate {
	let open!: () => void;
	let fail!: (error: Error) => void;
	const promise = new Promise<void>((resolve, reject) => {
		open = resolve;
		fail = reject;
	});
	return { promise, open, fail };
}

/** Lets pending promise callbacks run. */
async function flush(): Promise<void> {
	for (let i = 0; i < 10; i++) await Promise.resolve();
}

it('runs every index once, never more than the limit at a time, starting in index order', async () => {
	const gates = Array.from({ length: 7 }, gate);
	const started: number[] = [];
	let running = 0;
	let peak = 0;
	const done = runBounded(7, 3, async (index) => {
		started.push(index);
		running++;
		peak = Math.max(peak, running);
		await gates[index].promise;
		running--;
	});
	await flush();
	expect(started).toEqual([0, 1, 2]);
	gates[1].open();
	await flush();
	expect(started).toEqual([0, 1, 2, 3]);
	for (const index of [0, 2, 3, 4, 5, 6]) {
		gates[index].open();
		await flush();
	}
	await done;
	expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
	expect(peak).toBe(3);
});

it('starts nothing new after a failure, lets running tasks finish, then throws the first failure', async () => {
	const gates = Array.from({ length: 6 }, gate);
	const started: number[] = [];
	const finished: number[] = [];
	const done = runBounded(6, 2, async (index) => {
		started.push(index);
		await gates[index].promise;
		finished.push(index);
	});
	const outcome = done.then(
		() => 'resolved',
		(error: Error) => error.message,
	);
	await flush();
	gates[0].fail(new Error('first'));
	await flush();
	expect(started).toEqual([0, 1]);
	let settled = false;
	void outcome.then(() => {
		settled = true;
	});
	await flush();
	// Task 1 is still running: the failure is not reported before it ends.
	expect(settled).toBe(false);
	gates[1].fail(new Error('second'));
	expect(await outcome).toBe('first');
	expect(started).toEqual([0, 1]);
	expect(finished).toEqual([]);
});

it('handles no items, a limit above the count, and a limit below 1', async () => {
	const calls: number[] = [];
	await runBounded(0, 4, async (index) => {
		calls.push(index);
	});
	expect(calls).toEqual([]);
	await runBounded(2, 10, async (index) => {
		calls.push(index);
	});
	expect(calls).toEqual([0, 1]);
	let running = 0;
	let peak = 0;
	await runBounded(3, 0, async () => {
		running++;
		peak = Math.max(peak, running);
		await flush();
		running--;
	});
	expect(peak).toBe(1);
});
