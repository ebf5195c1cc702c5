/** A self-signed certificate made at test time with openssl, for an HTTPS stand-in. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SelfSigned {
	key: Buffer;
	cert: Buffer;
}

/** A one-day self-signed certificate for 127.0.0.1 and localhost (the name matches; only the trust is missing). */
export function makeSelfSignedCertificate(): SelfSigned {
	const dir = mkdtempSync(join(tmpdir(), 'onestream-faults-tls-'));
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
				'subjectAltName=IP:127.0.0.1,DNS:localhost',
			],
			{ stdio: 'ignore' },
		);
		return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
