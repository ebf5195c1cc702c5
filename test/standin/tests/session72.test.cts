import { NON_ADMIN_PAT, startStandIn, type StandIn } from '../index.cjs';
import { asObject, body520, call, tableRows, type CallOptions } from './helpers.cjs';

let standIn: StandIn;
beforeAll(async () => {
	standIn = await startStandIn();
});
afterAll(() => standIn.close());
beforeEach(() => {
	standIn.reset();
	standIn.setOptions({ sessionInfoKey: 'XfBytes' });
});

const v72: CallOptions = { version: '7.2.0' };

async function logon(options: CallOptions = {}): Promise<Record<string, unknown>> {
	const result = await call(
		standIn,
		'Authentication/Logon',
		{ BaseWebServerUrl: standIn.webServerUrl },
		{ ...v72, ...options },
	);
	expect(result.status).toBe(200);
	return asObject(result.json());
}

async function openApplication(
	si: unknown,
	name = 'AcmeConsolidation',
	options: CallOptions = {},
): Promise<Record<string, unknown>> {
	const result = await call(
		standIn,
		'Application/OpenApplication',
		{ ApplicationName: name, SI: si },
		{ ...v72, ...options },
	);
	expect(result.status).toBe(200);
	return asObject(result.json());
}

describe('7.2.0 Logon → OpenApplication → adapter', () => {
	it('logs on, opens an application and reads an adapter with the application SessionInfo', async () => {
		const logonBody = await logon();
		expect(logonBody.Message).toBe('Logon succeeded.');
		expect(logonBody['Authorized applications']).toEqual([
			'AcmeConsolidation',
			'AcmeConsolidation_Test',
		]);
		const logonSi = asObject(logonBody['Logon SessionInfo']);
		expect(Object.keys(logonSi)).toEqual(['XfBytes']);
		expect(logonSi.XfBytes).toMatch(/^QB8AACNo[A-Za-z0-9+/]+=*$/);

		const openBody = await openApplication(logonSi);
		expect(openBody.Message).toBe('Open application succeeded.');
		const appSi = asObject(openBody['Application SessionInfo']);
		expect(appSi.XfBytes).not.toBe(logonSi.XfBytes);

		const result = await call(
			standIn,
			'DataProvider/GetAdoDataSetForAdapter',
			{
				IsSystemLevel: false,
				AdapterName: 'GL_Export',
				ResultDataTableName: 'ResultsTable',
				CustomSubstVarsAsCommaSeparatedPairs: 'pTime=[2026M3],pEntity=[Acme DE]',
				SI: appSi,
			},
			v72,
		);
		expect(result.status).toBe(200);
		const rows = tableRows(result, 'ResultsTable');
		expect(rows).toHaveLength(10);
		expect(Object.keys(asObject(result.json()))).toEqual(['ResultsTable']);
	});

	it("answers 'xfBytes' keys when configured (platforms before 8.1) and accepts either key from clients", async () => {
		standIn.setOptions({ sessionInfoKey: 'xfBytes' });
		const logonSi = asObject((await logon())['Logon SessionInfo']);
		expect(Object.keys(logonSi)).toEqual(['xfBytes']);
		const appSi = asObject((await openApplication(logonSi))['Application SessionInfo']);
		expect(Object.keys(appSi)).toEqual(['xfBytes']);
		// A client that upper-cases the key still works.
		const result = await call(
			standIn,
			'DataProvider/GetAdoDataSetForAdapter',
			{
				IsSystemLevel: 'False',
				AdapterName: 'GL_Export',
				ResultDataTableName: 'T',
				SI: { XfBytes: appSi.xfBytes },
			},
			v72,
		);
		expect(result.status).toBe(200);
	});

	it('takes sessionInfoKey from the start options', async () => {
		const old = await startStandIn({ sessionInfoKey: 'xfBytes' });
		try {
			const result = await call(
				old,
				'Authentication/Logon',
				{ BaseWebServerUrl: old.webServerUrl },
				v72,
			);
			expect(Object.keys(asObject(asObject(result.json())['Logon SessionInfo']))).toEqual([
				'xfBytes',
			]);
		} finally {
			await old.close();
		}
	});

	it('accepts IsSystemLevel as "True"/"False" strings and reads system-level adapters', async () => {
		const appSi = (await openApplication((await logon())['Logon SessionInfo']))[
			'Application SessionInfo'
		];
		const system = await call(
			standIn,
			'DataProvider/GetAdoDataSetForAdapter',
			{ IsSystemLevel: 'True', AdapterName: 'System_Users', ResultDataTableName: 'U', SI: appSi },
			v72,
		);
		expect(tableRows(system, 'U').length).toBeGreaterThan(0);
		const wrongLevel = await call(
			standIn,
			'DataProvider/GetAdoDataSetForAdapter',
			{ IsSystemLevel: 'True', AdapterName: 'GL_Export', ResultDataTableName: 'U', SI: appSi },
			v72,
		);
		expect(wrongLevel.status).toBe(400);
	});

	it('answers 400 when the adapter call has no SI, a Logon SI, an unknown SI or misses required fields', async () => {
		const logonSi = (await logon())['Logon SessionInfo'];
		const appSi = (await openApplication(logonSi))['Application SessionInfo'];
		const base = { IsSystemLevel: false, AdapterName: 'GL_Export', ResultDataTableName: 'T' };
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ ...base }, 'The SI field is required.'],
			[{ ...base, SI: logonSi }, 'Invalid SessionInfo.'],
			[{ ...base, SI: { XfBytes: 'QB8AACNobm9wZQ==' } }, 'Invalid SessionInfo.'],
			[{ ...base, SI: 'QB8AACNo' }, 'The value of SI is not valid.'],
			[{ ...base, SI: {} }, 'The value of SI is not valid.'],
			[
				{ AdapterName: 'GL_Export', ResultDataTableName: 'T', SI: appSi },
				'The IsSystemLevel field is required.',
			],
			[
				{ IsSystemLevel: false, ResultDataTableName: 'T', SI: appSi },
				'The AdapterName field is required.',
			],
			[
				{ IsSystemLevel: false, AdapterName: 'GL_Export', SI: appSi },
				'The ResultDataTableName field is required.',
			],
		];
		for (const [body, message] of cases) {
			const result = await call(standIn, 'DataProvider/GetAdoDataSetForAdapter', body, v72);
			expect([message, result.status]).toEqual([message, 400]);
			expect(asObject(result.json()).Message).toBe(message);
		}
		// The 5.2.0-style body (no SI) is not accepted under 7.2.0.
		expect(
			(
				await call(
					standIn,
					'DataProvider/GetAdoDataSetForAdapter',
					body520(standIn, { AdapterName: 'GL_Export', ResultDataTableName: 'T' }),
					v72,
				)
			).status,
		).toBe(400);
	});

	it('validates OpenApplication: SI from Logon required, application must exist, SI bound to its user', async () => {
		const logonSi = (await logon())['Logon SessionInfo'];
		const noSi = await call(
			standIn,
			'Application/OpenApplication',
			{ ApplicationName: 'AcmeConsolidation' },
			v72,
		);
		expect(asObject(noSi.json()).Message).toBe('The SI field is required.');
		const noApp = await call(standIn, 'Application/OpenApplication', { SI: logonSi }, v72);
		expect(asObject(noApp.json()).Message).toBe('The ApplicationName field is required.');
		const unknownApp = await call(
			standIn,
			'Application/OpenApplication',
			{ ApplicationName: 'Nope', SI: logonSi },
			v72,
		);
		expect(unknownApp.status).toBe(400);
		expect(asObject(unknownApp.json()).Message).toBe("Invalid application name 'Nope'.");
		const otherUser = await call(
			standIn,
			'Application/OpenApplication',
			{ ApplicationName: 'AcmeConsolidation', SI: logonSi },
			{ ...v72, token: NON_ADMIN_PAT },
		);
		expect(otherUser.status).toBe(400);
		expect(
			(
				await call(
					standIn,
					'Application/OpenApplication',
					{ ApplicationName: 'AcmeConsolidation_Test', SI: logonSi },
					v72,
				)
			).status,
		).toBe(200);
	});

	it('forgets sessions on reset', async () => {
		const logonSi = (await logon())['Logon SessionInfo'];
		standIn.reset();
		const result = await call(
			standIn,
			'Application/OpenApplication',
			{ ApplicationName: 'AcmeConsolidation', SI: logonSi },
			v72,
		);
		expect(result.status).toBe(400);
		expect(asObject(result.json()).Message).toBe('Invalid SessionInfo.');
	});
});
