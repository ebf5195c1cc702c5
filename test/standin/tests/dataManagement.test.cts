import { startStandIn, type StandIn } from '../index.cjs';
import { body520, call, until } from './helpers.cjs';

let standIn: StandIn;
beforeAll(async () => {
	standIn = await startStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => {
	standIn.reset();
	standIn.setOptions({ dmSuccessFraming: 'json-string' });
	standIn.setSequenceDuration('Nightly_Consolidation', 20);
});

const sequence = (name: string, extra: Record<string, unknown> = {}) =>
	body520(standIn, { SequenceName: name, ...extra });
const step = (name: string, extra: Record<string, unknown> = {}) =>
	body520(standIn, { DataManagementGroupName: 'Integration', StepName: name, ...extra });

describe('ExecuteSequence', () => {
	it('answers the documented success message as a JSON string by default and records the run', async () => {
		const result = await call(
			standIn,
			'DataManagement/ExecuteSequence',
			sequence('Nightly_Consolidation', {
				WorkspaceName: 'Default',
				CustomSubstVarsAsCommaSeparatedPairs: 'pScenario=[Actual],pTime=[2026M6],pNote=[a, b]',
			}),
		);
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(result.text).toBe('"Data Management Sequence Nightly_Consolidation was completed"');
		expect(standIn.runs).toHaveLength(1);
		const [run] = standIn.runs;
		expect(run).toMatchObject({
			kind: 'sequence',
			name: 'Nightly_Consolidation',
			application: 'AcmeConsolidation',
			workspace: 'Default',
			substitutionVariables: { pScenario: 'Actual', pTime: '2026M6', pNote: 'a, b' },
			outcome: 'succeeded',
		});
		expect(run.group).toBeUndefined();
		expect(run.finishedAt).toBeGreaterThanOrEqual(run.startedAt);
	});

	it.each([
		['text', 'text/plain; charset=utf-8', 'Data Management Sequence Load_Actuals was completed'],
		[
			'object',
			'application/json; charset=utf-8',
			'{"Message":"Data Management Sequence Load_Actuals was completed"}',
		],
		[
			'json-string',
			'application/json; charset=utf-8',
			'"Data Management Sequence Load_Actuals was completed"',
		],
	] as const)(
		'frames the success message as %s when configured',
		async (framing, contentType, text) => {
			standIn.setOptions({ dmSuccessFraming: framing });
			const result = await call(
				standIn,
				'DataManagement/ExecuteSequence',
				sequence('Load_Actuals'),
			);
			expect(result.headers['content-type']).toBe(contentType);
			expect(result.text).toBe(text);
		},
	);

	it('takes the framing from the start options too', async () => {
		const other = await startStandIn({ dmSuccessFraming: 'text' });
		try {
			expect(
				(
					await call(
						other,
						'DataManagement/ExecuteSequence',
						body520(other, { SequenceName: 'Load_Actuals' }),
					)
				).text,
			).toBe('Data Management Sequence Load_Actuals was completed');
		} finally {
			await other.close();
		}
	});

	it('answers 500 with Message and Detail when the sequence fails, and records a failed run', async () => {
		const result = await call(
			standIn,
			'DataManagement/ExecuteSequence',
			sequence('Failing_Import'),
		);
		expect(result.status).toBe(500);
		expect(result.json()).toEqual({
			Message: "Error processing Data Management Step 'Import_GL'.",
			Detail: "Transformation rule 'GL_Accounts' not found.",
		});
		expect(standIn.runs[0]).toMatchObject({ name: 'Failing_Import', outcome: 'failed' });
		expect(standIn.runs[0].finishedAt).toBeDefined();
	});

	it('answers only when the job has ended', async () => {
		standIn.setSequenceDuration('Nightly_Consolidation', 300);
		let answered = false;
		let outcomeWhenAnswered: string | undefined;
		const pending = call(
			standIn,
			'DataManagement/ExecuteSequence',
			sequence('Nightly_Consolidation'),
		).then((r) => {
			answered = true;
			outcomeWhenAnswered = standIn.runs[0]?.outcome;
			return r;
		});
		await until(() => standIn.runs.length === 1);
		expect(standIn.runs[0].outcome).toBe('running');
		expect(answered).toBe(false);
		const result = await pending;
		expect(result.status).toBe(200);
		expect(outcomeWhenAnswered).toBe('succeeded');
	});

	it('uses setSequenceDuration: a long Slow_Close still runs after a fast sequence has finished', async () => {
		// Own instance: the long job is only ended by close().
		const own = await startStandIn();
		try {
			own.setSequenceDuration('Slow_Close', 60_000);
			const slow = call(
				own,
				'DataManagement/ExecuteSequence',
				body520(own, { SequenceName: 'Slow_Close' }),
			).catch((error: unknown) => error);
			await until(() => own.runs.length === 1);
			await call(
				own,
				'DataManagement/ExecuteSequence',
				body520(own, { SequenceName: 'Load_Actuals' }),
			);
			expect(own.runs.map((r) => [r.name, r.outcome])).toEqual([
				['Slow_Close', 'running'],
				['Load_Actuals', 'succeeded'],
			]);
			await own.close();
			await slow;
		} finally {
			await own.close();
		}
		standIn.setSequenceDuration('slow_close', 0);
		expect(
			(await call(standIn, 'DataManagement/ExecuteSequence', sequence('Slow_Close'))).status,
		).toBe(200);
	});

	it('keeps running and records the real outcome when the client disconnects mid-run', async () => {
		// The run ends only when the test says so: ordered, not timed.
		standIn.holdRuns('Nightly_Consolidation', 'finish');
		const controller = new AbortController();
		const pending = call(
			standIn,
			'DataManagement/ExecuteSequence',
			sequence('Nightly_Consolidation'),
			{ signal: controller.signal },
		);
		await standIn.gateReached('finish');
		controller.abort();
		await expect(pending).rejects.toThrow();
		expect(standIn.runs[0].outcome).toBe('running');
		// The server has seen the client go, before the job ends.
		await until(() => standIn.requests[0].complete === false);
		standIn.openGate('finish');
		await until(() => standIn.runs[0].outcome !== 'running');
		expect(standIn.runs[0].outcome).toBe('succeeded');
		expect(standIn.runs[0].finishedAt).toBeDefined();
		// No status line went out: the client was gone when the job ended.
		expect(standIn.requests[0].status).toBeUndefined();
	});

	it('records a failing job that lost its client as failed', async () => {
		standIn.setSequenceDuration('Failing_Import', 200);
		const controller = new AbortController();
		const pending = call(standIn, 'DataManagement/ExecuteSequence', sequence('Failing_Import'), {
			signal: controller.signal,
		});
		await until(() => standIn.runs.length === 1);
		controller.abort();
		await expect(pending).rejects.toThrow();
		await until(() => standIn.runs[0].outcome !== 'running');
		expect(standIn.runs[0].outcome).toBe('failed');
	});
});

describe('ExecuteStep', () => {
	it('runs a step of a group and answers the step wording', async () => {
		const result = await call(
			standIn,
			'DataManagement/ExecuteStep',
			step('Run_Export_Rule', { CustomSubstVarsAsCommaSeparatedPairs: 'p_function=[Export]' }),
		);
		expect(result.status).toBe(200);
		expect(result.json()).toBe('Data Management Step Run_Export_Rule was completed');
		expect(standIn.runs[0]).toMatchObject({
			kind: 'step',
			name: 'Run_Export_Rule',
			group: 'Integration',
			workspace: 'Default',
			substitutionVariables: { p_function: 'Export' },
			outcome: 'succeeded',
		});
	});

	it('answers 500 for Failing_Step', async () => {
		const result = await call(standIn, 'DataManagement/ExecuteStep', step('Failing_Step'));
		expect(result.status).toBe(500);
		expect(result.json()).toEqual({
			Message: "Error processing Data Management Step 'Failing_Step'.",
			Detail:
				"Business rule 'XFR_FailingStep' raised: Object reference not set to an instance of an object.",
		});
		expect(standIn.runs[0].outcome).toBe('failed');
	});

	it('checks WorkspaceName when given (invented for steps)', async () => {
		expect(
			(
				await call(
					standIn,
					'DataManagement/ExecuteStep',
					step('Import_GL', { WorkspaceName: 'Default' }),
				)
			).status,
		).toBe(200);
		expect(
			(
				await call(
					standIn,
					'DataManagement/ExecuteStep',
					step('Import_GL', { WorkspaceName: 'Other' }),
				)
			).status,
		).toBe(400);
	});

	it('setSequenceDuration applies to steps too', async () => {
		const own = await startStandIn();
		try {
			own.setSequenceDuration('Import_GL', 60_000);
			const slow = call(
				own,
				'DataManagement/ExecuteStep',
				body520(own, { DataManagementGroupName: 'Integration', StepName: 'Import_GL' }),
			).catch((error: unknown) => error);
			await until(() => own.runs.length === 1);
			await call(
				own,
				'DataManagement/ExecuteStep',
				body520(own, { DataManagementGroupName: 'Integration', StepName: 'Run_Export_Rule' }),
			);
			expect(own.runs.map((r) => r.outcome)).toEqual(['running', 'succeeded']);
			await own.close();
			await slow;
		} finally {
			await own.close();
		}
	});
});

describe('concurrency tracking', () => {
	it('counts overlapping runs per name and overall; close() aborts running jobs', async () => {
		const own = await startStandIn();
		own.setSequenceDuration('Nightly_Consolidation', 60_000);
		own.setSequenceDuration('Import_GL', 60_000);
		const calls = [
			call(
				own,
				'DataManagement/ExecuteSequence',
				body520(own, { SequenceName: 'Nightly_Consolidation' }),
			),
			call(
				own,
				'DataManagement/ExecuteSequence',
				body520(own, { SequenceName: 'Nightly_Consolidation' }),
			),
			call(
				own,
				'DataManagement/ExecuteSequence',
				body520(own, { SequenceName: 'Nightly_Consolidation' }),
			),
			call(
				own,
				'DataManagement/ExecuteStep',
				body520(own, { DataManagementGroupName: 'Integration', StepName: 'Import_GL' }),
			),
		].map((p) => p.catch((error: unknown) => error));
		await until(() => own.runs.length === 4);
		expect(own.maxConcurrentRuns('Nightly_Consolidation')).toBe(3);
		expect(own.maxConcurrentRuns('nightly_consolidation')).toBe(3);
		expect(own.maxConcurrentRuns('Import_GL')).toBe(1);
		expect(own.maxConcurrentRuns('Load_Actuals')).toBe(0);
		expect(own.maxConcurrentRuns()).toBe(4);
		expect(own.maxConcurrentRequests('DataManagement/ExecuteSequence')).toBe(3);
		expect(own.maxConcurrentRequests('DataManagement/ExecuteStep')).toBe(1);
		expect(own.maxConcurrentRequests()).toBe(4);
		await own.close();
		await Promise.all(calls);
		expect(own.runs.map((r) => r.outcome)).toEqual(['aborted', 'aborted', 'aborted', 'aborted']);
		expect(own.runs.every((r) => r.finishedAt !== undefined)).toBe(true);
	});

	it('does not count sequential runs as overlapping', async () => {
		await call(standIn, 'DataManagement/ExecuteSequence', sequence('Load_Actuals'));
		await call(standIn, 'DataManagement/ExecuteSequence', sequence('Load_Actuals'));
		expect(standIn.runs).toHaveLength(2);
		expect(standIn.maxConcurrentRuns('Load_Actuals')).toBe(1);
		expect(standIn.maxConcurrentRequests('DataManagement/ExecuteSequence')).toBe(1);
	});
});
