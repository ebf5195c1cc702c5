/**
 * Data → Get Data Adapter, 5.2.0 and 7.2.0 (Logon → OpenApplication → adapter with SI), with the
 * three output modes. Expected rows come from the stand-in's own data, files are typed out by hand.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DataRow, StandIn, StandInData } from '../../../../standin/index.cjs';
import { NO_ROLE_PAT, sampleData, VALID_PAT } from '../../../../standin/index.cjs';
import { bigExportRow, factRows } from '../../../../standin/data.cjs';
import { binaryContent, runOneStreamNode } from '../../../../support/harness.cjs';
import { waitUntil } from '../../../../support/jobFaults.cjs';
import {
	APPLICATION,
	applicationByName,
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

const ENDPOINT = 'DataProvider/GetAdoDataSetForAdapter';

/**
 * A small adapter whose values need every CSV rule: commas, quotes, CR/LF, unicode, leading and
 * trailing spaces, null, numbers, booleans, and a column only the second row has.
 */
const TRICKY_ROWS: DataRow[] = [
	{ Id: 1, Name: 'Plain', Note: 'a,b', Amount: 1.5, Ok: true },
	{
		Id: 2,
		Name: 'He said "hi"',
		Note: 'line1\r\nline2',
		Amount: -20,
		Ok: false,
		Extra: 'only here',
	},
	{ Id: 3, Name: ' padded ', Note: null, Amount: 0, Ok: true },
	{ Id: 4, Name: 'Zürich – 東京 🚀', Note: 'x\ny', Amount: 1e21, Ok: false },
];

const TRICKY_CSV =
	'Id,Name,Note,Amount,Ok,Extra\r\n' +
	'1,Plain,"a,b",1.5,true,\r\n' +
	'2,"He said ""hi""","line1\r\nline2",-20,false,only here\r\n' +
	'3," padded ",,0,true,\r\n' +
	'4,Zürich – 東京 🚀,"x\ny",1e+21,false,\r\n';

function dataWithTrickyAdapter(): StandInData {
	const data = sampleData();
	for (const application of data.applications) {
		application.adapters.push({
			name: 'Tricky_Export',
			workspace: 'Default',
			isSystemLevel: false,
			rows: () => TRICKY_ROWS,
		});
		application.adapters.push({
			name: 'GL/Export: "2026"?',
			workspace: 'Default',
			isSystemLevel: false,
			rows: () => TRICKY_ROWS,
		});
	}
	return data;
}

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn({ data: dataWithTrickyAdapter() });
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => {
	standIn.reset();
	standIn.setOptions({ sessionInfoKey: 'XfBytes' });
});

function adapterParameters(adapterName: string, extra: Record<string, unknown> = {}) {
	return {
		resource: 'data',
		operation: 'getDataAdapter',
		applicationName: applicationByName(),
		adapterName,
		...extra,
	};
}

function glRows(filter: (row: DataRow) => boolean): IDataObject[] {
	return factRows().filter(filter) as IDataObject[];
}

describe('Result Table Name, now in Options', () => {
	it.each<[string, Record<string, unknown>, string]>([
		['in Options', { options: { resultTableName: 'Lines' } }, 'Lines'],
		['saved at the top level before it moved', { resultTableName: 'Saved' }, 'Saved'],
		[
			'in both: Options wins',
			{ resultTableName: 'Saved', options: { resultTableName: 'Lines' } },
			'Lines',
		],
		['nowhere: Results', {}, 'Results'],
	])('is read %s', async (_label, extra, sent) => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('GL_Export', extra),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		expect(
			(onlyRequestTo(standIn, 'DataProvider/GetAdoDataSetForAdapter').body as IDataObject)
				.ResultDataTableName,
		).toBe(sent);
	});
});

