import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	apiVersion,
	isSystemLevel,
	pollSchedule,
	readOptionsProperty,
	runningStatuses,
} from '../../shared/options';
import {
	applicationName,
	itemParameters,
	objectLocator,
	output,
	resultTableName,
	workspaceLocator,
} from '../../shared/parameters';
import { substitutionVariablesProperty } from '../../shared/substitutionVariables';
import { substitutionVariablesJson } from '../../shared/agent';
import type { ExecutionState } from '../node.type';
import {
	agentReadProperties,
	dataProviderBody,
	envelopeSettings,
	readReadInputs,
	runRead,
} from '../read';

const adapter = objectLocator({
	name: 'adapterName',
	displayName: 'Data Adapter',
	searchListMethod: 'searchDataAdapters',
	example: 'GL_Export',
	description: 'The dashboard data adapter to run',
	required: true,
});

const workspace = workspaceLocator('adapter');

/** Sent when the Workspace is left empty, as public clients do for application adapters. */
const DEFAULT_WORKSPACE = 'Default';

const properties: INodeProperties[] = [
	applicationName.property,
	workspace.property,
	adapter.property,
	resultTableName.property,
	substitutionVariablesProperty,
	substitutionVariablesJson,
	...output.properties,
	...agentReadProperties,
	readOptionsProperty([
		apiVersion.property,
		isSystemLevel.property,
		pollSchedule.property,
		runningStatuses.property,
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['data'], operation: ['getDataAdapter'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const read = itemParameters(this, itemIndex);
	const inputs = readReadInputs(read, state);
	const adapterName = adapter.read(read);
	const workspaceName = workspace.read(read) || DEFAULT_WORKSPACE;
	const subject = `data adapter "${adapterName}"`;
	const fileBaseName = adapterName;

	if (apiVersion.read(inputs.options) === '7.2.0') {
		const session = await state.client.applicationSession(inputs.applicationName, inputs.limits);
		const systemLevel = isSystemLevel.read(inputs.options);
		return await runRead.call(this, state, inputs, {
			endpoint: 'DataProvider/GetAdoDataSetForAdapter',
			apiVersion: '7.2.0',
			subject,
			fileBaseName,
			body: {
				IsSystemLevel: systemLevel,
				AdapterName: adapterName,
				WorkspaceName: workspaceName,
				ResultDataTableName: inputs.resultTableName,
				CustomSubstVarsAsCommaSeparatedPairs: inputs.substitutionVariables.text,
				SI: session,
			},
			// Whether this route answers with the Analytics envelope is not known: followed if so.
			// The poll's body as OneStream's connector sends it: IsSystemLevel as "True"/"False".
			envelope: envelopeSettings(inputs, {
				IsSystemLevel: systemLevel ? 'True' : 'False',
				SI: session,
			}),
		});
	}

	return await runRead.call(this, state, inputs, {
		endpoint: 'DataProvider/GetAdoDataSetForAdapter',
		apiVersion: '5.2.0',
		subject,
		fileBaseName,
		body: dataProviderBody(state, inputs, {
			WorkspaceName: workspaceName,
			AdapterName: adapterName,
			// Documented for 7.2.0 only; one public script sends it with 5.2.0. Sent only when on.
			...(isSystemLevel.read(inputs.options) ? { IsSystemLevel: true } : {}),
		}),
	});
}
