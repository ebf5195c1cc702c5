/** Cube → Get Dimension Hierarchy (`Analytics/GetDimensionHierarchy`): the body and the rows. */
import type { StandIn } from '../../../../standin/index.cjs';
import { runOneStreamNode } from '../../../../support/harness.cjs';
import {
	applicationByName,
	credentialsFor,
	jsonOf,
	nodeErrorMessage,
	onlyRequestTo,
	startTestStandIn,
} from '../../../../support/standIn.cjs';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn({ analytics: { pageRows: 3 } });
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

it('sends the dimension type, scenario type and descriptions as strings; the pages make one table', async () => {
	const result = await runOneStreamNode({
		parameters: {
			resource: 'cube',
			operation: 'getDimensionHierarchy',
			applicationName: applicationByName(),
			cubeName: 'AcmeCorp',
			dimensionType: 'Entity',
			includeDescriptions: true,
		},
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect(onlyRequestTo(standIn, 'Analytics/GetDimensionHierarchy').body).toEqual({
		DimensionType: 'Entity',
		IncludeDescriptions: 'True',
		ScenarioType: 'Default',
		CubeName: 'AcmeCorp',
		// No IsSystemLevel: OneStream's connector sends it only to GetCubeList, GetDataAdapter and
		// GetDataRequest.
		SI: { XfBytes: expect.any(String) },
	});
	// 8 members in pages of 3: the rows of all three pages, in order.
	expect(jsonOf(result.output).map((row) => [row.Parent, row.Member, row.Member_Desc])).toEqual([
		[null, 'Total_Acme', 'Acme Group'],
		['Total_Acme', 'US', 'United States'],
		['US', 'Houston', 'Houston Operations'],
		['US', 'Dallas', 'Dallas Operations'],
		['US', 'Austin', 'Austin Operations'],
		['Total_Acme', 'Europe', 'Europe'],
		['Europe', 'London', 'London Office'],
		['Europe', 'Paris', 'Paris Office'],
	]);
});

it("shows OneStream's refusal of a dimension type it does not know", async () => {
	const result = await runOneStreamNode({
		parameters: {
			resource: 'cube',
			operation: 'getDimensionHierarchy',
			applicationName: applicationByName(),
			cubeName: 'AcmeCorp',
			dimensionType: 'Product',
		},
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toContain("Invalid dimension type 'Product'.");
});
