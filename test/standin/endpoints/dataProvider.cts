/** DataProvider: adapters (5.2.0 and 7.2.0), cube views and SQL commands. Method commands: ./methodCommand.ts. */
import type { RequestBody } from '../body.cjs';
import { cubeViewDataSet } from '../dataset.cjs';
import { ApiError, fieldInvalid, fieldRequired } from '../errors.cjs';
import { executeSelect, SqlError } from '../sql.cjs';
import { fillPlaceholders } from '../substitution.cjs';
import { metadataTables } from '../metadata.cjs';
import type { AdapterDef, ApplicationDef, DataContext, SqlDatabase } from '../types.cjs';
import {
	findByName,
	optionalWorkspace,
	requireApplication,
	requireSession,
	requireWebServerUrl,
	resultTableName,
	sameName,
	substitutionVariables,
	type EndpointEnv,
	type EndpointHandler,
	type EndpointResult,
} from './common.cjs';

function findAdapter(
	env: EndpointEnv,
	application: ApplicationDef,
	name: string,
	workspace: string | undefined,
	isSystemLevel: boolean,
): AdapterDef {
	const pool = isSystemLevel ? env.data.systemAdapters : application.adapters;
	const adapter = pool.find(
		(a) =>
			sameName(a.name, name.trim()) &&
			(workspace === undefined || sameName(a.workspace, workspace)),
	);
	if (adapter === undefined) {
		const where = `${isSystemLevel ? 'System' : `application '${application.name}'`}${workspace === undefined ? '' : `, workspace '${workspace}'`}`;
		throw new ApiError(
			400,
			`Invalid Data Adapter name '${name}'.`,
			`No data adapter '${name}' exists in ${where}.`,
		);
	}
	return adapter;
}

function adapterResult(adapter: AdapterDef, context: DataContext): EndpointResult {
	// rows() runs here, before any byte is sent, so adapter errors become a proper 500.
	return {
		kind: 'dataSet',
		dataSet: { tables: [{ name: context.resultTableName, rows: adapter.rows(context) }] },
	};
}

/**
 * 5.2.0 adapter. `WorkspaceName` required-ness is UNKNOWN; invented: optional, "" = any workspace.
 * `IsSystemLevel` is documented only for 7.2.0; accepted here too, default false.
 */
export const getAdoDataSetForAdapter520: EndpointHandler = async (env, { body, user }) => {
	requireWebServerUrl(body);
	const application = requireApplication(env, body, user);
	const name = body.requiredString('AdapterName');
	const isSystemLevel = body.optionalBoolean('IsSystemLevel') ?? false;
	const adapter = findAdapter(env, application, name, optionalWorkspace(body), isSystemLevel);
	return adapterResult(adapter, {
		application: application.name,
		substitutionVariables: substitutionVariables(body),
		resultTableName: resultTableName(body),
		harvested: (profile: string, scenario: string, time: string) =>
			env.harvest.rowsOf(profile, scenario, time),
	});
};

/** 7.2.0 adapter: the application comes from an application SessionInfo (doc). */
export const getAdoDataSetForAdapter720: EndpointHandler = async (env, { body, user }) => {
	const isSystemLevel = body.requiredBoolean('IsSystemLevel');
	const name = body.requiredString('AdapterName');
	const tableName = body.requiredString('ResultDataTableName');
	const session = requireSession(env, body, user);
	if (session.kind !== 'application' || session.application === undefined) {
		throw new ApiError(
			400,
			'Invalid SessionInfo.',
			'An application SessionInfo is required; call Application/OpenApplication with the Logon SessionInfo first.',
		);
	}
	const application = findByName(env.data.applications, session.application);
	if (application === undefined)
		throw new ApiError(
			400,
			'Invalid SessionInfo.',
			`Application '${session.application}' no longer exists.`,
		);
	const adapter = findAdapter(env, application, name, optionalWorkspace(body), isSystemLevel);
	return adapterResult(adapter, {
		application: application.name,
		substitutionVariables: substitutionVariables(body),
		resultTableName: tableName,
	});
};

