import { InputError } from './validation';

export interface SubstitutionVariable {
	name: string;
	value: string;
}

export interface FormatOptions {
	/**
	 * OneStream's parsing of a comma inside a bracketed value is undocumented; by default such
	 * values are refused rather than risk the server splitting them into a different variable.
	 */
	allowCommasInValues: boolean;
}

const NAME_FORBIDDEN = /[=,[\]{}|]|\s/;

/**
 * Reads the `substitutionVariables` fixedCollection value (`{ variable: [{ name, value }] }`)
 * into trimmed, validated pairs. Values are kept as typed (numbers become strings).
 */
export function readSubstitutionVariables(raw: unknown): SubstitutionVariable[] {
	if (typeof raw !== 'object' || raw === null) return [];
	const list = (raw as { variable?: unknown }).variable;
	if (!Array.isArray(list)) return [];
	const seen = new Map<string, string>();
	const variables: SubstitutionVariable[] = [];
	list.forEach((entry: unknown, position) => {
		const pair = (typeof entry === 'object' && entry !== null ? entry : {}) as { name?: unknown; value?: unknown };
		const name = typeof pair.name === 'string' ? pair.name.trim() : String(pair.name ?? '').trim();
		const value = pair.value === undefined || pair.value === null ? '' : String(pair.value);
		const label = `Substitution variable ${position + 1}`;
		if (name === '') {
			throw new InputError(`${label} has no name`, 'Give every substitution variable a name, or remove the empty row.');
		}
		if (NAME_FORBIDDEN.test(name)) {
			throw new InputError(
				`${label} has an invalid name: "${name}"`,
				'A name cannot contain spaces or any of = , [ ] { } |. Use the parameter name only, e.g. pScenario, not |!pScenario!|.',
			);
		}
		const key = name.toLowerCase();
		if (seen.has(key)) {
			throw new InputError(
				`Substitution variable "${name}" is set twice`,
				`Remove one of the two rows named "${seen.get(key)}" and "${name}"; OneStream would only use one of them.`,
			);
		}
		seen.set(key, name);
		variables.push({ name, value });
	});
	return variables;
}

/**
 * `Name=[Value],Name2=[Value2]`, the documented form of `CustomSubstVarsAsCommaSeparatedPairs`.
 * Values that cannot be represented unambiguously are refused with a message saying why, never
 * encoded: OneStream does not decode values, so an encoded one would silently reach the job changed.
 */
export function formatSubstitutionVariables(variables: SubstitutionVariable[], options: FormatOptions): string {
	return variables
		.map(({ name, value }) => {
			assertRepresentable(name, value, options);
			return `${name}=[${value}]`;
		})
		.join(',');
}

function assertRepresentable(name: string, value: string, options: FormatOptions): void {
	if (/[[\]]/.test(value)) {
		throw new InputError(
			`The value of substitution variable "${name}" contains a square bracket`,
			'OneStream wraps each value in [ ], so a value cannot contain [ or ]. Remove the bracket; to pass a member list, use the member script syntax your object expects without brackets.',
		);
	}
	if (/[\r\n]/.test(value)) {
		throw new InputError(
			`The value of substitution variable "${name}" contains a line break`,
			'Substitution variables travel as one line of Name=[Value] pairs. Remove the line break.',
		);
	}
	if (!options.allowCommasInValues && value.includes(',')) {
		throw new InputError(
			`The value of substitution variable "${name}" contains a comma`,
			'OneStream sends all variables as one comma-separated list, and how it splits a comma inside a value is not documented. Remove the comma, pass the list as separate variables, or turn on the "Allow Commas in Values" option if you have checked that your OneStream version keeps [a,b] whole.',
		);
	}
}

/** Names used as `|!name!|` in a query that no substitution variable fills. */
export function unfilledPlaceholders(text: string, variables: SubstitutionVariable[]): string[] {
	const provided = new Set(variables.map((v) => v.name.toLowerCase()));
	const missing = new Set<string>();
	for (const match of text.matchAll(/\|!([^|!\s]+)!\|/g)) {
		if (!provided.has(match[1].toLowerCase())) missing.add(match[1]);
	}
	return [...missing];
}
