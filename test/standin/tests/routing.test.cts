import { connect } from 'node:net';

import { request } from 'undici';

import { startStandIn, type StandIn } from '../index.cjs';
import { asObject, body520, call, until } from './helpers.cjs';

let standIn: StandIn;
beforeAll(async () => {
	standIn = await startStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const sequenceBody = () => body520(standIn, { SequenceName: 'Load_Actuals' });

describe('routes', () => {
	it('exposes url, apiRoot and webServerUrl', () => {
		expect(standIn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(standIn.apiRoot).toBe(`${standIn.url}/OneStreamApi`);
		expect(standIn.webServerUrl).toBe(`${standIn.url}/OneStreamWeb`);
	});

	it.each(['/OneStreamApi', '/onestreamapi', '/Onestreamapi', '/OneStreamAPI'])(
		'matches %s/api/... case-insensitively, controller and action too',
		async (apiPath) => {
			const result = await call(standIn, '', sequenceBody(), {
				path: `${apiPath}/API/datamanagement/EXECUTESEQUENCE?api-version=5.2.0`,
			});
			expect(result.status).toBe(200);
			expect(standIn.requests[0].endpoint).toBe('DataManagement/ExecuteSequence');
		},
	);

	it('tolerates a trailing slash after the action', async () => {
		const result = await call(standIn, '', sequenceBody(), {
			path: '/OneStreamApi/api/DataManagement/ExecuteSequence/?api-version=5.2.0',
		});
		expect(result.status).toBe(200);
	});

	it('answers an IIS HTML 404 for a wrong application path', async () => {
		const result = await call(standIn, '', sequenceBody(), {
			path: '/OneStreamWebApi/api/DataManagement/ExecuteSequence?api-version=5.2.0',
		});
		expect(result.status).toBe(404);
		expect(result.headers['content-type']).toMatch(/^text\/html/);
		expect(result.text).toContain('<title>IIS 10.0 Detailed Error - 404.0 - Not Found</title>');
		expect(standIn.requests[0].endpoint).toBeUndefined();
		expect(standIn.requests[0].status).toBe(404);
	});

	it('answers an ASP.NET JSON 404 for an unknown action inside the API application', async () => {
		const result = await call(standIn, 'DataManagement/ExecuteSequences', sequenceBody());
		expect(result.status).toBe(404);
		expect(asObject(result.json()).Message).toMatch(
			/^No HTTP resource was found that matches the request URI/,
		);
	});

	it('serves the web client page at /OneStreamWeb and the help page at the API root', async () => {
		const web = await request(`${standIn.webServerUrl}`);
		expect(web.statusCode).toBe(200);
		expect(await web.body.text()).toContain('<title>OneStream</title>');
		const help = await request(`${standIn.url}/onestreamapi/`);
		expect(help.statusCode).toBe(200);
		expect(await help.body.text()).toContain('DataManagement/ExecuteSequence');
	});

	it('answers 405 for a method other than POST, with Allow: POST', async () => {
		const result = await call(standIn, 'DataManagement/ExecuteSequence', undefined, {
			method: 'GET',
		});
		expect(result.status).toBe(405);
		expect(result.headers.allow).toBe('POST');
		expect(asObject(result.json()).Message).toBe(
			"The requested resource does not support http method 'GET'.",
		);
	});

	it.each(['/', ''])(
		'serves the API at the root for apiPath %j (the 8.0.0 doc variant)',
		async (apiPath) => {
			const root = await startStandIn({ apiPath });
			try {
				expect(root.apiRoot).toBe(root.url);
				const ok = await call(root, '', body520(root, { SequenceName: 'Load_Actuals' }), {
					path: '/api/DataManagement/ExecuteSequence?api-version=5.2.0',
				});
				expect(ok.status).toBe(200);
				const web = await request(root.webServerUrl);
				expect(await web.body.text()).toContain('<title>OneStream</title>');
				const help = await request(`${root.url}/`);
				expect(await help.body.text()).toContain('<title>OneStream Web API</title>');
			} finally {
				await root.close();
			}
		},
	);

	it('honours a custom apiPath', async () => {
		const custom = await startStandIn({ apiPath: 'Custom/Api/' });
		try {
			expect(custom.apiRoot).toBe(`${custom.url}/Custom/Api`);
			const ok = await call(
				custom,
				'DataManagement/ExecuteSequence',
				body520(custom, { SequenceName: 'Load_Actuals' }),
			);
			expect(ok.status).toBe(200);
			const old = await call(custom, '', body520(custom, { SequenceName: 'Load_Actuals' }), {
				path: '/OneStreamApi/api/DataManagement/ExecuteSequence?api-version=5.2.0',
			});
			expect(old.status).toBe(404);
		} finally {
			await custom.close();
		}
	});
});

describe('api-version', () => {
	it('is required', async () => {
		const result = await call(standIn, 'DataManagement/ExecuteSequence', sequenceBody(), {
			version: null,
		});
		expect(result.status).toBe(400);
		expect(result.json()).toEqual({
			Message: 'An API version is required, but was not specified.',
			Detail: 'ApiVersionUnspecified',
		});
		expect(standIn.requests[0].apiVersion).toBeUndefined();
	});

	it('rejects a version the endpoint does not have, in ASP.NET wording', async () => {
		const result = await call(standIn, 'DataManagement/ExecuteSequence', sequenceBody(), {
			version: '7.2.0',
		});
		expect(result.status).toBe(400);
		expect(asObject(result.json()).Message).toBe(
			`The HTTP resource that matches the request URI '${standIn.apiRoot}/api/DataManagement/ExecuteSequence?api-version=7.2.0' does not support the API version '7.2.0'.`,
		);
		expect(standIn.requests[0].apiVersion).toBe('7.2.0');
	});

	it.each(['5.2', '9.0.0', 'latest'])('rejects %s', async (version) => {
		expect(
			(await call(standIn, 'DataManagement/ExecuteSequence', sequenceBody(), { version })).status,
		).toBe(400);
	});

	it('rejects two different versions and accepts the parameter name in any case', async () => {
		const ambiguous = await call(standIn, '', sequenceBody(), {
			path: '/OneStreamApi/api/DataManagement/ExecuteSequence?api-version=5.2.0&api-version=7.2.0',
		});
		expect(ambiguous.status).toBe(400);
		expect(asObject(ambiguous.json()).Detail).toBe('AmbiguousApiVersion');
		const upper = await call(standIn, '', sequenceBody(), {
			path: '/OneStreamApi/api/DataManagement/ExecuteSequence?API-Version=5.2.0',
		});
		expect(upper.status).toBe(200);
	});

	it('serves GetAdoDataSetForAdapter under both 5.2.0 and 7.2.0, Logon only under 7.2.0', async () => {
		expect(
			(
				await call(
					standIn,
					'Authentication/Logon',
					{ BaseWebServerUrl: standIn.webServerUrl },
					{ version: '5.2.0' },
				)
			).status,
		).toBe(400);
		expect(
			(
				await call(
					standIn,
					'Authentication/Logon',
					{ BaseWebServerUrl: standIn.webServerUrl },
					{ version: '7.2.0' },
				)
			).status,
		).toBe(200);
		expect(
			(
				await call(standIn, 'Authentication/LogonAndReturnCookie', body520(standIn), {
					version: '7.2.0',
				})
			).status,
		).toBe(400);
		const adapter = await call(
			standIn,
			'DataProvider/GetAdoDataSetForAdapter',
			{ AdapterName: 'GL_Export' },
			{ version: '7.2.0' },
		);
		// The 7.2.0 handler answers (it wants IsSystemLevel/SI), not the version check.
		expect(asObject(adapter.json()).Message).toBe('The IsSystemLevel field is required.');
	});
});

describe('media type and body', () => {
	it('answers 415 for a body that is not application/json', async () => {
		const result = await call(standIn, 'DataManagement/ExecuteSequence', sequenceBody(), {
			contentType: 'text/plain',
		});
		expect(result.status).toBe(415);
		expect(asObject(result.json()).Message).toBe(
			"The request entity's media type 'text/plain' is not supported for this resource.",
		);
	});

	it('accepts application/json with a charset', async () => {
		const result = await call(standIn, 'DataManagement/ExecuteSequence', sequenceBody(), {
			contentType: 'Application/JSON; charset=utf-8',
		});
		expect(result.status).toBe(200);
	});

	it.each([
		['invalid JSON', '{"BaseWebServerUrl": '],
		['an array', '[1,2]'],
		['a string', '"hello"'],
		['null', 'null'],
		['nothing', ''],
	])('answers 400 for %s', async (_label, rawBody) => {
		const result = await call(standIn, 'DataManagement/ExecuteSequence', undefined, { rawBody });
		expect(result.status).toBe(400);
		expect(asObject(result.json()).Message).toBe('The request is invalid.');
		expect(standIn.requests[0].bodyText).toBe(rawBody);
	});

	it('matches body property names case-insensitively', async () => {
		const result = await call(standIn, 'DataManagement/ExecuteSequence', {
			BaseWebServerURL: standIn.webServerUrl,
			applicationname: 'AcmeConsolidation',
			SEQUENCENAME: 'Load_Actuals',
		});
		expect(result.status).toBe(200);
		expect(result.json()).toBe('Data Management Sequence Load_Actuals was completed');
	});
});

describe('request records', () => {
	it('records method, raw path, lower-cased headers incl. authorization, body text and parsed body', async () => {
		const body = sequenceBody();
		await call(standIn, 'DataManagement/ExecuteSequence', body, {
			headers: { 'X-Custom-Header': 'Yes' },
		});
		const [record] = standIn.requests;
		expect(record).toMatchObject({
			seq: 1,
			method: 'POST',
			rawPath: '/OneStreamApi/api/DataManagement/ExecuteSequence?api-version=5.2.0',
			endpoint: 'DataManagement/ExecuteSequence',
			apiVersion: '5.2.0',
			bodyText: JSON.stringify(body),
			body,
			status: 200,
			faultIds: [],
		});
		expect(record.headers['x-custom-header']).toBe('Yes');
		expect(record.headers.authorization).toMatch(/^Bearer [A-Za-z0-9]+-[A-Za-z0-9]+$/);
		expect(typeof record.receivedAt).toBe('number');
	});

	it('counts requests by endpoint and by the object the body names', async () => {
		await call(standIn, 'DataManagement/ExecuteSequence', sequenceBody());
		await call(
			standIn,
			'DataManagement/ExecuteSequence',
			body520(standIn, { SequenceName: 'load_actuals' }),
		);
		await call(
			standIn,
			'DataProvider/GetAdoDataSetForAdapter',
			body520(standIn, { AdapterName: 'GL_Export' }),
		);
		expect(standIn.countRequests()).toBe(3);
		expect(standIn.countRequests({ endpoint: 'datamanagement/executesequence' })).toBe(2);
		expect(standIn.countRequests({ name: 'Load_Actuals' })).toBe(2);
		expect(
			standIn.countRequests({
				endpoint: 'DataProvider/GetAdoDataSetForAdapter',
				name: 'GL_Export',
			}),
		).toBe(1);
		expect(
			standIn.countRequests({
				endpoint: 'DataProvider/GetAdoDataSetForAdapter',
				name: 'Load_Actuals',
			}),
		).toBe(0);
	});

	it('reset clears the records and restarts the sequence numbers', async () => {
		await call(standIn, 'DataManagement/ExecuteSequence', sequenceBody());
		const requests = standIn.requests;
		standIn.reset();
		expect(standIn.requests).toHaveLength(0);
		expect(standIn.runs).toHaveLength(0);
		await call(standIn, 'DataManagement/ExecuteSequence', sequenceBody());
		expect(requests).toBe(standIn.requests);
		expect(standIn.requests[0].seq).toBe(1);
	});
});

describe('clients that go away', () => {
	it('records a request whose client disconnects mid-body, without an internal error', async () => {
		const lines: string[] = [];
		const own = await startStandIn({ log: (line) => lines.push(line) });
		try {
			const { port } = new URL(own.url);
			const socket = connect(Number(port), '127.0.0.1');
			await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
			socket.write(
				'POST /OneStreamApi/api/DataManagement/ExecuteSequence?api-version=5.2.0 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"BaseWebServerUrl":',
			);
			await until(() => own.requests.length === 1);
			socket.destroy();
			await until(() => lines.length === 1);
			expect(lines[0]).toMatch(/^#1 POST .* no-response /);
			expect(own.requests[0].status).toBeUndefined();
			expect(own.runs).toHaveLength(0);
			expect(
				(
					await call(
						own,
						'DataManagement/ExecuteSequence',
						body520(own, { SequenceName: 'Load_Actuals' }),
					)
				).status,
			).toBe(200);
			expect(lines.some((line) => line.includes('internal error'))).toBe(false);
		} finally {
			await own.close();
		}
	});
});
