/**
 * Headless Chromium (Debian's `chromium` package) driven over the Chrome DevTools Protocol, for
 * screenshots of the n8n editor. Uses undici's WebSocket; no browser download.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { request, WebSocket } from 'undici';

import {
	cleanEnv,
	freePort,
	startBackground,
	waitFor,
	type Background,
} from '../test/e2e/lib/proc.cjs';

export class Page {
	private nextId = 1;
	private pending = new Map<
		number,
		{ resolve: (v: unknown) => void; reject: (e: Error) => void }
	>();

	private constructor(private readonly ws: WebSocket) {
		ws.addEventListener('message', (ev: { data: unknown }) => {
			const msg = JSON.parse(String(ev.data)) as {
				id?: number;
				result?: unknown;
				error?: { message: string };
			};
			if (msg.id === undefined) return;
			const p = this.pending.get(msg.id);
			if (!p) return;
			this.pending.delete(msg.id);
			if (msg.error) p.reject(new Error(msg.error.message));
			else p.resolve(msg.result);
		});
	}

	static async connect(wsUrl: string): Promise<Page> {
		const ws = new WebSocket(wsUrl);
		await new Promise<void>((resolve, reject) => {
			ws.addEventListener('open', () => resolve());
			ws.addEventListener('error', () => reject(new Error(`cannot connect to ${wsUrl}`)));
		});
		return new Page(ws);
	}

	send<T = Record<string, unknown>>(
		method: string,
		params: Record<string, unknown> = {},
	): Promise<T> {
		const id = this.nextId++;
		this.ws.send(JSON.stringify({ id, method, params }));
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			setTimeout(() => {
				if (this.pending.delete(id)) reject(new Error(`CDP ${method} timed out`));
			}, 60000);
		});
	}

	/** Evaluates an expression in the page (promises awaited) and returns its JSON value. */
	async eval<T = unknown>(expression: string): Promise<T> {
		const r = await this.send<{
			result: { value?: T };
			exceptionDetails?: { text: string; exception?: { description?: string } };
		}>('Runtime.evaluate', {
			expression,
			awaitPromise: true,
			returnByValue: true,
		});
		if (r.exceptionDetails)
			throw new Error(
				`page error: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`,
			);
		return r.result.value as T;
	}

	async goto(url: string): Promise<void> {
		await this.send('Page.navigate', { url });
		await waitFor(
			'the page to load',
			async () =>
				(await this.eval<string>('document.readyState')) === 'complete' ? true : undefined,
			{
				timeoutMs: 60000,
				intervalMs: 250,
			},
		);
	}

	async screenshot(file: string): Promise<void> {
		const r = await this.send<{ data: string }>('Page.captureScreenshot', {
			format: 'png',
			captureBeyondViewport: false,
		});
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, Buffer.from(r.data, 'base64'));
	}

	close(): void {
		this.ws.close();
	}
}

export interface Browser {
	page: Page;
	proc: Background;
	stop(): Promise<void>;
}

export async function launchChromium(
	logDir: string,
	size = { width: 1600, height: 900 },
): Promise<Browser> {
	const bin = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((b) => fs.existsSync(b));
	if (!bin) throw new Error('Chromium is missing: apt-get install -y chromium');
	const port = await freePort();
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-onestream-chromium-'));
	const proc = startBackground(
		'chromium',
		bin,
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
			'--hide-scrollbars',
			'--force-device-scale-factor=1',
			`--window-size=${size.width},${size.height}`,
			`--user-data-dir=${profile}`,
			`--remote-debugging-port=${port}`,
			'--remote-debugging-address=127.0.0.1',
			'about:blank',
		],
		{ env: cleanEnv(), logDir },
	);
	const target = await waitFor(
		'Chromium DevTools endpoint',
		async () => {
			const r = await request(`http://127.0.0.1:${port}/json/list`);
			const list = (await r.body.json()) as Array<{ type: string; webSocketDebuggerUrl: string }>;
			return list.find((t) => t.type === 'page');
		},
		{ timeoutMs: 30000, intervalMs: 250, onTimeout: () => proc.output() },
	);
	const page = await Page.connect(target.webSocketDebuggerUrl);
	await page.send('Page.enable');
	await page.send('Runtime.enable');
	await page.send('Emulation.setDeviceMetricsOverride', {
		width: size.width,
		height: size.height,
		deviceScaleFactor: 1,
		mobile: false,
	});
	return {
		page,
		proc,
		async stop() {
			page.close();
			await proc.stop(5000);
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}
