/**
 * What the workflow tests share: a stand-in that also knows a distinctive PAT, credential data
 * for it, request lookups, and the checks every test repeats (pairing, untouched input, no PAT).
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameterResourceLocator } from 'n8n-workflow';

import type { RecordedRequest, StandIn, StandInOptions, TokenConfig } from '../standin/index.cjs';
import { DEFAULT_TOKENS, startStandIn, VALID_PAT } from '../standin/index.cjs';
import type { OneStreamNodeResult } from './harness.cjs';

/**
 * A valid token no other fixture contains, so finding it anywhere in output, errors, run data or
 * logs can only mean a leak. Shaped like a real PAT (letters and digits, one dash).
 */
export const DISTINCTIVE_PAT = 'LeakCanaryQ7x2Vm9Kd4Rt8Wn3Hj6Bp1Zs5Lf0Gc7Ye4Ua9Tx2-Mq8Nv3Jk6Rd1Wb5Ph0';

export const DISTINCTIVE_TOKEN: TokenConfig = {
	token: DISTINCTIVE_PAT,
	userName: 'svc_canary',
	status: 'Active',
	accessAsNonInteractiveUser: true,
	administrator: true,
};

export const APPLICATION = 'AcmeConsolidation';

/** The stand-in with its default tokens plus {@link DISTINCTIVE_PAT}, on a random loopback port. */
export async function startTestStandIn(options: StandInOptions = {}): Promise<StandIn> {
	return await startStandIn({ tokens: [...DEFAULT_TOKENS, DISTINCTIVE_TOKEN], ...options });
}

/** Credential data as a user would save it for the stand-in. */
export function credentialsFor(
	standIn: StandIn,
	token: string = VALID_PAT,
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return { baseUrl: standIn.url, personalAccessToken: token, ...extra };
}

/** The `applicationName` resource locator with a typed name ("By Name" mode). */
export function applicationByName(name: string = APPLICATION): INodeParameterResourceLocator {
	return { __rl: true, mode: 'name', value: name };
}

/** The `applicationName` resource locator as picked from the dropdown ("From List" mode). */
export function applicationFromList(name: string = APPLICATION): INodeParameterResourceLocator {
	return { __rl: true, mode: 'list', value: name, cachedResultName: name };
}

/** API requests the stand-in received for an endpoint (`Controller/Action`). */
export function requestsTo(standIn: StandIn, endpoint: string): RecordedRequest[] {
	return standIn.requests.filter((request) => request.endpoint?.toLowerCase() === endpoint.toLowerCase());
}

/** The one request of a kind; fails the test when there is not exactly one. */
export function onlyRequestTo(standIn: StandIn, endpoint: string): RecordedRequest {
	const found = requestsTo(standIn, endpoint);
	expect(found).toHaveLength(1);
	return found[0];
}

/** The headers every OneStream call must carry. */
export function expectOneStreamHeaders(request: RecordedRequest, token: string, apiVersion: string): void {
	expect(request.method).toBe('POST');
	expect(request.headers.authorization).toBe(`Bearer ${token}`);
	expect(request.headers['content-type']).toMatch(/^application\/json/);
	expect(request.headers.accept).toMatch(/application\/json/);
	expect(request.apiVersion).toBe(apiVersion);
	expect(new URL(request.rawPath, 'http://x').searchParams.get('api-version')).toBe(apiVersion);
}

/** `pairedItem` of every item, as item indexes (fails on a missing or odd pairing). */
export function pairedIndexes(items: INodeExecutionData[]): number[] {
	return items.map((item) => {
		const paired = item.pairedItem;
		expect(paired).toBeDefined();
		expect(Array.isArray(paired)).toBe(false);
		expect(typeof paired).toBe('object');
		return (paired as { item: number }).item;
	});
}

/** The input items reached the node unchanged, and the caller's copies are unchanged too. */
export function expectInputUntouched(result: OneStreamNodeResult): void {
	expect(result.inputItems.map((item) => item.json)).toEqual(result.inputSnapshot.map((item) => item.json));
}

/** Every place a secret could leak to in one run: outputs, errors, serialised run data, logs. */
export function expectNoSecret(result: OneStreamNodeResult, secret: string): void {
	const places: Record<string, string> = {
		output: JSON.stringify(result.output),
		errorOutput: JSON.stringify(result.errorOutput ?? []),
		nodeError: JSON.stringify({
			message: result.nodeError?.message,
			description: result.nodeError?.description,
			context: result.nodeError?.context,
		}),
		serializedRunData: result.serialized,
		logs: result.logText,
	};
	for (const [place, text] of Object.entries(places)) {
		expect({ place, leaked: text.includes(secret) }).toEqual({ place, leaked: false });
	}
}

/** The json of items, for comparing whole outputs. */
export function jsonOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}

/** The error message n8n recorded for a node, or fails. */
export function nodeErrorMessage(result: OneStreamNodeResult): string {
	expect(result.nodeError).toBeDefined();
	return String(result.nodeError?.message);
}
