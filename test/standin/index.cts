/**
 * OneStream stand-in server: a local fake of the OneStream Web API (REST) for tests, e2e suites,
 * benchmarks and the demo. See ./server.ts for the pipeline and ./data.ts for the sample content.
 */
export { startStandIn } from './server.cjs';
export {
	DEFAULT_TOKENS,
	EXPIRED_PAT,
	NO_ROLE_PAT,
	NON_ADMIN_PAT,
	REVOKED_PAT,
	VALID_PAT,
} from './tokens.cjs';
export { parseSubstitutionVariables } from './substitution.cjs';
export { bigCubeViewRow, bigExportRow, sampleData } from './data.cjs';
export type {
	AdapterDef,
	ApplicationDef,
	CubeViewDef,
	CubeViewRow,
	DashboardDataSetRuleDef,
	DataRow,
	DataSetResult,
	DataSetTable,
	DbValue,
	DmSuccessFraming,
	Fault,
	FaultKind,
	FaultRule,
	JobRun,
	RecordedRequest,
	SessionInfoKey,
	SqlDatabase,
	SqlTable,
	StandIn,
	StandInData,
	StandInOptions,
	StandInOptionsPatch,
	TokenConfig,
} from './types.cjs';
