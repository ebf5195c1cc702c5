#!/usr/bin/env node
// Before publishing (.github/workflows/publish.yml): the pushed tag names the version in
// package.json, and the hand-written CHANGELOG.md has a section for it. (A `prepublishOnly` guard
// would never run: .npmrc turns lifecycle scripts off.)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tag = (process.argv[2] ?? '').replace(/^v/, '');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
const problems = [];
if (tag !== version)
	problems.push(
		`the tag "${process.argv[2] ?? ''}" does not name package.json's version ${version}`,
	);
const escaped = version.replace(/\./g, '\\.');
if (!new RegExp(`^## \\[?${escaped}\\]?(\\s|$)`, 'm').test(changelog)) {
	problems.push(`CHANGELOG.md has no "## ${version}" section`);
}
if (problems.length > 0) {
	console.error(`Not releasing: ${problems.join('; ')}.`);
	process.exit(1);
}
console.log(`Releasing ${version}: tag, package.json and CHANGELOG.md agree.`);
