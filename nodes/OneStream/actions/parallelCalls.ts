import { integerParameter } from '../shared/parameters';

/** How many input items run at once: an option of every operation, read once by the router. */
export const parallelCalls = integerParameter({
	name: 'concurrency',
	displayName: 'Parallel Calls',
	label: 'Parallel Calls',
	default: 1,
	min: 1,
	max: 32,
	maxInEditor: true,
	description:
		'How many input items to query at the same time. Output order always follows input order.',
}).inOptions();