describe('5.2.0', () => {
	it('sends the documented body and returns one item per row', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('GL_Export', {
				substitutionVariables: {
					variable: [
						{ name: 'pScenario', value: 'Budget' },
						{ name: 'pTime', value: '2026M2' },
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
			WorkspaceName: 'Default',
			AdapterName: 'GL_Export',
			ResultDataTableName: 'Results',
			CustomSubstVarsAsCommaSeparatedPairs: 'pScenario=[Budget],pTime=[2026M2]',
		});
		const expected = glRows((row) => row.Scenario === 'Budget' && row.Time === '2026M2');
		expect(expected.length).toBeGreaterThan(0);
		expect(jsonOf(result.output)).toEqual(expected);
		expect(new Set(pairedIndexes(result.output))).toEqual(new Set([0]));
	});

	it('pairs every row with the item that asked for it', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('GL_Export', {
				substitutionVariables: {
					variable: [
						{ name: 'pEntity', value: '={{ $json.entity }}' },
						{ name: 'pTime', value: '2026M1' },
						{ name: 'pScenario', value: 'Actual' },
					],
				},
			}),
			items: [{ entity: 'Acme UK' }, { entity: 'Acme DE' }],
			credentials: credentialsFor(standIn),
		});
		const uk = glRows(
			(row) => row.Entity === 'Acme UK' && row.Time === '2026M1' && row.Scenario === 'Actual',
		);
		const de = glRows(
			(row) => row.Entity === 'Acme DE' && row.Time === '2026M1' && row.Scenario === 'Actual',
		);
		expect(jsonOf(result.output)).toEqual([...uk, ...de]);
		expect(pairedIndexes(result.output)).toEqual([...uk.map(() => 0), ...de.map(() => 1)]);
		expectInputUntouched(result);
	});

	it('returns one item per table', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('Tricky_Export', {
				output: 'table',
				resultTableName: 'Tricky',
			}),
			credentials: credentialsFor(standIn),
		});
		expect(jsonOf(result.output)).toEqual([
			{ table: 'Tricky', rowCount: TRICKY_ROWS.length, rows: TRICKY_ROWS },
		]);
		expect(pairedIndexes(result.output)).toEqual([0]);
	});

	it('writes an RFC 4180 CSV file, byte for byte', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('Tricky_Export', { output: 'file' }),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		expect(result.output).toHaveLength(1);
		const [item] = result.output;
		const expectedBytes = Buffer.from(TRICKY_CSV, 'utf8');
		expect(item.json).toEqual({
			table: 'Results',
			rowCount: 4,
			fileName: 'Tricky_Export.csv',
			fileFormat: 'csv',
			fileSize: expectedBytes.length,
		});
		const binary = item.binary?.data;
		expect(binary).toBeDefined();
		if (!binary) return;
		expect(binary.mimeType).toBe('text/csv');
		expect(binary.fileName).toBe('Tricky_Export.csv');
		// n8n-core 2.0.0's default mode keeps the bytes on disk and only a reference in the item.
		expect(binary.id).toMatch(/^filesystem-v2:/);
		expect((await binaryContent(binary)).equals(expectedBytes)).toBe(true);
		expect(pairedIndexes(result.output)).toEqual([0]);
	});

	it('names the file after an adapter whose name has characters file drops refuse, replacing them', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('GL/Export: "2026"?', { output: 'file', fileFormat: 'json' }),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		expect(result.output[0].json.fileName).toBe('GL_Export_ _2026__.json');
		expect(result.output[0].binary?.data.fileName).toBe('GL_Export_ _2026__.json');
	});

	it('writes a JSON file of the rows, in another binary field and under the name asked for', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('Tricky_Export', {
				output: 'file',
				fileFormat: 'json',
				binaryPropertyName: 'export',
				options: { fileName: 'tricky.json' },
			}),
			credentials: credentialsFor(standIn),
		});
		const [item] = result.output;
		const binary = item.binary?.export;
		expect(binary).toBeDefined();
		if (!binary) return;
		expect(binary.mimeType).toBe('application/json');
		expect(binary.fileName).toBe('tricky.json');
		const content = await binaryContent(binary);
		expect(JSON.parse(content.toString('utf8'))).toEqual(TRICKY_ROWS);
		expect(content.equals(Buffer.from(JSON.stringify(TRICKY_ROWS), 'utf8'))).toBe(true);
		expect(item.json).toMatchObject({
			table: 'Results',
			rowCount: 4,
			fileName: 'tricky.json',
			fileFormat: 'json',
			fileSize: content.length,
		});
	});

	it('names an unknown adapter with the server text (400)', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('No_Such_Adapter'),
			credentials: credentialsFor(standIn),
		});
		expect(nodeErrorMessage(result)).toContain("Invalid Data Adapter name 'No_Such_Adapter'.");
	});

	it('reports an adapter error (500) with Message and Detail', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('GL_Export', {
				substitutionVariables: { variable: [{ name: 'pEntity', value: 'Nowhere Ltd' }] },
			}),
			credentials: credentialsFor(standIn),
		});
		const message = nodeErrorMessage(result);
		expect(message).toContain("Error processing 'GL_Export'.");
		expect(message).toContain("Invalid Entity member name 'Nowhere Ltd'.");
	});

	it('returns every table with the Tables option set to All Tables', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('Tricky_Export', {
				resultTableName: 'Mine',
				options: { tables: 'all' },
			}),
			credentials: credentialsFor(standIn),
		});
		expect(jsonOf(result.output)).toEqual(TRICKY_ROWS);
	});

	it('reports an Error table inside a 200 answer as an error, with its message', async () => {
		standIn.addFault({
			endpoint: ENDPOINT,
			times: 1,
			fault: { kind: 'errorTable200', message: 'Adapter query timed out in OneStream' },
		});
		const result = await runOneStreamNode({
			parameters: adapterParameters('GL_Export'),
			credentials: credentialsFor(standIn),
		});
		expect(nodeErrorMessage(result)).toContain('Adapter query timed out in OneStream');
	});
});

