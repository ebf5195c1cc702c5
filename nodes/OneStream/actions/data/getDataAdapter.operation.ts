import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pollSchedule } from '../../read/envelope';
import { dataAdapter, DEFAULT_WORKSPACE } from '../../read/sources';
import { booleanParameter, choiceParameter } from '../../shared/parameters';
import type { ExecutionState } from '../node.type';
import {
	envelopeSettings,
	readOperationInputs,
	readOperationProperties,
	readToItems,
} from '../readOperation';

const apiVersion = choiceParameter<'5.2.0' | '7.2.0'>({
	displayName: 'API Version',
	name: 'apiVersion',
	default: '5.2.0',
	options: [
		{
			name: '5.2.0 (Recommended)',
			value: '5.2.0',
			description:
				'One call with the token. Works for application adapters; choose it unless told otherwise.',
		},
		{
			name: '7.2.0',
			value: '7.2.0',
			description:
				'Signs in, opens the application, then runs the adapter in that session. The documented route for system-level adapters.',
		},
	],
}).inOptions();

const isSystemLevel = booleanParameter({
	displayName: 'System Level Adapter',
	name: 'isSystemLevel',
	type: 'boolean',
	default: false,
	description:
		'Whether the adapter belongs to a system-level workspace (shared by all applications) rather than to this application. OneStream documents it for API version 7.2.0 (IsSystemLevel); with 5.2.0 it is sent only when on.',
}).inOptions();

export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['getDataAdapter'] } },
	readOperationProperties({
		object: dataAdapter.properties,
		// The poll schedule is for 7.2.0 answers only: shown when API Version (beside it) is 7.2.0.
		options: [
			apiVersion,
			isSystemLevel,
			pollSchedule.with({ displayOptions: { show: { apiVersion: ['7.2.0'] } } }),
		],
	}),
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const { parameters, inputs, target } = readOperationInputs.call(this, itemIndex, state);
	const adapter = dataAdapter.get(parameters);
	const request = dataAdapter.request(target, adapter, inputs.substitutionVariables.list);
	const systemLevel = isSystemLevel.get(parameters);

	if (apiVersion.get(parameters) === '7.2.0') {
		const session = await state.reader.applicationSession(inputs.applicationName, inputs.settings);
		return await readToItems.call(this, state, inputs, {
			...request,
			apiVersion: '7.2.0',
			body: {
				IsSystemLevel: systemLevel,
				AdapterName: adapter.adapterName,
				WorkspaceName: adapter.workspaceName || DEFAULT_WORKSPACE,
				ResultDataTableName: inputs.resultTableName,
				CustomSubstVarsAsCommaSeparatedPairs: inputs.substitutionVariables.text,
				SI: session,
			},
			// Whether this route answers with the Analytics envelope is not known: followed if so.
			// The poll's body as OneStream's connector sends it: IsSystemLevel as "True"/"False".
			envelope: envelopeSettings(parameters, inputs, {
				IsSystemLevel: systemLevel ? 'True' : 'False',
				SI: session,
			}),
		});
	}
	// Documented for 7.2.0 only; one public script sends it with 5.2.0. Sent only when on.
	if (systemLevel) request.body = { ...request.body, IsSystemLevel: true };
	return await readToItems.call(this, state, inputs, request);
}
