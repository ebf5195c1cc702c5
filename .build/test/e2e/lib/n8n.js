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
exports.N8n = exports.N8nError = exports.CREDENTIAL_TYPE = exports.NODE_TYPE = exports.PACKAGE_NAME = exports.ENCRYPTION_KEY = void 0;
exports.extractRunJson = extractRunJson;
exports.unflatten = unflatten;
const fs = __importStar(require("node:fs"));
const path = __importStar(require("node:path"));
const undici_1 = require("undici");
const log_1 = require("./log");
const proc_1 = require("./proc");
exports.ENCRYPTION_KEY = 'n8n-nodes-onestream-e2e-fixed-encryption-key';
exports.PACKAGE_NAME = 'n8n-nodes-onestream';
exports.NODE_TYPE = 'n8n-nodes-onestream.oneStream';
exports.CREDENTIAL_TYPE = 'oneStreamApi';
class N8nError extends Error {
}
exports.N8nError = N8nError;
function extractRunJson(logText, stdout = '') {
    const candidates = [];
    for (const line of logText.split('\n')) {
        if (!line.startsWith('{'))
            continue;
        try {
            const entry = JSON.parse(line);
            if (typeof entry.message === 'string' && entry.message.startsWith('{'))
                candidates.push(entry.message);
        }
        catch {
        }
    }
    const lines = stdout.split('\n');
    const start = lines.indexOf('{');
    const end = lines.lastIndexOf('}');
    if (start >= 0 && end > start)
        candidates.push(lines.slice(start, end + 1).join('\n'));
    for (let i = candidates.length - 1; i >= 0; i--) {
        try {
            const v = JSON.parse(candidates[i]);
            if (v && typeof v === 'object' && v.data && v.data.resultData)
                return v;
        }
        catch {
        }
    }
    return undefined;
}
class N8n {
    install;
    tc;
    options;
    userFolder;
    logDir;
    filesDir;
    baseUrl;
    main;
    workers = [];
    cookie;
    importCount = 0;
    browserId = 'n8n-nodes-onestream-e2e-browser';
    constructor(install, tc, options) {
        this.install = install;
        this.tc = tc;
        this.options = options;
        fs.rmSync(options.root, { recursive: true, force: true });
        this.userFolder = path.join(options.root, 'user');
        this.logDir = path.join(options.root, 'logs');
        this.filesDir = path.join(options.root, 'files');
        for (const d of [this.userFolder, this.logDir, this.filesDir])
            fs.mkdirSync(d, { recursive: true });
        this.baseUrl = `http://127.0.0.1:${options.port}`;
    }
    get version() {
        return this.install.version;
    }
    get major() {
        return this.install.major;
    }
    env(role, cliCommand) {
        const o = this.options;
        const env = {
            PATH: this.tc.pathWithNode,
            HOME: this.options.root,
            TZ: 'UTC',
            N8N_USER_FOLDER: this.userFolder,
            N8N_ENCRYPTION_KEY: exports.ENCRYPTION_KEY,
            N8N_PORT: String(o.port),
            N8N_LISTEN_ADDRESS: '127.0.0.1',
            N8N_HOST: 'localhost',
            N8N_PROTOCOL: 'http',
            WEBHOOK_URL: `http://127.0.0.1:${o.port}/`,
            N8N_EDITOR_BASE_URL: `http://localhost:${o.port}/`,
            N8N_SECURE_COOKIE: 'false',
            N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
            N8N_DIAGNOSTICS_ENABLED: 'false',
            N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
            N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
            N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
            N8N_TEMPLATES_ENABLED: 'false',
            N8N_HIRING_BANNER_ENABLED: 'false',
            N8N_PERSONALIZATION_ENABLED: 'false',
            N8N_AI_ENABLED: 'false',
            EXTERNAL_FRONTEND_HOOKS_URLS: '',
            N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
            N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
            N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
            N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir,
            N8N_LOG_LEVEL: o.logLevel ?? 'debug',
            N8N_LOG_OUTPUT: cliCommand ? 'file' : 'console,file',
            N8N_LOG_FILE_LOCATION: path.join(this.logDir, `${role}.n8n.log`),
            DB_SQLITE_POOL_SIZE: '2',
            N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
            EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
            EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
            EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
            GENERIC_TIMEZONE: 'UTC',
        };
        if (this.major < 2)
            env.N8N_RUNNERS_ENABLED = 'true';
        if (o.queue) {
            Object.assign(env, {
                EXECUTIONS_MODE: 'queue',
                QUEUE_BULL_REDIS_HOST: o.queue.redis.host,
                QUEUE_BULL_REDIS_PORT: String(o.queue.redis.port),
                DB_TYPE: 'postgresdb',
                DB_POSTGRESDB_HOST: o.queue.postgres.host,
                DB_POSTGRESDB_PORT: String(o.queue.postgres.port),
                DB_POSTGRESDB_DATABASE: o.queue.postgres.database,
                DB_POSTGRESDB_USER: o.queue.postgres.user,
                DB_POSTGRESDB_PASSWORD: o.queue.postgres.password,
                QUEUE_HEALTH_CHECK_ACTIVE: 'false',
            });
        }
        Object.assign(env, o.extraEnv ?? {});
        return (0, proc_1.cleanEnv)(env);
    }
    async installPackage(tarball) {
        const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
        const dest = path.join(nodesDir, 'node_modules', exports.PACKAGE_NAME);
        fs.rmSync(dest, { recursive: true, force: true });
        fs.mkdirSync(dest, { recursive: true });
        await (0, proc_1.runOk)('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1'], { logDir: this.logDir, name: 'unpack', mergeOutput: true });
        fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [exports.PACKAGE_NAME]: `file:${dest}` } }, null, 2));
        return dest;
    }
    async cli(name, args, timeoutMs = 180000) {
        return (0, proc_1.runOk)(this.tc.nodeBin, [this.install.bin, ...args], {
            cwd: this.options.root,
            env: this.env(name, true),
            logDir: this.logDir,
            name,
            timeoutMs,
        }).catch((e) => {
            const logFile = path.join(this.logDir, `${name}.n8n.log`);
            const more = fs.existsSync(logFile) ? `\n--- n8n log (${logFile}) ---\n${(0, proc_1.tail)(fs.readFileSync(logFile, 'utf8'), 30)}` : '';
            throw new N8nError(`[n8n ${this.version}] ${e.message}${more}`);
        });
    }
    writeImportFile(kind, data) {
        const file = path.join(this.options.root, `.import-${kind}-${++this.importCount}.json`);
        fs.writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o600 });
        return file;
    }
    async importCredentials(creds) {
        const file = this.writeImportFile('credentials', creds);
        try {
            await this.cli('import-credentials', ['import:credentials', `--input=${file}`]);
        }
        finally {
            fs.rmSync(file, { force: true });
        }
    }
    async importWorkflows(workflows) {
        for (const wf of workflows) {
            const file = this.writeImportFile('workflow', wf);
            try {
                await this.cli(`import-workflow-${String(wf.id)}`, ['import:workflow', `--input=${file}`]);
            }
            finally {
                fs.rmSync(file, { force: true });
            }
        }
    }
    async activate(id) {
        if (this.major >= 2)
            await this.cli(`publish-${id}`, ['publish:workflow', `--id=${id}`]);
        else
            await this.cli(`activate-${id}`, ['update:workflow', `--id=${id}`, '--active=true']);
    }
    async execute(id, timeoutMs = 240000) {
        const name = `execute-${id}`;
        const cli = await (0, proc_1.run)(this.tc.nodeBin, [this.install.bin, 'execute', `--id=${id}`, '--rawOutput'], {
            cwd: this.options.root,
            env: this.env(name, true),
            logDir: this.logDir,
            name,
            timeoutMs,
        });
        const logFile = path.join(this.logDir, `${name}.n8n.log`);
        const logText = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
        const result = extractRunJson(logText, cli.stdout);
        if (!result) {
            throw new N8nError(`[n8n ${this.version}] "n8n execute --id=${id}" exited ${cli.code} and reported no run JSON (log: ${logFile})\n` +
                (0, proc_1.tail)(`${cli.stdout}\n${cli.stderr}\n${logText}`, 30));
        }
        return { run: result, cli, ok: cli.code === 0 && !result.data.resultData.error };
    }
    async start(timeoutMs = 180000) {
        this.main = (0, proc_1.startBackground)('n8n-main', this.tc.nodeBin, [this.install.bin, 'start'], {
            cwd: this.options.root,
            env: this.env('main', false),
            logDir: this.logDir,
        });
        const main = this.main;
        await (0, log_1.withHeartbeat)(`n8n ${this.version} starting`, () => (0, proc_1.waitFor)(`n8n ${this.version} to answer ${this.baseUrl}/healthz`, async () => {
            if (!main.isRunning())
                throw new N8nError(`n8n start exited early:\n${(0, proc_1.tail)(main.output(), 40)}`);
            const res = await (0, undici_1.request)(`${this.baseUrl}/healthz`, { headersTimeout: 2000, bodyTimeout: 2000 });
            await res.body.text();
            if (res.statusCode !== 200)
                return undefined;
            return /Editor is now accessible/.test(main.output()) ? true : undefined;
        }, { timeoutMs, intervalMs: 500, onTimeout: () => (0, proc_1.tail)(main.output(), 40) }));
    }
    async startWorker(timeoutMs = 180000) {
        const role = `worker${this.workers.length + 1}`;
        const worker = (0, proc_1.startBackground)(`n8n-${role}`, this.tc.nodeBin, [this.install.bin, 'worker', '--concurrency=4'], {
            cwd: this.options.root,
            env: this.env(role, false),
            logDir: this.logDir,
        });
        this.workers.push(worker);
        await (0, log_1.withHeartbeat)(`n8n ${this.version} worker starting`, () => (0, proc_1.waitFor)(`n8n ${this.version} worker to be ready`, async () => {
            if (!worker.isRunning())
                throw new N8nError(`n8n worker exited early:\n${(0, proc_1.tail)(worker.output(), 40)}`);
            return /n8n worker is now ready/.test(worker.output()) ? true : undefined;
        }, { timeoutMs, intervalMs: 500, onTimeout: () => (0, proc_1.tail)(worker.output(), 40) }));
        return worker;
    }
    async stop() {
        const started = Date.now();
        await Promise.all([...this.workers.map((w) => w.stop()), this.main?.stop()]);
        this.workers = [];
        this.main = undefined;
        this.cookie = undefined;
        return void (0, log_1.formatMs)(Date.now() - started);
    }
    async http(method, urlPath, body, headers = {}) {
        const res = await (0, undici_1.request)(`${this.baseUrl}${urlPath}`, {
            method,
            headers: {
                'content-type': 'application/json',
                'browser-id': this.browserId,
                ...(this.cookie ? { cookie: this.cookie } : {}),
                ...headers,
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            headersTimeout: 120000,
            bodyTimeout: 120000,
        });
        const text = await res.body.text();
        let json;
        try {
            json = text ? JSON.parse(text) : undefined;
        }
        catch {
            json = undefined;
        }
        const setCookie = res.headers['set-cookie'];
        const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
        for (const c of cookies) {
            const m = /^(n8n-auth=[^;]*)/.exec(c);
            if (m)
                this.cookie = m[1];
        }
        return { status: res.statusCode, json, text, headers: res.headers };
    }
    async rest(method, urlPath, body) {
        const r = await this.http(method, urlPath, body);
        if (r.status < 200 || r.status >= 300) {
            throw new N8nError(`[n8n ${this.version}] ${method} ${urlPath} answered ${r.status}: ${r.text.slice(0, 500)}`);
        }
        const j = r.json;
        return (j && typeof j === 'object' && 'data' in j ? j.data : j);
    }
    async setupOwnerAndLogin(owner) {
        const setup = await this.http('POST', '/rest/owner/setup', owner);
        if (setup.status >= 300 && !/already set up|Instance owner already setup/i.test(setup.text)) {
            throw new N8nError(`[n8n ${this.version}] owner setup answered ${setup.status}: ${setup.text.slice(0, 300)}`);
        }
        const login = await this.http('POST', '/rest/login', {
            emailOrLdapLoginId: owner.email,
            email: owner.email,
            password: owner.password,
        });
        if (login.status !== 200 || !this.cookie) {
            throw new N8nError(`[n8n ${this.version}] login answered ${login.status}: ${login.text.slice(0, 300)}`);
        }
    }
    async testCredential(id) {
        const cred = await this.rest('GET', `/rest/credentials/${id}?includeData=true`);
        return this.rest('POST', '/rest/credentials/test', {
            credentials: { id: cred.id, name: cred.name, type: cred.type, data: cred.data ?? {} },
        });
    }
    async listExecutions(workflowId) {
        const filter = encodeURIComponent(JSON.stringify({ workflowId }));
        const res = await this.rest('GET', `/rest/executions?filter=${filter}&limit=50`);
        const list = Array.isArray(res) ? res : (res.results ?? []);
        return list;
    }
    async getExecution(id) {
        const res = await this.rest('GET', `/rest/executions/${id}`);
        const raw = typeof res.data === 'string' ? res.data : JSON.stringify(res.data);
        const data = typeof res.data === 'string' ? unflatten(res.data) : res.data;
        return { id: res.id, status: res.status, mode: res.mode, data, raw };
    }
    allFiles() {
        const out = [];
        const walk = (d) => {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                const p = path.join(d, e.name);
                if (e.isDirectory()) {
                    if (p.endsWith(path.join('.n8n', 'nodes')))
                        continue;
                    walk(p);
                }
                else if (e.isFile())
                    out.push(p);
            }
        };
        walk(this.options.root);
        return out;
    }
}
exports.N8n = N8n;
function unflatten(text) {
    const arr = JSON.parse(text);
    const seen = new Map();
    const revive = (idx) => {
        if (seen.has(idx))
            return seen.get(idx);
        const v = arr[idx];
        if (Array.isArray(v)) {
            const out = [];
            seen.set(idx, out);
            for (const x of v)
                out.push(resolve(x));
            return out;
        }
        if (v && typeof v === 'object') {
            const out = {};
            seen.set(idx, out);
            for (const [k, x] of Object.entries(v))
                out[k] = resolve(x);
            return out;
        }
        seen.set(idx, v);
        return v;
    };
    const resolve = (x) => (typeof x === 'string' && /^\d+$/.test(x) ? revive(Number(x)) : x);
    return revive(0);
}
