import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** Connection settings resolved from the `oneStreamApi` credential. */
export interface OneStreamConnection {
	/** e.g. `https://acme.onestreamcloud.com/OneStreamApi` — endpoints live under `${apiRoot}/api/`. */
	apiRoot: string;
	/** `BaseWebServerUrl` sent in request bodies, e.g. `https://acme.onestreamcloud.com/OneStreamWeb`. */
	webServerUrl: string;
	ignoreSslIssues: boolean;
	/** The normalised PAT. Kept only so that any text shown to users can be scrubbed of it. */
	personalAccessToken: string;
}

export class ConnectionSettingsError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

export const DEFAULT_API_PATH = '/OneStreamApi';
export const WEB_SERVER_PATH = '/OneStreamWeb';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
// Users often paste the web client or API address instead of the server root.
const PASTED_SUFFIX = /\/(onestreamweb|onestreamapi)(\/.*)?$/i;

/**
 * Server root from what the user typed: trimmed, without trailing slashes, `https://` assumed
 * when no scheme is given, and a pasted `/OneStreamWeb…` or `/OneStreamApi…` tail removed.
 * The credential test request applies the same rules through {@link BASE_URL_EXPRESSION}.
 */
export function normalizeBaseUrl(raw: string): string {
	const trimmed = raw.trim().replace(/\/+$/, '');
	const withScheme = SCHEME.test(trimmed) ? trimmed : `https://${trimmed}`;
	return withScheme.replace(PASTED_SUFFIX, '');
}

/** `/OneStreamApi` by default; always one leading slash and no trailing slash. */
export function normalizeApiPath(raw: string | undefined): string {
	const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
	return trimmed === '' ? DEFAULT_API_PATH : `/${trimmed}`;
}

/**
 * The PAT as OneStream expects it: copy-paste debris removed (surrounding whitespace and quotes,
 * a leading `Bearer `, line breaks from a wrapped copy). A PAT never contains whitespace.
 */
export function normalizePersonalAccessToken(raw: unknown): string {
	if (typeof raw !== 'string') return '';
	let token = raw.trim();
	for (;;) {
		const unquoted = token.replace(/^(["'])(.*)\1$/s, '$2').trim();
		const unprefixed = unquoted.replace(/^bearer\s+/i, '');
		if (unprefixed === token) break;
		token = unprefixed;
	}
	token = token.replace(/\s+/g, '');
	// "Bearer" on its own is a prefix whose token is missing.
	return token.toLowerCase() === 'bearer' ? '' : token;
}

/*
 * n8n expressions for the credential's Test request. They mirror normalizeBaseUrl and
 * normalizeApiPath (a unit test checks that both give the same result on the same inputs).
 */
export const BASE_URL_EXPRESSION =
	"((u) => (/^[a-z][a-z0-9+.-]*:\\/\\//i.test(u) ? u : 'https://' + u).replace(/\\/(onestreamweb|onestreamapi)(\\/.*)?$/i, ''))(String($credentials.baseUrl ?? '').trim().replace(/\\/+$/, ''))";
export const API_PATH_EXPRESSION =
	"((p) => p === '' ? '/OneStreamApi' : '/' + p)(String($credentials.apiPath ?? '').trim().replace(/^\\/+|\\/+$/g, ''))";
export const WEB_SERVER_URL_EXPRESSION = `(String($credentials.webServerUrl ?? '').trim().replace(/\\/+$/, '') || (${BASE_URL_EXPRESSION} + '/OneStreamWeb'))`;

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

function assertHttpUrl(url: string, field: string, raw: string): void {
	const parsed = parseUrl(url);
	if (!parsed) {
		throw new ConnectionSettingsError(
			`The credential's ${field} is not a valid URL: "${raw.trim()}"`,
			`Enter the address of your OneStream server, for example https://acme.onestreamcloud.com`,
		);
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw new ConnectionSettingsError(
			`The credential's ${field} must start with https:// or http://, not ${parsed.protocol}//`,
			`Enter the address of your OneStream server, for example https://acme.onestreamcloud.com`,
		);
	}
}

/** Validates and normalises the credential; throws {@link ConnectionSettingsError} with a fix. */
export function resolveConnection(credentials: ICredentialDataDecryptedObject): OneStreamConnection {
	const rawBaseUrl = readString(credentials, 'baseUrl');
	if (rawBaseUrl.trim() === '') {
		throw new ConnectionSettingsError(
			"The credential's Server URL is empty",
			'Open the OneStream credential and enter the address of your OneStream server, for example https://acme.onestreamcloud.com',
		);
	}
	const baseUrl = normalizeBaseUrl(rawBaseUrl);
	assertHttpUrl(baseUrl, 'Server URL', rawBaseUrl);

	const personalAccessToken = normalizePersonalAccessToken(credentials.personalAccessToken);
	if (personalAccessToken === '') {
		throw new ConnectionSettingsError(
			"The credential's Personal Access Token is empty",
			'Create a Personal Access Token in the OneStream Identity & Access Management Portal and paste the whole string, or reference it from a vault with {{ $secrets.<vault>.<name> }}',
		);
	}
	// A token that cannot travel in an HTTP header was mangled on the way in (e.g. smart quotes).
	if (!/^[\x21-\x7e]+$/.test(personalAccessToken)) {
		throw new ConnectionSettingsError(
			"The credential's Personal Access Token contains characters that cannot be sent in an HTTP header",
			'Copy the token again from where it is stored; a OneStream PAT is made of letters, digits and a dash',
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
