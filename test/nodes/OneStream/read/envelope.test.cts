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
	runningStatuses,
} from '../../../../nodes/OneStream/read/envelope';

const SETTINGS: EnvelopeSettings = {
	tableName: 'DataCells',
	requestBody: {},
	pollScheduleMs: [0, 0, 0],
	runningStatuses: ['running'],
};

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
		options.remainingMs ?? (() => 60_000),
	);
	const cells = collector.tables.flatMap((table) =>
		collector.dataTable(table).rows.map((row) => row.Cell),
	);
	return { asked, cells, tables: collector.tables.map((t) => t.name), collector };
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

it('drops rows that came with a running status, polls page 1, then the rest', async () => {
	const result = await follow([
		envelope('Running', 0, rows(100, 101)),
		envelope('running', 0, []),
		envelope('Completed', 2, rows(0, 2)),
		envelope('Completed', 2, rows(2, 3)),
	]);
	expect(result).toMatchObject({ asked: [1, 1, 2], cells: [0, 1, 2], tables: ['DataCells'] });
});

it('refuses a page that is not completed once the request was', async () => {
	await expect(
		follow([envelope('Completed', 2, rows(0, 1)), envelope('Running', 2, [])]),
	).rejects.toThrow('OneStream answered page 2 of 2 of the cells with status "Running"');
});

it('refuses a running answer without a RequestId, and a TotalPages that is not a count', async () => {
	await expect(follow([{ Status: 'Running', DataResult: [] }])).rejects.toThrow(
		'has status "Running" but no RequestId to follow',
	);
	await expect(follow([{ ...envelope('Completed', 2, []), TotalPages: 'many' }])).rejects.toThrow(
		'has TotalPages "many", which is not a page count',
	);
});

it('does not wait for a poll that would end past the Timeout', async () => {
	const settings = { ...SETTINGS, pollScheduleMs: [5000] };
	await expect(
		follow([envelope('Running', 0, [])], settings, { remainingMs: () => 1000 }),
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

describe("the envelope's options: Poll Schedule (seconds → ms, checked) and Running Statuses", () => {
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

	it('reads Running Statuses as lower-case names, blanks dropped', () => {
		expect(runningStatuses.parse(undefined)).toEqual([
			'running',
			'inprogress',
			'processing',
			'pending',
			'queued',
		]);
		expect(runningStatuses.parse('Cooking,, Baking ')).toEqual(['cooking', 'baking']);
		expect(runningStatuses.parse('')).toEqual([]);
	});
});
