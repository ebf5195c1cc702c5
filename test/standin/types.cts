/**
 * Shared types of the OneStream stand-in server. Shapes that other engineers code against
 * (RecordedRequest, JobRun, FaultRule, TokenConfig, StandInData) live here and are re-exported
 * from ./index.ts.
 */

/** A value of a DataSet cell as Newtonsoft serialises it: DBNull becomes null. */
export type DbValue = string | number | boolean | null;

/** One DataRow of a DataTable, keyed by column name. */
export type DataRow = Record<string, DbValue>;

/** One DataTable of a DataSet response. Rows may be a generator so huge tables stream. */
export interface DataSetTable {
	name: string;
	rows: Iterable<DataRow>;
}

/** A DataSet response: a JSON object keyed by table name, in this order (lazy, so it can stream). */
export interface DataSetResult {
	tables: Iterable<DataSetTable>;
}

/** Substitution variables parsed from `CustomSubstVarsAsCommaSeparatedPairs`. */
export type SubstitutionVariables = Record<string, string>;

// ---------------------------------------------------------------------------------------------
// Tokens

export type TokenStatus = 'Active' | 'Expired' | 'Revoked' | 'AutoRevoked';

/** A Personal Access Token known to the stand-in, and the user behind it. */
export interface TokenConfig {
	token: string;
	userName: string;
	/** Status as the IAM portal shows it. Anything but Active answers 401. */
	status: TokenStatus;
	/** Group access to the AccessAsNonInteractiveUser system security role; without it → 403. */
	accessAsNonInteractiveUser: boolean;
	/** Administrator role; SQL and method commands need it (doc) → 403 otherwise. */
	administrator: boolean;
}

// ---------------------------------------------------------------------------------------------
// Application content

/** How a Data Management job ends. */
export interface DmFailure {
	message: string;
	detail: string;
}

export interface DmSequenceDef {
	name: string;
	workspace: string;
	/** How long the job runs before the synchronous call answers. */
	durationMs: number;
	/** When set the job fails with HTTP 500 and this Message/Detail. */
	failure?: DmFailure;
	/** The batch harvest: imports the files of the Batch\Harvest folder (pScenario, pTime for C). */
	harvest?: boolean;
}

export interface DmStepDef {
	name: string;
	durationMs: number;
	failure?: DmFailure;
}

export interface DmGroupDef {
	name: string;
	workspace: string;
	steps: DmStepDef[];
}

/** What a data adapter, cube view or business rule gets to compute its result. */
export interface DataContext {
	application: string;
	substitutionVariables: SubstitutionVariables;
	/** Table name the client asked for (`ResultDataTableName`, or the default `Table`). */
	resultTableName: string;
	/** The rows the batch harvest loaded into a workflow unit. */
	harvested?: (profile: string, scenario: string, time: string) => DataRow[];
}

/** Raised by data producers for errors that the real server reports as HTTP 500 (rule/adapter errors). */
export class DataProducerError extends Error {
	constructor(
		message: string,
		readonly detail: string,
	) {
		super(message);
		this.name = 'DataProducerError';
	}
}

export interface AdapterDef {
	name: string;
	workspace: string;
	/** Defined at System level (true) or in the application (false). */
	isSystemLevel: boolean;
	/** Returns the rows of the adapter's single result table. May be a generator (streamed). */
	rows(context: DataContext): Iterable<DataRow>;
}

/** One row of a cube view as OneStream lays it out: a row header plus one value per column. */
export interface CubeViewRow {
	nameAndDesc: string;
	indent: number;
	values: Array<number | null>;
}

export interface CubeViewDef {
	name: string;
	/** Shown in the `Title` column when `CubeViewDataTableOptions.IncludeTitle` is true. */
	title(context: DataContext): string;
	/** Column headers (`Col{N}Hdr0NameAndDesc`). */
	columns(context: DataContext): string[];
	/** The cube view rows. May be a generator (streamed). */
	rows(context: DataContext): Iterable<CubeViewRow>;
}

/** Arguments a Dashboard DataSet business rule receives (DashboardDataSetArgs). */
export interface DashboardDataSetArgs extends DataContext {
	dataSetName: string;
	/** Name/value pairs from the third brace group of the MethodQuery. */
	nameValuePairs: Record<string, string>;
}

export interface DashboardDataSetRuleDef {
	name: string;
	/**
	 * Returns the DataSet for `args.dataSetName`, or null when the rule does not know that data set
	 * (a rule that falls through its Select Case returns Nothing; the stand-in answers 200 `null`).
	 */
	getDataSet(args: DashboardDataSetArgs): DataSetResult | null;
}

