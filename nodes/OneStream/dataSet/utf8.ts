const HIGH_BITS = 0x80808080;

/**
 * Whether `bytes` are well-formed UTF-8 (what a fatal decoder accepts: no overlong forms, no
 * surrogates, nothing past U+10FFFF). ASCII runs are passed four bytes at a time through an aligned
 * 32-bit view of the same memory. Written out because n8n's nodes may not import `node:buffer`'s
 * native `isUtf8`, and a fatal TextDecoder builds the whole string only to drop it.
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
	const length = bytes.length;
	// Word w covers bytes [head + 4w, head + 4w + 4).
	const head = (4 - (bytes.byteOffset & 3)) & 3;
	const wordCount = length > head ? (length - head) >>> 2 : 0;
	const words =
		wordCount === 0
			? new Uint32Array(0)
			: new Uint32Array(bytes.buffer, bytes.byteOffset + head, wordCount);
	let i = 0;
	while (i < length) {
		const lead = bytes[i];
		if (lead < 0x80) {
			i++;
			const fromHead = i - head;
			if (fromHead >= 0 && (fromHead & 3) === 0) {
				let w = fromHead >>> 2;
				while (w < wordCount && (words[w] & HIGH_BITS) === 0) w++;
				i = head + (w << 2);
			}
			continue;
		}
		// The range of the second byte depends on the lead; later ones are 0x80–0xBF.
		let needed: number;
		let low = 0x80;
		let high = 0xbf;
		if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
		else if (lead >= 0xe0 && lead <= 0xef) {
			needed = 2;
			if (lead === 0xe0) low = 0xa0;
			else if (lead === 0xed) high = 0x9f;
		} else if (lead >= 0xf0 && lead <= 0xf4) {
			needed = 3;
			if (lead === 0xf0) low = 0x90;
			else if (lead === 0xf4) high = 0x8f;
		} else return false;
		if (i + needed >= length) return false;
		const second = bytes[i + 1];
		if (second < low || second > high) return false;
		for (let k = 2; k <= needed; k++) {
			const next = bytes[i + k];
			if (next < 0x80 || next > 0xbf) return false;
		}
		i += needed + 1;
	}
	return true;
}
