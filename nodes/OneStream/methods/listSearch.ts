import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { OneStreamReader } from '../read/reader';
import type { ReadSettings } from '../read/request';
import { dataProviderRequest, readTimeout } from '../read/request';
import { cubeNameOf, readCubeList } from '../read/cubes';
import { OneStreamError, toNodeError } from '../shared/errors';

/**
 * A list in the editor tries once, within a short deadline: a person is waiting, and the exact
 * reason (refused, 401, 503, timed out) at once helps more than skeleton rows during backoff. The
 * node's own Timeout option, when it is shorter, bounds the list too.
 */
const LIST_TIMEOUT_MS = 15_000;

function listLimits(ctx: ILoadOptionsFunctions): ReadSettings {
	const options = ctx.getCurrentNodeParameter('options');
	let timeoutMs = LIST_TIMEOUT_MS;
	if (readTimeout.isSetIn(options)) {
		const values = options as IDataObject;
		try {
			timeoutMs = Math.min(
				readTimeout.get((path) => values[path.replace(/^options\./, '')] ?? null),
				LIST_TIMEOUT_MS,
			);
		} catch {
			// A Timeout the read itself would refuse: the list keeps its own.
		}
	}
	return {
		timeoutMs,
		retry: { maxRetries: 0, baseDelayMs: 0 },
		tables: 'result',
	};
}

/** Entries per page of a list; the editor asks for the next page as the user scrolls. */
const LIST_PAGE_SIZE = 100;

/** OneStream's id for "no workspace": objects of the Default workspace carry it (observed). */
const NO_WORKSPACE_ID = '00000000-0000-0000-0000-000000000000';

/** Applications the token's user may open, from Authentication/Logon (7.2.0). */
export async function searchApplications(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	let secret = '';
	try {
		const reader = await OneStreamReader.connect(this);
		secret = reader.client.secret;
		const { applications } = await reader.logon(listLimits(this));
		return page(applications, filter, paginationToken);
	} catch (error) {
		throw toNodeError(this.getNode(), error, 0, secret);
	}
}

/** The application's cubes, from `Analytics/GetCubeList` (7.2.0, platform 8.2 or later). */
export async function searchCubes(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const application = chosenApplication(this, 'cubes');
	let secret = '';
	try {
		const reader = await OneStreamReader.connect(this);
		secret = reader.client.secret;
		const names = (await readCubeList(reader, application, listLimits(this)))
			.map(cubeNameOf)
			.filter((name) => name !== '');
		return page(names, filter, paginationToken);
	} catch (error) {
		throw listError(this, error, 'cubes', secret, false);
	}
}

/*
 * The other lists have no endpoint of their own: they run SQL on the Application database, as a
 * client used against real tenants does (the queries are observed, not documented). SQL needs the
 * Administrator role; without it the list says so in one line, and the name can still be typed.
 */

export async function searchWorkspaces(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await listBySql(this, 'workspaces', filter, paginationToken, async (sql) =>
		names(
			await sql(
				'SELECT DISTINCT Name, UniqueID FROM DashboardWorkspace WITH (NOLOCK) ORDER BY Name',
			),
		),
	);
}

export async function searchSequences(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const workspace = currentName(this, 'workspaceName', 'Workspace');
	return await listBySql(this, 'sequences', filter, paginationToken, async (sql) => {
		const workspaceIds = await workspaceIdsOf(sql, workspace);
		const found: string[] = [];
		for (const id of workspaceIds) {
			found.push(
				...names(
					await sql(
						`SELECT DISTINCT Name FROM DataMgmtSequence WITH (NOLOCK) WHERE WorkspaceID = ${sqlText(id)} ORDER BY Name`,
					),
				),
			);
		}
		return found;
	});
}

export async function searchDataManagementGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await listBySql(this, 'Data Management groups', filter, paginationToken, async (sql) =>
		names(
			await sql('SELECT DISTINCT UniqueID, Name FROM DataMgmtGroup WITH (NOLOCK) ORDER BY Name'),
		),
	);
}

export async function searchSteps(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const group = currentName(this, 'dataManagementGroupName', 'Data Management Group');
	if (group === '') {
		throw new NodeOperationError(
			this.getNode(),
			'Pick the Data Management Group first: the list shows the steps of that group',
		);
	}
	return await listBySql(this, 'steps', filter, paginationToken, async (sql) => {
		const groups = await sql(
			`SELECT DISTINCT UniqueID, Name FROM DataMgmtGroup WITH (NOLOCK) WHERE Name = ${sqlText(group)}`,
		);
		if (groups.length === 0) throw notFound(`Data Management group "${group}"`);
		const found: string[] = [];
		for (const id of uniqueTexts(groups, 'UniqueID')) {
			found.push(
				...names(
					await sql(
						`SELECT DISTINCT Name, DataMgmtGroupID FROM DataMgmtStep WITH (NOLOCK) WHERE DataMgmtGroupID = ${sqlText(id)} ORDER BY Name`,
					),
				),
			);
		}
		return found;
	});
}

export async function searchDataAdapters(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await listBySql(this, 'data adapters', filter, paginationToken, async (sql) =>
		names(await sql('SELECT DISTINCT Name FROM DashboardAdapter WITH (NOLOCK) ORDER BY Name')),
	);
}

export async function searchCubeViews(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await listBySql(this, 'cube views', filter, paginationToken, async (sql) =>
		names(await sql('SELECT DISTINCT Name FROM CubeViewItem WITH (NOLOCK) ORDER BY Name')),
	);
}

