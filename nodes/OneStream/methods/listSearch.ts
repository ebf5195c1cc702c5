import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { toNodeError } from '../shared/errors';
import { readRetrySettings } from '../shared/options';
import { OneStreamClient } from '../transport';

const LIST_TIMEOUT_MS = 60_000;

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
			retry: readRetrySettings({}),
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
