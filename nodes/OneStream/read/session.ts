import type { IDataObject } from 'n8n-workflow';

import { OneStreamError } from '../shared/errors';
import type { CallLimits, ReadCall } from '../transport/types';

/* 7.2.0 sessions: Authentication/Logon, then Application/OpenApplication, whose SessionInfo data calls send as `SI`. */

export type SessionInfo = Record<string, unknown>;

export interface Logon {
	sessionInfo: SessionInfo;
	/** The applications the token's user may open. */
	applications: string[];
}

/** What a session call needs of the client: one JSON read. */
interface JsonReader {
	readonly webServerUrl: string;
	json(call: ReadCall): Promise<IDataObject>;
}

/** Session calls answer quickly; they wait at most this long, or less when the read's Timeout is shorter. */
const SESSION_TIMEOUT_MS = 60_000;

/** A value under a key that OneStream spells with spaces (`Logon SessionInfo`), matched loosely. */
function looseField(body: IDataObject, name: string): unknown {
	const wanted = name.replace(/\s+/g, '').toLowerCase();
	const key = Object.keys(body).find(
		(candidate) => candidate.replace(/\s+/g, '').toLowerCase() === wanted,
	);
	return key === undefined ? undefined : body[key];
}

function sessionInfoFrom(body: IDataObject, field: string, step: string): SessionInfo {
	const value = looseField(body, field);
	// Platforms before 8.1 spell the inner key `xfBytes`. OneStream's own connector reads either and
	// sends back `{ XfBytes }`, which is what the node sends too.
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		const bytes = Object.entries(value).find(([key]) => key.toLowerCase() === 'xfbytes')?.[1];
		if (typeof bytes === 'string' && bytes !== '') return { XfBytes: bytes };
	}
	throw new OneStreamError(
		`OneStream's ${step} answer has no "${field}"`,
		'API version 7.2.0 needs a SessionInfo from Authentication/Logon and Application/OpenApplication. Use API version 5.2.0, or check that the server supports 7.2.0.',
	);
}

export async function logon(client: JsonReader, limits: CallLimits): Promise<Logon> {
	const body = await client.json({
		endpoint: 'Authentication/Logon',
		apiVersion: '7.2.0',
		body: { BaseWebServerUrl: client.webServerUrl },
		subject: 'logon',
		timeoutMs: Math.min(limits.timeoutMs, SESSION_TIMEOUT_MS),
		retry: limits.retry,
	});
	const listed = looseField(body, 'Authorized applications');
	const applications = Array.isArray(listed)
		? listed.filter((name): name is string => typeof name === 'string')
		: [];
	return {
		sessionInfo: sessionInfoFrom(body, 'Logon SessionInfo', 'Authentication/Logon'),
		applications,
	};
}

export async function openApplication(
	client: JsonReader,
	applicationName: string,
	limits: CallLimits,
): Promise<SessionInfo> {
	const { sessionInfo } = await logon(client, limits);
	const body = await client.json({
		endpoint: 'Application/OpenApplication',
		apiVersion: '7.2.0',
		body: { ApplicationName: applicationName, SI: sessionInfo },
		subject: `opening application "${applicationName}"`,
		timeoutMs: Math.min(limits.timeoutMs, SESSION_TIMEOUT_MS),
		retry: limits.retry,
	});
	return sessionInfoFrom(body, 'Application SessionInfo', 'Application/OpenApplication');
}
