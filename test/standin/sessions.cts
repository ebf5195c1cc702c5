/**
 * 7.2.0 SessionInfo objects. Real `XfBytes` are base64 of an opaque binary SessionInfo; decoding
 * the doc samples shows a 4-byte header followed by the web server URL, user, application and
 * culture, so these fake ones are built the same way (they start "QB8AACNo" like the samples).
 * Clients must treat them as opaque; the stand-in only looks them up.
 */
import { randomBytes } from 'node:crypto';

export type SessionKind = 'logon' | 'application';

export interface Session {
	kind: SessionKind;
	userName: string;
	webServerUrl: string;
	application?: string;
}

const HEADER = Buffer.from([0x40, 0x1f, 0x00, 0x00]);

export class SessionStore {
	private readonly sessions = new Map<string, Session>();

	create(session: Session): string {
		const text = `#${session.webServerUrl}|${session.userName}|${session.application ?? ''}|en-US|`;
		const xfBytes = Buffer.concat([HEADER, Buffer.from(text, 'utf8'), randomBytes(24)]).toString(
			'base64',
		);
		this.sessions.set(xfBytes, session);
		return xfBytes;
	}

	get(xfBytes: string): Session | undefined {
		return this.sessions.get(xfBytes);
	}

	clear(): void {
		this.sessions.clear();
	}
}