describe('7.2.0', () => {
	it.each(['XfBytes', 'xfBytes'] as const)(
		'logs on and opens the application once per execution, then passes the SessionInfo (%s)',
		async (key) => {
			standIn.setOptions({ sessionInfoKey: key });
			const result = await runOneStreamNode({
				parameters: adapterParameters('GL_Export', {
					substitutionVariables: {
						variable: [
							{ name: 'pScenario', value: 'Actual' },
							{ name: 'pTime', value: '={{ $json.time }}' },
						],
					},
					options: { apiVersion: '7.2.0', concurrency: 3 },
				}),
				items: [{ time: '2026M1' }, { time: '2026M2' }, { time: '2026M3' }, { time: '2026M4' }],
				credentials: credentialsFor(standIn),
			});
			expect(result.status).toBe('success');

			const logon = onlyRequestTo(standIn, 'Authentication/Logon');
			expectOneStreamHeaders(logon, VALID_PAT, '7.2.0');
			expect(logon.body).toEqual({ BaseWebServerUrl: `${standIn.url}/OneStreamWeb` });
			const open = onlyRequestTo(standIn, 'Application/OpenApplication');
			expectOneStreamHeaders(open, VALID_PAT, '7.2.0');
			// The Logon SessionInfo goes back as { XfBytes }, as OneStream's own connector sends it,
			// whatever the inner key's spelling in the answer; its bytes untouched.
			// (The stand-in finds the session by those bytes: the run succeeding shows they are the ones it gave.)
			const logonSent = (open.body as { SI: Record<string, string> }).SI;
			expect(Object.keys(logonSent)).toEqual(['XfBytes']);
			expect(logonSent.XfBytes).toMatch(/\S{8,}/);
			expect(open.body).toEqual({ ApplicationName: APPLICATION, SI: logonSent });

			const adapterCalls = requestsTo(standIn, ENDPOINT);
			expect(adapterCalls).toHaveLength(4);
			const applicationSi = (adapterCalls[0].body as { SI: Record<string, string> }).SI;
			expect(Object.keys(applicationSi)).toEqual(['XfBytes']);
			expect(applicationSi.XfBytes).not.toBe(logonSent.XfBytes);
			for (const call of adapterCalls) {
				expectOneStreamHeaders(call, VALID_PAT, '7.2.0');
				expect(call.seq).toBeGreaterThan(open.seq);
				const { CustomSubstVarsAsCommaSeparatedPairs: pairs, ...body } = call.body as Record<
					string,
					unknown
				>;
				expect(typeof pairs).toBe('string');
				expect(body).toEqual({
					IsSystemLevel: false,
					AdapterName: 'GL_Export',
					WorkspaceName: 'Default',
					ResultDataTableName: 'Results',
					SI: applicationSi,
				});
			}
			const times = ['2026M1', '2026M2', '2026M3', '2026M4'];
			expect(
				adapterCalls
					.map(
						(call) =>
							(call.body as { CustomSubstVarsAsCommaSeparatedPairs: string })
								.CustomSubstVarsAsCommaSeparatedPairs,
					)
					.sort(),
			).toEqual(times.map((time) => `pScenario=[Actual],pTime=[${time}]`));
			const expected = times.flatMap((time) =>
				glRows((row) => row.Scenario === 'Actual' && row.Time === time),
			);
			expect(jsonOf(result.output)).toEqual(expected);
			expect(pairedIndexes(result.output)).toEqual(
				times.flatMap((time, index) =>
					glRows((row) => row.Scenario === 'Actual' && row.Time === time).map(() => index),
				),
			);
		},
	);

	it('reads a system-level adapter', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('System_Users', {
				options: { apiVersion: '7.2.0', isSystemLevel: true },
			}),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		expect(
			(onlyRequestTo(standIn, ENDPOINT).body as { IsSystemLevel: boolean }).IsSystemLevel,
		).toBe(true);
		expect(jsonOf(result.output)).toEqual(sampleData().frameworkTables.SecUser.rows);
	});

	it('reports a logon refused for the token (403) on every item, without calling the adapter', async () => {
		const result = await runOneStreamNode({
			parameters: adapterParameters('GL_Export', { options: { apiVersion: '7.2.0' } }),
			items: [{}, {}],
			credentials: credentialsFor(standIn, NO_ROLE_PAT),
			onError: 'continueRegularOutput',
		});
		expect(result.output).toHaveLength(2);
		expect(pairedIndexes(result.output)).toEqual([0, 1]);
		for (const item of result.output) expect(String(item.json.error)).toContain('403');
		expect(requestsTo(standIn, ENDPOINT)).toHaveLength(0);
	});
});

