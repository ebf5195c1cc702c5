/**
 * Installs (or verifies) the pinned toolchain and prints how long it took:
 *   node .build/test/e2e/install-only.cjs [version...]
 * With N8N_E2E_CACHE=<empty folder> it measures a cold install.
 */
import { ensureN8n, ensureNode24, N8N_VERSIONS } from './lib/install.cjs';
import { formatMs, step } from './lib/log.cjs';
import { installExitHooks } from './lib/proc.cjs';

async function main(): Promise<void> {
	installExitHooks();
	const versions = process.argv.slice(2).length ? process.argv.slice(2) : [...N8N_VERSIONS];
	let t = Date.now();
	const tc = await ensureNode24();
	step(`Node.js 24 ready in ${formatMs(Date.now() - t)}`);
	for (const v of versions) {
		t = Date.now();
		const inst = await ensureN8n(v, tc);
		step(`n8n ${v} ready in ${formatMs(Date.now() - t)}: ${inst.bin}`);
	}
}

main().catch((e: unknown) => {
	process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
	process.exit(1);
});
