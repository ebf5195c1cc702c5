/** What the suites share: the context, credentials, secrets grep and binary/CSV helpers. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { factRows } from '../../standin/data.cjs';
import { DEFAULT_WORKFLOW_STEPS } from '../../standin/endpoints/methodCommand.cjs';
import { parseCsv } from '../../support/csv.cjs';

import { assert, assertEqual, outputItems, type Checks } from '../lib/checks.cjs';
import { waitFor } from '../lib/proc.cjs';
import type { N8nInstall, Toolchain } from '../lib/install.cjs';
import { CREDENTIAL_TYPE, type BinaryRef, type N8n } from '../lib/n8n.cjs';
import type { StandIn } from '../lib/standin.cjs';
import { getWebhook } from '../lib/webhook.cjs';
import {
	CERTIFIED_ID,
	CERTIFIED_MESSAGE_NODE,
	CERTIFIED_TRIGGER_NODE,
	EXAMPLE_CREDENTIAL,
	EXPIRED_CREDENTIAL,
	FILE_PAT_CREDENTIAL,
	NON_ADMIN_CREDENTIAL,
	TRIGGER_ID,
	TRIGGER_NODE,
} from '../lib/workflows.cjs';

export { EXPIRED_CREDENTIAL, NON_ADMIN_CREDENTIAL };

export interface SuiteContext {
	tc: Toolchain;
	install: N8nInstall;
	tarball: string;
	standin: StandIn;
	checks: Checks;
	/** Folder for this suite's throwaway state, e.g. ~/.cache/n8n-nodes-onestream/state/regular-1.123.81 */
	root: string;
}

export function credentialsFor(standin: StandIn) {
	const base = {
		baseUrl: standin.info.url,
		webServerUrl: standin.info.webServerUrl,
		apiPath: standin.apiPath,
		ignoreSSLIssues: false,
	};
	return [
		{
			...EXAMPLE_CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: { ...base, personalAccessToken: standin.info.tokens.valid },
		},
		{
			...EXPIRED_CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: { ...base, personalAccessToken: standin.info.tokens.expired },
		},
		{
			...NON_ADMIN_CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: { ...base, personalAccessToken: standin.info.tokens.nonAdmin },
		},
		{ ...FILE_PAT_CREDENTIAL, type: CREDENTIAL_TYPE, data: { ...base, personalAccessToken: '' } },
	];
}

/**
 * n8n's credential overwrites, read from a file (`CREDENTIALS_OVERWRITE_DATA_FILE`): the route for a
 * PAT kept in a mounted secret. n8n fills only empty fields, so the other credentials keep theirs.
 * Returns the environment that points n8n at the file.
 */
export function writeCredentialOverwrites(
	folder: string,
	personalAccessToken: string,
): Record<string, string> {
	fs.mkdirSync(folder, { recursive: true });
	const file = path.join(folder, 'credential-overwrites.json');
	fs.writeFileSync(file, JSON.stringify({ [CREDENTIAL_TYPE]: { personalAccessToken } }), {
		mode: 0o600,
	});
	return { CREDENTIALS_OVERWRITE_DATA_FILE: file };
}

/** GL_Export rows the stand-in serves for a scenario and period (optionally one entity). */
export function expectedGlRows(scenario: string, time: string, entity?: string) {
	return factRows().filter(
		(r) =>
			r.Scenario === scenario && r.Time === time && (entity === undefined || r.Entity === entity),
	);
}

