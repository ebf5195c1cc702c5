import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { methodCommandFields } from '../read/request';
import {
	WORKFLOW_STATUS_TABLE,
	workflowStatusArgumentProperties,
	workflowStatusQuery,
	workflowStatusRequest,
} from '../read/workflowStatus';
import { inputError } from '../shared/errors';
import type { GetParameter } from '../shared/parameters';
import { applicationName, nameListParameter, nameParameter } from '../shared/parameters';
import type { Source } from './source';

/*
 * Workflow Status Changed: the WorkflowStatus method command for a profile, scenario and time,
 * polled; each workflow unit's status is kept between polls, and a change is one event. The
 * answer's columns are not documented, so the unit key and status columns are parameters, with
 * defaults that match the stand-in and are to be checked against a real server.
 */

const statusFilter = nameListParameter({
	displayName: 'Only When Status Becomes',
	name: 'statusFilter',
	example: 'Completed, Certified',
	description:
		'Comma-separated statuses, as OneStream returns them; empty for every change. OneStream does not publish its list of statuses.',
});

const unitKeyColumns = nameListParameter({
	displayName: 'Unit Key Columns',
	name: 'unitKeyColumns',
	default: 'WorkflowProfile, Scenario, Time, WorkflowStep',
	example: 'WorkflowProfile, Scenario, Time, WorkflowStep',
	description:
		'The columns that identify a workflow unit in the answer. Check them against your server: the answer’s columns are not documented.',
});

const statusColumn = nameParameter({
	displayName: 'Status Column',
	name: 'statusColumn',
	default: 'Status',
	fallback: 'Status',
	example: 'Status',
});

export const workflowStatusProperties: INodeProperties[] = updateDisplayOptions(
	{ show: { event: ['workflowStatusChanged'] } },
	[
		...workflowStatusArgumentProperties,
		statusFilter.property,
		unitKeyColumns.property,
		statusColumn.property,
	],
);

export interface WorkflowStatusSettings {
	source: Source;
	keyColumns: string[];
	statusColumn: string;
	/** Statuses that count (lower-cased); empty: every change. */
	becomes: string[];
}

export function getWorkflowStatusSettings(
	parameters: GetParameter,
	webServerUrl: string,
): WorkflowStatusSettings {
	const status = workflowStatusQuery(parameters, false);
	const keyColumns = unitKeyColumns.get(parameters);
	if (keyColumns.length === 0) {
		throw inputError(
			'Unit Key Columns is empty',
			'Name the columns that identify a workflow unit, e.g. WorkflowProfile, Scenario, Time, WorkflowStep.',
		);
	}
	const application = applicationName.get(parameters);
	const request = workflowStatusRequest(
		{
			webServerUrl,
			applicationName: application,
			resultTableName: WORKFLOW_STATUS_TABLE,
			substitutionVariables: '',
		},
		status,
	);
	return {
		source: {
			subject: request.subject,
			fileBaseName: request.fileBaseName,
			resultTableName: WORKFLOW_STATUS_TABLE,
			identity: ['methodCommand', application, methodCommandFields('WorkflowStatus', status.query)],
			request: () => request,
		},
		keyColumns,
		statusColumn: statusColumn.get(parameters),
		becomes: statusFilter.get(parameters).map((name) => name.toLowerCase()),
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
