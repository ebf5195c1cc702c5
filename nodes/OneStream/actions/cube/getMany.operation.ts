import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { cubesOf } from '../../shared/cubes';
import { readOptionsCollection, applicationName, itemParameters } from '../../shared/parameters';
import { readLimits, readLimitsOptionsProperty } from '../../shared/options';
import type { ExecutionState } from '../node.type';
import { flag } from './cube';

/* `Analytics/GetCubeList`: the application's cube names, one item each ({ CubeName }). */

const properties: INodeProperties[] = [
	applicationName.property,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	readLimitsOptionsProperty,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['cube'], operation: ['getMany'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const read = itemParameters(this, itemIndex);
	const options = readOptionsCollection(read);
	const limits = readLimits(options);
	const application = applicationName.read(read);
	const session = await state.client.applicationSession(application, limits);
	const subject = `the cubes of application "${application}"`;
	const answer = await state.client.readJsonList({
		endpoint: 'Analytics/GetCubeList',
		apiVersion: '7.2.0',
		subject,
		body: { IsSystemLevel: flag(false), SI: session },
		...limits,
	});
	const cubes = cubesOf(answer, subject);
	const returnAll = read('returnAll', true) !== false;
	const limit = Math.max(1, Number(read('limit', 50)) || 50);
	return (returnAll ? cubes : cubes.slice(0, limit)).map((json) => ({ json }));
}
