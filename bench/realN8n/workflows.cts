/** The benchmark workflows: variants, templates from bench/workflows, and an n8n instance prepared with them. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CREDENTIAL_TYPE } from '../../test/e2e/lib/n8n.cjs';
import { repoRoot } from '../../test/e2e/lib/repo.cjs';

import { Ctx } from './instance.cjs';

// ------------------------------------------------------------------------------- constants

export const APPLICATION = 'AcmeConsolidation';
export const ONESTREAM_CREDENTIAL = { id: 'benchOsCredent01', name: 'OneStream (bench)' };
export const BEARER_CREDENTIAL = {
	id: 'benchBearerCred1',
	name: 'OneStream PAT as Bearer (bench)',
};
export const OWNER = {
	email: 'bench@example.com',
	password: 'Bench-Owner-Passw0rd',
	firstName: 'Bench',
	lastName: 'Owner',
};

export type Variant = 'nodeRows' | 'nodeCsv' | 'httpRows' | 'httpCsv';

export interface VariantSpec {
	template: string;
	id: string;
	path: string;
	label: string;
	csv: boolean;
}

export const VARIANTS: Record<Variant, VariantSpec> = {
	nodeRows: {
		template: 'node-rows.json',
		id: 'benchNodeRows001',
		path: 'bench/node-rows',
		label: 'OneStream node → rows',
		csv: false,
	},
	httpRows: {
		template: 'http-rows.json',
		id: 'benchHttpRows001',
		path: 'bench/http-rows',
		label: 'HTTP Request + Code → rows',
		csv: false,
	},
	nodeCsv: {
		template: 'node-csv.json',
		id: 'benchNodeCsv0001',
		path: 'bench/node-csv',
		label: 'OneStream node → CSV file',
		csv: true,
	},
	httpCsv: {
		template: 'http-csv.json',
		id: 'benchHttpCsv0001',
		path: 'bench/http-csv',
		label: 'HTTP Request + Code + Convert to File → CSV',
		csv: true,
	},
};
export const ORDER: Variant[] = ['nodeRows', 'httpRows', 'nodeCsv', 'httpCsv'];
export type ManyKind = 'expressions' | 'fixed';
/** (d) workflows: per-item expressions (each call differs) or fixed parameters; Parallel Calls 1 or N. */
export const MANY: Record<
	ManyKind,
	{
		template: string;
		sequential: { id: string; path: string };
		parallel: { id: string; path: string };
	}
> = {
	expressions: {
		template: 'many-items.json',
		sequential: { id: 'benchManySeq0001', path: 'bench/many-sequential' },
		parallel: { id: 'benchManyPar0001', path: 'bench/many-parallel' },
	},
	fixed: {
		template: 'many-items-fixed.json',
		sequential: { id: 'benchManySeqFix1', path: 'bench/many-fixed-sequential' },
		parallel: { id: 'benchManyParFix1', path: 'bench/many-fixed-parallel' },
	},
};
export const MANY_NODE = 'OneStream: GL_Export per item';

export const METHOD: Record<string, string> = {
	trigger:
		'production webhook (GET, respond when the last node finishes, no body) of an activated workflow in `n8n start`, regular mode, SQLite, executions saved (n8n defaults)',
	wallMs:
		"n8n's own execution timing: stoppedAt - startedAt of the saved execution (whole run, all nodes; saving excluded)",
	nodeMs:
		"sum of the nodes' executionTime in the run data (first run of each pipeline: the run data of a 200,000-item execution takes n8n 10-30 s to serve)",
	clientMs:
		'from sending the webhook request to its answer: the execution plus saving it (n8n answers after the save)',
	peakRssBytes:
		'VmHWM (/proc/<pid>/status) of the n8n main process + VmHWM of its task-runner child, reset to the current RSS (clear_refs 5) once startup has settled and read right after the run; one fresh n8n process per measurement',
	growthBytes:
		'peak minus the RSS of main + runner just before the run (what the run added above idle n8n)',
	executionPeakRssBytes:
		"RSS of main + runner sampled every 100 ms, highest value until n8n's stoppedAt (the nodes' share of the peak; saving the execution comes after)",
	binaryData: 'N8N_DEFAULT_BINARY_DATA_MODE=filesystem on every version',
	manyItems:
		'OneStream node executionTime (run data), Parallel Calls 1 vs N, one n8n process, stand-in latency on every call; headline with substitution values from per-item expressions, also with fixed values',
	aggregate: 'median of the runs; variants interleaved run by run',
};

// ------------------------------------------------------------------------------- templates

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Fills a workflow template from bench/workflows: a string equal to a token becomes the value
 * (any JSON type); a token inside a longer string is replaced by the value's text.
 */
