import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readCubeList } from '../../read/cubes';
import { readLimitsOptions, readSettings } from '../../read/request';
import {
	applicationName,
	booleanParameter,
	integerParameter,
	itemParameters,
	optionsProperty,
} from '../../shared/parameters';
import type { ExecutionState } from '../node.type';
import { readSharingNotice, runIdenticalReadsOnce } from '../readSharing';

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
	readSharingNotice,
	applicationName.property,
	returnAll.property,
	limit.property,
	optionsProperty([...readLimitsOptions, runIdenticalReadsOnce]),
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
	const application = applicationName.get(parameters);
	const settings = readSettings(parameters);
	const count = returnAll.get(parameters) ? undefined : limit.get(parameters);
	const read = async () => {
		const cubes = await readCubeList(state.reader, application, settings);
		return cubes.slice(0, count).map((json) => ({ json }));
	};
	if (state.toolCall || !runIdenticalReadsOnce.get(parameters)) return await read();
	const key = JSON.stringify(['cubes', application, settings, count]);
	return await state.reads.run(key, itemIndex, read);
}
