/**
 * Trigger soak: 1,000 polls of the OneStream Trigger (New Rows) as n8n runs them (n8n-core's
 * PollContext, the static data round-tripped through JSON after every poll, as across restarts),
 * against the stand-in, with journal lines arriving at random (often sharing the last timestamp,
 * sometimes in runs longer than Max Rows per Poll) and read faults at random: some fail every try
 * of a poll, some only the first (the read retries). The lines emitted must equal the lines that
 * arrived, in order, none lost and none twice; the heap, after a full GC every 100 polls, must
 * stay flat. The counts are printed.
 *
 * TRIGGER_SOAK_POLLS (default 1000) makes it longer.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { Fault, StandIn } from '../standin/index.cjs';
import { sampleData } from '../standin/index.cjs';
import { runPoll } from '../support/harness.cjs';
import { Rng, sizeFromEnv } from '../support/random.cjs';
import { applicationByName, credentialsFor, startTestStandIn } from '../support/standIn.cjs';

const POLLS = sizeFromEnv('TRIGGER_SOAK_POLLS', 1000);
const ADAPTER = 'DataProvider/GetAdoDataSetForAdapter';

/** Faults a read retries: on the first try only, the poll still emits. */
const TRANSIENT: Fault[] = [
	{ kind: 'status', status: 503, message: 'Service Unavailable' },
	{ kind: 'status', status: 502, html: true },
	{ kind: 'reset' },
	{ kind: 'resetMidBody' },
];

/** Faults on every try of a poll (it emits nothing): the transient ones and those never retried. */
const FAULTS: Fault[] = [
	...TRANSIENT,
	{ kind: 'status', status: 500, message: 'Adapter failed' },
	{ kind: 'status', status: 401, message: 'Authorization has been denied for this request.' },
	{ kind: 'html200' },
	{ kind: 'null200' },
	{ kind: 'truncatedJson200' },
];

function collectGarbage(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Seconds after 2026-03-01T00:00:00 as an ISO timestamp (text order is time order). */
function at(second: number): string {
	const time = new Date(Date.UTC(2026, 2, 1) + second * 1000).toISOString();
	return time.slice(0, 19);
}

const data = sampleData();
let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn({ data });
});

afterAll(async () => {
	await standIn.close();
});

it(`${POLLS} polls with random arrivals and faults: every line emitted once, in order, and the heap stays flat`, async () => {
	const rng = new Rng(14);
	const gc = collectGarbage();
	const parameters = {
		event: 'newRows',
		applicationName: applicationByName(),
		source: 'dataAdapter',
		adapterName: 'Journal_Lines',
		cursorColumn: 'PostedAt',
		keyColumns: 'JournalId',
		startFrom: 'all',
		rowsPerPoll: 5,
		options: { maxRetries: 2, retryDelay: 0 },
	};
	const arrived: number[] = [];
	const emitted: number[] = [];
	const heap: number[] = [];
	let staticData: string | undefined;
	let second = 0;
	let failedPolls = 0;
	let retriedPolls = 0;
	let emittingPolls = 0;
	let longRuns = 0;

	const poll = async (faulty: boolean) => {
		let faultId: string | undefined;
		let failsEveryTry = false;
		if (faulty && rng.chance(0.2)) {
			failsEveryTry = rng.chance(0.5);
			faultId = standIn.addFault({
				endpoint: ADAPTER,
				fault: rng.pick(failsEveryTry ? FAULTS : TRANSIENT),
				...(failsEveryTry ? {} : { times: 1 }),
			});
		}
		const outcome = await runPoll({
			parameters,
			credentials: credentialsFor(standIn),
			staticData,
		});
		if (faultId !== undefined) standIn.removeFault(faultId);
		if (outcome.error) {
			// Only a poll whose every try failed may fail, and then it keeps the state.
			expect({ failsEveryTry, state: outcome.staticData }).toEqual({
				failsEveryTry: true,
				state: staticData ?? '{}',
			});
			failedPolls++;
		} else if (faultId !== undefined) {
			expect(failsEveryTry).toBe(false);
			retriedPolls++;
		}
		staticData = outcome.staticData;
		const ids = (outcome.emitted ?? []).map((item) => Number(item.json.JournalId));
		if (ids.length > 0) emittingPolls++;
		emitted.push(...ids);
		return ids.length;
	};

	const startedAt = Date.now();
	for (let index = 0; index < POLLS; index++) {
		if (rng.chance(0.5)) {
			// Mostly a few lines; sometimes a run sharing one timestamp, longer than Max Rows per Poll.
			const long = rng.chance(0.05);
			const count = long ? rng.int(6, 15) : rng.int(1, 4);
			if (long) {
				second += 1;
				longRuns++;
			}
			for (let i = 0; i < count; i++) {
				if (!long && !rng.chance(0.4)) second += rng.int(1, 3);
				const id = arrived.length + 1;
				arrived.push(id);
				data.journalLines.push({
					JournalId: id,
					Entity: 'Houston',
					Amount: id,
					PostedAt: at(second),
				});
			}
		}
		await poll(true);
		if ((index + 1) % 100 === 0) {
			standIn.reset();
			gc();
			gc();
			heap.push(process.memoryUsage().heapUsed);
		}
	}
	// Catch up without faults: the lines left by the per-poll limit or failed polls.
	let drainPolls = 0;
	while ((await poll(false)) > 0) drainPolls++;

	const counts = new Map<number, number>();
	for (const id of emitted) counts.set(id, (counts.get(id) ?? 0) + 1);
	const duplicates = [...counts.values()].filter((n) => n > 1).length;
	const lost = arrived.filter((id) => !counts.has(id)).length;
	const growth = Math.max(...heap.slice(-3)) - Math.min(...heap.slice(0, 3));
	console.log(
		`trigger soak: ${POLLS} polls (${failedPolls} failed every try, ${retriedPolls} recovered by a retry, ` +
			`${emittingPolls} emitted rows, ${longRuns} runs of 6-15 lines sharing a timestamp) + ${drainPolls} catch-up polls in ${Date.now() - startedAt} ms; ` +
			`arrivals ${arrived.length}, emitted ${emitted.length}, duplicates ${duplicates}, lost ${lost}; ` +
			`heap after GC every 100 polls (MB): ${heap.map(megabytes).join(' ')}, growth ${megabytes(growth)} MB`,
	);
	expect(failedPolls).toBeGreaterThan(0);
	expect(retriedPolls).toBeGreaterThan(0);
	expect(longRuns).toBeGreaterThan(0);
	expect(emitted).toEqual(arrived);
	// Flat: the lines themselves (in the stand-in, same process) are a few hundred kB.
	if (heap.length >= 6) expect(growth).toBeLessThan(8 * 1024 * 1024);
}, 900_000);
