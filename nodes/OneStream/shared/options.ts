import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';
import { describeValue } from './parameters';

/*
 * The entries of the operations' Options collections. Each is defined once: what the editor
 * shows (its property, with the default) next to how the node reads it.
 */

export interface OptionDefinition<T> {
	property: INodeProperties;
	read(options: IDataObject): T;
}

interface IntegerOptionSpec {
	name: string;
	displayName: string;
	/** How messages name it, e.g. "Timeout" for "Timeout (Milliseconds)". */
	label: string;
	default: number;
	min: number;
	max: number;
	description: string;
	/** Shown under the field, e.g. what a number of milliseconds means. */
	hint?: string;
	/** Whether the editor enforces `max` too (otherwise only the node does). */
	maxInEditor?: boolean;
}

/** A whole number within bounds; an out-of-range value is an input error, not a silent clamp. */
function readInteger(
	options: IDataObject,
	spec: Pick<IntegerOptionSpec, 'name' | 'label' | 'default' | 'min' | 'max'>,
): number {
	const raw = options[spec.name];
	// Blank means the default; text must be a plain decimal whole number ("0x10" or "1e3" is not).
	const text = typeof raw === 'string' ? raw.trim() : undefined;
	if (raw === undefined || raw === null || text === '') return spec.default;
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

export function integerOption(spec: IntegerOptionSpec): OptionDefinition<number> {
	const { default: initial } = spec;
	return {
		property: {
			displayName: spec.displayName,
			name: spec.name,
			type: 'number',
			typeOptions: spec.maxInEditor
				? { minValue: spec.min, maxValue: spec.max }
				: { minValue: spec.min },
			default: initial,
			description: spec.description,
			...(spec.hint ? { hint: spec.hint } : {}),
		},
		read: (options) => readInteger(options, spec),
	};
}

export function booleanOption(
	property: INodeProperties & { default: boolean },
): OptionDefinition<boolean> {
	return {
		property,
		read: (options) => {
			const value = options[property.name];
			return typeof value === 'boolean' ? value : property.default;
		},
	};
}

interface ChoiceOptionSpec<T extends string> extends Omit<
	INodeProperties,
	'type' | 'default' | 'options'
> {
	default: T;
	options: Array<{ name: string; value: T; description?: string }>;
}

function choiceOption<T extends string>(spec: ChoiceOptionSpec<T>): OptionDefinition<T> {
	const allowed: string[] = spec.options.map((option) => option.value);
	return {
		property: { ...spec, type: 'options' },
		read: (options) => {
			const value = options[spec.name];
			return typeof value === 'string' && allowed.includes(value) ? (value as T) : spec.default;
		},
	};
}

const HOUR = 3_600_000;
const TIMEOUT_BOUNDS = {
	name: 'timeout',
	displayName: 'Timeout (Milliseconds)',
	label: 'Timeout',
	min: 1000,
	max: 24 * HOUR,
};

export const jobTimeout = integerOption({
	...TIMEOUT_BOUNDS,
	default: 4 * HOUR,
	hint: '14400000 is 4 hours, 3600000 is 1 hour, 300000 is 5 minutes',
	description:
		'How long to wait for the job to finish. API version 5.2.0 answers only when the job has ended, so the default is 4 hours (5 minutes when an AI agent runs the job). If it runs out, the job may still be running in OneStream and is not sent again.',
});

/**
 * A job called by an AI agent gives up sooner by default: the agent (and an MCP client) waits for
 * the answer, and most MCP clients stop waiting after a minute or a few.
 */
export const TOOL_JOB_TIMEOUT_MS = 5 * 60_000;

/** The Timeout of a job: as set, else 4 hours in a workflow and 5 minutes as an agent's tool. */
export function readJobTimeout(options: IDataObject, toolCall: boolean): number {
	const raw = options[jobTimeout.property.name];
	const unset = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
	return toolCall && unset ? TOOL_JOB_TIMEOUT_MS : jobTimeout.read(options);
}

export const readTimeout = integerOption({
	...TIMEOUT_BOUNDS,
	default: 10 * 60_000,
	hint: '600000 is 10 minutes, 60000 is 1 minute',
	description: 'How long to wait for one answer from OneStream before giving up',
});

const CONCURRENCY_BOUNDS = {
	name: 'concurrency',
	displayName: 'Parallel Calls',
	label: 'Parallel Calls',
	default: 1,
	min: 1,
	max: 32,
	maxInEditor: true,
};

const jobConcurrency = integerOption({
	...CONCURRENCY_BOUNDS,
	description:
		'How many input items to run at the same time. Keep 1 unless the jobs are independent: parallel Data Management jobs can lock the same data units, and OneStream runs them all at once.',
});

export const runIdenticalJobsOnce = booleanOption({
	displayName: 'Run Identical Jobs Once',
	name: 'runIdenticalJobsOnce',
	type: 'boolean',
	default: true,
	description:
		'Whether input items that ask for the same job (same application, sequence or step, workspace and substitution variables) send it once and share its result. Items with different variables still run one job each. Turn off only when the same job must really run once per item.',
});

export const readConcurrency = integerOption({
	...CONCURRENCY_BOUNDS,
	description:
		'How many input items to query at the same time. Output order always follows input order.',
});

export const readRetries = integerOption({
	name: 'maxRetries',
	displayName: 'Read Retries',
	label: 'Read Retries',
	default: 4,
	min: 0,
	max: 10,
	maxInEditor: true,
	description:
		'How many times to retry this read after a transient failure (HTTP 429, 502, 503, 504 or a dropped connection). Retries wait with exponential backoff and honour Retry-After.',
});

const maxRowsBounds = {
	name: 'maxRows',
	displayName: 'Max Rows',
	label: 'Max Rows',
	default: 1000,
	min: 1,
	max: 1_000_000_000,
	description:
		'Read only the first rows, e.g. to preview a large adapter in the editor. The node stops reading the answer there (the rest is not downloaded) and says that the result was limited.',
};

/** The Max Rows option of a read: unset reads every row. */
export const maxRowsOption: OptionDefinition<number | undefined> = {
	property: integerOption(maxRowsBounds).property,
	read: (options) => {
		const raw = options.maxRows;
		if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
			return undefined;
		return integerOption(maxRowsBounds).read(options);
	},
};

export const retryDelay = integerOption({
	name: 'retryDelay',
	displayName: 'Retry Delay (Ms)',
	label: 'Retry Delay',
	default: 500,
	min: 0,
	max: 60_000,
	description: 'Wait before the first retry; it doubles for each further retry',
});

/** How a read retries transient failures, as the user set it. */
export interface RetrySettings {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff delay; doubles each retry, with jitter. */
	baseDelayMs: number;
}

export function readRetrySettings(options: IDataObject): RetrySettings {
	return { maxRetries: readRetries.read(options), baseDelayMs: retryDelay.read(options) };
}

/** A read's Timeout and retries from its Options (the transport's CallLimits). */
export function readLimits(options: IDataObject): { timeoutMs: number; retry: RetrySettings } {
	return { timeoutMs: readTimeout.read(options), retry: readRetrySettings(options) };
}

export const allowCommasInValues = booleanOption({
	displayName: 'Allow Commas in Values',
	name: 'allowCommasInValues',
	type: 'boolean',
	default: false,
	description:
		'Whether a substitution variable value may contain a comma, e.g. Entities=[Houston,Dallas]. OneStream does not document how it reads such a value (it may split it into two variables), so the node refuses it unless this is on. Turn it on only after checking the result on your server.',
});

export type TableSelection = 'result' | 'all';

export const tables = choiceOption<TableSelection>({
	displayName: 'Tables',
	name: 'tables',
	default: 'result',
	options: [
		{
			name: 'Result Table Only',
			value: 'result',
			description: 'The table named by Result Table Name',
		},
		{
			name: 'All Tables',
			value: 'all',
			description: 'Every table in the answer; rows get a _table field',
		},
	],
});

export const preciseNumbers = booleanOption({
	displayName: 'Keep Exact Digits of Large Numbers',
	name: 'preciseNumbers',
	type: 'boolean',
	default: false,
	description:
		"Whether numbers that a JavaScript number cannot hold exactly (more than 15 significant digits, such as IDs beyond 9007199254740991) become text with OneStream's own digits in the items. Other numbers stay numbers. Files always keep the exact digits.",
});

export const fileName: OptionDefinition<string> = {
	property: {
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. gl-export.csv',
		description:
			"Name of the output file. Default: the object's name with the format's extension, e.g. GL_Export.csv. An expression can add the date: {{ 'GL_Export-' + $now.toFormat('yyyy-MM-dd') + '.csv' }}.",
		displayOptions: { show: { '/output': ['file'] } },
	},
	read: (options) => (typeof options.fileName === 'string' ? options.fileName.trim() : ''),
};

export type ApiVersion = '5.2.0' | '7.2.0';

export const apiVersion = choiceOption<ApiVersion>({
	displayName: 'API Version',
	name: 'apiVersion',
	default: '5.2.0',
	options: [
		{
			name: '5.2.0 (Recommended)',
			value: '5.2.0',
			description:
				'One call with the token. Works for application adapters; choose it unless told otherwise.',
		},
		{
			name: '7.2.0',
			value: '7.2.0',
			description:
				'Signs in, opens the application, then runs the adapter in that session. The documented route for system-level adapters.',
		},
	],
});

export const isSystemLevel = booleanOption({
	displayName: 'System Level Adapter',
	name: 'isSystemLevel',
	type: 'boolean',
	default: false,
	description:
		'Whether the adapter belongs to a system-level workspace (shared by all applications) rather than to this application. OneStream documents it for API version 7.2.0 (IsSystemLevel); with 5.2.0 it is sent only when on.',
});

export const dataTablePerCubeViewRow = booleanOption({
	displayName: 'One Table per Cube View Row',
	name: 'dataTablePerCubeViewRow',
	type: 'boolean',
	default: false,
	description:
		'Whether OneStream should return one table per cube-view row (combine with the Tables option set to All Tables)',
});

export const includeTitle = booleanOption({
	displayName: 'Include Title',
	name: 'includeTitle',
	type: 'boolean',
	default: false,
	description: "Whether to include the cube view's title in the result table",
});

/** Further `CubeViewDataTableOptions` fields, as a JSON object; their names are OneStream's. */
export const cubeViewTableOptions: OptionDefinition<IDataObject> = {
	property: {
		displayName: 'More Cube View Table Options (JSON)',
		name: 'cubeViewTableOptions',
		type: 'json',
		default: '{}',
		placeholder: 'e.g. {"IncludeHeaderLeftLabel1": true}',
		description:
			"Further fields of OneStream's CubeViewDataTableOptions, as a JSON object of names and true/false, text or number values. Only IncludeTitle is seen in public clients; other names follow the Data Adapter's cube-view options and are not documented for the Web API.",
	},
	read: (options) => {
		const raw = options.cubeViewTableOptions;
		if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
			return {};
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = JSON.parse(raw);
			} catch {
				parsed = undefined;
			}
		}
		const fields =
			typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
				? Object.entries(parsed)
				: undefined;
		if (
			!fields ||
			fields.some(([, value]) => !['boolean', 'string', 'number'].includes(typeof value))
		) {
			throw inputError(
				'The More Cube View Table Options option must be a JSON object of names and true/false, text or number values',
				`Got ${describeValue(raw)}. Write it as e.g. {"IncludeHeaderLeftLabel1": true}, or leave it empty.`,
			);
		}
		return Object.fromEntries(fields) as IDataObject;
	},
};

