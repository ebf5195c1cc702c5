import type { INodeProperties } from 'n8n-workflow';

import { JOB_TIMEOUT_DEFAULT_MS, READ_TIMEOUT_DEFAULT_MS } from '../helpers/parameters';
import { DEFAULT_READ_RETRIES, DEFAULT_RETRY_DELAY_MS } from '../transport';

export const applicationNameProperty: INodeProperties = {
	displayName: 'Application',
	name: 'applicationName',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The OneStream application to work in',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchApplications', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. GolfStream',
		},
	],
};

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

export const resultTableNameProperty: INodeProperties = {
	displayName: 'Result Table Name',
	name: 'resultTableName',
	type: 'string',
	default: 'Results',
	description: 'Name OneStream gives the result table in its answer; the rows are read from the table of this name',
};

export const outputProperties: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		default: 'rows',
		options: [
			{ name: 'One Item per Row', value: 'rows', description: "Each row becomes an item, with the row's columns as fields" },
			{ name: 'One Item per Table', value: 'table', description: 'One item holding the table name, row count and all rows' },
			{ name: 'File', value: 'file', description: 'A CSV or JSON file in a binary field, for file-based services' },
		],
	},
	{
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		default: 'csv',
		displayOptions: { show: { output: ['file'] } },
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
		displayOptions: { show: { output: ['file'] } },
		hint: 'The name of the output binary field to put the file in',
	},
];

const jobTimeoutOption: INodeProperties = {
	displayName: 'Timeout (Ms)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1000 },
	default: JOB_TIMEOUT_DEFAULT_MS,
	description:
		'How long to wait for the job to finish. API version 5.2.0 answers only when the job has ended, so the default is 4 hours. If it runs out, the job may still be running in OneStream and is not sent again.',
};

const readTimeoutOption: INodeProperties = {
	displayName: 'Timeout (Ms)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1000 },
	default: READ_TIMEOUT_DEFAULT_MS,
	description: 'How long to wait for one answer from OneStream before giving up',
};

const jobConcurrencyOption: INodeProperties = {
	displayName: 'Parallel Calls',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 32 },
	default: 1,
	description:
		'How many input items to run at the same time. Keep 1 unless the jobs are independent: parallel Data Management jobs can lock the same data units, and OneStream runs them all at once.',
};

const readConcurrencyOption: INodeProperties = {
	displayName: 'Parallel Calls',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 32 },
	default: 1,
	description: 'How many input items to query at the same time. Output order always follows input order.',
};

export const readRetryOptions: INodeProperties[] = [
	{
		displayName: 'Read Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: DEFAULT_READ_RETRIES,
		description:
			'How many times to retry this read after a transient failure (HTTP 429, 502, 503, 504 or a dropped connection). Retries wait with exponential backoff and honour Retry-After.',
	},
	{
		displayName: 'Retry Delay (Ms)',
		name: 'retryDelay',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_RETRY_DELAY_MS,
		description: 'Wait before the first retry; it doubles for each further retry',
	},
];

export const allowCommasOption: INodeProperties = {
	displayName: 'Allow Commas in Values',
	name: 'allowCommasInValues',
	type: 'boolean',
	default: false,
	description:
		'Whether to send substitution variable values that contain commas, as Name=[a,b]. OneStream does not document how it splits such values; turn this on only after checking it on your server.',
};

export const tableSelectionOption: INodeProperties = {
	displayName: 'Tables',
	name: 'tables',
	type: 'options',
	default: 'result',
	options: [
		{ name: 'Result Table Only', value: 'result', description: 'The table named by Result Table Name' },
		{ name: 'All Tables', value: 'all', description: 'Every table in the answer; rows get a _table field' },
	],
};

export const fileNameOption: INodeProperties = {
	displayName: 'File Name',
	name: 'fileName',
	type: 'string',
	default: '',
	placeholder: 'e.g. gl-export.csv',
	description: 'Name of the output file. Default: the table name with the format extension.',
	displayOptions: { show: { '/output': ['file'] } },
};

/** The options every data read has, plus the operation's own. */
export function readOptionsCollection(extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...extra,
			allowCommasOption,
			fileNameOption,
			readConcurrencyOption,
			...readRetryOptions,
			tableSelectionOption,
			readTimeoutOption,
		],
	};
}

/** What n8n's Retry On Fail (node Settings) does for a job, said where the job is configured. */
export const jobRetryNotice: INodeProperties = {
	displayName:
		"Jobs are never sent twice. With Retry On Fail (in the node's Settings) on, n8n runs the node again after an error, but only jobs that did not start (e.g. 401, 429) are sent again; a job that failed or whose outcome is unknown keeps its error. With On Error: Continue (regular output), error items carry jobOutcome (notRun, failed, unknown) to branch on.",
	name: 'retryNotice',
	type: 'notice',
	default: '',
};

/** The options of a Data Management job. */
export const jobOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [allowCommasOption, jobConcurrencyOption, jobTimeoutOption],
};
