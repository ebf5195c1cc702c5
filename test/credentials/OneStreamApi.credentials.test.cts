/**
 * The credential type: its fields and authenticate function, and its Test button: the declarative
 * request, run by n8n-core's RoutingNode the way n8n's CredentialsTester runs it (defaults,
 * overwrites and expressions applied first), against the stand-in.
 */
import { OneStreamApi } from '../../credentials/OneStreamApi.credentials';
import type { StandIn } from '../standin/index.cjs';
import { EXPIRED_PAT, NO_ROLE_PAT, VALID_PAT } from '../standin/index.cjs';
import { testCredentials } from '../support/harness.cjs';
import { onlyRequestTo, requestsTo, startTestStandIn } from '../support/standIn.cjs';

const LOGON = 'Authentication/Logon';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

it('passes with a valid token, calling 7.2.0 Logon with the web server URL', async () => {
	const outcome = await testCredentials({ baseUrl: standIn.url, personalAccessToken: VALID_PAT });
	expect(outcome.status).toBe('OK');
	const request = onlyRequestTo(standIn, LOGON);
	expect(request.method).toBe('POST');
	expect(request.rawPath).toBe('/OneStreamApi/api/Authentication/Logon?api-version=7.2.0');
	expect(request.headers.authorization).toBe(`Bearer ${VALID_PAT}`);
	expect(request.headers['content-type']).toMatch(/^application\/json/);
	expect(request.body).toEqual({ BaseWebServerUrl: `${standIn.url}/OneStreamWeb` });
});

it.each([
	['a trailing slash', (url: string) => `${url}/`],
	['the web client address pasted', (url: string) => `${url}/OneStreamWeb/`],
	['the API address pasted', (url: string) => `  ${url}/onestreamapi  `],
])('normalises a Server URL with %s exactly like the node does', async (_label, mangle) => {
	const outcome = await testCredentials({
		baseUrl: mangle(standIn.url),
		personalAccessToken: ` Bearer ${VALID_PAT} `,
	});
	expect(outcome.status).toBe('OK');
	const request = onlyRequestTo(standIn, LOGON);
	expect(request.rawPath).toBe('/OneStreamApi/api/Authentication/Logon?api-version=7.2.0');
	expect(request.headers.authorization).toBe(`Bearer ${VALID_PAT}`);
	expect(request.body).toEqual({ BaseWebServerUrl: `${standIn.url}/OneStreamWeb` });
});

it('uses the API Path and Web Server URL fields', async () => {
	const custom = await startTestStandIn({ apiPath: '/Api/OS' });
	try {
		const webServerUrl = `http://localhost:${new URL(custom.url).port}/OneStreamWeb`;
		const outcome = await testCredentials({
			baseUrl: custom.url,
			personalAccessToken: VALID_PAT,
			apiPath: '/Api/OS/',
			webServerUrl: `${webServerUrl}//`,
		});
		expect(outcome.status).toBe('OK');
		const request = onlyRequestTo(custom, LOGON);
		expect(request.rawPath).toBe('/Api/OS/api/Authentication/Logon?api-version=7.2.0');
		expect(request.body).toEqual({ BaseWebServerUrl: webServerUrl });
	} finally {
		await custom.close();
	}
});

it('resolves the token from n8n Variables, external secrets and overwrites', async () => {
	expect(
		(
			await testCredentials(
				{ baseUrl: standIn.url, personalAccessToken: '={{ $vars.pat }}' },
				{ variables: { pat: VALID_PAT } },
			)
		).status,
	).toBe('OK');
	expect(
		(
			await testCredentials(
				{ baseUrl: standIn.url, personalAccessToken: '={{ $secrets.vault.pat }}' },
				{ secrets: { vault: { pat: VALID_PAT } } },
			)
		).status,
	).toBe('OK');
	expect(
		(
			await testCredentials(
				{ baseUrl: standIn.url, personalAccessToken: '' },
				{ credentialOverwrites: { personalAccessToken: VALID_PAT } },
			)
		).status,
	).toBe('OK');
	expect(requestsTo(standIn, LOGON).map((request) => request.headers.authorization)).toEqual([
		`Bearer ${VALID_PAT}`,
		`Bearer ${VALID_PAT}`,
		`Bearer ${VALID_PAT}`,
	]);
});

