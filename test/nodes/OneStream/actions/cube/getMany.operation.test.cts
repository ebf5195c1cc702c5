/** Cube → Get Many (`Analytics/GetCubeList`, 7.2.0): one item per cube, Limit, and odd answers. */
import type { IDataObject } from 'n8n-workflow';

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

const ROUTE = 'Analytics/GetCubeList';
let standIn: StandIn;

beforeAll(async () => {
	standIn = await startTestStandIn();
});

afterAll(async () => {
	await standIn.close();
});

beforeEach(() => standIn.reset());

const getMany = (extra: IDataObject = {}) => ({
	resource: 'cube',
	operation: 'getMany',
	applicationName: applicationByName(),
	...extra,
});

it('opens the application and lists its cubes, one item each', async () => {
	const result = await runOneStreamNode({
		parameters: getMany(),
		credentials: credentialsFor(standIn),
	});
	expect(result.status).toBe('success');
	expect(jsonOf(result.output)).toEqual([
		{ CubeName: 'AcmeCorp' },
		{ CubeName: 'AcmePlan' },
		{ CubeName: 'EmptyCube' },
	]);
	expect(onlyRequestTo(standIn, ROUTE).body).toEqual({
		IsSystemLevel: 'False',
		SI: { XfBytes: expect.any(String) },
	});
	expect(onlyRequestTo(standIn, 'Application/OpenApplication')).toBeDefined();
});

it('returns at most Limit cubes when Return All is off', async () => {
	const result = await runOneStreamNode({
		parameters: getMany({ returnAll: false, limit: 2 }),
		credentials: credentialsFor(standIn),
	});
	expect(jsonOf(result.output).map((cube) => cube.CubeName)).toEqual(['AcmeCorp', 'AcmePlan']);
});

it('takes rows of an envelope, and refuses an answer that has no list', async () => {
	const envelope = { Status: 'Completed', DataResult: [{ CubeName: 'X', Description: 'x' }] };
	standIn.addFault({
		endpoint: ROUTE,
		times: 1,
		fault: {
			kind: 'raw',
			status: 200,
			contentType: 'application/json',
			body: JSON.stringify(envelope),
		},
	});
	const rows = await runOneStreamNode({
		parameters: getMany(),
		credentials: credentialsFor(standIn),
	});
	expect(jsonOf(rows.output)).toEqual([{ CubeName: 'X', Description: 'x' }]);
	standIn.addFault({
		endpoint: ROUTE,
		fault: {
			kind: 'raw',
			status: 200,
			contentType: 'application/json',
			body: '{"Cubes":"AcmeCorp"}',
		},
	});
	const odd = await runOneStreamNode({
		parameters: getMany(),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(odd)).toBe(
		'OneStream\'s answer for the cubes of application "AcmeConsolidation" is not a list of cubes',
	);
});

it('says what to check when the route is refused although the token signed in', async () => {
	standIn.addFault({ endpoint: ROUTE, fault: { kind: 'status', status: 404 } });
	const result = await runOneStreamNode({
		parameters: getMany(),
		credentials: credentialsFor(standIn),
	});
	expect(nodeErrorMessage(result)).toMatch(
		/^OneStream refused Analytics\/GetCubeList for the cubes of application "AcmeConsolidation" \(404\)/,
	);
	expect(String(result.nodeError?.description)).toContain('platform 8.2 or later');
});
