/** What endpoint handlers share: their environment, their result type and common body checks. */
import type { Harvest } from '../harvest.cjs';
import type { RequestBody } from '../body.cjs';
import { ApiError, fieldInvalid, fieldRequired } from '../errors.cjs';
import type { Session, SessionStore } from '../sessions.cjs';
import { parseSubstitutionVariables } from '../substitution.cjs';
import type { AnalyticsRequest } from './analytics.cjs';
import type {
	AnalyticsOptions,
	ApplicationDef,
	DataSetResult,
	DmFailure,
	DmSuccessFraming,
	JobRun,
	JobRunKind,
	SessionInfoKey,
	StandInData,
	SubstitutionVariables,
	TokenConfig,
} from '../types.cjs';

export interface JobSpec {
	kind: JobRunKind;
	name: string;
	group?: string;
	application: string;
	workspace?: string;
	substitutionVariables: SubstitutionVariables;
	defaultDurationMs: number;
	failure?: DmFailure;
}

/** The parts of the server a handler may use. */
export interface EndpointEnv {
	readonly data: StandInData;
	/** The application's Batch\Harvest folder and what its harvests loaded (one for all applications). */
	readonly harvest: Harvest;
	readonly sessions: SessionStore;
	dmSuccessFraming(): DmSuccessFraming;
	sessionInfoKey(): SessionInfoKey;
	/** Runs a Data Management job to its end (the client may be long gone by then). */
	runJob(spec: JobSpec): Promise<JobRun>;
	/** How `Analytics/*` answers: page size, running polls, the running status. */
	analytics(): Required<AnalyticsOptions>;
	readonly analyticsRequests: AnalyticsRequestStore;
}

/** Prepared `Analytics/*` answers by request id, for `Analytics/GetDataRequest`. */
export interface AnalyticsRequestStore {
	add(request: Omit<AnalyticsRequest, 'id'>): AnalyticsRequest;
	get(id: string): AnalyticsRequest | undefined;
}

export interface EndpointCall {
	body: RequestBody;
	user: TokenConfig;
	apiVersion: string;
	/** The query string (e.g. `page` for `Analytics/GetDataRequest`). */
	query: URLSearchParams;
}

export type EndpointResult =
	| { kind: 'json'; body: unknown }
	/** A bare success message (Data Management), framed per the dmSuccessFraming option. */
	| { kind: 'message'; message: string }
	/** null = the rule returned Nothing; the body is JSON `null`. */
	| { kind: 'dataSet'; dataSet: DataSetResult | null };

export type EndpointHandler = (env: EndpointEnv, call: EndpointCall) => Promise<EndpointResult>;

/** Default name of the result table when `ResultDataTableName` is absent. Invented: ADO.NET's own default. */
export const DEFAULT_RESULT_TABLE = 'Table';

export function sameName(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

export function findByName<T extends { name: string }>(
	items: readonly T[],
	name: string,
): T | undefined {
	const wanted = name.trim().toLowerCase();
	return items.find((item) => item.name.toLowerCase() === wanted);
}

/**
 * Checks `BaseWebServerUrl`. The Web API calls back into the web server it names, so a URL that is
 * not the /OneStreamWeb application fails; OneStream's KB calls this the "REST API Loopback Error".
 * Its exact wording is UNKNOWN; the message below is modelled on it.
 */
export function requireWebServerUrl(body: RequestBody): string {
	const value = body.requiredString('BaseWebServerUrl').trim();
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	const path = url === undefined ? '' : url.pathname.replace(/\/+$/, '');
	if (
		url === undefined ||
		(url.protocol !== 'http:' && url.protocol !== 'https:') ||
		!/\/onestreamweb$/i.test(path)
	) {
		throw new ApiError(
			400,
			`REST API Loopback Error: unable to connect to the OneStream web server '${value}'.`,
			'BaseWebServerUrl must be the OneStream web server URL ending in /OneStreamWeb (for example https://host/OneStreamWeb), not the /OneStreamApi URL.',
		);
	}
	return value;
}

export function requireApplication(
	env: EndpointEnv,
	body: RequestBody,
	user: TokenConfig,
): ApplicationDef {
	const name = body.requiredString('ApplicationName');
	return applicationByName(env, name, user);
}

export function applicationByName(
	env: EndpointEnv,
	name: string,
	user: TokenConfig,
): ApplicationDef {
	const application = findByName(env.data.applications, name);
	if (application === undefined) {
		throw new ApiError(
			400,
			`Invalid application name '${name}'.`,
			`Application '${name}' does not exist or user '${user.userName}' cannot open it.`,
		);
	}
	return application;
}

export function substitutionVariables(body: RequestBody): SubstitutionVariables {
	return parseSubstitutionVariables(
		body.optionalString('CustomSubstVarsAsCommaSeparatedPairs') ?? '',
	);
}

export function resultTableName(body: RequestBody): string {
	const name = body.optionalString('ResultDataTableName');
	return name === undefined || name.trim() === '' ? DEFAULT_RESULT_TABLE : name;
}

/** `WorkspaceName`; empty counts as not given (clients send ""). */
export function optionalWorkspace(body: RequestBody): string | undefined {
	const workspace = body.optionalString('WorkspaceName');
	return workspace === undefined || workspace.trim() === '' ? undefined : workspace.trim();
}

/** Reads `SI` (`{ "XfBytes": … }`, or `xfBytes` as platforms before 8.1 wrote it) and finds its session. */
export function requireSession(env: EndpointEnv, body: RequestBody, user: TokenConfig): Session {
	const si = body.optionalObject('SI');
	if (si === undefined) throw fieldRequired('SI');
	// Case-insensitive lookup accepts both XfBytes and xfBytes.
	const xfBytes = si.optionalString('XfBytes');
	if (xfBytes === undefined || xfBytes === '')
		throw fieldInvalid('SI', 'a SessionInfo object { "XfBytes": "<base64>" }');
	const session = env.sessions.get(xfBytes);
	if (session === undefined) {
		throw new ApiError(
			400,
			'Invalid SessionInfo.',
			'The SessionInfo is unknown or has expired; call Authentication/Logon again.',
		);
	}
	// Invented: a SessionInfo only works with the token of the user who created it.
	if (session.userName !== user.userName) {
		throw new ApiError(400, 'Invalid SessionInfo.', 'The SessionInfo belongs to another user.');
	}
	return session;
}

export function sessionInfo(env: EndpointEnv, xfBytes: string): Record<string, string> {
	return { [env.sessionInfoKey()]: xfBytes };
}
