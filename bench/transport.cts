/**
 * Scenario (a): transport overhead. The node's whole call path (router, parameters, transport via
 * n8n-core's httpRequestWithAuthentication, streamed DataSet reading, items) against the stand-in,
 * side by side with (1) a minimal node that calls n8n-core's own httpRequestWithAuthentication
 * with the same request and takes the JSON answer (what n8n itself costs), and (2) a bare undici
 * request with the same body to the same endpoint; one call at a time, batches alternating.
 */
import type {
	IExecuteFunctions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { request } from 'undici';

import { startStandIn, VALID_PAT } from '../test/standin/index.cjs';
import {
	CREDENTIAL_TYPE,
	oneStreamWorkflow,
	registerNodeType,
	runOneStreamNode,
	runWorkflow,
	shutdownRuntime,
} from '../test/support/harness.cjs';
import { median, quantile } from './stats.cjs';

export interface TransportResult {
	calls: number;
	batches: number;
	nodeMedianMs: number;
	/** The minimal node on n8n-core's httpRequestWithAuthentication. */
	n8nHelperMedianMs: number;
	undiciMedianMs: number;
	/** The node against n8n's own helper. */
	ratio: number;
	/** Each batch's node time over the helper's batch beside it: the quartiles show the spread. */
	batchRatios: number[];
	ratioQuartiles: [number, number];
	ratioToUndici: number;
}

const HELPER_NODE_TYPE = 'bench.n8nHelperRequest';

/**
 * One POST per item through n8n-core's httpRequestWithAuthentication with the options the node's
 * transport sends (a streamed full response, every status answered, no redirects, a timeout and
 * an abort signal); the body is collected and parsed with JSON.parse.
 */
function helperNode(url: string, body: string): INodeType {
	return {
		description: {
			displayName: 'n8n Helper Request',
			name: HELPER_NODE_TYPE,
			group: ['transform'],
			version: 1,
			description: "One request per item through n8n's own helper",
			defaults: { name: 'Helper' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const out: INodeExecutionData[] = [];
			const items = this.getInputData();
			for (let i = 0; i < items.length; i++) {
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					CREDENTIAL_TYPE,
					{
						method: 'POST',
						url,
						headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
						body,
						json: false,
						encoding: 'stream',
						returnFullResponse: true,
						ignoreHttpStatusErrors: true,
						disableFollowRedirect: true,
						timeout: 30000,
						abortSignal: AbortSignal.timeout(30000),
					},
				)) as IN8nHttpFullResponse;
				const chunks: Buffer[] = [];
				for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(chunk);
				const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
					Results?: Array<INodeExecutionData['json']>;
				};
				for (const row of answer.Results ?? []) out.push({ json: row, pairedItem: { item: i } });
			}
			return [out];
		},
	};
}

const APPLICATION = 'AcmeConsolidation';
// Filters narrow GL_Export to one row: a small payload.
const VARIABLES = { pScenario: 'Actual', pTime: '2026M1', pEntity: 'Acme US', pAccount: 'Sales' };

