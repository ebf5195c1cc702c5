/**
 * Scrubbing the PAT from text that may reach users: exact echoes, and echoes in any case,
 * JSON-escaped, URL-encoded, base64-encoded, line-wrapped or cut off; and clipping.
 */
import { clip, FRAGMENT_LENGTH, redact } from '../../../../nodes/OneStream/shared/redaction';

const PAT = 'LeakCanaryQ7x2Vm9Kd4Rt8Wn3Hj6Bp1Zs5Lf0Gc7Ye4Ua9Tx2-Mq8Nv3Jk6Rd1Wb5Ph0';

/** Whether any FRAGMENT_LENGTH-character run of the PAT (any case) is left in the text. */
function leaks(text: string): boolean {
	const lower = text.toLowerCase();
	for (let i = 0; i + FRAGMENT_LENGTH <= PAT.length; i++) {
		if (lower.includes(PAT.slice(i, i + FRAGMENT_LENGTH).toLowerCase())) return true;
	}
	return false;
}

function jsonEscapeOneLetter(text: string, at: number): string {
	return `${text.slice(0, at)}\\u${text.charCodeAt(at).toString(16).padStart(4, '0')}${text.slice(at + 1)}`;
}

describe('redact', () => {
	it.each<[string, string]>([
		['an exact echo', `Bearer ${PAT} is not valid`],
		['an echo in lower case', `token ${PAT.toLowerCase()} refused`],
		['an echo in upper case', `TOKEN ${PAT.toUpperCase()}`],
		[
			'an echo with one JSON-escaped letter',
			`{"Message":"bad token ${jsonEscapeOneLetter(PAT, 10)}"}`,
		],
		[
			'an echo with every letter JSON-escaped',
			[...PAT].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
		],
		[
			'a URL-encoded echo',
			`https://host/?t=${[...PAT].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}`,
		],
		['a partly URL-encoded echo', `next=${PAT.slice(0, 20)}%2D${PAT.slice(21)}`],
		['a base64 echo', `Basic ${Buffer.from(`user:${PAT}`).toString('base64')}`],
		['a base64 echo of the token alone', Buffer.from(PAT).toString('base64')],
		['a base64 echo after two bytes', Buffer.from(`ab${PAT}`).toString('base64')],
		[
			'a line-wrapped echo in 40-character pieces',
			`token:\n${PAT.slice(0, 40)}\n${PAT.slice(40)}\n`,
		],
		[
			'a wrapped echo with CRLF and indentation',
			`${PAT.slice(0, 20)}\r\n    ${PAT.slice(20, 40)}\r\n    ${PAT.slice(40)}`,
		],
		[
			'a cut-off body holding all but the last character',
			`{"Detail":"Authorization: Bearer ${PAT.slice(0, -1)}`,
		],
		['a cut-off body holding the first 8 characters', `...Bearer ${PAT.slice(0, 8)}`],
		['the last 8 characters', `${PAT.slice(-8)}"}`],
		['a fragment in the middle', `x ${PAT.slice(20, 31)} y`],
		[
			'an echo with two letters changed',
			`${PAT.slice(0, 12)}X${PAT.slice(13, 40)}Y${PAT.slice(41)}`,
		],
		['several echoes', `${PAT} and ${PAT.toLowerCase()} and ${PAT.slice(5, 25)}`],
	])('scrubs %s', (_label, text) => {
		const scrubbed = redact(text, PAT);
		expect(leaks(scrubbed)).toBe(false);
		expect(scrubbed).toContain('[redacted]');
	});

	it('leaves text without the token as it is', () => {
		for (const text of [
			'',
			'short',
			'Data Management Sequence Nightly was completed',
			'ÜñïçødÉ text 🚀, with "quotes" and \\u0041 escapes %20',
		]) {
			expect(redact(text, PAT)).toBe(text);
		}
	});

	it('keeps the text around an echo', () => {
		expect(redact(`before ${PAT} after`, PAT)).toBe('before [redacted] after');
		expect(redact(`a ${PAT.slice(0, 30)}\n${PAT.slice(30)} b`, PAT)).toBe('a [redacted] b');
	});

	it('keeps runs shorter than a fragment', () => {
		const seven = PAT.slice(3, 3 + FRAGMENT_LENGTH - 1);
		expect(redact(`x ${seven} y`, PAT)).toBe(`x ${seven} y`);
	});

	it('does nothing for a secret shorter than a fragment (such tokens are refused earlier)', () => {
		expect(redact('abc abc', 'abc')).toBe('abc abc');
	});
});

describe('clip', () => {
	it('collapses whitespace and caps the length', () => {
		expect(clip('  a \n\t b  ')).toBe('a b');
		expect(clip('x'.repeat(600))).toBe(`${'x'.repeat(500)}…`);
		expect(clip('abcdef', 3)).toBe('abc…');
	});
});
