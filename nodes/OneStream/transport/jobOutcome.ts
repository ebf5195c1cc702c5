import type { JobOutcome } from '../shared/errors';
import { clip } from '../shared/redaction';
import { errorTableMessage, isErrorTable } from '../dataSet/tables';
import type { DataRow } from '../dataSet/types';
import { textField } from './answerText';
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

export type JobAnswer =
	| { kind: 'completed'; message: string }
	| { kind: 'errorTable'; message: string }
	| { kind: 'other'; found: string };

/** How OneStream ends the message of a finished job: "Data Management Sequence [name] was completed" (documented). */
const COMPLETION_TEXT = 'was completed';

/**
 * Reads the body of a 200 answer to a job. Only OneStream's completion message counts as finished:
 * a JSON string, `{ "Message": … }` or plain text (the documentation does not say which framing),
 * that ends with the completion text (by default "was completed"; the documentation gives only the
 * sequence's wording). Anything else (an empty body, `null`, other or cut-off JSON, a text that
 * does not read as a completion, an exception dump) is not; an `Error` table is a failure.
 */
export function readJobAnswer(text: string, completionText = COMPLETION_TEXT): JobAnswer {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') return { kind: 'other', found: 'empty body' };
	let parsed: unknown;
	try {
		parsed = JSON.parse(trimmed);
	} catch {
		if (/^[[{]/.test(trimmed)) return { kind: 'other', found: 'JSON that is cut short or invalid' };
		return completion(trimmed, completionText, 'a text');
	}
	if (typeof parsed === 'string') return completion(parsed, completionText, 'a JSON string');
	const message = textField(parsed, 'Message');
	if (message) return completion(message, completionText, 'a Message');
	if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
		const errorRows = Object.entries(parsed).find(
			([key, value]) => isErrorTable(key) && Array.isArray(value) && value.length > 0,
		)?.[1] as unknown[] | undefined;
		if (errorRows) {
			const first = errorRows[0];
			const row =
				typeof first === 'object' && first !== null && !Array.isArray(first)
					? (first as DataRow)
					: undefined;
			return { kind: 'errorTable', message: errorTableMessage(row) };
		}
	}
	return {
		kind: 'other',
		found:
			parsed === null
				? 'null'
				: Array.isArray(parsed)
					? 'a JSON list'
					: `JSON ${typeof parsed === 'object' ? 'data' : typeof parsed}`,
	};
}

function completion(message: string, completionText: string, framing: string): JobAnswer {
	const text = message.trim().replace(/[.!\s]+$/, '');
	const wanted = completionText
		.trim()
		.replace(/[.!\s]+$/, '')
		.toLowerCase();
	if (wanted !== '' && text.toLowerCase().endsWith(wanted))
		return { kind: 'completed', message: clip(message) };
	return {
		kind: 'other',
		found: `${framing} that does not say the job was completed: "${clip(message, 200)}"`,
	};
}
