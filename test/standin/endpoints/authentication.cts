/** Authentication (5.2.0 LogonAndReturnCookie, 7.2.0 Logon) and Application (7.2.0 OpenApplication). */
import { randomBytes } from 'node:crypto';

import {
	applicationByName,
	requireApplication,
	requireSession,
	requireWebServerUrl,
	sessionInfo,
	type EndpointHandler,
} from './common.cjs';

/**
 * 5.2.0 check that the install and the token work. Its body and success text are UNKNOWN in the
 * docs; invented: `BaseWebServerUrl` + `ApplicationName` in, `{ Message, Cookie }` out (the docs
 * mention both "an authentication message" and "a one-time cookie value").
 */
export const logonAndReturnCookie: EndpointHandler = async (env, { body, user }) => {
	requireWebServerUrl(body);
	const application = requireApplication(env, body, user);
	return {
		kind: 'json',
		body: {
			Message: `Logon succeeded. User '${user.userName}' is authorized for application '${application.name}'.`,
			Cookie: randomBytes(32).toString('base64'),
		},
	};
};

/** 7.2.0 Logon: a SessionInfo without an application, and the applications the user may open. */
export const logon: EndpointHandler = async (env, { body, user }) => {
	const webServerUrl = requireWebServerUrl(body);
	const xfBytes = env.sessions.create({ kind: 'logon', userName: user.userName, webServerUrl });
	return {
		kind: 'json',
		body: {
			Message: 'Logon succeeded.',
			'Logon SessionInfo': sessionInfo(env, xfBytes),
			'Authorized applications': env.data.applications.map((a) => a.name),
		},
	};
};

/** 7.2.0 OpenApplication: trades a Logon SessionInfo for an application SessionInfo. */
export const openApplication: EndpointHandler = async (env, { body, user }) => {
	const name = body.requiredString('ApplicationName');
	const session = requireSession(env, body, user);
	const application = applicationByName(env, name, user);
	const xfBytes = env.sessions.create({
		kind: 'application',
		userName: user.userName,
		webServerUrl: session.webServerUrl,
		application: application.name,
	});
	return {
		kind: 'json',
		body: {
			Message: 'Open application succeeded.',
			'Application SessionInfo': sessionInfo(env, xfBytes),
		},
	};
};