/**
 * Cube view. `DataTablePerCubeViewRow` is "yes?" in the sources; invented: optional, default false.
 * Of `CubeViewDataTableOptions` only `IncludeTitle` is known; other keys are accepted and ignored.
 */
export const getAdoDataSetForCubeViewCommand: EndpointHandler = async (env, { body, user }) => {
	requireWebServerUrl(body);
	const application = requireApplication(env, body, user);
	const name = body.requiredString('CubeViewName');
	const perRow = body.optionalBoolean('DataTablePerCubeViewRow') ?? false;
	const options = body.optionalObject('CubeViewDataTableOptions');
	const includeTitle = options?.optionalBoolean('IncludeTitle') ?? false;
	const cubeView = findByName(application.cubeViews, name);
	if (cubeView === undefined) {
		throw new ApiError(
			400,
			`Invalid Cube View name '${name}'.`,
			`No cube view '${name}' exists in application '${application.name}'.`,
		);
	}
	const context: DataContext = {
		application: application.name,
		substitutionVariables: substitutionVariables(body),
		resultTableName: resultTableName(body),
		harvested: (profile: string, scenario: string, time: string) =>
			env.harvest.rowsOf(profile, scenario, time),
	};
	return { kind: 'dataSet', dataSet: cubeViewDataSet(cubeView, context, { perRow, includeTitle }) };
};

type DbLocation = 'Application' | 'Framework' | 'External';

function sqlDatabase(
	env: EndpointEnv,
	application: ApplicationDef,
	body: RequestBody,
): SqlDatabase {
	const raw = body.optionalString('DbLocation');
	// Default when absent: Application (one real client omits DbLocation and still works).
	const location: DbLocation | undefined =
		raw === undefined || raw.trim() === ''
			? 'Application'
			: (['Application', 'Framework', 'External'] as const).find((l) => sameName(l, raw.trim()));
	if (location === undefined)
		throw fieldInvalid('DbLocation', "one of 'Application', 'Framework', 'External'");
	if (location === 'Application') return { ...metadataTables(application), ...application.tables };
	if (location === 'Framework') return env.data.frameworkTables;
	const connection = body.optionalString('XFExternalDBConnectionName');
	if (connection === undefined || connection.trim() === '')
		throw fieldRequired('XFExternalDBConnectionName');
	const found = Object.keys(env.data.externalConnections).find((c) =>
		sameName(c, connection.trim()),
	);
	if (found === undefined) {
		throw new ApiError(
			400,
			`Invalid external database connection name '${connection}'.`,
			`No external database connection '${connection}' is configured on the application server.`,
		);
	}
	return env.data.externalConnections[found];
}

/** SQL command (Administrator role, checked by the server before this runs). */
export const getAdoDataSetForSqlCommand: EndpointHandler = async (env, { body, user }) => {
	requireWebServerUrl(body);
	const application = requireApplication(env, body, user);
	const sqlText = body.requiredString('SqlQuery');
	const database = sqlDatabase(env, application, body);
	const tableName = resultTableName(body);
	const filled = fillPlaceholders(sqlText, substitutionVariables(body));
	if (filled.unresolved.length > 0) {
		// The placeholder stays in the SQL text and SQL Server chokes on its first '|'.
		throw new ApiError(
			500,
			"Incorrect syntax near '|'.",
			`SqlException: unresolved substitution variable(s) ${filled.unresolved.map((n) => `|!${n}!|`).join(', ')} in the SQL text.`,
		);
	}
	try {
		const rows = executeSelect(filled.text, database);
		return { kind: 'dataSet', dataSet: { tables: [{ name: tableName, rows }] } };
	} catch (error) {
		if (error instanceof SqlError)
			throw new ApiError(
				500,
				error.message,
				`System.Data.SqlClient.SqlException (0x80131904): ${error.message}`,
			);
		throw error;
	}
};
