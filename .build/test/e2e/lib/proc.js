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
exports.sleep = void 0;
exports.cleanEnv = cleanEnv;
exports.run = run;
exports.runOk = runOk;
exports.startBackground = startBackground;
exports.killAllNow = killAllNow;
exports.installExitHooks = installExitHooks;
exports.freePort = freePort;
exports.isPortFree = isPortFree;
exports.waitFor = waitFor;
exports.tail = tail;
const node_child_process_1 = require("node:child_process");
const fs = __importStar(require("node:fs"));
const net = __importStar(require("node:net"));
const path = __importStar(require("node:path"));
function cleanEnv(extra = {}) {
    const env = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (/^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE_OPTIONS' || k.startsWith('N8N_') || k === 'NODE_ENV')
            continue;
        env[k] = v;
    }
    for (const [k, v] of Object.entries(extra)) {
        if (v === undefined)
            delete env[k];
        else
            env[k] = v;
    }
    return env;
}
const live = new Set();
function killGroup(child, signal) {
    if (child.pid === undefined)
        return;
    try {
        process.kill(-child.pid, signal);
    }
    catch {
        try {
            child.kill(signal);
        }
        catch {
        }
    }
}
function uniqueLogName(dir, name, suffix) {
    let file = path.join(dir, `${name}${suffix}`);
    for (let i = 2; fs.existsSync(file); i++)
        file = path.join(dir, `${name}-${i}${suffix}`);
    return file;
}
function run(cmd, args, options) {
    fs.mkdirSync(options.logDir, { recursive: true });
    const stdoutFile = uniqueLogName(options.logDir, options.name, options.mergeOutput ? '.log' : '.stdout.log');
    const stderrFile = options.mergeOutput ? stdoutFile : stdoutFile.replace(/\.stdout\.log$/, '.stderr.log');
    const out = fs.openSync(stdoutFile, 'w');
    const err = options.mergeOutput ? out : fs.openSync(stderrFile, 'w');
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = (0, node_child_process_1.spawn)(cmd, args, {
            cwd: options.cwd,
            env: options.env ?? cleanEnv(),
            stdio: ['ignore', out, err],
            detached: true,
        });
        live.add(child);
        let timer;
        let timedOut = false;
        if (options.timeoutMs) {
            timer = setTimeout(() => {
                timedOut = true;
                killGroup(child, 'SIGKILL');
            }, options.timeoutMs);
        }
        child.on('error', (e) => {
            live.delete(child);
            if (timer)
                clearTimeout(timer);
            reject(e);
        });
        child.on('exit', (code, signal) => {
            live.delete(child);
            if (timer)
                clearTimeout(timer);
            fs.closeSync(out);
            if (err !== out)
                fs.closeSync(err);
            const stdout = fs.readFileSync(stdoutFile, 'utf8');
            const stderr = options.mergeOutput ? '' : fs.readFileSync(stderrFile, 'utf8');
            if (timedOut) {
                reject(new Error(`${options.name}: "${cmd} ${args.join(' ')}" timed out after ${options.timeoutMs} ms (output: ${stdoutFile})`));
                return;
            }
            resolve({ code, signal, stdout, stderr, stdoutFile, stderrFile, ms: Date.now() - started });
        });
    });
}
async function runOk(cmd, args, options) {
    const r = await run(cmd, args, options);
    if (r.code !== 0) {
        const tail = (r.stdout + '\n' + r.stderr).trim().split('\n').slice(-25).join('\n');
        throw new Error(`${options.name}: "${path.basename(cmd)} ${args.join(' ')}" exited with ${r.code ?? r.signal}\n` +
            `--- last lines (full output: ${r.stdoutFile}) ---\n${tail}`);
    }
    return r;
}
function startBackground(name, cmd, args, options) {
    fs.mkdirSync(options.logDir, { recursive: true });
    const logFile = uniqueLogName(options.logDir, name, '.log');
    const fd = fs.openSync(logFile, 'w');
    const child = (0, node_child_process_1.spawn)(cmd, args, {
        cwd: options.cwd,
        env: options.env ?? cleanEnv(),
        stdio: ['ignore', fd, fd],
        detached: true,
    });
    fs.closeSync(fd);
    live.add(child);
    let running = true;
    const exited = new Promise((resolve) => {
        child.on('exit', (code) => {
            running = false;
            live.delete(child);
            resolve(code);
        });
        child.on('error', () => {
            running = false;
            live.delete(child);
            resolve(null);
        });
    });
    return {
        name,
        child,
        logFile,
        exited,
        isRunning: () => running,
        output: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
        async stop(graceMs = 15000) {
            if (!running)
                return;
            killGroup(child, 'SIGTERM');
            const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
            await exited;
            clearTimeout(timer);
            killGroup(child, 'SIGKILL');
        },
    };
}
function killAllNow() {
    for (const child of live)
        killGroup(child, 'SIGKILL');
    live.clear();
}
let hooksInstalled = false;
function installExitHooks() {
    if (hooksInstalled)
        return;
    hooksInstalled = true;
    process.on('exit', killAllNow);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
        process.on(sig, () => {
            process.stderr.write(`\nReceived ${sig}: stopping everything this run started.\n`);
            killAllNow();
            process.exit(130);
        });
    }
}
function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const addr = srv.address();
            const port = typeof addr === 'object' && addr ? addr.port : 0;
            srv.close(() => resolve(port));
        });
    });
}
function isPortFree(port) {
    return new Promise((resolve) => {
        const srv = net.createServer();
        srv.unref();
        srv.on('error', () => resolve(false));
        srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
exports.sleep = sleep;
async function waitFor(what, probe, options) {
    const deadline = Date.now() + options.timeoutMs;
    let lastError;
    for (;;) {
        try {
            const v = await probe();
            if (v !== undefined)
                return v;
        }
        catch (e) {
            lastError = e;
        }
        if (Date.now() > deadline) {
            const more = options.onTimeout ? `\n${options.onTimeout()}` : '';
            const le = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
            throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}${le}${more}`);
        }
        await (0, exports.sleep)(options.intervalMs ?? 500);
    }
}
function tail(text, lines = 30) {
    return text.trim().split('\n').slice(-lines).join('\n');
}
