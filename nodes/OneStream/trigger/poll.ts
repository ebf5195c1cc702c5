import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import { fileFromRows, safeFileName } from '../dataSet/files';
import type { ReadSettings } from '../read/request';
import { OneStreamReader } from '../read/reader';
import { readSettings, readTimeout } from '../read/request';
import type { OutputSettings } from '../read/output';
import { fileItem, output, rowItems } from '../read/output';
import { inputError, toNodeError } from '../shared/errors';
import type { GetParameter } from '../shared/parameters';
import {
	choiceParameter,
	integerParameter,
	nameListParameter,
	nameParameter,
	pollParameters,
} from '../shared/parameters';
import type { CursorState, RowSelection } from './cursor';
import { Baseline, NewRowsSelection } from './cursor';
import type { Source } from './source';
import { getSource, rawSourceIdentity, readInto } from './source';
import { endPoll, startPoll, stateMark } from './pollGuard';
import { getWorkflowStatusSettings, statusChanges, unitKey } from './workflowStatus';

/*
 * One poll of the OneStream Trigger. What was emitted is kept in the workflow's static data for
 * this node, and written only once the poll has its answer and knows what it emits: a poll that
 * fails (timeout, 5xx, proxy page, 401) throws before touching it, so nothing is lost and nothing
 * is repeated. Manual runs ("Fetch Test Event") read a sample and leave the state alone.
 */

