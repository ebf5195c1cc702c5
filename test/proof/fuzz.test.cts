/**
 * Fuzzing: generated and mutated response bodies thrown at the DataSet stream reader (fed in random
 * chunk sizes and batch sizes), the row collectors and file builders, cube-view flattening and the
 * transport's body classification. Properties:
 * - nothing but the node's own OneStreamError escapes (the router turns it into a NodeApiError);
 * - where the body is valid JSON, the result equals JSON.parse of it (a DataSet), or the body is
 *   refused as "not a DataSet" when it is JSON of another shape;
 * - the result does not depend on how the body was cut into chunks;
 * - keys like `__proto__`, `constructor` and `prototype` stay plain data; Object.prototype is untouched.
 *
 * FUZZ_CASES (default 100000) sets the number of bodies; FAULT_SEED repeats a run.
 */
import { Readable } from 'node:stream';

import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse, INode } from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';

import { toNodeError, OneStreamError } from '../../nodes/OneStream/shared/errors';
import { CsvWriter } from '../../nodes/OneStream/dataSet/csvWriter';
import { flattenCubeViewRows } from '../../nodes/OneStream/dataSet/cubeView';
import { JsonWriter } from '../../nodes/OneStream/dataSet/jsonWriter';
import { DataSetReader } from '../../nodes/OneStream/dataSet/reader';
import { FileCollector, RowCollector } from '../../nodes/OneStream/dataSet/sinks';
import type {
	DataRow,
	DataSetSink,
	ParseOptions,
	RowBatch,
	RowShape,
} from '../../nodes/OneStream/dataSet/types';
import { runJobCall } from '../../nodes/OneStream/actions/jobAnswer';
import { OneStreamReader } from '../../nodes/OneStream/read/reader';
import { OneStreamClient } from '../../nodes/OneStream/transport/client';
import { describeNetworkFailure } from '../../nodes/OneStream/transport/failures';
import { parseRetryAfter, retryDelay } from '../../nodes/OneStream/transport/retry';
import type {
	OneStreamConnection,
	ReadCall,
	RetryPolicy,
} from '../../nodes/OneStream/transport/types';
import { expectedCsvField, parseCsv } from '../support/csv.cjs';
import {
	chunks,
	dataSet,
	HOSTILE_KEYS,
	mutate,
	object,
	otherBody,
	randomString,
	serialize,
	type JsonValue,
} from '../support/fuzzGen.cjs';
import { Rng, seedFromEnv, sizeFromEnv } from '../support/random.cjs';

const CASES = sizeFromEnv('FUZZ_CASES', 100_000);
const SEED = seedFromEnv(20_261_127);
/** Every Nth body also goes through the transport (it is slower: promises, streams, errors). */
const TRANSPORT_EVERY = 20;
/** Shares of the bodies that get the slower checks. */
const SECOND_READ_SHARE = 0.4;
const CONVERTER_SHARE = 0.25;
const FILE_COLLECTOR_SHARE = 0.1;
const HELPER_SHARE = 0.3;

const SECRET = 'FuzzCanary5Hq8Lm3Xr7Tv2Kp9Wd4Ns6Bz1Jc0Ge8Ya3-Qf5Ru7Mk2Vx9Lt4Hn6Pd1Sb';
const BROKEN_TEXT = /\bundefined\b|\[object Object\]|\bNaN\b/;
const SURROGATE = /[\ud800-\udfff]/;

// ---------------------------------------------------------------------------------------------
// Equality the way JSON.parse sees it

/**
 * Deep equality as JSON.parse produces values. With `signedZero` off, it also allows what a round
 * trip through JSON.stringify changes: -0 becomes 0, and a number too large for a double (1e400,
 * parsed as Infinity) becomes null.
 */
