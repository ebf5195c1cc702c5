import { request } from 'undici';

import { startStandIn, type StandInOptionsPatch } from '../index.cjs';
import { body520, call, until } from './helpers.cjs';

describe('latency', () => {
	it('is added after the work: a finished job is not answered while the latency runs', async () => {
		const standIn = await startStandIn({ latencyMs: 60_000 });
		try {
			const pending = call(
				standIn,
				'DataManagement/ExecuteSequence',
				body520(standIn, { SequenceName: 'Load_Actuals' }),
			).catch((error: unknown) => error);
			await until(() => standIn.runs[0]?.outcome === 'succeeded');
			expect(standIn.requests[0].status).toBeUndefined();
			// Control routes are not API responses: no latency.
			const health = await request(`${standIn.url}/__standin/health`);
			expect(health.statusCode).toBe(200);
			await health.body.text();
			await standIn.close();
			await pending;
			expect(standIn.requests[0].status).toBeUndefined();
		} finally {
			await standIn.close();
		}
	});

	it('applies to error answers too, and setOptions can remove it', async () => {
		const standIn = await startStandIn({ latencyMs: [60_000, 120_000], seed: 3 });
		try {
			const pending = call(
				standIn,
				'DataManagement/ExecuteSequence',
				body520(standIn, { SequenceName: 'Load_Actuals' }),
				{ token: null },
			).catch((error: unknown) => error);
			await until(() => standIn.requests.length === 1);
			standIn.setOptions({ latencyMs: 0 });
			// The request that was already waiting keeps its latency; a new one is answered at once.
			const unauthorised = await call(
				standIn,
				'DataManagement/ExecuteSequence',
				body520(standIn, { SequenceName: 'Load_Actuals' }),
				{ token: null },
			);
			expect(unauthorised.status).toBe(401);
			expect(standIn.requests.map((r) => r.status)).toEqual([undefined, 401]);
			await standIn.close();
			await pending;
		} finally {
			await standIn.close();
		}
	});
});

describe('option validation', () => {
	it.each([
		[{ latencyMs: -1 }],
		[{ latencyMs: [5, 1] }],
		[{ dmSuccessFraming: 'xml' }],
		[{ sessionInfoKey: 'XFBYTES' }],
	])('startStandIn rejects %j', async (options) => {
		const untyped: unknown = options;
		await expect(startStandIn(untyped as StandInOptionsPatch)).rejects.toThrow();
	});

	it('setOptions rejects invalid patches and leaves the options unchanged', async () => {
		const standIn = await startStandIn();
		try {
			const bad: unknown = { dmSuccessFraming: 'yaml' };
			expect(() => standIn.setOptions(bad as StandInOptionsPatch)).toThrow(/dmSuccessFraming/);
			expect(() => standIn.setSequenceDuration('Load_Actuals', -5)).toThrow();
			const result = await call(
				standIn,
				'DataManagement/ExecuteSequence',
				body520(standIn, { SequenceName: 'Load_Actuals' }),
			);
			expect(result.text).toBe('"Data Management Sequence Load_Actuals was completed"');
		} finally {
			await standIn.close();
		}
	});

	it('listens on the requested port and host', async () => {
		const first = await startStandIn();
		const port = Number(new URL(first.url).port);
		await first.close();
		const second = await startStandIn({ port, host: 'localhost' });
		try {
			expect(second.url).toBe(`http://localhost:${port}`);
		} finally {
			await second.close();
		}
	});

	it('close() is idempotent', async () => {
		const standIn = await startStandIn();
		await Promise.all([standIn.close(), standIn.close()]);
		await standIn.close();
	});
});
