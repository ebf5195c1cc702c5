import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { Agent, request } from 'undici';

import { EXPIRED_PAT, NO_ROLE_PAT, NON_ADMIN_PAT, REVOKED_PAT, VALID_PAT } from '../index.cjs';
import { CliUsageError, parseCliArgs } from '../cli.cjs';
import { asObject } from './helpers.cjs';

describe('parseCliArgs', () => {
	it('defaults to port 8787, not quiet', () => {
		expect(parseCliArgs([])).toEqual({ port: 8787, quiet: false });
	});

	it('reads every flag', () => {
		expect(
			parseCliArgs([
				'--port',
				'0',
				'--host',
				'0.0.0.0',
				'--api-path',
				'/onestreamapi',
				'--latency',
				'5,20',
				'--seed',
				'9',
				'--tls-key',
				'k.pem',
				'--tls-cert',
				'c.pem',
				'--quiet',
			]),
		).toEqual({
			port: 0,
			host: '0.0.0.0',
			apiPath: '/onestreamapi',
			latencyMs: [5, 20],
			seed: 9,
			tlsKeyFile: 'k.pem',
			tlsCertFile: 'c.pem',
			quiet: true,
		});
		expect(parseCliArgs(['--latency', '15']).latencyMs).toBe(15);
	});

	it.each([
		[['--port']],
		[['--port', 'x']],
		[['--port', '70000']],
		[['--latency', '5,1']],
		[['--latency', '1,2,3']],
		[['--tls-key', 'k.pem']],
		[['--verbose']],
	])('rejects %j', (argv) => {
		expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
	});
});

describe('CLI process', () => {
	const root = resolve(__dirname, '../../..');
	let outDir: string;
	let cliPath: string;
	const children: ChildProcessWithoutNullStreams[] = [];

	beforeAll(() => {
		// Compile only the stand-in (the repository-wide build belongs to other suites).
		outDir = mkdtempSync(join(tmpdir(), 'standin-cli-'));
		execFileSync(process.execPath, [
			join(root, 'node_modules/typescript/bin/tsc'),
			'--outDir',
			outDir,
			'--rootDir',
			root,
			'--module',
			'node16',
			'--moduleResolution',
			'node16',
			'--target',
			'es2022',
			'--strict',
			'--skipLibCheck',
			'--types',
			'node',
			'--esModuleInterop',
			join(root, 'test/standin/cli.cts'),
		]);
		cliPath = join(outDir, 'test/standin/cli.cjs');
	}, 120_000);

	afterAll(() => {
		for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
		rmSync(outDir, { recursive: true, force: true });
	});

	function start(args: string[]): {
		child: ChildProcessWithoutNullStreams;
		lines: AsyncIterableIterator<string>;
		exit: Promise<number | null>;
	} {
		const child = spawn(process.execPath, [cliPath, ...args]);
		children.push(child);
		const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
		return { child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator](), exit };
	}

	async function nextLine(lines: AsyncIterableIterator<string>): Promise<string> {
		const next = await lines.next();
		if (next.done === true) throw new Error('stdout ended');
		return next.value;
	}

	it('prints one JSON line with URLs and tokens, then one redacted line per request, and exits cleanly on SIGTERM', async () => {
		const { child, lines, exit } = start(['--port', '0', '--latency', '1,3']);
		const startup = asObject(JSON.parse(await nextLine(lines)));
		expect(Object.keys(startup)).toEqual(['url', 'apiRoot', 'webServerUrl', 'tokens']);
		expect(startup.tokens).toEqual({
			valid: VALID_PAT,
			expired: EXPIRED_PAT,
			revoked: REVOKED_PAT,
			noRole: NO_ROLE_PAT,
			nonAdmin: NON_ADMIN_PAT,
		});
		const url = String(startup.url);
		expect(startup.apiRoot).toBe(`${url}/OneStreamApi`);
		expect(startup.webServerUrl).toBe(`${url}/OneStreamWeb`);

		const response = await request(
			`${String(startup.apiRoot)}/api/DataManagement/ExecuteSequence?api-version=5.2.0`,
			{
				method: 'POST',
				headers: { authorization: `Bearer ${VALID_PAT}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					BaseWebServerUrl: startup.webServerUrl,
					ApplicationName: 'AcmeConsolidation',
					SequenceName: 'Load_Actuals',
				}),
			},
		);
		expect(response.statusCode).toBe(200);
		await response.body.text();
		const logLine = await nextLine(lines);
		expect(logLine).toMatch(
			/^#1 POST \/OneStreamApi\/api\/DataManagement\/ExecuteSequence\?api-version=5\.2\.0 200 \d+ms auth=Bearer …/,
		);
		expect(logLine).toContain(`…${VALID_PAT.slice(-3)}`);
		expect(logLine).not.toContain(VALID_PAT.slice(0, 10));

		child.kill('SIGTERM');
		expect(await exit).toBe(0);
	});

	it('prints only the startup line with --quiet, serves HTTPS with --tls-key/--tls-cert, and exits on SIGINT', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'standin-cli-tls-'));
		try {
			execFileSync(
				'openssl',
				[
					'req',
					'-x509',
					'-newkey',
					'rsa:2048',
					'-nodes',
					'-keyout',
					join(dir, 'key.pem'),
					'-out',
					join(dir, 'cert.pem'),
					'-days',
					'1',
					'-subj',
					'/CN=127.0.0.1',
					'-addext',
					'subjectAltName=IP:127.0.0.1',
				],
				{ stdio: 'ignore' },
			);
			const { child, lines, exit } = start([
				'--port',
				'0',
				'--quiet',
				'--api-path',
				'/onestreamapi',
				'--tls-key',
				join(dir, 'key.pem'),
				'--tls-cert',
				join(dir, 'cert.pem'),
			]);
			const startup = asObject(JSON.parse(await nextLine(lines)));
			expect(String(startup.url)).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
			expect(startup.apiRoot).toBe(`${String(startup.url)}/onestreamapi`);
			const agent = new Agent({ connect: { rejectUnauthorized: false } });
			const response = await request(`${String(startup.url)}/__standin/health`, {
				dispatcher: agent,
			});
			expect(response.statusCode).toBe(200);
			await response.body.text();
			await agent.close();
			child.kill('SIGINT');
			expect(await exit).toBe(0);
			// Nothing after the startup line.
			expect((await lines.next()).done).toBe(true);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('exits with status 2 and a usage line for bad arguments', async () => {
		const child = spawn(process.execPath, [cliPath, '--port', 'abc']);
		children.push(child);
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
		expect(code).toBe(2);
		expect(stderr).toMatch(/--port needs a number/);
		expect(stderr).toMatch(/^usage: /m);
	});
});
