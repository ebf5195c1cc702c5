import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Agent, request } from 'undici';

import { startStandIn, type StandIn } from '../index.cjs';
import { asObject, body520, call, tableRows } from './helpers.cjs';

let dir: string;
let cert: Buffer;
let standIn: StandIn;
let agent: Agent;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'standin-tls-'));
	execFileSync(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			join(dir, 'key.pem'),
			'-out',
			join(dir, 'cert.pem'),
			'-days',
			'1',
			'-subj',
			'/CN=127.0.0.1',
			'-addext',
			'subjectAltName=IP:127.0.0.1,DNS:localhost',
		],
		{ stdio: 'ignore' },
	);
	cert = readFileSync(join(dir, 'cert.pem'));
	standIn = await startStandIn({ tls: { key: readFileSync(join(dir, 'key.pem')), cert } });
	agent = new Agent({ connect: { ca: cert } });
});

afterAll(async () => {
	await agent.close();
	await standIn.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS', () => {
	it('serves https URLs', () => {
		expect(standIn.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		expect(standIn.webServerUrl).toBe(`${standIn.url}/OneStreamWeb`);
	});

	it('answers API calls over TLS with a trusted self-signed certificate', async () => {
		const result = await call(
			standIn,
			'DataProvider/GetAdoDataSetForAdapter',
			body520(standIn, {
				AdapterName: 'Big_Export',
				ResultDataTableName: 'T',
				CustomSubstVarsAsCommaSeparatedPairs: 'pRows=[20000]',
			}),
			{ dispatcher: agent },
		);
		expect(result.status).toBe(200);
		expect(tableRows(result, 'T')).toHaveLength(20000);
		const sequence = await call(
			standIn,
			'DataManagement/ExecuteSequence',
			body520(standIn, { SequenceName: 'Load_Actuals' }),
			{ dispatcher: agent },
		);
		expect(sequence.json()).toBe('Data Management Sequence Load_Actuals was completed');
	});

	it('is rejected by a client that does not trust the certificate', async () => {
		await expect(request(`${standIn.webServerUrl}`)).rejects.toThrow();
	});

	it('resets TLS connections for the reset fault', async () => {
		standIn.addFault({
			endpoint: 'DataManagement/ExecuteSequence',
			times: 1,
			fault: { kind: 'reset' },
		});
		await expect(
			call(
				standIn,
				'DataManagement/ExecuteSequence',
				body520(standIn, { SequenceName: 'Load_Actuals' }),
				{ dispatcher: agent },
			),
		).rejects.toThrow();
		const after = await call(
			standIn,
			'DataManagement/ExecuteSequence',
			body520(standIn, { SequenceName: 'Load_Actuals' }),
			{ dispatcher: agent },
		);
		expect(after.status).toBe(200);
	});

	it('serves control routes over TLS', async () => {
		const response = await request(`${standIn.url}/__standin/health`, { dispatcher: agent });
		expect(asObject(await response.body.json()).ok).toBe(true);
	});
});
