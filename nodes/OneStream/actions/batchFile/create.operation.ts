import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { GetParameter } from '../../shared/parameters';
import {
	booleanParameter,
	choiceParameter,
	itemParameters,
	nameListParameter,
	nameParameter,
	optionsProperty,
} from '../../shared/parameters';
import type { ExecutionState } from '../node.type';
import type { Delimiter, LoadMethod } from './batchFiles';

/*
 * Batch File › Create: the input items as OneStream batch files, one per target (file ID, workflow
 * profile, scenario, time, load method, each from the items if mapped), named by OneStream's
 * specification and written as a delimited text file for the Batch\Harvest folder. Nothing is sent
 * to OneStream: an SFTP node drops the files, and a harvest sequence imports them.
 */

const fileId = nameParameter({
	displayName: 'File ID',
	name: 'fileId',
	default: 'n8n',
	fallback: 'n8n',
	example: 'GL',
	description:
		'The first part of the file name: any text that identifies the file. The harvest processes files in name order, so it also orders them.',
});

const workflowProfile = nameParameter({
	displayName: 'Workflow Profile',
	name: 'workflowProfile',
	required: true,
	example: 'Houston.Import',
	description:
		'The Import child workflow profile the rows load into, as OneStream shows it (Parent.Child). The file name writes it Houston;Import. Map it from the items to make one file per profile.',
});

const scenario = nameParameter({
	displayName: 'Scenario',
	name: 'scenario',
	default: 'Actual',
	fallback: 'Actual',
	example: 'Actual',
	description:
		"The scenario, or C for the one the harvest is run with, or G for the application's global scenario",
});

const time = nameParameter({
	displayName: 'Time',
	name: 'time',
	required: true,
	example: '2026M3',
	description:
		"The period, e.g. 2026M3, or C for the one the harvest is run with, or G for the application's global time. Map it from the items to make one file per period.",
});

const loadMethod = choiceParameter<LoadMethod>({
	displayName: 'Load Method',
	name: 'loadMethod',
	default: 'R',
	options: [
		{ name: 'Replace', value: 'R', description: "The file's rows replace what the profile holds" },
		{ name: 'Append', value: 'A', description: "The file's rows are added to what is there" },
	],
});

const columns = nameListParameter({
	displayName: 'Columns',
	name: 'columns',
	example: 'Entity, Account, Amount',
	description:
		"Comma-separated fields of the input items to write, in this order, as the import's data source expects them. Empty: every field, in the order first seen.",
});

const delimiter = choiceParameter<Delimiter>({
	displayName: 'Delimiter',
	name: 'delimiter',
	default: ',',
	options: [
		{ name: 'Comma', value: ',' },
		{ name: 'Pipe', value: '|' },
		{ name: 'Semicolon', value: ';' },
		{ name: 'Tab', value: '\t' },
	],
	description: "The field delimiter set in the import's Delimited File data source",
}).inOptions();

const header = booleanParameter({
	displayName: 'Header Row',
	name: 'header',
	type: 'boolean',
	default: true,
	description:
		'Whether the file starts with a row of column names (set the data source to skip one header row), or holds rows only',
}).inOptions();

const binaryProperty = nameParameter({
	displayName: 'Put File in Field',
	name: 'binaryPropertyName',
	default: 'data',
	fallback: 'data',
	example: 'data',
	description: 'The binary field of each output item that holds its file, for the SFTP node',
}).inOptions();

const properties: INodeProperties[] = [
	{
		displayName:
			"Makes one file per target from the input items, named FileID-Profile-Scenario-Time-LoadMethod.txt as OneStream's batch harvest expects, for an SFTP node to drop into the application's Batch\\Harvest folder. A misnamed file would be skipped by the harvest without a word, so every part is checked here. Nothing is sent to OneStream.",
		name: 'batchNotice',
		type: 'notice',
		default: '',
	},
	fileId.property,
	workflowProfile.property,
	scenario.property,
	time.property,
	loadMethod.property,
	columns.property,
	optionsProperty([delimiter, header, binaryProperty]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['batchFile'], operation: ['create'] } },
	properties,
);

/** One item's row, to its file (the name checked); the files come out in `finish`. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const parameters: GetParameter = itemParameters(this, itemIndex);
	state.batchFiles.add(
		{
			fileId: fileId.get(parameters),
			workflowProfile: workflowProfile.get(parameters),
			scenario: scenario.get(parameters),
			time: time.get(parameters),
			loadMethod: loadMethod.get(parameters),
		},
		this.getInputData()[itemIndex].json,
		itemIndex,
	);
	return [];
}

/** The files, one item each, paired with the items whose rows they hold. */
export async function finish(
	this: IExecuteFunctions,
	state: ExecutionState,
): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, 0);
	const property = binaryProperty.get(parameters);
	const files = state.batchFiles.build(
		columns.get(parameters),
		delimiter.get(parameters),
		header.get(parameters),
	);
	const out: INodeExecutionData[] = [];
	for (const file of files) {
		out.push({
			json: {
				fileName: file.name,
				fileId: file.target.fileId,
				workflowProfile: file.target.workflowProfile,
				scenario: file.target.scenario,
				time: file.target.time,
				loadMethod: file.target.loadMethod,
				rowCount: file.items.length,
				columns: file.columns,
			},
			binary: {
				[property]: await this.helpers.prepareBinaryData(file.content, file.name, 'text/plain'),
			},
			pairedItem: file.items.map((item) => ({ item })),
		});
	}
	return out;
}
