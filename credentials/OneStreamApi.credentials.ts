import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	API_PATH_EXPRESSION,
	BASE_URL_EXPRESSION,
	normalizePersonalAccessToken,
	WEB_SERVER_URL_EXPRESSION,
} from '../nodes/OneStream/shared/credentialSettings';
import { PAT_CHECKLIST, USER_INFO_REFUSED } from '../nodes/OneStream/shared/messages';

/** Whether an address carries `user:password@` (or `user@`). */
function hasUserInfo(address: string | undefined): boolean {
	if (address === undefined) return false;
	try {
		const parsed = new URL(address);
		return parsed.username !== '' || parsed.password !== '';
	} catch {
		return false;
	}
}

// The cheap check first: a wrong address gets the same answer as a refused token.
const LOGON_FAILED =
	'OneStream did not accept the logon. First check the address: the Server URL is your OneStream server itself (e.g. https://acme.onestreamcloud.com, without /OneStreamWeb) and the API Path is usually /OneStreamApi; any other site answers this way too. If the address is right, the token was refused. ' +
	PAT_CHECKLIST +
	" To see OneStream's own reason and check each route, run the OneStream node's Connection › Diagnose with this credential.";

export class OneStreamApi implements ICredentialType {
	name = 'oneStreamApi';

	displayName = 'OneStream API';

	icon: Icon = { light: 'file:../icons/onestream.svg', dark: 'file:../icons/onestream.dark.svg' };

	// No #anchor: n8n appends tracking parameters to the link, after any anchor.
	documentationUrl =
		'https://github.com/n8n-nodes-onestream/n8n-nodes-onestream/blob/main/README.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://acme.onestreamcloud.com',
			description:
				'The address you open OneStream at, without /OneStreamWeb or /OneStreamApi. The node calls the Web API at this address. A trailing slash is fine.',
		},
		{
			displayName: 'Personal Access Token',
			name: 'personalAccessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The PAT from the OneStream Identity & Access Management Portal. Paste it as it is (n8n stores it encrypted and masks it): do not switch the field to Expression to paste it, since an expression shows its text in clear. Use Expression only to refer to it: {{ $secrets.vault.name }} (External Secrets) or {{ $vars.name }} (Variables), on paid plans; on any n8n, leave it empty and load it from a file with credential overwrites (see the docs). A pasted "Bearer " prefix, quotes and line breaks are removed.',
		},
		{
			displayName: 'Web Server URL',
			name: 'webServerUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://acme.onestreamcloud.com/OneStreamWeb',
			description:
				'Not where the node connects (that is the Server URL): the address OneStream should use for its own web server, sent in each request (BaseWebServerUrl). Leave empty for the Server URL followed by /OneStreamWeb; set it only when OneStream names another address, e.g. behind a proxy.',
		},
		{
			displayName: 'API Path',
			name: 'apiPath',
			type: 'string',
			default: '/OneStreamApi',
			description:
				'Path of the OneStream Web API on the server. Change it only if your installation uses another segment.',
		},
		{
			// n8n's convention for this switch. (Verified-node lint treats any credential field whose
			// name contains "cert" as a secret to mask, so `allowUnauthorizedCerts` cannot be used.)
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSSLIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the TLS certificate cannot be validated, e.g. an on-premises server with a self-signed certificate. Certificates are validated unless this is on.',
		},
	];

	// A function rather than a header template, so the PAT is normalised the same way for every
	// request, including the Test button's. A Server URL with a user name or password is refused
	// here too, before anything is sent: n8n's HTTP client would send those as Basic auth.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		if (hasUserInfo(requestOptions.baseURL) || hasUserInfo(requestOptions.url)) {
			throw new Error(`${USER_INFO_REFUSED.message}. ${USER_INFO_REFUSED.description}`);
		}
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${normalizePersonalAccessToken(credentials.personalAccessToken)}`,
			},
		};
	}

	// Authentication/Logon (7.2.0) is documented, cheap, needs only the token and the web server
	// URL, and has no side effect on data. Every HTTP status is taken as an answer and judged by
	// the rule below: n8n applies `responseCode` rules only when it can still see the status of a
	// thrown error, which n8n 1.x (and 2.0) lose, and its helper would also send a rejected request
	// a second time.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			baseURL: `={{ ${BASE_URL_EXPRESSION} + ${API_PATH_EXPRESSION} }}`,
			url: '/api/Authentication/Logon',
			qs: { 'api-version': '7.2.0' },
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body: { BaseWebServerUrl: `={{ ${WEB_SERVER_URL_EXPRESSION} }}` },
			json: true,
			ignoreHttpStatusErrors: true,
			skipSslCertificateValidation: '={{ $credentials.ignoreSSLIssues === true }}',
			disableFollowRedirect: true,
		},
		rules: [
			{
				// Only a successful logon returns a SessionInfo; its absence covers 401, 403, 404, 400,
				// proxy pages and redirects alike.
				type: 'responseSuccessBody',
				properties: { key: 'Logon SessionInfo', value: undefined, message: LOGON_FAILED },
			},
		],
	};
}