export function fillTemplate(template: Json, values: Record<string, Json>): Json {
	const tokens = Object.keys(values);
	const walk = (v: Json): Json => {
		if (typeof v === 'string') {
			if (Object.prototype.hasOwnProperty.call(values, v)) return values[v];
			let s = v;
			for (const t of tokens)
				if (s.includes(t))
					s = s
						.split(t)
						.join(
							typeof values[t] === 'string' ? (values[t] as string) : JSON.stringify(values[t]),
						);
			return s;
		}
		if (Array.isArray(v)) return v.map(walk);
		if (v && typeof v === 'object') {
			const out: Record<string, Json> = {};
			for (const [k, x] of Object.entries(v)) out[k] = walk(x);
			return out;
		}
		return v;
	};
	const filled = walk(template);
	const left = /__[A-Z_]+__/.exec(JSON.stringify(filled));
	if (left) throw new Error(`workflow template still holds the token ${left[0]} after filling`);
	return filled;
}

export function templatesDir(): string {
	return path.join(repoRoot(), 'bench', 'workflows');
}

export function loadWorkflow(file: string, values: Record<string, Json>): Record<string, unknown> {
	const full = path.join(templatesDir(), file);
	if (!fs.existsSync(full)) throw new Error(`benchmark workflow template ${full} is missing`);
	return fillTemplate(JSON.parse(fs.readFileSync(full, 'utf8')) as Json, values) as Record<
		string,
		unknown
	>;
}

/** A stable UUID-looking webhook id per workflow id (n8n wants one on production webhooks). */
export function webhookId(workflowId: string): string {
	const hex = createHash('sha256').update(workflowId).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Installs the package, credentials and workflows into a fresh user folder and activates them. */
export async function prepareInstance(
	ctx: Ctx,
	tarball: string,
	options: { exportRows: number; manyItems: number; concurrency: number },
): Promise<void> {
	const { n8n, standin } = ctx;
	await n8n.installPackage(tarball);
	await n8n.importCredentials([
		{
			...ONESTREAM_CREDENTIAL,
			type: CREDENTIAL_TYPE,
			data: {
				baseUrl: standin.info.url,
				webServerUrl: standin.info.webServerUrl,
				apiPath: standin.apiPath,
				ignoreSSLIssues: false,
				personalAccessToken: standin.info.tokens.valid,
			},
		},
		{ ...BEARER_CREDENTIAL, type: 'httpBearerAuth', data: { token: standin.info.tokens.valid } },
	]);
	const common: Record<string, Json> = {
		__ONESTREAM_CREDENTIAL_ID__: ONESTREAM_CREDENTIAL.id,
		__ONESTREAM_CREDENTIAL_NAME__: ONESTREAM_CREDENTIAL.name,
		__BEARER_CREDENTIAL_ID__: BEARER_CREDENTIAL.id,
		__BEARER_CREDENTIAL_NAME__: BEARER_CREDENTIAL.name,
		__APPLICATION__: APPLICATION,
		__ROWS__: String(options.exportRows),
		__ADAPTER_URL__: `${standin.info.apiRoot}/api/DataProvider/GetAdoDataSetForAdapter?api-version=5.2.0`,
		// The body the node sends for this adapter (getDataAdapter, API 5.2.0).
		__ADAPTER_BODY_JSON__: JSON.stringify(
			{
				BaseWebServerUrl: standin.info.webServerUrl,
				ApplicationName: APPLICATION,
				WorkspaceName: 'Default',
				AdapterName: 'Big_Export',
				ResultDataTableName: 'Results',
				CustomSubstVarsAsCommaSeparatedPairs: `pRows=[${options.exportRows}]`,
			},
			null,
			2,
		),
		__ITEMS__: String(options.manyItems),
	};
	const workflows: Array<Record<string, unknown>> = [];
	for (const spec of Object.values(VARIANTS)) {
		workflows.push(
			loadWorkflow(spec.template, {
				...common,
				__WORKFLOW_ID__: spec.id,
				__WEBHOOK_ID__: webhookId(spec.id),
				__WEBHOOK_PATH__: spec.path,
			}),
		);
	}
	for (const kind of ['expressions', 'fixed'] as const) {
		for (const [which, concurrency] of [
			['sequential', 1],
			['parallel', options.concurrency],
		] as const) {
			const spec = MANY[kind][which];
			const wf = loadWorkflow(MANY[kind].template, {
				...common,
				__WORKFLOW_ID__: spec.id,
				__WEBHOOK_ID__: webhookId(spec.id),
				__WEBHOOK_PATH__: spec.path,
				__CONCURRENCY__: concurrency,
			});
			wf.name = `${String(wf.name)}, Parallel Calls ${concurrency}`;
			workflows.push(wf);
		}
	}
	await n8n.importWorkflows(workflows);
	for (const wf of workflows) await n8n.activate(String(wf.id));
}
