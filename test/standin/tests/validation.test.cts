import { startStandIn, type StandIn } from '../index.cjs';
import { asObject, body520, call } from './helpers.cjs';

let standIn: StandIn;
beforeAll(async () => {
	standIn = await startStandIn();
	standIn.setSequenceDuration('Nightly_Consolidation', 0);
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

/** Complete, valid 5.2.0 bodies per endpoint. */
function validBodies(): Record<string, Record<string, unknown>> {
	return {
		'Authentication/LogonAndReturnCookie': body520(standIn),
		'DataManagement/ExecuteSequence': body520(standIn, { SequenceName: 'Nightly_Consolidation' }),
		'DataManagement/ExecuteStep': body520(standIn, {
			DataManagementGroupName: 'Integration',
			StepName: 'Import_GL',
		}),
		'DataProvider/GetAdoDataSetForAdapter': body520(standIn, { AdapterName: 'GL_Export' }),
		'DataProvider/GetAdoDataSetForCubeViewCommand': body520(standIn, {
			CubeViewName: 'Income_Statement',
		}),
		'DataProvider/GetAdoDataSetForSqlCommand': body520(standIn, {
			SqlQuery: 'SELECT * FROM Member',
		}),
		'DataProvider/GetAdoDataSetForMethodCommand': body520(standIn, {
			MethodQuery: '{FX_Rates}{Rates}',
			XFCommandMethodType: 'BusinessRule',
		}),
	};
}

const required: Array<[string, string[]]> = [
	['Authentication/LogonAndReturnCookie', ['BaseWebServerUrl', 'ApplicationName']],
	['DataManagement/ExecuteSequence', ['BaseWebServerUrl', 'ApplicationName', 'SequenceName']],
	[
		'DataManagement/ExecuteStep',
		['BaseWebServerUrl', 'ApplicationName', 'DataManagementGroupName', 'StepName'],
	],
	['DataProvider/GetAdoDataSetForAdapter', ['BaseWebServerUrl', 'ApplicationName', 'AdapterName']],
	[
		'DataProvider/GetAdoDataSetForCubeViewCommand',
		['BaseWebServerUrl', 'ApplicationName', 'CubeViewName'],
	],
	['DataProvider/GetAdoDataSetForSqlCommand', ['BaseWebServerUrl', 'ApplicationName', 'SqlQuery']],
	[
		'DataProvider/GetAdoDataSetForMethodCommand',
		['BaseWebServerUrl', 'ApplicationName', 'MethodQuery', 'XFCommandMethodType'],
	],
];

describe('required fields', () => {
	it.each(required)('%s answers 200 with every required field', async (endpoint) => {
		const result = await call(standIn, endpoint, validBodies()[endpoint]);
		expect(result.status).toBe(200);
	});

	const cases = required.flatMap(([endpoint, fields]) =>
		fields.flatMap((field) => [
			[endpoint, field, 'missing'] as const,
			[endpoint, field, 'blank'] as const,
		]),
	);
	it.each(cases)('%s answers 400 naming %s when it is %s', async (endpoint, field, how) => {
		const body = validBodies()[endpoint];
		if (how === 'missing') delete body[field];
		else body[field] = '  ';
		const result = await call(standIn, endpoint, body);
		expect(result.status).toBe(400);
		expect(asObject(result.json()).Message).toBe(`The ${field} field is required.`);
		expect(standIn.runs).toHaveLength(0);
	});

	it('answers 400 for a field of the wrong JSON type, and binds numbers to strings like Newtonsoft', async () => {
		const wrong = await call(
			standIn,
			'DataManagement/ExecuteSequence',
			body520(standIn, { SequenceName: { name: 'x' } }),
		);
		expect(wrong.status).toBe(400);
		expect(asObject(wrong.json()).Message).toBe('The value of SequenceName is not valid.');
		const numeric = await call(
			standIn,
			'DataManagement/ExecuteSequence',
			body520(standIn, { SequenceName: 12345 }),
		);
		expect(asObject(numeric.json()).Message).toBe("Invalid Data Management Sequence name '12345'.");
	});

	it('treats null like a missing field', async () => {
		const result = await call(
			standIn,
			'DataManagement/ExecuteSequence',
			body520(standIn, { SequenceName: null }),
		);
		expect(asObject(result.json()).Message).toBe('The SequenceName field is required.');
	});
});

describe('BaseWebServerUrl loopback check', () => {
	it.each([
		['the /OneStreamWeb URL', (s: StandIn) => s.webServerUrl],
		['a trailing slash', (s: StandIn) => `${s.webServerUrl}/`],
		['other casing', (s: StandIn) => `${s.url}/onestreamweb`],
		[
			'another host (the stand-in cannot tell)',
			() => 'https://acme.onestreamcloud.com/OneStreamWeb',
		],
	])('accepts %s', async (_label, url) => {
		const result = await call(
			standIn,
			'DataManagement/ExecuteSequence',
			body520(standIn, { SequenceName: 'Nightly_Consolidation', BaseWebServerUrl: url(standIn) }),
		);
		expect(result.status).toBe(200);
	});

	it.each([
		['the /OneStreamApi URL (the classic mistake)', (s: StandIn) => s.apiRoot],
		['the bare host', (s: StandIn) => s.url],
		['not a URL', () => 'OneStreamWeb'],
		['an ftp URL', () => 'ftp://host/OneStreamWeb'],
		['a longer path', (s: StandIn) => `${s.webServerUrl}/api`],
	])('answers 400 with a loopback error for %s', async (_label, url) => {
		const result = await call(
			standIn,
			'DataManagement/ExecuteSequence',
			body520(standIn, { SequenceName: 'Nightly_Consolidation', BaseWebServerUrl: url(standIn) }),
		);
		expect(result.status).toBe(400);
		const body = asObject(result.json());
		expect(body.Message).toMatch(/^REST API Loopback Error/);
		expect(body.Detail).toMatch(/\/OneStreamWeb/);
		expect(standIn.runs).toHaveLength(0);
	});

	it('is checked on every 5.2.0 endpoint and on 7.2.0 Logon', async () => {
		for (const [endpoint, body] of Object.entries(validBodies())) {
			const result = await call(standIn, endpoint, { ...body, BaseWebServerUrl: standIn.apiRoot });
			expect([endpoint, result.status]).toEqual([endpoint, 400]);
		}
		const logon = await call(
			standIn,
			'Authentication/Logon',
			{ BaseWebServerUrl: standIn.apiRoot },
			{ version: '7.2.0' },
		);
		expect(logon.status).toBe(400);
		expect(asObject(logon.json()).Message).toMatch(/^REST API Loopback Error/);
	});
});

describe('unknown names', () => {
	it.each([
		[
			'DataManagement/ExecuteSequence',
			{ ApplicationName: 'Nope' },
			"Invalid application name 'Nope'.",
		],
		[
			'DataManagement/ExecuteSequence',
			{ SequenceName: 'No_Such_Sequence' },
			"Invalid Data Management Sequence name 'No_Such_Sequence'.",
		],
		[
			'DataManagement/ExecuteStep',
			{ DataManagementGroupName: 'NoGroup' },
			"Invalid Data Management Group name 'NoGroup'.",
		],
		[
			'DataManagement/ExecuteStep',
			{ StepName: 'NoStep' },
			"Invalid Data Management Step name 'NoStep'.",
		],
		[
			'DataProvider/GetAdoDataSetForAdapter',
			{ AdapterName: 'NoAdapter' },
			"Invalid Data Adapter name 'NoAdapter'.",
		],
		[
			'DataProvider/GetAdoDataSetForCubeViewCommand',
			{ CubeViewName: 'NoCubeView' },
			"Invalid Cube View name 'NoCubeView'.",
		],
		[
			'DataProvider/GetAdoDataSetForMethodCommand',
			{ MethodQuery: '{NoRule}{Rates}' },
			"Invalid business rule name 'NoRule'.",
		],
	])('%s answers 400 for %j', async (endpoint, patch, message) => {
		const result = await call(standIn, endpoint, { ...validBodies()[endpoint], ...patch });
		expect(result.status).toBe(400);
		expect(asObject(result.json()).Message).toBe(message);
	});

	it('checks WorkspaceName when given, ignores it when empty', async () => {
		const base = validBodies()['DataManagement/ExecuteSequence'];
		expect(
			(await call(standIn, 'DataManagement/ExecuteSequence', { ...base, WorkspaceName: 'Default' }))
				.status,
		).toBe(200);
		expect(
			(await call(standIn, 'DataManagement/ExecuteSequence', { ...base, WorkspaceName: '' }))
				.status,
		).toBe(200);
		const wrong = await call(standIn, 'DataManagement/ExecuteSequence', {
			...base,
			WorkspaceName: 'MainWorkspace',
		});
		expect(wrong.status).toBe(400);
		expect(asObject(wrong.json()).Detail).toMatch(/not in workspace 'MainWorkspace'/);
		const adapter = validBodies()['DataProvider/GetAdoDataSetForAdapter'];
		expect(
			(
				await call(standIn, 'DataProvider/GetAdoDataSetForAdapter', {
					...adapter,
					WorkspaceName: 'MainWorkspace',
				})
			).status,
		).toBe(400);
		expect(
			(
				await call(standIn, 'DataProvider/GetAdoDataSetForAdapter', {
					...adapter,
					WorkspaceName: 'default',
				})
			).status,
		).toBe(200);
	});

	it('matches object names case-insensitively (SQL Server collation) and records the canonical name', async () => {
		const result = await call(
			standIn,
			'DataManagement/ExecuteSequence',
			body520(standIn, {
				ApplicationName: 'acmeconsolidation',
				SequenceName: 'NIGHTLY_CONSOLIDATION',
			}),
		);
		expect(result.json()).toBe('Data Management Sequence Nightly_Consolidation was completed');
		expect(standIn.runs[0]).toMatchObject({
			name: 'Nightly_Consolidation',
			application: 'AcmeConsolidation',
		});
	});

	it('answers LogonAndReturnCookie with a message and an opaque cookie', async () => {
		const result = await call(
			standIn,
			'Authentication/LogonAndReturnCookie',
			validBodies()['Authentication/LogonAndReturnCookie'],
		);
		const body = asObject(result.json());
		expect(body.Message).toMatch(/^Logon succeeded\./);
		expect(body.Cookie).toMatch(/^[A-Za-z0-9+/]+=*$/);
	});
});
