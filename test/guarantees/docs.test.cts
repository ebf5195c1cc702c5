/**
 * The docs name files that exist: every path-like name in backticks in README.md, docs/*.md and the
 * test folders' READMEs is a file (or folder) of the repository, so that a moved or deleted file
 * cannot stay documented. Links to files are checked too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');

function filesUnder(dir: string, found: string[] = []): string[] {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (['node_modules', '.git', 'dist', '.build'].includes(entry.name)) continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) filesUnder(full, found);
		else found.push(path.relative(root, full).split(path.sep).join('/'));
	}
	return found;
}

const repository = filesUnder(root);
const docs = [
	'README.md',
	...fs
		.readdirSync(path.join(root, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`),
	...repository.filter((file) => /^test\/([^/]+\/)?README\.md$/.test(file)),
];

/** A documented name exists: from the doc's folder, from the root, or as the tail of a file's path. */
function exists(name: string, doc: string): boolean {
	const clean = name.replace(/\/$/, '').replace(/^\.\//, '');
	for (const base of [path.dirname(doc), '.']) {
		if (fs.existsSync(path.join(root, base, clean))) return true;
	}
	return repository.some((file) => file === clean || file.endsWith(`/${clean}`));
}

const PATH_LIKE = /^[\w.-]+(\/[\w.<>*-]+)*\/?$/;
const FILE_LIKE = /\.(ts|cts|cjs|mjs|js|json|md|yml|png)$/;

it.each(docs)('%s names only files that exist', (doc) => {
	const text = fs.readFileSync(path.join(root, doc), 'utf8');
	const missing: string[] = [];
	for (const match of text.matchAll(/`([^`\s]+)`/g)) {
		const name = match[1];
		if (!PATH_LIKE.test(name) || !FILE_LIKE.test(name) || /[<>*]/.test(name)) continue;
		if (!exists(name, doc)) missing.push(name);
	}
	for (const match of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
		const target = match[1];
		if (/^(https?:|mailto:)/.test(target)) continue;
		if (!fs.existsSync(path.join(root, path.dirname(doc), target))) missing.push(target);
	}
	expect(missing).toEqual([]);
});