type RunSql = (query: string) => Promise<IDataObject[]>;

/** Runs `collect` with SQL on the chosen application's database; failures become one line. */
async function listBySql(
	ctx: ILoadOptionsFunctions,
	what: string,
	filter: string | undefined,
	paginationToken: string | undefined,
	collect: (sql: RunSql) => Promise<string[]>,
): Promise<INodeListSearchResult> {
	const application = chosenApplication(ctx, what);
	let secret = '';
	try {
		const reader = await OneStreamReader.connect(ctx);
		secret = reader.client.secret;
		const limits = listLimits(ctx);
		const sql: RunSql = async (query) => await runListQuery(reader, application, query, limits);
		return page(await collect(sql), filter, paginationToken);
	} catch (error) {
		throw listError(ctx, error, what, secret);
	}
}

/** The Application parameter, which the other lists depend on. */
function chosenApplication(ctx: ILoadOptionsFunctions, what: string): string {
	const application = currentName(ctx, 'applicationName', 'Application');
	if (application === '') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Pick the Application first: the list shows the ${what} of that application`,
		);
	}
	return application;
}

async function runListQuery(
	reader: OneStreamReader,
	application: string,
	query: string,
	limits: ReadSettings,
): Promise<IDataObject[]> {
	const request = dataProviderRequest(
		{
			webServerUrl: reader.webServerUrl,
			applicationName: application,
			resultTableName: 'Results',
			substitutionVariables: '',
		},
		{
			endpoint: 'DataProvider/GetAdoDataSetForSqlCommand',
			subject: 'the list query',
			fileBaseName: 'Results',
			fields: { SqlQuery: query, DbLocation: 'Application', XFExternalDBConnectionName: '' },
		},
	);
	return await reader.rows(request, limits);
}

/**
 * One line for the dropdown: what failed and that typing the name still works. OneStream's own
 * reason (scrubbed of the token) goes in the description.
 */
function listError(
	ctx: ILoadOptionsFunctions,
	error: unknown,
	what: string,
	secret: string,
	/** The list runs SQL, which needs the Administrator role. */
	bySql = true,
): NodeOperationError {
	const nodeError = toNodeError(ctx.getNode(), error, 0, secret);
	const reason = [nodeError.message, nodeError.description].filter(Boolean).join(' — ');
	const administratorOnly =
		bySql &&
		error instanceof OneStreamError &&
		(error.details.httpCode === '403' || /administrator/i.test(error.message));
	const line = administratorOnly
		? `Listing ${what} needs the Administrator role in OneStream; choose By Name and type the name instead`
		: error instanceof OneStreamError && error.source === 'input'
			? error.message
			: `Could not list the ${what}: ${nodeError.message}. Choose By Name and type the name instead`;
	return new NodeOperationError(ctx.getNode(), line, { description: reason });
}

/** A parameter the list depends on, as a plain name; an expression cannot be known here. */
function currentName(ctx: ILoadOptionsFunctions, parameter: string, label: string): string {
	// Read raw: n8n's extractValue needs the parameter to be shown for the current operation.
	const raw = ctx.getCurrentNodeParameter(parameter);
	const value = typeof raw === 'object' && raw !== null && 'value' in raw ? raw.value : raw;
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string' || value.startsWith('=')) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} is set by an expression, which the list cannot evaluate; choose By Name and type the name instead`,
		);
	}
	return value.trim();
}

/** The workspace's ids: none named → the Default workspace's, when it is "Default" or empty. */
async function workspaceIdsOf(sql: RunSql, workspace: string): Promise<string[]> {
	if (workspace === '') return [NO_WORKSPACE_ID];
	const rows = await sql(
		`SELECT DISTINCT Name, UniqueID FROM DashboardWorkspace WITH (NOLOCK) WHERE Name = ${sqlText(workspace)}`,
	);
	const ids = uniqueTexts(rows, 'UniqueID');
	if (ids.length > 0) return ids;
	if (workspace.toLowerCase() === 'default') return [NO_WORKSPACE_ID];
	throw notFound(`workspace "${workspace}"`);
}

function notFound(what: string): OneStreamError {
	return new OneStreamError(`OneStream has no ${what} in this application`, '', 'input');
}

/** A SQL Server Unicode text literal: quotes doubled, so a name can hold any character. */
function sqlText(value: string): string {
	return `N'${value.replace(/'/g, "''")}'`;
}

function uniqueTexts(rows: IDataObject[], column: string): string[] {
	const found = new Set<string>();
	for (const row of rows) {
		const value = row[column] ?? row[column.toLowerCase()];
		if (typeof value === 'string' && value.trim() !== '') found.add(value.trim());
	}
	return [...found];
}

function names(rows: IDataObject[]): string[] {
	return uniqueTexts(rows, 'Name');
}

/** The entries matching the typed text (any case), sorted, one page at a time. */
function page(
	all: string[],
	filter: string | undefined,
	paginationToken: string | undefined,
): INodeListSearchResult {
	const wanted = (filter ?? '').trim().toLowerCase();
	const matching = [...new Set(all)]
		.filter((name) => name.toLowerCase().includes(wanted))
		.sort((a, b) => a.localeCompare(b));
	const start = Math.max(0, Number.parseInt(paginationToken ?? '0', 10) || 0);
	const end = start + LIST_PAGE_SIZE;
	const results: INodeListSearchItems[] = matching
		.slice(start, end)
		.map((name) => ({ name, value: name }));
	return end < matching.length ? { results, paginationToken: String(end) } : { results };
}
