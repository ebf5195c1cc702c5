/** Cube → Get Member Properties (`Analytics/GetMemberPropertiesForDimension`): rows, as a file too. */
import type { StandIn } from '../../../../standin/index.cjs';
import { binaryContent, runOneStreamNode } from '../../../../support/harness.cjs';
import {
	applicationByName,
	credentialsFor,
	jsonOf,
	onlyRequestTo,
	startTestStandIn,
} from '../../../../support/standIn.cjs';

let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn({ analytics: { pageRows: 4 } });
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

const parameters = (extra: Record<string, unknown> = {}) => ({
	resource: 'cube',
	operation: 'getMemberProperties',
	applicationName: applicationByName(),
	cubeName: 'AcmeCorp',
	dimensionType: 'Account',
	scenarioType: 'Actual',
	...extra,
});

it('returns each member once with its properties', async () => {
	const result = await runOneStreamNode({
		parameters: parameters(),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect(onlyRequestTo(standIn, 'Analytics/GetMemberPropertiesForDimension').body).toMatchObject({
		DimensionType: 'Account',
		ScenarioType: 'Actual',
		IncludeDescriptions: 'False',
	});
	expect(
		onlyRequestTo(standIn, 'Analytics/GetMemberPropertiesForDimension').body,
	).not.toHaveProperty('IsSystemLevel');
	expect(jsonOf(result.output)).toEqual([
		{ Member: 'NetIncome', AccountType: 'Revenue', IsConsolidated: true },
		{ Member: 'Revenue', AccountType: 'Revenue', IsConsolidated: true },
		{ Member: 'Sales', AccountType: 'Revenue', IsConsolidated: true },
		{ Member: 'Services', AccountType: 'Revenue', IsConsolidated: true },
		{ Member: 'Expenses', AccountType: 'Expense', IsConsolidated: true },
		{ Member: 'COGS', AccountType: 'Expense', IsConsolidated: true },
		{ Member: 'Opex', AccountType: 'Expense', IsConsolidated: true },
	]);
});

it('writes the members of every page to one JSON file named after the cube and dimension', async () => {
	const result = await runOneStreamNode({
		parameters: parameters({ output: 'file', fileFormat: 'json' }),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	const [file] = result.output;
	expect(file.json).toMatchObject({
		table: 'MemberProperties',
		rowCount: 7,
		fileName: 'AcmeCorp-Account-MemberProperties.json',
	});
	const binary = file.binary?.data;
	expect(binary).toBeDefined();
	const members = JSON.parse(
		(binary ? await binaryContent(binary) : Buffer.alloc(0)).toString('utf8'),
	) as Array<{ Member: string }>;
	expect(members.map((member) => member.Member)).toEqual([
		'NetIncome',
		'Revenue',
		'Sales',
		'Services',
		'Expenses',
		'COGS',
		'Opex',
	]);
});
