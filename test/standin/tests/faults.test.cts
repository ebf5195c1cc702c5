import { request } from 'undici';

import { bigExportRow, startStandIn, VALID_PAT, type FaultRule, type StandIn } from '../index.cjs';
import { asObject, body520, call, tableRows, until } from './helpers.cjs';

let standIn: StandIn;
beforeAll(async () => {
	standIn = await startStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const ADAPTER = 'DataProvider/GetAdoDataSetForAdapter';
const SEQUENCE = 'DataManagement/ExecuteSequence';
const adapterBody = (extra: Record<string, unknown> = {}) =>
	body520(standIn, { AdapterName: 'GL_Export', ResultDataTableName: 'Results', ...extra });
const adapter = (extra: Record<string, unknown> = {}) => call(standIn, ADAPTER, adapterBody(extra));
const sequenceBody = (name = 'Load_Actuals') => body520(standIn, { SequenceName: name });

describe('status faults', () => {
	it('answers 429 with and without Retry-After', async () => {
		const withHeader = standIn.addFault({
			endpoint: ADAPTER,
			times: 1,
			fault: { kind: 'status', status: 429, retryAfter: '120' },
		});
		const first = await adapter();
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('120');
		expect(first.json()).toEqual({ Message: 'Too Many Requests', Detail: '' });
		standIn.addFault({ endpoint: ADAPTER, times: 1, fault: { kind: 'status', status: 429 } });
		const second = await adapter();
		expect(second.status).toBe(429);
		expect(second.headers['retry-after']).toBeUndefined();
		expect(standIn.requests[0].faultIds).toEqual([withHeader]);
		expect(standIn.requests[0].status).toBe(429);
	});

	it('answers 500 with a JSON Message and Detail', async () => {
		standIn.addFault({
			endpoint: ADAPTER,
			fault: {
				kind: 'status',
				status: 500,
				message: 'Unable to open database.',
				detail: 'Timeout expired.',
			},
		});
		const result = await adapter();
		expect(result.status).toBe(500);
		expect(result.json()).toEqual({
			Message: 'Unable to open database.',
			Detail: 'Timeout expired.',
		});
		standIn.clearFaults();
		standIn.addFault({ endpoint: ADAPTER, fault: { kind: 'status', status: 500 } });
		expect((await adapter()).json()).toEqual({ Message: 'An error has occurred.', Detail: '' });
	});

	it.each([
		[502, '<title>502 Bad Gateway</title>', 'nginx'],
		[504, '<title>504 Gateway Timeout</title>', 'nginx'],
		[503, '<TITLE>Service Unavailable</TITLE>', 'Microsoft-HTTPAPI/2.0'],
	])('answers %i with an HTML proxy page', async (status, title, server) => {
		standIn.addFault({ fault: { kind: 'status', status, html: true } });
		const result = await adapter();
		expect(result.status).toBe(status);
		expect(result.headers['content-type']).toMatch(/^text\/html/);
		expect(result.headers.server).toBe(server);
		expect(result.text).toContain(title);
	});

	it('answers 503 as JSON when html is not set', async () => {
		standIn.addFault({ fault: { kind: 'status', status: 503 } });
		const result = await adapter();
		expect(result.status).toBe(503);
		expect(asObject(result.json()).Message).toBe('Service Unavailable');
	});
});

describe('200 faults', () => {
	it('html200 answers a sign-in page', async () => {
		standIn.addFault({ endpoint: ADAPTER, fault: { kind: 'html200' } });
		const result = await adapter();
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toMatch(/^text\/html/);
		expect(result.text).toContain('<title>Sign in - OneStream Identity Server</title>');
	});

	it('empty200 answers an empty body and null200 answers null', async () => {
		standIn.addFault({ endpoint: ADAPTER, times: 1, fault: { kind: 'empty200' } });
		const empty = await adapter();
		expect([empty.status, empty.text, empty.headers['content-length']]).toEqual([200, '', '0']);
		standIn.addFault({ endpoint: ADAPTER, times: 1, fault: { kind: 'null200' } });
		const nul = await adapter();
		expect([nul.status, nul.text]).toEqual([200, 'null']);
	});

	it('truncatedJson200 answers a complete HTTP message whose DataSet JSON is cut mid-way', async () => {
		standIn.addFault({ endpoint: ADAPTER, fault: { kind: 'truncatedJson200' } });
		const result = await adapter();
		expect(result.status).toBe(200);
		expect(result.text.startsWith('{"Results":[{"Entity":')).toBe(true);
		expect(Number(result.headers['content-length'])).toBe(Buffer.byteLength(result.text));
		expect(() => JSON.parse(result.text)).toThrow(SyntaxError);
	});

	it('errorTable200 answers a DataSet with only an Error table', async () => {
		standIn.addFault({
			endpoint: ADAPTER,
			fault: { kind: 'errorTable200', message: 'Entity parameter missing.' },
		});
		const result = await adapter();
		expect(result.status).toBe(200);
		expect(result.json()).toEqual({ Error: [{ Message: 'Entity parameter missing.' }] });
	});

	it('largeBody answers a generated DataSet of the given size under ResultDataTableName', async () => {
		standIn.addFault({ endpoint: ADAPTER, fault: { kind: 'largeBody', rows: 3000 } });
		const rows = tableRows(await adapter({ ResultDataTableName: 'Huge' }), 'Huge');
		expect(rows).toHaveLength(3000);
		expect(rows[2999]).toEqual(bigExportRow(2999));
	});

	it('redirect answers the status and Location', async () => {
		standIn.addFault({
			endpoint: ADAPTER,
			fault: {
				kind: 'redirect',
				status: 302,
				location: 'https://login.example.com/OneStreamIS/Account/Login',
			},
		});
		const result = await adapter();
		expect(result.status).toBe(302);
		expect(result.headers.location).toBe('https://login.example.com/OneStreamIS/Account/Login');
	});
});

describe('connection faults', () => {
	it('reset destroys the socket without an answer and skips the work', async () => {
		const id = standIn.addFault({ endpoint: SEQUENCE, fault: { kind: 'reset' } });
		await expect(call(standIn, SEQUENCE, sequenceBody())).rejects.toThrow();
		expect(standIn.runs).toHaveLength(0);
		expect(standIn.requests[0].faultIds).toEqual([id]);
		expect(standIn.requests[0].status).toBeUndefined();
	});

	it('reset with afterWork runs and records the job first', async () => {
		standIn.addFault({
			endpoint: SEQUENCE,
			name: 'Load_Actuals',
			afterWork: true,
			fault: { kind: 'reset' },
		});
		await expect(call(standIn, SEQUENCE, sequenceBody())).rejects.toThrow();
		expect(standIn.runs).toHaveLength(1);
		expect(standIn.runs[0].outcome).toBe('succeeded');
		expect(standIn.requests[0].status).toBeUndefined();
	});

	it('a status fault with afterWork answers the fault after a recorded run', async () => {
		standIn.addFault({
			endpoint: SEQUENCE,
			afterWork: true,
			fault: { kind: 'status', status: 504, html: true },
		});
		const result = await call(standIn, SEQUENCE, sequenceBody());
		expect(result.status).toBe(504);
		expect(standIn.runs.map((r) => r.outcome)).toEqual(['succeeded']);
	});

	it('a status fault before the work leaves no run', async () => {
		standIn.addFault({ endpoint: SEQUENCE, fault: { kind: 'status', status: 502, html: true } });
		expect((await call(standIn, SEQUENCE, sequenceBody())).status).toBe(502);
		expect(standIn.runs).toHaveLength(0);
	});

	const stalledRequest = (target: StandIn) =>
		request(`${target.apiRoot}/api/${ADAPTER}?api-version=5.2.0`, {
			method: 'POST',
			headers: { authorization: `Bearer ${VALID_PAT}`, 'content-type': 'application/json' },
			body: JSON.stringify(
				body520(target, { AdapterName: 'GL_Export', ResultDataTableName: 'Results' }),
			),
		});

	it('stallMidBody: a client that gives up frees the request', async () => {
		const lines: string[] = [];
		const own = await startStandIn({ log: (line) => lines.push(line) });
		try {
			own.addFault({ endpoint: ADAPTER, times: 1, fault: { kind: 'stallMidBody' } });
			const response = await stalledRequest(own);
			expect(response.statusCode).toBe(200);
			expect(lines).toHaveLength(0);
			response.body.destroy();
			// The log line is written when the server sees the request close.
			await until(() => lines.length === 1);
			expect(lines[0]).toMatch(/^#1 POST .* 200 /);
			const next = await call(own, ADAPTER, body520(own, { AdapterName: 'GL_Export' }));
			expect(next.status).toBe(200);
			// Had the stalled request still been in flight, the peak would be 2.
			expect(own.maxConcurrentRequests()).toBe(1);
		} finally {
			await own.close();
		}
	});

	it('stallMidBody sends headers and part of the body, then stalls; close() cleans up', async () => {
		const own = await startStandIn();
		own.addFault({ endpoint: ADAPTER, fault: { kind: 'stallMidBody' } });
		const response = await stalledRequest(own);
		expect(response.statusCode).toBe(200);
		const iterator = response.body[Symbol.asyncIterator]();
		const first = await iterator.next();
		const chunk: unknown = first.value;
		if (!Buffer.isBuffer(chunk)) throw new Error('expected a Buffer chunk');
		expect(chunk.toString('utf8').startsWith('{"Results":[')).toBe(true);
		const rest = (async () => {
			for (;;) {
				const next = await iterator.next();
				if (next.done === true) return 'ended';
			}
		})().catch(() => 'failed');
		expect(own.requests[0].status).toBe(200);
		await own.close();
		// The body never completes: the stalled socket is destroyed by close().
		expect(await rest).toBe('failed');
	});
});

describe('delay faults', () => {
	it('answers normally after the delay; a later undelayed request overtakes it', async () => {
		const id = standIn.addFault({
			endpoint: ADAPTER,
			name: 'GL_Export',
			fault: { kind: 'delay', ms: 400 },
		});
		const finished: string[] = [];
		const delayed = adapter().then((r) => {
			finished.push('delayed');
			return r;
		});
		await until(() => standIn.requests.length === 1);
		const quick = await call(standIn, SEQUENCE, sequenceBody());
		finished.push('quick');
		expect(quick.status).toBe(200);
		const slow = await delayed;
		expect(slow.status).toBe(200);
		expect(tableRows(slow, 'Results')).toHaveLength(300);
		expect(finished).toEqual(['quick', 'delayed']);
		expect(standIn.requests.find((r) => r.endpoint === ADAPTER)?.faultIds).toEqual([id]);
	});

	it('delays stack and combine with one terminal fault; only the first terminal rule applies', async () => {
		const d1 = standIn.addFault({ fault: { kind: 'delay', ms: 10 } });
		const s1 = standIn.addFault({ times: 1, fault: { kind: 'status', status: 503 } });
		const d2 = standIn.addFault({ fault: { kind: 'delay', ms: 10 } });
		const s2 = standIn.addFault({ times: 1, fault: { kind: 'status', status: 502 } });
		expect((await adapter()).status).toBe(503);
		expect(standIn.requests[0].faultIds).toEqual([d1, s1, d2]);
		expect((await adapter()).status).toBe(502);
		expect(standIn.requests[1].faultIds).toEqual([d1, d2, s2]);
		expect((await adapter()).status).toBe(200);
	});
});

describe('rule matching', () => {
	it('times expires a rule after N matching requests', async () => {
		standIn.addFault({ endpoint: ADAPTER, times: 2, fault: { kind: 'status', status: 500 } });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await adapter()).status);
		expect(statuses).toEqual([500, 500, 200, 200]);
	});

	it('endpoint and name restrict the rule; unmatched requests do not use up times', async () => {
		standIn.addFault({
			endpoint: SEQUENCE,
			name: 'failing_import',
			times: 1,
			fault: { kind: 'status', status: 503 },
		});
		expect((await adapter()).status).toBe(200);
		expect((await call(standIn, SEQUENCE, sequenceBody('Load_Actuals'))).status).toBe(200);
		expect((await call(standIn, SEQUENCE, sequenceBody('Failing_Import'))).status).toBe(503);
		expect((await call(standIn, SEQUENCE, sequenceBody('Failing_Import'))).status).toBe(500);
		expect(standIn.requests.map((r) => r.faultIds.length)).toEqual([0, 0, 1, 0]);
	});

	it('a rule without endpoint applies to every API endpoint, including 7.2.0 ones and bad requests', async () => {
		standIn.addFault({ fault: { kind: 'status', status: 503 } });
		expect(
			(
				await call(
					standIn,
					'Authentication/Logon',
					{ BaseWebServerUrl: standIn.webServerUrl },
					{ version: '7.2.0' },
				)
			).status,
		).toBe(503);
		expect((await call(standIn, SEQUENCE, sequenceBody(), { token: null })).status).toBe(503);
		// Not a documented endpoint: no fault.
		expect((await call(standIn, 'Foo/Bar', {})).status).toBe(404);
	});

	it('probability draws from the seeded generator: same seed, same pattern; 0 never; 1 always', async () => {
		const pattern = async (seed: number, probability: number): Promise<number[]> => {
			const own = await startStandIn({ seed });
			try {
				own.addFault({ endpoint: ADAPTER, probability, fault: { kind: 'status', status: 503 } });
				const statuses: number[] = [];
				for (let i = 0; i < 24; i++)
					statuses.push(
						(
							await call(
								own,
								ADAPTER,
								body520(own, {
									AdapterName: 'GL_Export',
									CustomSubstVarsAsCommaSeparatedPairs: 'pTime=[2026M1],pEntity=[Acme US]',
								}),
							)
						).status,
					);
				return statuses;
			} finally {
				await own.close();
			}
		};
		const a = await pattern(42, 0.5);
		const b = await pattern(42, 0.5);
		expect(a).toEqual(b);
		expect(a).toContain(503);
		expect(a).toContain(200);
		expect(new Set(await pattern(7, 0))).toEqual(new Set([200]));
		expect(new Set(await pattern(7, 1))).toEqual(new Set([503]));
	});

	it('removeFault and clearFaults stop rules', async () => {
		const id = standIn.addFault({ endpoint: ADAPTER, fault: { kind: 'status', status: 500 } });
		expect((await adapter()).status).toBe(500);
		standIn.removeFault(id);
		expect((await adapter()).status).toBe(200);
		standIn.addFault({ fault: { kind: 'null200' } });
		standIn.clearFaults();
		expect((await adapter()).status).toBe(200);
	});

	it.each([
		[{ endpoint: 'DataManagement/RunSequence', fault: { kind: 'reset' } }, /unknown endpoint/],
		[{ fault: { kind: 'explode' } }, /unknown fault kind/],
		[{ probability: 2, fault: { kind: 'reset' } }, /probability/],
		[{ times: 0, fault: { kind: 'reset' } }, /times/],
		[{ fault: { kind: 'redirect', status: 303, location: '/x' } }, /redirect status/],
		[{ fault: { kind: 'delay' } }, /delay needs ms/],
		[{ fault: { kind: 'status', status: 99 } }, /status/],
		[{ fault: { kind: 'largeBody', rows: -1 } }, /rows/],
	])('rejects the invalid rule %j', (rule, message) => {
		// The rule arrives untyped, as it would over the control route.
		const untyped: unknown = rule;
		expect(() => standIn.addFault(untyped as FaultRule)).toThrow(message);
	});

	it('records every request, faulted or not, with the ids that applied', async () => {
		const id = standIn.addFault({
			endpoint: ADAPTER,
			times: 1,
			fault: { kind: 'errorTable200', message: 'x' },
		});
		await adapter();
		await adapter();
		expect(standIn.requests.map((r) => [r.status, r.faultIds])).toEqual([
			[200, [id]],
			[200, []],
		]);
	});
});
