/** Calling n8n's production webhooks, which answer 404 until n8n has registered them. */
import { request } from 'undici';

import { waitFor } from './proc.cjs';

export interface WebhookAnswer {
	status: number;
	text: string;
	/** The round trip of the call that answered. */
	ms: number;
}

/** GET on a production webhook, retried while n8n answers 404 (it is still registering it). */
export async function getWebhook(
	baseUrl: string,
	pathAndQuery: string,
	{ waitMs = 30000, requestTimeoutMs = 60000 } = {},
): Promise<WebhookAnswer> {
	return await waitFor(
		`the production webhook ${pathAndQuery} to answer`,
		async () => {
			const started = performance.now();
			const r = await request(`${baseUrl}/webhook/${pathAndQuery}`, {
				headersTimeout: requestTimeoutMs,
				bodyTimeout: requestTimeoutMs,
			});
			const text = await r.body.text();
			const ms = performance.now() - started;
			return r.statusCode === 404 ? undefined : { status: r.statusCode, text, ms };
		},
		{ timeoutMs: waitMs, intervalMs: 500 },
	);
}
