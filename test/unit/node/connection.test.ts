/**
 * Connection settings: the normalisers, the errors of resolveConnection, the credential's
 * authenticate function, and parity between the TypeScript normalisers and the n8n expressions the
 * credential's Test request uses (evaluated here by n8n-workflow's own expression engine).
 */
import type { ICredentialDataDecryptedObject, INodeType, INodeTypes } from 'n8n-workflow';
import { NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { OneStreamApi } from '../../../credentials/OneStreamApi.credentials';
import {
	API_PATH_EXPRESSION,
	BASE_URL_EXPRESSION,
	ConnectionSettingsError,
	normalizeApiPath,
	normalizeBaseUrl,
	normalizePersonalAccessToken,
	resolveConnection,
	WEB_SERVER_URL_EXPRESSION,
} from '../../../nodes/OneStream/transport/connection';

describe('normalizeBaseUrl', () => {
	it.each([
		['https://acme.onestreamcloud.com', 'https://acme.onestreamcloud.com'],
		['https://acme.onestreamcloud.com/', 'https://acme.onestreamcloud.com'],
		['  https://acme.onestreamcloud.com///  ', 'https://acme.onestreamcloud.com'],
		['acme.onestreamcloud.com', 'https://acme.onestreamcloud.com'],
		['http://10.0.0.5:8080', 'http://10.0.0.5:8080'],
		['https://acme.onestreamcloud.com/OneStreamWeb', 'https://acme.onestreamcloud.com'],
		['https://acme.onestreamcloud.com/onestreamweb/', 'https://acme.onestreamcloud.com'],
		['https://acme.onestreamcloud.com/OneStreamApi/api/DataManagement', 'https://acme.onestreamcloud.com'],
		['https://host/tenant/OneStreamWeb', 'https://host/tenant'],
		['https://host/OneStreamWebX', 'https://host/OneStreamWebX'],
	])('%p → %p', (raw, expected) => {
		expect(normalizeBaseUrl(raw)).toBe(expected);
	});
});

describe('normalizeApiPath', () => {
	it.each([
		[undefined, '/OneStreamApi'],
		['', '/OneStreamApi'],
		['   ', '/OneStreamApi'],
		['/', '/OneStreamApi'],
		['OneStreamApi', '/OneStreamApi'],
		['/OneStreamApi/', '/OneStreamApi'],
		['  //custom/api//  ', '/custom/api'],
	])('%p → %p', (raw, expected) => {
		expect(normalizeApiPath(raw)).toBe(expected);
	});
});

describe('normalizePersonalAccessToken', () => {
	const token = 'Abc123-XyZ789';
	it.each([
		[token, token],
		[`  ${token}\n`, token],
		[`Bearer ${token}`, token],
		[`bearer   ${token}`, token],
		[`"${token}"`, token],
		[`'Bearer ${token}'`, token],
		[`"Bearer '${token}'"`, token],
		[`Abc123-\r\nXyZ789`, token],
		['', ''],
		['  ""  ', ''],
		["' '", ''],
		['Bearer', ''],
		[' "bearer " ', ''],
	])('%p → %p', (raw, expected) => {
		expect(normalizePersonalAccessToken(raw)).toBe(expected);
	});

	it.each([undefined, null, 42, {}])('gives an empty token for %p', (raw) => {
		expect(normalizePersonalAccessToken(raw)).toBe('');
	});

	it('keeps a token that merely starts with the letters "bearer"', () => {
		expect(normalizePersonalAccessToken('BearerlikeToken-123')).toBe('BearerlikeToken-123');
	});
});

describe('resolveConnection', () => {
	it('builds the API root, the web server URL and the TLS switch', () => {
		expect(resolveConnection({ baseUrl: 'acme.example.com/', personalAccessToken: ' Bearer tok-1 ', apiPath: 'api/os/' })).toEqual({
			apiRoot: 'https://acme.example.com/api/os',
			webServerUrl: 'https://acme.example.com/OneStreamWeb',
			ignoreSslIssues: false,
			personalAccessToken: 'tok-1',
		});
		expect(
			resolveConnection({ baseUrl: 'https://a.example.com', personalAccessToken: 'tok-1', webServerUrl: ' https://web.example.com/OneStreamWeb/ ', ignoreSSLIssues: true }),
		).toMatchObject({ webServerUrl: 'https://web.example.com/OneStreamWeb', ignoreSslIssues: true, apiRoot: 'https://a.example.com/OneStreamApi' });
	});

	it.each<[string, ICredentialDataDecryptedObject, RegExp]>([
		['an empty Server URL', { baseUrl: '  ', personalAccessToken: 'tok' }, /Server URL is empty/],
		['a missing Server URL', { personalAccessToken: 'tok' }, /Server URL is empty/],
		['a Server URL that is no URL', { baseUrl: 'https://exa mple.com', personalAccessToken: 'tok' }, /Server URL is not a valid URL/],
		['a Server URL with another scheme', { baseUrl: 'ftp://files.example.com', personalAccessToken: 'tok' }, /must start with https:\/\/ or http:\/\//],
		['an empty token', { baseUrl: 'https://a.example.com', personalAccessToken: ' " " ' }, /Personal Access Token is empty/],
		['a missing token', { baseUrl: 'https://a.example.com' }, /Personal Access Token is empty/],
		['a token with smart quotes', { baseUrl: 'https://a.example.com', personalAccessToken: '“tok-1”' }, /cannot be sent in an HTTP header/],
		['a token with non-ASCII letters', { baseUrl: 'https://a.example.com', personalAccessToken: 'tök-1' }, /cannot be sent in an HTTP header/],
		['a Web Server URL that is no URL', { baseUrl: 'https://a.example.com', personalAccessToken: 'tok', webServerUrl: 'not a url' }, /Web Server URL is not a valid URL/],
	])('refuses %s with a fix', (_label, credentials, message) => {
		let caught: unknown;
		try {
			resolveConnection(credentials);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ConnectionSettingsError);
		expect((caught as ConnectionSettingsError).message).toMatch(message);
		expect((caught as ConnectionSettingsError).description.length).toBeGreaterThan(10);
	});

	it('never puts the token into its messages', () => {
		const secret = 'Sup3rSecretTok€n';
		try {
			resolveConnection({ baseUrl: 'https://a.example.com', personalAccessToken: secret });
			throw new Error('expected a refusal');
		} catch (error) {
			expect(`${(error as ConnectionSettingsError).message} ${(error as ConnectionSettingsError).description}`).not.toContain(secret);
		}
	});
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
		expect(credential.properties.map((property) => property.name)).toEqual(['baseUrl', 'personalAccessToken', 'webServerUrl', 'apiPath', 'ignoreSSLIssues']);
		expect(credential.properties.find((property) => property.name === 'personalAccessToken')?.typeOptions?.password).toBe(true);
	});
});

