/**
 * Command line: `node .build/test/standin/cli.cjs [--port N] [--host H] [--api-path P]
 * [--latency MIN[,MAX]] [--seed N] [--tls-key FILE --tls-cert FILE] [--harvest DIR] [--quiet]`.
 *
 * Prints exactly one JSON line when listening ({ url, apiRoot, webServerUrl, tokens }; these are
 * fake tokens, so printing them is fine), then one redacted line per request unless --quiet.
 */
import { readFileSync } from 'node:fs';

import { startStandIn } from './server.cjs';
import { EXPIRED_PAT, NO_ROLE_PAT, NON_ADMIN_PAT, REVOKED_PAT, VALID_PAT } from './tokens.cjs';
import type { StandInOptions } from './types.cjs';

export interface CliOptions {
	port: number;
	host?: string;
	apiPath?: string;
	latencyMs?: number | [number, number];
	seed?: number;
	tlsKeyFile?: string;
	tlsCertFile?: string;
	/** The Batch\Harvest folder (an SFTP server's folder in the e2e run). */
	harvestDir?: string;
	quiet: boolean;
}

export class CliUsageError extends Error {}

const USAGE =
	'usage: cli.js [--port N] [--host H] [--api-path /OneStreamApi] [--latency MIN[,MAX]] [--seed N] [--tls-key FILE --tls-cert FILE] [--harvest DIR] [--quiet]';

function nonNegativeNumber(flag: string, text: string | undefined): number {
	const value = Number(text);
	if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value < 0)
		throw new CliUsageError(`${flag} needs a number ≥ 0`);
	return value;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
	const options: CliOptions = { port: 8787, quiet: false };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = (): string => {
			const next = argv[++i];
			if (next === undefined) throw new CliUsageError(`${flag} needs a value`);
			return next;
		};
		switch (flag) {
			case '--port': {
				const port = nonNegativeNumber(flag, value());
				if (!Number.isInteger(port) || port > 65535)
					throw new CliUsageError('--port needs an integer 0..65535');
				options.port = port;
				break;
			}
			case '--host':
				options.host = value();
				break;
			case '--api-path':
				options.apiPath = value();
				break;
			case '--latency': {
				const parts = value().split(',');
				if (parts.length > 2) throw new CliUsageError('--latency takes MIN or MIN,MAX');
				const min = nonNegativeNumber(flag, parts[0]);
				if (parts.length === 1) {
					options.latencyMs = min;
				} else {
					const max = nonNegativeNumber(flag, parts[1]);
					if (max < min) throw new CliUsageError('--latency MAX must be ≥ MIN');
					options.latencyMs = [min, max];
				}
				break;
			}
			case '--seed':
				options.seed = nonNegativeNumber(flag, value());
				break;
			case '--tls-key':
				options.tlsKeyFile = value();
				break;
			case '--tls-cert':
				options.tlsCertFile = value();
				break;
			case '--harvest':
				options.harvestDir = value();
				break;
			case '--quiet':
				options.quiet = true;
				break;
			default:
				throw new CliUsageError(`unknown argument '${flag}'`);
		}
	}
	if ((options.tlsKeyFile === undefined) !== (options.tlsCertFile === undefined))
		throw new CliUsageError('--tls-key and --tls-cert go together');
	return options;
}

async function main(): Promise<void> {
	let cli: CliOptions;
	try {
		cli = parseCliArgs(process.argv.slice(2));
	} catch (error) {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
		process.exitCode = 2;
		return;
	}
	const options: StandInOptions = {
		port: cli.port,
		host: cli.host,
		apiPath: cli.apiPath,
		latencyMs: cli.latencyMs,
		seed: cli.seed,
		harvestDir: cli.harvestDir,
		log: cli.quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
	};
	if (cli.tlsKeyFile !== undefined && cli.tlsCertFile !== undefined) {
		options.tls = { key: readFileSync(cli.tlsKeyFile), cert: readFileSync(cli.tlsCertFile) };
	}
	const standIn = await startStandIn(options);
	process.stdout.write(
		`${JSON.stringify({
			url: standIn.url,
			apiRoot: standIn.apiRoot,
			webServerUrl: standIn.webServerUrl,
			tokens: {
				valid: VALID_PAT,
				expired: EXPIRED_PAT,
				revoked: REVOKED_PAT,
				noRole: NO_ROLE_PAT,
				nonAdmin: NON_ADMIN_PAT,
			},
		})}\n`,
	);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		void standIn.close().then(() => process.exit(0));
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(
			`stand-in failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		process.exit(1);
	});
}
