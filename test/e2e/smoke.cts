/** Harness self-check with built-in nodes only: `node .build/test/e2e/smoke.cjs [version...]`. */
import * as path from 'node:path';
import { request } from 'undici';

import { ensureN8n, ensureNode24, N8N_VERSIONS } from './lib/install.cjs';
import { step } from './lib/log.cjs';
import { N8n } from './lib/n8n.cjs';
import { freePort, installExitHooks } from './lib/proc.cjs';
import { stateRoot } from './lib/repo.cjs';

async function main(): Promise<void> {
	installExitHooks();
	const versions = process.argv.slice(2).length ? process.argv.slice(2) : [...N8N_VERSIONS];
	const tc = await ensureNode24();
	for (const v of versions) {
		const inst = await ensureN8n(v, tc);
		const n8n = new N8n(inst, tc, {
			root: path.join(stateRoot(), `smoke-${v}`),
			port: await freePort(),
		});
		try {
			step(`[${v}] import + execute`);
			await n8n.importWorkflows([
				{
					id: 'smokeManual01',
					name: 'smoke manual',
					active: false,
					nodes: [
						{
							id: 'a1',
							name: 'Start',
							type: 'n8n-nodes-base.manualTrigger',
							typeVersion: 1,
							position: [0, 0],
							parameters: {},
						},
						{
							id: 'a2',
							name: 'Set',
							type: 'n8n-nodes-base.set',
							typeVersion: 3.4,
							position: [200, 0],
							parameters: {
								assignments: {
									assignments: [{ id: 'x1', name: 'hello', value: 'world', type: 'string' }],
								},
								options: {},
							},
						},
						{
							id: 'a3',
							name: 'Code',
							type: 'n8n-nodes-base.code',
							typeVersion: 2,
							position: [400, 0],
							parameters: {
								jsCode: 'return $input.all().map(i => ({ json: { ...i.json, n: 42 } }));',
							},
						},
					],
					connections: {
						Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
						Set: { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
					},
					settings: {},
				},
				{
					id: 'smokeHook0001',
					name: 'smoke webhook',
					active: true,
					nodes: [
						{
							id: 'b1',
							name: 'Webhook',
							type: 'n8n-nodes-base.webhook',
							typeVersion: 2,
							position: [0, 0],
							webhookId: 'f0f0f0f0-0000-4000-8000-000000000001',
							parameters: { path: 'smoke', responseMode: 'responseNode', options: {} },
						},
						{
							id: 'b2',
							name: 'Respond',
							type: 'n8n-nodes-base.respondToWebhook',
							typeVersion: 1.1,
							position: [200, 0],
							parameters: {
								respondWith: 'json',
								responseBody: '={{ { ok: true, q: $json.query.q } }}',
								options: {},
							},
						},
					],
					connections: { Webhook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } },
					settings: {},
				},
			]);
			const r = await n8n.execute('smokeManual01');
			console.log(JSON.stringify(r.run.data.resultData.runData.Code[0].data?.main?.[0]));
			await n8n.activate('smokeHook0001');
			step(`[${v}] start`);
			await n8n.start();
			const res = await request(`${n8n.baseUrl}/webhook/smoke?q=1`);
			console.log(res.statusCode, await res.body.text());
			await n8n.setupOwnerAndLogin({
				email: 'owner@example.com',
				password: 'Passw0rd-E2E',
				firstName: 'E',
				lastName: 'Two',
			});
			console.log(JSON.stringify(await n8n.listExecutions('smokeHook0001')).slice(0, 500));
		} finally {
			await n8n.stop();
		}
	}
}

main().catch((e: unknown) => {
	console.error(e instanceof Error ? e.stack : e);
	process.exit(1);
});
