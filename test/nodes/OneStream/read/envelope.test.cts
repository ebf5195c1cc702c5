/**
 * Following a 7.2.0 envelope, without HTTP: answers are fed through the DataSet reader into the
 * first-answer and page sinks, and the pages land in a RowCollector as the node's reads use it.
 */
import { DataSetReader } from '../../../../nodes/OneStream/dataSet/reader';
import { RowCollector } from '../../../../nodes/OneStream/dataSet/sinks';
import type { ResettableDataSetSink } from '../../../../nodes/OneStream/dataSet/sinks';
import type { EnvelopeSettings, PageAnswer } from '../../../../nodes/OneStream/read/envelope';
import {
	CONNECTOR_POLL_SCHEDULE,
	FirstAnswer,
	followEnvelope,
	pollSchedule,
} from '../../../../nodes/OneStream/read/envelope';

const SETTINGS: EnvelopeSettings = {
	tableName: 'DataCells',
	requestBody: {},
	pollScheduleMs: [0, 0, 0],
};

/** A running word no list of the node's has ever held: OneStream's own is not public. */
const RUNNING = 'Simmering';

function feed(sink: ResettableDataSetSink, answer: unknown): void {
	const reader = new DataSetReader(sink, 'the test');
	reader.push(Buffer.from(JSON.stringify(answer)));
	reader.finish();
}

const rows = (from: number, to: number) =>
	Array.from({ length: to - from }, (_, i) => ({ Cell: from + i }));

/** Runs the envelope with `answers[0]` first, then `answers[n]` for each page request in turn. */
async function follow(
	answers: unknown[],
	settings: EnvelopeSettings = SETTINGS,
	options: { rowLimit?: number; remainingMs?: () => number } = {},
) {
	const waits: number[] = [];
	const collector = new RowCollector({
		wanted: () => true,
		shape: 'asIs',
		rowLimit: options.rowLimit,
	});
	const first = new FirstAnswer(collector, settings.tableName);
	feed(first, answers[0]);
	const asked: number[] = [];
	let next = 1;
	await followEnvelope(
		first,
		collector,
		settings,
		'the cells',
		async (_id, page, into: PageAnswer) => {
			asked.push(page);
			feed(into, answers[next++]);
		},
		{
			remainingMs: options.remainingMs ?? (() => 60_000),
			pause: async (ms) => {
				waits.push(ms);
			},
		},
	);
	const cells = collector.tables.flatMap((table) =>
		collector.dataTable(table).rows.map((row) => row.Cell),
	);
	return { asked, cells, waits, tables: collector.tables.map((t) => t.name), collector };
}

const envelope = (status: string, pages: number, data: unknown[]) => ({
	Status: status,
	RequestId: 'r1',
	TotalPages: pages,
	DataResult: data,
});

it('leaves a plain DataSet alone', async () => {
	const result = await follow([{ Results: rows(0, 3) }]);
	expect(result).toMatchObject({ asked: [], cells: [0, 1, 2], tables: ['Results'] });
});

it('renames DataResult to the result table and fetches pages 2..TotalPages in order', async () => {
	const result = await follow([
		envelope('Completed', 3, rows(0, 2)),
		envelope('Completed', 3, rows(2, 4)),
		envelope('Completed', 3, rows(4, 5)),
	]);
	expect(result).toMatchObject({ asked: [2, 3], cells: [0, 1, 2, 3, 4], tables: ['DataCells'] });
});

it('polls on any status but Completed, a word it has never heard included: rows that came with it are dropped', async () => {
	const result = await follow([
		envelope(RUNNING, 0, rows(100, 101)),
		envelope(RUNNING.toLowerCase(), 0, []),
		envelope('Completed', 2, rows(0, 2)),
		envelope('Completed', 2, rows(2, 3)),
	]);
	expect(result).toMatchObject({ asked: [1, 1, 2], cells: [0, 1, 2], tables: ['DataCells'] });
});

it('asks again on the poll schedule for a page that is not yet Completed', async () => {
	const settings = { ...SETTINGS, pollScheduleMs: [5, 7, 9] };
	const result = await follow(
		[
			envelope('Completed', 3, rows(0, 2)),
			envelope(RUNNING, 3, []),
			envelope(RUNNING, 3, []),
			envelope('Completed', 3, rows(2, 4)),
			envelope('Completed', 3, rows(4, 5)),
		],
		settings,
	);
	expect(result).toMatchObject({ asked: [2, 2, 2, 3], cells: [0, 1, 2, 3, 4] });
	// Page 2 at once, then after 5 and 7 ms; page 3 at once.
	expect(result.waits).toEqual([5, 7]);
});

it('gives up on a page that stays unfinished when the schedule runs out, naming it', async () => {
	await expect(
		follow([envelope('Completed', 2, rows(0, 1)), ...Array(4).fill(envelope(RUNNING, 2, []))]),
	).rejects.toThrow(
		`OneStream had not finished page 2 of request r1 for the cells after 4 polls over 0 s (status "${RUNNING}")`,
	);
});

