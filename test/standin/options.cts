/** Validation of the options that can change while the stand-in runs. */
import { isJsonObject } from './body.cjs';
import type {
	AnalyticsOptions,
	DmSuccessFraming,
	SessionInfoKey,
	StandInOptionsPatch,
} from './types.cjs';

export function validateLatency(value: unknown): number | [number, number] | undefined {
	// null (JSON has no undefined) also means "no latency".
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
	if (Array.isArray(value) && value.length === 2) {
		const [min, max]: unknown[] = value;
		if (
			typeof min === 'number' &&
			typeof max === 'number' &&
			Number.isFinite(min) &&
			Number.isFinite(max) &&
			min >= 0 &&
			max >= min
		) {
			return [min, max];
		}
	}
	throw new Error('latencyMs must be a number ≥ 0 or a [min, max] pair with 0 ≤ min ≤ max');
}

export function validateFraming(value: unknown): DmSuccessFraming {
	if (value === 'json-string' || value === 'text' || value === 'object') return value;
	throw new Error("dmSuccessFraming must be 'json-string', 'text' or 'object'");
}

export function validateSessionInfoKey(value: unknown): SessionInfoKey {
	if (value === 'XfBytes' || value === 'xfBytes') return value;
	throw new Error("sessionInfoKey must be 'XfBytes' or 'xfBytes'");
}

export const ANALYTICS_DEFAULTS: Required<AnalyticsOptions> = {
	pageRows: 50_000,
	runningPolls: 0,
	// Invented on purpose: OneStream's running word is not public, and the node must not need it.
	runningStatus: 'Simmering',
	pageRunningPolls: 0,
	repeatFirstPage: false,
};

/** Merges an `analytics` option into the current settings, checking each field. */
export function validateAnalytics(
	value: unknown,
	current: Required<AnalyticsOptions> = ANALYTICS_DEFAULTS,
): Required<AnalyticsOptions> {
	if (value === undefined || value === null) return current;
	if (!isJsonObject(value)) throw new Error('analytics must be an object');
	const next = { ...current };
	for (const key of Object.keys(value)) {
		const field: unknown = value[key];
		if (key === 'pageRows' || key === 'runningPolls' || key === 'pageRunningPolls') {
			const min = key === 'pageRows' ? 1 : 0;
			if (typeof field !== 'number' || !Number.isInteger(field) || field < min)
				throw new Error(`analytics.${key} must be a whole number ≥ ${min}`);
			next[key] = field;
		} else if (key === 'runningStatus') {
			if (typeof field !== 'string' || field === '')
				throw new Error('analytics.runningStatus must be a non-empty string');
			next.runningStatus = field;
		} else if (key === 'repeatFirstPage') {
			if (typeof field !== 'boolean')
				throw new Error('analytics.repeatFirstPage must be a boolean');
			next.repeatFirstPage = field;
		} else
			throw new Error(
				`unknown analytics option '${key}' (pageRows, runningPolls, runningStatus, pageRunningPolls, repeatFirstPage)`,
			);
	}
	return next;
}

/** Validates an options patch (programmatic or from the control route). */
export function parseOptionsPatch(value: unknown): StandInOptionsPatch {
	if (!isJsonObject(value)) throw new Error('options must be a JSON object');
	const patch: StandInOptionsPatch = {};
	for (const key of Object.keys(value)) {
		if (key === 'latencyMs') patch.latencyMs = validateLatency(value.latencyMs);
		else if (key === 'dmSuccessFraming')
			patch.dmSuccessFraming = validateFraming(value.dmSuccessFraming);
		else if (key === 'sessionInfoKey')
			patch.sessionInfoKey = validateSessionInfoKey(value.sessionInfoKey);
		else if (key === 'analytics') patch.analytics = validateAnalytics(value.analytics);
		else
			throw new Error(
				`unknown option '${key}' (latencyMs, dmSuccessFraming, sessionInfoKey and analytics can change)`,
			);
	}
	return patch;
}
