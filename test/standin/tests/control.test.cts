import { request } from 'undici';

import { startStandIn, type StandIn } from '../index.cjs';
import { asObject, asRows, body520, call, until } from './helpers.cjs';

let standIn: StandIn;
beforeAll(async () => {
	standIn = await startStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

async function control(
	method: 'GET' | 'POST' | 'DELETE',
	route: string,
	body?: unknown,
	target: StandIn = standIn,
): Promise<{ status: number; json: unknown }> {
	const response = await request(`${target.url}/__standin/${route}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.body.text();
	return {
		status: response.statusCode,
		json: text === '' ? undefined : (JSON.parse(text) as unknown),
	};
}

const sequence = () =>
	call(
		standIn,
		'DataManagement/ExecuteSequence',
		body520(standIn, { SequenceName: 'Load_Actuals' }),
	);

describe('control routes', () => {
	it('GET health answers the URLs', async () => {
		const result = await control('GET', 'health');
		expect(result).toEqual({
			status: 200,
			json: {
				ok: true,
				url: standIn.url,
				apiRoot: standIn.apiRoot,
				webServerUrl: standIn.webServerUrl,
			},
		});
	});

	it('GET requests and runs answer the records, filtered by ?endpoint=, and are not recorded themselves', async () => {
		await sequence();
		await call(
			standIn,
			'DataProvider/GetAdoDataSetForAdapter',
			body520(standIn, { AdapterName: 'GL_Export' }),
		);
		const all = asRows((await control('GET', 'requests')).json);
		expect(all.map((r) => r.endpoint)).toEqual([
			'DataManagement/ExecuteSequence',
			'DataProvider/GetAdoDataSetForAdapter',
		]);
		const filtered = asRows(
			(await control('GET', 'requests?endpoint=dataprovider/getadodatasetforadapter')).json,
		);
		expect(filtered).toHaveLength(1);
		expect(asObject(filtered[0].headers).authorization).toMatch(/^Bearer /);
		const runs = asRows((await control('GET', 'runs')).json);
		expect(runs).toEqual([
			expect.objectContaining({ kind: 'sequence', name: 'Load_Actuals', outcome: 'succeeded' }),
		]);
		expect(standIn.requests).toHaveLength(2);
	});

	it('POST faults adds a rule (returns its id), DELETE faults/<id> removes it, DELETE faults clears all', async () => {
		const added = await control('POST', 'faults', {
			endpoint: 'DataManagement/ExecuteSequence',
			fault: { kind: 'status', status: 503 },
		});
		expect(added.status).toBe(200);
		const id = asObject(added.json).id;
		expect(typeof id).toBe('string');
		expect((await sequence()).status).toBe(503);
		expect(standIn.requests[0].faultIds).toEqual([id]);
		expect((await control('DELETE', `faults/${String(id)}`)).status).toBe(204);
		expect((await control('DELETE', `faults/${String(id)}`)).status).toBe(404);
		expect((await sequence()).status).toBe(200);
		await control('POST', 'faults', { fault: { kind: 'null200' } });
		await control('POST', 'faults', { fault: { kind: 'empty200' } });
		expect(asRows((await control('GET', 'faults')).json)).toHaveLength(2);
		expect((await control('DELETE', 'faults')).status).toBe(204);
		expect(asRows((await control('GET', 'faults')).json)).toHaveLength(0);
	});

	it('POST faults answers 400 for an invalid rule or invalid JSON', async () => {
		const bad = await control('POST', 'faults', { fault: { kind: 'teleport' } });
		expect(bad.status).toBe(400);
		expect(asObject(bad.json).error).toMatch(/unknown fault kind/);
		const response = await request(`${standIn.url}/__standin/faults`, {
			method: 'POST',
			body: '{nope',
		});
		expect(response.statusCode).toBe(400);
		await response.body.text();
	});

	it('POST reset clears records and faults', async () => {
		await sequence();
		await control('POST', 'faults', { fault: { kind: 'null200' } });
		expect((await control('POST', 'reset')).status).toBe(204);
		expect(standIn.requests).toHaveLength(0);
		expect(standIn.runs).toHaveLength(0);
		expect((await sequence()).status).toBe(200);
	});

	it('POST options changes framing, SessionInfo key and latency; rejects bad patches', async () => {
		expect((await control('POST', 'options', { dmSuccessFraming: 'object' })).status).toBe(204);
		expect((await sequence()).json()).toEqual({
			Message: 'Data Management Sequence Load_Actuals was completed',
		});
		expect(
			(await control('POST', 'options', { sessionInfoKey: 'xfBytes', latencyMs: [0, 5] })).status,
		).toBe(204);
		const logon = await call(
			standIn,
			'Authentication/Logon',
			{ BaseWebServerUrl: standIn.webServerUrl },
			{ version: '7.2.0' },
		);
		expect(Object.keys(asObject(asObject(logon.json())['Logon SessionInfo']))).toEqual(['xfBytes']);
		expect((await control('POST', 'options', { dmSuccessFraming: 'xml' })).status).toBe(400);
		expect((await control('POST', 'options', { latencyMs: [5, 1] })).status).toBe(400);
		expect((await control('POST', 'options', { port: 1 })).status).toBe(400);
		expect((await control('POST', 'options', { latencyMs: null })).status).toBe(204);
		await control('POST', 'options', {
			dmSuccessFraming: 'json-string',
			sessionInfoKey: 'XfBytes',
			latencyMs: 0,
		});
	});

	it('POST sequence-duration sets a job duration', async () => {
		// Own instance: the long job is only ended by close().
		const own = await startStandIn();
		try {
			expect(
				(await control('POST', 'sequence-duration', { name: 'Slow_Close', ms: 60_000 }, own))
					.status,
			).toBe(204);
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
			expect(own.runs.map((r) => r.outcome)).toEqual(['running', 'succeeded']);
			await own.close();
			await slow;
			expect(own.runs[0].outcome).toBe('aborted');
		} finally {
			await own.close();
		}
		expect((await control('POST', 'sequence-duration', { name: 'Slow_Close', ms: 0 })).status).toBe(
			204,
		);
		expect(
			(
				await call(
					standIn,
					'DataManagement/ExecuteSequence',
					body520(standIn, { SequenceName: 'Slow_Close' }),
				)
			).status,
		).toBe(200);
		expect((await control('POST', 'sequence-duration', { name: 'Slow_Close' })).status).toBe(400);
		expect((await control('POST', 'sequence-duration', { name: '', ms: 5 })).status).toBe(400);
	});

	it('GET stats answers the peaks and the request count', async () => {
		await sequence();
		await sequence();
		expect((await control('GET', 'stats')).json).toEqual({
			maxConcurrentRuns: 1,
			maxConcurrentRequests: 1,
			requestCount: 2,
		});
	});

	it('answers 404 for an unknown control route', async () => {
		expect((await control('GET', 'nothing-here')).status).toBe(404);
		expect((await control('POST', 'health')).status).toBe(404);
	});
});
