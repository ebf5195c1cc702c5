"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WEB_SERVER_URL_EXPRESSION = exports.API_PATH_EXPRESSION = exports.BASE_URL_EXPRESSION = exports.WEB_SERVER_PATH = exports.DEFAULT_API_PATH = exports.ConnectionSettingsError = void 0;
exports.normalizeBaseUrl = normalizeBaseUrl;
exports.normalizeApiPath = normalizeApiPath;
exports.normalizePersonalAccessToken = normalizePersonalAccessToken;
exports.resolveConnection = resolveConnection;
class ConnectionSettingsError extends Error {
    description;
    constructor(message, description) {
        super(message);
        this.description = description;
    }
}
exports.ConnectionSettingsError = ConnectionSettingsError;
exports.DEFAULT_API_PATH = '/OneStreamApi';
exports.WEB_SERVER_PATH = '/OneStreamWeb';
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const PASTED_SUFFIX = /\/(onestreamweb|onestreamapi)(\/.*)?$/i;
function normalizeBaseUrl(raw) {
    const trimmed = raw.trim().replace(/\/+$/, '');
    const withScheme = SCHEME.test(trimmed) ? trimmed : `https://${trimmed}`;
    return withScheme.replace(PASTED_SUFFIX, '');
}
function normalizeApiPath(raw) {
    const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
    return trimmed === '' ? exports.DEFAULT_API_PATH : `/${trimmed}`;
}
function normalizePersonalAccessToken(raw) {
    if (typeof raw !== 'string')
        return '';
    let token = raw.trim();
    for (;;) {
        const unquoted = token.replace(/^(["'])(.*)\1$/s, '$2').trim();
        const unprefixed = unquoted.replace(/^bearer\s+/i, '');
        if (unprefixed === token)
            break;
        token = unprefixed;
    }
    return token.replace(/\s+/g, '');
}
exports.BASE_URL_EXPRESSION = "((u) => (/^[a-z][a-z0-9+.-]*:\\/\\//i.test(u) ? u : 'https://' + u).replace(/\\/(onestreamweb|onestreamapi)(\\/.*)?$/i, ''))(String($credentials.baseUrl ?? '').trim().replace(/\\/+$/, ''))";
exports.API_PATH_EXPRESSION = "((p) => p === '' ? '/OneStreamApi' : '/' + p)(String($credentials.apiPath ?? '').trim().replace(/^\\/+|\\/+$/g, ''))";
exports.WEB_SERVER_URL_EXPRESSION = `(String($credentials.webServerUrl ?? '').trim().replace(/\\/+$/, '') || (${exports.BASE_URL_EXPRESSION} + '/OneStreamWeb'))`;
function readString(credentials, key) {
    const value = credentials[key];
    return typeof value === 'string' ? value : '';
}
function assertHttpUrl(url, field, raw) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw new ConnectionSettingsError(`The credential's ${field} is not a valid URL: "${raw.trim()}"`, `Enter the address of your OneStream server, for example https://acme.onestreamcloud.com`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new ConnectionSettingsError(`The credential's ${field} must start with https:// or http://, not ${parsed.protocol}//`, `Enter the address of your OneStream server, for example https://acme.onestreamcloud.com`);
    }
}
function resolveConnection(credentials) {
    const rawBaseUrl = readString(credentials, 'baseUrl');
    if (rawBaseUrl.trim() === '') {
        throw new ConnectionSettingsError("The credential's Server URL is empty", 'Open the OneStream credential and enter the address of your OneStream server, for example https://acme.onestreamcloud.com');
    }
    const baseUrl = normalizeBaseUrl(rawBaseUrl);
    assertHttpUrl(baseUrl, 'Server URL', rawBaseUrl);
    const personalAccessToken = normalizePersonalAccessToken(credentials.personalAccessToken);
    if (personalAccessToken === '') {
        throw new ConnectionSettingsError("The credential's Personal Access Token is empty", 'Create a Personal Access Token in the OneStream Identity & Access Management Portal and paste the whole string, or reference it from a vault with {{ $secrets.<vault>.<name> }}');
    }
    if (!/^[\x21-\x7e]+$/.test(personalAccessToken)) {
        throw new ConnectionSettingsError("The credential's Personal Access Token contains characters that cannot be sent in an HTTP header", 'Copy the token again from where it is stored; a OneStream PAT is made of letters, digits and a dash');
    }
    const rawWebServerUrl = readString(credentials, 'webServerUrl').trim().replace(/\/+$/, '');
    const webServerUrl = rawWebServerUrl === '' ? `${baseUrl}${exports.WEB_SERVER_PATH}` : rawWebServerUrl;
    assertHttpUrl(webServerUrl, 'Web Server URL', rawWebServerUrl);
    return {
        apiRoot: `${baseUrl}${normalizeApiPath(readString(credentials, 'apiPath'))}`,
        webServerUrl,
        allowUnauthorizedCerts: credentials.allowUnauthorizedCerts === true,
        personalAccessToken,
    };
}