describe('Max Rows (option)', () => {
	const big = (rows: number, extra: Record<string, unknown>) =>
		adapterParameters('Big_Export', {
			substitutionVariables: { variable: [{ name: 'pRows', value: String(rows) }] },
			...extra,
		});

	function hintsOf(result: Awaited<ReturnType<typeof runOneStreamNode>>): string[] {
		const runs = result.run.data.resultData.runData.OneStream ?? [];
		return runs.flatMap((run) => (run.hints ?? []).map((hint) => hint.message));
	}

	it('keeps the first rows as items, stops reading there, and says the result was limited', async () => {
		const result = await runOneStreamNode({
			parameters: big(200_000, { options: { maxRows: 25 } }),
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		expect(jsonOf(result.output)).toEqual(
			Array.from({ length: 25 }, (_, index) => bigExportRow(index)),
		);
		expect(hintsOf(result)).toEqual([
			"Only the first 25 rows were read (Max Rows): OneStream's answer has more. Remove the Max Rows option to read every row.",
		]);
		// The rest of the answer was not downloaded: the node closed the connection.
		const request = onlyRequestTo(standIn, ENDPOINT);
		await waitUntil(() => request.complete !== undefined, 5000);
		expect(request.complete).toBe(false);
	});

	it('writes only the first rows to a file, marked limited', async () => {
		const result = await runOneStreamNode({
			parameters: big(200_000, { output: 'file', options: { maxRows: 3 } }),
			credentials: credentialsFor(standIn),
		});
		expect(result.output[0].json).toMatchObject({ rowCount: 3, limited: true });
		const csv = (await binaryContent(result.output[0].binary!.data)).toString('utf8');
		expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(1 + 3);
	});

	it('marks One Item per Table limited', async () => {
		const result = await runOneStreamNode({
			parameters: big(50, { output: 'table', options: { maxRows: 10 } }),
			credentials: credentialsFor(standIn),
		});
		expect(result.output).toHaveLength(1);
		expect(result.output[0].json).toMatchObject({ rowCount: 10, limited: true });
	});

	it('is not limited when the answer has exactly Max Rows rows', async () => {
		const result = await runOneStreamNode({
			parameters: big(10, { output: 'table', options: { maxRows: 10 } }),
			credentials: credentialsFor(standIn),
		});
		expect(result.output[0].json).toMatchObject({ rowCount: 10 });
		expect(result.output[0].json).not.toHaveProperty('limited');
		expect(hintsOf(result)).toEqual([]);
	});

	it('refuses a Max Rows that is not a whole number from 1, before sending', async () => {
		const result = await runOneStreamNode({
			parameters: big(10, { options: { maxRows: 0 } }),
			credentials: credentialsFor(standIn),
		});
		expect(nodeErrorMessage(result)).toContain('The Max Rows option must be a whole number from 1');
		expect(standIn.requests).toHaveLength(0);
	});
});

describe('7.2.0 answered as an envelope', () => {
	const raw = (body: unknown) =>
		({
			kind: 'raw',
			status: 200,
			contentType: 'application/json',
			body: JSON.stringify(body),
		}) as const;

	it('follows it: page 1 from the adapter, page 2 from Analytics/GetDataRequest, in one table', async () => {
		standIn.addFault({
			endpoint: ENDPOINT,
			times: 1,
			fault: raw({
				Status: 'Completed',
				RequestId: 'gl-1',
				TotalPages: 2,
				DataResult: [{ Row: 1 }, { Row: 2 }],
			}),
		});
		standIn.addFault({
			endpoint: 'Analytics/GetDataRequest',
			times: 1,
			fault: raw({
				Status: 'Completed',
				RequestId: 'gl-1',
				TotalPages: 2,
				DataResult: [{ Row: 3 }],
			}),
		});
		const result = await runOneStreamNode({
			parameters: {
				resource: 'data',
				operation: 'getDataAdapter',
				applicationName: applicationByName(),
				adapterName: 'GL_Export',
				resultTableName: 'GL',
				output: 'table',
				options: { apiVersion: '7.2.0' },
			},
			credentials: credentialsFor(standIn),
		});
		expect(result.status).toBe('success');
		expect(jsonOf(result.output)).toEqual([
			{ table: 'GL', rowCount: 3, rows: [{ Row: 1 }, { Row: 2 }, { Row: 3 }] },
		]);
		const poll = onlyRequestTo(standIn, 'Analytics/GetDataRequest');
		expect(poll.rawPath).toContain('page=2');
		expect(poll.body).toEqual({
			IsSystemLevel: 'False',
			SI: { XfBytes: expect.any(String) },
			RequestId: 'gl-1',
		});
	});
});

it('cancelling the execution ends a read whose answer stalled, and closes its connection', async () => {
	standIn.addFault({ endpoint: ENDPOINT, fault: { kind: 'stallMidBody' } });
	const result = await runOneStreamNode({
		// A Timeout of a day: only the cancel can end this read.
		parameters: adapterParameters('GL_Export', { options: { timeoutSeconds: 86_400 } }),
		credentials: credentialsFor(standIn),
		cancelWhen: async () => {
			await waitUntil(() => requestsTo(standIn, ENDPOINT)[0]?.status !== undefined, 30_000);
		},
	});
	expect(result.status).toBe('canceled');
	// The stand-in never ends a stalled answer: the node closed the connection.
	await waitUntil(() => requestsTo(standIn, ENDPOINT)[0]?.complete !== undefined, 30_000);
	expect(requestsTo(standIn, ENDPOINT)[0].complete).toBe(false);
	expect(requestsTo(standIn, ENDPOINT)).toHaveLength(1);
});
