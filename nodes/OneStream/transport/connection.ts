import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	normalizeApiPath,
	normalizeBaseUrl,
	normalizePersonalAccessToken,
	WEB_SERVER_PATH,
} from '../shared/credentialSettings';
import { inputError } from '../shared/errors';
import { USER_INFO_REFUSED } from '../shared/messages';
import type { OneStreamConnection, OneStreamContext } from './types';

/** The shortest token the node sends. OneStream's PATs are about 66 characters. */
const MIN_TOKEN_LENGTH = 16;

function readString(credentials: ICredentialDataDecryptedObject, key: string): string {
	const value = credentials[key];
	return typeof value === 'string' ? value : '';
}

function parseUrl(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

const SERVER_EXAMPLE =
	'Enter the address of your OneStream server, for example https://acme.onestreamcloud.com';

function assertHttpUrl(url: string, field: string, raw: string): void {
	const parsed = parseUrl(url);
	if (!parsed) {
		throw inputError(
			`The credential's ${field} is not a valid URL: "${raw.trim()}"`,
			SERVER_EXAMPLE,
		);
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw inputError(
			`The credential's ${field} must start with https:// or http://, not ${parsed.protocol}//`,
			SERVER_EXAMPLE,
		);
	}
}

/** Validates and normalises the credential; throws an input error that says how to fix it. */
export function resolveConnection(
	credentials: ICredentialDataDecryptedObject,
): OneStreamConnection {
	const rawBaseUrl = readString(credentials, 'baseUrl');
	if (rawBaseUrl.trim() === '') {
		throw inputError(
			"The credential's Server URL is empty",
			'Open the OneStream credential and enter the address of your OneStream server, for example https://acme.onestreamcloud.com',
		);
	}
	const baseUrl = normalizeBaseUrl(rawBaseUrl);
	assertHttpUrl(baseUrl, 'Server URL', rawBaseUrl);
	const parsed = new URL(baseUrl);
	if (parsed.username !== '' || parsed.password !== '') {
		throw inputError(USER_INFO_REFUSED.message, USER_INFO_REFUSED.description);
	}

	const personalAccessToken = normalizePersonalAccessToken(credentials.personalAccessToken);
	if (personalAccessToken === '') {
		throw inputError(
			"The credential's Personal Access Token is empty",
			'Create a Personal Access Token in the OneStream Identity & Access Management Portal and paste the whole string, or reference it from a vault with {{ $secrets.<vault>.<name> }}',
		);
	}
	// A token that cannot travel in an HTTP header was mangled on the way in (e.g. smart quotes).
	if (!/^[\x21-\x7e]+$/.test(personalAccessToken)) {
		throw inputError(
			"The credential's Personal Access Token contains characters that cannot be sent in an HTTP header",
			'Copy the token again from where it is stored; a OneStream PAT is made of letters, digits and a dash',
		);
	}

	// Too short to be a PAT, and too short to be scrubbed reliably from echoed text.
	if (personalAccessToken.length < MIN_TOKEN_LENGTH) {
		throw inputError(
			`The credential's Personal Access Token is only ${personalAccessToken.length} characters long`,
			`A OneStream PAT is about 66 characters (letters, digits and one dash). Copy the whole token from where it is stored; the node refuses anything shorter than ${MIN_TOKEN_LENGTH} characters.`,
		);
	}
	const rawWebServerUrl = readString(credentials, 'webServerUrl').trim().replace(/\/+$/, '');
	const webServerUrl = rawWebServerUrl === '' ? `${baseUrl}${WEB_SERVER_PATH}` : rawWebServerUrl;
	assertHttpUrl(webServerUrl, 'Web Server URL', rawWebServerUrl);

	return {
		apiRoot: `${baseUrl}${normalizeApiPath(readString(credentials, 'apiPath'))}`,
		webServerUrl,
		ignoreSslIssues: credentials.ignoreSSLIssues === true,
		personalAccessToken,
	};
}

/** The connection of the node's `oneStreamApi` credential. */
export async function getConnection(ctx: OneStreamContext): Promise<OneStreamConnection> {
	return resolveConnection(await ctx.getCredentials(CREDENTIAL_TYPE));
}
