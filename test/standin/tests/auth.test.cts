import {
	DEFAULT_TOKENS,
	EXPIRED_PAT,
	NO_ROLE_PAT,
	NON_ADMIN_PAT,
	REVOKED_PAT,
	startStandIn,
	VALID_PAT,
	type StandIn,
} from '../index.cjs';
import { asObject, body520, call } from './helpers.cjs';

let standIn: StandIn;
const logLines: string[] = [];
beforeAll(async () => {
	standIn = await startStandIn({ log: (line) => logLines.push(line) });
});
afterAll(() => standIn.close());
beforeEach(() => standIn.reset());

const sequence = () => body520(standIn, { SequenceName: 'Load_Actuals' });
const sql = () => body520(standIn, { SqlQuery: 'SELECT Name FROM Member' });
const method = () =>
	body520(standIn, { MethodQuery: '{FX_Rates}{Rates}', XFCommandMethodType: 'BusinessRule' });

describe('Personal Access Tokens', () => {
	it('exports five distinct PATs shaped like OIS tokens (66 chars, letters/digits, one dash)', () => {
		const all = [VALID_PAT, EXPIRED_PAT, REVOKED_PAT, NO_ROLE_PAT, NON_ADMIN_PAT];
		expect(new Set(all).size).toBe(5);
		for (const token of all) {
			expect(token).toHaveLength(66);
			expect(token).toMatch(/^[A-Za-z0-9]+-[A-Za-z0-9]+$/);
		}
		expect(DEFAULT_TOKENS.map((t) => t.token)).toEqual(all);
	});

	it('accepts the valid PAT with the Bearer scheme in any case', async () => {
		for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
			expect(
				(
					await call(standIn, 'DataManagement/ExecuteSequence', sequence(), {
						authorization: `${scheme} ${VALID_PAT}`,
					})
				).status,
			).toBe(200);
		}
	});

	it.each([
		['no Authorization header', { token: null }, 'No bearer token was sent.'],
		[
			'a Basic scheme',
			{ authorization: `Basic ${Buffer.from(`svc:${VALID_PAT}`).toString('base64')}` },
			'The Authorization header must use the Bearer scheme with a personal access token.',
		],
		[
			'an empty bearer',
			{ authorization: 'Bearer ' },
			'The Authorization header must use the Bearer scheme with a personal access token.',
		],
		[
			'an unknown token',
			{ token: `${VALID_PAT.slice(0, -1)}X` },
			'The personal access token is not valid.',
		],
		[
			'a truncated token',
			{ token: VALID_PAT.slice(0, 40) },
			'The personal access token is not valid.',
		],
		['the expired PAT', { token: EXPIRED_PAT }, 'The personal access token has expired.'],
		['the revoked PAT', { token: REVOKED_PAT }, 'The personal access token has been revoked.'],
	])('answers 401 for %s', async (_label, options, detail) => {
		const result = await call(standIn, 'DataManagement/ExecuteSequence', sequence(), options);
		expect(result.status).toBe(401);
		expect(result.headers['www-authenticate']).toBe('Bearer');
		expect(result.json()).toEqual({
			Message: 'Authorization has been denied for this request.',
			Detail: detail,
		});
		expect(standIn.runs).toHaveLength(0);
	});

	it('answers 403 for a user without AccessAsNonInteractiveUser, on every endpoint', async () => {
		for (const [endpoint, body] of [
			['DataManagement/ExecuteSequence', sequence()],
			['DataProvider/GetAdoDataSetForAdapter', body520(standIn, { AdapterName: 'GL_Export' })],
			['DataProvider/GetAdoDataSetForSqlCommand', sql()],
		] as const) {
			const result = await call(standIn, endpoint, body, { token: NO_ROLE_PAT });
			expect(result.status).toBe(403);
			expect(asObject(result.json()).Detail).toBe(
				'The user must be in a group that has the AccessAsNonInteractiveUser system security role.',
			);
		}
		const logon = await call(
			standIn,
			'Authentication/Logon',
			{ BaseWebServerUrl: standIn.webServerUrl },
			{ version: '7.2.0', token: NO_ROLE_PAT },
		);
		expect(logon.status).toBe(403);
	});

	it('lets a non-administrator run DM and adapters but not SQL or method commands', async () => {
		expect(
			(await call(standIn, 'DataManagement/ExecuteSequence', sequence(), { token: NON_ADMIN_PAT }))
				.status,
		).toBe(200);
		expect(
			(
				await call(
					standIn,
					'DataProvider/GetAdoDataSetForAdapter',
					body520(standIn, { AdapterName: 'GL_Export' }),
					{ token: NON_ADMIN_PAT },
				)
			).status,
		).toBe(200);
		expect(
			(
				await call(
					standIn,
					'DataProvider/GetAdoDataSetForCubeViewCommand',
					body520(standIn, { CubeViewName: 'Income_Statement' }),
					{ token: NON_ADMIN_PAT },
				)
			).status,
		).toBe(200);
		const sqlResult = await call(standIn, 'DataProvider/GetAdoDataSetForSqlCommand', sql(), {
			token: NON_ADMIN_PAT,
		});
		expect(sqlResult.status).toBe(403);
		expect(asObject(sqlResult.json()).Message).toBe(
			"Security Access Error. User 'svc_reader' must be an Administrator to run SQL commands.",
		);
		const methodResult = await call(
			standIn,
			'DataProvider/GetAdoDataSetForMethodCommand',
			method(),
			{ token: NON_ADMIN_PAT },
		);
		expect(methodResult.status).toBe(403);
		expect(asObject(methodResult.json()).Message).toMatch(/method commands/);
		// The administrator gets both.
		expect((await call(standIn, 'DataProvider/GetAdoDataSetForSqlCommand', sql())).status).toBe(
			200,
		);
		expect(
			(await call(standIn, 'DataProvider/GetAdoDataSetForMethodCommand', method())).status,
		).toBe(200);
	});

	it('checks auth after the api-version and before the body', async () => {
		const noVersion = await call(standIn, 'DataManagement/ExecuteSequence', sequence(), {
			version: null,
			token: EXPIRED_PAT,
		});
		expect(noVersion.status).toBe(400);
		const badBody = await call(standIn, 'DataManagement/ExecuteSequence', undefined, {
			rawBody: 'not json',
			token: EXPIRED_PAT,
		});
		expect(badBody.status).toBe(401);
	});

	it('uses custom token configurations', async () => {
		const custom = await startStandIn({
			tokens: [
				{
					token: 'abc-123',
					userName: 'me',
					status: 'AutoRevoked',
					accessAsNonInteractiveUser: true,
					administrator: true,
				},
			],
		});
		try {
			const result = await call(
				custom,
				'DataManagement/ExecuteSequence',
				body520(custom, { SequenceName: 'Load_Actuals' }),
				{ token: 'abc-123' },
			);
			expect(result.status).toBe(401);
			expect(
				(
					await call(
						custom,
						'DataManagement/ExecuteSequence',
						body520(custom, { SequenceName: 'Load_Actuals' }),
					)
				).status,
			).toBe(401);
		} finally {
			await custom.close();
		}
	});

	it('never puts a token into a response body or a log line', async () => {
		logLines.length = 0;
		const tokens = [VALID_PAT, EXPIRED_PAT, REVOKED_PAT, NO_ROLE_PAT, NON_ADMIN_PAT];
		const texts: string[] = [];
		for (const token of tokens) {
			for (const endpoint of [
				'DataManagement/ExecuteSequence',
				'DataProvider/GetAdoDataSetForSqlCommand',
			]) {
				texts.push(
					(await call(standIn, endpoint, endpoint.includes('Sql') ? sql() : sequence(), { token }))
						.text,
				);
			}
			texts.push(
				(
					await call(
						standIn,
						'Authentication/Logon',
						{ BaseWebServerUrl: standIn.webServerUrl },
						{ version: '7.2.0', token },
					)
				).text,
			);
		}
		texts.push(
			(
				await call(standIn, 'DataManagement/ExecuteSequence', sequence(), {
					authorization: `Token ${VALID_PAT}`,
				})
			).text,
		);
		expect(logLines.length).toBeGreaterThanOrEqual(16);
		for (const text of [...texts, ...logLines]) {
			for (const token of tokens) {
				expect(text).not.toContain(token);
				expect(text).not.toContain(token.slice(0, 20));
			}
		}
		expect(logLines.some((line) => line.includes(`auth=Bearer …${VALID_PAT.slice(-3)}`))).toBe(
			true,
		);
	});
});
