/**
 * Redis and PostgreSQL for the queue-mode suite, from Debian's packages, started on loopback on
 * free ports with their data under the suite's throwaway folder, and stopped at the end.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { step, withHeartbeat } from './log.cjs';
import { cleanEnv, freePort, runOk, startBackground, waitFor, type Background } from './proc.cjs';

function which(cmd: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const p = path.join(dir, cmd);
		if (dir && fs.existsSync(p)) return p;
	}
	for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
		const p = path.join(dir, cmd);
		if (fs.existsSync(p)) return p;
	}
	return undefined;
}

let aptUpdated = false;
async function aptInstall(pkg: string, logDir: string): Promise<void> {
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(
			`"${pkg}" is missing and this harness is not root; install it with: sudo apt-get install -y ${pkg}`,
		);
	}
	const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
	await withHeartbeat(
		`apt-get install ${pkg}`,
		async () => {
			if (!aptUpdated) {
				await runOk('apt-get', ['update'], {
					env,
					logDir,
					name: 'apt-update',
					mergeOutput: true,
					timeoutMs: 10 * 60000,
				});
				aptUpdated = true;
			}
			await runOk('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
				env,
				logDir,
				name: `apt-install-${pkg}`,
				mergeOutput: true,
				timeoutMs: 15 * 60000,
			});
		},
		{ alwaysPrint: true },
	);
}

export interface Redis {
	host: string;
	port: number;
	proc: Background;
	stop(): Promise<void>;
}

function tcpPing(host: string, port: number, send?: string, expect?: string): Promise<boolean> {
	return new Promise((resolve) => {
		const sock = net.connect({ host, port });
		let buf = '';
		const done = (ok: boolean) => {
			sock.destroy();
			resolve(ok);
		};
		sock.setTimeout(2000, () => done(false));
		sock.on('error', () => done(false));
		sock.on('connect', () => {
			if (!send) return done(true);
			sock.write(send);
		});
		sock.on('data', (d) => {
			buf += d.toString();
			if (expect && buf.includes(expect)) done(true);
		});
	});
}

export async function startRedis(baseDir: string, logDir: string): Promise<Redis> {
	let bin = which('redis-server');
	if (!bin) {
		step('redis-server is missing: installing Debian package redis-server');
		await aptInstall('redis-server', logDir);
		bin = which('redis-server');
		if (!bin) throw new Error('apt-get installed redis-server but the binary was not found');
	}
	const dir = path.join(baseDir, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const proc = startBackground(
		'redis',
		bin,
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ logDir },
	);
	await waitFor(
		'Redis to answer PING',
		async () => ((await tcpPing('127.0.0.1', port, 'PING\r\n', '+PONG')) ? true : undefined),
		{
			timeoutMs: 20000,
			onTimeout: () => proc.output(),
		},
	);
	return { host: '127.0.0.1', port, proc, stop: () => proc.stop(5000) };
}

export interface Postgres {
	host: string;
	port: number;
	user: string;
	password: string;
	database: string;
	proc: Background;
	/** Runs SQL through psql and returns its unaligned, tuples-only output. */
	query(sql: string): string;
	stop(): Promise<void>;
}

function findPgBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** PostgreSQL refuses to run as root; when we are root, its processes run as the `postgres` user. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
	if (typeof process.getuid === 'function' && process.getuid() === 0)
		return ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
	return [cmd, args];
}

