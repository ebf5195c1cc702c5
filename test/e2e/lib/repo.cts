import * as fs from 'node:fs';
import * as path from 'node:path';

import { cacheRoot } from './install.cjs';

/** The repository root: the nearest folder upwards holding this package's package.json. */
export function repoRoot(): string {
	let dir = __dirname;
	for (;;) {
		const pkg = path.join(dir, 'package.json');
		if (fs.existsSync(pkg)) {
			try {
				if (
					(JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name ===
					'n8n-nodes-onestream'
				)
					return dir;
			} catch {
				/* keep looking */
			}
		}
		const up = path.dirname(dir);
		if (up === dir)
			throw new Error(`Cannot find the n8n-nodes-onestream repository root above ${__dirname}`);
		dir = up;
	}
}

/**
 * Where runs keep their throwaway state (n8n user folders, logs, packed tarballs): outside the
 * repository, so that n8n's editor bundle in a user folder (thousands of .js files) never lands
 * under the tree that `n8n-node lint` walks. $ONESTREAM_E2E_STATE overrides it.
 */
export function stateRoot(): string {
	return process.env.ONESTREAM_E2E_STATE || path.join(cacheRoot(), 'state');
}
