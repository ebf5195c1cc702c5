import type { IDataObject } from 'n8n-workflow';

import type { OneStreamConnection } from './connection';
import type { OneStreamContext, RetryPolicy } from './index';
import { DEFAULT_RETRY_POLICY, requestData } from './index';
import { ResponseError } from '../helpers/validation';

export type SessionInfo = Record<string, unknown>;

/** Session calls answer quickly; they wait at most this long, or less when the read's Timeout is shorter. */
const SESSION_TIMEOUT_MS = 60_000;

/** A value under a key that OneStream spells with spaces (`Logon SessionInfo`), matched loosely. */
function looseField(body: IDataObject, name: string): unknown {
	const wanted = name.replace(/\s+/g, '').toLowerCase();
	const key = Object.keys(body).find((candidate) => candidate.replace(/\s+/g, '').toLowerCase() === wanted);
	return key === undefined ? undefined : body[key];
}

function sessionInfoFrom(body: IDataObject, field: string, step: string): SessionInfo {
	const value = looseField(body, field);
	// Platforms before 8.1 spell the inner key `xfBytes`; the object is passed back untouched.
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		const bytes = Object.entries(value).find(([key]) => key.toLowerCase() === 'xfbytes')?.[1];
		if (typeof bytes === 'string' && bytes !== '') return value as SessionInfo;
	}
	throw new ResponseError(
		`OneStream's ${step} answer has no "${field}"`,
		'API version 7.2.0 needs a SessionInfo from Authentication/Logon and Application/OpenApplication. Use API version 5.2.0, or check that the server supports 7.2.0.',
	);
}

/** `Authentication/Logon` (7.2.0): the logon SessionInfo and the applications the token may open. */
export async function logon(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	retry: RetryPolicy = DEFAULT_RETRY_POLICY,
	timeoutMs: number = SESSION_TIMEOUT_MS,
): Promise<{ sessionInfo: SessionInfo; applications: string[] }> {
	const body = await requestData(ctx, connection, {
		endpoint: 'Authentication/Logon',
		apiVersion: '7.2.0',
		body: { BaseWebServerUrl: connection.webServerUrl },
		kind: 'read',
		subject: 'logon',
		timeoutMs: Math.min(timeoutMs, SESSION_TIMEOUT_MS),
		retry,
	});
	const listed = looseField(body, 'Authorized applications');
	const applications = Array.isArray(listed) ? listed.filter((name): name is string => typeof name === 'string') : [];
	return { sessionInfo: sessionInfoFrom(body, 'Logon SessionInfo', 'Authentication/Logon'), applications };
}

/** Logon, then `Application/OpenApplication` (7.2.0): the SessionInfo 7.2.0 data calls take as `SI`. */
export async function openApplication(
	ctx: OneStreamContext,
	connection: OneStreamConnection,
	applicationName: string,
	retry: RetryPolicy,
	timeoutMs: number = SESSION_TIMEOUT_MS,
): Promise<SessionInfo> {
	const { sessionInfo } = await logon(ctx, connection, retry, timeoutMs);
	const body = await requestData(ctx, connection, {
		endpoint: 'Application/OpenApplication',
		apiVersion: '7.2.0',
		body: { ApplicationName: applicationName, SI: sessionInfo },
		kind: 'read',
		subject: `opening application "${applicationName}"`,
		timeoutMs: Math.min(timeoutMs, SESSION_TIMEOUT_MS),
		retry,
	});
	return sessionInfoFrom(body, 'Application SessionInfo', 'Application/OpenApplication');
}