export async function startPostgres(baseDir: string, logDir: string): Promise<Postgres> {
	let binDir = findPgBin();
	if (!binDir) {
		step('PostgreSQL binaries are missing: installing Debian package postgresql');
		await aptInstall('postgresql', logDir);
		binDir = findPgBin();
		if (!binDir)
			throw new Error(
				'apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb was found',
			);
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
		// The postgres user must be able to reach the folder: open every parent for traversal only.
		execFileSync('chown', ['-R', 'postgres:postgres', dir]);
		let p = path.dirname(dir);
		while (p !== path.dirname(p)) {
			const mode = fs.statSync(p).mode;
			if ((mode & 0o001) === 0) fs.chmodSync(p, mode | 0o001);
			p = path.dirname(p);
		}
	}
	const env = cleanEnv({ LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' });
	const [c1, a1] = asPostgres(path.join(binDir, 'initdb'), [
		'-D',
		data,
		'-U',
		'n8n',
		`--pwfile=${pwFile}`,
		'-A',
		'scram-sha-256',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	await runOk(c1, a1, { env, logDir, name: 'pg-initdb', mergeOutput: true, timeoutMs: 120000 });
	const port = await freePort();
	const [c2, a2] = asPostgres(path.join(binDir, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		`unix_socket_directories=${dir}`,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
	]);
	const proc = startBackground('postgres', c2, a2, { env, logDir });
	const psql = path.join(binDir, 'psql');
	const query = (sql: string, db = 'n8n'): string =>
		execFileSync(
			psql,
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				'n8n',
				'-d',
				db,
				'-At',
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				sql,
			],
			{
				encoding: 'utf8',
				env: { ...env, PGPASSWORD: password },
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
	await waitFor(
		'PostgreSQL to accept connections',
		async () => {
			if (!proc.isRunning()) throw new Error(`postgres exited:\n${proc.output()}`);
			return query('select 1', 'postgres').trim() === '1' ? true : undefined;
		},
		{ timeoutMs: 60000, onTimeout: () => proc.output() },
	);
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

export interface Sftp {
	host: string;
	port: number;
	username: string;
	/** Made for this run; the secrets grep looks for it. */
	password: string;
	/** What the SFTP user sees as `/`: the application's file share (Batch\Harvest below it). */
	root: string;
	proc: Background;
	stop(): Promise<void>;
}

const SFTP_USER = 'onestream-sftp';

/**
 * OpenSSH's sshd from Debian's packages on loopback, SFTP only, for one user with a password,
 * chrooted to `root` (the stand-in's file share, whose Batch\Harvest folder the user may write).
 * sshd needs root for the chroot and the user switch; the harness runs as root, as for Redis.
 */
export async function startSftp(baseDir: string, root: string, logDir: string): Promise<Sftp> {
	let bin = which('sshd');
	if (!bin) {
		step('sshd is missing: installing Debian package openssh-server');
		await aptInstall('openssh-server', logDir);
		bin = which('sshd');
		if (!bin) throw new Error('apt-get installed openssh-server but sshd was not found');
	}
	const dir = path.join(baseDir, 'sshd');
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	// The user, and a password made for this run.
	try {
		execFileSync('id', ['-u', SFTP_USER], { stdio: 'ignore' });
	} catch {
		execFileSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', SFTP_USER]);
	}
	const password = `sftp-${randomBytes(12).toString('hex')}`;
	execFileSync('chpasswd', { input: `${SFTP_USER}:${password}\n` });
	// The chroot and every folder above it belong to root and are not writable by others; the
	// Harvest folder belongs to the user.
	const harvest = path.join(root, 'Batch', 'Harvest');
	fs.mkdirSync(harvest, { recursive: true });
	for (const folder of [root, path.join(root, 'Batch')]) {
		fs.chmodSync(folder, 0o755);
		execFileSync('chown', ['root:root', folder]);
	}
	execFileSync('chown', [`${SFTP_USER}:${SFTP_USER}`, harvest]);
	fs.chmodSync(harvest, 0o755);
	// sshd refuses a chroot below a folder that others may write to.
	let above = path.dirname(root);
	while (above !== path.dirname(above)) {
		const mode = fs.statSync(above).mode;
		if ((mode & 0o022) !== 0) fs.chmodSync(above, mode & ~0o022);
		above = path.dirname(above);
	}
	const hostKey = path.join(dir, 'ssh_host_ed25519_key');
	execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
	fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
	const port = await freePort();
	const config = path.join(dir, 'sshd_config');
	fs.writeFileSync(
		config,
		[
			`Port ${port}`,
			'ListenAddress 127.0.0.1',
			`HostKey ${hostKey}`,
			`PidFile ${path.join(dir, 'sshd.pid')}`,
			'PasswordAuthentication yes',
			'KbdInteractiveAuthentication no',
			'PubkeyAuthentication no',
			'UsePAM no',
			'PermitRootLogin no',
			`AllowUsers ${SFTP_USER}`,
			'Subsystem sftp internal-sftp',
			`Match User ${SFTP_USER}`,
			`  ChrootDirectory ${root}`,
			'  ForceCommand internal-sftp',
			'  AllowTcpForwarding no',
			'  X11Forwarding no',
			'',
		].join('\n'),
	);
	const proc = startBackground('sshd', bin, ['-D', '-e', '-f', config], { logDir });
	await waitFor(
		'sshd to greet',
		async () => ((await tcpPing('127.0.0.1', port, undefined, 'SSH-2.0')) ? true : undefined),
		{ timeoutMs: 20000, onTimeout: () => proc.output() },
	);
	return {
		host: '127.0.0.1',
		port,
		username: SFTP_USER,
		password,
		root,
		proc,
		stop: () => proc.stop(5000),
	};
}
