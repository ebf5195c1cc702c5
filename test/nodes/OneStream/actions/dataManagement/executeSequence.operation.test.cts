/**
 * Data Management → Execute Sequence, run inside n8n's engine against the stand-in over HTTP.
 */
import type { StandIn } from '../../../../standin/index.cjs';
import { EXPIRED_PAT, NO_ROLE_PAT, VALID_PAT } from '../../../../standin/index.cjs';
import { runOneStreamNode } from '../../../../support/harness.cjs';
import {
	APPLICATION,
	applicationByName,
	applicationFromList,
	credentialsFor,
	expectInputUntouched,
	expectOneStreamHeaders,
	jsonOf,
	nodeErrorMessage,
	onlyRequestTo,
	pairedIndexes,
	requestsTo,
	startTestStandIn,
} from '../../../../support/standIn.cjs';

const ENDPOINT = 'DataManagement/ExecuteSequence';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => {
	standIn.reset();
	standIn.setOptions({ dmSuccessFraming: 'json-string' });
});

function sequenceParameters(sequenceName: string, extra: Record<string, unknown> = {}) {
	return {
		resource: 'dataManagement',
		operation: 'executeSequence',
		applicationName: applicationByName(),
		sequenceName,
		...extra,
	};
}

describe('happy path', () => {
	it('sends one documented request and returns one success item', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('Load_Actuals', {
				substitutionVariables: {
					variable: [
						{ name: 'pScenario', value: 'Actual' },
						{ name: 'pTime', value: '2026M3' },
					],
				},
			}),
			credentials: credentialsFor(standIn),
		});

		expect(result.status).toBe('success');
		const request = onlyRequestTo(standIn, ENDPOINT);
		expectOneStreamHeaders(request, VALID_PAT, '5.2.0');
		expect(request.body).toEqual({
			BaseWebServerUrl: `${standIn.url}/OneStreamWeb`,
			ApplicationName: APPLICATION,
			SequenceName: 'Load_Actuals',
			CustomSubstVarsAsCommaSeparatedPairs: 'pScenario=[Actual],pTime=[2026M3]',
		});
		// The stand-in parsed the pairs back into the same variables, and ran the sequence once.
		expect(standIn.runs).toHaveLength(1);
		expect(standIn.runs[0]).toMatchObject({
			kind: 'sequence',
			name: 'Load_Actuals',
			application: APPLICATION,
			outcome: 'succeeded',
			substitutionVariables: { pScenario: 'Actual', pTime: '2026M3' },
		});

		expect(result.output).toHaveLength(1);
		const [item] = result.output;
		expect(pairedIndexes(result.output)).toEqual([0]);
		const { startedAt, finishedAt, durationMs, ...rest } = item.json;
		expect(rest).toEqual({
			success: true,
			message: 'Data Management Sequence Load_Actuals was completed',
			operation: 'executeSequence',
			applicationName: APPLICATION,
			sequenceName: 'Load_Actuals',
			substitutionVariables: { pScenario: 'Actual', pTime: '2026M3' },
		});
		expect(typeof startedAt).toBe('string');
		expect(typeof finishedAt).toBe('string');
		expect(new Date(String(startedAt)).toISOString()).toBe(startedAt);
		expect(Date.parse(String(finishedAt)) - Date.parse(String(startedAt))).toBe(durationMs);
	});

	it('sends the workspace only when one is given, and accepts the application picked from the list', async () => {
		await runOneStreamNode({
			parameters: sequenceParameters('Load_Actuals', {
				workspaceName: '  Default ',
				applicationName: applicationFromList(),
			}),
			credentials: credentialsFor(standIn),
		});
		const request = onlyRequestTo(standIn, ENDPOINT);
		expect(request.body).toEqual({
			BaseWebServerUrl: `${standIn.url}/OneStreamWeb`,
			ApplicationName: APPLICATION,
			SequenceName: 'Load_Actuals',
			WorkspaceName: 'Default',
			CustomSubstVarsAsCommaSeparatedPairs: '',
		});
	});

	it.each(['json-string', 'text', 'object'] as const)(
		'reads the success message framed as %s',
		async (framing) => {
			standIn.setOptions({ dmSuccessFraming: framing });
			const result = await runOneStreamNode({
				parameters: sequenceParameters('Load_Actuals'),
				credentials: credentialsFor(standIn),
			});
			expect(result.output[0].json.message).toBe(
				'Data Management Sequence Load_Actuals was completed',
			);
		},
	);

	it('runs one sequence per item, in order, one at a time, each paired with its item', async () => {
		const items = [
			{ sequence: 'Load_Actuals' },
			{ sequence: 'Nightly_Consolidation' },
			{ sequence: 'Load_Actuals' },
		];
		standIn.setSequenceDuration('Nightly_Consolidation', 50);
		const result = await runOneStreamNode({
			// Load_Actuals twice on purpose: before and after the consolidation.
			parameters: sequenceParameters('={{ $json.sequence }}', {
				options: { runIdenticalJobsOnce: false },
			}),
			items,
			credentials: credentialsFor(standIn),
		});
		expect(result.output.map((item) => item.json.sequenceName)).toEqual(
			items.map((item) => item.sequence),
		);
		expect(pairedIndexes(result.output)).toEqual([0, 1, 2]);
		expect(
			requestsTo(standIn, ENDPOINT).map(
				(request) => (request.body as { SequenceName: string }).SequenceName,
			),
		).toEqual(items.map((item) => item.sequence));
		// Jobs default to one at a time.
		expect(standIn.maxConcurrentRuns()).toBe(1);
		expectInputUntouched(result);
	});
});

