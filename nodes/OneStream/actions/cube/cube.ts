import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pollSchedule } from '../../read/envelope';
import type { GetParameter } from '../../shared/parameters';
import {
	booleanParameter,
	nameParameter,
	objectLocator,
	parameter,
	requiredName,
} from '../../shared/parameters';
import type { ExecutionState, OneStreamOperation } from '../node.type';
import type { ReadInputs } from '../readOperation';
import {
	envelopeSettings,
	readOperationInputs,
	readOperationProperties,
	readToItems,
} from '../readOperation';

/*
 * What the Cube operations share. They call the `Analytics/*` routes of OneStream's Power BI
 * connector (7.2.0, platform 8.2 and later; observed in the connector, not documented): a body of
 * strings ("True"/"False" for booleans) with the application session `SI`, answered in the
 * envelope that the read follows (polls, then pages).
 */

export const cubeName = objectLocator({
	name: 'cubeName',
	displayName: 'Cube',
	searchListMethod: 'searchCubes',
	example: 'AcmeCorp',
	description: 'The cube, as Cube › Get Many lists it',
	required: true,
});

/** OneStream's dimension types (`DimensionType`), e.g. Entity. */
const DIMENSION_TYPES = [
	'Entity',
	'Account',
	'Scenario',
	'Time',
	'Flow',
	'Origin',
	'IC',
	'UD1',
	'UD2',
	'UD3',
	'UD4',
	'UD5',
	'UD6',
	'UD7',
	'UD8',
	'Consolidation',
	'View',
];

const dimensionTypeProperty: INodeProperties = {
	displayName: 'Dimension Type',
	name: 'dimensionType',
	type: 'options',
	default: 'Entity',
	options: DIMENSION_TYPES.map((type) => ({
		name:
			type === 'IC' ? 'IC (Intercompany)' : /^UD\d$/.test(type) ? `${type} (User Defined)` : type,
		value: type,
	})),
	description: "The dimension's type; the cube decides which dimension of that type is read",
};

export const dimensionType = parameter(dimensionTypeProperty, (raw) =>
	raw === undefined || raw === null ? 'Entity' : requiredName(raw, 'Dimension Type', 'Entity'),
);

export const scenarioType = nameParameter({
	displayName: 'Scenario Type',
	name: 'scenarioType',
	default: 'Default',
	fallback: 'Default',
	example: 'Default, All, Actual, Budget',
	description:
		'Which scenario type\'s dimension assignment to read (ScenarioType): "Default", "All", or a scenario type such as Actual or Budget',
});

export const includeDescriptions = booleanParameter({
	displayName: 'Include Descriptions',
	name: 'includeDescriptions',
	type: 'boolean',
	default: false,
	description: "Whether to add each member's description (the *_Desc columns)",
});

/** "True"/"False", as the connector sends booleans. */
export const flag = (value: boolean) => (value ? 'True' : 'False');

/** A Cube read's parameters: the cube and what the operation reads of it; no result table, no variables. */
export function cubeReadProperties(object: INodeProperties[]): INodeProperties[] {
	return readOperationProperties({
		object: [cubeName.property, ...object],
		resultTable: false,
		substitutionVariables: false,
		options: [pollSchedule],
	});
}

export interface AnalyticsRead {
	/** The action under `Analytics/`, e.g. `GetDataCellsFromCube`. */
	action: string;
	subject: string;
	fileBaseName: string;
	/** The body's own fields; `SI` is added. */
	fields: IDataObject;
	/** What to check when OneStream rejects the read (400). */
	rejectedAdvice: string;
}

/** Opens the application's session and reads an `Analytics/*` route through the read path. */
export async function runAnalyticsRead(
	this: IExecuteFunctions,
	state: ExecutionState,
	parameters: GetParameter,
	inputs: ReadInputs,
	spec: AnalyticsRead,
): Promise<INodeExecutionData[]> {
	const session = await state.reader.applicationSession(inputs.applicationName, inputs.settings);
	return await readToItems.call(this, state, inputs, {
		endpoint: `Analytics/${spec.action}`,
		apiVersion: '7.2.0',
		subject: spec.subject,
		fileBaseName: spec.fileBaseName,
		resultTableName: inputs.resultTableName,
		// As the connector sends it: IsSystemLevel only on GetDataRequest (and GetCubeList and
		// GetDataAdapter, which are not among these reads), never on the cube data routes.
		body: { ...spec.fields, SI: session },
		rejectedAdvice: spec.rejectedAdvice,
		// A plain DataSet (no envelope) with one table counts too.
		anyOneTable: true,
		envelope: envelopeSettings(parameters, inputs, { IsSystemLevel: 'False', SI: session }),
	});
}

/** A read of one dimension of a cube (its hierarchy, or its members' properties). */
export function dimensionRead(spec: {
	operation: string;
	action: string;
	tableName: string;
	/** What the rows are, e.g. "hierarchy", for messages and file names. */
	what: string;
}): Pick<OneStreamOperation, 'description' | 'execute'> {
	return {
		description: updateDisplayOptions(
			{ show: { resource: ['cube'], operation: [spec.operation] } },
			cubeReadProperties([
				dimensionType.property,
				scenarioType.property,
				includeDescriptions.property,
			]),
		),
		async execute(this: IExecuteFunctions, itemIndex: number, state: ExecutionState) {
			const { parameters, inputs } = readOperationInputs.call(
				this,
				itemIndex,
				state,
				spec.tableName,
			);
			const cube = cubeName.get(parameters);
			const type = dimensionType.get(parameters);
			return await runAnalyticsRead.call(this, state, parameters, inputs, {
				action: spec.action,
				subject: `the ${type} ${spec.what} of cube "${cube}"`,
				fileBaseName: `${cube}-${type}-${spec.tableName}`,
				fields: {
					DimensionType: type,
					IncludeDescriptions: flag(includeDescriptions.get(parameters)),
					ScenarioType: scenarioType.get(parameters),
					CubeName: cube,
				},
				rejectedAdvice:
					'Check the cube (as Cube › Get Many lists it), the Dimension Type and the Scenario Type (Default, All, or a scenario type such as Actual).',
			});
		},
	};
}
