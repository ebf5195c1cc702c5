/**
 * A problem with what the user entered, found before any request is sent. The router turns it
 * into a NodeOperationError for the item.
 */
export class InputError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

/** A required name: trimmed, and not empty. */
export function requireName(value: unknown, label: string, example: string): string {
	const text = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim();
	if (text === '') {
		throw new InputError(`${label} is empty`, `Enter the ${label.toLowerCase()}, e.g. ${example}. If it comes from an expression, check that the expression resolves to a value for this item.`);
	}
	return text;
}

/** An optional name: trimmed; empty stays empty. */
export function optionalName(value: unknown): string {
	return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim();
}

/**
 * OneStream answered, but not with what was asked for (a missing table, an error table inside a
 * 200). The router turns it into a NodeApiError for the item.
 */
export class ResponseError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}