/** Checks a GL CSV export against the stand-in's rows; returns the number of data rows. */
export function assertGlCsv(
	text: string,
	scenario: string,
	time: string | undefined,
	what: string,
): number {
	const rows = parseCsv(text);
	assert(rows.length >= 2, `${what}: CSV has no data rows`);
	const header = rows[0];
	for (const col of ['Entity', 'Account', 'Scenario', 'Time', 'Amount'])
		assert(header.includes(col), `${what}: CSV header ${JSON.stringify(header)} lacks ${col}`);
	const data = rows.slice(1);
	const expected = factRows().filter(
		(r) => r.Scenario === scenario && (time === undefined || r.Time === time),
	);
	assert(
		data.length === expected.length,
		`${what}: CSV has ${data.length} rows, the stand-in served ${expected.length}`,
	);
	const idx = (c: string) => header.indexOf(c);
	for (const e of expected.slice(0, 10)) {
		const found = data.find(
			(d) =>
				d[idx('Entity')] === e.Entity &&
				d[idx('Account')] === e.Account &&
				d[idx('Time')] === e.Time,
		);
		assert(found, `${what}: no CSV row for ${e.Entity}/${e.Account}/${e.Time}`);
		assert(
			Number(found[idx('Amount')]) === e.Amount,
			`${what}: Amount of ${e.Entity}/${e.Account}/${e.Time} is ${found[idx('Amount')]}, expected ${e.Amount}`,
		);
	}
	return data.length;
}

/** Reads a binary property's content, whether n8n kept it inline (1.x default) or on disk (2.x). */
export function readBinary(n8n: N8n, ref: BinaryRef): Buffer {
	if (ref.id && typeof ref.id === 'string') {
		const m = /^[a-z0-9-]+:(.*)$/.exec(ref.id);
		assert(m, `unknown binary data id ${ref.id}`);
		// 1.x keeps files in .n8n/binaryData, 2.x in .n8n/storage (N8N_BINARY_DATA_STORAGE_PATH).
		const candidates = ['binaryData', 'storage'].map((d) =>
			path.join(n8n.userFolder, '.n8n', d, m[1]),
		);
		const file = candidates.find((f) => fs.existsSync(f));
		assert(file, `binary data for id ${ref.id} is in none of ${candidates.join(', ')}`);
		return fs.readFileSync(file);
	}
	assert(typeof ref.data === 'string', 'binary property has neither data nor id');
	return Buffer.from(ref.data, 'base64');
}

/**
 * The PAT must appear nowhere: every file n8n wrote under the suite folder (database, logs,
 * stdout/stderr of every command, binary data, written files) plus extra texts such as REST
 * answers. Besides whole tokens it looks for a 16-character middle slice, to catch truncation.
 */
export function assertNoSecrets(
	files: string[],
	texts: Array<[string, string]>,
	secrets: string[],
): { files: number; bytes: number } {
	const needles: string[] = [];
	for (const s of secrets) needles.push(s, s.slice(20, 36));
	let bytes = 0;
	const hits: string[] = [];
	for (const f of files) {
		const buf = fs.readFileSync(f);
		bytes += buf.length;
		for (const n of needles)
			if (buf.includes(n))
				hits.push(`${f} contains ${n === needles[0] ? 'the PAT' : `"${n.slice(0, 4)}…"`}`);
	}
	for (const [label, text] of texts) {
		bytes += text.length;
		for (const n of needles) if (text.includes(n)) hits.push(`${label} contains a PAT fragment`);
	}
	assert(hits.length === 0, `PAT found:\n${hits.join('\n')}`);
	return { files: files.length, bytes };
}

/**
 * GETs a production webhook, waiting while n8n answers 404 (not registered yet), and returns the
 * JSON array it answers with status 200.
 */
export async function callWebhook(
	baseUrl: string,
	pathAndQuery: string,
	options: { waitMs?: number; requestTimeoutMs?: number } = {},
): Promise<Array<Record<string, unknown>>> {
	const res = await getWebhook(baseUrl, pathAndQuery, options);
	assertEqual(res.status, 200, `webhook ${pathAndQuery} status (body ${res.text.slice(0, 300)})`);
	return JSON.parse(res.text) as Array<Record<string, unknown>>;
}

/** A journal line for the stand-in's Journal_Lines adapter, posted at 18:00:<second>. */
export function journalLine(id: number, second: number): Record<string, unknown> {
	return {
		JournalId: id,
		Entity: 'Houston',
		Amount: id * 100,
		PostedAt: `2026-03-31T18:00:${String(second).padStart(2, '0')}`,
	};
}

