import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getConnection } from '../transport';
import { logon } from '../transport/session';

/** Applications the token's user may open, from Authentication/Logon (7.2.0). */
export async function searchApplications(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const connection = await getConnection(this);
	const { applications } = await logon(this, connection);
	const wanted = (filter ?? '').trim().toLowerCase();
	return {
		results: applications
			.filter((name) => name.toLowerCase().includes(wanted))
			.sort((a, b) => a.localeCompare(b))
			.map((name) => ({ name, value: name })),
	};
}