/** The Options collection of a read: the operation's own options, then those every read has. */
export function readOptionsProperty(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...extra,
			allowCommasInValues.property,
			fileName.property,
			preciseNumbers.property,
			maxRowsOption.property,
			readConcurrency.property,
			readRetries.property,
			retryDelay.property,
			tables.property,
			readTimeout.property,
		],
	};
}

/** An Options collection with only a read's limits (the trigger, Cube › Get Many). */
export const readLimitsOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [readRetries.property, retryDelay.property, readTimeout.property],
};

/** The Options collection of a Data Management job. */
export const jobOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		allowCommasInValues.property,
		jobConcurrency.property,
		runIdenticalJobsOnce.property,
		jobTimeout.property,
	],
};

/** OneStream's Power BI connector's waits between polls of a running request, in seconds. */
export const CONNECTOR_POLL_SCHEDULE = '5, 5, 10, 10, 30, 30, 30';

/** A comma-separated list of waits in seconds (0 to 3,600 each, at most 100 of them), as ms. */
export const pollSchedule: OptionDefinition<number[]> = {
	property: {
		displayName: 'Poll Schedule (Seconds)',
		name: 'pollSchedule',
		type: 'string',
		default: CONNECTOR_POLL_SCHEDULE,
		description:
			"7.2.0 answers that OneStream prepares in the background: the waits before each check whether the request has finished, comma-separated. The default is OneStream's Power BI connector's (7 polls over 2 minutes). The Timeout option bounds them all.",
	},
	read: (options) => {
		const raw = options.pollSchedule;
		const text = typeof raw === 'string' && raw.trim() !== '' ? raw : CONNECTOR_POLL_SCHEDULE;
		const parts = text.split(',').map((part) => part.trim());
		const waits = parts.map((part) => (/^\d+(\.\d+)?$/.test(part) ? Number(part) : NaN));
		if (parts.length > 100 || waits.some((wait) => !(wait >= 0 && wait <= 3600))) {
			throw inputError(
				`The Poll Schedule option must be waits in seconds separated by commas, e.g. ${CONNECTOR_POLL_SCHEDULE}, not "${text.slice(0, 80)}"`,
				'Each wait is from 0 to 3600 seconds; at most 100 waits.',
			);
		}
		return waits.map((wait) => Math.round(wait * 1000));
	},
};

/** Invented: OneStream's statuses of a running request are not public (only "Completed" is seen). */
export const DEFAULT_RUNNING_STATUSES = 'Running, InProgress, Processing, Pending, Queued';

export const runningStatuses: OptionDefinition<string[]> = {
	property: {
		displayName: 'Running Statuses',
		name: 'runningStatuses',
		type: 'string',
		default: DEFAULT_RUNNING_STATUSES,
		description:
			'7.2.0 answers prepared in the background: the statuses that mean "still running, poll again", comma-separated. Only "Completed" has been seen from OneStream; these are guesses. Any other status stops the read with an error that names it.',
	},
	read: (options) => {
		const raw = options.runningStatuses;
		const text = typeof raw === 'string' ? raw : DEFAULT_RUNNING_STATUSES;
		return text
			.split(',')
			.map((status) => status.trim().toLowerCase())
			.filter((status) => status !== '');
	},
};
