import { clip } from '../shared/redaction';
import type { HttpAnswer } from './types';

/* What an answer's text says: whether it is an HTML page, and OneStream's error fields. */

export function looksLikeHtml(answer: HttpAnswer): boolean {
	const contentType = String(answer.headers['content-type'] ?? '').toLowerCase();
	const start = answer.text.trimStart().slice(0, 15).toLowerCase();
	return contentType.includes('text/html') || start.startsWith('<!doctype html') || start.startsWith('<html');
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
		if (key.toLowerCase() === name.toLowerCase() && typeof value === 'string' && value.trim() !== '') {
			return value;
		}
	}
	return undefined;
}

/** OneStream's `Message` and `Detail` from an error body, or a description of a non-JSON body. */
export function serverText(answer: HttpAnswer): { message?: string; detail?: string; html?: string } {
	if (looksLikeHtml(answer)) return { html: htmlTitle(answer.text) };
	try {
		const parsed: unknown = JSON.parse(answer.text);
		if (typeof parsed === 'string') return { message: parsed };
		return { message: textField(parsed, 'Message'), detail: textField(parsed, 'Detail') };
	} catch {
		return answer.text.trim() === '' ? {} : { message: clip(answer.text, 200) };
	}
}
