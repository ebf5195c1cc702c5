import { clip } from '../shared/redaction';
import type { HttpAnswer } from './types';

/* What an answer's text says: whether it is markup, and OneStream's (or ASP.NET's) error fields. */

const MARKUP_TYPE = /text\/html|application\/xhtml|[/+]xml/;

/**
 * An HTML, XHTML or XML page (also one that starts with a comment or a declaration): what proxies,
 * sign-in pages and gateways answer with. OneStream's Web API answers with JSON or plain text.
 */
export function looksLikeMarkup(answer: HttpAnswer): boolean {
	const contentType = String(answer.headers['content-type'] ?? '').toLowerCase();
	return MARKUP_TYPE.test(contentType) || /^\uFEFF?\s*</.test(answer.text);
}

export function htmlTitle(html: string): string {
	const match = /<title[^>]*>([^<]*)<\/title>/i.exec(html.slice(0, 4096));
	const title = match ? clip(match[1], 100) : '';
	return title ? `title "${title}"` : 'no title';
}

/** A non-empty text field of a JSON object, its name matched case-insensitively. */
export function textField(body: unknown, name: string): string | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	for (const [key, value] of Object.entries(body)) {
		if (
			key.toLowerCase() === name.toLowerCase() &&
			typeof value === 'string' &&
			value.trim() !== ''
		) {
			return value;
		}
	}
	return undefined;
}

function field(body: unknown, name: string): unknown {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	return Object.entries(body).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/** Validation messages of ASP.NET's `ModelState` (Web API 2) or `errors` (Core): `{ field: [messages] }`. */
function validationMessages(value: unknown): string[] {
	if (typeof value !== 'object' || value === null) return [];
	const messages: string[] = [];
	const entries = Array.isArray(value)
		? value.map((entry, index) => [String(index), entry] as const)
		: Object.entries(value);
	for (const [key, entry] of entries) {
		const texts = (Array.isArray(entry) ? entry : [entry]).filter(
			(text): text is string => typeof text === 'string' && text.trim() !== '',
		);
		for (const text of texts)
			messages.push(
				key === '' || /^\d+$/.test(key) ? text : `${key.replace(/^[a-z]+\./i, '')}: ${text}`,
			);
	}
	return messages;
}

/**
 * What an error body says, most specific first: ASP.NET's validation errors (`ModelState`,
 * `errors`) and `ExceptionMessage`, OneStream's `Detail`, then the general `Message` or `title`.
 * A non-JSON body is described (its page title, or its start).
 */
export function serverText(answer: HttpAnswer): { said?: string; html?: string } {
	if (looksLikeMarkup(answer)) return { html: htmlTitle(answer.text) };
	let parsed: unknown;
	try {
		parsed = JSON.parse(answer.text);
	} catch {
		return answer.text.trim() === '' ? {} : { said: clip(answer.text, 200) };
	}
	if (typeof parsed === 'string') return parsed.trim() === '' ? {} : { said: clip(parsed, 300) };
	const parts = [
		...validationMessages(field(parsed, 'ModelState')),
		...validationMessages(field(parsed, 'errors')),
		textField(parsed, 'ExceptionMessage'),
		textField(parsed, 'Message'),
		textField(parsed, 'title'),
		textField(parsed, 'Detail'),
	].filter((part): part is string => part !== undefined);
	const unique = parts.filter(
		(part, index) => parts.findIndex((other) => other.trim() === part.trim()) === index,
	);
	return unique.length === 0 ? {} : { said: clip(unique.join(' — '), 1000) };
}