describe('credential settings reach the request', () => {
	it('normalises the Server URL and the pasted token', async () => {
		await runOneStreamNode({
			parameters: sequenceParameters('Load_Actuals'),
			credentials: {
				baseUrl: ` ${standIn.url}/OneStreamWeb/ `,
				personalAccessToken: `  Bearer ${VALID_PAT}\n`,
			},
		});
		const request = onlyRequestTo(standIn, ENDPOINT);
		expect(request.headers.authorization).toBe(`Bearer ${VALID_PAT}`);
		expect((request.body as { BaseWebServerUrl: string }).BaseWebServerUrl).toBe(
			`${standIn.url}/OneStreamWeb`,
		);
	});

	it('sends the Web Server URL given in the credential', async () => {
		const webServerUrl = `http://127.0.0.1:${new URL(standIn.url).port}/OneStreamWeb`;
		await runOneStreamNode({
			parameters: sequenceParameters('Load_Actuals'),
			credentials: credentialsFor(standIn, VALID_PAT, {
				baseUrl: `http://localhost:${new URL(standIn.url).port}`,
				webServerUrl: `${webServerUrl}/`,
			}),
		});
		expect(
			(onlyRequestTo(standIn, ENDPOINT).body as { BaseWebServerUrl: string }).BaseWebServerUrl,
		).toBe(webServerUrl);
	});

	it('uses another API path when the credential says so', async () => {
		const custom = await startTestStandIn({ apiPath: '/Api/OS' });
		try {
			const result = await runOneStreamNode({
				parameters: sequenceParameters('Load_Actuals'),
				credentials: credentialsFor(custom, VALID_PAT, { apiPath: 'Api/OS/' }),
			});
			expect(result.status).toBe('success');
			expect(onlyRequestTo(custom, ENDPOINT).rawPath).toBe(
				'/Api/OS/api/DataManagement/ExecuteSequence?api-version=5.2.0',
			);
		} finally {
			await custom.close();
		}
	});

	it('resolves the token from n8n Variables and from external secrets', async () => {
		const fromVars = await runOneStreamNode({
			parameters: sequenceParameters('Load_Actuals'),
			credentials: credentialsFor(standIn, '={{ $vars.onestreamPat }}'),
			variables: { onestreamPat: VALID_PAT },
		});
		expect(fromVars.status).toBe('success');
		const fromVault = await runOneStreamNode({
			parameters: sequenceParameters('Load_Actuals'),
			credentials: credentialsFor(standIn, '={{ $secrets.vault.onestream_pat }}'),
			secrets: { vault: { onestream_pat: VALID_PAT } },
		});
		expect(fromVault.status).toBe('success');
		expect(requestsTo(standIn, ENDPOINT).map((request) => request.headers.authorization)).toEqual([
			`Bearer ${VALID_PAT}`,
			`Bearer ${VALID_PAT}`,
		]);
	});

	it('takes a token left empty from the credential overwrites (file or environment)', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('Load_Actuals'),
			credentials: { baseUrl: standIn.url, personalAccessToken: '' },
			credentialOverwrites: { personalAccessToken: VALID_PAT },
		});
		expect(result.status).toBe('success');
		expect(onlyRequestTo(standIn, ENDPOINT).headers.authorization).toBe(`Bearer ${VALID_PAT}`);
	});
});