/** An in-memory SQL table for the GetAdoDataSetForSqlCommand subset. */
export interface SqlTable {
	columns: string[];
	rows: DataRow[];
}

export type SqlDatabase = Record<string, SqlTable>;

export interface ApplicationDef {
	name: string;
	sequences: DmSequenceDef[];
	dmGroups: DmGroupDef[];
	adapters: AdapterDef[];
	cubeViews: CubeViewDef[];
	dashboardDataSetRules: DashboardDataSetRuleDef[];
	/** Tables of the application database (DbLocation `Application`). */
	tables: SqlDatabase;
}

export interface StandInData {
	applications: ApplicationDef[];
	/** System-level data adapters (7.2.0 `IsSystemLevel: true`). */
	systemAdapters: AdapterDef[];
	/** Tables of the framework database (DbLocation `Framework`). */
	frameworkTables: SqlDatabase;
	/** External database connections by name (DbLocation `External` + `XFExternalDBConnectionName`). */
	externalConnections: Record<string, SqlDatabase>;
	/**
	 * The WorkflowStatus answer's steps: [step, status, last modified]. Tests change it to make a
	 * workflow unit change status; absent: a fixed close in progress.
	 */
	workflowSteps?: Array<[string, string, string | null]>;
	/**
	 * Rows of the `Journal_Lines` adapter, which filters `PostedAt >= |!LastCursor!|` as an adapter
	 * written for the OneStream Trigger would. Tests append to it while a trigger polls.
	 */
	journalLines: DataRow[];
}

// ---------------------------------------------------------------------------------------------
// Records

export interface RecordedRequest {
	seq: number;
	receivedAt: number;
	method: string;
	rawPath: string;
	/** Canonical 'Controller/Action', e.g. 'DataManagement/ExecuteSequence'; absent for unknown paths. */
	endpoint?: string;
	apiVersion?: string;
	/** Lower-cased names, raw values (authorization included, so tests can assert it). */
	headers: Record<string, string>;
	bodyText: string;
	body?: unknown;
	/** HTTP status of the status line sent; absent when none was sent (socket reset, client gone first). */
	status?: number;
	faultIds: string[];
	/** Whether the whole answer was sent; false when the client closed the connection first. */
	complete?: boolean;
}

export type JobRunKind = 'sequence' | 'step';
export type JobRunOutcome = 'running' | 'succeeded' | 'failed' | 'aborted';

export interface JobRun {
	kind: JobRunKind;
	name: string;
	group?: string;
	application: string;
	workspace?: string;
	substitutionVariables: SubstitutionVariables;
	startedAt: number;
	finishedAt?: number;
	outcome: JobRunOutcome;
}

// ---------------------------------------------------------------------------------------------
// Faults

export type Fault =
	| { kind: 'delay'; ms: number }
	/** The request waits at the named gate until the test opens it (`openGate`); not terminal. */
	| { kind: 'hold'; gate: string }
	| { kind: 'reset' }
	| {
			kind: 'status';
			status: number;
			retryAfter?: string;
			html?: boolean;
			message?: string;
			detail?: string;
	  }
	| { kind: 'html200' }
	| { kind: 'empty200' }
	| { kind: 'null200' }
	| { kind: 'truncatedJson200' }
	| { kind: 'errorTable200'; message: string }
	| { kind: 'stallMidBody' }
	/** 200 and the first half of a DataSet of sample rows, then the connection is reset. */
	| { kind: 'resetMidBody' }
	/** 200, then one space every `intervalMs` (default 50), forever: a body that never ends but never idles. */
	| { kind: 'trickle'; intervalMs?: number }
	/** An answer with this status, content type and body, as a proxy or another server would give it. */
	| { kind: 'raw'; status: number; contentType: string; body: string }
	| { kind: 'largeBody'; rows: number }
	| { kind: 'redirect'; status: 301 | 302 | 307 | 308; location: string };

export type FaultKind = Fault['kind'];

export interface FaultRule {
	/** Canonical endpoint, case-insensitive; omitted = every API endpoint. */
	endpoint?: string;
	/** Only when the body names this sequence/step/adapter/cube view (case-insensitive). */
	name?: string;
	/** Apply to the next N matching requests, then expire. */
	times?: number;
	/** 0..1, drawn from the seeded generator. */
	probability?: number;
	/** Do the work (run the job / build the data) first, then fail. */
	afterWork?: boolean;
	fault: Fault;
}

