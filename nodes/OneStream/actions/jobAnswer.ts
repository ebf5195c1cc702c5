import { errorTableMessage, isErrorTable } from '../dataSet/tables';
import type { DataRow } from '../dataSet/types';
import { clip } from '../shared/redaction';
import { callError, capitalize, outcomeUnknownText } from '../transport/failures';
import { htmlTitle, looksLikeMarkup, textField } from '../transport/answerText';
import type { JobCall } from '../transport/types';
import type { OneStreamClient } from '../transport/client';

/*
 * What OneStream's answer to a Data Management job says. "Finished" means OneStream said so: an
 * HTTP 200 whose body is its completion message. Anything else that came back with a 2xx is an
 * error with an unknown outcome (the job may have run); an Error table is a failure.
 */

/** The most of a job's answer that is read: OneStream's completion message is one short sentence. */
const JOB_ANSWER_LIMIT = 64 * 1024;

/** How OneStream ends the message of a finished job: "Data Management Sequence [name] was completed" (documented). */
const COMPLETION_TEXT = 'was completed';

/**
 * Sends a Data Management job once and resolves with OneStream's completion message; any other end
 * is an error that carries the job's outcome.
 */
export async function runJobCall(client: OneStreamClient, call: JobCall): Promise<string> {
	const answer = await client.sendJob(call, JOB_ANSWER_LIMIT);
	const httpCode = String(answer.statusCode);
	const unknown = (message: string, why: string) =>
		callError(message, `${outcomeUnknownText(call)} ${why}`, { httpCode, outcome: 'unknown' });
	if (answer.statusCode !== 200) {
		throw unknown(
			`OneStream answered ${answer.statusCode} for ${call.subject}, not 200 with its completion message`,
			'OneStream reports a finished job with 200 and a completion message. Another answer, such as 202 Accepted from a server set to poll long-running requests, does not say the job finished.',
		);
	}
	if (!answer.complete) {
		throw unknown(
			`OneStream's answer for ${call.subject} is larger than ${JOB_ANSWER_LIMIT / 1024} KiB, so it is not the completion message`,
			'Only the first part was read.',
		);
	}
	if (looksLikeMarkup(answer)) {
		// A 200 page usually comes from a proxy or sign-in page, not from OneStream.
		throw unknown(
			`OneStream's answer for ${call.subject} was an HTML page (${htmlTitle(answer.text)}), not the Web API's reply`,
			"A page usually comes from a proxy or a sign-in page in front of OneStream: check the credential's Server URL and API Path.",
		);
	}
	const judged = readJobAnswer(answer.text);
	if (judged.kind === 'completed') return judged.message;
	if (judged.kind === 'errorTable') {
		throw callError(
			`${capitalize(call.subject)} failed: ${judged.message}`,
			'OneStream answered with an Error table instead of the completion message. Its Error Log and Task Activity have the details.',
			{ httpCode, outcome: 'failed' },
		);
	}
	throw unknown(
		`OneStream answered 200 for ${call.subject} without the completion message (${judged.found})`,
		`Received: ${clip(answer.text, 200)}`,
	);
}

export type JobAnswer =
	| { kind: 'completed'; message: string }
	| { kind: 'errorTable'; message: string }
	| { kind: 'other'; found: string };

/**
 * Reads the body of a 200 answer to a job. Only OneStream's completion message counts as finished:
 * a JSON string, `{ "Message": … }` or plain text (the documentation does not say which framing),
 * that ends with the completion text ("was completed"; the documentation gives only the
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
