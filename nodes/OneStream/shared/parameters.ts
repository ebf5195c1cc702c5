import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameters,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import { inputError } from './errors';
import { clip } from './redaction';

/*
 * The one way a parameter is declared and read: a `Parameter` holds what the editor shows (its
 * property, with the default) next to how the node turns the saved value into a typed one. The
 * same definition serves a top-level field and an entry of an Options collection (`inOptions()`),
 * in the action node, the trigger and the tool variant alike.
 */

/**
 * One parameter's value, by its path (`timeout`, or `options.timeout` inside a collection), with
 * expressions resolved for the current item. `null` when it is not set.
 */
export type GetParameter = (path: string, options?: { extractValue?: boolean }) => unknown;

export function itemParameters(ctx: IExecuteFunctions, itemIndex: number): GetParameter {
	const saved = savedParameters(ctx);
	const read = (path: string, fallback: unknown): unknown => {
		if (!path.includes('.')) {
			const value = saved[path];
			if (value === undefined) return fallback;
			if (isPlain(value)) return plainCopy(value);
		}
		// n8n throws "Could not get parameter" for an unset path without a fallback.
		return ctx.getNodeParameter(path, itemIndex, fallback, SKIP_VALIDATION);
	};
	// The Options collection is read once for the item (n8n resolves each read's expressions
	// anew, which costs more than the read of one call's answer).
	let options: IDataObject | undefined;
	return (path, extra) => {
		if (extra?.extractValue === true)
			return ctx.getNodeParameter(path, itemIndex, null, { ...extra, ...SKIP_VALIDATION });
		if (path.startsWith(OPTIONS_PREFIX)) {
			options ??= collection(read('options', {}));
			return options[path.slice(OPTIONS_PREFIX.length)] ?? null;
		}
		return read(path, null);
	};
}

/*
 * n8n validates a read value against the node's schema: it looks the property up among all the
 * node's properties, checking each one's display options, which costs more per read than the rest
 * of the read. The check only acts on `validateType`, resource mappers and collections of such
 * entries; the node declares none (a test keeps it so) and checks each value in its own `parse`.
 */
const SKIP_VALIDATION = { skipValidation: true } as const;

/*
 * A saved value that is not an expression is what n8n's getNodeParameter would hand back, so it
 * is taken as saved: reading it through n8n costs more than most small calls' own work. The node's
 * saved parameters are copied once per execution (n8n's getNode() copies the whole node).
 */
const savedByExecution = new WeakMap<IExecuteFunctions, INodeParameters>();

function savedParameters(ctx: IExecuteFunctions): INodeParameters {
	let saved = savedByExecution.get(ctx);
	if (saved === undefined) {
		saved = ctx.getNode().parameters;
		savedByExecution.set(ctx, saved);
	}
	return saved;
}

/**
 * A value with no expression anywhere in it: text that does not start with `=` (n8n's mark of an
 * expression), a number, a boolean, null, or lists and objects of those.
 */
function isPlain(value: unknown): boolean {
	switch (typeof value) {
		case 'string':
			return !value.startsWith('=');
		case 'number':
		case 'boolean':
			return true;
		case 'object':
			return value === null || Object.values(value).every(isPlain);
		default:
			return false;
	}
}

/** A plain value as n8n hands it over: lists and objects copied, so no item changes another's. */
function plainCopy(value: unknown): unknown {
	if (typeof value !== 'object' || value === null) return value;
	if (Array.isArray(value)) return value.map(plainCopy);
	const copy: IDataObject = {};
	for (const [key, entry] of Object.entries(value))
		copy[key] = plainCopy(entry) as IDataObject[string];
	return copy;
}

const OPTIONS_PREFIX = 'options.';

function collection(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: {};
}

export function pollParameters(ctx: IPollFunctions): GetParameter {
	return (path, options) => ctx.getNodeParameter(path, null, { ...options, ...SKIP_VALIDATION });
}

/** Parameters given as a plain object (an entry of a fixed collection), read the same way. */
export function objectParameters(values: Record<string, unknown>): GetParameter {
	return (path) => values[path] ?? null;
}

