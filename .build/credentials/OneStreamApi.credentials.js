"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OneStreamApi = void 0;
const connection_1 = require("../nodes/OneStream/transport/connection");
const messages_1 = require("../nodes/OneStream/transport/messages");
class OneStreamApi {
    name = 'oneStreamApi';
    displayName = 'OneStream API';
    icon = { light: 'file:../icons/onestream.svg', dark: 'file:../icons/onestream.dark.svg' };
    documentationUrl = 'https://github.com/n8n-nodes-onestream/n8n-nodes-onestream#credentials';
    properties = [
        {
            displayName: 'Server URL',
            name: 'baseUrl',
            type: 'string',
            default: '',
            required: true,
            placeholder: 'e.g. https://acme.onestreamcloud.com',
            description: 'Address of the OneStream server, without /OneStreamWeb or /OneStreamApi. A trailing slash is fine.',
        },
        {
            displayName: 'Personal Access Token',
            name: 'personalAccessToken',
            type: 'string',
            typeOptions: { password: true },
            default: '',
            required: true,
            description: 'PAT created in the OneStream Identity & Access Management Portal. Prefer a reference over a pasted value: {{ $secrets.vault.name }} (external secrets) or {{ $vars.name }} (Variables). A pasted "Bearer " prefix, quotes and line breaks are removed.',
        },
        {
            displayName: 'Web Server URL',
            name: 'webServerUrl',
            type: 'string',
            default: '',
            placeholder: 'e.g. https://acme.onestreamcloud.com/OneStreamWeb',
            description: 'The BaseWebServerUrl OneStream expects in request bodies. Leave empty to use the Server URL followed by /OneStreamWeb.',
        },
        {
            displayName: 'API Path',
            name: 'apiPath',
            type: 'string',
            default: '/OneStreamApi',
            description: 'Path of the OneStream Web API on the server. Change it only if your installation uses another segment.',
        },
        {
            displayName: 'Allow Unauthorized Certificates',
            name: 'allowUnauthorizedCerts',
            type: 'boolean',
            default: false,
            description: 'Whether to connect even if the TLS certificate cannot be validated, e.g. an on-premises server with a self-signed certificate',
        },
    ];
    async authenticate(credentials, requestOptions) {
        return {
            ...requestOptions,
            headers: {
                ...requestOptions.headers,
                Authorization: `Bearer ${(0, connection_1.normalizePersonalAccessToken)(credentials.personalAccessToken)}`,
            },
        };
    }
    test = {
        request: {
            method: 'POST',
            baseURL: `={{ ${connection_1.BASE_URL_EXPRESSION} + ${connection_1.API_PATH_EXPRESSION} }}`,
            url: '/api/Authentication/Logon',
            qs: { 'api-version': '7.2.0' },
            headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
            body: { BaseWebServerUrl: `={{ ${connection_1.WEB_SERVER_URL_EXPRESSION} }}` },
            json: true,
            skipSslCertificateValidation: '={{ $credentials.allowUnauthorizedCerts === true }}',
            disableFollowRedirect: true,
        },
        rules: [
            { type: 'responseCode', properties: { value: 401, message: `OneStream rejected the Personal Access Token (401). ${messages_1.PAT_CHECKLIST}` } },
            {
                type: 'responseCode',
                properties: {
                    value: 403,
                    message: `OneStream refused access for this token's user (403). ${messages_1.PAT_CHECKLIST}`,
                },
            },
            {
                type: 'responseCode',
                properties: {
                    value: 404,
                    message: 'The OneStream Web API was not found (404). Check the Server URL (without /OneStreamWeb) and the API Path (usually /OneStreamApi).',
                },
            },
            {
                type: 'responseCode',
                properties: {
                    value: 400,
                    message: 'OneStream rejected the logon request (400). Check the Web Server URL: it must be the address of the OneStream web client, ending in /OneStreamWeb.',
                },
            },
        ],
    };
}
exports.OneStreamApi = OneStreamApi;
