import * as fs from 'node:fs';
import * as path from 'node:path';

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
