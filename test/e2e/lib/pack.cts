/** The package as n8n installs it: `npm pack` of the built package. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { cleanEnv, runOk } from './proc.cjs';
import { repoRoot } from './repo.cjs';

/** `npm pack` of the built package (dist/ must exist: the npm scripts build first). */
export async function packPackage(outDir: string): Promise<string> {
	const root = repoRoot();
	if (!fs.existsSync(path.join(root, 'dist', 'nodes', 'OneStream', 'OneStream.node.js'))) {
		throw new Error('dist/ has no built node; run "npm run build" first (npm run test:e2e does).');
	}
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	const r = await runOk('npm', ['pack', '--json', '--pack-destination', outDir], {
		cwd: root,
		env: cleanEnv(),
		logDir: outDir,
		name: 'npm-pack',
	});
	const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	const tarball = path.join(outDir, info[0].filename);
	const files = info[0].files.map((f) => f.path);
	for (const needed of [
		'dist/nodes/OneStream/OneStream.node.js',
		'dist/credentials/OneStreamApi.credentials.js',
		'package.json',
	]) {
		if (!files.includes(needed))
			throw new Error(`npm pack left out ${needed} (packed: ${files.join(', ')})`);
	}
	return tarball;
}
