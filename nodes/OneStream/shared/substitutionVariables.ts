import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';
import type { GetParameter } from './parameters';
import { booleanParameter, describeValue, isUnset } from './parameters';

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

/** What the node sends and reports of the substitution variables of one item. */
export interface SubstitutionVariables {
	list: SubstitutionVariable[];
	/** The wire form for `CustomSubstVarsAsCommaSeparatedPairs`. */
	text: string;
	/** For the output item: what the job was run with. */
	asObject: IDataObject;
}

export const substitutionVariablesProperty: INodeProperties = {
	displayName: 'Substitution Variables',
	name: 'substitutionVariables',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Variable',
	default: {},
	description:
		'Values for the |!Name!| parameters of the OneStream object, sent as Name=[Value] pairs. A value cannot contain [ or ], nor a comma unless "Allow Commas in Values" is on.',
	options: [
		{
			displayName: 'Variable',
			name: 'variable',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'e.g. pScenario',
					description: 'Parameter name, without the |! !| markers',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. Actual',
				},
			],
		},
	],
};

export const allowCommasInValues = booleanParameter({
	displayName: 'Allow Commas in Values',
	name: 'allowCommasInValues',
	type: 'boolean',
	default: false,
	description:
		'Whether a substitution variable value may contain a comma, e.g. Entities=[Houston,Dallas]. OneStream does not document how it reads such a value (it may split it into two variables), so the node refuses it unless this is on. Turn it on only after checking the result on your server.',
}).inOptions();

/** The agent's way to give the variables (the tool variant only). */
export const substitutionVariablesJson: INodeProperties = {
	displayName: "Agent's Variables (JSON)",
	name: 'substitutionVariablesJson',
	type: 'json',
	// An empty object, not '': the JSON editor marks '' as invalid.
	default: '{}',
	placeholder: 'e.g. {"pEntity": "Houston", "pTime": "2026M3"}',
	displayOptions: { show: { '@tool': [true] } },
	description:
		"Names and values of the object's |!Name!| parameters as one JSON object, for the agent to fill. When it names any, it is used instead of the Substitution Variables list, and checked the same way.",
	hint: "For the agent to fill it: {{ $fromAI('substitutionVariables', 'Names and values of the parameters', 'json') }}",
};

/**
 * The substitution variables of one item (the JSON field when an agent set it, else the list),
 * validated, with `extra` variables (the trigger's cursor) in place of any of the same name.
 */
