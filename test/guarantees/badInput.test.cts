/**
 * The bad-input matrix: what users type wrong, and what the node does with it. Each row is either
 * refused with a precise message before any request is sent (no server saw a request), accepted in
 * a normalised form (the request the stand-in received is checked), or, when only the answer can
 * tell, reported after it.
 *
 * The same table is the troubleshooting table in docs/troubleshooting.md (between its bad-input
 * markers):
 *   BAD_INPUT_TABLE=print npx jest test/guarantees/badInput.test.cts   prints it as Markdown
 *   BAD_INPUT_TABLE=write npx jest test/guarantees/badInput.test.cts   rewrites it in the doc
 * and a test fails when the doc's table no longer matches the table here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import type { DashboardDataSetRuleDef, RecordedRequest, StandIn } from '../standin/index.cjs';
import { sampleData } from '../standin/index.cjs';
import { runOneStreamNode } from '../support/harness.cjs';
import { expectReadable, trackUncaught } from '../support/checks.cjs';
import {
	applicationByName,
	CANARY_PAT,
	canaryCredentials,
	JOB_OPERATIONS,
	READ_OPERATIONS,
	startFaultStandIn,
} from '../support/standIn.cjs';
import { makeSelfSignedCertificate } from '../support/tls.cjs';

// ---------------------------------------------------------------------------------------------
// The table

/** The servers a row can run against. */
interface Env {
	standIn: StandIn;
	/** HTTPS stand-in (self-signed), for a Server URL typed without a scheme. */
	tls: StandIn;
}

type Operation =
	| 'executeSequence'
	| 'executeStep'
	| 'businessRuleExecute'
	| 'getDataSet'
	| 'getDataAdapter'
	| 'getCubeView'
	| 'runSql'
	| 'runMethodCommand';

const OPERATION_SPECS = { ...JOB_OPERATIONS, ...READ_OPERATIONS };

/** What the user typed: the value used in the test, and how the troubleshooting doc shows it. */
interface Input {
	value: unknown;
	display: string;
	/**
	 * n8n itself refuses to run a workflow whose required field is literally empty ("The workflow
	 * has issues…"), before the node runs; the node's own check covers what expressions produce.
	 */
	engineRefuses?: boolean;
}

type Result =
	/** Refused before any request: this exact message. */
	| { refused: string }
	/** Accepted: what is sent, for the doc, and a check of the request the server received. */
	| {
			sent: string;
			check: (request: RecordedRequest, env: Env) => void;
			/** A check of the node's output, when what matters shows there. */
			output?: (items: INodeExecutionData[]) => void;
			server?: 'tls';
			/** The request is sent as described, and the answer gives this error. */
			error?: RegExp;
	  }
	/** Only the answer can tell: reported with this message. */
	| { afterAnswer: string; message: RegExp };

interface Row {
	area: string;
	field: string;
	operation: Operation;
	inputs: Input[];
	/** The run's parameters and credential for one input. */
	build: (
		value: unknown,
		env: Env,
	) => { parameters: INodeParameters; credentials: ICredentialDataDecryptedObject };
	result: Result;
}

/** Example values the doc shows in place of the test servers. */
const EXAMPLE_URL = 'https://acme.onestreamcloud.com';
const EXAMPLE_HOST = 'acme.onestreamcloud.com';

