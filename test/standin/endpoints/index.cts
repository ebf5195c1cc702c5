/** The endpoint table: one entry per documented route, with its handler per api-version. */
import {
	getCubeList,
	getDataAdapter,
	getDataCellsFromCube,
	getDataRequest,
	getDimensionHierarchy,
	getMemberPropertiesForDimension,
} from './analytics.cjs';
import { logon, logonAndReturnCookie, openApplication } from './authentication.cjs';
import type { EndpointHandler } from './common.cjs';
import { executeSequence, executeStep } from './dataManagement.cjs';
import {
	getAdoDataSetForAdapter520,
	getAdoDataSetForAdapter720,
	getAdoDataSetForCubeViewCommand,
	getAdoDataSetForSqlCommand,
} from './dataProvider.cjs';
import { getAdoDataSetForMethodCommand } from './methodCommand.cjs';

export interface EndpointSpec {
	/** Canonical 'Controller/Action'. */
	endpoint: string;
	handlers: Readonly<Record<string, EndpointHandler>>;
	/** SQL and method commands need the Administrator role (doc). */
	requiresAdministrator: boolean;
}

export const ENDPOINTS: readonly EndpointSpec[] = [
	{
		endpoint: 'Authentication/LogonAndReturnCookie',
		handlers: { '5.2.0': logonAndReturnCookie },
		requiresAdministrator: false,
	},
	{ endpoint: 'Authentication/Logon', handlers: { '7.2.0': logon }, requiresAdministrator: false },
	{
		endpoint: 'Application/OpenApplication',
		handlers: { '7.2.0': openApplication },
		requiresAdministrator: false,
	},
	{
		endpoint: 'DataManagement/ExecuteSequence',
		handlers: { '5.2.0': executeSequence },
		requiresAdministrator: false,
	},
	{
		endpoint: 'DataManagement/ExecuteStep',
		handlers: { '5.2.0': executeStep },
		requiresAdministrator: false,
	},
	{
		endpoint: 'DataProvider/GetAdoDataSetForAdapter',
		handlers: { '5.2.0': getAdoDataSetForAdapter520, '7.2.0': getAdoDataSetForAdapter720 },
		requiresAdministrator: false,
	},
	{
		endpoint: 'DataProvider/GetAdoDataSetForCubeViewCommand',
		handlers: { '5.2.0': getAdoDataSetForCubeViewCommand },
		requiresAdministrator: false,
	},
	{
		endpoint: 'DataProvider/GetAdoDataSetForSqlCommand',
		handlers: { '5.2.0': getAdoDataSetForSqlCommand },
		requiresAdministrator: true,
	},
	{
		endpoint: 'DataProvider/GetAdoDataSetForMethodCommand',
		handlers: { '5.2.0': getAdoDataSetForMethodCommand },
		requiresAdministrator: true,
	},
	...(
		[
			['GetCubeList', getCubeList],
			['GetDimensionHierarchy', getDimensionHierarchy],
			['GetMemberPropertiesForDimension', getMemberPropertiesForDimension],
			['GetDataCellsFromCube', getDataCellsFromCube],
			['GetDataAdapter', getDataAdapter],
			['GetDataRequest', getDataRequest],
		] as const
	).map(([action, handler]) => ({
		endpoint: `Analytics/${action}`,
		handlers: { '7.2.0': handler },
		requiresAdministrator: false,
	})),
];

export const ENDPOINT_NAMES: readonly string[] = ENDPOINTS.map((e) => e.endpoint);

export function findEndpoint(controller: string, action: string): EndpointSpec | undefined {
	const wanted = `${controller}/${action}`.toLowerCase();
	return ENDPOINTS.find((e) => e.endpoint.toLowerCase() === wanted);
}
