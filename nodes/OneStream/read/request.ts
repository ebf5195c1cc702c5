import type { IDataObject } from 'n8n-workflow';

import type { TableSelection } from '../dataSet/tables';
import type { CubeViewColumnNames, RowShape } from '../dataSet/types';
import { nameParameter } from '../shared/parameters';
import type { ApiVersion, CallLimits } from '../transport';
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

/** The table of results in the answer (`ResultDataTableName`), for every Data Provider read. */
export const resultTableName = nameParameter({
	displayName: 'Result Table Name',
	name: 'resultTableName',
	default: 'Results',
	fallback: 'Results',
	example: 'Results',
	description:
		'The name of the table of results in the answer. Keep Results unless the object names its table otherwise (API field ResultDataTableName).',
});