/** `{url}`, `{host}` and `{pat}` in a value become the test server's URL, its host:port and the PAT. */
function fill(value: unknown, env: Env, server: 'plain' | 'tls' = 'plain'): unknown {
	if (typeof value !== 'string') return value;
	const url = server === 'tls' ? env.tls.url : env.standIn.url;
	return value
		.replace(/\{url\}/g, url)
		.replace(/\{host\}/g, url.replace(/^https?:\/\//, ''))
		.replace(/\{pat\}/g, CANARY_PAT)
		.replace(/\{pat:(\d+)\}/g, (_m, n: string) => CANARY_PAT.slice(0, Number(n)))
		.replace(/\{pat(\d+):\}/g, (_m, n: string) => CANARY_PAT.slice(Number(n)));
}

function input(value: unknown, display?: string, engineRefuses = false): Input {
	return { value, display: display ?? showValue(value), engineRefuses };
}

function showValue(value: unknown): string {
	if (value === '') return '(empty)';
	if (typeof value !== 'string') return `\`${String(value)}\``;
	const shown = value
		.replace(/\{url\}/g, EXAMPLE_URL)
		.replace(/\{host\}/g, EXAMPLE_HOST)
		.replace(/\{pat:\d+\}/g, '<PAT start>')
		.replace(/\{pat\d+:\}/g, '<PAT end>')
		.replace(/\{pat\}/g, '<PAT>');
	const escaped = escapeControls(shown);
	return value.trim() === '' ? `\`${escaped}\` (blank)` : `\`${escaped}\``;
}

/** A required field left empty: typed (n8n's own check stops it), from an expression, or spaces only. */
const EMPTY_NAMES = [
	input('', '(empty)', true),
	input('={{ $json.missing }}', 'an expression that resolves to nothing'),
	input('   '),
];
/** A field with a default, or a credential field: empty or spaces only. */
const BLANK = [input(''), input('   ')];
const RESOLVES_TO_NOTHING = input('={{ $json.missing }}', 'an expression that resolves to nothing');

function operationParameters(operation: Operation, extra: INodeParameters = {}): INodeParameters {
	return OPERATION_SPECS[operation].parameters(extra);
}

/** A credential field. */
function credentialRow(field: string, key: string, inputs: Input[], result: Result): Row {
	return {
		area: 'Credential',
		field,
		operation: 'executeSequence',
		inputs,
		build: (value, env) => {
			const server = 'server' in result && result.server === 'tls' ? 'tls' : 'plain';
			const base = canaryCredentials(
				server === 'tls' ? env.tls : env.standIn,
				server === 'tls' ? { ignoreSSLIssues: true } : {},
			);
			return {
				parameters: operationParameters('executeSequence'),
				credentials: {
					...base,
					[key]: fill(value, env, server) as ICredentialDataDecryptedObject[string],
				},
			};
		},
		result,
	};
}

/** A node parameter. */
function parameterRow(
	area: string,
	field: string,
	operation: Operation,
	name: string,
	inputs: Input[],
	result: Result,
	extra: INodeParameters = {},
): Row {
	return {
		area,
		field,
		operation,
		inputs,
		build: (value, env) => ({
			parameters: operationParameters(operation, {
				...extra,
				[name]: fill(value, env) as INodeParameters[string],
			}),
			credentials: canaryCredentials(env.standIn),
		}),
		result,
	};
}

/** An option of the Options collection. */
function optionRow(
	field: string,
	operation: Operation,
	name: string,
	inputs: Input[],
	result: Result,
): Row {
	return {
		area: 'Options',
		field,
		operation,
		inputs,
		build: (value, env) => ({
			parameters: operationParameters(operation, {
				options: { [name]: value as INodeParameters[string] },
			}),
			credentials: canaryCredentials(env.standIn),
		}),
		result,
	};
}

/** Substitution variables, each input a list of `[name, value]` pairs. */
function variablesRow(
	field: string,
	operation: Operation,
	inputs: Input[],
	result: Result,
	options: INodeParameters = {},
): Row {
	return {
		area: 'Substitution variables',
		field,
		operation,
		inputs,
		build: (value, env) => ({
			parameters: operationParameters(operation, {
				substitutionVariables: {
					variable: (value as Array<[string, string]>).map(([name, text]) => ({
						name,
						value: text,
					})),
				},
				options,
			}),
			credentials: canaryCredentials(env.standIn),
		}),
		result,
	};
}

/** Substitution variable rows, shown as `name` = `value` pairs. */
function pairs(list: Array<[string, string]>): Input {
	const text = (value: string) => (value === '' ? '(empty)' : `\`${escapeControls(value)}\``);
	return input(list, list.map(([name, value]) => `${text(name)} = ${text(value)}`).join(', '));
}

function escapeControls(text: string): string {
	return text.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

function body(request: RecordedRequest): IDataObject {
	return (request.body ?? {}) as IDataObject;
}

function path(request: RecordedRequest): string {
	return request.rawPath.split('?')[0];
}

const SEQUENCE_PATH = '/OneStreamApi/api/DataManagement/ExecuteSequence';
const sentToApiPath = {
	sent: `requests go to \`${EXAMPLE_URL}/OneStreamApi/api/…\``,
	check: (request: RecordedRequest) => expect(path(request)).toBe(SEQUENCE_PATH),
};
const sentBearer = {
	sent: 'cleaned: sent as `Authorization: Bearer <PAT>`',
	check: (request: RecordedRequest) =>
		expect(request.headers.authorization).toBe(`Bearer ${CANARY_PAT}`),
};
const EXPECTED_VARS = (text: string) => (request: RecordedRequest) =>
	expect(body(request).CustomSubstVarsAsCommaSeparatedPairs).toBe(text);
const PARALLEL_CALLS = (value: string) =>
	`The Parallel Calls option must be a whole number from 1 to 32, not "${value}"`;
const TIMEOUT = (value: string) =>
	`The Timeout option must be a whole number from 1000 to 86400000, not "${value}"`;

/** A dashboard DataSet rule that answers two tables, whatever data set is asked for. */
const TWO_TABLES_RULE: DashboardDataSetRuleDef = {
	name: 'Two_Tables',
	getDataSet: () => ({
		tables: [
			{ name: 'Header', rows: [{ Id: 1 }] },
			{ name: 'Lines', rows: [{ Id: 1, Line: 1 }] },
		],
	}),
};

const ROWS: Row[] = [
	// Credential: Server URL
	credentialRow('Server URL', 'baseUrl', BLANK, {
		refused: "The credential's Server URL is empty",
	}),
	credentialRow('Server URL', 'baseUrl', [input('{host}')], {
		sent: `\`https://\` is assumed: requests go to \`${EXAMPLE_URL}/OneStreamApi/api/…\``,
		server: 'tls',
		check: (request) => expect(path(request)).toBe(SEQUENCE_PATH),
	}),
	credentialRow(
		'Server URL',
		'baseUrl',
		[input('{url}/'), input('{url}///'), input('  {url}  ')],
		sentToApiPath,
	),
	credentialRow(
		'Server URL',
		'baseUrl',
		[
			input('{url}/OneStreamWeb'),
			input('{url}/OneStreamWeb/'),
			input('{url}/OneStreamApi'),
			input('{url}/onestreamweb/Default.aspx'),
		],
		{
			...sentToApiPath,
			sent: `the pasted \`/OneStreamWeb…\` or \`/OneStreamApi…\` is removed: ${sentToApiPath.sent}`,
		},
	),
	credentialRow('Server URL', 'baseUrl', [input('{url}/tenant1')], {
		sent: `another path is kept: requests go to \`${EXAMPLE_URL}/tenant1/OneStreamApi/api/…\`; a server without it answers 404, reported as "The OneStream Web API endpoint … was not found (404)" with the address tried`,
		check: (request) => expect(path(request)).toBe(`/tenant1${SEQUENCE_PATH}`),
		error: /^The OneStream Web API endpoint DataManagement\/ExecuteSequence was not found \(404\)$/,
	}),
	credentialRow('Server URL', 'baseUrl', [input('ftp://{host}')], {
		refused: "The credential's Server URL must start with https:// or http://, not ftp://",
	}),
	credentialRow('Server URL', 'baseUrl', [input('https://acme onestream.com')], {
		refused: `The credential's Server URL is not a valid URL: "https://acme onestream.com"`,
	}),
	credentialRow(
		'Server URL',
		'baseUrl',
		[input('https://svc:secret@{host}'), input('https://svc@{host}')],
		{ refused: "The credential's Server URL contains a user name or password (user:password@)" },
	),

	// Credential: Personal Access Token
	credentialRow(
		'Personal Access Token',
		'personalAccessToken',
		[...BLANK, input(' \n\t '), input('""'), input('Bearer')],
		{
			refused: "The credential's Personal Access Token is empty",
		},
	),
	credentialRow(
		'Personal Access Token',
		'personalAccessToken',
		[input('{pat}\n'), input('{pat:30}\n{pat30:}'), input('{pat:30}\r\n  {pat30:}')],
		{ ...sentBearer, sent: `line breaks and spaces removed; ${sentBearer.sent}` },
	),
	credentialRow(
		'Personal Access Token',
		'personalAccessToken',
		[input('"{pat}"'), input("'{pat}'")],
		{ ...sentBearer, sent: `surrounding quotes removed; ${sentBearer.sent}` },
	),
	credentialRow(
		'Personal Access Token',
		'personalAccessToken',
		[input('Bearer {pat}'), input('bearer   {pat}'), input('"Bearer {pat}"')],
		{
			...sentBearer,
			sent: `the \`Bearer \` prefix removed; ${sentBearer.sent}`,
		},
	),
	credentialRow(
		'Personal Access Token',
		'personalAccessToken',
		[input('{pat:15}', '`<the first 15 characters of the PAT>`')],
		{
			refused: "The credential's Personal Access Token is only 15 characters long",
		},
	),
	credentialRow('Personal Access Token', 'personalAccessToken', [input('“{pat}”')], {
		refused:
			"The credential's Personal Access Token contains characters that cannot be sent in an HTTP header",
	}),

	// Credential: Web Server URL and API Path
	credentialRow('Web Server URL', 'webServerUrl', [input(''), input('   ')], {
		sent: `the Server URL followed by \`/OneStreamWeb\`: \`BaseWebServerUrl\` = \`${EXAMPLE_URL}/OneStreamWeb\``,
		check: (request, env) =>
			expect(body(request).BaseWebServerUrl).toBe(`${env.standIn.url}/OneStreamWeb`),
	}),
	credentialRow('Web Server URL', 'webServerUrl', [input('{url}/OneStreamWeb/')], {
		sent: `trailing slash removed: \`BaseWebServerUrl\` = \`${EXAMPLE_URL}/OneStreamWeb\``,
		check: (request, env) =>
			expect(body(request).BaseWebServerUrl).toBe(`${env.standIn.url}/OneStreamWeb`),
	}),
	credentialRow('Web Server URL', 'webServerUrl', [input('acme/OneStreamWeb')], {
		refused: `The credential's Web Server URL is not a valid URL: "acme/OneStreamWeb"`,
	}),
	credentialRow(
		'API Path',
		'apiPath',
		[input(''), input('OneStreamApi'), input('/OneStreamApi/'), input('  /OneStreamApi  ')],
		{
			sent: 'one leading slash, no trailing slash; empty means `/OneStreamApi`',
			check: (request) => expect(path(request)).toBe(SEQUENCE_PATH),
		},
	),
	credentialRow('API Path', 'apiPath', [input('/'), input(' // ')], {
		sent: `the server root: requests go to \`${EXAMPLE_URL}/api/…\` (as OneStream's 8.0.0 sample and some clients call it); the stand-in has no API there and answers 404`,
		check: (request) => expect(path(request)).toBe('/api/DataManagement/ExecuteSequence'),
		error: /^The OneStream Web API endpoint DataManagement\/ExecuteSequence was not found \(404\)$/,
	}),

	// Required names, empty or spaces only
	parameterRow(
		'Names',
		'Application',
		'executeSequence',
		'applicationName',
		[
			input(applicationByName(''), '(empty)', true),
			input(applicationByName('={{ $json.missing }}'), 'an expression that resolves to nothing'),
			input(applicationByName('   '), '`   ` (blank)'),
		],
		{ refused: 'Application is empty' },
	),
	parameterRow('Names', 'Sequence', 'executeSequence', 'sequenceName', EMPTY_NAMES, {
		refused: 'Sequence is empty',
	}),
	parameterRow(
		'Names',
		'Data Management Group (Execute Step)',
		'executeStep',
		'dataManagementGroupName',
		EMPTY_NAMES,
		{ refused: 'Data Management Group is empty' },
	),
	parameterRow('Names', 'Step (Execute Step)', 'executeStep', 'stepName', EMPTY_NAMES, {
		refused: 'Step is empty',
	}),
	parameterRow(
		'Names',
		'Data Management Group (Business Rule › Execute)',
		'businessRuleExecute',
		'dataManagementGroupName',
		EMPTY_NAMES,
		{ refused: 'Data Management Group is empty' },
	),
	parameterRow(
		'Names',
		'Step (Business Rule › Execute)',
		'businessRuleExecute',
		'stepName',
		EMPTY_NAMES,
		{ refused: 'Step is empty' },
	),
	parameterRow('Names', 'Rule Name', 'getDataSet', 'ruleName', EMPTY_NAMES, {
		refused: 'Rule Name is empty',
	}),
	parameterRow('Names', 'Data Set Name', 'getDataSet', 'dataSetName', EMPTY_NAMES, {
		refused: 'Data Set Name is empty',
	}),
	parameterRow('Names', 'Data Adapter', 'getDataAdapter', 'adapterName', EMPTY_NAMES, {
		refused: 'Data Adapter is empty',
	}),
	parameterRow('Names', 'Cube View', 'getCubeView', 'cubeViewName', EMPTY_NAMES, {
		refused: 'Cube View is empty',
	}),
	parameterRow('Names', 'SQL Query', 'runSql', 'sqlQuery', EMPTY_NAMES, {
		refused: 'SQL Query is empty',
	}),
	parameterRow('Names', 'Method Type', 'runMethodCommand', 'methodType', EMPTY_NAMES, {
		refused: 'Method Type is empty',
	}),
	parameterRow('Names', 'Method Query', 'runMethodCommand', 'methodQuery', EMPTY_NAMES, {
		refused: 'Method Query is empty',
	}),
	...(['getDataAdapter', 'getCubeView', 'runSql', 'runMethodCommand'] as Operation[]).map(
		(operation) =>
			optionRow(
				`Result Table Name (${OPERATION_SPECS[operation].label})`,
				operation,
				'resultTableName',
				BLANK,
				{ refused: 'Result Table Name is empty' },
			),
	),
	optionRow('Result Table Name', 'getDataAdapter', 'resultTableName', [RESOLVES_TO_NOTHING], {
		sent: 'the default: `ResultDataTableName` = `Results`',
		check: (request) => expect(body(request).ResultDataTableName).toBe('Results'),
	}),
	parameterRow(
		'Names',
		'External Connection Name (Database External)',
		'runSql',
		'externalConnectionName',
		EMPTY_NAMES,
		{ refused: 'External Connection Name is empty' },
		{ dbLocation: 'External' },
	),
	parameterRow(
		'Names',
		'Put Output File in Field (Output File)',
		'getDataAdapter',
		'binaryPropertyName',
		[input('', '(empty)', true), input('   ')],
		{ refused: 'Put Output File in Field is empty' },
		{ output: 'file' },
	),
	parameterRow(
		'Names',
		'Put Output File in Field (Output File)',
		'getDataAdapter',
		'binaryPropertyName',
		[RESOLVES_TO_NOTHING],
		{
			sent: 'the default field `data`',
			check: () => undefined,
			output: (items) => expect(Object.keys(items[0].binary ?? {})).toEqual(['data']),
		},
		{ output: 'file' },
	),

	// Names that are not text, or only invisible characters
	parameterRow(
		'Names',
		'Sequence',
		'executeSequence',
		'sequenceName',
		[
			input(
				'={{ { name: "Load_Actuals" } }}',
				'an expression that resolves to an object `{ name: "Load_Actuals" }`',
			),
		],
		{ refused: 'Sequence must be text, not an object ({"name":"Load_Actuals"})' },
	),
	parameterRow(
		'Names',
		'Data Adapter',
		'getDataAdapter',
		'adapterName',
		[
			input(
				'={{ ["GL_Export", "AP_Export"] }}',
				'an expression that resolves to a list `["GL_Export", "AP_Export"]`',
			),
		],
		{ refused: 'Data Adapter must be text, not a list (["GL_Export","AP_Export"])' },
	),
	parameterRow(
		'Names',
		'Step (Execute Step)',
		'executeStep',
		'stepName',
		[input('={{ 2026 }}', 'an expression that resolves to the number `2026`')],
		{ refused: 'Step must be text, not the number 2026' },
	),
	parameterRow(
		'Names',
		'Sequence',
		'executeSequence',
		'sequenceName',
		[
			input('\u200b', 'a zero-width space (U+200B)'),
			input(' \ufeff\u2060 ', 'U+FEFF and U+2060 between spaces (invisible only)'),
		],
		{ refused: 'Sequence is empty' },
	),

	// Names that are tolerated or checked
	parameterRow(
		'Names',
		'Sequence',
		'executeSequence',
		'sequenceName',
		[input('  Load_Actuals  ')],
		{
			sent: 'trimmed: `SequenceName` = `Load_Actuals`',
			check: (request) => expect(body(request).SequenceName).toBe('Load_Actuals'),
		},
	),
	parameterRow('Names', 'Workspace (Execute Sequence)', 'executeSequence', 'workspaceName', BLANK, {
		sent: '`WorkspaceName` left out (the default workspace)',
		check: (request) => expect(Object.keys(body(request))).not.toContain('WorkspaceName'),
	}),
	parameterRow(
		'Names',
		'External Connection Name (Database External)',
		'runSql',
		'externalConnectionName',
		[input('  Warehouse  ')],
		{
			sent: 'trimmed: `XFExternalDBConnectionName` = `Warehouse`',
			check: (request) => expect(body(request).XFExternalDBConnectionName).toBe('Warehouse'),
		},
		{ dbLocation: 'External', sqlQuery: 'SELECT OrderId FROM Orders' },
	),
	parameterRow(
		'Names',
		'Method Type',
		'runMethodCommand',
		'methodType',
		[input('Workflow Status')],
		{
			refused: 'Method Type "Workflow Status" is not a method command type name',
		},
	),
	parameterRow(
		'Names',
		'Method Type',
		'runMethodCommand',
		'methodType',
		[input('{WorkflowStatus}')],
		{
			refused: 'Method Type "{WorkflowStatus}" is not a method command type name',
		},
	),
	parameterRow('Names', 'Rule Name', 'getDataSet', 'ruleName', [input('{FX_Rates}')], {
		refused: 'Rule Name cannot contain { or }',
	}),
	parameterRow('Names', 'Database', 'runSql', 'dbLocation', [input('external')], {
		refused: 'Database must be Application, Framework or External, not "external"',
	}),
	parameterRow(
		'Names',
		'Result Table Name (a name the answer does not have)',
		'runMethodCommand',
		'resultTableName',
		[input('Results')],
		{
			afterAnswer:
				'reported after the answer, naming the tables it has: "OneStream returned no table named "Results" for method command "BusinessRule"" — "Tables in the answer: "Header", "Lines". Set Result Table Name to one of them, or set the Tables option to All Tables."',
			message: /^OneStream returned no table named "Results" for method command "BusinessRule"$/,
		},
		{ methodType: 'BusinessRule', methodQuery: '{Two_Tables}{Lines}{}' },
	),

	// Substitution variables
	variablesRow(
		'Value that is not text',
		'getDataAdapter',
		[
			input(
				[['pEntity', '={{ { id: 1 } }}']],
				'`pEntity` = an expression that resolves to an object `{ id: 1 }`',
			),
		],
		{
			refused:
				'The value of substitution variable "pEntity" must be text or a number, not an object ({"id":1})',
		},
	),
	variablesRow('Value with a comma', 'getDataAdapter', [pairs([['pEntity', 'Acme US,Acme UK']])], {
		refused: 'The value of substitution variable "pEntity" contains a comma',
	}),
	variablesRow(
		'Value with a comma, "Allow Commas in Values" on',
		'getDataAdapter',
		[pairs([['pEntity', 'Acme US,Acme UK']])],
		{
			sent: 'sent as `pEntity=[Acme US,Acme UK]`',
			check: EXPECTED_VARS('pEntity=[Acme US,Acme UK]'),
			// The stand-in's GL_Export refuses a member list; the answer does not matter here.
			error: /Invalid Entity member name/,
		},
		{ allowCommasInValues: true },
	),
	variablesRow(
		'Value with a square bracket',
		'getDataAdapter',
		[pairs([['pEntity', '[Acme US]']]), pairs([['pEntity', 'Acme]']])],
		{
			refused: 'The value of substitution variable "pEntity" contains a square bracket',
		},
	),
	variablesRow(
		'Value with a line break',
		'executeSequence',
		[pairs([['pNote', 'line one\nline two']]), pairs([['pNote', 'a\r\nb']])],
		{
			refused: 'The value of substitution variable "pNote" contains a line break',
		},
	),
	variablesRow('Value with `=`', 'executeSequence', [pairs([['pFilter', 'A=B']])], {
		sent: 'sent as `pFilter=[A=B]`',
		check: EXPECTED_VARS('pFilter=[A=B]'),
	}),
	variablesRow(
		'Value with surrounding spaces, or empty',
		'executeSequence',
		[
			pairs([
				['pNote', '  two spaces  '],
				['pEmpty', ''],
			]),
		],
		{
			sent: 'kept as typed: `pNote=[  two spaces  ],pEmpty=[]`',
			check: EXPECTED_VARS('pNote=[  two spaces  ],pEmpty=[]'),
		},
	),
	variablesRow(
		'Name with surrounding spaces',
		'executeSequence',
		[pairs([['  pScenario  ', 'Actual']])],
		{ sent: 'trimmed: `pScenario=[Actual]`', check: EXPECTED_VARS('pScenario=[Actual]') },
	),
	variablesRow(
		'Empty name',
		'executeSequence',
		[pairs([['', 'Actual']]), pairs([['   ', 'Actual']])],
		{ refused: 'Substitution variable 1 has no name' },
	),
	variablesRow(
		'Name with markers or spaces',
		'executeSequence',
		[pairs([['|!pScenario!|', 'Actual']])],
		{ refused: 'Substitution variable 1 has an invalid name: "|!pScenario!|"' },
	),
	variablesRow(
		'Name with markers or spaces',
		'executeSequence',
		[pairs([['p Scenario', 'Actual']])],
		{ refused: 'Substitution variable 1 has an invalid name: "p Scenario"' },
	),
	variablesRow(
		'Duplicate name (any case)',
		'executeSequence',
		[
			pairs([
				['pScenario', 'Actual'],
				['PSCENARIO', 'Budget'],
			]),
		],
		{ refused: 'Substitution variable "PSCENARIO" is set twice' },
	),
	variablesRow(
		'Business-rule parameter with a comma or brace',
		'getDataSet',
		[pairs([['Currency', 'EUR,GBP']]), pairs([['Currency', '{EUR}']])],
		{
			refused: 'The value of parameter "Currency" contains a comma or a curly brace',
		},
		{ allowCommasInValues: true },
	),

	// SQL and method queries with |!placeholders!|
	parameterRow(
		'Queries',
		'SQL Query with an unfilled placeholder',
		'runSql',
		'sqlQuery',
		[input("SELECT Name FROM Member WHERE DimType = '|!pDim!|'")],
		{
			refused: 'The SQL query uses |!pDim!| but no substitution variable has that name',
		},
	),
	parameterRow(
		'Queries',
		'SQL Query with unfilled placeholders',
		'runSql',
		'sqlQuery',
		[input("SELECT Name FROM Member WHERE DimType = '|!pDim!|' AND Name = '|!pName!|'")],
		{
			refused:
				'The SQL query uses |!pDim!|, |!pName!| but no substitution variable has those names',
		},
	),
	parameterRow(
		'Queries',
		'SQL Query with a filled placeholder (any case)',
		'runSql',
		'sqlQuery',
		[input("SELECT Name FROM Member WHERE DimType = '|!PDIM!|'")],
		{
			sent: 'sent unchanged, with `pDim=[Entity]`; OneStream fills it',
			check: (request) => {
				expect(body(request).SqlQuery).toBe("SELECT Name FROM Member WHERE DimType = '|!PDIM!|'");
				expect(body(request).CustomSubstVarsAsCommaSeparatedPairs).toBe('pDim=[Entity]');
			},
		},
		{ substitutionVariables: { variable: [{ name: 'pDim', value: 'Entity' }] } },
	),
	parameterRow(
		'Queries',
		'Method Query with an unfilled placeholder',
		'runMethodCommand',
		'methodQuery',
		[input('{Houston.Import}{Actual}{|!pTime!|}')],
		{
			refused: 'The method query uses |!pTime!| but no substitution variable has that name',
		},
	),

	// Options
	optionRow('Parallel Calls', 'getDataAdapter', 'concurrency', [input(0)], {
		refused: PARALLEL_CALLS('0'),
	}),
	optionRow('Parallel Calls', 'getDataAdapter', 'concurrency', [input(33)], {
		refused: PARALLEL_CALLS('33'),
	}),
	optionRow('Parallel Calls', 'executeSequence', 'concurrency', [input(2.5)], {
		refused: PARALLEL_CALLS('2.5'),
	}),
	optionRow('Parallel Calls', 'executeSequence', 'concurrency', [input('four')], {
		refused: PARALLEL_CALLS('four'),
	}),
	optionRow('Parallel Calls', 'executeSequence', 'concurrency', [input('0x10')], {
		refused: PARALLEL_CALLS('0x10'),
	}),
	optionRow('Parallel Calls', 'executeSequence', 'concurrency', [input('1e1')], {
		refused: PARALLEL_CALLS('1e1'),
	}),
	optionRow(
		'Parallel Calls',
		'getDataAdapter',
		'concurrency',
		[input('4'), input(' 4 '), input(''), input('   ')],
		{
			sent: 'a plain whole number in text is read as that number; empty or blank means the default (1)',
			check: () => undefined,
		},
	),
	optionRow('Read Retries', 'getDataAdapter', 'maxRetries', [input('   ')], {
		sent: 'blank means the default (4), not 0',
		check: () => undefined,
	}),
	...(
		[
			[
				'Timeout (Seconds)',
				'getDataAdapter',
				'timeoutSeconds',
				0,
				'a whole number of seconds from 1 to 86400',
			],
			[
				'Timeout (Seconds)',
				'getDataAdapter',
				'timeoutSeconds',
				1.5,
				'a whole number of seconds from 1 to 86400',
			],
			[
				'Timeout (Seconds)',
				'runSql',
				'timeoutSeconds',
				86_401,
				'a whole number of seconds from 1 to 86400',
			],
			[
				'Timeout (Seconds)',
				'runSql',
				'timeoutSeconds',
				'soon',
				'a whole number of seconds from 1 to 86400',
			],
			[
				'Timeout (Minutes)',
				'executeSequence',
				'timeoutMinutes',
				0,
				'a whole number of minutes from 1 to 1440',
			],
			[
				'Timeout (Minutes)',
				'executeSequence',
				'timeoutMinutes',
				1441,
				'a whole number of minutes from 1 to 1440',
			],
			[
				'Retry Delay (Seconds)',
				'getDataAdapter',
				'retryDelaySeconds',
				61,
				'a number of seconds from 0 to 60',
			],
			[
				'Retry Delay (Seconds)',
				'getDataAdapter',
				'retryDelaySeconds',
				-1,
				'a number of seconds from 0 to 60',
			],
		] as Array<[string, Operation, string, number | string, string]>
	).map(([field, operation, name, value, must]) =>
		optionRow(field, operation, name, [input(value)], {
			refused: `The ${field.replace(/ \(.*\)$/, '')} option must be ${must}, not "${String(value)}"`,
		}),
	),
	// Workflows saved while these options were in milliseconds keep their values, checked as then.
	optionRow('Timeout (Milliseconds)', 'getDataAdapter', 'timeout', [input(999)], {
		refused: TIMEOUT('999'),
	}),
	optionRow('Timeout (Milliseconds)', 'executeSequence', 'timeout', [input(0)], {
		refused: TIMEOUT('0'),
	}),
	optionRow('Timeout (Milliseconds)', 'executeSequence', 'timeout', [input(1500.5)], {
		refused: TIMEOUT('1500.5'),
	}),
	optionRow('Timeout (Milliseconds)', 'runSql', 'timeout', [input(86_400_001)], {
		refused: TIMEOUT('86400001'),
	}),
	optionRow('Read Retries', 'getDataAdapter', 'maxRetries', [input(11)], {
		refused: 'The Read Retries option must be a whole number from 0 to 10, not "11"',
	}),
	optionRow('Read Retries', 'getDataAdapter', 'maxRetries', [input(-1)], {
		refused: 'The Read Retries option must be a whole number from 0 to 10, not "-1"',
	}),
	optionRow('Retry Delay (Ms)', 'getDataAdapter', 'retryDelay', [input(60_001)], {
		refused: 'The Retry Delay option must be a whole number from 0 to 60000, not "60001"',
	}),
];

// ---------------------------------------------------------------------------------------------
// Markdown

function escapeCell(text: string): string {
	return text.replace(/\|/g, '\\|');
}

function resultText(result: Result, inputs: Input[]): string {
	const engine = inputs.some((entry) => entry.engineRefuses)
		? ' (typed empty, the field already stops n8n from running the workflow: "The workflow has issues…")'
		: '';
	if ('refused' in result) return `Refused before any request: "${result.refused}"${engine}`;
	if ('afterAnswer' in result) return `Sent; ${result.afterAnswer}`;
	return `Accepted: ${result.sent}`;
}

/** The table as Markdown, for the troubleshooting doc. */
function badInputMarkdown(): string {
	const lines = ['| Where | Field | Input | What the node does |', '|---|---|---|---|'];
	for (const row of ROWS) {
		lines.push(
			`| ${escapeCell(row.area)} | ${escapeCell(row.field)} | ${escapeCell(row.inputs.map((entry) => entry.display).join('; '))} | ${escapeCell(resultText(row.result, row.inputs))} |`,
		);
	}
	return `${lines.join('\n')}\n`;
}

const DOC = join(__dirname, '..', '..', 'docs', 'troubleshooting.md');
const START = '<!-- bad-input:start (generated by test/guarantees/badInput.test.cts) -->\n';
const END = '<!-- bad-input:end -->';

function readmeTable(readme: string): string {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	return start < 0 || end < start ? '' : readme.slice(start + START.length, end);
}

// ---------------------------------------------------------------------------------------------
// The tests

let env: Env;
const uncaught = trackUncaught();

beforeAll(async () => {
	const data = sampleData();
	for (const application of data.applications)
		application.dashboardDataSetRules.push(TWO_TABLES_RULE);
	env = {
		standIn: await startFaultStandIn({ data }),
		tls: await startFaultStandIn({ tls: makeSelfSignedCertificate() }),
	};
});

afterAll(async () => {
	uncaught.stop();
	await env.standIn.close();
	await env.tls.close();
});

afterEach(() => {
	uncaught.check();
});

const cases = ROWS.flatMap((row) =>
	row.inputs.map((entry) => [`${row.area} › ${row.field}: ${entry.display}`, row, entry] as const),
);

describe('bad input', () => {
	it.each(cases)('%s', async (_name, row, entry) => {
		env.standIn.reset();
		env.tls.reset();
		const { parameters, credentials } = row.build(entry.value, env);
		if (entry.engineRefuses) {
			await expect(runOneStreamNode({ parameters, credentials })).rejects.toThrow(
				/^The workflow has issues and cannot be executed/,
			);
			expect([...env.standIn.requests, ...env.tls.requests]).toHaveLength(0);
			return;
		}
		const result = await runOneStreamNode({ parameters, credentials });
		const requests = [...env.standIn.requests, ...env.tls.requests];
		const { result: expected } = row;

		if ('refused' in expected) {
			expect(result.nodeError).toBeDefined();
			expect(result.nodeError?.message).toBe(expected.refused);
			expectReadable(result.nodeError?.description, 'description');
			// Before any request: no server saw one.
			expect(requests).toHaveLength(0);
			return;
		}
		if ('afterAnswer' in expected) {
			expect(result.nodeError?.message).toMatch(expected.message);
			expectReadable(result.nodeError?.description, 'description');
			expect(requests).toHaveLength(1);
			return;
		}
		if (expected.error) expect(result.nodeError?.message).toMatch(expected.error);
		else expect(result.nodeError).toBeUndefined();
		const server = expected.server === 'tls' ? env.tls : env.standIn;
		expect(server.requests.length).toBeGreaterThan(0);
		expected.check(server.requests[0], env);
		expected.output?.(result.output);
	});

	it("the troubleshooting doc's table matches the table above", () => {
		const markdown = badInputMarkdown();
		const mode = process.env.BAD_INPUT_TABLE;
		if (mode === 'print') process.stdout.write(`\n${markdown}\n`);
		if (mode === 'write') {
			const readme = readFileSync(DOC, 'utf8');
			writeFileSync(
				DOC,
				readme.replace(`${START}${readmeTable(readme)}${END}`, `${START}${markdown}${END}`),
			);
		}
		expect(readmeTable(readFileSync(DOC, 'utf8'))).toBe(markdown);
		console.log(`bad input: ${ROWS.length} rows, ${cases.length} inputs`);
	});
});
