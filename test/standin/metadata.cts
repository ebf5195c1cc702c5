/**
 * The Application database's metadata tables that pick lists query (observed in a client used
 * against real tenants, not documented): DashboardWorkspace, DataMgmtSequence, DataMgmtGroup,
 * DataMgmtStep, DashboardAdapter and CubeViewItem, derived from the application's definitions so
 * that what a list shows is what the endpoints run.
 *
 * Invented where unknown: workspace ids are stable GUIDs made from the name; the Default
 * workspace has the all-zero id, which the observed client uses for "no workspace".
 */
import { createHash } from 'node:crypto';

import type { ApplicationDef, SqlDatabase } from './types.cjs';

export const NO_WORKSPACE_ID = '00000000-0000-0000-0000-000000000000';

function guid(kind: string, name: string): string {
	const hex = createHash('sha256').update(`${kind}\u0000${name.toLowerCase()}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function workspaceId(name: string): string {
	return name.toLowerCase() === 'default' ? NO_WORKSPACE_ID : guid('workspace', name);
}

export function metadataTables(application: ApplicationDef): SqlDatabase {
	const workspaces = new Map<string, string>();
	const addWorkspace = (name: string) => workspaces.set(name.toLowerCase(), name);
	addWorkspace('Default');
	application.sequences.forEach((sequence) => addWorkspace(sequence.workspace));
	application.dmGroups.forEach((group) => addWorkspace(group.workspace));
	application.adapters.forEach((adapter) => addWorkspace(adapter.workspace));
	return {
		DashboardWorkspace: {
			columns: ['UniqueID', 'Name'],
			rows: [...workspaces.values()].map((name) => ({ UniqueID: workspaceId(name), Name: name })),
		},
		DataMgmtSequence: {
			columns: ['UniqueID', 'Name', 'WorkspaceID'],
			rows: application.sequences.map((sequence) => ({
				UniqueID: guid('sequence', sequence.name),
				Name: sequence.name,
				WorkspaceID: workspaceId(sequence.workspace),
			})),
		},
		DataMgmtGroup: {
			columns: ['UniqueID', 'Name', 'WorkspaceID'],
			rows: application.dmGroups.map((group) => ({
				UniqueID: guid('group', group.name),
				Name: group.name,
				WorkspaceID: workspaceId(group.workspace),
			})),
		},
		DataMgmtStep: {
			columns: ['UniqueID', 'Name', 'DataMgmtGroupID'],
			rows: application.dmGroups.flatMap((group) =>
				group.steps.map((step) => ({
					UniqueID: guid('step', `${group.name}/${step.name}`),
					Name: step.name,
					DataMgmtGroupID: guid('group', group.name),
				})),
			),
		},
		DashboardAdapter: {
			columns: ['UniqueID', 'Name', 'WorkspaceID'],
			rows: application.adapters.map((adapter) => ({
				UniqueID: guid('adapter', `${adapter.workspace}/${adapter.name}`),
				Name: adapter.name,
				WorkspaceID: workspaceId(adapter.workspace),
			})),
		},
		CubeViewItem: {
			columns: ['UniqueID', 'Name'],
			rows: application.cubeViews.map((cubeView) => ({
				UniqueID: guid('cubeView', cubeView.name),
				Name: cubeView.name,
			})),
		},
	};
}