describe('errors', () => {
	it.each([
		['empty200', 'empty body'],
		['null200', 'null'],
	] as const)(
		'treats a 200 without the completion message (%s) as an unknown outcome, after one request',
		async (kind, says) => {
			standIn.addFault({ endpoint: ENDPOINT, times: 1, afterWork: true, fault: { kind } });
			const result = await runOneStreamNode({
				parameters: sequenceParameters('Load_Actuals'),
				credentials: credentialsFor(standIn),
				onError: 'continueRegularOutput',
			});
			const failed = result.output[0].json;
			expect(String(failed.error)).toContain(`without the completion message (${says})`);
			expect(String(failed.description)).toContain('Task Activity');
			expect(failed.jobOutcome).toBe('unknown');
			expect(standIn.countRequests({ endpoint: ENDPOINT })).toBe(1);
			expect(standIn.runs.map((run) => run.outcome)).toEqual(['succeeded']);
		},
	);

	it('reports a failing sequence with OneStream Message and Detail, after one request', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('Failing_Import'),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('error');
		const message = nodeErrorMessage(result);
		expect(message).toContain('Failing_Import');
		expect(message).toContain("Error processing Data Management Step 'Import_GL'.");
		expect(message).toContain("Transformation rule 'GL_Accounts' not found.");
		expect(result.nodeError?.context.itemIndex).toBe(0);
		expect(standIn.countRequests({ endpoint: ENDPOINT })).toBe(1);
		expect(standIn.runs.map((run) => run.outcome)).toEqual(['failed']);
	});

	it('turns a failure into a paired error item with Continue (regular output), and goes on', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('={{ $json.sequence }}'),
			items: [
				{ sequence: 'Load_Actuals' },
				{ sequence: 'Failing_Import' },
				{ sequence: 'Load_Actuals' },
			],
			credentials: credentialsFor(standIn),
			onError: 'continueRegularOutput',
		});
		expect(result.status).toBe('success');
		expect(pairedIndexes(result.output)).toEqual([0, 1, 2]);
		expect(result.output.map((item) => item.json.success)).toEqual([true, undefined, true]);
		const failed = result.output[1].json;
		expect(String(failed.error)).toContain("Transformation rule 'GL_Accounts' not found.");
		expect(failed.httpCode).toBe('500');
		expect(failed.jobOutcome).toBe('failed');
		expect(standIn.countRequests({ endpoint: ENDPOINT, name: 'Failing_Import' })).toBe(1);
	});

	it('also accepts the older continueOnFail setting', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('Failing_Import'),
			credentials: credentialsFor(standIn),
			continueOnFail: true,
		});
		expect(result.status).toBe('success');
		expect(String(result.output[0].json.error)).toContain('Failing_Import');
		expect(pairedIndexes(result.output)).toEqual([0]);
	});

	it('routes failed items to the error output with Continue (using error output)', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('={{ $json.sequence }}'),
			items: [{ sequence: 'Failing_Import' }, { sequence: 'Load_Actuals' }],
			credentials: credentialsFor(standIn),
			onError: 'continueErrorOutput',
		});
		expect(result.status).toBe('success');
		expect(jsonOf(result.output).map((json) => json.sequenceName)).toEqual(['Load_Actuals']);
		expect(pairedIndexes(result.output)).toEqual([1]);
		expect(result.errorOutput).toHaveLength(1);
		const errorItem = result.errorOutput?.[0];
		expect(pairedIndexes(result.errorOutput ?? [])).toEqual([0]);
		// n8n reduces an error-output item's json to the message; the error itself rides along.
		expect(Object.keys(errorItem?.json ?? {})).toEqual(['error']);
		expect(String(errorItem?.json.error)).toContain(
			"Error processing Data Management Step 'Import_GL'.",
		);
		expect(errorItem?.error?.message).toBe(errorItem?.json.error);
		expect((errorItem?.error as { httpCode?: unknown } | undefined)?.httpCode).toBe('500');
		expect(standIn.countRequests({ endpoint: ENDPOINT, name: 'Failing_Import' })).toBe(1);
	});

	it('names an unknown sequence with the server text (400), without running anything', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('No_Such_Sequence'),
			credentials: credentialsFor(standIn),
		});
		const message = nodeErrorMessage(result);
		expect(message).toContain("Invalid Data Management Sequence name 'No_Such_Sequence'.");
		expect(standIn.runs).toHaveLength(0);
		expect(standIn.countRequests({ endpoint: ENDPOINT })).toBe(1);
	});

	it('answers an expired token (401) with the PAT checklist, and sends it once', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('Load_Actuals'),
			credentials: credentialsFor(standIn, EXPIRED_PAT),
		});
		const message = nodeErrorMessage(result);
		expect(message).toContain('401');
		expect(message).toMatch(/Personal Access Token/);
		const description = String(result.nodeError?.description);
		for (const point of [
			'Is Enabled',
			'inactivity',
			'AccessAsNonInteractiveUser',
			'Identity & Access Management Portal',
			'complete PAT',
			'expired or been revoked',
		]) {
			expect(description).toContain(point);
		}
		expect(standIn.countRequests({ endpoint: ENDPOINT })).toBe(1);
		expect(standIn.runs).toHaveLength(0);
	});

	it('answers a user without the API role (403) with the PAT checklist', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('Load_Actuals'),
			credentials: credentialsFor(standIn, NO_ROLE_PAT),
		});
		expect(nodeErrorMessage(result)).toContain('403');
		expect(String(result.nodeError?.description)).toContain('AccessAsNonInteractiveUser');
		expect(standIn.countRequests({ endpoint: ENDPOINT })).toBe(1);
	});

	it('refuses an empty sequence name before sending anything', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('={{ "   " }}'),
			credentials: credentialsFor(standIn),
		});
		expect(nodeErrorMessage(result)).toBe('Sequence is empty');
		expect(standIn.requests).toHaveLength(0);
	});

	it('refuses a substitution variable value with a comma unless allowed', async () => {
		const parameters = sequenceParameters('Load_Actuals', {
			substitutionVariables: { variable: [{ name: 'pEntities', value: 'Acme US,Acme UK' }] },
		});
		const refused = await runOneStreamNode({ parameters, credentials: credentialsFor(standIn) });
		expect(nodeErrorMessage(refused)).toContain('comma');
		expect(standIn.requests).toHaveLength(0);

		const allowed = await runOneStreamNode({
			parameters: { ...parameters, options: { allowCommasInValues: true } },
			credentials: credentialsFor(standIn),
		});
		expect(allowed.status).toBe('success');
		expect(
			(onlyRequestTo(standIn, ENDPOINT).body as { CustomSubstVarsAsCommaSeparatedPairs: string })
				.CustomSubstVarsAsCommaSeparatedPairs,
		).toBe('pEntities=[Acme US,Acme UK]');
		expect(standIn.runs[0].substitutionVariables).toEqual({ pEntities: 'Acme US,Acme UK' });
	});

	it('fails without a credential', async () => {
		const result = await runOneStreamNode({
			parameters: sequenceParameters('Load_Actuals'),
			credentials: null,
		});
		expect(result.status).toBe('error');
		expect(standIn.requests).toHaveLength(0);
	});
});
