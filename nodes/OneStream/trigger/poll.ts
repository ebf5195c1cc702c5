import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { inputError, toNodeError } from '../shared/errors';
import { integerOption } from '../shared/options';
import { fileFromRows, mimeTypeOf, safeFileName } from '../dataSet/files';
import type { OutputSettings, ReadParameter } from '../shared/parameters';
import {
	nameList,
	nameParameter,
	optionalNameParameter,
	output,
	readOptionsCollection,
} from '../shared/parameters';
import { OneStreamClient } from '../transport';
import type { CursorState, RowSelection } from './cursor';
import { Baseline, NewRowsSelection } from './cursor';
import type { Source } from './source';
import { readSource, readSourceInto, readSourceRows } from './source';
import { readWorkflowStatusSettings, statusChanges } from './workflowStatus';

/*
 * One poll of the OneStream Trigger. What was emitted is kept in the workflow's static data for
 * this node, and written only once the poll has its answer and knows what it emits: a poll that
 * fails (timeout, 5xx, proxy page, 401) throws before touching it, so nothing is lost and nothing
 * is repeated. Manual runs ("Fetch Test Event") read a sample and leave the state alone.
 */

export const rowsPerPoll = integerOption({
	name: 'rowsPerPoll',
	displayName: 'Max Rows per Poll',
	label: 'Max Rows per Poll',
	default: 1000,
	min: 1,
	max: 100_000,
	maxInEditor: true,
	description:
		'The most rows one poll emits, as items or in one file; the rest follow at the next polls, in cursor order. Memory stays near this many rows however many arrive.',
});

interface NewRowsState {
	/** What the cursor belongs to: a changed source or cursor column starts afresh. */
	source: string;
	cursor: CursorState;
}

interface StatusState {
	source: string;
	statuses: Record<string, string>;
}

function pollParameters(ctx: IPollFunctions): ReadParameter {
	return (name, fallback, options) => ctx.getNodeParameter(name, fallback as never, options);
}

function keyColumnsOf(read: ReadParameter): string[] {
	return nameList(optionalNameParameter(read, 'keyColumns', 'Key Columns'));
}

function sourceFingerprint(source: Source, extra: unknown): string {
	return JSON.stringify([source.kind, source.applicationName, source.fields, extra]);
}

async function pollNewRows(
	ctx: IPollFunctions,
	client: OneStreamClient,
	read: ReadParameter,
): Promise<INodeExecutionData[][] | null> {
	const source = readSource(read);
	const cursorColumn = nameParameter(read, 'cursorColumn', 'Cursor Column', 'PostedAt');
	const cursorVariable = nameParameter(
		read,
		'cursorVariable',
		'Cursor Variable',
		'LastCursor',
		'LastCursor',
	);
	const keyColumns = keyColumnsOf(read);
	const startFrom = read('startFrom', 'now');
	const initialCursor = optionalNameParameter(read, 'initialCursor', 'Initial Cursor');
	if (startFrom === 'since' && initialCursor === '') {
		throw inputError(
			'Initial Cursor is empty',
			'Start From "Since a Value" needs the value to start after, e.g. 2026-01-01T00:00:00 or 0.',
		);
	}
	const limit = rowsPerPoll.read({
		rowsPerPoll: read('rowsPerPoll', undefined) as IDataObject[string],
	});
	const fingerprint = sourceFingerprint(source, [cursorColumn, keyColumns]);
	const staticData = ctx.getWorkflowStaticData('node');
	const kept = staticData.newRows as NewRowsState | undefined;
	const state: CursorState | undefined =
		kept && kept.source === fingerprint ? kept.cursor : undefined;

	const sent = state?.value ?? initialCursor;
	const cursorSent = [{ name: cursorVariable, value: String(sent) }];
	const options = { cursorColumn, keyColumns, limit };
	const readOptions = readOptionsCollection(read);

	if (ctx.getMode() === 'manual') {
		// A sample of what the trigger emits (else the answer's first row), the state untouched.
		const sample = await readSourceInto(client, source, cursorSent, readOptions, () => {
			return new NewRowsSelection(state ?? { boundary: [] }, { ...options, limit: 1 });
		});
		const shown = sample.result().rows[0] ?? sample.first;
		return shown ? [ctx.helpers.returnJsonArray([shown])] : null;
	}

	if (state === undefined && startFrom === 'now') {
		// First activation: remember where the data stands, emit nothing.
		const baseline = await readSourceInto(client, source, cursorSent, readOptions, () => {
			return new Baseline(options);
		});
		staticData.newRows = { source: fingerprint, cursor: baseline.result() };
		return null;
	}
	const from: CursorState =
		state ?? (startFrom === 'since' ? { value: initialCursor, boundary: [] } : { boundary: [] });
	const selected = await readSourceInto(client, source, cursorSent, readOptions, () => {
		return new NewRowsSelection(from, options);
	});
	const selection = selected.result();
	const items =
		selection.rows.length > 0 ? await newRowsItems(ctx, source, selection, output.read(read)) : [];
	// Only now, with the items made, does the cursor move.
	staticData.newRows = { source: fingerprint, cursor: selection.next };
	return items.length > 0 ? [items] : null;
}