export const rowsPerPoll = integerParameter({
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

export const cursorColumn = nameParameter({
	displayName: 'Cursor Column',
	name: 'cursorColumn',
	required: true,
	example: 'PostedAt',
	description:
		'A column that increases with each new row: a timestamp or an ID. Rows past the last value seen are emitted.',
});

export const cursorVariable = nameParameter({
	displayName: 'Cursor Variable',
	name: 'cursorVariable',
	default: 'LastCursor',
	fallback: 'LastCursor',
	example: 'LastCursor',
	description:
		'The substitution variable that carries the last cursor value to OneStream, so the source filters there: |!LastCursor!| in the query or the adapter',
});

export const keyColumns = nameListParameter({
	displayName: 'Key Columns',
	name: 'keyColumns',
	example: 'JournalId, LineNo',
	description:
		'Comma-separated columns that identify a row, to emit rows sharing the last cursor value once. Empty: the whole row.',
});

type StartFrom = 'now' | 'all' | 'since';

export const startFrom = choiceParameter<StartFrom>({
	displayName: 'Start From',
	name: 'startFrom',
	default: 'now',
	options: [
		{
			name: 'Now',
			value: 'now',
			description: 'The first poll notes where the data stands and emits nothing',
		},
		{
			name: 'All Rows',
			value: 'all',
			description: 'The first poll emits every row it reads',
		},
		{
			name: 'Since a Value',
			value: 'since',
			description: 'The first poll emits the rows past the Initial Cursor',
		},
	],
});

export const initialCursor = nameParameter({
	displayName: 'Initial Cursor',
	name: 'initialCursor',
	required: false,
	example: '1900-01-01T00:00:00 (a timestamp) or 0 (an ID)',
	description:
		'Sent as the cursor variable before any row was seen, so that the first poll filters too: 1900-01-01T00:00:00 for a timestamp column, 0 for an ID. With Since a Value, the value to start after.',
});

/** Said on the New Rows event: the source must filter, or every poll reads the whole table. */
export const newRowsNotice: INodeProperties = {
	displayName:
		"The source must keep only the rows past the cursor, with the Cursor Variable: in its SQL, e.g. WHERE PostedAt >= '|!LastCursor!|'. Otherwise every poll downloads the whole table (the trigger still emits each new row once).",
	name: 'newRowsNotice',
	type: 'notice',
	default: '',
};

interface NewRowsState {
	/** What the cursor belongs to: a changed source or cursor column starts afresh. */
	source: string;
	cursor: CursorState;
}

interface StatusState {
	source: string;
	statuses: Record<string, string>;
	/** Every status and step word seen in any poll, for the hint when a filter never matches. */
	seen?: { statuses: string[]; steps: string[] };
}

/** At most this many distinct words kept per list. */
const SEEN_WORDS = 50;

function union(before: string[] | undefined, now: string[]): string[] {
	return [...new Set([...(before ?? []), ...now])].sort().slice(0, SEEN_WORDS);
}

function sourceFingerprint(source: Source, extra: unknown): string {
	return JSON.stringify([...source.identity, extra]);
}

/**
 * What a New Rows cursor belongs to: the source and the cursor column as the workflow saves them,
 * expressions unevaluated, so that a query that builds a date window from $now keeps its cursor.
 */
function cursorIdentity(ctx: IPollFunctions, column: string, keys: string[]): string {
	return JSON.stringify(['cursor', rawSourceIdentity(ctx.getNode().parameters), column, keys]);
}

/**
 * The poll's read settings. A trigger without a Timeout in its Options fits the time n8n gives a
 * poll, where n8n says it (2.x: `getPollBudgetMs`, 36 s under the durable scheduler's defaults,
 * which abandons a poll past N8N_SCHEDULER_POLL_TIMEOUT); a Timeout set in Options is kept as set.
 */
function pollReadSettings(ctx: IPollFunctions, parameters: GetParameter): ReadSettings {
	const settings = readSettings(parameters);
	const timeoutSet = readTimeout.isSetIn(ctx.getNode().parameters.options);
	const budget = pollBudgetMs(ctx);
	if (timeoutSet || budget === undefined || budget >= settings.timeoutMs) return settings;
	return {
		...settings,
		timeoutMs: Math.max(1000, budget),
		timeoutAdvice: `The poll had the time n8n gives one poll (${Math.round(budget / 1000)} s; under the durable scheduler, N8N_SCHEDULER_POLL_TIMEOUT less a margin). Raise N8N_SCHEDULER_POLL_TIMEOUT, or narrow the source; the rows come at a later poll, none lost.`,
	};
}

/** n8n's time for one poll, where this n8n has it (not 1.x). */
function pollBudgetMs(ctx: IPollFunctions): number | undefined {
	const withBudget = ctx as { getPollBudgetMs?: () => unknown };
	if (typeof withBudget.getPollBudgetMs !== 'function') return undefined;
	const budget = withBudget.getPollBudgetMs();
	return typeof budget === 'number' && Number.isFinite(budget) && budget > 0 ? budget : undefined;
}

async function pollNewRows(
	ctx: IPollFunctions,
	reader: OneStreamReader,
	parameters: GetParameter,
): Promise<INodeExecutionData[][] | null> {
	const variable = cursorVariable.get(parameters);
	const source = getSource(parameters, reader.webServerUrl, variable);
	const column = cursorColumn.get(parameters);
	const keys = keyColumns.get(parameters);
	const start = startFrom.get(parameters);
	const initial = initialCursor.get(parameters);
	if (start === 'since' && initial === '') {
		throw inputError(
			'Initial Cursor is empty',
			'Start From "Since a Value" needs the value to start after, e.g. 2026-01-01T00:00:00 or 0.',
		);
	}
	const limit = rowsPerPoll.get(parameters);
	const fingerprint = cursorIdentity(ctx, column, keys);
	// States saved before the identity was the parameters as saved carry the evaluated source.
	const earlier = sourceFingerprint(source, [column, keys]);
	const staticData = ctx.getWorkflowStaticData('node');
	const kept = staticData.newRows as NewRowsState | undefined;
	const state: CursorState | undefined =
		kept && (kept.source === fingerprint || kept.source === earlier) ? kept.cursor : undefined;

	const sent = state?.value ?? initial;
	const request = source.request([{ name: variable, value: String(sent) }]);
	const options = { cursorColumn: column, keyColumns: keys, limit };
	const settings = pollReadSettings(ctx, parameters);

	if (ctx.getMode() === 'manual') {
		// A sample of what the trigger emits (else the answer's first row), the state untouched.
		const sample = await readInto(reader, request, settings, () => {
			return new NewRowsSelection(state ?? { boundary: [] }, { ...options, limit: 1 });
		});
		const shown = sample.result().rows[0] ?? sample.first;
		return shown ? [ctx.helpers.returnJsonArray([shown])] : null;
	}

	if (state === undefined && start === 'now') {
		// First activation: remember where the data stands, emit nothing.
		const baseline = await readInto(reader, request, settings, () => new Baseline(options));
		staticData.newRows = { source: fingerprint, cursor: baseline.result() };
		return null;
	}
	// Since a Value starts strictly after it: rows at the Initial Cursor count as seen.
	const from: CursorState =
		state ?? (start === 'since' ? { value: initial, boundary: [], past: true } : { boundary: [] });
	const selected = await readInto(
		reader,
		request,
		settings,
		() => new NewRowsSelection(from, options),
	);
	const selection = selected.result();
	if (selection.behind > 0) warnNotFiltering(ctx, variable, selection.behind);
	const items =
		selection.rows.length > 0
			? await newRowsItems(ctx, source, selection, output.get(parameters))
			: [];
	// Only now, with the items made, does the cursor move.
	staticData.newRows = { source: fingerprint, cursor: selection.next };
	return items.length > 0 ? [items] : null;
}

/** Triggers already told, in this process, that their source does not filter. */
const toldNotFiltering = new Set<string>();

/**
 * n8n shows no hints for a polling trigger (its poll context has none), so the warning goes to
 * n8n's log, once per trigger and process. What is emitted does not change.
 */
function warnNotFiltering(ctx: IPollFunctions, variable: string, behind: number): void {
	const trigger = `${String(ctx.getWorkflow().id)}/${ctx.getNode().id}`;
	if (toldNotFiltering.has(trigger)) return;
	toldNotFiltering.add(trigger);
	ctx.logger.warn(
		`OneStream Trigger "${ctx.getNode().name}": the source returned ${behind} row${behind === 1 ? '' : 's'} before the cursor, so it does not seem to filter on |!${variable}!|. Every poll downloads them again; add e.g. WHERE <cursor column> >= '|!${variable}!|' to the adapter or query. Each new row is still emitted once.`,
	);
}

/** Filters already said, in this process, to match nothing seen. */
const toldNeverMatched = new Set<string>();

/** In n8n's log, once per trigger, filter and process: a filter word OneStream has never returned. */
function warnNeverMatched(
	ctx: IPollFunctions,
	filter: string,
	words: string[],
	seen: string[],
): void {
	const lower = new Set(seen.map((word) => word.toLowerCase()));
	if (words.length === 0 || seen.length === 0 || words.some((word) => lower.has(word))) return;
	const key = `${String(ctx.getWorkflow().id)}/${ctx.getNode().id}/${filter}`;
	if (toldNeverMatched.has(key)) return;
	toldNeverMatched.add(key);
	ctx.logger.warn(
		`OneStream Trigger "${ctx.getNode().name}": ${filter} (${words.join(', ')}) has matched nothing OneStream returned so far (${seen.join(', ')}), so it cannot fire. Use the words your server returns (Fetch Test Event shows them).`,
	);
}

/** A poll's rows as n8n items: one per row, one for the lot, or one file. */
async function newRowsItems(
	ctx: IPollFunctions,
	source: Source,
	selection: RowSelection,
	out: OutputSettings,
): Promise<INodeExecutionData[]> {
	const { rows, next } = selection;
	if (out.mode === 'rows') return rowItems([{ name: source.resultTableName, rows }]);
	const summary = {
		rowCount: rows.length,
		lastCursor: next.value ?? null,
		...(selection.deferred > 0 ? { rowsLeftForNextPoll: selection.deferred } : {}),
	};
	if (out.mode === 'table') return [{ json: { table: source.resultTableName, ...summary, rows } }];
	const fileName = `${safeFileName(`${source.fileBaseName}-${String(next.value)}`)}.${out.format}`;
	return [
		await fileItem(
			async (content, name, mimeType) =>
				await ctx.helpers.prepareBinaryData(content, name, mimeType),
			out,
			fileFromRows(rows, out.format),
			fileName,
			summary,
		),
	];
}

async function pollWorkflowStatus(
	ctx: IPollFunctions,
	reader: OneStreamReader,
	parameters: GetParameter,
): Promise<INodeExecutionData[][] | null> {
	const settings = getWorkflowStatusSettings(parameters, reader.webServerUrl);
	const rows = await reader.rows(settings.source.request([]), pollReadSettings(ctx, parameters));
	const fingerprint = sourceFingerprint(settings.source, [
		settings.keyColumns,
		settings.statusColumn,
	]);
	const staticData = ctx.getWorkflowStaticData('node');
	const kept = staticData.workflowStatus as StatusState | undefined;
	const known = kept && kept.source === fingerprint ? kept.statuses : undefined;

	if (ctx.getMode() === 'manual') {
		// Every unit with its status now (and the one kept, if any), so that the real status words
		// and columns can be read from it; the state is left alone.
		const all = statusChanges(rows, {}, { ...settings, becomes: [], steps: [] }).changes;
		const units = all.map((change) => ({
			...change,
			previous: known?.[unitKey(change.unit, settings.keyColumns)] ?? null,
		}));
		return units.length > 0 ? [ctx.helpers.returnJsonArray(units.map(toItem))] : null;
	}
	const { changes, statuses } = statusChanges(rows, known ?? {}, settings);
	const seen = {
		statuses: union(kept?.seen?.statuses, Object.values(statuses)),
		steps: union(
			kept?.seen?.steps,
			rows.map((row) => String(row[settings.stepColumn] ?? '')).filter((step) => step !== ''),
		),
	};
	staticData.workflowStatus = { source: fingerprint, statuses, seen } satisfies StatusState;
	warnNeverMatched(ctx, 'Only When Status Becomes', settings.becomes, seen.statuses);
	warnNeverMatched(ctx, 'Only For Step', settings.steps, seen.steps);
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
	const parameters = pollParameters(this);
	const manual = this.getMode() === 'manual';
	const trigger = `${String(this.getWorkflow().id)}/${this.getNode().id}`;
	const staticData = this.getWorkflowStaticData('node');
	// A manual run ("Fetch Test Event") leaves the state alone, so it may run beside a poll.
	if (!manual && !startPoll(trigger, staticData)) return null;
	const from = stateMark(staticData);
	let secret = '';
	let outcome: 'failed' | 'emitted' | 'quiet' = 'failed';
	try {
		const reader = await OneStreamReader.connect(this);
		secret = reader.client.secret;
		const emitted =
			parameters('event') === 'workflowStatusChanged'
				? await pollWorkflowStatus(this, reader, parameters)
				: await pollNewRows(this, reader, parameters);
		outcome = emitted === null ? 'quiet' : 'emitted';
		return emitted;
	} catch (error) {
		throw toNodeError(this.getNode(), error, 0, secret);
	} finally {
		if (!manual) endPoll(trigger, staticData, from, outcome);
	}
}