export async function benchTransport(calls = 1000, batches = 10): Promise<TransportResult> {
	const standIn = await startStandIn();
	let removeHelper: (() => void) | undefined;
	try {
		const perBatch = Math.round(calls / batches);
		const body = JSON.stringify({
			BaseWebServerUrl: standIn.webServerUrl,
			ApplicationName: APPLICATION,
			WorkspaceName: 'Default',
			AdapterName: 'GL_Export',
			ResultDataTableName: 'Results',
			CustomSubstVarsAsCommaSeparatedPairs: Object.entries(VARIABLES)
				.map(([k, v]) => `${k}=[${v}]`)
				.join(','),
		});
		const url = `${standIn.apiRoot}/api/DataProvider/GetAdoDataSetForAdapter?api-version=5.2.0`;
		const undiciCall = async (): Promise<void> => {
			const response = await request(url, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${VALID_PAT}`,
					'content-type': 'application/json',
					accept: 'application/json',
				},
				body,
			});
			const parsed = (await response.body.json()) as { Results?: unknown[] };
			if (response.statusCode !== 200 || parsed.Results?.length !== 1)
				throw new Error('undici baseline got an unexpected answer');
		};
		const parameters = {
			resource: 'data',
			operation: 'getDataAdapter',
			applicationName: { __rl: true, mode: 'name', value: APPLICATION },
			adapterName: 'GL_Export',
			workspaceName: 'Default',
			resultTableName: 'Results',
			substitutionVariables: {
				variable: Object.entries(VARIABLES).map(([name, value]) => ({ name, value })),
			},
			// One request per item, as the baselines send: identical reads would otherwise go once.
			options: { runIdenticalReadsOnce: false },
		};
		const credentials = { baseUrl: standIn.url, personalAccessToken: VALID_PAT };
		const items = Array.from({ length: perBatch }, (_, index) => ({ index }));
		removeHelper = registerNodeType(HELPER_NODE_TYPE, helperNode(url, body));
		// The same workflow around the helper node: Start → Items → Helper.
		const helperWorkflow = (count: number) => {
			const workflow = oneStreamWorkflow({ parameters, credentials, items: items.slice(0, count) });
			const last = workflow.nodes[workflow.nodes.length - 1];
			workflow.nodes[workflow.nodes.length - 1] = {
				...last,
				type: HELPER_NODE_TYPE,
				parameters: {},
			};
			return workflow;
		};
		const runHelper = async (count: number): Promise<void> => {
			const result = await runWorkflow(helperWorkflow(count), {
				credentials: { [CREDENTIAL_TYPE]: credentials },
			});
			const output = result.nodes.OneStream?.outputs[0] ?? [];
			if (result.status !== 'success' || output.length !== count)
				throw new Error(`helper node run failed: ${result.status}`);
		};

		// Warm up every path (JIT, sockets, n8n-core's lazy services).
		const warmUp = Math.min(50, perBatch);
		for (let i = 0; i < warmUp; i++) await undiciCall();
		await runOneStreamNode({ parameters, credentials, items: items.slice(0, warmUp) });
		await runHelper(warmUp);

		const nodeBatches: number[] = [];
		const helperBatches: number[] = [];
		const undiciBatches: number[] = [];
		for (let batch = 0; batch < batches; batch++) {
			let started = process.hrtime.bigint();
			for (let i = 0; i < perBatch; i++) await undiciCall();
			undiciBatches.push(Number(process.hrtime.bigint() - started) / 1e6 / perBatch);

			started = process.hrtime.bigint();
			await runHelper(perBatch);
			helperBatches.push(Number(process.hrtime.bigint() - started) / 1e6 / perBatch);

			started = process.hrtime.bigint();
			const result = await runOneStreamNode({ parameters, credentials, items });
			nodeBatches.push(Number(process.hrtime.bigint() - started) / 1e6 / perBatch);
			if (result.status !== 'success' || result.output.length !== perBatch)
				throw new Error(`node run failed: ${result.status}`);
		}
		const nodeMedianMs = median(nodeBatches);
		const n8nHelperMedianMs = median(helperBatches);
		const undiciMedianMs = median(undiciBatches);
		const batchRatios = nodeBatches.map((ms, batch) => ms / helperBatches[batch]);
		return {
			calls: perBatch * batches,
			batches,
			nodeMedianMs,
			n8nHelperMedianMs,
			undiciMedianMs,
			ratio: nodeMedianMs / n8nHelperMedianMs,
			batchRatios,
			ratioQuartiles: [quantile(batchRatios, 0.25), quantile(batchRatios, 0.75)],
			ratioToUndici: nodeMedianMs / undiciMedianMs,
		};
	} finally {
		removeHelper?.();
		await standIn.close();
		await shutdownRuntime();
	}
}
