/** The UTF-8 check of row bytes bound for files, against the platform's fatal decoder. */
import { isValidUtf8 } from '../../../../nodes/OneStream/dataSet/utf8';

const FATAL = new TextDecoder('utf-8', { fatal: true });

function decoderAccepts(bytes: Uint8Array): boolean {
	try {
		FATAL.decode(bytes);
		return true;
	} catch {
		return false;
	}
}

/** A deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1103515245 + 12345) & 0x7fffffff;
		return state / 0x80000000;
	};
}

const EDGES = [
	0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed,
	0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff,
];

it('agrees with a fatal TextDecoder on every one- and two-byte sequence and on sequences around each edge', () => {
	for (let a = 0; a < 256; a++) {
		expect(isValidUtf8(Uint8Array.of(a))).toBe(decoderAccepts(Uint8Array.of(a)));
		for (let b = 0; b < 256; b++) {
			const pair = Uint8Array.of(a, b);
			if (isValidUtf8(pair) !== decoderAccepts(pair)) throw new Error(`differs on ${a},${b}`);
		}
	}
	for (const a of EDGES)
		for (const b of EDGES)
			for (const c of EDGES)
				for (const d of EDGES) {
					const bytes = Uint8Array.of(a, b, c, d);
					if (isValidUtf8(bytes) !== decoderAccepts(bytes))
						throw new Error(`differs on ${[a, b, c, d].join(',')}`);
				}
});

it('agrees with it on mixed text at every alignment of a shared buffer (the ASCII words)', () => {
	const next = random(7);
	const pieces = ['a', 'abcdefgh', 'é', '€', '😀', ' ', '"', '\u0000'];
	let checked = 0;
	for (let round = 0; round < 3000; round++) {
		const parts: Buffer[] = [];
		const count = 1 + Math.floor(next() * 12);
		for (let k = 0; k < count; k++) {
			if (next() < 0.15) parts.push(Buffer.from([Math.floor(next() * 256)]));
			else parts.push(Buffer.from(pieces[Math.floor(next() * pieces.length)], 'utf8'));
		}
		const text = Buffer.concat(parts);
		// The same bytes at offsets 0–3 of a larger buffer, and cut short at the end.
		for (let offset = 0; offset < 4; offset++) {
			const host = Buffer.alloc(text.length + 8, 0x41);
			text.copy(host, offset);
			for (const end of [text.length, text.length - 1]) {
				if (end < 0) continue;
				const view = host.subarray(offset, offset + end);
				expect(isValidUtf8(view)).toBe(decoderAccepts(view));
				checked++;
			}
		}
	}
	expect(checked).toBeGreaterThan(20000);
});

it('passes long ASCII runs, and finds one bad byte anywhere in them', () => {
	const ascii = Buffer.alloc(4099, 0x61);
	expect(isValidUtf8(ascii)).toBe(true);
	for (const at of [0, 1, 2, 3, 4, 1000, 4097, 4098]) {
		const bad = Buffer.from(ascii);
		bad[at] = 0xff;
		expect(isValidUtf8(bad)).toBe(false);
		expect(isValidUtf8(bad.subarray(1))).toBe(at === 0);
	}
});
