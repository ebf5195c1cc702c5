/**
 * Scenario (e): a 7.2.0 envelope of 1,000,000 cells in 10 pages (Cube › Get Data Cells against the
 * stand-in, which runs in a process of its own). The node's path: each page streamed through the
 * DataSet reader into the envelope's page sink (./nodes/OneStream/transport/envelope.ts), held
 * until complete, then handed to a sink that parses every batch into rows and drops them. The
 * baseline: each page's body read whole and `JSON.parse`d. Same pages, same HTTP client (undici);
 * time and peak RSS growth, each mode in a fresh process, against one page's size.
 *
 *   node --expose-gc .build/bench/envelope.cjs [cells] [pages]
 */
import { execFileSync } from 'node:child_process';

import { request } from 'undici';

import { DataSetReader } from '../nodes/OneStream/dataSet/reader';
import type { ResettableDataSetSink } from '../nodes/OneStream/dataSet/sinks';
import type { RowBatch } from '../nodes/OneStream/dataSet/types';
import { FirstAnswer, followEnvelope } from '../nodes/OneStream/read/envelope';
import { VALID_PAT } from '../test/standin/index.cjs';
import { median } from './stats.cjs';
import { startStandInProcess } from './standInProcess.cjs';

export interface EnvelopeMeasurement {
	mode: 'node' | 'parse';
	cells: number;
	pages: number;
	ms: number;
	peakRssGrowthBytes: number;
	/** The largest page's body. */
	pageBytes: number;
}

export interface EnvelopeResult {
	cells: number;
	pages: number;
	node: EnvelopeMeasurement;
	parse: EnvelopeMeasurement;
	timeRatio: number;
	memoryPerPage: number;
}

const MONTHS = (n: number) => Array.from({ length: n }, (_, i) => `2026M${i + 1}`).join(', ');

