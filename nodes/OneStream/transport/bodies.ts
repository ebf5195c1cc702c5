import type { IDataObject } from 'n8n-workflow';

/** What every 5.2.0 Data Provider request names besides its own fields. */
export interface DataProviderTarget {
	applicationName: string;
	resultTableName: string;
	/** `CustomSubstVarsAsCommaSeparatedPairs`, already formatted: `Name=[Value],…`. */
	substitutionVariables: string;
}

/** A 5.2.0 Data Provider body: the call's own fields between the ones every call carries. */
export function dataProviderBody(
	webServerUrl: string,
	target: DataProviderTarget,
	fields: IDataObject,
): IDataObject {
	return {
		BaseWebServerUrl: webServerUrl,
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
