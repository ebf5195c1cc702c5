/**
 * The PAT appears nowhere in outputs, error messages or descriptions, serialised run data or logs,
 * including when the server echoes the token back in an error body. A distinctive PAT that no
 * other fixture contains is registered with the stand-in, so any hit is a leak; every case also
 * checks that the stand-in really received that token, so "not found" means something.
 */
import type { FaultRule, StandIn } from '../standin/index.cjs';
import type { OnError, OneStreamNodeOptions, OneStreamNodeResult } from '../support/harness.cjs';
import { runListSearch, runOneStreamNode, testCredentials } from '../support/harness.cjs';
import { applicationByName, credentialsFor, DISTINCTIVE_PAT, expectNoSecret, startTestStandIn } from '../support/standIn.cjs';

const PAT = DISTINCTIVE_PAT;
const ECHO = { message: `Token ${PAT} is not valid for this request`, detail: `Authorization: Bearer ${PAT}` };

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

function expectTokenWasSent(): void {
	expect(standIn.requests.length).toBeGreaterThan(0);
	expect(standIn.requests.some((request) => request.headers.authorization === `Bearer ${PAT}`)).toBe(true);
}

const sequence = { resource: 'dataManagement', operation: 'executeSequence', applicationName: applicationByName(), sequenceName: 'Load_Actuals' };
const adapter = { resource: 'data', operation: 'getDataAdapter', applicationName: applicationByName(), adapterName: 'GL_Export', options: { maxRetries: 1, retryDelay: 1, timeout: 1000 } };

interface LeakCase {
	name: string;
	parameters: OneStreamNodeOptions['parameters'];
	fault?: FaultRule;
	/** The error text shown to users must say the token was scrubbed. */
	redacted?: boolean;
}

const cases: LeakCase[] = [
	{ name: 'a successful job', parameters: sequence },
	{ name: 'a successful read', parameters: adapter },
	{ name: 'a read into a file', parameters: { ...adapter, output: 'file' } },
	{ name: 'a job whose 500 echoes the token', parameters: sequence, fault: { endpoint: 'DataManagement/ExecuteSequence', fault: { kind: 'status', status: 500, ...ECHO } }, redacted: true },
	{ name: 'a job whose 401 echoes the token', parameters: sequence, fault: { endpoint: 'DataManagement/ExecuteSequence', fault: { kind: 'status', status: 401, ...ECHO } }, redacted: true },
	{ name: 'a job whose 502 echoes the token', parameters: sequence, fault: { endpoint: 'DataManagement/ExecuteSequence', fault: { kind: 'status', status: 502, ...ECHO } }, redacted: true },
	{ name: 'a read whose 400 echoes the token', parameters: adapter, fault: { endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'status', status: 400, ...ECHO } }, redacted: true },
	{ name: 'a read whose 403 echoes the token', parameters: adapter, fault: { endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'status', status: 403, ...ECHO } }, redacted: true },
	{ name: 'a read whose 503 echoes the token, retried', parameters: adapter, fault: { endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'status', status: 503, ...ECHO } }, redacted: true },
	{ name: 'a job whose connection is reset', parameters: sequence, fault: { endpoint: 'DataManagement/ExecuteSequence', fault: { kind: 'reset' } } },
	{ name: 'a read that stalls mid-body', parameters: adapter, fault: { endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'stallMidBody' } } },
	{ name: 'a read answered with an HTML page', parameters: adapter, fault: { endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'html200' } } },
	{ name: 'a read answered with JSON null', parameters: adapter, fault: { endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'null200' } } },
	{ name: 'a read answered with truncated JSON', parameters: adapter, fault: { endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'truncatedJson200' } } },
	{
		name: 'a 7.2.0 read whose logon echoes the token',
		parameters: { ...adapter, options: { ...adapter.options, apiVersion: '7.2.0' } },
		fault: { endpoint: 'Authentication/Logon', fault: { kind: 'status', status: 400, ...ECHO } },
		redacted: true,
	},
	{ name: 'a successful 7.2.0 read (SessionInfo round trip)', parameters: { ...adapter, options: { ...adapter.options, apiVersion: '7.2.0' } } },
];

