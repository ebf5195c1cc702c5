/** Driving one n8n instance: start, executions through its REST API. */

import { type N8nInstall, type Toolchain } from '../../test/e2e/lib/install.cjs';
import { N8n } from '../../test/e2e/lib/n8n.cjs';
import { sleep, tail } from '../../test/e2e/lib/proc.cjs';
import { StandIn } from '../../test/e2e/lib/standin.cjs';

import { getWebhook } from '../../test/e2e/lib/webhook.cjs';
import { RunSummary, summariseRunData } from './runData.cjs';
import { OWNER } from './workflows.cjs';

// --------------------------------------------------------------------------------- n8n driving

export interface Ctx {
	tc: Toolchain;
	install: N8nInstall;
	n8n: N8n;
	standin: StandIn;
	log: (line: string) => void;
}

export function fmtMs(ms: number): string {
	return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function fmtMb(bytes: number): string {
	return `${Math.round(bytes / 1e6)} MB`;
}

export function n8nLogTail(n8n: N8n, lines = 40): string {
	const out = n8n.main?.output() ?? '';
	return out
		? `\n--- n8n ${n8n.version} log tail (${n8n.main?.logFile}) ---\n${tail(out, lines)}`
		: '';
}

/** Starts a fresh `n8n start`, logs in, and gives the process a moment to finish starting up. */
export async function startFresh(ctx: Ctx): Promise<number> {
	const { n8n } = ctx;
	await n8n.start();
	await n8n.setupOwnerAndLogin(OWNER);
	const pid = n8n.main?.child.pid;
	if (pid === undefined) throw new Error(`n8n ${n8n.version} started without a pid`);
	// Let startup work (runner launch, license, pruning timers) settle before measuring.
	await sleep(2000);
	return pid;
}

/** GET on a production webhook; 404 while n8n is still registering it is retried. */

export interface SavedExecution {
	id: string;
	wallMs: number;
	/** n8n's stoppedAt, ms since the epoch (same clock as this process). */
	stoppedAtMs: number;
	/** Only when inspected (the run data of a 200,000-item run takes n8n 10-30 s to serve). */
	summary?: RunSummary;
}

export async function fetchRunSummary(ctx: Ctx, id: string): Promise<RunSummary> {
	const res = await ctx.n8n.http('GET', `/rest/executions/${id}`);
	if (res.status !== 200)
		throw new Error(`GET /rest/executions/${id} answered ${res.status}: ${res.text.slice(0, 300)}`);
	const body = res.json as { data?: { data?: unknown } };
	const data = body.data?.data;
	return summariseRunData(typeof data === 'string' ? data : JSON.stringify(data));
}

/**
 * The newest execution of a workflow not in `notIn`, once saved and finished; its run data is
 * summarised when `inspect` (and always when it failed, for the message).
 */
export async function latestExecution(
	ctx: Ctx,
	workflowId: string,
	notIn: Set<string>,
	inspect = true,
): Promise<SavedExecution> {
	const { n8n } = ctx;
	const deadline = Date.now() + 120000;
	for (;;) {
		const list = (await n8n.listExecutions(workflowId)) as Array<{
			id: string;
			status: string;
			startedAt?: string;
			stoppedAt?: string;
		}>;
		const exec = list.find((e) => !notIn.has(String(e.id)));
		if (exec && exec.status !== 'running' && exec.status !== 'new' && exec.stoppedAt) {
			const failed = exec.status !== 'success';
			const summary = inspect || failed ? await fetchRunSummary(ctx, String(exec.id)) : undefined;
			if (failed || summary?.error) {
				throw new Error(
					`execution ${exec.id} of ${workflowId} ended "${exec.status}": ${summary?.error ?? 'no error message'}${n8nLogTail(n8n)}`,
				);
			}
			const startedAt = Date.parse(exec.startedAt ?? '');
			const stoppedAt = Date.parse(exec.stoppedAt);
			if (!Number.isFinite(startedAt) || !Number.isFinite(stoppedAt))
				throw new Error(`execution ${exec.id} has no startedAt/stoppedAt`);
			return {
				id: String(exec.id),
				wallMs: stoppedAt - startedAt,
				stoppedAtMs: stoppedAt,
				summary,
			};
		}
		if (Date.now() > deadline) {
			throw new Error(
				`no finished execution of ${workflowId} appeared within 120 s (newest: ${JSON.stringify(exec ?? null)})${n8nLogTail(n8n)}`,
			);
		}
		await sleep(300);
	}
}

export async function deleteExecutions(ctx: Ctx, ids: string[]): Promise<void> {
	const res = await ctx.n8n.http('POST', '/rest/executions/delete', { ids });
	if (res.status >= 300)
		ctx.log(
			`(could not delete executions ${ids.join(', ')}: ${res.status} ${res.text.slice(0, 200)})`,
		);
}

export async function existingExecutionIds(ctx: Ctx, workflowId: string): Promise<Set<string>> {
	return new Set((await ctx.n8n.listExecutions(workflowId)).map((e) => String(e.id)));
}

/** GET on a production webhook (retried while n8n still registers it); fails on anything but 200. */
export async function callWebhook(
	ctx: Ctx,
	webhookPath: string,
	timeoutMs: number,
): Promise<{ ms: number }> {
	const answer = await getWebhook(ctx.n8n.baseUrl, webhookPath, {
		waitMs: 60000,
		requestTimeoutMs: timeoutMs,
	});
	if (answer.status !== 200) {
		throw new Error(
			`GET ${webhookPath} answered ${answer.status}: ${answer.text.slice(0, 500)}${n8nLogTail(ctx.n8n)}`,
		);
	}
	return { ms: answer.ms };
}
