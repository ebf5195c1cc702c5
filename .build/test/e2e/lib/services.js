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
exports.startRedis = startRedis;
exports.startPostgres = startPostgres;
const node_child_process_1 = require("node:child_process");
const fs = __importStar(require("node:fs"));
const net = __importStar(require("node:net"));
const path = __importStar(require("node:path"));
const log_1 = require("./log");
const proc_1 = require("./proc");
function which(cmd) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
        const p = path.join(dir, cmd);
        if (dir && fs.existsSync(p))
            return p;
    }
    for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
        const p = path.join(dir, cmd);
        if (fs.existsSync(p))
            return p;
    }
    return undefined;
}
let aptUpdated = false;
async function aptInstall(pkg, logDir) {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
        throw new Error(`"${pkg}" is missing and this harness is not root; install it with: sudo apt-get install -y ${pkg}`);
    }
    const env = (0, proc_1.cleanEnv)({ DEBIAN_FRONTEND: 'noninteractive' });
    await (0, log_1.withHeartbeat)(`apt-get install ${pkg}`, async () => {
        if (!aptUpdated) {
            await (0, proc_1.runOk)('apt-get', ['update'], { env, logDir, name: 'apt-update', mergeOutput: true, timeoutMs: 10 * 60000 });
            aptUpdated = true;
        }
        await (0, proc_1.runOk)('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
            env,
            logDir,
            name: `apt-install-${pkg}`,
            mergeOutput: true,
            timeoutMs: 15 * 60000,
        });
    }, { alwaysPrint: true });
}
function tcpPing(host, port, send, expect) {
    return new Promise((resolve) => {
        const sock = net.connect({ host, port });
        let buf = '';
        const done = (ok) => {
            sock.destroy();
            resolve(ok);
        };
        sock.setTimeout(2000, () => done(false));
        sock.on('error', () => done(false));
        sock.on('connect', () => {
            if (!send)
                return done(true);
            sock.write(send);
        });
        sock.on('data', (d) => {
            buf += d.toString();
            if (expect && buf.includes(expect))
                done(true);
        });
    });
}
async function startRedis(baseDir, logDir) {
    let bin = which('redis-server');
    if (!bin) {
        (0, log_1.step)('redis-server is missing: installing Debian package redis-server');
        await aptInstall('redis-server', logDir);
        bin = which('redis-server');
        if (!bin)
            throw new Error('apt-get installed redis-server but the binary was not found');
    }
    const dir = path.join(baseDir, 'redis');
    fs.mkdirSync(dir, { recursive: true });
    const port = await (0, proc_1.freePort)();
    const proc = (0, proc_1.startBackground)('redis', bin, ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'yes'], { logDir });
    await (0, proc_1.waitFor)('Redis to answer PING', async () => ((await tcpPing('127.0.0.1', port, 'PING\r\n', '+PONG')) ? true : undefined), {
        timeoutMs: 20000,
        onTimeout: () => proc.output(),
    });
    return { host: '127.0.0.1', port, proc, stop: () => proc.stop(5000) };
}
function findPgBin() {
    const root = '/usr/lib/postgresql';
    if (!fs.existsSync(root))
        return undefined;
    const versions = fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a));
    return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}
function asPostgres(cmd, args) {
    if (typeof process.getuid === 'function' && process.getuid() === 0)
        return ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
    return [cmd, args];
}
async function startPostgres(baseDir, logDir) {
    let binDir = findPgBin();
    if (!binDir) {
        (0, log_1.step)('PostgreSQL binaries are missing: installing Debian package postgresql');
        await aptInstall('postgresql', logDir);
        binDir = findPgBin();
        if (!binDir)
            throw new Error('apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb was found');
    }
    const dir = path.join(baseDir, 'pg');
    const data = path.join(dir, 'data');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(data, { recursive: true });
    const password = 'n8n-e2e-pg';
    const pwFile = path.join(dir, 'pw');
    fs.writeFileSync(pwFile, password);
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (isRoot) {
        (0, node_child_process_1.execFileSync)('chown', ['-R', 'postgres:postgres', dir]);
        let p = path.dirname(dir);
        while (p !== path.dirname(p)) {
            const mode = fs.statSync(p).mode;
            if ((mode & 0o001) === 0)
                fs.chmodSync(p, mode | 0o001);
            p = path.dirname(p);
        }
    }
    const env = (0, proc_1.cleanEnv)({ LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' });
    const [c1, a1] = asPostgres(path.join(binDir, 'initdb'), [
        '-D', data, '-U', 'n8n', `--pwfile=${pwFile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-sync',
    ]);
    await (0, proc_1.runOk)(c1, a1, { env, logDir, name: 'pg-initdb', mergeOutput: true, timeoutMs: 120000 });
    const port = await (0, proc_1.freePort)();
    const [c2, a2] = asPostgres(path.join(binDir, 'postgres'), [
        '-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off',
        '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
    ]);
    const proc = (0, proc_1.startBackground)('postgres', c2, a2, { env, logDir });
    const psql = path.join(binDir, 'psql');
    const query = (sql, db = 'n8n') => (0, node_child_process_1.execFileSync)(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', db, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
        encoding: 'utf8',
        env: { ...env, PGPASSWORD: password },
    });
    await (0, proc_1.waitFor)('PostgreSQL to accept connections', async () => {
        if (!proc.isRunning())
            throw new Error(`postgres exited:\n${proc.output()}`);
        return query('select 1', 'postgres').trim() === '1' ? true : undefined;
    }, { timeoutMs: 60000, onTimeout: () => proc.output() });
    query('create database n8n', 'postgres');
    return {
        host: '127.0.0.1',
        port,
        user: 'n8n',
        password,
        database: 'n8n',
        proc,
        query: (sql) => query(sql),
        stop: () => proc.stop(10000),
    };
}