export class Parameter<T> {
	constructor(
		readonly property: INodeProperties,
		/** The saved value (null or undefined when unset) as the node uses it; throws an input error. */
		readonly parse: (raw: unknown) => T,
		private readonly path: string = property.name,
		private readonly extractValue = false,
		/** Where a workflow saved before the parameter moved has it, read when `path` is unset. */
		private readonly savedBefore?: string,
	) {
		// Without a mode that extracts (a regex), n8n's extractValue is the locator's value.
		this.modeExtracts = property.modes?.some((mode) => mode.extractValue !== undefined) === true;
	}

	private readonly modeExtracts: boolean;

	/** Properties that go into the same collection beside this one (hidden ones that keep old values). */
	get companions(): INodeProperties[] {
		return [];
	}

	get name(): string {
		return this.property.name;
	}

	get(parameters: GetParameter): T {
		const read = (path: string): unknown => {
			if (!this.extractValue) return parameters(path);
			return this.modeExtracts
				? parameters(path, { extractValue: true })
				: locatorValue(parameters(path));
		};
		const raw = read(this.path);
		if (this.savedBefore === undefined || !isUnset(raw)) return this.parse(raw);
		const before = read(this.savedBefore);
		return this.parse(isUnset(before) ? raw : before);
	}

	/** The same parameter as an entry of the Options collection. */
	inOptions(): Parameter<T> {
		return new Parameter(this.property, this.parse, `options.${this.name}`, this.extractValue);
	}

	/**
	 * The parameter moved into the Options collection: read there, else at the top level where
	 * workflows saved before the move have it. `savedBeforeProperty` (hidden) keeps that value
	 * in n8n, which drops the saved values of parameters it does not know.
	 */
	movedToOptions(): Parameter<T> {
		return new Parameter(
			this.property,
			this.parse,
			`options.${this.name}`,
			this.extractValue,
			this.name,
		);
	}

	/** The hidden top-level property that keeps a value saved before the move to Options. */
	get savedBeforeProperty(): INodeProperties {
		return {
			displayName: this.property.displayName,
			name: this.name,
			type: 'hidden',
			default: '',
		};
	}

	/** The same reading under other editor settings (another description, display options…). */
	with(changes: Partial<INodeProperties>): Parameter<T> {
		return new Parameter(
			{ ...this.property, ...changes },
			this.parse,
			this.path,
			this.extractValue,
			this.savedBefore,
		);
	}
}

/** Declares a parameter; `extractValue` reads a resource locator's value. */
export function parameter<T>(
	property: INodeProperties,
	parse: (raw: unknown) => T,
	options: { extractValue?: boolean } = {},
): Parameter<T> {
	return new Parameter(property, parse, property.name, options.extractValue === true);
}

/** Options collection of the given entries (each read with `.inOptions()`). */
export function optionsProperty(entries: Array<Parameter<unknown>>): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: entries.flatMap((entry) => [entry.property, ...entry.companions]),
	};
}

/** A resource locator's value (`{ __rl, mode, value }`); anything else as it is. */
function locatorValue(raw: unknown): unknown {
	return typeof raw === 'object' && raw !== null && 'mode' in raw && 'value' in raw
		? raw.value
		: raw;
}

export const isUnset = (raw: unknown): boolean =>
	raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');

/** A value as a message can show it: text in quotes, anything else as JSON. */
export function describeValue(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return `a list (${clip(JSON.stringify(value), 60)})`;
	if (typeof value === 'object' && value !== null)
		return `an object (${clip(JSON.stringify(value), 60)})`;
	return `the ${typeof value} ${String(value)}`;
}

// ---------------------------------------------------------------------------------------------
// Numbers, switches and choices

export interface IntegerSpec {
	name: string;
	displayName: string;
	/** How messages name it, e.g. "Timeout" for "Timeout (Seconds)". */
	label: string;
	default: number;
	min: number;
	max: number;
	description: string;
	/** Shown under the field. */
	hint?: string;
	/** Whether the editor enforces `max` too (otherwise only the node does). */
	maxInEditor?: boolean;
	displayOptions?: INodeProperties['displayOptions'];
}

