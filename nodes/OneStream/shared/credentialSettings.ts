/*
 * The OneStream credential's fields and how they are normalised. The credential (its Test request,
 * as n8n expressions) and the transport (as functions) apply the same rules; a unit test checks
 * that both give the same result on the same inputs.
 */

/** The credential type's name, as nodes reference it. */
export const CREDENTIAL_TYPE = 'oneStreamApi';

const DEFAULT_API_PATH = '/OneStreamApi';
export const WEB_SERVER_PATH = '/OneStreamWeb';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
// Users often paste the web client or API address instead of the server root.
const PASTED_SUFFIX = /\/(onestreamweb|onestreamapi)(\/.*)?$/i;

/**
 * Server root from what the user typed: trimmed, without trailing slashes, `https://` assumed
 * when no scheme is given, and a pasted `/OneStreamWeb…` or `/OneStreamApi…` tail removed.
 */
export function normalizeBaseUrl(raw: string): string {
	const trimmed = raw.trim().replace(/\/+$/, '');
	const withScheme = SCHEME.test(trimmed) ? trimmed : `https://${trimmed}`;
	return withScheme.replace(PASTED_SUFFIX, '');
}

/**
 * `/OneStreamApi` when empty; `/` (the server root, as OneStream's 8.0.0 sample and some clients
 * call `/api/...`) gives an empty path; otherwise one leading slash and no trailing slash.
 */
export function normalizeApiPath(raw: string | undefined): string {
	const text = (raw ?? '').trim();
	if (text === '') return DEFAULT_API_PATH;
	const trimmed = text.replace(/^\/+|\/+$/g, '');
	return trimmed === '' ? '' : `/${trimmed}`;
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

/* n8n expressions for the credential's Test request, mirroring the functions above. */
export const BASE_URL_EXPRESSION =
	"((u) => (/^[a-z][a-z0-9+.-]*:\\/\\//i.test(u) ? u : 'https://' + u).replace(/\\/(onestreamweb|onestreamapi)(\\/.*)?$/i, ''))(String($credentials.baseUrl ?? '').trim().replace(/\\/+$/, ''))";
export const API_PATH_EXPRESSION =
	"((t) => t === '' ? '/OneStreamApi' : ((p) => p === '' ? '' : '/' + p)(t.replace(/^\\/+|\\/+$/g, '')))(String($credentials.apiPath ?? '').trim())";
export const WEB_SERVER_URL_EXPRESSION = `(String($credentials.webServerUrl ?? '').trim().replace(/\\/+$/, '') || (${BASE_URL_EXPRESSION} + '/OneStreamWeb'))`;