const modes: Array<{ label: string; onError?: OnError }> = [
	{ label: 'stop' },
	{ label: 'continue (regular output)', onError: 'continueRegularOutput' },
	{ label: 'continue (error output)', onError: 'continueErrorOutput' },
];

function userVisibleErrorText(result: OneStreamNodeResult): string {
	const fromItems = [...result.output, ...(result.errorOutput ?? [])]
		.map((item) => `${String(item.json.error ?? '')} ${String(item.json.description ?? '')} ${item.error?.description ?? ''}`)
		.join(' ');
	return `${result.nodeError?.message ?? ''} ${result.nodeError?.description ?? ''} ${fromItems}`;
}

describe.each(modes)('$label', ({ onError }) => {
	it.each(cases)('does not leak the PAT in $name', async ({ parameters, fault, redacted }) => {
		if (fault) standIn.addFault(fault);
		const result = await runOneStreamNode({ parameters, credentials: credentialsFor(standIn, PAT), onError, items: [{ n: 1 }, { n: 2 }] });
		expectTokenWasSent();
		expectNoSecret(result, PAT);
		if (redacted) expect(userVisibleErrorText(result)).toContain('[redacted]');
	});
});

it('does not leak a PAT pasted with "Bearer ", quotes and a line break', async () => {
	standIn.addFault({ endpoint: 'DataManagement/ExecuteSequence', fault: { kind: 'status', status: 500, ...ECHO } });
	const result = await runOneStreamNode({ parameters: sequence, credentials: credentialsFor(standIn, ` "Bearer ${PAT.slice(0, 30)}\n${PAT.slice(30)}" `) });
	expectTokenWasSent();
	expectNoSecret(result, PAT);
	expect(String(result.nodeError?.message)).toContain('[redacted]');
});

it('does not leak a PAT that came from n8n Variables', async () => {
	standIn.addFault({ endpoint: 'DataProvider/GetAdoDataSetForAdapter', fault: { kind: 'status', status: 400, ...ECHO } });
	const result = await runOneStreamNode({ parameters: adapter, credentials: credentialsFor(standIn, '={{ $vars.pat }}'), variables: { pat: PAT } });
	expectTokenWasSent();
	expectNoSecret(result, PAT);
});

it('does not leak the PAT from the Application dropdown when the logon echoes it', async () => {
	standIn.addFault({ endpoint: 'Authentication/Logon', fault: { kind: 'status', status: 401, ...ECHO } });
	const failure = await runListSearch('searchApplications', { credentials: credentialsFor(standIn, PAT) }).then(
		() => undefined,
		(error: unknown) => error as Error & { description?: string },
	);
	expectTokenWasSent();
	expect(failure).toBeDefined();
	expect(`${failure?.message} ${failure?.description}`).not.toContain(PAT);
});

it("keeps the PAT out of the credential test's message and logs on a failure that echoes it", async () => {
	standIn.addFault({ endpoint: 'Authentication/Logon', fault: { kind: 'status', status: 400, ...ECHO } });
	const outcome = await testCredentials(credentialsFor(standIn, PAT));
	expectTokenWasSent();
	expect(outcome.status).toBe('Error');
	expect(outcome.message).not.toContain(PAT);
	expect(outcome.logText).not.toContain(PAT);
});

it('would notice a leak: a PAT placed in the input items is found in the serialised run data', async () => {
	// Control for the checks above: the input items are part of the run data, so the search must hit.
	const result = await runOneStreamNode({ parameters: sequence, credentials: credentialsFor(standIn, PAT), items: [{ note: `copied ${PAT}` }] });
	expect(result.serialized).toContain(PAT);
	expect(() => expectNoSecret(result, PAT)).toThrow();
});
