/** Connection settings: what resolveConnection builds from a credential, and what it refuses. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { OneStreamError } from '../../../../nodes/OneStream/shared/errors';
import { resolveConnection } from '../../../../nodes/OneStream/transport/connection';

describe('resolveConnection', () => {
	it('builds the API root, the web server URL and the TLS switch', () => {
		expect(
			resolveConnection({
				baseUrl: 'acme.example.com/',
				personalAccessToken: ' Bearer tok-1234567890abcdef ',
				apiPath: 'api/os/',
			}),
		).toEqual({
			apiRoot: 'https://acme.example.com/api/os',
			webServerUrl: 'https://acme.example.com/OneStreamWeb',
			ignoreSslIssues: false,
			personalAccessToken: 'tok-1234567890abcdef',
		});
		expect(
			resolveConnection({
				baseUrl: 'https://a.example.com',
				personalAccessToken: 'tok-1234567890abcdef',
				webServerUrl: ' https://web.example.com/OneStreamWeb/ ',
				ignoreSSLIssues: true,
			}),
		).toMatchObject({
			webServerUrl: 'https://web.example.com/OneStreamWeb',
			ignoreSslIssues: true,
			apiRoot: 'https://a.example.com/OneStreamApi',
		});
	});

	it.each<[string, ICredentialDataDecryptedObject, RegExp]>([
		['an empty Server URL', { baseUrl: '  ', personalAccessToken: 'tok' }, /Server URL is empty/],
		['a missing Server URL', { personalAccessToken: 'tok' }, /Server URL is empty/],
		[
			'a Server URL that is no URL',
			{ baseUrl: 'https://exa mple.com', personalAccessToken: 'tok' },
			/Server URL is not a valid URL/,
		],
		[
			'a Server URL with another scheme',
			{ baseUrl: 'ftp://files.example.com', personalAccessToken: 'tok' },
			/must start with https:\/\/ or http:\/\//,
		],
		[
			'an empty token',
			{ baseUrl: 'https://a.example.com', personalAccessToken: ' " " ' },
			/Personal Access Token is empty/,
		],
		['a missing token', { baseUrl: 'https://a.example.com' }, /Personal Access Token is empty/],
		[
			'a token with smart quotes',
			{ baseUrl: 'https://a.example.com', personalAccessToken: '“tok-1”' },
			/cannot be sent in an HTTP header/,
		],
		[
			'a token too short to be a PAT',
			{ baseUrl: 'https://a.example.com', personalAccessToken: 'Bearer abc-123' },
			/Personal Access Token is only 7 characters long/,
		],
		[
			'a token of 15 characters',
			{ baseUrl: 'https://a.example.com', personalAccessToken: 'abcdefgh-123456' },
			/is only 15 characters long/,
		],
		[
			'a token with non-ASCII letters',
			{ baseUrl: 'https://a.example.com', personalAccessToken: 'tök-1' },
			/cannot be sent in an HTTP header/,
		],
		[
			'a Web Server URL that is no URL',
			{
				baseUrl: 'https://a.example.com',
				personalAccessToken: 'tok-1234567890abcdef',
				webServerUrl: 'not a url',
			},
			/Web Server URL is not a valid URL/,
		],
	])('refuses %s with a fix', (_label, credentials, message) => {
		let caught: unknown;
		try {
			resolveConnection(credentials);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(OneStreamError);
		expect((caught as OneStreamError).source).toBe('input');
		expect((caught as OneStreamError).message).toMatch(message);
		expect((caught as OneStreamError).description.length).toBeGreaterThan(10);
	});

	it('never puts the token into its messages', () => {
		const secret = 'Sup3rSecretTok€n';
		try {
			resolveConnection({ baseUrl: 'https://a.example.com', personalAccessToken: secret });
			throw new Error('expected a refusal');
		} catch (error) {
			expect(
				`${(error as OneStreamError).message} ${(error as OneStreamError).description}`,
			).not.toContain(secret);
		}
	});

	it('accepts a token of 16 characters', () => {
		expect(
			resolveConnection({
				baseUrl: 'https://a.example.com',
				personalAccessToken: 'abcdefgh-1234567',
			}).personalAccessToken,
		).toBe('abcdefgh-1234567');
	});
});
