import type { IDataObject } from 'n8n-workflow';

import type { TableSelection } from '../dataSet/tables';
import type { CubeViewColumnNames, RowShape } from '../dataSet/types';
import type { GetParameter, Parameter } from '../shared/parameters';
import {
	durationParameter,
	booleanParameter,
	choiceParameter,
	integerParameter,
	nameParameter,
	optionalIntegerParameter,
	parameter,
} from '../shared/parameters';
import type { ApiVersion, CallLimits } from '../transport/types';
import type { EnvelopeSettings } from './envelope';

/** A read of OneStream data, as the node, the trigger and the lists send it. */
export interface ReadRequest {
	endpoint: string;
	apiVersion: ApiVersion;
	/** What is read, for messages: `data adapter "GL_Export"`. */
	subject: string;
	/** The object's name, for default file names: GL_Export.csv. */
	fileBaseName: string;
	/** The complete request body. */
	body: IDataObject;
	/** The table the rows are expected in (the Result Table Name). */
	resultTableName: string;
	/** When the answer holds exactly one table, use it whatever its name (business-rule data sets). */
	anyOneTable?: boolean;
	shape?: RowShape;
	columnNames?: CubeViewColumnNames;
	/** 7.2.0: the answer may be a `{ Status, RequestId, TotalPages, DataResult }` envelope. */
	envelope?: EnvelopeSettings;
	/** What to check when OneStream rejects the request (400), for reads without variables. */
	rejectedAdvice?: string;
}

/** How a read is run: its Timeout and retries, and which tables count. */
export interface ReadSettings extends CallLimits {
	tables: TableSelection;
}

export type { TableSelection };

/** What every 5.2.0 Data Provider request names besides its own fields. */
export interface DataProviderTarget {
	webServerUrl: string;
	applicationName: string;
	resultTableName: string;
	/** `CustomSubstVarsAsCommaSeparatedPairs`, already formatted: `Name=[Value],…`. */
	substitutionVariables: string;
}

/** A 5.2.0 Data Provider body: the call's own fields between the ones every call carries. */
export function dataProviderBody(target: DataProviderTarget, fields: IDataObject): IDataObject {
	return {
		BaseWebServerUrl: target.webServerUrl,
		ApplicationName: target.applicationName,
		...fields,
		ResultDataTableName: target.resultTableName,
		CustomSubstVarsAsCommaSeparatedPairs: target.substitutionVariables,
	};
}

/** A method command's own fields. The sources disagree on the type's field name, so both are sent. */
export function methodCommandFields(methodType: string, methodQuery: string): IDataObject {
	return {
		XFCommandMethodType: methodType,
		XFCommandMethodTypeId: methodType,
		MethodQuery: methodQuery,
	};
}

/** A 5.2.0 Data Provider read of `endpoint` with the call's own fields. */
export function dataProviderRequest(
	target: DataProviderTarget,
	spec: Pick<ReadRequest, 'endpoint' | 'subject' | 'fileBaseName' | 'anyOneTable'> & {
		fields: IDataObject;
	},
): ReadRequest {
	return {
		endpoint: spec.endpoint,
		apiVersion: '5.2.0',
		subject: spec.subject,
		fileBaseName: spec.fileBaseName,
		anyOneTable: spec.anyOneTable,
		resultTableName: target.resultTableName,
		body: dataProviderBody(target, spec.fields),
	};
}

/**
 * The table of results in the answer (`ResultDataTableName`), for every Data Provider read. Almost
 * nobody changes it, so it sits in Options; workflows saved with it at the top level keep it.
 */
export const resultTableName = nameParameter({
	displayName: 'Result Table Name',
	name: 'resultTableName',
	default: 'Results',
	fallback: 'Results',
	example: 'Results',
	description:
		'The name of the table of results in the answer. Keep Results unless the object names its table otherwise (API field ResultDataTableName).',
}).movedToOptions();

/*
 * The Options every read has (the node's reads, the trigger, the Cube reads), defined once. Each
 * sits in the Options collection; an option that one operation alone has lives next to it.
 */

export const readTimeout = durationParameter({
	name: 'timeoutSeconds',
	savedAsMs: 'timeout',
	displayName: 'Timeout (Seconds)',
	label: 'Timeout',
	unit: 'seconds',
	default: 600,
	min: 1,
	max: 86_400,
	hint: '600 is 10 minutes',
	description: 'How long the read may take, retries included, before the node gives up on it',
});

export const readRetries = integerParameter({
	name: 'maxRetries',
	displayName: 'Read Retries',
	label: 'Read Retries',
	default: 4,
	min: 0,
	max: 10,
	maxInEditor: true,
	description:
		'How many times to retry this read after a transient failure (HTTP 429, 502, 503, 504 or a dropped connection). Retries wait with exponential backoff and honour Retry-After.',
}).inOptions();

export const retryDelay = durationParameter({
	name: 'retryDelaySeconds',
	savedAsMs: 'retryDelay',
	displayName: 'Retry Delay (Seconds)',
	label: 'Retry Delay',
	unit: 'seconds',
	default: 0.5,
	min: 0,
	max: 60,
	fractions: true,
	description: 'Wait before the first retry; it doubles for each further retry',
});

export const maxRows = optionalIntegerParameter({
	name: 'maxRows',
	displayName: 'Max Rows',
	label: 'Max Rows',
	default: 1000,
	min: 1,
	max: 1_000_000_000,
	description:
		'Read only the first rows, e.g. to preview a large adapter in the editor. The node stops reading the answer there (the rest is not downloaded) and says that the result was limited.',
}).inOptions();

export const tables = choiceParameter<TableSelection>({
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
}).inOptions();

export const preciseNumbers = booleanParameter({
	displayName: 'Keep Exact Digits of Large Numbers',
	name: 'preciseNumbers',
	type: 'boolean',
	default: false,
	description:
		"Whether numbers that a JavaScript number cannot hold exactly (more than 15 significant digits, such as IDs beyond 9007199254740991) become text with OneStream's own digits in the items. Other numbers stay numbers. Files always keep the exact digits.",
}).inOptions();

export const fileName = parameter(
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. gl-export.csv',
		description:
			"Name of the output file. Default: the object's name with the format's extension, e.g. GL_Export.csv. An expression can add the date: {{ 'GL_Export-' + $now.toFormat('yyyy-MM-dd') + '.csv' }}.",
		displayOptions: { show: { '/output': ['file'] } },
	},
	(raw) => (typeof raw === 'string' ? raw.trim() : ''),
).inOptions();

/** A read's Timeout, retries and table choice, from its Options. */
export function readSettings(parameters: GetParameter): ReadSettings {
	return {
		timeoutMs: readTimeout.get(parameters),
		retry: { maxRetries: readRetries.get(parameters), baseDelayMs: retryDelay.get(parameters) },
		tables: tables.get(parameters),
	};
}

/** The limits-only Options (the trigger, Cube › Get Many). */
export const readLimitsOptions: Array<Parameter<unknown>> = [readRetries, retryDelay, readTimeout];
