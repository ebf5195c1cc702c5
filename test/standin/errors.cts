/**
 * Errors the endpoint handlers raise. Every error answer is `{ "Message", "Detail" }` so both
 * client styles seen in the wild (one reads Message, OneStream's own connector reads Detail) parse.
 * The exact bodies of real OneStream errors are UNKNOWN; wording follows ASP.NET Web API where a
 * framework layer would answer, and OneStream's message style elsewhere.
 */

export interface ErrorBody {
	Message: string;
	Detail: string;
}

export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly detail: string = '',
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = 'ApiError';
	}

	toBody(): ErrorBody {
		return { Message: this.message, Detail: this.detail };
	}
}

/** 400 for a missing required body field, in ASP.NET DataAnnotations wording. */
export function fieldRequired(field: string): ApiError {
	return new ApiError(
		400,
		`The ${field} field is required.`,
		`Request body is missing '${field}'.`,
	);
}

export function fieldInvalid(field: string, expected: string): ApiError {
	return new ApiError(
		400,
		`The value of ${field} is not valid.`,
		`'${field}' must be ${expected}.`,
	);
}

/** Thrown into pending waits when the stand-in closes. */
export class StandInClosedError extends Error {
	constructor() {
		super('The stand-in server was closed.');
		this.name = 'StandInClosedError';
	}
}
