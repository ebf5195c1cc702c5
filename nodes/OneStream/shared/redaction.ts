const MAX_TEXT = 500;

/** Collapses whitespace and caps length, so server text stays readable inside an error message. */
export function clip(text: string, max = MAX_TEXT): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The shortest run of the token's characters that counts as a piece of it. */
export const FRAGMENT_LENGTH = 8;

const REDACTED = '[redacted]';

/** One character of the text as it reads once escapes are undone, and where it stands. */
interface Decoded {
	char: string;
	start: number;
	end: number;
}

/**
 * The text's characters with JSON (`\u0041`, `\/`) and URL (`%41`) escapes undone, lower-cased,
 * and without whitespace (so that a line-wrapped echo reads as one run), each with its span in the
 * original text.
 */
function decodedView(text: string): Decoded[] {
	const view: Decoded[] = [];
	for (let i = 0; i < text.length;) {
		const c = text[i];
		if (c === '\\' && text[i + 1] === 'u' && /^[0-9a-f]{4}$/i.test(text.slice(i + 2, i + 6))) {
			view.push({
				char: String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)).toLowerCase(),
				start: i,
				end: i + 6,
			});
			i += 6;
		} else if (c === '\\' && i + 1 < text.length && '"\\/'.includes(text[i + 1])) {
			view.push({ char: text[i + 1], start: i, end: i + 2 });
			i += 2;
		} else if (c === '%' && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
			view.push({
				char: String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16)).toLowerCase(),
				start: i,
				end: i + 3,
			});
			i += 3;
		} else if (/\s/.test(c) || (c === '\\' && 'nrt'.includes(text[i + 1] ?? ''))) {
			i += c === '\\' ? 2 : 1;
		} else {
			view.push({ char: c.toLowerCase(), start: i, end: i + 1 });
			i++;
		}
	}
	return view;
}

/** Base64 of the token as it appears inside any longer base64 text (three alignments). */
function base64Forms(secret: string): string[] {
	const forms: string[] = [];
	for (let shift = 0; shift < 3; shift++) {
		const encoded = Buffer.from(`${'\u0000'.repeat(shift)}${secret}`, 'utf8').toString('base64');
		// Drop the characters that depend on what comes before or after the token.
		const from = shift === 0 ? 0 : Math.ceil((shift * 4) / 3);
		const to = Math.floor(((shift + secret.length) * 4) / 3) - 1;
		forms.push(encoded.slice(from, to));
	}
	return forms;
}

/** Every run of FRAGMENT_LENGTH characters in the token and its base64 forms, lower-cased. */
function fragments(secret: string): Set<string> {
	const grams = new Set<string>();
	for (const form of [secret, ...base64Forms(secret)]) {
		const lower = form.toLowerCase();
		for (let i = 0; i + FRAGMENT_LENGTH <= lower.length; i++)
			grams.add(lower.slice(i, i + FRAGMENT_LENGTH));
	}
	return grams;
}

let cachedSecret = '';
let cachedFragments = new Set<string>();

/**
 * Removes the token from text that may reach users, logs or execution data, in whatever form it
 * was echoed: any case, JSON- or URL-escaped, wrapped over lines, base64-encoded, or cut off. Every
 * run of at least FRAGMENT_LENGTH characters of the token becomes `[redacted]`. Tokens shorter than
 * that are refused when the credential is read, so every token the node sends can be scrubbed.
 */
export function redact(text: string, secret: string): string {
	if (secret.length < FRAGMENT_LENGTH || text.length < FRAGMENT_LENGTH) return text;
	if (secret !== cachedSecret) {
		cachedSecret = secret;
		cachedFragments = fragments(secret);
	}
	const view = decodedView(text);
	const hidden = new Uint8Array(view.length);
	let found = false;
	let gram = '';
	for (let i = 0; i < view.length; i++) {
		gram = (gram.length === FRAGMENT_LENGTH ? gram.slice(1) : gram) + view[i].char;
		if (gram.length === FRAGMENT_LENGTH && cachedFragments.has(gram)) {
			hidden.fill(1, i - FRAGMENT_LENGTH + 1, i + 1);
			found = true;
		}
	}
	if (!found) return text;
	let out = '';
	let at = 0;
	for (let i = 0; i < view.length; i++) {
		if (hidden[i] === 0) continue;
		let j = i;
		while (j + 1 < view.length && hidden[j + 1] === 1) j++;
		out += text.slice(at, view[i].start) + REDACTED;
		at = view[j].end;
		i = j;
	}
	return out + text.slice(at);
}