async function post(url: string, body: unknown) {
	return await request(url, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${VALID_PAT}`,
			'content-type': 'application/json',
			accept: 'application/json',
		},
		body: JSON.stringify(body),
	});
}

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
	const response = await post(url, body);
	return (await response.body.json()) as Record<string, unknown>;
}

/** A sink that parses every batch into rows, as items output would, and keeps none. */
class CountingSink implements ResettableDataSetSink {
	rowCount = 0;
	table(): void {}
	rows(batch: RowBatch): void {
		this.rowCount += batch.parse().length;
	}
	field(): void {}
	reset(): void {
		this.rowCount = 0;
	}
}

async function measure(
	mode: 'node' | 'parse',
	cells: number,
	pages: number,
): Promise<EnvelopeMeasurement> {
	const server = await startStandInProcess();
	try {
		const api = (route: string, query = '') =>
			`${server.apiRoot}/api/${route}?api-version=7.2.0${query}`;
		await post(`${server.url}/__standin/options`, {
			analytics: { pageRows: Math.ceil(cells / pages) },
		});
		const logon = await postJson(api('Authentication/Logon'), {
			BaseWebServerUrl: `${server.url}/OneStreamWeb`,
		});
		const open = await postJson(api('Application/OpenApplication'), {
			ApplicationName: 'AcmeConsolidation',
			SI: logon['Logon SessionInfo'],
		});
		const si = open['Application SessionInfo'];
		// 5 entities × 4 accounts × months × 1,000 products × 5 channels.
		const months = Math.max(1, Math.round(cells / 100_000));
		const first = await postJson(api('Analytics/GetDataCellsFromCube'), {
			CubeName: 'AcmeCorp',
			IncludeDescriptions: 'False',
			IsSystemLevel: 'False',
			SI: si,
			DataCellsFilter: {
				Scenario: 'Actual',
				TimeFilter: MONTHS(months),
				EntityFilter: 'Total_Acme.Base',
				AccountFilter: 'NetIncome.Base',
				UD1Filter: 'Total_Products.Base',
				UD2Filter: 'Total_Channels.Base',
			},
		});
		const requestId = String(first.RequestId);
		const totalPages = Number(first.TotalPages);
		const pageUrl = (page: number) => api('Analytics/GetDataRequest', `&page=${page}`);
		const pageBody = { IsSystemLevel: 'False', RequestId: requestId, SI: si };

		global.gc?.();
		const rssBefore = process.memoryUsage().rss;
		let peak = rssBefore;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().rss);
		}, 10);
		let pageBytes = 0;
		let rows = 0;
		const started = process.hrtime.bigint();
		if (mode === 'parse') {
			for (let page = 1; page <= totalPages; page++) {
				const text = await (await post(pageUrl(page), pageBody)).body.text();
				pageBytes = Math.max(pageBytes, Buffer.byteLength(text));
				rows += (JSON.parse(text) as { DataResult: unknown[] }).DataResult.length;
			}
		} else {
			const sink = new CountingSink();
			const stream = async (page: number, into: ResettableDataSetSink) => {
				const reader = new DataSetReader(into, `page ${page}`);
				let bytes = 0;
				for await (const chunk of (await post(pageUrl(page), pageBody)).body) {
					bytes += (chunk as Buffer).length;
					reader.push(chunk as Buffer);
				}
				reader.finish();
				pageBytes = Math.max(pageBytes, bytes);
			};
			const firstPage = new FirstAnswer(sink, 'DataCells');
			await stream(1, firstPage);
			await followEnvelope(
				firstPage,
				sink,
				{ tableName: 'DataCells', requestBody: {}, pollScheduleMs: [] },
				'the cells',
				async (_id, page, into) => await stream(page, into),
				{ remainingMs: () => 600_000, pause: async () => {} },
			);
			rows = sink.rowCount;
		}
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		clearInterval(sampler);
		peak = Math.max(peak, process.memoryUsage().rss);
		if (rows !== cells) throw new Error(`${mode}: ${rows} rows, expected ${cells}`);
		return { mode, cells, pages: totalPages, ms, peakRssGrowthBytes: peak - rssBefore, pageBytes };
	} finally {
		server.stop();
	}
}

function child(mode: 'node' | 'parse', cells: number, pages: number): EnvelopeMeasurement {
	const output = execFileSync(
		process.execPath,
		['--expose-gc', __filename, 'child', mode, String(cells), String(pages)],
		{ encoding: 'utf8', maxBuffer: 1 << 20 },
	);
	return JSON.parse(output.trim().split('\n').pop() ?? '') as EnvelopeMeasurement;
}

/** Three runs of each mode, alternating, each in a fresh process; the medians. */
export function benchEnvelope(cells = 1_000_000, pages = 10, runs = 3): EnvelopeResult {
	const all: Record<'node' | 'parse', EnvelopeMeasurement[]> = { node: [], parse: [] };
	for (let run = 0; run < runs; run++) {
		all.parse.push(child('parse', cells, pages));
		all.node.push(child('node', cells, pages));
	}
	const pick = (mode: 'node' | 'parse'): EnvelopeMeasurement => ({
		...all[mode][0],
		ms: median(all[mode].map((m) => m.ms)),
		peakRssGrowthBytes: median(all[mode].map((m) => m.peakRssGrowthBytes)),
	});
	const node = pick('node');
	const parse = pick('parse');
	return {
		cells,
		pages: node.pages,
		node,
		parse,
		timeRatio: node.ms / parse.ms,
		memoryPerPage: node.peakRssGrowthBytes / node.pageBytes,
	};
}

if (require.main === module) {
	const args = process.argv.slice(2);
	if (args[0] === 'child') {
		void measure(args[1] as 'node' | 'parse', Number(args[2]), Number(args[3])).then(
			(m) => {
				process.stdout.write(`${JSON.stringify(m)}\n`);
				process.exit(0);
			},
			(error: unknown) => {
				process.stderr.write(`${String(error)}\n`);
				process.exit(1);
			},
		);
	} else {
		const result = benchEnvelope(Number(args[0] ?? 1_000_000), Number(args[1] ?? 10));
		const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
		process.stdout.write(
			`${[
				`7.2.0 envelope: ${result.cells.toLocaleString('en')} cells in ${result.pages} pages (one page ${mb(result.node.pageBytes)}), medians of 3 runs, each in a fresh process:`,
				`  node (reader + page sink, rows parsed and dropped): ${result.node.ms.toFixed(0)} ms, peak RSS +${mb(result.node.peakRssGrowthBytes)}`,
				`  JSON.parse of each page:                            ${result.parse.ms.toFixed(0)} ms, peak RSS +${mb(result.parse.peakRssGrowthBytes)}`,
				`  time ${result.timeRatio.toFixed(2)}× JSON.parse (target ≤ 1.3×); peak memory ${result.memoryPerPage.toFixed(2)}× one page (target ≤ 3×)`,
			].join('\n')}\n`,
		);
	}
}
