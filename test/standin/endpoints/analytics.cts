/**
 * `Analytics/*` (7.2.0, observed in OneStream's Power BI connector, undocumented): cubes,
 * dimension hierarchies, member properties, data cells and adapters, answered in the envelope
 * `{ Status, RequestId, TotalPages, DataResult }`, with `Analytics/GetDataRequest?page=N` for the
 * polls and the pages. Invented: the page size, the "running" status and how many polls see it
 * (StandInOptions.analytics), the error texts, the request ids.
 */
import type { RequestBody } from '../body.cjs';
import {
	CELL_DIMENSION_NAMES,
	cellSet,
	FILTER_FIELDS,
	hierarchyRows,
	memberPropertyRows,
	requireCube,
	requireDimensionType,
	resolveFilter,
	CUBES,
} from '../cube.cjs';
import { ApiError, fieldInvalid } from '../errors.cjs';
import type { DataRow, TokenConfig } from '../types.cjs';
import type { Session } from '../sessions.cjs';
import {
	findByName,
	optionalWorkspace,
	requireSession,
	resultTableName,
	substitutionVariables,
	type EndpointEnv,
	type EndpointHandler,
	type EndpointResult,
} from './common.cjs';

/** A prepared answer: its rows by index, and how many polls still see it (or a page) running. */
export interface AnalyticsRequest {
	id: string;
	count: number;
	rowAt(index: number): DataRow;
	pollsLeft: number;
	pageRows: number;
	userName: string;
	/** Page → polls of that page still answered as running (pages 2..n). */
	pagePollsLeft?: Map<number, number>;
}

function applicationSession(env: EndpointEnv, body: RequestBody, user: TokenConfig): Session {
	const session = requireSession(env, body, user);
	if (session.kind !== 'application' || session.application === undefined) {
		throw new ApiError(
			400,
			'Invalid SessionInfo.',
			'Analytics calls need the SessionInfo of Application/OpenApplication.',
		);
	}
	return session;
}

function flag(body: RequestBody, name: string): boolean {
	return body.optionalBoolean(name) ?? false;
}

/** The envelope of page `page` of a request, or its running status. */
export function envelopeOf(env: EndpointEnv, request: AnalyticsRequest, page: number): unknown {
	const settings = env.analytics();
	if (request.pollsLeft > 0) {
		request.pollsLeft--;
		return { Status: settings.runningStatus, RequestId: request.id, TotalPages: 0, DataResult: [] };
	}
	const totalPages = Math.max(1, Math.ceil(request.count / request.pageRows));
	if (!Number.isInteger(page) || page < 1 || page > totalPages) {
		throw new ApiError(
			400,
			`Invalid page ${page} for request '${request.id}'.`,
			`The request has ${totalPages} pages.`,
		);
	}
	if (page > 1 && settings.pageRunningPolls > 0) {
		request.pagePollsLeft ??= new Map();
		const left = request.pagePollsLeft.get(page) ?? settings.pageRunningPolls;
		if (left > 0) {
			request.pagePollsLeft.set(page, left - 1);
			return {
				Status: settings.runningStatus,
				RequestId: request.id,
				TotalPages: totalPages,
				DataResult: [],
			};
		}
	}
	const from = ((settings.repeatFirstPage ? 1 : page) - 1) * request.pageRows;
	const to = Math.min(request.count, from + request.pageRows);
	const rows: DataRow[] = [];
	for (let i = from; i < to; i++) rows.push(request.rowAt(i));
	return { Status: 'Completed', RequestId: request.id, TotalPages: totalPages, DataResult: rows };
}

function answer(
	env: EndpointEnv,
	userName: string,
	count: number,
	rowAt: (index: number) => DataRow,
): EndpointResult {
	const settings = env.analytics();
	const request = env.analyticsRequests.add({
		count,
		rowAt,
		pollsLeft: settings.runningPolls,
		pageRows: settings.pageRows,
		userName,
	});
	return { kind: 'json', body: envelopeOf(env, request, 1) };
}

export const getCubeList: EndpointHandler = async (env, { body, user }) => {
	applicationSession(env, body, user);
	return { kind: 'json', body: flag(body, 'IsSystemLevel') ? [] : [...CUBES] };
};