/** Journal ids in the OneStream Trigger's executions, in execution order, repeats kept. */
export async function emittedJournalIds(
	n8n: N8n,
	keep: (label: string, raw: string) => void,
): Promise<number[]> {
	const list = await n8n.listExecutions(TRIGGER_ID);
	const ids: number[] = [];
	for (const e of [...list].sort((a, b) => Number(a.id) - Number(b.id))) {
		const ex = await n8n.getExecution(e.id);
		keep(`trigger execution ${e.id}`, ex.raw);
		for (const item of outputItems({ resultData: ex.data.resultData }, TRIGGER_NODE))
			ids.push(Number(item.json.JournalId));
	}
	return ids;
}

/** Waits (n8n polls at most once a minute) until the trigger has emitted `count` lines. */
export async function waitForJournalIds(
	n8n: N8n,
	keep: (label: string, raw: string) => void,
	what: string,
	count: number,
): Promise<number[]> {
	return await waitFor(
		what,
		async () => {
			const ids = await emittedJournalIds(n8n, keep);
			return ids.length >= count ? ids : undefined;
		},
		{ timeoutMs: 150000, intervalMs: 3000 },
	);
}

/** The stand-in's close (DEFAULT_WORKFLOW_STEPS) with some steps at a new status. */
export function workflowStepsWith(
	changes: Record<string, string>,
): Array<[string, string, string | null]> {
	return DEFAULT_WORKFLOW_STEPS.map(([name, status, at]): [string, string, string | null] =>
		changes[name] === undefined ? [name, status, at] : [name, changes[name], '2026-07-02T07:00:00'],
	);
}

export interface CloseEvent {
	executionId: string;
	/** The trigger's item: the unit's columns, `previous` and `current`. */
	event: Record<string, unknown>;
	/** The certified-close example's message for it. */
	message: unknown;
}

/** The certified-close example's executions, oldest first: each event and its message. */
export async function closeEvents(
	n8n: N8n,
	keep: (label: string, raw: string) => void,
): Promise<CloseEvent[]> {
	const list = await n8n.listExecutions(CERTIFIED_ID);
	const events: CloseEvent[] = [];
	for (const e of [...list].sort((a, b) => Number(a.id) - Number(b.id))) {
		const ex = await n8n.getExecution(e.id);
		keep(`certified-close execution ${e.id}`, ex.raw);
		const result = { resultData: ex.data.resultData };
		const messages = outputItems(result, CERTIFIED_MESSAGE_NODE);
		outputItems(result, CERTIFIED_TRIGGER_NODE).forEach((item, index) =>
			events.push({ executionId: e.id, event: item.json, message: messages[index]?.json.message }),
		);
	}
	return events;
}

/** Waits (n8n polls at most once a minute) until the example has handled `count` events. */
export async function waitForCloseEvents(
	n8n: N8n,
	keep: (label: string, raw: string) => void,
	what: string,
	count: number,
): Promise<CloseEvent[]> {
	return await waitFor(
		what,
		async () => {
			const events = await closeEvents(n8n, keep);
			return events.length >= count ? events : undefined;
		},
		{ timeoutMs: 150000, intervalMs: 3000 },
	);
}

/** A close event as [profile, step, previous, current]. */
export const closeEventSummary = (e: CloseEvent) => [
	e.event.WorkflowProfile,
	e.event.WorkflowStep,
	e.event.previous,
	e.event.current,
];

/** The message the example builds for an event, up to the row count. */
export function expectedCloseMessage(e: CloseEvent, fileName: string): string {
	const unit = e.event;
	return `${String(unit.WorkflowProfile)} ${String(unit.Scenario)} ${String(unit.Time)}: ${String(unit.WorkflowStep)} went from ${String(unit.previous)} to ${String(unit.current)}. GL export ${fileName} (`;
}
