/**
 * Data → Run SQL Query against the application, framework and an external database.
 */
import type { IDataObject } from 'n8n-workflow';

import type { StandIn } from '../../../../standin/index.cjs';
import { NON_ADMIN_PAT, sampleData, VALID_PAT } from '../../../../standin/index.cjs';
import { runOneStreamNode } from '../../../../support/harness.cjs';
import {
	APPLICATION,
	applicationByName,
	credentialsFor,
	expectOneStreamHeaders,
	jsonOf,
	nodeErrorMessage,
	onlyRequestTo,
	pairedIndexes,
	startTestStandIn,
} from '../../../../support/standIn.cjs';

const ENDPOINT = 'DataProvider/GetAdoDataSetForSqlCommand';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

function sqlParameters(sqlQuery: string, extra: Record<string, unknown> = {}) {
	return {
		resource: 'data',
		operation: 'runSql',
		applicationName: applicationByName(),
		sqlQuery,
		...extra,
	};
}

const data = sampleData();

it('sends the documented body, with |!placeholders!| filled by the server, and returns the rows', async () => {
	const sqlQuery =
		'SELECT Name, Description FROM Member WHERE DimType = |!pDim!| ORDER BY Name DESC';
	const result = await runOneStreamNode({
		parameters: sqlParameters(sqlQuery, {
			substitutionVariables: { variable: [{ name: 'pDim', value: "'Scenario'" }] },
		}),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	const request = onlyRequestTo(standIn, ENDPOINT);
	expectOneStreamHeaders(request, VALID_PAT, '5.2.0');
	expect(request.body).toEqual({
		BaseWebServerUrl: `${standIn.url}/OneStreamWeb`,
		ApplicationName: APPLICATION,
		SqlQuery: sqlQuery,
		DbLocation: 'Application',
		XFExternalDBConnectionName: '',
		ResultDataTableName: 'Results',
		CustomSubstVarsAsCommaSeparatedPairs: "pDim=['Scenario']",
	});
	const members = data.applications[0].tables.Member.rows
		.filter((row) => row.DimType === 'Scenario')
		.map((row): IDataObject => ({ Name: row.Name, Description: row.Description }))
		.sort((a, b) => String(b.Name).localeCompare(String(a.Name)));
	expect(members).toHaveLength(2);
	expect(jsonOf(result.output)).toEqual(members);
	expect(pairedIndexes(result.output)).toEqual([0, 0]);
});

it('reads the framework database', async () => {
	const result = await runOneStreamNode({
		parameters: sqlParameters('SELECT Name, IsEnabled FROM SecUser', { dbLocation: 'Framework' }),
		credentials: credentialsFor(standIn),
	});
	expect((onlyRequestTo(standIn, ENDPOINT).body as { DbLocation: string }).DbLocation).toBe(
		'Framework',
	);
	expect(jsonOf(result.output)).toEqual(data.frameworkTables.SecUser.rows);
});

it('reads an external connection by name', async () => {
	const result = await runOneStreamNode({
		parameters: sqlParameters("SELECT OrderId, Customer FROM Orders WHERE Status = 'Cancelled'", {
			dbLocation: 'External',
			externalConnectionName: ' Warehouse ',
		}),
		credentials: credentialsFor(standIn),
	});
	const body = onlyRequestTo(standIn, ENDPOINT).body as {
		DbLocation: string;
		XFExternalDBConnectionName: string;
	};
	expect(body.DbLocation).toBe('External');
	expect(body.XFExternalDBConnectionName).toBe('Warehouse');
	const expected = data.externalConnections.Warehouse.Orders.rows
		.filter((row) => row.Status === 'Cancelled')
		.map((row) => ({ OrderId: row.OrderId, Customer: row.Customer }));
	expect(expected.length).toBeGreaterThan(0);
	expect(jsonOf(result.output)).toEqual(expected);
});

it('refuses External without a connection name before sending anything', async () => {
	const result = await runOneStreamNode({
		parameters: sqlParameters('SELECT * FROM Orders', {
			dbLocation: 'External',
			externalConnectionName: '={{ "" }}',
		}),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toBe('External Connection Name is empty');
	expect(standIn.requests).toHaveLength(0);
});

it('refuses a query whose |!placeholder!| no variable fills, before sending anything', async () => {
	const result = await runOneStreamNode({
		parameters: sqlParameters('SELECT * FROM Member WHERE DimType = |!pDim!|'),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain('|!pDim!|');
	expect(standIn.requests).toHaveLength(0);
});

it('says that SQL needs the Administrator role (403)', async () => {
	const result = await runOneStreamNode({
		parameters: sqlParameters('SELECT * FROM Member'),
		credentials: credentialsFor(standIn, NON_ADMIN_PAT),
	});
	expect(nodeErrorMessage(result)).toContain('403');
	expect(String(result.nodeError?.description)).toContain('Administrator');
	expect(standIn.countRequests({ endpoint: ENDPOINT })).toBe(1);
});

it('reports the SQL error text (500)', async () => {
	const result = await runOneStreamNode({
		parameters: sqlParameters('SELECT * FROM NoSuchTable'),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain("Invalid object name 'NoSuchTable'.");
});
