/**
 * The OneStream stand-in server (test/standin/) as a separate process on loopback, started through
 * its CLI (`node .build/test/standin/cli.cjs --port N`, which prints one JSON line), plus a client
 * for its loopback control routes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';

import { cleanEnv, freePort, startBackground, tail, waitFor, type Background } from './proc.cjs';
import type { JobRun, RecordedRequest } from '../../standin/types.cjs';
import { repoRoot } from './repo.cjs';

export interface StandInInfo {
	url: string;
	apiRoot: string;
	webServerUrl: string;
	tokens: { valid: string; expired: string; revoked: string; noRole: string; nonAdmin: string };
}

// What the control routes answer with: the stand-in's own types, as JSON.
export type { JobRun, RecordedRequest };

export class StandIn {
	private constructor(
		readonly info: StandInInfo,
		readonly proc: Background,
	) {}

	/** `harvestDir`: the application's Batch\Harvest folder (an SFTP server's, in the e2e run). */
	static async start(logDir: string, port?: number, harvestDir?: string): Promise<StandIn> {
		const cli = path.join(repoRoot(), '.build', 'test', 'standin', 'cli.cjs');
		if (!fs.existsSync(cli)) {
			throw new Error(
				`The OneStream stand-in CLI is missing (${cli}); run "npm run build:tools" first.`,
			);
		}
		const p = port ?? (await freePort());
		// The stand-in runs on the Node.js that runs this harness; it is ours, not n8n's.
		const proc = startBackground(
			'standin',
			process.execPath,
			[
				cli,
				'--port',
				String(p),
				'--host',
				'127.0.0.1',
				...(harvestDir === undefined ? [] : ['--harvest', harvestDir]),
			],
			{
				cwd: repoRoot(),
				env: cleanEnv(),
				logDir,
			},
		);
		const info = await waitFor(
			'the OneStream stand-in to print its JSON start line',
			async () => {
				if (!proc.isRunning()) throw new Error(`The stand-in exited:\n${tail(proc.output())}`);
				for (const line of proc.output().split('\n')) {
					if (!line.startsWith('{')) continue;
					try {
						const j = JSON.parse(line) as StandInInfo;
						if (j.url && j.tokens) return j;
					} catch {
						/* partial line */
					}
				}
				return undefined;
			},
			{ timeoutMs: 30000, intervalMs: 100, onTimeout: () => tail(proc.output()) },
		);
		return new StandIn(info, proc);
	}

	/** The apiPath credential field for this stand-in: apiRoot without the server URL. */
	get apiPath(): string {
		return this.info.apiRoot.startsWith(this.info.url)
			? this.info.apiRoot.slice(this.info.url.length) || '/'
			: '/OneStreamApi';
	}

	async control<T>(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<T> {
		const res = await request(`${this.info.url}/__standin/${route}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.body.text();
		if (res.statusCode >= 300)
			throw new Error(
				`stand-in ${method} /__standin/${route} answered ${res.statusCode}: ${text.slice(0, 300)}`,
			);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	async requests(): Promise<RecordedRequest[]> {
		const r = await this.control<RecordedRequest[] | { requests: RecordedRequest[] }>(
			'GET',
			'requests',
		);
		return Array.isArray(r) ? r : r.requests;
	}

	async runs(): Promise<JobRun[]> {
		const r = await this.control<JobRun[] | { runs: JobRun[] }>('GET', 'runs');
		return Array.isArray(r) ? r : r.runs;
	}

	/** The rows the batch harvest loaded into a workflow unit, and the statuses it left. */
	async harvested(
		profile: string,
		scenario: string,
		time: string,
	): Promise<{
		rows: Array<Record<string, unknown>>;
		steps: Array<[string, string, string | null]> | null;
	}> {
		const query = new URLSearchParams({ profile, scenario, time }).toString();
		return await this.control('GET', `harvested?${query}`);
	}

	/** Adds a fault rule (see test/standin/faults.cts); returns its id. */
	async addFault(rule: Record<string, unknown>): Promise<string> {
		const added = await this.control<{ id: string }>('POST', 'faults', rule);
		return added.id;
	}

	/** Appends rows to the Journal_Lines adapter that the OneStream Trigger polls. */
	async appendJournalLines(rows: Array<Record<string, unknown>>): Promise<void> {
		await this.control('POST', 'journal-lines', rows);
	}

	/** The WorkflowStatus answer's steps, [step, status, last modified]. */
	async setWorkflowSteps(steps: Array<[string, string, string | null]>): Promise<void> {
		await this.control('POST', 'workflow-steps', steps);
	}

	/** Empties Journal_Lines, so that a trigger activated next starts from no rows. */
	async clearJournalLines(): Promise<void> {
		await this.control('DELETE', 'journal-lines');
	}

	/** How long a sequence or step runs (reset keeps it). */
	async setSequenceDuration(name: string, ms: number): Promise<void> {
		await this.control('POST', 'sequence-duration', { name, ms });
	}

	async reset(): Promise<void> {
		await this.control('POST', 'reset');
	}

	/** Changes options while it runs (test/standin/options.cts), e.g. `{ analytics: { runningPolls: 1 } }`. */
	async setOptions(patch: Record<string, unknown>): Promise<void> {
		await this.control('POST', 'options', patch);
	}

	async stop(): Promise<void> {
		await this.proc.stop(5000);
	}
}
