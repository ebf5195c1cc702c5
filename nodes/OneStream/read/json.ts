import type { IDataObject } from 'n8n-workflow';

import { clip } from '../shared/redaction';
import { callError } from '../transport/failures';
import { htmlTitle, looksLikeMarkup } from '../transport/answerText';
import type { HttpAnswer } from '../transport/types';

/*
 * What a read's body is when it should be JSON: the object (or list) it holds, or a clear error
 * for an empty, `null`, HTML or non-JSON body, or JSON of another kind.
 */

/** What a body that starts like this is, when only its start was read. */
function kindOfStart(text: string): string {
	const first = text.trimStart().charAt(0);
	if (first === '[') return 'a list';
	if (first === '"') return 'a string';
	if (first === '-' || (first >= '0' && first <= '9')) return 'a number';
	return 'text that is not JSON';
}

/**
 * The JSON object a read answered with (or a list, with `allowList`). When only the start of a
 * long body was read (`complete` false), it is described from that start, without parsing.
 */
export function parseJsonBody(
	subject: string,
	answer: HttpAnswer,
	complete: boolean,
	allowList = false,
): IDataObject | unknown[] {
	const text = answer.text;
	const httpCode = String(answer.statusCode);
	if (text.trim() === '') {
		throw callError(
			`OneStream returned an empty response for ${subject}`,
			'The server answered without a body. This happens when a proxy cuts the answer, or when the object returned nothing; check the name and the substitution variables.',
			{ httpCode },
		);
	}
	if (looksLikeMarkup(answer)) {
		throw callError(
			`OneStream's answer for ${subject} was an HTML page (${htmlTitle(text)}), not JSON`,
			"An HTML page usually comes from a proxy, a load balancer or a sign-in page in front of OneStream. Check the credential's Server URL and API Path (usually /OneStreamApi).",
			{ httpCode },
		);
	}
	if (!complete) {
		throw callError(
			`OneStream returned ${kindOfStart(text)} instead of an object for ${subject}`,
			`The answer is long; the node read only its first ${text.length} characters, which start with: ${clip(text, 120)}`,
			{ httpCode },
		);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw callError(
			`OneStream's answer for ${subject} is not valid JSON`,
			`${(error as Error).message}. ${text.length} characters received, starting with: ${clip(text, 120)}. A cut-off answer usually means a proxy or the server stopped mid-way; try again or raise the timeout.`,
			{ httpCode },
		);
	}
	if (parsed === null) {
		throw callError(
			`OneStream returned null instead of data for ${subject}`,
			'This usually means a substitution variable (parameter) the object needs was not set, or the object returned nothing. Add the missing substitution variables and try again.',
			{ httpCode },
		);
	}
	if (allowList && Array.isArray(parsed)) return parsed as unknown[];
	if (typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw callError(
			`OneStream returned ${Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`} instead of an object for ${subject}`,
			`Received: ${clip(text, 120)}`,
			{ httpCode },
		);
	}
	return parsed as IDataObject;
}
