#!/usr/bin/env node
// Lint as n8n verifies community packages, with inline `eslint-disable` comments ignored:
//  1. strict mode: eslint.config.mjs must be @n8n/node-cli's template, unchanged;
//  2. the project's eslint config (n8n-node lint) over the shipped sources and package.json;
//  3. the verification scanner's rule set over the sources, and over the packed tarball's
//     compiled JavaScript and package.json (run `npm run build` first).
// Tests, scripts and benchmarks are not shipped and are not linted here (they use process, timers
// and the console, which the community rules forbid in node code); `npm run typecheck` covers them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
let failed = false;

function normalise(text) {
	return text.replace(/\s+/g, ' ').trim();
}

// 1. Strict mode.
const template = readFileSync(
	join(
		dirname(require.resolve('@n8n/node-cli/eslint')),
		'../template/templates/shared/default/eslint.config.mjs',
	),
	'utf8',
);
if (normalise(readFileSync(join(root, 'eslint.config.mjs'), 'utf8')) !== normalise(template)) {
	console.error(
		'Strict mode violation: eslint.config.mjs differs from the @n8n/node-cli template.',
	);
	failed = true;
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (pkg.n8n?.strict !== true) {
	console.error('package.json: n8n.strict must be true.');
	failed = true;
}

async function report(title, eslint, results) {
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	console.log(`${title}: ${results.length} files, ${errors} errors, ${warnings} warnings`);
	if (errors + warnings > 0) {
		const formatter = await eslint.loadFormatter('stylish');
		console.log(await formatter.format(results));
	}
	if (errors + warnings > 0) failed = true;
}

// 2. The project's config, as `n8n-node lint` applies it.
const projectLint = new ESLint({ cwd: root, allowInlineConfig: false });
await report(
	'n8n-node lint config (sources)',
	projectLint,
	await projectLint.lintFiles(['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts']),
);

// 3. The verification scanner's config.
const { n8nCommunityNodesPlugin } = require('@n8n/eslint-plugin-community-nodes');
const n8nNodesBase = require('eslint-plugin-n8n-nodes-base');
// The TypeScript parser as @n8n/node-cli resolves it (it is not hoisted to the top level).
const tsParser = createRequire(require.resolve('@n8n/node-cli/eslint'))('typescript-eslint').parser;
const scannerConfig = [
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
];
const scanner = (cwd) =>
	new ESLint({
		cwd,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: scannerConfig,
	});

const sourceScan = scanner(root);
await report(
	'verification scanner (sources)',
	sourceScan,
	await sourceScan.lintFiles([
		'package.json',
		'nodes/**/*.{ts,json}',
		'credentials/**/*.{ts,json}',
	]),
);

if (!existsSync(join(root, 'dist'))) {
	console.error('dist/ is missing: run `npm run build` before linting the packed tarball.');
	failed = true;
} else {
	const work = mkdtempSync(join(tmpdir(), 'onestream-scan-'));
	try {
		const output = execFileSync(
			'npm',
			['pack', '--silent', '--ignore-scripts', '--pack-destination', work],
			{
				cwd: root,
				encoding: 'utf8',
			},
		);
		const tarball = join(work, output.trim().split('\n').pop());
		execFileSync('tar', ['-xzf', tarball, '-C', work]);
		const unpacked = join(work, 'package');
		const tarballScan = scanner(unpacked);
		await report(
			'verification scanner (npm tarball)',
			tarballScan,
			await tarballScan.lintFiles(['**/*.js', 'package.json']),
		);
		const shipped = readdirSync(unpacked);
		if (
			shipped.some(
				(name) => !['dist', 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(name),
			)
		) {
			console.error(`Unexpected files in the tarball: ${shipped.join(', ')}`);
			failed = true;
		}
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

if (failed) {
	console.error('Lint failed.');
	process.exit(1);
}
console.log('Lint passed.');
