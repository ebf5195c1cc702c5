"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
const path = __importStar(require("node:path"));
const undici_1 = require("undici");
const install_1 = require("./lib/install");
const log_1 = require("./lib/log");
const n8n_1 = require("./lib/n8n");
const proc_1 = require("./lib/proc");
const repo_1 = require("./lib/repo");
async function main() {
    (0, proc_1.installExitHooks)();
    const versions = process.argv.slice(2).length ? process.argv.slice(2) : [...install_1.N8N_VERSIONS];
    const tc = await (0, install_1.ensureNode24)();
    for (const v of versions) {
        const inst = await (0, install_1.ensureN8n)(v, tc);
        const n8n = new n8n_1.N8n(inst, tc, { root: path.join((0, repo_1.repoRoot)(), '.e2e', `smoke-${v}`), port: await (0, proc_1.freePort)() });
        try {
            (0, log_1.step)(`[${v}] import + execute`);
            await n8n.importWorkflows([
                {
                    id: 'smokeManual01',
                    name: 'smoke manual',
                    active: false,
                    nodes: [
                        { id: 'a1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
                        {
                            id: 'a2',
                            name: 'Set',
                            type: 'n8n-nodes-base.set',
                            typeVersion: 3.4,
                            position: [200, 0],
                            parameters: { assignments: { assignments: [{ id: 'x1', name: 'hello', value: 'world', type: 'string' }] }, options: {} },
                        },
                        { id: 'a3', name: 'Code', type: 'n8n-nodes-base.code', typeVersion: 2, position: [400, 0], parameters: { jsCode: "return $input.all().map(i => ({ json: { ...i.json, n: 42 } }));" } },
                    ],
                    connections: { Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] }, Set: { main: [[{ node: 'Code', type: 'main', index: 0 }]] } },
                    settings: {},
                },
                {
                    id: 'smokeHook0001',
                    name: 'smoke webhook',
                    active: true,
                    nodes: [
                        { id: 'b1', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'f0f0f0f0-0000-4000-8000-000000000001', parameters: { path: 'smoke', responseMode: 'responseNode', options: {} } },
                        { id: 'b2', name: 'Respond', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [200, 0], parameters: { respondWith: 'json', responseBody: '={{ { ok: true, q: $json.query.q } }}', options: {} } },
                    ],
                    connections: { Webhook: { main: [[{ node: 'Respond', type: 'main', index: 0 }]] } },
                    settings: {},
                },
            ]);
            const r = await n8n.execute('smokeManual01');
            console.log(JSON.stringify(r.run.data.resultData.runData.Code[0].data?.main?.[0]));
            await n8n.activate('smokeHook0001');
            (0, log_1.step)(`[${v}] start`);
            await n8n.start();
            const res = await (0, undici_1.request)(`${n8n.baseUrl}/webhook/smoke?q=1`);
            console.log(res.statusCode, await res.body.text());
            await n8n.setupOwnerAndLogin({ email: 'owner@example.com', password: 'Passw0rd-E2E', firstName: 'E', lastName: 'Two' });
            console.log(JSON.stringify(await n8n.listExecutions('smokeHook0001')).slice(0, 500));
        }
        finally {
            await n8n.stop();
        }
    }
}
main().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
});
