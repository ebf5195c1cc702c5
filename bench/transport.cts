/**
 * Scenario (a): transport overhead. The node's whole call path (router, parameters, transport via
 * n8n-core's httpRequestWithAuthentication, streamed DataSet reading, items) against the stand-in,
 * versus a bare undici request with the same body to the same endpoint, one call at a time.
 */
import { request } from 'undici';

import { startStandIn, VALID_PAT } from '../test/standin/index.cjs';
import { runOneStreamNode, shutdownRuntime } from '../test/support/harness.cjs';
import { median } from './stats.cjs';

export interface TransportResult {
	calls: number;
	batches: number;
	nodeMedianMs: number;
	undiciMedianMs: number;
	ratio: number;
}

const APPLICATION = 'AcmeConsolidation';
// Filters narrow GL_Export to one row: a small payload.
const VARIABLES = { pScenario: 'Actual', pTime: '2026M1', pEntity: 'Acme US', pAccount: 'Sales' };

export async function benchTransport(calls = 1000, batches = 10): Promise<TransportResult> {
	const standIn = await startStandIn();
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
		};
		const credentials = { baseUrl: standIn.url, personalAccessToken: VALID_PAT };
		const items = Array.from({ length: perBatch }, (_, index) => ({ index }));

		// Warm up both paths (JIT, sockets, n8n-core's lazy services).
		for (let i = 0; i < 50; i++) await undiciCall();
		await runOneStreamNode({ parameters, credentials, items: items.slice(0, 50) });

		const nodeBatches: number[] = [];
		const undiciBatches: number[] = [];
		for (let batch = 0; batch < batches; batch++) {
			let started = process.hrtime.bigint();
			for (let i = 0; i < perBatch; i++) await undiciCall();
			undiciBatches.push(Number(process.hrtime.bigint() - started) / 1e6 / perBatch);

			started = process.hrtime.bigint();
			const result = await runOneStreamNode({ parameters, credentials, items });
			nodeBatches.push(Number(process.hrtime.bigint() - started) / 1e6 / perBatch);
			if (result.status !== 'success' || result.output.length !== perBatch)
				throw new Error(`node run failed: ${result.status}`);
		}
		const nodeMedianMs = median(nodeBatches);
		const undiciMedianMs = median(undiciBatches);
		return {
			calls: perBatch * batches,
			batches,
			nodeMedianMs,
			undiciMedianMs,
			ratio: nodeMedianMs / undiciMedianMs,
		};
	} finally {
		await standIn.close();
		await shutdownRuntime();
	}
}
