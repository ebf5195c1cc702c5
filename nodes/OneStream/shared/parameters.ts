import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';
import { clip } from './redaction';

/**
 * Reads one node parameter, for one item. Operations and the shared readers take this rather
 * than a context, so that the same readers serve every kind of node context.
 */
export type ReadParameter = (
	name: string,
	fallback: unknown,
	options?: { extractValue?: boolean },
) => unknown;

export function itemParameters(ctx: IExecuteFunctions, itemIndex: number): ReadParameter {
	return (name, fallback, options) =>
		ctx.getNodeParameter(name, itemIndex, fallback as never, options);
}

function stringParameter(read: ReadParameter, name: string, fallback = ''): string {
	const value = read(name, fallback);
	if (value === undefined || value === null) return fallback;
	return typeof value === 'string' ? value : String(value);
}

/** Characters that show nothing: a name made only of them (and spaces) is empty. */
const INVISIBLE_EDGES =
	/^[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]+|[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]+$/g;

/** A value as a message can show it: text in quotes, anything else as JSON. */
export function describeValue(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return `a list (${clip(JSON.stringify(value), 60)})`;
	if (typeof value === 'object' && value !== null)
		return `an object (${clip(JSON.stringify(value), 60)})`;
	return `the ${typeof value} ${String(value)}`;
}

/**
 * A name as the user gave it, trimmed (also of invisible characters such as zero-width spaces); empty
 * when nothing is set. A name that an expression turned into something other than text (an object,
 * a list, a number) is refused: sending it as "[object Object]" or "A,B" would run another object.
 */
function optionalName(value: unknown, label: string): string {
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
function requireName(value: unknown, label: string, example: string): string {
	const text = optionalName(value, label);
	if (text === '') {
		throw inputError(
			`${label} is empty`,
			`Enter the ${label.toLowerCase()}, e.g. ${example}. If it comes from an expression, check that the expression resolves to a value for this item.`,
		);
	}
	return text;
}

/** The named parameter as a required name. */
export function nameParameter(
	read: ReadParameter,
	name: string,
	label: string,
	example: string,
	/** What an expression that resolves to nothing means, for parameters with a natural default. */
	fallback?: string,
): string {
	const value = read(name, fallback ?? '');
	return requireName(value === undefined || value === null ? fallback : value, label, example);
}

/** The named parameter as an optional name. */
export function optionalNameParameter(read: ReadParameter, name: string, label: string): string {
	return optionalName(read(name, ''), label);
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

/** The `options` collection of the current operation, as set by the user. */
export function readOptionsCollection(read: ReadParameter): IDataObject {
	const options = read('options', {});
	return typeof options === 'object' && options !== null && !Array.isArray(options)
		? (options as IDataObject)
		: {};
}

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

export interface ObjectLocator {
	property: INodeProperties;
	/** The name, from the list or typed, trimmed; required ones are refused when empty. */
	read(read: ReadParameter): string;
}

/**
 * A OneStream object picked From List (a searchable list from the server) or typed By Name, or
 * set by an expression. Plain text, as saved by workflows from before the lists, still counts as
 * the name.
 */
export function objectLocator(spec: ObjectLocatorSpec): ObjectLocator {
	return {
		property: {
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
		read(read: ReadParameter): string {
			const value = read(spec.name, '', { extractValue: true });
			return spec.required
				? requireName(value, spec.displayName, spec.example)
				: optionalName(value, spec.displayName);
		},
	};
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
export function workspaceLocator(holds: string): ObjectLocator {
	return objectLocator({
		name: 'workspaceName',
		displayName: 'Workspace',
		searchListMethod: 'searchWorkspaces',
		example: 'Default',
		description: `The workspace that holds the ${holds}. Leave empty for the Default workspace.`,
		required: false,
	});
}

export const resultTableName = {
	property: {
		displayName: 'Result Table Name',
		name: 'resultTableName',
		type: 'string',
		default: 'Results',
		description:
			'The name of the table of results in the answer. Keep Results unless the object names its table otherwise (API field ResultDataTableName).',
	} satisfies INodeProperties,

	read(read: ReadParameter): string {
		return nameParameter(read, 'resultTableName', 'Result Table Name', 'Results', 'Results');
	},
};

export type OutputMode = 'rows' | 'table' | 'file';
export type FileFormat = 'csv' | 'json';

export interface OutputSettings {
	mode: OutputMode;
	format: FileFormat;
	/** The binary field for file output; empty otherwise. */
	binaryProperty: string;
}

export const output = {
	properties: [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'rows',
			// An agent's tool gets rows (see Max Rows): n8n drops binary data from a tool's answer.
			displayOptions: { hide: { '@tool': [true] } },
			options: [
				{
					name: 'One Item per Row',
					value: 'rows',
					description: "Each row becomes an item, with the row's columns as fields",
				},
				{
					name: 'One Item per Table',
					value: 'table',
					description: 'One item holding the table name, row count and all rows',
				},
				{
					name: 'File',
					value: 'file',
					description: 'A CSV or JSON file in a binary field, for file-based services',
				},
			],
		},
		{
			displayName: 'File Format',
			name: 'fileFormat',
			type: 'options',
			default: 'csv',
			displayOptions: { show: { output: ['file'] }, hide: { '@tool': [true] } },
			options: [
				{ name: 'CSV', value: 'csv', description: 'RFC 4180, UTF-8, header line, CRLF line ends' },
				{ name: 'JSON', value: 'json', description: 'A JSON array of row objects' },
			],
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			displayOptions: { show: { output: ['file'] }, hide: { '@tool': [true] } },
			hint: 'The name of the output binary field to put the file in',
		},
	] satisfies INodeProperties[],

	read(read: ReadParameter): OutputSettings {
		const value = stringParameter(read, 'output', 'rows');
		const mode: OutputMode = value === 'table' || value === 'file' ? value : 'rows';
		const format: FileFormat =
			stringParameter(read, 'fileFormat', 'csv') === 'json' ? 'json' : 'csv';
		const binaryProperty =
			mode === 'file'
				? nameParameter(read, 'binaryPropertyName', 'Put Output File in Field', 'data', 'data')
				: '';
		return { mode, format, binaryProperty };
	},
};
