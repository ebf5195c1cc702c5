/**
 * n8n loads the node with its own n8n-workflow. Every runtime import from n8n-workflow must exist
 * in the n8n-workflow each pinned n8n ships (1.123.x ships 1.120.x; 2.41.x ships 2.41.x), or the
 * node fails at load or at first use ("Class could not be found", "is not a function"). This runs
 * in every `npm test`, right after the pinned n8n installs exist; it cannot skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { assert, assertEqual } from './lib/checks.cjs';
import type { N8nInstall, Toolchain } from './lib/install.cjs';
import { repoRoot } from './lib/repo.cjs';

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
	});
}

/** The values (not types) the shipped sources import from n8n-workflow. */
export function runtimeImports(): string[] {
	const names = new Set<string>();
	for (const file of [
		...sourceFiles(join(repoRoot(), 'nodes')),
		...sourceFiles(join(repoRoot(), 'credentials')),
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

/** The imports missing from the n8n-workflow at `workflowDir`, asked of the given Node.js. */
function missingIn(workflowDir: string, nodeBin: string, imports: string[]): string[] {
	const script = `const w = require(${JSON.stringify(workflowDir)}); console.log(JSON.stringify(${JSON.stringify(imports)}.filter((n) => w[n] === undefined)))`;
	return JSON.parse(execFileSync(nodeBin, ['-e', script], { encoding: 'utf8' })) as string[];
}

/** Fails unless every runtime import exists in the n8n-workflow this n8n install loads the node with. */
export function checkRuntimeImports(install: N8nInstall, tc: Toolchain): string {
	const imports = runtimeImports();
	assert(
		imports.includes('NodeApiError') && imports.includes('NodeOperationError'),
		`the scan of the sources found too little: ${imports.join(', ')}`,
	);
	const workflowDir = join(install.dir, 'node_modules', 'n8n-workflow');
	assert(
		existsSync(join(workflowDir, 'package.json')),
		`n8n ${install.version} has no n8n-workflow at ${workflowDir}`,
	);
	const version = (
		JSON.parse(readFileSync(join(workflowDir, 'package.json'), 'utf8')) as { version: string }
	).version;
	assertEqual(
		missingIn(workflowDir, tc.nodeBin, imports),
		[],
		`runtime imports missing from n8n-workflow ${version} (n8n ${install.version})`,
	);
	return `${imports.length} runtime imports (${imports.join(', ')}) all in n8n-workflow ${version}`;
}