/** A poll's rows as n8n items: one per row, one for the lot, or one file. */
async function newRowsItems(
	ctx: IPollFunctions,
	source: Source,
	selection: RowSelection,
	out: OutputSettings,
): Promise<INodeExecutionData[]> {
	const { rows, next } = selection;
	if (out.mode === 'rows') return ctx.helpers.returnJsonArray(rows);
	const summary = {
		rowCount: rows.length,
		lastCursor: next.value ?? null,
		...(selection.deferred > 0 ? { rowsLeftForNextPoll: selection.deferred } : {}),
	};
	if (out.mode === 'table') return [{ json: { table: source.resultTableName, ...summary, rows } }];
	const content = fileFromRows(rows, out.format);
	const fileName = `${safeFileName(`${source.fileBaseName}-${String(next.value)}`)}.${out.format}`;
	const binary = await ctx.helpers.prepareBinaryData(content, fileName, mimeTypeOf(out.format));
	return [
		{
			json: { ...summary, fileName, fileFormat: out.format, fileSize: content.length },
			binary: { [out.binaryProperty]: binary },
		},
	];
}

async function pollWorkflowStatus(
	ctx: IPollFunctions,
	client: OneStreamClient,
	read: ReadParameter,
): Promise<INodeExecutionData[][] | null> {
	const settings = readWorkflowStatusSettings(read);
	const rows = await readSourceRows(client, settings.source, readOptionsCollection(read));
	const fingerprint = sourceFingerprint(settings.source, [
		settings.keyColumns,
		settings.statusColumn,
	]);
	const staticData = ctx.getWorkflowStaticData('node');
	const kept = staticData.workflowStatus as StatusState | undefined;
	const known = kept && kept.source === fingerprint ? kept.statuses : undefined;

	if (ctx.getMode() === 'manual') {
		const sample = statusChanges(rows.slice(0, 1), known ?? {}, { ...settings, becomes: [] });
		return sample.changes.length > 0
			? [ctx.helpers.returnJsonArray(sample.changes.map(toItem))]
			: null;
	}
	const { changes, statuses } = statusChanges(rows, known ?? {}, settings);
	staticData.workflowStatus = { source: fingerprint, statuses };
	// The first poll only learns where each unit stands.
	if (known === undefined || changes.length === 0) return null;
	return [ctx.helpers.returnJsonArray(changes.map(toItem))];
}

function toItem(change: {
	unit: IDataObject;
	previous: string | null;
	current: string;
}): IDataObject {
	return { ...change.unit, previous: change.previous, current: change.current };
}

export async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const read = pollParameters(this);
	let secret = '';
	try {
		const client = await OneStreamClient.connect(this);
		secret = client.secret;
		return read('event', 'newRows') === 'workflowStatusChanged'
			? await pollWorkflowStatus(this, client, read)
			: await pollNewRows(this, client, read);
	} catch (error) {
		throw toNodeError(this.getNode(), error, 0, secret);
	}
}
