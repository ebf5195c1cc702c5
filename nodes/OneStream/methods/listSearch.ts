import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { toNodeError } from '../shared/errors';
import { OneStreamClient } from '../transport';

/**
 * A list in the editor tries once, within a short deadline: a person is waiting, and the exact
 * reason (refused, 401, 503, timed out) at once helps more than skeleton rows during backoff.
 */
const LIST_TIMEOUT_MS = 15_000;
const LIST_RETRY = { maxRetries: 0, baseDelayMs: 0 };

/** Applications the token's user may open, from Authentication/Logon (7.2.0). */
export async function searchApplications(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	let secret = '';
	try {
		const client = await OneStreamClient.connect(this);
		secret = client.secret;
		const { applications } = await client.logon({
			timeoutMs: LIST_TIMEOUT_MS,
			retry: LIST_RETRY,
		});
		const wanted = (filter ?? '').trim().toLowerCase();
		return {
			results: applications
				.filter((name) => name.toLowerCase().includes(wanted))
				.sort((a, b) => a.localeCompare(b))
				.map((name) => ({ name, value: name })),
		};
	} catch (error) {
		throw toNodeError(this.getNode(), error, 0, secret);
	}
}