/** How a bare Data Management success message is framed (UNKNOWN in the docs). */
export type DmSuccessFraming = 'json-string' | 'text' | 'object';

/** Inner key of a 7.2.0 SessionInfo: 'XfBytes' (8.1+) or 'xfBytes' (older platforms). */
export type SessionInfoKey = 'XfBytes' | 'xfBytes';

// ---------------------------------------------------------------------------------------------
// Public API of the stand-in (re-exported by ./index.ts)

export interface StandInOptions {
	/** Default 0 = random free port. */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Default '/OneStreamApi'; matched case-insensitively. */
	apiPath?: string;
	/** Serve HTTPS when given. */
	tls?: { key: string | Buffer; cert: string | Buffer };
	/** Default: sampleData(). */
	data?: StandInData;
	/** Default: DEFAULT_TOKENS. */
	tokens?: TokenConfig[];
	/** Added to every API response; a range = uniform random (seeded). */
	latencyMs?: number | [number, number];
	/** Seeds every random choice (latency, probabilistic faults). Default 1, so runs repeat. */
	seed?: number;
	/** How DM success messages are framed (UNKNOWN in the docs); default 'json-string'. */
	dmSuccessFraming?: DmSuccessFraming;
	/** 7.2.0 SessionInfo inner key; 'xfBytes' mimics platforms before 8.1; default 'XfBytes'. */
	sessionInfoKey?: SessionInfoKey;
	/** Optional request log sink (redacted); default silent. */
	log?: (line: string) => void;
	/** How the `Analytics/*` routes answer (all invented: OneStream's page size is not public). */
	analytics?: AnalyticsOptions;
	/** The application's Batch\Harvest folder; default a new folder under the system's temp. */
	harvestDir?: string;
}

export interface AnalyticsOptions {
	/** Rows per page of an envelope; default 50,000. */
	pageRows?: number;
	/** How many answers (the first, then polls) see a request still running; default 0. */
	runningPolls?: number;
	/**
	 * The status of a running request; default "Simmering", invented on purpose (only "Completed"
	 * has been seen from OneStream, and the node must work whatever the word is).
	 */
	runningStatus?: string;
	/** How many times each page 2..n answers as still running before it is Completed; default 0 (invented). */
	pageRunningPolls?: number;
	/** Pages 2..n answer with page 1's rows, as a proxy that ignores `?page=` would (a fault); default false. */
	repeatFirstPage?: boolean;
}

export type StandInOptionsPatch = Partial<
	Pick<StandInOptions, 'latencyMs' | 'dmSuccessFraming' | 'sessionInfoKey' | 'analytics'>
>;

export interface StandIn {
	/** Base URL a user types in the credential, e.g. http://127.0.0.1:PORT */
	url: string;
	/** url + apiPath */
	apiRoot: string;
	/** url + '/OneStreamWeb' (the BaseWebServerUrl bodies must carry) */
	webServerUrl: string;
	/** The application's Batch\Harvest folder, which the Harvest_Batch sequence imports. */
	readonly harvestDir: string;
	/** Every request received, in arrival order (control routes excluded). */
	requests: RecordedRequest[];
	/** Every Data Management execution (sequence or step). */
	runs: JobRun[];
	/** Returns the rule id. */
	addFault(rule: FaultRule): string;
	removeFault(id: string): void;
	clearFaults(): void;
	/** Clears requests, runs, faults, 7.2.0 sessions and concurrency peaks; keeps data, options and durations. */
	reset(): void;
	setOptions(patch: StandInOptionsPatch): void;
	/** Overrides the duration of the sequence (or step) with this name. */
	setSequenceDuration(name: string, ms: number): void;
	/** name = sequence/step/adapter/cube view name in the body. */
	countRequests(filter?: { endpoint?: string; name?: string }): number;
	/** Highest number of overlapping DM runs seen (for one sequence/step, or overall). */
	maxConcurrentRuns(name?: string): number;
	/** Highest number of overlapping in-flight API requests (for one endpoint, or overall). */
	maxConcurrentRequests(endpoint?: string): number;
	/** Runs of this sequence or step (by name) end only once the gate opens: a job that is still running. */
	holdRuns(name: string, gate: string): void;
	/** Lets every request held at the gate (a `hold` fault) go on, and any later one pass it. */
	openGate(gate: string): void;
	/** Resolves once a request waits at the gate: ordering instead of a clock. */
	gateReached(gate: string): Promise<void>;
	/** Closes all sockets, including stalled ones; running jobs end as 'aborted'. */
	close(): Promise<void>;
}
