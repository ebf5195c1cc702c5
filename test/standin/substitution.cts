/**
 * Substitution variables: the `CustomSubstVarsAsCommaSeparatedPairs` body field and the `|!Name!|`
 * placeholders they fill.
 */
import type { SubstitutionVariables } from './types.cjs';

/**
 * Parses `Name=[Value],Name2=[Value2]` (documented form) and the unbracketed `Name=Value` form that
 * clients also send. How a comma inside a value is escaped is UNKNOWN in the docs; the stand-in's
 * invented choice is that a bracketed value runs to its matching `]`, so `A=[x,y]` gives `x,y`,
 * while an unbracketed value runs to the next comma. Names and unbracketed values are trimmed,
 * items without `=` are ignored, and a repeated name keeps its last value.
 */
export function parseSubstitutionVariables(text: string): SubstitutionVariables {
	const result: SubstitutionVariables = {};
	let i = 0;
	while (i < text.length) {
		const eq = text.indexOf('=', i);
		const comma = text.indexOf(',', i);
		if (eq === -1 || (comma !== -1 && comma < eq)) {
			// An item without '=': skip it.
			if (comma === -1) break;
			i = comma + 1;
			continue;
		}
		const name = text.slice(i, eq).trim();
		let j = eq + 1;
		while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
		let value: string;
		if (text[j] === '[') {
			const close = matchingBracket(text, j);
			const end = close === -1 ? text.length : close;
			const next = close === -1 ? -1 : text.indexOf(',', close);
			const trailing = close === -1 ? '' : text.slice(close + 1, next === -1 ? text.length : next);
			if (trailing.trim() === '') {
				value = text.slice(j + 1, end);
				i = next === -1 ? text.length : next + 1;
			} else {
				// Text after the closing bracket: treat the whole item as an unbracketed value.
				const stop = text.indexOf(',', j);
				value = text.slice(j, stop === -1 ? text.length : stop).trim();
				i = stop === -1 ? text.length : stop + 1;
			}
		} else {
			const stop = text.indexOf(',', j);
			value = text.slice(j, stop === -1 ? text.length : stop).trim();
			i = stop === -1 ? text.length : stop + 1;
		}
		if (name !== '') result[name] = value;
	}
	return result;
}

function matchingBracket(text: string, open: number): number {
	let depth = 0;
	for (let k = open; k < text.length; k++) {
		if (text[k] === '[') depth++;
		else if (text[k] === ']') {
			depth--;
			if (depth === 0) return k;
		}
	}
	return -1;
}

/** Looks a variable up case-insensitively (OneStream names are not case-sensitive). */
export function getVariable(vars: SubstitutionVariables, name: string): string | undefined {
	if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
	const lower = name.toLowerCase();
	for (const key of Object.keys(vars)) {
		if (key.toLowerCase() === lower) return vars[key];
	}
	return undefined;
}

export interface PlaceholderResult {
	text: string;
	/** Names of `|!Name!|` placeholders that no variable filled (left in the text). */
	unresolved: string[];
}

/** Fills `|!Name!|` placeholders from the substitution variables. */
export function fillPlaceholders(text: string, vars: SubstitutionVariables): PlaceholderResult {
	const unresolved: string[] = [];
	const filled = text.replace(/\|!([^|!]+?)!\|/g, (whole: string, name: string) => {
		const value = getVariable(vars, name.trim());
		if (value === undefined) {
			unresolved.push(name.trim());
			return whole;
		}
		return value;
	});
	return { text: filled, unresolved };
}