it.each(['Failed', 'Error', 'Cancelled', 'Expired'])(
	'stops at once on a status that says failure ("%s")',
	async (status) => {
		await expect(follow([envelope(RUNNING, 0, []), envelope(status, 0, [])])).rejects.toThrow(
			`OneStream answered the poll of the cells with status "${status}" (request r1)`,
		);
	},
);

describe('an answer that is not a page is an error, never rows', () => {
	it.each<[string, unknown[], string]>([
		[
			'a poll answered {}',
			[envelope(RUNNING, 0, []), {}],
			'OneStream answered the poll of the cells (request r1) with an empty object instead of a page',
		],
		[
			'page 2 answered {}',
			[envelope('Completed', 2, rows(0, 1)), {}],
			'OneStream answered page 2 of the cells (request r1) with an empty object instead of a page',
		],
		[
			'page 2 answered with an expiry message',
			[envelope('Completed', 2, rows(0, 1)), { Message: 'Request r1 has expired.' }],
			'OneStream answered page 2 of the cells (request r1) with "Request r1 has expired." instead of a page',
		],
		[
			'page 2 of another request',
			[
				envelope('Completed', 2, rows(0, 1)),
				{ ...envelope('Completed', 2, rows(7, 8)), RequestId: 'r9' },
			],
			'OneStream answered page 2 of the cells (request r1) with a page of another request (r9)',
		],
		[
			'page 2 that repeats page 1',
			[envelope('Completed', 2, rows(0, 2)), envelope('Completed', 2, rows(0, 2))],
			'OneStream answered page 2 of 2 of the cells (request r1) with the rows of page 1',
		],
		[
			'a Completed page without DataResult',
			[
				envelope('Completed', 2, rows(0, 1)),
				{ Status: 'Completed', RequestId: 'r1', TotalPages: 2 },
			],
			'OneStream answered page 2 of the cells (request r1) with status "Completed" but no DataResult',
		],
	])('%s', async (_name, answers, message) => {
		await expect(follow(answers)).rejects.toThrow(message);
	});

	it('takes TotalPages 0 without DataResult as an empty table', async () => {
		const result = await follow([{ Status: 'Completed', RequestId: 'r1', TotalPages: 0 }]);
		expect(result).toMatchObject({ asked: [], cells: [], tables: ['DataCells'] });
	});
});

it('refuses a running answer without a RequestId, and a TotalPages that is not a count', async () => {
	await expect(follow([{ Status: RUNNING, DataResult: [] }])).rejects.toThrow(
		`has status "${RUNNING}" but no RequestId to follow`,
	);
	await expect(follow([{ ...envelope('Completed', 2, []), TotalPages: 'many' }])).rejects.toThrow(
		'has TotalPages "many", which is not a page count',
	);
});

it('does not wait for a poll that would end past the Timeout', async () => {
	const settings = { ...SETTINGS, pollScheduleMs: [5000] };
	await expect(
		follow([envelope(RUNNING, 0, [])], settings, { remainingMs: () => 1000 }),
	).rejects.toThrow("when the read's Timeout was reached (0 polls");
});

it('stops asking for pages when the sink has its rows (Max Rows), after its probe row', async () => {
	const result = await follow(
		[
			envelope('Completed', 4, rows(0, 2)),
			envelope('Completed', 4, rows(2, 4)),
			envelope('Completed', 4, rows(4, 6)),
		],
		SETTINGS,
		{ rowLimit: 3 },
	);
	expect(result.asked).toEqual([2]);
	expect(result.cells).toEqual([0, 1, 2]);
	expect(result.collector.limited).toBe(true);
});

describe("the envelope's option: Poll Schedule (seconds → ms, checked)", () => {
	it("defaults to OneStream's connector's schedule: 7 polls over 2 minutes", () => {
		expect(CONNECTOR_POLL_SCHEDULE).toBe('5, 5, 10, 10, 30, 30, 30');
		expect(pollSchedule.parse(undefined)).toEqual([5000, 5000, 10000, 10000, 30000, 30000, 30000]);
		expect(pollSchedule.parse('  ')).toHaveLength(7);
	});

	it('reads waits in seconds, fractions and zero included', () => {
		expect(pollSchedule.parse('0, 0.5,2')).toEqual([0, 500, 2000]);
	});

	it.each(['5, -1', 'soon', '5,,5', '3601', '1e3'])(
		'refuses "%s" with what to write instead',
		(text) => {
			expect(() => pollSchedule.parse(text)).toThrow(
				'The Poll Schedule option must be waits in seconds separated by commas, e.g. 5, 5, 10, 10, 30, 30, 30',
			);
		},
	);
});