function dimensionCall(env: EndpointEnv, body: RequestBody, user: TokenConfig) {
	applicationSession(env, body, user);
	return {
		cube: requireCube(body.requiredString('CubeName')),
		type: requireDimensionType(body.requiredString('DimensionType')),
		descriptions: flag(body, 'IncludeDescriptions'),
	};
}

export const getDimensionHierarchy: EndpointHandler = async (env, { body, user }) => {
	const { cube, type, descriptions } = dimensionCall(env, body, user);
	const rows = hierarchyRows(cube, type, descriptions);
	return answer(env, user.userName, rows.length, (i) => rows[i]);
};

export const getMemberPropertiesForDimension: EndpointHandler = async (env, { body, user }) => {
	const { cube, type, descriptions } = dimensionCall(env, body, user);
	const rows = memberPropertyRows(cube, type, descriptions);
	return answer(env, user.userName, rows.length, (i) => rows[i]);
};

const SCENARIOS = ['Actual', 'Budget'];
const CURRENCIES = ['Local', 'USD', 'EUR', 'GBP'];
const VIEWS = ['Periodic', 'YTD'];

function oneOf(field: string, value: string, allowed: string[]): string {
	const found = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
	if (found === undefined) throw fieldInvalid(field, `one of ${allowed.join(', ')}`);
	return found;
}

export const getDataCellsFromCube: EndpointHandler = async (env, { body, user }) => {
	applicationSession(env, body, user);
	const cube = requireCube(body.requiredString('CubeName'));
	const filter = body.optionalObject('DataCellsFilter');
	if (filter === undefined) throw fieldInvalid('DataCellsFilter', 'an object of member filters');
	const text = (name: string) => filter.optionalString(name) ?? '';
	const members = Object.fromEntries(
		CELL_DIMENSION_NAMES.map((d) => {
			const given = text(FILTER_FIELDS[d]).trim();
			return [d, resolveFilter(d, given === '' ? 'None' : given)];
		}),
	) as Parameters<typeof cellSet>[0]['members'];
	const cells = cellSet({
		cube,
		scenario: oneOf('Scenario', text('Scenario'), SCENARIOS),
		currency: oneOf('Currency', text('Currency') || 'Local', CURRENCIES),
		view: oneOf('View', text('View') || 'Periodic', VIEWS),
		descriptions: flag(body, 'IncludeDescriptions'),
		members,
	});
	return answer(env, user.userName, cells.count, (i) => cells.rowAt(i));
};

export const getDataAdapter: EndpointHandler = async (env, { body, user }) => {
	const session = applicationSession(env, body, user);
	const name = body.requiredString('AdapterName');
	const isSystemLevel = flag(body, 'IsSystemLevel');
	const application = findByName(env.data.applications, session.application ?? '');
	const pool = isSystemLevel ? env.data.systemAdapters : (application?.adapters ?? []);
	const workspace = optionalWorkspace(body);
	const adapter = pool.find(
		(a) =>
			a.name.toLowerCase() === name.trim().toLowerCase() &&
			(workspace === undefined || a.workspace.toLowerCase() === workspace.toLowerCase()),
	);
	if (adapter === undefined) {
		throw new ApiError(400, `Invalid Data Adapter name '${name}'.`, `No data adapter '${name}'.`);
	}
	const rows = [
		...adapter.rows({
			application: session.application ?? '',
			substitutionVariables: substitutionVariables(body),
			resultTableName: resultTableName(body),
			harvested: (profile: string, scenario: string, time: string) =>
				env.harvest.rowsOf(profile, scenario, time),
		}),
	];
	return answer(env, user.userName, rows.length, (i) => rows[i]);
};

export const getDataRequest: EndpointHandler = async (env, { body, user, query }) => {
	applicationSession(env, body, user);
	const id = body.requiredString('RequestId');
	const request = env.analyticsRequests.get(id);
	if (request === undefined || request.userName !== user.userName) {
		throw new ApiError(
			400,
			`Invalid RequestId '${id}'.`,
			'The request is unknown or its results have expired.',
		);
	}
	const page = Number(query.get('page') ?? '1');
	return { kind: 'json', body: envelopeOf(env, request, page) };
};
