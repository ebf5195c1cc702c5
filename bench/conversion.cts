/**
 * Scenario (b): converting a large DataSet, run in a fresh process per measurement so that peak
 * RSS belongs to that measurement alone:
 *   node .build/bench/conversion.cjs <scenario> <mode> <rows>
 * scenario: parse (baseline: JSON.parse of the payload text) | decodeParse (the payload's bytes
 *           decoded to text and parsed: what any reader of bytes must do) | items (rows to n8n items) |
 *           csv (rows to a CSV file) | cubeview (positional cube-view rows flattened into items) |
 *           cubeviewParse (baseline for cubeview: JSON.parse of its payload text)
 * mode:     time   — the payload is built first; only the conversion is timed
 *           memory — the payload arrives chunk by chunk, as from a socket (for `parse`, the text
 *                    is assembled first, since JSON.parse needs it whole); peak RSS is reported
 * Prints one JSON line.
 */
import { DataSetReader } from '../nodes/OneStream/dataSet/reader';
import { FileCollector, RowCollector } from '../nodes/OneStream/dataSet/sinks';
import { rowItems } from '../nodes/OneStream/read/output';
import { pairItems } from '../nodes/OneStream/actions/router';
import { BIG_CUBE_VIEW_COLUMNS, bigCubeViewRow, bigExportRow } from '../test/standin/data.cjs';
import { cubeViewDataRow } from '../test/standin/dataset.cjs';

export type ConversionScenario =
	'parse' | 'decodeParse' | 'items' | 'csv' | 'cubeview' | 'cubeviewParse';
export type ConversionMode = 'time' | 'memory';

export interface ConversionMeasurement {
	scenario: ConversionScenario;
	mode: ConversionMode;
	rows: number;
	payloadBytes: number;
	ms?: number;
	peakRssBytes?: number;
	/** Peak RSS above the process's RSS before the payload existed. */
	peakRssGrowthBytes?: number;
	outputRows: number;
	outputBytes?: number;
}

const TABLE = 'Results';
const ROWS_PER_CHUNK = 2000;

const isCubeView = (scenario: ConversionScenario): boolean =>
	scenario === 'cubeview' || scenario === 'cubeviewParse';
const isBaseline = (scenario: ConversionScenario): boolean =>
	scenario === 'parse' || scenario === 'cubeviewParse';

function rowAt(scenario: ConversionScenario, index: number): Record<string, unknown> {
	return isCubeView(scenario)
		? cubeViewDataRow(bigCubeViewRow(index), BIG_CUBE_VIEW_COLUMNS, undefined)
		: bigExportRow(index);
}

/** The DataSet `{ "Results": [ … ] }` as a sequence of UTF-8 chunks, built lazily. */
function* payloadChunks(scenario: ConversionScenario, rows: number): Generator<Buffer> {
	yield Buffer.from(`{"${TABLE}":[`);
	for (let start = 0; start < rows; start += ROWS_PER_CHUNK) {
		const parts: string[] = [];
		for (let i = start; i < Math.min(rows, start + ROWS_PER_CHUNK); i++)
			parts.push(JSON.stringify(rowAt(scenario, i)));
		yield Buffer.from((start === 0 ? '' : ',') + parts.join(','));
	}
	yield Buffer.from(']}');
}

interface Converted {
	outputRows: number;
	outputBytes?: number;
}

/** The node's own path: stream reader → collector → items or file content. */
function convert(scenario: ConversionScenario, chunks: Iterable<Buffer>): Converted {
	const wanted = (name: string) => name === TABLE;
	if (scenario === 'csv') {
		const collector = new FileCollector({ wanted, shape: 'asIs' }, 'csv');
		const reader = new DataSetReader(collector, 'the benchmark');
		for (const chunk of chunks) reader.push(chunk);
		reader.finish();
		const content = collector.content(collector.tables[0]);
		return { outputRows: collector.tables[0].rowCount, outputBytes: content.length };
	}
	const collector = new RowCollector({
		wanted,
		shape: scenario === 'cubeview' ? 'cubeView' : 'asIs',
	});
	const reader = new DataSetReader(collector, 'the benchmark');
	for (const chunk of chunks) reader.push(chunk);
	reader.finish();
	// As the node returns them: one item per row, paired with its input item.
	const items = pairItems(rowItems([collector.dataTable(collector.tables[0])]), { item: 0 });
	return { outputRows: items.length };
}

export function measureConversion(
	scenario: ConversionScenario,
	mode: ConversionMode,
	rows: number,
): ConversionMeasurement {
	const rssBefore = process.memoryUsage().rss;
	if (mode === 'time') {
		const chunks = [...payloadChunks(scenario, rows)];
		const payloadBytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
		let text = isBaseline(scenario) ? Buffer.concat(chunks).toString('utf8') : '';
		const started = process.hrtime.bigint();
		let converted: Converted;
		if (isBaseline(scenario)) {
			const parsed = JSON.parse(text) as Record<string, unknown[]>;
			converted = { outputRows: parsed[TABLE].length };
		} else if (scenario === 'decodeParse') {
			const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<
				string,
				unknown[]
			>;
			converted = { outputRows: parsed[TABLE].length };
		} else {
			converted = convert(scenario, chunks);
		}
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		text = '';
		return { scenario, mode, rows, payloadBytes, ms, ...converted };
	}
	let payloadBytes = 0;
	const counted = function* (source: Iterable<Buffer>): Generator<Buffer> {
		for (const chunk of source) {
			payloadBytes += chunk.length;
			yield chunk;
		}
	};
	let converted: Converted;
	if (isBaseline(scenario) || scenario === 'decodeParse') {
		const text = Buffer.concat([...counted(payloadChunks(scenario, rows))]).toString('utf8');
		const parsed = JSON.parse(text) as Record<string, unknown[]>;
		converted = { outputRows: parsed[TABLE].length };
	} else {
		converted = convert(scenario, counted(payloadChunks(scenario, rows)));
	}
	const peakRssBytes = process.resourceUsage().maxRSS * 1024;
	return {
		scenario,
		mode,
		rows,
		payloadBytes,
		peakRssBytes,
		peakRssGrowthBytes: peakRssBytes - rssBefore,
		...converted,
	};
}

if (require.main === module) {
	const [scenario, mode, rows] = process.argv.slice(2);
	const result = measureConversion(
		scenario as ConversionScenario,
		mode as ConversionMode,
		Number(rows),
	);
	process.stdout.write(`${JSON.stringify(result)}\n`);
}
