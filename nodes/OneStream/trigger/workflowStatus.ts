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
	example: 'Completed',
	description:
		"Comma-separated statuses; empty for every change. OneStream's workflow statuses are Completed, InProcess and NotExecuted (its rules' WorkflowStatusTypes); check what your server's WorkflowStatus answer holds.",
});

const stepFilter = nameListParameter({
	displayName: 'Only For Step',
	name: 'stepFilter',
	example: 'Certify',
	description:
		'Comma-separated workflow steps (Import, Validate, Load, Process, Confirm, Certify…); empty for every step. "The close is certified" is the Certify step becoming Completed.',
});

const stepColumn = nameParameter({
	displayName: 'Step Column',
	name: 'stepColumn',
	default: 'WorkflowStep',
	fallback: 'WorkflowStep',
	example: 'WorkflowStep',
	description:
		'The column that holds the workflow step, for Only For Step. Check it against your server: the answer’s columns are not documented.',
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
		stepFilter.property,
		unitKeyColumns.property,
		statusColumn.property,
		stepColumn.property,
	],
);

export interface WorkflowStatusSettings {
	source: Source;
	keyColumns: string[];
	statusColumn: string;
	/** Statuses that count (lower-cased); empty: every change. */
	becomes: string[];
	stepColumn: string;
	/** Steps that count (lower-cased); empty: every step. */
	steps: string[];
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
		stepColumn: stepColumn.get(parameters),
		steps: stepFilter.get(parameters).map((name) => name.toLowerCase()),
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

/** The key of a workflow unit; every key column must be in the answer. */
export function unitKey(row: IDataObject, keyColumns: string[]): string {
	for (const column of keyColumns) {
		if (!Object.prototype.hasOwnProperty.call(row, column)) {
			throw inputError(
				`The workflow status answer has no column "${column}" (Unit Key Columns)`,
				`Its columns are: ${Object.keys(row).slice(0, 20).join(', ')}. Set Unit Key Columns to the ones that identify a workflow unit (case included). Nothing was emitted and the known statuses were kept.`,
			);
		}
	}
	return JSON.stringify(keyColumns.map((column) => row[column] ?? null));
}

/** A column (not the status) whose values differ between two rows, to name in a message. */
function tellsApart(a: IDataObject, b: IDataObject, statusColumn: string): string | undefined {
	return Object.keys(a).find(
		(column) => column !== statusColumn && JSON.stringify(a[column]) !== JSON.stringify(b[column]),
	);
}

/**
 * The units whose status differs from the one kept, with the statuses to keep next. A unit seen
 * for the first time after the baseline counts as a change from nothing (`previous: null`). Two
 * rows with one unit key are an error: their statuses would take turns, and the unit would fire
 * at every poll.
 */
export function statusChanges(
	rows: IDataObject[],
	known: Record<string, string>,
	settings: Pick<
		WorkflowStatusSettings,
		'keyColumns' | 'statusColumn' | 'becomes' | 'stepColumn' | 'steps'
	>,
): { changes: StatusChange[]; statuses: Record<string, string> } {
	const statuses: Record<string, string> = { ...known };
	const changes: StatusChange[] = [];
	const firstOfKey = new Map<string, IDataObject>();
	for (const row of rows) {
		const key = unitKey(row, settings.keyColumns);
		const twin = firstOfKey.get(key);
		if (twin !== undefined) {
			const column = tellsApart(twin, row, settings.statusColumn);
			throw inputError(
				`The workflow status answer has several rows for one unit (${settings.keyColumns.map((name) => `${name} ${JSON.stringify(row[name] ?? null)}`).join(', ')})`,
				`Unit Key Columns must identify one row each${column ? `: add "${column}", which tells these rows apart` : ''}. Otherwise their statuses would take turns and the unit would fire at every poll. Nothing was emitted and the known statuses were kept.`,
			);
		}
		firstOfKey.set(key, row);
		const current = statusOf(row, settings.statusColumn);
		const previous = Object.prototype.hasOwnProperty.call(known, key) ? known[key] : null;
		statuses[key] = current;
		if (previous === current) continue;
		if (settings.becomes.length > 0 && !settings.becomes.includes(current.toLowerCase())) continue;
		if (settings.steps.length > 0 && !settings.steps.includes(stepOf(row, settings.stepColumn)))
			continue;
		changes.push({ unit: row, previous, current });
	}
	return { changes, statuses };
}

function stepOf(row: IDataObject, column: string): string {
	const value = row[column];
	if (value === undefined) {
		throw inputError(
			`The workflow status answer has no column "${column}" (Step Column)`,
			`Its columns are: ${Object.keys(row).slice(0, 20).join(', ')}. Set Step Column to the one that holds the workflow step, or empty Only For Step.`,
		);
	}
	return String(value ?? '').toLowerCase();
}
