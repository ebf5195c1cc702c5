import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ApiVersion, RetryPolicy } from '../transport';
import { DEFAULT_RETRY_POLICY } from '../transport';
import type { SubstitutionVariable } from './substitutionVariables';
import { formatSubstitutionVariables, readSubstitutionVariables } from './substitutionVariables';
import { InputError, requireName } from './validation';

/** The `options` collection of the current operation, as set by the user. */
export function readOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = ctx.getNodeParameter('options', itemIndex, {});
	return typeof options === 'object' && options !== null && !Array.isArray(options) ? (options as IDataObject) : {};
}

export function stringParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	const value = ctx.getNodeParameter(name, itemIndex, fallback);
	if (value === undefined || value === null) return fallback;
	return typeof value === 'string' ? value : String(value);
}

export function booleanOption(options: IDataObject, name: string, fallback: boolean): boolean {
	const value = options[name];
	return typeof value === 'boolean' ? value : fallback;
}

export function stringOption<T extends string>(options: IDataObject, name: string, allowed: readonly T[], fallback: T): T {
	const value = options[name];
	return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** A whole number option within bounds; an out-of-range value is an input error, not a silent clamp. */
export function integerOption(
	options: IDataObject,
	name: string,
	label: string,
	fallback: number,
	bounds: { min: number; max: number },
): number {
	const raw = options[name];
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = typeof raw === 'number' ? raw : Number(raw);
	if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
		throw new InputError(
			`The ${label} option must be a whole number from ${bounds.min} to ${bounds.max}, not "${String(raw)}"`,
			`Change the ${label} option in the node's Options.`,
		);
	}
	return value;
}

/** `applicationName` from its resource locator (list or typed name), trimmed and required. */
export function readApplicationName(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('applicationName', itemIndex, '', { extractValue: true });
	return requireName(value, 'Application', 'GolfStream');
}

export interface SubstitutionVariables {
	list: SubstitutionVariable[];
	/** The wire form for `CustomSubstVarsAsCommaSeparatedPairs`. */
	text: string;
	/** For the output item: what the job was run with. */
	asObject: IDataObject;
}

export function readSubstitutionVariableParameter(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
): SubstitutionVariables {
	const list = readSubstitutionVariables(ctx.getNodeParameter('substitutionVariables', itemIndex, {}));
	const text = formatSubstitutionVariables(list, {
		allowCommasInValues: booleanOption(options, 'allowCommasInValues', false),
	});
	const asObject: IDataObject = {};
	for (const { name, value } of list) {
		Object.defineProperty(asObject, name, { value, enumerable: true, writable: true, configurable: true });
	}
	return { list, text, asObject };
}

const HOUR = 3_600_000;
export const JOB_TIMEOUT_DEFAULT_MS = 4 * HOUR;
export const READ_TIMEOUT_DEFAULT_MS = 10 * 60_000;

export function timeoutOption(options: IDataObject, fallbackMs: number): number {
	return integerOption(options, 'timeout', 'Timeout', fallbackMs, { min: 1000, max: 24 * HOUR });
}

export function retryPolicyOption(options: IDataObject): RetryPolicy {
	return {
		...DEFAULT_RETRY_POLICY,
		maxRetries: integerOption(options, 'maxRetries', 'Read Retries', DEFAULT_RETRY_POLICY.maxRetries, { min: 0, max: 10 }),
		baseDelayMs: integerOption(options, 'retryDelay', 'Retry Delay', DEFAULT_RETRY_POLICY.baseDelayMs, { min: 0, max: 60_000 }),
	};
}

export function apiVersionOption(options: IDataObject): ApiVersion {
	return stringOption(options, 'apiVersion', ['5.2.0', '7.2.0'] as const, '5.2.0');
}
