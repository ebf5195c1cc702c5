import type { JobOutcome } from '../shared/errors';
import type { NetworkFailure } from './types';

/*
 * The job-outcome model: what the node can know of a Data Management job from what came back.
 * `notRun` — provably not started, safe to send again; `failed` — OneStream reported the failure;
 * `unknown` — it may have run. Every job error carries one (see ./failures).
 */

// Answers that come before OneStream starts the work: redirects, refusals, bad requests, throttling.
const NOT_STARTED_STATUS = new Set([400, 401, 403, 404, 415, 422, 429]);
const GATEWAY_STATUS = new Set([502, 503, 504]);

/** The outcome of a job answered with a non-2xx status. */
export function statusOutcome(status: number, html: boolean): JobOutcome {
	if (status < 400 || NOT_STARTED_STATUS.has(status)) return 'notRun';
	// A proxy's page or a gateway error says nothing of what OneStream did.
	if (html || GATEWAY_STATUS.has(status)) return 'unknown';
	return 'failed';
}

/** The outcome of a job whose request failed in the network. */
export function networkOutcome(failure: NetworkFailure, tls: boolean): JobOutcome {
	return !tls && failure.mayHaveReachedServer ? 'unknown' : 'notRun';
}
