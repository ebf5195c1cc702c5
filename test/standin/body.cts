/**
 * Request-body access. ASP.NET model binding matches JSON property names case-insensitively (the
 * docs themselves write both `BaseWebServerUrl` and `BaseWebServerURL`), so lookups here do too.
 */
import { ApiError, fieldInvalid, fieldRequired } from './errors.cjs';

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class RequestBody {
	private readonly byLowerName = new Map<string, unknown>();

	constructor(readonly raw: JsonObject) {
		for (const [key, value] of Object.entries(raw)) this.byLowerName.set(key.toLowerCase(), value);
	}

	/** The value of a property (any casing); null counts as absent. */
	get(name: string): unknown {
		const value = this.byLowerName.get(name.toLowerCase());
		return value === null ? undefined : value;
	}

	has(name: string): boolean {
		return this.get(name) !== undefined;
	}

	/**
	 * A string property. Numbers and booleans are converted the way Newtonsoft.Json binds them to a
	 * string property; objects and arrays are a 400.
	 */
	optionalString(name: string): string | undefined {
		const value = this.get(name);
		if (value === undefined) return undefined;
		if (typeof value === 'string') return value;
		if (typeof value === 'number') return String(value);
		if (typeof value === 'boolean') return value ? 'True' : 'False';
		throw fieldInvalid(name, 'a string');
	}

	/** A required string property; missing or blank → 400 naming the field. */
	requiredString(name: string): string {
		const value = this.optionalString(name);
		if (value === undefined || value.trim() === '') throw fieldRequired(name);
		return value;
	}

	/** A boolean property; the strings "True"/"False" (any case) are accepted too. */
	optionalBoolean(name: string): boolean | undefined {
		const value = this.get(name);
		if (value === undefined) return undefined;
		if (typeof value === 'boolean') return value;
		if (typeof value === 'string') {
			const lower = value.trim().toLowerCase();
			if (lower === 'true') return true;
			if (lower === 'false') return false;
		}
		throw fieldInvalid(name, 'a boolean (true/false or "True"/"False")');
	}

	requiredBoolean(name: string): boolean {
		const value = this.optionalBoolean(name);
		if (value === undefined) throw fieldRequired(name);
		return value;
	}

	optionalObject(name: string): RequestBody | undefined {
		const value = this.get(name);
		if (value === undefined) return undefined;
		if (!isJsonObject(value)) throw fieldInvalid(name, 'a JSON object');
		return new RequestBody(value);
	}
}

/** Parses a request body that must be one JSON object. */
export function parseJsonObjectBody(text: string): RequestBody {
	if (text.trim() === '') {
		throw new ApiError(
			400,
			'The request is invalid.',
			'The request body is empty; a JSON object is required.',
		);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new ApiError(
			400,
			'The request is invalid.',
			`The request body is not valid JSON: ${reason}`,
		);
	}
	if (!isJsonObject(parsed)) {
		throw new ApiError(400, 'The request is invalid.', 'The request body must be a JSON object.');
	}
	return new RequestBody(parsed);
}
