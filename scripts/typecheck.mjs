#!/usr/bin/env node
// The typecheck (`npm run typecheck`):
//  1. everything (nodes, credentials, tests, tools) against the n8n-workflow the project builds with;
//  2. the shipped code (nodes, credentials) against the type definitions of each n8n-workflow line
//     the package claims: 1.120.31 (n8n 1.123.81) and 2.41.0 (n8n 2.41.1), installed as the dev
//     dependencies n8n-workflow-1.120 and n8n-workflow-2.41 (npm aliases);
//  3. proof that step 2 reads each line's own types and bites: sanitizeFilename (in both lines, not
//     in the 2.0.0 the project builds with) compiles against each, and a file that imports an
//     export only one line has fails against the other (sleepWithAbort is gone from 2.41.0,
//     generateSecureToken is not in 1.120.31).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', '.bin', 'tsc');

/** In both lines and not in the n8n-workflow the project builds with (2.0.0). */
const IN_BOTH_LINES = 'sanitizeFilename';

/** The n8n-workflow lines, by the alias each is installed under. */
const LINES = [
	{ alias: 'n8n-workflow-1.120', version: '1.120.31', onlyInOther: 'generateSecureToken' },
	{ alias: 'n8n-workflow-2.41', version: '2.41.0', onlyInOther: 'sleepWithAbort' },
];

function tscRun(project) {
	try {
		execFileSync(tsc, ['-p', project, '--noEmit'], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		return { ok: true, output: '' };
	} catch (error) {
		return { ok: false, output: [error.stdout, error.stderr].filter(Boolean).join('\n').trim() };
	}
}

let failed = false;
const report = (ok, title, output = '') => {
	console.log(`${title}: ${ok ? 'passed' : 'failed'}${output ? `\n${output}` : ''}`);
	if (!ok) failed = true;
};

const first = tscRun(join(root, 'tsconfig.tools.json'));
report(first.ok, 'tsc (tsconfig.tools.json: nodes, credentials, tests, tools)', first.output);

const work = mkdtempSync(join(tmpdir(), 'onestream-typecheck-'));
try {
	for (const line of LINES) {
		// A tsconfig that maps n8n-workflow to this line's types, over the shipped sources.
		const config = (include) => {
			const file = join(work, `tsconfig.${line.version}.${include.length}.json`);
			writeFileSync(
				file,
				JSON.stringify({
					extends: join(root, 'tsconfig.json'),
					compilerOptions: {
						noEmit: true,
						baseUrl: root,
						paths: { 'n8n-workflow': [`node_modules/${line.alias}`] },
					},
					include,
				}),
			);
			return file;
		};
		const shipped = tscRun(
			config([join(root, 'credentials/**/*.ts'), join(root, 'nodes/**/*.ts')]),
		);
		report(
			shipped.ok,
			`tsc (nodes, credentials) against n8n-workflow ${line.version}`,
			shipped.output,
		);

		const control = join(work, `control-${line.version}.ts`);
		writeFileSync(
			control,
			`import { ${IN_BOTH_LINES} } from 'n8n-workflow';\nexport const control = ${IN_BOTH_LINES};\n`,
		);
		const own = tscRun(config([control]));
		report(
			own.ok,
			`the check reads ${line.version}'s types: ${IN_BOTH_LINES} compiles`,
			own.output,
		);

		const canary = join(work, `canary-${line.version}.ts`);
		writeFileSync(
			canary,
			`import { ${line.onlyInOther} } from 'n8n-workflow';\nexport const canary = ${line.onlyInOther};\n`,
		);
		const bites = tscRun(config([canary]));
		const missing = bites.output.includes(`has no exported member '${line.onlyInOther}'`);
		report(
			!bites.ok && missing,
			`the check bites: importing ${line.onlyInOther} fails against ${line.version}`,
			bites.ok ? 'it compiled' : missing ? '' : bites.output,
		);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}

if (failed) {
	console.error('Typecheck failed.');
	process.exit(1);
}
console.log('Typecheck passed.');
