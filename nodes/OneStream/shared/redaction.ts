const MAX_TEXT = 500;

/** Collapses whitespace and caps length, so server text stays readable inside an error message. */
export function clip(text: string, max = MAX_TEXT): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Removes every occurrence of the token from text that may reach users, logs or execution data. */
export function redact(text: string, secret: string): string {
	if (secret.length < 4) return text;
	return text.split(secret).join('[redacted]');
}