it('fails with an expired token (401) and with a user without the API role (403)', async () => {
	const expired = await testCredentials({ baseUrl: standIn.url, personalAccessToken: EXPIRED_PAT });
	expect(expired.status).toBe('Error');
	const noRole = await testCredentials({ baseUrl: standIn.url, personalAccessToken: NO_ROLE_PAT });
	expect(noRole.status).toBe('Error');
});

it('fails when the API is not at the API Path (404)', async () => {
	const outcome = await testCredentials({
		baseUrl: standIn.url,
		personalAccessToken: VALID_PAT,
		apiPath: '/WrongApi',
	});
	expect(outcome.status).toBe('Error');
	expect(requestsTo(standIn, LOGON)).toHaveLength(0);
	expect(standIn.requests.map((request) => request.rawPath)).toEqual([
		'/WrongApi/api/Authentication/Logon?api-version=7.2.0',
	]);
});

it('fails when nothing listens at the Server URL', async () => {
	const closed = await startTestStandIn();
	const url = closed.url;
	await closed.close();
	const outcome = await testCredentials({ baseUrl: url, personalAccessToken: VALID_PAT });
	expect(outcome.status).toBe('Error');
	expect(outcome.message).toMatch(/ECONNREFUSED|connect/i);
});

// n8n-workflow 1.x/2.0 declare `cause` as a class field on execution errors, which resets the cause
// that NodeApiError passes to Error; n8n's CredentialsTester reads the HTTP status from
// `error.cause.response`, so `responseCode` rules would never apply there. The credential takes
// every status as an answer instead, and fails the test when the logon answer has no SessionInfo.
it('names the PAT checklist on any refused logon, and sends the logon once', async () => {
	for (const token of [EXPIRED_PAT, NO_ROLE_PAT]) {
		standIn.reset();
		const outcome = await testCredentials({ baseUrl: standIn.url, personalAccessToken: token });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toContain('AccessAsNonInteractiveUser');
		expect(outcome.message).toContain('expired or been revoked');
		expect(outcome.message).toContain('/OneStreamWeb');
		expect(requestsTo(standIn, LOGON)).toHaveLength(1);
	}
});

describe('the credential type', () => {
	const credential = new OneStreamApi();

	it('authenticates with "Authorization: Bearer <normalised PAT>", keeping other headers', async () => {
		const options = await credential.authenticate(
			{ baseUrl: 'https://a.example.com', personalAccessToken: ' "Bearer tok-1" ' },
			{ url: 'https://a.example.com/x', headers: { Accept: 'application/json' } },
		);
		expect(options.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer tok-1' });
		expect(options.url).toBe('https://a.example.com/x');
	});

	it('keeps the public field names', () => {
		expect(credential.name).toBe('oneStreamApi');
		expect(credential.properties.map((property) => property.name)).toEqual([
			'baseUrl',
			'personalAccessToken',
			'webServerUrl',
			'apiPath',
			'ignoreSSLIssues',
		]);
		expect(
			credential.properties.find((property) => property.name === 'personalAccessToken')?.typeOptions
				?.password,
		).toBe(true);
	});
});

it.each(['svc:secret@', 'svc@'])(
	'refuses a Server URL with %s before sending anything, with the node’s message',
	async (userInfo) => {
		const outcome = await testCredentials({
			baseUrl: standIn.url.replace('://', `://${userInfo}`),
			personalAccessToken: VALID_PAT,
		});
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(
			/^The credential's Server URL contains a user name or password \(user:password@\)\. Remove them/,
		);
		expect(standIn.requests).toHaveLength(0);
	},
);
