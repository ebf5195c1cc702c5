import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	apiVersionOption,
	booleanOption,
	READ_TIMEOUT_DEFAULT_MS,
	retryPolicyOption,
	stringParameter,
	timeoutOption,
} from '../../helpers/parameters';
import { optionalName, requireName } from '../../helpers/validation';
import { openApplication } from '../../transport/session';
import {
	applicationNameProperty,
	outputProperties,
	readOptionsCollection,
	resultTableNameProperty,
	substitutionVariablesProperty,
} from '../common.descriptions';
import type { ExecutionState } from '../node.type';
import { dataProviderBody, readDataQueryInputs, runDataQuery } from '../runners';

const properties: INodeProperties[] = [
	applicationNameProperty,
	{
		displayName: 'Adapter Name',
		name: 'adapterName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. GL_Export',
		description: 'The dashboard data adapter to run',
	},
	{
		displayName: 'Workspace Name',
		name: 'workspaceName',
		type: 'string',
		default: 'Default',
		placeholder: 'e.g. Default',
		description: 'The workspace that holds the adapter',
	},
	resultTableNameProperty,
	substitutionVariablesProperty,
	...outputProperties,
	readOptionsCollection([
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			default: '5.2.0',
			options: [
				{ name: '5.2.0', value: '5.2.0', description: 'One call, authorised by the token alone' },
				{ name: '7.2.0', value: '7.2.0', description: 'Logon, then open the application, then call the adapter with the session' },
			],
		},
		{
			displayName: 'System Level Adapter',
			name: 'isSystemLevel',
			type: 'boolean',
			default: false,
			displayOptions: { show: { apiVersion: ['7.2.0'] } },
			description: 'Whether the adapter is defined at system level rather than in the application (API version 7.2.0)',
		},
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
	const inputs = readDataQueryInputs.call(this, itemIndex);
	const adapterName = requireName(stringParameter(this, 'adapterName', itemIndex), 'Adapter Name', 'GL_Export');
	const workspaceName = optionalName(stringParameter(this, 'workspaceName', itemIndex));
	const subject = `data adapter "${adapterName}"`;

	if (apiVersionOption(inputs.options) === '7.2.0') {
		const { applicationName } = inputs;
		let session = state.applicationSessions.get(applicationName);
		if (!session) {
			session = openApplication(
				this,
				state.connection,
				applicationName,
				retryPolicyOption(inputs.options),
				timeoutOption(inputs.options, READ_TIMEOUT_DEFAULT_MS),
			);
			state.applicationSessions.set(applicationName, session);
			// A failed logon is reported by the item that awaits it; later items try again.
			session.catch(() => state.applicationSessions.delete(applicationName));
		}
		return await runDataQuery.call(this, itemIndex, state, {
			endpoint: 'DataProvider/GetAdoDataSetForAdapter',
			apiVersion: '7.2.0',
			subject,
			body: {
				IsSystemLevel: booleanOption(inputs.options, 'isSystemLevel', false),
				AdapterName: adapterName,
				WorkspaceName: workspaceName,
				ResultDataTableName: inputs.resultTableName,
				CustomSubstVarsAsCommaSeparatedPairs: inputs.substitutionVariables.text,
				SI: await session,
			},
			inputs,
			envelope: true,
		});
	}

	return await runDataQuery.call(this, itemIndex, state, {
		endpoint: 'DataProvider/GetAdoDataSetForAdapter',
		apiVersion: '5.2.0',
		subject,
		body: dataProviderBody(state, inputs, { WorkspaceName: workspaceName, AdapterName: adapterName }),
		inputs,
	});
}
