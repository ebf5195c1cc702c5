/** Console output for the e2e harness and the demo: timestamped steps and heartbeats for slow work. */

const t0 = Date.now();

function stamp(): string {
	const s = (Date.now() - t0) / 1000;
	const m = Math.floor(s / 60);
	return `${String(m).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`;
}

let quiet = false;

/** When quiet, `step` and `detail` print nothing (the demo uses its own summary). Errors always print. */
export function setQuiet(value: boolean): void {
	quiet = value;
}

export function step(message: string): void {
	if (!quiet) process.stdout.write(`[${stamp()}] ${message}\n`);
}

export function detail(message: string): void {
	if (!quiet) process.stdout.write(`           ${message}\n`);
}

export function warn(message: string): void {
	process.stderr.write(`[${stamp()}] WARNING: ${message}\n`);
}

export function formatMs(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	const s = ms / 1000;
	if (s < 120) return `${s.toFixed(1)} s`;
	return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/**
 * Runs `work` and, while it is pending, prints "<label>… still running (Ns)" every `everyMs`
 * (plus whatever `extra()` reports), so a person watching knows that a slow step is alive.
 */
export async function withHeartbeat<T>(
	label: string,
	work: () => Promise<T>,
	options: { everyMs?: number; extra?: () => string; alwaysPrint?: boolean } = {},
): Promise<T> {
	const started = Date.now();
	const every = options.everyMs ?? 15000;
	const timer = setInterval(() => {
		const more = options.extra ? options.extra() : '';
		const line = `${label}… still running (${formatMs(Date.now() - started)})${more ? `, ${more}` : ''}`;
		if (options.alwaysPrint || !quiet) process.stdout.write(`[${stamp()}] ${line}\n`);
	}, every);
	try {
		return await work();
	} finally {
		clearInterval(timer);
	}
}

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const started = Date.now();
	const value = await work();
	return { value, ms: Date.now() - started };
}
