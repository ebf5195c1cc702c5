/**
 * The credential's fields: the normalisers, and parity between them and the n8n expressions the
 * credential's Test request uses (evaluated here by n8n-workflow's own expression engine).
 */
import type { ICredentialDataDecryptedObject, INodeType, INodeTypes } from 'n8n-workflow';
import { NodeConnectionTypes, Workflow } from 'n8n-workflow';

import {
	API_PATH_EXPRESSION,
	BASE_URL_EXPRESSION,
	normalizeApiPath,
	normalizeBaseUrl,
	normalizePersonalAccessToken,
	WEB_SERVER_URL_EXPRESSION,
} from '../../../../nodes/OneStream/shared/credentialSettings';
import { resolveConnection } from '../../../../nodes/OneStream/transport/connection';

describe('normalizeBaseUrl', () => {
	it.each([
		['https://acme.onestreamcloud.com', 'https://acme.onestreamcloud.com'],
		['https://acme.onestreamcloud.com/', 'https://acme.onestreamcloud.com'],
		['  https://acme.onestreamcloud.com///  ', 'https://acme.onestreamcloud.com'],
		['acme.onestreamcloud.com', 'https://acme.onestreamcloud.com'],
		['http://10.0.0.5:8080', 'http://10.0.0.5:8080'],
		['https://acme.onestreamcloud.com/OneStreamWeb', 'https://acme.onestreamcloud.com'],
		['https://acme.onestreamcloud.com/onestreamweb/', 'https://acme.onestreamcloud.com'],
		[
			'https://acme.onestreamcloud.com/OneStreamApi/api/DataManagement',
			'https://acme.onestreamcloud.com',
		],
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
		['/', ''],
		['  //  ', ''],
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
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [
			{
				id: 'p',
				name: 'Parity',
				type: 'test.parity',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
		],
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
		return workflow.expression.getParameterValue(
			`={{ ${expression} }}`,
			null,
			0,
			0,
			'Parity',
			[],
			'internal',
			{ $credentials: credentials },
		);
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
	const apiPaths: Array<string | undefined> = [
		undefined,
		'',
		' ',
		'/',
		'OneStreamApi',
		'/OneStreamApi/',
		'//custom/api//',
		' Api/OS ',
	];
	const webServerUrls: Array<string | undefined> = [
		undefined,
		'',
		'   ',
		'https://web.example.com/OneStreamWeb',
		' https://web.example.com/OneStreamWeb/// ',
	];

	it.each(baseUrls)('base URL %p', (baseUrl) => {
		expect(evaluate(BASE_URL_EXPRESSION, fields({ baseUrl }))).toBe(
			normalizeBaseUrl(baseUrl ?? ''),
		);
	});

	it.each(apiPaths)('API path %p', (apiPath) => {
		expect(evaluate(API_PATH_EXPRESSION, fields({ apiPath }))).toBe(normalizeApiPath(apiPath));
	});

	it('web server URL, over every base URL and web server URL that resolveConnection accepts', () => {
		let compared = 0;
		for (const baseUrl of baseUrls) {
			for (const webServerUrl of webServerUrls) {
				const credentials = fields({
					baseUrl,
					webServerUrl,
					personalAccessToken: 'tok-1234567890abcdef',
				});
				let resolved: ReturnType<typeof resolveConnection>;
				try {
					resolved = resolveConnection(credentials);
				} catch {
					continue;
				}
				expect({
					baseUrl,
					webServerUrl,
					value: evaluate(WEB_SERVER_URL_EXPRESSION, credentials),
				}).toEqual({
					baseUrl,
					webServerUrl,
					value: resolved.webServerUrl,
				});
				// And the test request's base URL is the node's API root.
				expect(
					`${String(evaluate(BASE_URL_EXPRESSION, credentials))}${String(evaluate(API_PATH_EXPRESSION, credentials))}`,
				).toBe(resolved.apiRoot);
				compared++;
			}
		}
		expect(compared).toBeGreaterThan(40);
	});
});
