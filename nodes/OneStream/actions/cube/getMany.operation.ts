import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readCubeList } from '../../read/cubes';
import { readLimitsOptionsProperty, readSettings } from '../../read/request';
import {
	applicationName,
	booleanParameter,
	integerParameter,
	itemParameters,
} from '../../shared/parameters';
import type { ExecutionState } from '../node.type';

/* `Analytics/GetCubeList`: the application's cube names, one item each ({ CubeName }). */

const returnAll = booleanParameter({
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: true,
	description: 'Whether to return all results or only up to a given limit',
});

const limit = integerParameter({
	displayName: 'Limit',
	name: 'limit',
	label: 'Limit',
	min: 1,
	max: 1_000_000,
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
});

const properties: INodeProperties[] = [
	applicationName.property,
	returnAll.property,
	limit.property,
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
	const parameters = itemParameters(this, itemIndex);
	const cubes = await readCubeList(
		state.reader,
		applicationName.get(parameters),
		readSettings(parameters),
	);
	const all = returnAll.get(parameters);
	return (all ? cubes : cubes.slice(0, limit.get(parameters))).map((json) => ({ json }));
}