describe("parity of the credential test's expressions with the normalisers", () => {
	// A one-node workflow, so n8n's expression engine has a node to evaluate in.
	const nodeType: INodeType = {
		description: {
			displayName: 'Parity',
			name: 'test.parity',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Parity' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
	};
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({
		nodes: [{ id: 'p', name: 'Parity', type: 'test.parity', typeVersion: 1, position: [0, 0], parameters: {} }],
		connections: {},
		active: false,
		nodeTypes,
	});

	/** Credential data with the fields that are set (an unset field is absent, as in n8n). */
	function fields(values: Record<string, string | undefined>): ICredentialDataDecryptedObject {
		const data: ICredentialDataDecryptedObject = {};
		for (const [key, value] of Object.entries(values)) if (value !== undefined) data[key] = value;
		return data;
	}

	function evaluate(expression: string, credentials: ICredentialDataDecryptedObject): unknown {
		return workflow.expression.getParameterValue(`={{ ${expression} }}`, null, 0, 0, 'Parity', [], 'internal', { $credentials: credentials });
	}

	const baseUrls: Array<string | undefined> = [
		'https://acme.onestreamcloud.com',
		'https://acme.onestreamcloud.com/',
		'  https://acme.onestreamcloud.com//  ',
		'acme.onestreamcloud.com',
		'acme.onestreamcloud.com:8443/',
		'HTTPS://Acme.Example.COM',
		'http://10.0.0.5:8080/OneStreamWeb',
		'https://host/OneStreamWeb/',
		'https://host/onestreamweb',
		'https://host/OneStreamApi/api/DataProvider/GetAdoDataSetForAdapter',
		'https://host/tenant/OneStreamApi/',
		'https://host/OneStreamWebX',
		'https://host/path/to/base/',
		'\thttps://host\n',
		'',
		'   ',
		undefined,
	];
	const apiPaths: Array<string | undefined> = [undefined, '', ' ', '/', 'OneStreamApi', '/OneStreamApi/', '//custom/api//', ' Api/OS '];
	const webServerUrls: Array<string | undefined> = [undefined, '', '   ', 'https://web.example.com/OneStreamWeb', ' https://web.example.com/OneStreamWeb/// '];

	it.each(baseUrls)('base URL %p', (baseUrl) => {
		expect(evaluate(BASE_URL_EXPRESSION, fields({ baseUrl }))).toBe(normalizeBaseUrl(baseUrl ?? ''));
	});

	it.each(apiPaths)('API path %p', (apiPath) => {
		expect(evaluate(API_PATH_EXPRESSION, fields({ apiPath }))).toBe(normalizeApiPath(apiPath));
	});

	it('web server URL, over every base URL and web server URL that resolveConnection accepts', () => {
		let compared = 0;
		for (const baseUrl of baseUrls) {
			for (const webServerUrl of webServerUrls) {
				const credentials = fields({ baseUrl, webServerUrl, personalAccessToken: 'tok' });
				let resolved: ReturnType<typeof resolveConnection>;
				try {
					resolved = resolveConnection(credentials);
				} catch {
					continue;
				}
				expect({ baseUrl, webServerUrl, value: evaluate(WEB_SERVER_URL_EXPRESSION, credentials) }).toEqual({
					baseUrl,
					webServerUrl,
					value: resolved.webServerUrl,
				});
				// And the test request's base URL is the node's API root.
				expect(`${String(evaluate(BASE_URL_EXPRESSION, credentials))}${String(evaluate(API_PATH_EXPRESSION, credentials))}`).toBe(resolved.apiRoot);
				compared++;
			}
		}
		expect(compared).toBeGreaterThan(40);
	});
});
