/**
 * The job memory under load: a run waiting between n8n's tries keeps what it sent while hundreds
 * of other retrying runs come and go (the old process-wide list of 500 runs dropped it), and after
 * 10,000 executions with Retry On Fail the heap is where it was (nothing outlives its execution).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { StandIn } from '../standin/index.cjs';
import { runOneStreamNode } from '../support/harness.cjs';
import { clearCapturedLogs } from '../support/runtime.cjs';
import { sizeFromEnv } from '../support/random.cjs';
import {
	applicationByName,
	canaryCredentials,
	perItemCounts,
	settleRuns,
	startFaultStandIn,
} from '../support/standIn.cjs';

const EXECUTIONS = sizeFromEnv('JOB_MEMORY_EXECUTIONS', 10_000);
const SEQUENCE = 'DataManagement/ExecuteSequence';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startFaultStandIn();
	standIn.setSequenceDuration('Load_Actuals', 0);
	standIn.setSequenceDuration('Nightly_Consolidation', 0);
});

afterAll(async () => {
	await standIn.close();
});

function sequence(name: string, pItem: string) {
	return {
		resource: 'dataManagement',
		operation: 'executeSequence',
		applicationName: applicationByName(),
		sequenceName: name,
		substitutionVariables: { variable: [{ name: 'pItem', value: pItem }] },
	};
}

/** A full garbage collection, without needing node's --expose-gc on the jest command line. */
function collectGarbage(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

function heapMb(gc: () => void): number {
	gc();
	gc();
	return process.memoryUsage().heapUsed / 2 ** 20;
}

it('a run waiting to retry keeps its finished jobs while 600 other retrying runs come and go', async () => {
	standIn.reset();
	// Item 0 of the waiting run finishes (and is remembered); item 1's request is held at a gate
	// until the 600 other runs are done, then refused once (429, not started), so n8n tries the node
	// again. Item 0's job must not be sent again. Ordered by the gate, not by a clock.
	const GATE = 'others-done';
	for (const fault of [
		{ kind: 'hold', gate: GATE },
		{ kind: 'status', status: 429 },
	] as const) {
		standIn.addFault({ endpoint: SEQUENCE, name: 'Nightly_Consolidation', times: 1, fault });
	}
	const waiting = runOneStreamNode({
		parameters: sequence('={{ $json.sequence }}', '={{ $json.item }}'),
		items: [
			{ item: 'waiting-0', sequence: 'Load_Actuals' },
			{ item: 'waiting-1', sequence: 'Nightly_Consolidation' },
		],
		credentials: canaryCredentials(standIn),
		retryOnFail: true,
		maxTries: 2,
		waitBetweenTries: 0,
	});
	await standIn.gateReached(GATE);
	expect(perItemCounts(standIn, SEQUENCE).get('waiting-0')).toEqual({ requests: 1, runs: 1 });
	const others: Array<Promise<{ status: string }>> = [];
	for (let i = 0; i < 600; i++) {
		others.push(
			runOneStreamNode({
				parameters: sequence('Load_Actuals', `other-${i}`),
				credentials: canaryCredentials(standIn),
				retryOnFail: true,
			}),
		);
		if (others.length >= 8)
			for (const run of await Promise.all(others.splice(0))) expect(run.status).toBe('success');
	}
	for (const run of await Promise.all(others)) expect(run.status).toBe('success');
	standIn.openGate(GATE);
	const result = await waiting;
	await settleRuns(standIn);
	expect(result.status).toBe('success');
	const counts = perItemCounts(standIn, SEQUENCE);
	expect(counts.get('waiting-0')).toEqual({ requests: 1, runs: 1 });
	// The refused try, then the retry.
	expect(counts.get('waiting-1')).toEqual({ requests: 2, runs: 1 });
	expect(counts.get('other-599')).toEqual({ requests: 1, runs: 1 });
}, 300_000);

it(`after ${EXECUTIONS} executions with Retry On Fail, the heap is flat`, async () => {
	const gc = collectGarbage();
	const samples: number[] = [];
	const batch = 8;
	for (let done = 0; done < EXECUTIONS; done += batch) {
		const runs: Array<Promise<{ status: string }>> = [];
		for (let i = 0; i < batch; i++) {
			runs.push(
				runOneStreamNode({
					parameters: sequence('Load_Actuals', `x${done + i}`),
					credentials: canaryCredentials(standIn),
					retryOnFail: true,
				}),
			);
		}
		for (const run of await Promise.all(runs)) expect(run.status).toBe('success');
		if ((done + batch) % Math.max(batch, Math.floor(EXECUTIONS / 10)) === 0) {
			// The stand-in records every request and the harness every log line: forget them, so
			// that what is measured is what n8n and the node keep.
			standIn.reset();
			await clearCapturedLogs();
			samples.push(heapMb(gc));
		}
	}
	const warm = samples[1] ?? samples[0];
	const last = samples[samples.length - 1];
	console.log(
		`job memory: ${EXECUTIONS} executions with Retry On Fail; heap after GC (MB): ${samples.map((mb) => mb.toFixed(1)).join(' ')}; growth after the first tenth ${(last - warm).toFixed(1)} MB`,
	);
	expect(last - warm).toBeLessThan(4);
}, 600_000);