/** A whole number within bounds; an out-of-range value is an input error, not a silent clamp. */
export function parseInteger(
	raw: unknown,
	spec: Pick<IntegerSpec, 'label' | 'min' | 'max'>,
	fallback: number,
): number {
	// Blank means the default; text must be a plain decimal whole number ("0x10" or "1e3" is not).
	if (isUnset(raw)) return fallback;
	const text = typeof raw === 'string' ? raw.trim() : undefined;
	const value =
		typeof raw === 'number' ? raw : text !== undefined && /^-?\d+$/.test(text) ? Number(text) : NaN;
	if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
		throw inputError(
			`The ${spec.label} option must be a whole number from ${spec.min} to ${spec.max}, not ${typeof raw === 'string' || typeof raw === 'number' ? `"${String(raw)}"` : describeValue(raw)}`,
			`Change the ${spec.label} option in the node's Options.`,
		);
	}
	return value;
}

export function integerProperty(spec: IntegerSpec): INodeProperties {
	// A plain name: n8n's lint takes `default: spec.default` for a missing default.
	const { default: initial } = spec;
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'number',
		typeOptions: spec.maxInEditor
			? { minValue: spec.min, maxValue: spec.max }
			: { minValue: spec.min },
		default: initial,
		description: spec.description,
		...(spec.hint ? { hint: spec.hint } : {}),
		...(spec.displayOptions ? { displayOptions: spec.displayOptions } : {}),
	};
}

export function integerParameter(spec: IntegerSpec): Parameter<number> {
	return parameter(integerProperty(spec), (raw) => parseInteger(raw, spec, spec.default));
}

/** A whole number that may be left unset (undefined). */
export function optionalIntegerParameter(
	spec: Omit<IntegerSpec, 'default'> & { default: number },
): Parameter<number | undefined> {
	return parameter(integerProperty(spec), (raw) =>
		isUnset(raw) ? undefined : parseInteger(raw, spec, spec.default),
	);
}

export function booleanParameter(
	property: INodeProperties & { default: boolean },
): Parameter<boolean> {
	return parameter({ ...property, type: 'boolean' }, (raw) =>
		typeof raw === 'boolean' ? raw : property.default,
	);
}

export interface ChoiceSpec<T extends string> extends Omit<
	INodeProperties,
	'type' | 'default' | 'options'
> {
	default: T;
	options: Array<{ name: string; value: T; description?: string }>;
}

/** One of a list; anything else (an unknown value from an old workflow) is the default. */
export function choiceParameter<T extends string>(spec: ChoiceSpec<T>): Parameter<T> {
	const allowed: string[] = spec.options.map((option) => option.value);
	return parameter({ ...spec, type: 'options' }, (raw) =>
		typeof raw === 'string' && allowed.includes(raw) ? (raw as T) : spec.default,
	);
}