export function getSubstitutionVariables(
	parameters: GetParameter,
	extra: SubstitutionVariable[] = [],
): SubstitutionVariables {
	const json = parameters(substitutionVariablesJson.name);
	const fromAgent = isUnset(json) ? undefined : fromJsonObject(json);
	const given = parseSubstitutionVariables(
		fromAgent === undefined || fromAgent.variable.length === 0
			? parameters(substitutionVariablesProperty.name)
			: fromAgent,
	);
	const replaced = new Set(extra.map((variable) => variable.name.toLowerCase()));
	const list = [
		...given.filter((variable) => !replaced.has(variable.name.toLowerCase())),
		...extra,
	];
	const text = formatSubstitutionVariables(list, {
		allowCommasInValues: allowCommasInValues.get(parameters),
	});
	const asObject: IDataObject = {};
	for (const { name, value } of list) {
		Object.defineProperty(asObject, name, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return { list, text, asObject };
}

/**
 * The Agent's Variables (JSON) parameter, `{ "Name": "Value", … }` as text or as the object an
 * expression such as `$fromAI(…, 'json')` gives, in the list's form (and so checked like the list).
 */
function fromJsonObject(raw: unknown): { variable: Array<{ name: string; value: unknown }> } {
	let parsed: unknown = raw;
	if (typeof raw === 'string') {
		try {
			parsed = JSON.parse(raw);
		} catch {
			parsed = undefined;
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw inputError(
			`Agent's Variables (JSON) must be a JSON object of names and values, not ${describeValue(raw)}`,
			'Write it as e.g. {"pEntity": "Houston", "pTime": "2026M3"}, or leave it {} to use the Substitution Variables list.',
		);
	}
	return { variable: Object.entries(parsed).map(([name, value]) => ({ name, value })) };
}

const NAME_FORBIDDEN = /[=,[\]{}|]|\s/;

/**
 * Reads the `substitutionVariables` fixedCollection value (`{ variable: [{ name, value }] }`)
 * into trimmed, validated pairs. Values are kept as typed (numbers become strings).
 */
export function parseSubstitutionVariables(raw: unknown): SubstitutionVariable[] {
	if (typeof raw !== 'object' || raw === null) return [];
	const list = (raw as { variable?: unknown }).variable;
	if (!Array.isArray(list)) return [];
	const seen = new Map<string, string>();
	const variables: SubstitutionVariable[] = [];
	list.forEach((entry: unknown, position) => {
		const pair = (typeof entry === 'object' && entry !== null ? entry : {}) as {
			name?: unknown;
			value?: unknown;
		};
		const label = `Substitution variable ${position + 1}`;
		if (pair.name !== undefined && pair.name !== null && typeof pair.name !== 'string') {
			throw inputError(
				`${label} has a name that is not text: ${describeValue(pair.name)}`,
				'Give the variable its parameter name as text, e.g. pScenario. If the name comes from an expression, make it return the name itself.',
			);
		}
		if (typeof pair.value === 'object' && pair.value !== null) {
			throw inputError(
				`The value of ${typeof pair.name === 'string' && pair.name.trim() !== '' ? `substitution variable "${pair.name.trim()}"` : label.toLowerCase()} must be text or a number, not ${describeValue(pair.value)}`,
				'OneStream takes each value as text. If it comes from an expression, make the expression return one value, e.g. {{ $json.entity }}, or join a list yourself.',
			);
		}
		const name = typeof pair.name === 'string' ? pair.name.trim() : '';
		const value = pair.value === undefined || pair.value === null ? '' : String(pair.value);
		if (name === '') {
			throw inputError(
				`${label} has no name`,
				'Give every substitution variable a name, or remove the empty row.',
			);
		}
		if (NAME_FORBIDDEN.test(name)) {
			throw inputError(
				`${label} has an invalid name: "${name}"`,
				'A name cannot contain spaces or any of = , [ ] { } |. Use the parameter name only, e.g. pScenario, not |!pScenario!|.',
			);
		}
		const key = name.toLowerCase();
		if (seen.has(key)) {
			throw inputError(
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
export function formatSubstitutionVariables(
	variables: SubstitutionVariable[],
	options: FormatOptions,
): string {
	return variables
		.map(({ name, value }) => {
			assertRepresentable(name, value, options);
			return `${name}=[${value}]`;
		})
		.join(',');
}

function assertRepresentable(name: string, value: string, options: FormatOptions): void {
	if (/[[\]]/.test(value)) {
		throw inputError(
			`The value of substitution variable "${name}" contains a square bracket`,
			'OneStream wraps each value in [ ], so a value cannot contain [ or ]. Remove the bracket; to pass a member list, use the member script syntax your object expects without brackets.',
		);
	}
	if (/[\r\n]/.test(value)) {
		throw inputError(
			`The value of substitution variable "${name}" contains a line break`,
			'Substitution variables travel as one line of Name=[Value] pairs. Remove the line break.',
		);
	}
	if (!options.allowCommasInValues && value.includes(',')) {
		throw inputError(
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

/** Refuses a query whose `|!name!|` placeholders no substitution variable fills: OneStream would run it with the raw text. */
export function assertPlaceholdersFilled(
	what: string,
	query: string,
	variables: SubstitutionVariable[],
): void {
	const missing = unfilledPlaceholders(query, variables);
	if (missing.length === 0) return;
	const one = missing.length === 1;
	throw inputError(
		`The ${what} uses ${missing.map((name) => `|!${name}!|`).join(', ')} but no substitution variable has ${one ? 'that name' : 'those names'}`,
		`Add ${one ? 'a substitution variable' : 'substitution variables'} named ${missing.join(', ')}, or remove the placeholder from the query. OneStream would otherwise run it with the placeholder text in it.`,
	);
}
