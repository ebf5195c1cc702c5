/**
 * Checks every fault test repeats: error texts a user can read, no secret anywhere a run leaves
 * text, no exception escaping to the process.
 */
import type { ExecutionError, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { OneStreamNodeResult } from './harness.cjs';
import { serializeForSearch } from './harness.cjs';

/** Words that give away a message built from a missing or unprintable value. */
const BROKEN_TEXT = /\bundefined\b|\[object Object\]|\bNaN\b/;

/** Fails unless `text` is a non-empty message free of `undefined`, `[object Object]` and `NaN`. */
export function expectReadable(text: unknown, what: string): void {
	expect({ what, type: typeof text }).toEqual({ what, type: 'string' });
	const value = String(text);
	expect({ what, empty: value.trim() === '' }).toEqual({ what, empty: false });
	expect({ what, text: value, broken: BROKEN_TEXT.test(value) }).toEqual({
		what,
		text: value,
		broken: false,
	});
}

/** The node error n8n recorded; fails unless it is a NodeApiError with readable message and description. */
export function expectNodeApiError(result: OneStreamNodeResult): ExecutionError {
	expect(result.nodeError).toBeDefined();
	const error = result.nodeError as ExecutionError;
	expect(error.name).toBe('NodeApiError');
	expectReadable(error.message, 'error message');
	expectReadable(error.description, 'error description');
	return error;
}

/** The error item of a run under "Continue (using regular output)": `{ error, description, httpCode?, jobOutcome? }`. */
export function errorItemJson(item: INodeExecutionData): IDataObject {
	expect(typeof item.json.error).toBe('string');
	expectReadable(item.json.error, 'error item message');
	if (item.json.description !== undefined)
		expectReadable(item.json.description, 'error item description');
	return item.json;
}

/** Every text a run leaves behind: output items, error output, the node error, run data and logs. */
export function textsOf(result: OneStreamNodeResult): Record<string, string> {
	return {
		output: serializeForSearch(result.output),
		errorOutput: serializeForSearch(result.errorOutput ?? []),
		nodeError: serializeForSearch(result.nodeError ?? null),
		workflowError: serializeForSearch(result.error ?? null),
		serializedRunData: result.serialized,
		logs: result.logText,
	};
}

/**
 * Fails if `secret`, or any 12-character piece of it, appears in any text the run left behind, in
 * any case and in any of the forms an echo can take: JSON- or URL-escaped, wrapped over lines, or
 * base64-encoded (a clipped echo leaves a prefix of the token, which is a leak too).
 */
export function expectNoSecret(result: OneStreamNodeResult, secret: string, context = ''): void {
	expectNoSecretIn(textsOf(result), secret, context);
}

export function expectNoSecretIn(
	texts: Record<string, string>,
	secret: string,
	context = '',
): void {
	const pieces = [secret, ...base64Cores(secret)].flatMap((form) =>
		secretPieces(form.toLowerCase()),
	);
	for (const [place, text] of Object.entries(texts)) {
		const readable = unescaped(text);
		const found = pieces.find((piece) => readable.includes(piece));
		expect({ context, place, leaked: found ?? null }).toEqual({ context, place, leaked: null });
	}
}

/** Text as a reader sees it: escapes undone (also escaped twice, as in serialised JSON), no whitespace, lower case. */
function unescaped(text: string): string {
	let out = text;
	for (let round = 0; round < 2; round++) {
		out = out
			.replace(/\\+u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
			.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
			.replace(/\\+[nrt]/g, '');
	}
	return out.replace(/\s+/g, '').toLowerCase();
}

/** The part of base64(secret) that is the same wherever the secret sits in a longer base64 text. */
function base64Cores(secret: string): string[] {
	return [0, 1, 2].map((shift) => {
		const encoded = Buffer.from(`${'x'.repeat(shift)}${secret}`).toString('base64');
		return encoded.slice(
			Math.ceil((shift * 4) / 3) + 1,
			Math.floor(((shift + secret.length) * 4) / 3) - 1,
		);
	});
}

/** Every 12-character window of the secret (the whole secret included). */
export function secretPieces(secret: string, size = 12): string[] {
	if (secret.length <= size) return [secret];
	const pieces: string[] = [];
	for (let start = 0; start + size <= secret.length; start += 1)
		pieces.push(secret.slice(start, start + size));
	return pieces;
}

/**
 * Records exceptions and rejections that escape to the process while a test file runs; call the
 * returned function in `afterAll` (or at the end of a test) to fail on any.
 */
export function trackUncaught(): { check(): void; stop(): void } {
	const escaped: string[] = [];
	const onException = (error: unknown) => escaped.push(`uncaughtException: ${errorText(error)}`);
	const onRejection = (reason: unknown) => escaped.push(`unhandledRejection: ${errorText(reason)}`);
	process.on('uncaughtException', onException);
	process.on('unhandledRejection', onRejection);
	return {
		check: () => expect(escaped).toEqual([]),
		stop: () => {
			process.off('uncaughtException', onException);
			process.off('unhandledRejection', onRejection);
		},
	};
}

function errorText(error: unknown): string {
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