/** One of a list; anything else is refused with the list (a value that would reach the server). */
export function strictChoiceParameter<T extends string>(
	spec: ChoiceSpec<T> & { label?: string; listed?: string[] },
): Parameter<T> {
	const allowed: string[] = spec.options.map((option) => option.value);
	const { label, listed, ...property } = spec;
	return parameter({ ...property, type: 'options' }, (raw) => {
		if (isUnset(raw)) return spec.default;
		if (typeof raw === 'string' && allowed.includes(raw)) return raw as T;
		// The editor lists choices alphabetically; a message may name them in their natural order.
		const names = listed ?? spec.options.map((option) => option.name);
		throw inputError(
			`${label ?? spec.displayName} must be ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}, not ${describeValue(raw)}`,
			'Pick one of the values in the list.',
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Names

/** Characters that show nothing: a name made only of them (and spaces) is empty. */
const INVISIBLE_EDGES =
	/^[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]+|[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]+$/g;

/**
 * A name as the user gave it, trimmed (also of invisible characters such as zero-width spaces); empty
 * when nothing is set. A name that an expression turned into something other than text (an object,
 * a list, a number) is refused: sending it as "[object Object]" or "A,B" would run another object.
 */
export function optionalName(value: unknown, label: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') {
		throw inputError(
			`${label} must be text, not ${describeValue(value)}`,
			`Enter the ${label.toLowerCase()} as text. If it comes from an expression, make the expression return the name itself, e.g. {{ $json.name }} rather than {{ $json }}.`,
		);
	}
	return value.replace(INVISIBLE_EDGES, '');
}

/** A required name: text, trimmed, and not empty. */
export function requiredName(value: unknown, label: string, example: string): string {
	const text = optionalName(value, label);
	if (text === '') {
		throw inputError(
			`${label} is empty`,
			`Enter the ${label.toLowerCase()}, e.g. ${example}. If it comes from an expression, check that the expression resolves to a value for this item.`,
		);
	}
	return text;
}

export interface NameSpec extends Omit<INodeProperties, 'type' | 'default'> {
	default?: string;
	/** A typical value, for the placeholder and for messages. */
	example: string;
	/**
	 * What an unset value (or an expression that resolves to nothing) means, for names with a
	 * natural default. An empty text is still refused.
	 */
	fallback?: string;
}

/** A text field holding a name. Required unless it has a fallback or `required` is false. */
export function nameParameter(spec: NameSpec): Parameter<string> {
	const { example, fallback, ...rest } = spec;
	const property: INodeProperties = {
		...(example === '' ? {} : { placeholder: `e.g. ${example}` }),
		...rest,
		type: 'string',
		default: spec.default ?? fallback ?? '',
	};
	const label = spec.displayName;
	return parameter(property, (raw) => {
		if (fallback !== undefined && (raw === undefined || raw === null)) return fallback;
		return spec.required === false ? optionalName(raw, label) : requiredName(raw, label, example);
	});
}

/** "Entity, Account,, Entity" → ["Entity", "Account"]: trimmed, without blanks or repeats. */
export function nameList(text: string): string[] {
	return [
		...new Set(
			text
				.split(',')
				.map((name) => name.trim())
				.filter((name) => name !== ''),
		),
	];
}

/** A comma-separated list of names; text only. */
export function nameListParameter(spec: NameSpec): Parameter<string[]> {
	const names = nameParameter({ ...spec, required: false, fallback: undefined });
	return parameter(names.property, (raw) => nameList(names.parse(raw)));
}

// ---------------------------------------------------------------------------------------------
// OneStream objects picked from a list

interface ObjectLocatorSpec {
	name: string;
	displayName: string;
	/** The list search (methods/listSearch.ts) that fills From List. */
	searchListMethod: string;
	/** A typical name, for the placeholder and for messages: "e.g. Nightly_Consolidation". */
	example: string;
	description: string;
	/** Optional objects (a workspace) may be left empty. */
	required: boolean;
}

/**
 * A OneStream object picked From List (a searchable list from the server) or typed By Name, or
 * set by an expression. Plain text, as saved by workflows from before the lists, still counts as
 * the name.
 */
export function objectLocator(spec: ObjectLocatorSpec): Parameter<string> {
	return parameter(
		{
			displayName: spec.displayName,
			name: spec.name,
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: spec.required,
			description: spec.description,
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
				},
				{
					displayName: 'By Name',
					name: 'name',
					type: 'string',
					placeholder: `e.g. ${spec.example}`,
				},
			],
		},
		(raw) =>
			spec.required
				? requiredName(raw, spec.displayName, spec.example)
				: optionalName(raw, spec.displayName),
		{ extractValue: true },
	);
}

export const applicationName = objectLocator({
	name: 'applicationName',
	displayName: 'Application',
	searchListMethod: 'searchApplications',
	example: 'GolfStream',
	description: 'The OneStream application to work in',
	required: true,
});

/** The workspace that holds an object; empty means the application's Default workspace. */
export function workspaceLocator(holds: string): Parameter<string> {
	return objectLocator({
		name: 'workspaceName',
		displayName: 'Workspace',
		searchListMethod: 'searchWorkspaces',
		example: 'Default',
		description: `The workspace that holds the ${holds}. Leave empty for the Default workspace.`,
		required: false,
	});
}

const UNIT_MS = { seconds: 1000, minutes: 60_000 } as const;

export interface DurationSpec {
	/** The option, in `unit`, e.g. `timeoutSeconds`. */
	name: string;
	/** The option it replaces, in milliseconds, as workflows saved before keep it, e.g. `timeout`. */
	savedAsMs: string;
	/** The smallest value the former option took, in milliseconds (default: `min` in `unit`). */
	savedMinMs?: number;
	displayName: string;
	/** How messages name it, e.g. "Timeout". */
	label: string;
	unit: keyof typeof UNIT_MS;
	/** In `unit`. */
	default: number;
	min: number;
	max: number;
	/** Whether fractions of the unit are allowed (a half-second retry delay). */
	fractions?: boolean;
	description: string;
	hint?: string;
}

/**
 * A duration in Options, in the unit a person reads (minutes for a job, seconds for a read), read
 * as milliseconds. A workflow saved when the option was in milliseconds, under its former name,
 * keeps its value: a hidden entry of the same collection holds it (n8n drops the saved values of
 * parameters it does not know) and it is read when the new option is unset.
 */
export class DurationParameter extends Parameter<number> {
	constructor(private readonly spec: DurationSpec) {
		const { default: initial } = spec;
		super(
			{
				displayName: spec.displayName,
				name: spec.name,
				type: 'number',
				typeOptions: {
					minValue: spec.min,
					maxValue: spec.max,
					...(spec.fractions ? { numberPrecision: 1 } : {}),
				},
				default: initial,
				description: spec.description,
				...(spec.hint ? { hint: spec.hint } : {}),
			},
			(raw) => this.ms(raw),
			`options.${spec.name}`,
		);
	}

	get companions(): INodeProperties[] {
		return [
			{
				displayName: `${this.spec.displayName} (Saved in Milliseconds)`,
				name: this.spec.savedAsMs,
				type: 'hidden',
				default: '',
			},
		];
	}

	/** Whether the item's parameters set it, in either form. */
	isSet(parameters: GetParameter): boolean {
		return [this.spec.name, this.spec.savedAsMs].some(
			(name) => !isUnset(parameters(`options.${name}`)),
		);
	}

	/** Whether the workflow sets it, in either form (raw saved Options, expressions unevaluated). */
	isSetIn(options: unknown): boolean {
		if (typeof options !== 'object' || options === null) return false;
		return [this.spec.name, this.spec.savedAsMs].some(
			(name) => name in options && !isUnset((options as Record<string, unknown>)[name]),
		);
	}

	get(parameters: GetParameter): number {
		const raw = parameters(`options.${this.spec.name}`);
		if (!isUnset(raw)) return this.ms(raw);
		const saved = parameters(`options.${this.spec.savedAsMs}`);
		const unitMs = UNIT_MS[this.spec.unit];
		return isUnset(saved)
			? this.spec.default * unitMs
			: parseInteger(
					saved,
					{
						label: this.spec.label,
						min: this.spec.savedMinMs ?? this.spec.min * unitMs,
						max: this.spec.max * unitMs,
					},
					this.spec.default * unitMs,
				);
	}

	private ms(raw: unknown): number {
		const { spec } = this;
		const unitMs = UNIT_MS[spec.unit];
		if (isUnset(raw)) return spec.default * unitMs;
		const value =
			typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
		const whole = spec.fractions === true || Number.isInteger(value);
		if (!Number.isFinite(value) || !whole || value < spec.min || value > spec.max) {
			throw inputError(
				`The ${spec.label} option must be ${spec.fractions ? 'a number' : 'a whole number'} of ${spec.unit} from ${spec.min} to ${spec.max}, not ${typeof raw === 'string' || typeof raw === 'number' ? `"${String(raw)}"` : describeValue(raw)}`,
				`Enter the ${spec.label.toLowerCase()} in ${spec.unit}, e.g. ${spec.default}.`,
			);
		}
		return Math.round(value * unitMs);
	}
}

export function durationParameter(spec: DurationSpec): DurationParameter {
	return new DurationParameter(spec);
}
