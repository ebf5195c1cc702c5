import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../shared/errors';
import type { ReadParameter } from '../shared/parameters';
import { methodCommandFields } from '../transport';
import {
	applicationName,
	nameList,
	nameParameter,
	optionalNameParameter,
} from '../shared/parameters';
import {
	workflowStatusArgumentProperties,
	workflowStatusQuery,
} from '../shared/workflowStatusQuery';
import type { Source } from './source';

/*
 * Workflow Status Changed: the WorkflowStatus method command for a profile, scenario and time,
 * polled; each workflow unit's status is kept between polls, and a change is one event. The
 * answer's columns are not documented, so the unit key and status columns are parameters, with
 * defaults that match the stand-in and are to be checked against a real server.
 */

export const workflowStatusProperties: INodeProperties[] = updateDisplayOptions(
	{ show: { event: ['workflowStatusChanged'] } },
	[
		...workflowStatusArgumentProperties,
		{
			displayName: 'Only When Status Becomes',
			name: 'statusFilter',
			type: 'string',
			default: '',
			placeholder: 'e.g. Completed, Certified',
			description:
				'Comma-separated statuses, as OneStream returns them; empty for every change. OneStream does not publish its list of statuses.',
		},
		{
			displayName: 'Unit Key Columns',
			name: 'unitKeyColumns',
			type: 'string',
			default: 'WorkflowProfile, Scenario, Time, WorkflowStep',
			description:
				'The columns that identify a workflow unit in the answer. Check them against your server: the answer’s columns are not documented.',
		},
		{
			displayName: 'Status Column',
			name: 'statusColumn',
			type: 'string',
			default: 'Status',
		},
	],
);

export interface WorkflowStatusSettings {
	source: Source;
	keyColumns: string[];
	statusColumn: string;
	/** Statuses that count (lower-cased); empty: every change. */
	becomes: string[];
}

export function readWorkflowStatusSettings(read: ReadParameter): WorkflowStatusSettings {
	const { profile, query } = workflowStatusQuery(read, false);
	const keyColumns = nameList(optionalNameParameter(read, 'unitKeyColumns', 'Unit Key Columns'));
	if (keyColumns.length === 0) {
		throw inputError(
			'Unit Key Columns is empty',
			'Name the columns that identify a workflow unit, e.g. WorkflowProfile, Scenario, Time, WorkflowStep.',
		);
	}
	return {
		source: {
			kind: 'methodCommand',
			applicationName: applicationName.read(read),
			resultTableName: 'WorkflowStatus',
			subject: `the workflow status of "${profile}"`,
			fileBaseName: `WorkflowStatus-${profile}`,
			fields: methodCommandFields('WorkflowStatus', query),
			variables: [],
		},
		keyColumns,
		statusColumn: nameParameter(read, 'statusColumn', 'Status Column', 'Status', 'Status'),
		becomes: nameList(optionalNameParameter(read, 'statusFilter', 'Only When Status Becomes')).map(
			(status) => status.toLowerCase(),
		),
	};
}

export interface StatusChange {
	unit: IDataObject;
	previous: string | null;
	current: string;
}

function statusOf(row: IDataObject, column: string): string {
	const value = row[column];
	if (value === undefined) {
		throw inputError(
			`The workflow status answer has no column "${column}" (Status Column)`,
			`Its columns are: ${Object.keys(row).slice(0, 20).join(', ')}. Set Status Column to the one that holds the status.`,
		);
	}
	return value === null ? '' : String(value);
}

/**
 * The units whose status differs from the one kept, with the statuses to keep next. A unit seen
 * for the first time after the baseline counts as a change from nothing (`previous: null`).
 */
export function statusChanges(
	rows: IDataObject[],
	known: Record<string, string>,
	settings: Pick<WorkflowStatusSettings, 'keyColumns' | 'statusColumn' | 'becomes'>,
): { changes: StatusChange[]; statuses: Record<string, string> } {
	const statuses: Record<string, string> = { ...known };
	const changes: StatusChange[] = [];
	for (const row of rows) {
		const key = JSON.stringify(settings.keyColumns.map((column) => row[column] ?? null));
		const current = statusOf(row, settings.statusColumn);
		const previous = Object.prototype.hasOwnProperty.call(known, key) ? known[key] : null;
		statuses[key] = current;
		if (previous === current) continue;
		if (settings.becomes.length > 0 && !settings.becomes.includes(current.toLowerCase())) continue;
		changes.push({ unit: row, previous, current });
	}
	return { changes, statuses };
}