function sameJson(a: unknown, b: unknown, signedZero = true): boolean {
	if (typeof a === 'number' && typeof b === 'number') return signedZero ? Object.is(a, b) : a === b;
	if (
		!signedZero &&
		((a === null && typeof b === 'number' && !Number.isFinite(b)) ||
			(b === null && typeof a === 'number' && !Number.isFinite(a)))
	)
		return true;
	if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a) && Array.isArray(b))
		return a.length === b.length && a.every((entry, i) => sameJson(entry, b[i], signedZero));
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	const recordA = a as Record<string, unknown>;
	const recordB = b as Record<string, unknown>;
	return keysA.every(
		(key) =>
			Object.prototype.hasOwnProperty.call(b, key) &&
			sameJson(recordA[key], recordB[key], signedZero),
	);
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(target, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

// ---------------------------------------------------------------------------------------------
// Reading a body with the reader and the node's own collector

/**
 * Forwards to the node's RowCollector and records the order of tables and fields, and each batch's
 * bytes. With `parsing`, it passes on the collector's parse options, so that the reader finds rows
 * by parsing them; without, the reader scans every byte.
 */
class TeeSink implements DataSetSink {
	constructor(private readonly parsing: boolean) {}

	readonly order: Array<{ kind: 'table' | 'field'; name: string; value?: unknown }> = [];
	readonly batches = new Map<number, Buffer[]>();
	readonly collector = new RowCollector({ wanted: () => true, shape: 'asIs' });

	table(name: string): void {
		this.order.push({ kind: 'table', name });
		this.batches.set(this.order.length - 1, []);
		this.collector.table(name);
	}

	rows(batch: RowBatch): void {
		// The bytes may be a view of the reader's chunks: copy them.
		this.batches.get(this.order.length - 1)?.push(Buffer.from(batch.bytes));
		this.collector.rows(batch);
	}

	field(name: string, value: unknown): void {
		this.order.push({ kind: 'field', name, value });
		this.collector.field(name, value);
	}

	get parseOptions(): ParseOptions | undefined {
		return this.parsing ? this.collector.parseOptions : undefined;
	}
}

type ReadOutcome =
	| {
			kind: 'dataSet';
			value: Record<string, unknown>;
			tables: Array<{ name: string; rows: DataRow[]; batches: Buffer[] }>;
			fields: IDataObject;
			/** Rows the reader handed over without scanning them (parsed by the collector). */
			unscannedRows: number;
	  }
	| { kind: 'notObject'; text: string }
	| { kind: 'refused'; message: string };

function read(body: Buffer, pieces: Buffer[], batchBytes: number, parsing: boolean): ReadOutcome {
	const sink = new TeeSink(parsing);
	const reader = new DataSetReader(sink, 'the fuzz body', { batchBytes });
	try {
		for (const piece of pieces) reader.push(piece);
		reader.finish();
	} catch (error) {
		if (error instanceof OneStreamError) return { kind: 'refused', message: error.message };
		throw new Error(
			`The reader threw ${(error as Error).name}: ${(error as Error).message}\nbody: ${JSON.stringify(body.toString('utf8').slice(0, 300))}`,
		);
	}
	if (reader.isNotAnObject) return { kind: 'notObject', text: reader.notAnObject() };
	const value: Record<string, unknown> = {};
	const tables: Array<{ name: string; rows: DataRow[]; batches: Buffer[] }> = [];
	const infos = sink.collector.tables;
	let tableIndex = 0;
	sink.order.forEach((event, index) => {
		if (event.kind === 'field') {
			define(value, event.name, event.value);
			return;
		}
		const info = infos[tableIndex++];
		const rows = sink.collector.dataTable(info).rows;
		tables.push({ name: event.name, rows, batches: sink.batches.get(index) ?? [] });
		define(value, event.name, rows);
	});
	return {
		kind: 'dataSet',
		value,
		tables,
		fields: sink.collector.fields,
		unscannedRows: reader.unscannedRows,
	};
}

/**
 * Two reads of the same body agree. Refusals may name different first problems: a smaller batch
 * parses (and fails) earlier than a larger one would have found the cut.
 */
function sameOutcome(a: ReadOutcome, b: ReadOutcome): boolean {
	if (a.kind !== b.kind) return false;
	if (a.kind === 'refused' && b.kind === 'refused') return true;
	if (a.kind === 'notObject' && b.kind === 'notObject') return a.text === b.text;
	return a.kind === 'dataSet' && b.kind === 'dataSet' && sameJson(a.value, b.value);
}

/** What JSON.parse makes of the body (after one leading byte order mark, which the reader skips). */
type Expected =
	| { kind: 'invalid' }
	| { kind: 'notObject' }
	| { kind: 'notDataSet' }
	| { kind: 'dataSet'; value: Record<string, unknown> };

function expected(body: Buffer): Expected {
	let text = body.toString('utf8');
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return { kind: 'invalid' };
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
		return { kind: 'notObject' };
	const record = parsed as Record<string, unknown>;
	const rowsOk = Object.keys(record).every((key) => {
		const entry = record[key];
		return (
			!Array.isArray(entry) ||
			entry.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
		);
	});
	return rowsOk ? { kind: 'dataSet', value: record } : { kind: 'notDataSet' };
}

// ---------------------------------------------------------------------------------------------
// Converters

function ownValue(source: DataRow, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

/**
 * The CSV writer, fed the batches as the reader gave them, against the rows: parse the CSV back
 * and compare it field by field with records built here from the parsed rows. The writer keeps
 * the digits as sent (`1.50`, `-0`, `1E2`), so numeric fields compare as numbers.
 */
function checkCsv(rows: DataRow[], batches: Buffer[], failures: string[]): void {
	const writer = new CsvWriter();
	try {
		for (const batch of batches) writer.addBatch(batch);
	} catch (error) {
		failures.push(
			`the CSV writer refused rows that JSON.parse reads: ${(error as Error).name}: ${(error as Error).message}`,
		);
		return;
	}
	let records: string[][];
	try {
		records = parseCsv(writer.toBuffer().toString('utf8'));
	} catch (error) {
		failures.push(`CSV does not parse: ${(error as Error).message}`);
		return;
	}
	const difference = firstDifference(records, referenceRecords(rows), sameCsvField);
	if (difference) failures.push(`the CSV file differs from the rows: ${difference}`);
}

/** CSV records with their columns reordered as `header` names them (unknown names stay last). */
function inColumnOrder(records: string[][], header: string[] | undefined): string[][] {
	if (records.length === 0 || header === undefined) return records;
	const order = records[0].map((_, index) => index);
	const place = (name: string) => {
		const at = header.indexOf(name);
		return at < 0 ? header.length : at;
	};
	order.sort((a, b) => place(records[0][a]) - place(records[0][b]));
	return records.map((record) => order.map((index) => record[index]));
}

/** The records a CSV file of `rows` must read back as, built without the node's code. */
function referenceRecords(rows: DataRow[]): string[][] {
	const columns: string[] = [];
	const seen = new Set<string>();
	for (const source of rows)
		for (const key of Object.keys(source)) if (!seen.has(key)) (seen.add(key), columns.push(key));
	// A header line when there are columns; one record per row (a row of a table without columns is an empty line).
	const records0 = rows.map((source) =>
		columns.length === 0
			? ['']
			: columns.map((column) => expectedCsvField(ownValue(source, column))),
	);
	const expectedRecords =
		columns.length === 0 ? records0 : [columns.map(expectedCsvField), ...records0];
	// Text goes through UTF-8 (a lone surrogate becomes U+FFFD), as in the file.
	const unquote = (field: string) => {
		const text = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
		return SURROGATE.test(text) ? Buffer.from(text, 'utf8').toString('utf8') : text;
	};
	return expectedRecords.map((record) => record.map(unquote));
}

/** CSV fields agree: equal text, or numbers with the same value (the transcoder keeps the digits as sent). */
function sameCsvField(a: string, b: string): boolean {
	return (
		a === b ||
		(a !== '' &&
			b !== '' &&
			/^-?\d/.test(a) &&
			/^-?(\d|Infinity$)/.test(b) &&
			Number(a) === Number(b))
	);
}

/** The first record that differs, as text, or undefined when the files agree. */
function firstDifference(
	a: string[][],
	b: string[][],
	same: (x: string, y: string) => boolean = (x, y) => x === y,
): string | undefined {
	for (let r = 0; r < Math.max(a.length, b.length); r++) {
		const left = a[r];
		const right = b[r];
		if (left === undefined || right === undefined || left.length !== right.length) {
			return `record ${r} of ${a.length}/${b.length}: ${left?.length} vs ${right?.length} fields: ${JSON.stringify(left)?.slice(0, 200)} vs ${JSON.stringify(right)?.slice(0, 200)}`;
		}
		const f = left.findIndex((field, index) => !same(field, right[index]));
		if (f >= 0)
			return `record ${r}, field ${f}: ${JSON.stringify(left[f]).slice(0, 120)} vs ${JSON.stringify(right[f]).slice(0, 120)}`;
	}
	return undefined;
}

function checkJsonFiles(rows: DataRow[], batches: Buffer[], failures: string[]): void {
	const copied = new JsonWriter();
	for (const batch of batches) copied.addBatch(batch);
	if (!sameJson(JSON.parse(copied.toBuffer().toString('utf8')), rows))
		failures.push('JSON file (batches copied) differs from the rows');
}

/** Flattened rows are plain objects; keys outside the cube-view layout keep their values. */
function checkFlatten(rows: DataRow[], failures: string[]): void {
	const flat = flattenCubeViewRows(rows);
	if (flat.length !== rows.length) failures.push('flattening changed the row count');
	flat.forEach((out, index) => {
		if (Object.getPrototypeOf(out) !== Object.prototype)
			failures.push('a flattened row lost its prototype');
		for (const key of HOSTILE_KEYS) {
			if (!Object.prototype.hasOwnProperty.call(rows[index], key)) continue;
			if (!Object.prototype.hasOwnProperty.call(out, key)) continue;
			if (!sameJson(out[key], rows[index][key]))
				failures.push(`flattening changed the value of "${key}"`);
		}
	});
}

function checkPlainRows(
	tables: Array<{ rows: DataRow[] }>,
	fields: IDataObject,
	failures: string[],
): void {
	if (Object.getPrototypeOf(fields) !== Object.prototype)
		failures.push('the fields object lost its prototype');
	for (const table of tables) {
		for (const source of table.rows) {
			if (Object.getPrototypeOf(source) !== Object.prototype)
				failures.push('a row lost its prototype');
		}
	}
}

// ---------------------------------------------------------------------------------------------
// The transport, against a fake n8n context answering with the body

const NODE: INode = {
	id: 'fuzz',
	name: 'OneStream',
	type: 'n8n-nodes-onestream.oneStream',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const CONNECTION: OneStreamConnection = {
	apiRoot: 'https://fuzz.invalid/OneStreamApi',
	webServerUrl: 'https://fuzz.invalid/OneStreamWeb',
	ignoreSslIssues: false,
	personalAccessToken: SECRET,
};
const NO_RETRY = { maxRetries: 0, baseDelayMs: 0 };

function context(answer: () => IN8nHttpFullResponse): IExecuteFunctions {
	const fake = {
		getNode: () => NODE,
		helpers: { httpRequestWithAuthentication: async () => answer() },
	};
	return fake as unknown as IExecuteFunctions;
}

function call(kind: 'job' | 'read'): ReadCall {
	return {
		endpoint:
			kind === 'job' ? 'DataManagement/ExecuteSequence' : 'DataProvider/GetAdoDataSetForAdapter',
		apiVersion: '5.2.0',
		body: {},
		subject: kind === 'job' ? 'Data Management sequence "Fuzz"' : 'data adapter "Fuzz"',
		timeoutMs: 60_000,
		retry: NO_RETRY,
	};
}

/**
 * The transport's client over a fake n8n context answering with the body, with the node's read
 * path and job answer on top, as the operations use them.
 */
function client(answer: () => IN8nHttpFullResponse) {
	const transport = new OneStreamClient(context(answer), CONNECTION);
	const reader = new OneStreamReader(transport);
	return {
		readDataSet: async (readCall: ReadCall, sink: RowCollector) =>
			await reader.stream(
				{ ...readCall, fileBaseName: 'x', resultTableName: 'Results' },
				sink,
				readCall,
			),
		readJson: async (readCall: ReadCall) => await reader.json(readCall),
		job: async (jobCall: ReadCall) => await runJobCall(transport, jobCall),
	};
}

/** What the node shows for an error of the transport: the router's conversion. */
function asNodeError(error: unknown): unknown {
	return error instanceof OneStreamError ? toNodeError(NODE, error, 0, SECRET) : error;
}

function isNodeApiError(error: unknown): error is NodeApiError {
	return error instanceof Error && error.name === 'NodeApiError';
}

/** A NodeApiError whose texts read well and hold no piece of the PAT. */
function checkNodeError(error: unknown, bodyText: string, failures: string[], where: string): void {
	if (!isNodeApiError(error)) {
		failures.push(`${where}: threw ${(error as Error)?.name}: ${(error as Error)?.message}`);
		return;
	}
	const texts = [error.message, String(error.description ?? '')];
	if (!BROKEN_TEXT.test(bodyText)) {
		for (const text of texts)
			if (text.trim() === '' || BROKEN_TEXT.test(text))
				failures.push(`${where}: unreadable error text ${JSON.stringify(text)}`);
	}
	for (const text of [...texts, JSON.stringify(error.errorResponse ?? {})]) {
		for (let start = 0; start + 12 <= SECRET.length; start++) {
			if (text.includes(SECRET.slice(start, start + 12))) {
				failures.push(`${where}: the PAT leaked into ${JSON.stringify(text.slice(0, 200))}`);
				return;
			}
		}
	}
}

const STATUSES = [
	200, 200, 200, 200, 200, 201, 204, 301, 302, 400, 401, 403, 404, 415, 418, 422, 429, 500, 502,
	503, 504, 599,
];
const TYPES = [
	'application/json; charset=utf-8',
	'application/json',
	'text/html; charset=utf-8',
	'text/plain',
	'',
	'application/octet-stream',
];

async function checkTransport(
	rng: Rng,
	body: Buffer,
	outcome: ReadOutcome,
	failures: string[],
): Promise<void> {
	const status = rng.pick(STATUSES);
	const headers: IDataObject = { 'content-type': rng.pick(TYPES) };
	if (status === 302 && rng.chance(0.5))
		headers.location = rng.chance(0.5) ? 'https://elsewhere.invalid/x' : randomString(rng, 10);
	if (status === 429 && rng.chance(0.5))
		headers['retry-after'] = rng.pick(['1', '', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT']);
	const text = body.toString('utf8');
	const html =
		String(headers['content-type']).includes('text/html') ||
		/^\s*<(!doctype html|html)/i.test(text);

	// Streamed read.
	const sink = new RowCollector({ wanted: () => true, shape: 'asIs' });
	try {
		await client(() => ({
			statusCode: status,
			headers,
			body: Readable.from(chunks(rng, body)),
		})).readDataSet(call('read'), sink);
		if (status < 200 || status > 299)
			failures.push(`streamed read: status ${status} was taken as data`);
		else if (outcome.kind !== 'dataSet')
			failures.push(`streamed read: a body the reader gave "${outcome.kind}" was taken as data`);
		else if (
			!sameJson(
				sink.tables.map((info) => sink.dataTable(info).rows),
				outcome.tables.map((table) => table.rows),
			)
		)
			failures.push('streamed read: rows differ from the reader');
	} catch (error) {
		const shown = asNodeError(error);
		checkNodeError(shown, text, failures, 'streamed read');
		if (status >= 200 && status <= 299 && outcome.kind === 'dataSet' && isNodeApiError(shown))
			failures.push(`streamed read: a DataSet was refused: ${shown.message}`);
	}

	// Whole-body read (7.2.0 session calls).
	try {
		const parsed = await client(() => ({ statusCode: status, headers, body: text })).readJson(
			call('read'),
		);
		let wanted: unknown;
		try {
			wanted = JSON.parse(text.split(SECRET).join('[redacted]'));
		} catch {
			wanted = undefined;
		}
		if (status < 200 || status > 299 || html || !sameJson(parsed, wanted))
			failures.push(
				`whole-body read: ${status} ${JSON.stringify(text.slice(0, 80))} gave ${JSON.stringify(parsed).slice(0, 80)}`,
			);
	} catch (error) {
		checkNodeError(asNodeError(error), text, failures, 'whole-body read');
	}

	// A Data Management job answered with the body.
	try {
		const message = await client(() => ({ statusCode: status, headers, body: text })).job(
			call('job'),
		);
		if (typeof message !== 'string' || status < 200 || status > 299 || html)
			failures.push(`job: ${status} ${JSON.stringify(text.slice(0, 80))} was taken as success`);
		if (message.includes(SECRET.slice(0, 12)))
			failures.push('job: the PAT leaked into the success message');
	} catch (error) {
		const shown = asNodeError(error);
		checkNodeError(shown, text, failures, 'job');
		const outcomeOfJob = isNodeApiError(shown)
			? (shown.errorResponse as IDataObject | undefined)?.jobOutcome
			: undefined;
		if (!['notRun', 'failed', 'unknown'].includes(String(outcomeOfJob)))
			failures.push(`job: error without a job outcome (${String(outcomeOfJob)})`);
	}
}

// ---------------------------------------------------------------------------------------------
// Small transport helpers, with random input

function checkHelpers(rng: Rng, failures: string[]): void {
	const header = rng.chance(0.5)
		? randomString(rng, rng.int(0, 12))
		: rng.pick([
				'0',
				'1',
				'120',
				'-1',
				'1.5',
				' 2 ',
				new Date(Date.now() + rng.int(-5000, 5000)).toUTCString(),
				'',
			]);
	const delay = parseRetryAfter(rng.chance(0.1) ? [header] : header);
	if (delay !== undefined && (!Number.isFinite(delay) || delay < 0))
		failures.push(`parseRetryAfter(${JSON.stringify(header)}) = ${delay}`);

	const policy: RetryPolicy = {
		maxRetries: rng.int(0, 10),
		baseDelayMs: rng.int(0, 60_000),
		maxDelayMs: rng.int(0, 30_000),
		budgetMs: rng.int(0, 120_000),
	};
	const failure = describeNetworkFailure(randomError(rng));
	if (typeof failure.code !== 'string' || failure.code === '' || typeof failure.detail !== 'string')
		failures.push(`describeNetworkFailure gave ${JSON.stringify(failure)}`);
	const wait = retryDelay(
		rng.chance(0.5)
			? failure
			: {
					type: 'answer',
					statusCode: rng.pick(STATUSES),
					headers: { 'retry-after': header },
					text: '',
				},
		rng.int(0, 12),
		policy,
		rng.int(0, 200_000),
	);
	if (wait !== undefined && (!Number.isFinite(wait) || wait < 0 || wait > policy.maxDelayMs))
		failures.push(`retryDelay gave ${wait} with ${JSON.stringify(policy)}`);
}

function randomError(rng: Rng): unknown {
	switch (rng.int(0, 6)) {
		case 0:
			return null;
		case 1:
			return randomString(rng, 10);
		case 2:
			return Object.assign(new Error(randomString(rng, 20)), {
				code: rng.pick([
					'ECONNRESET',
					'ETIMEDOUT',
					'ECONNABORTED',
					'',
					42,
					'DEPTH_ZERO_SELF_SIGNED_CERT',
				]),
			});
		case 3:
			return {
				httpCode: rng.pick(['ECONNREFUSED', '500', null]),
				messages: [randomString(rng, 15), 7],
				cause: { code: 'EPIPE' },
			};
		case 4: {
			const cyclic: { cause?: unknown; message: string } = { message: 'socket hang up' };
			cyclic.cause = cyclic;
			return cyclic;
		}
		case 5:
			return new Error(
				rng.pick([
					'timeout of 1000ms exceeded',
					'self-signed certificate',
					'Request cancelled',
					'aborted',
					'unable to verify the first certificate',
				]),
			);
		default:
			return { message: { nested: true }, messages: 'not a list' };
	}
}

// ---------------------------------------------------------------------------------------------
// The run

/** One fuzz body and what the generator knows about it. */
interface FuzzBody {
	body: Buffer;
	/** Generated (not mutated) DataSet with only object rows: must be read exactly. */
	validDataSet: boolean;
	/** Generated with a row that is not an object: must be refused. */
	strayRow: boolean;
}

function withSecret(rng: Rng, source: JsonValue): JsonValue {
	if (typeof source === 'string' && rng.chance(0.05)) return `${source} Bearer ${SECRET}`;
	return source;
}

function generate(rng: Rng): FuzzBody {
	const roll = rng.next();
	if (roll < 0.08)
		return { body: Buffer.from(otherBody(rng)), validDataSet: false, strayRow: false };
	const shape = dataSet(rng);
	if (rng.chance(0.05)) {
		// The token inside the data: data stays data, errors must not show it.
		const first = Object.keys(shape).find(
			(key) => Array.isArray(shape[key]) && (shape[key] as JsonValue[]).length > 0,
		);
		if (first !== undefined) {
			const rows = shape[first] as JsonValue[];
			rows[0] = object(
				rng,
				1,
				() => 'Echo',
				() => withSecret(rng, 'token'),
			);
		}
	}
	const strayRow = Object.keys(shape).some(
		(key) =>
			Array.isArray(shape[key]) &&
			(shape[key] as JsonValue[]).some(
				(item) => typeof item !== 'object' || item === null || Array.isArray(item),
			),
	);
	const text = serialize(rng, shape, rng.pick([0, 0, 0.1, 0.5]), true);
	const body = Buffer.from(rng.chance(0.05) ? `\ufeff${text}` : text);
	if (roll < 0.55) return { body, validDataSet: !strayRow, strayRow };
	return { body: mutate(rng, body), validDataSet: false, strayRow: false };
}

function prototypeSnapshot(): string {
	return JSON.stringify(
		[Object.prototype, Array.prototype, Function.prototype, String.prototype].map((proto) =>
			Object.getOwnPropertyNames(proto).sort(),
		),
	);
}

describe(`fuzz: ${CASES} response bodies (seed ${SEED})`, () => {
	it('no uncaught exception, results equal JSON.parse where the body is valid, independent of chunking, no prototype pollution', async () => {
		const rng = new Rng(SEED);
		const before = prototypeSnapshot();
		const failures: string[] = [];
		const stats = {
			valid: 0,
			dataSets: 0,
			refused: 0,
			notObject: 0,
			lenient: 0,
			rows: 0,
			unscannedRows: 0,
			transport: 0,
			rereads: 0,
			converted: 0,
		};
		const lenientExamples: string[] = [];
		const startedAt = Date.now();

		for (let index = 0; index < CASES && failures.length < 20; index++) {
			const { body, validDataSet, strayRow } = generate(rng);
			const caseFailures: string[] = [];
			try {
				const batchBytes = rng.chance(0.5) ? rng.int(1, 256) : 4 << 20;
				// Rows found by parsing or by scanning every byte (alternately, so that the corpus stays
				// that of the seed); a second read takes the other way.
				const parsing = index % 2 === 0;
				const first = read(body, chunks(rng, body), batchBytes, parsing);
				if (rng.chance(SECOND_READ_SHARE)) {
					stats.rereads++;
					const second = read(body, chunks(rng, body), rng.chance(0.5) ? 1 : batchBytes, !parsing);
					if (!sameOutcome(first, second))
						caseFailures.push(
							`chunking changed the result: ${first.kind}${first.kind === 'refused' ? ` (${first.message})` : ''} vs ${second.kind}${second.kind === 'refused' ? ` (${second.message})` : ''}`,
						);
				}

				const wanted = expected(body);
				if (wanted.kind !== 'invalid') stats.valid++;
				if (
					wanted.kind === 'dataSet' &&
					first.kind === 'dataSet' &&
					!sameJson(first.value, wanted.value)
				)
					caseFailures.push('the rows differ from JSON.parse');
				if (wanted.kind === 'dataSet' && first.kind !== 'dataSet' && !hasRepeatedTopLevelKey(body))
					caseFailures.push(
						`a valid DataSet was not read: ${first.kind === 'refused' ? first.message : first.kind}`,
					);
				if (wanted.kind === 'notObject' && first.kind !== 'notObject')
					caseFailures.push(`JSON that is not an object gave ${first.kind}`);
				if (
					wanted.kind === 'notDataSet' &&
					first.kind === 'dataSet' &&
					!hasRepeatedTopLevelKey(body)
				)
					caseFailures.push('JSON with rows that are not objects was read as a DataSet');
				if (validDataSet && first.kind !== 'dataSet' && !hasRepeatedTopLevelKey(body))
					caseFailures.push(
						`a generated DataSet was not read: ${first.kind === 'refused' ? first.message : first.kind}`,
					);
				if (strayRow && first.kind === 'dataSet')
					caseFailures.push(
						`a generated non-object row was accepted: ${body.toString('utf8').slice(0, 2000)}`,
					);
				if (wanted.kind === 'invalid' && first.kind === 'dataSet') {
					stats.lenient++;
					if (lenientExamples.length < 5) lenientExamples.push(body.toString('utf8').slice(0, 120));
				}

				if (first.kind === 'dataSet') {
					stats.dataSets++;
					stats.unscannedRows += first.unscannedRows;
					checkPlainRows(first.tables, first.fields, caseFailures);
					const convert = rng.chance(CONVERTER_SHARE);
					if (convert) stats.converted++;
					for (const table of first.tables) {
						stats.rows += table.rows.length;
						if (!convert) continue;
						checkFlatten(table.rows, caseFailures);
						checkCsv(table.rows, table.batches, caseFailures);
						checkJsonFiles(table.rows, table.batches, caseFailures);
					}
					if (rng.chance(FILE_COLLECTOR_SHARE))
						checkFileCollector(body, rng, first, caseFailures, parsing);
				} else if (first.kind === 'refused') stats.refused++;
				else stats.notObject++;

				if (rng.chance(HELPER_SHARE)) checkHelpers(rng, caseFailures);
				if (index % TRANSPORT_EVERY === 0) {
					stats.transport++;
					await checkTransport(rng, body, first, caseFailures);
				}
			} catch (error) {
				const where =
					(error as Error).stack?.split('\n').find((line) => line.includes('nodes/OneStream')) ??
					'';
				caseFailures.push(
					`uncaught ${(error as Error).name}: ${(error as Error).message} ${where.trim()}`,
				);
			}
			if (caseFailures.length > 0)
				failures.push(
					`case ${index}: ${caseFailures.join('; ')}\n  body: ${JSON.stringify(body.toString('utf8').slice(0, 240))}`,
				);
		}

		const elapsed = Date.now() - startedAt;
		console.log(
			`fuzz: ${CASES} bodies (seed ${SEED}) in ${elapsed} ms: ${stats.valid} valid JSON, ${stats.dataSets} read as DataSets (${stats.rows} rows, ${stats.unscannedRows} of them not scanned but parsed), ` +
				`${stats.refused} refused, ${stats.notObject} not objects, ${stats.transport} also through the transport; ` +
				`${stats.lenient} invalid JSON bodies read leniently${lenientExamples.length ? `, e.g. ${JSON.stringify(lenientExamples.slice(0, 3))}` : ''}`,
		);
		expect(failures).toEqual([]);
		expect(prototypeSnapshot()).toBe(before);
		expect(Object.prototype.hasOwnProperty.call({}, '__proto__')).toBe(false);
		// The run covered what it claims to.
		expect(stats.dataSets).toBeGreaterThan(CASES * 0.3);
		expect(stats.refused).toBeGreaterThan(CASES * 0.05);
		// Every other body was read by parsing to find rows (all but the rows after the last `},{`
		// of a table, in bodies written without space between rows): some 10% of the rows here.
		expect(stats.unscannedRows).toBeGreaterThan(stats.rows * 0.05);
	}, 600_000);
});

/** A FileCollector that does not take unscanned bytes: the reader scans every byte for it. */
class ScanningFileCollector extends FileCollector {
	get takesRowBytes(): boolean {
		return false;
	}
}

/**
 * The node's FileCollector (CSV and JSON, as they come and flattened) fed by the reader, against
 * the rows read; `unscanned`: the CSV writer may take rows the reader did not scan.
 */
function checkFileCollector(
	body: Buffer,
	rng: Rng,
	outcome: Extract<ReadOutcome, { kind: 'dataSet' }>,
	failures: string[],
	unscanned: boolean,
): void {
	for (const format of ['csv', 'json'] as const) {
		const shape: RowShape = rng.chance(0.3) ? 'cubeView' : 'asIs';
		const flattened = shape === 'cubeView' ? ' (flattened)' : '';
		const settings = { wanted: () => true, shape };
		const collector = unscanned
			? new FileCollector(settings, format)
			: new ScanningFileCollector(settings, format);
		const reader = new DataSetReader(collector, 'the fuzz body', { batchBytes: rng.int(1, 512) });
		try {
			for (const piece of chunks(rng, body)) reader.push(piece);
			reader.finish();
		} catch (error) {
			failures.push(
				`FileCollector (${format}) threw ${(error as Error).name}: ${(error as Error).message}`,
			);
			continue;
		}
		collector.tables.forEach((info, index) => {
			const source = outcome.tables[index]?.rows ?? [];
			const rows = shape === 'cubeView' ? flattenCubeViewRows(source) : source;
			const content = collector.content(info);
			if (format === 'json') {
				if (!sameJson(JSON.parse(content.toString('utf8')), rows, false))
					failures.push(
						`FileCollector JSON${flattened} differs from the rows: ${content.toString('utf8').slice(0, 600)} vs ${JSON.stringify(rows).slice(0, 600)}`,
					);
				return;
			}
			try {
				const records = parseCsv(content.toString('utf8'));
				const reference = referenceRecords(rows);
				// Flattened columns follow the cube view's layout; parsed rows list integer-like names
				// (a header "2026") first, as every JavaScript object does. Compare the columns by name.
				const difference = firstDifference(
					shape === 'cubeView' ? inColumnOrder(records, reference[0]) : records,
					reference,
					sameCsvField,
				);
				if (difference)
					failures.push(`FileCollector CSV${flattened} differs from the rows: ${difference}`);
			} catch (error) {
				failures.push(`FileCollector CSV does not parse: ${(error as Error).message}`);
			}
		});
	}
}

/** Whether a top-level key occurs twice (JSON.parse keeps the last; the reader sees both). */
function hasRepeatedTopLevelKey(body: Buffer): boolean {
	const keys = topLevelKeys(body.toString('utf8'));
	return new Set(keys).size !== keys.length;
}

/** The keys of the top-level object, in order, found by a small scan (strings and nesting only). */
function topLevelKeys(text: string): string[] {
	const keys: string[] = [];
	let depth = 0;
	let expectKey = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (char === '"') {
			let end = i + 1;
			while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
			if (depth === 1 && expectKey) {
				try {
					keys.push(JSON.parse(text.slice(i, end + 1)) as string);
				} catch {
					keys.push(text.slice(i, end + 1));
				}
				expectKey = false;
			}
			i = end;
		} else if (char === '{' || char === '[') {
			depth++;
			if (depth === 1) expectKey = char === '{';
		} else if (char === '}' || char === ']') depth--;
		else if (char === ',' && depth === 1) expectKey = true;
	}
	return keys;
}
