import { JsonByte } from './jsonBytes';

/** The significant digits a JavaScript number always gives back as they were. */
const SAFE_DIGITS = 15;

function isDigit(byte: number): boolean {
	return byte >= JsonByte.Zero && byte <= JsonByte.Nine;
}

/** A number literal's value as `digits e exponent`, without leading or trailing zeros. */
function canonical(text: string): string | undefined {
	const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
	if (!match) return undefined;
	const fraction = match[3] ?? '';
	let digits = (match[2] + fraction).replace(/^0+/, '');
	if (digits === '') return '0';
	let exponent = Number(match[4] ?? 0) - fraction.length;
	const trailing = digits.length - digits.replace(/0+$/, '').length;
	digits = digits.slice(0, digits.length - trailing);
	exponent += trailing;
	return `${match[1]}${digits}e${exponent}`;
}

/** Whether JSON.parse would change the value of this number literal (beyond a trailing zero). */
function losesDigits(bytes: Buffer, start: number, end: number): boolean {
	let significant = 0;
	let leading = true;
	for (let i = start; i < end; i++) {
		const byte = bytes[i];
		if (byte === JsonByte.LowerE || byte === JsonByte.UpperE) break;
		if (!isDigit(byte)) continue;
		if (leading && byte === JsonByte.Zero) continue;
		leading = false;
		significant++;
	}
	const text = bytes.toString('latin1', start, end);
	const value = Number(text);
	if (!Number.isFinite(value)) return true;
	// Up to 15 significant digits a double always gives back; beyond, compare what it gives back.
	return significant > SAFE_DIGITS && canonical(text) !== canonical(String(value));
}

/**
 * Rows' JSON bytes with every number that a JavaScript number cannot hold exactly (such as
 * integers beyond 2^53, 17-digit decimals, or values beyond ±1.8e308) turned into a string of
 * OneStream's own digits, so that parsing keeps them. Other numbers stay numbers. Returns the
 * same buffer when nothing needs it.
 */
export function quoteImpreciseNumbers(bytes: Buffer): Buffer {
	let out: Buffer[] | undefined;
	let copied = 0;
	let inString = false;
	let escaped = false;
	for (let i = 0; i < bytes.length; i++) {
		const byte = bytes[i];
		if (inString) {
			if (escaped) escaped = false;
			else if (byte === JsonByte.Backslash) escaped = true;
			else if (byte === JsonByte.Quote) inString = false;
			continue;
		}
		if (byte === JsonByte.Quote) {
			inString = true;
			continue;
		}
		if (byte !== JsonByte.Minus && !isDigit(byte)) continue;
		let end = i + 1;
		while (end < bytes.length && (isDigit(bytes[end]) || isNumberPart(bytes[end]))) end++;
		if (losesDigits(bytes, i, end)) {
			out ??= [];
			out.push(bytes.subarray(copied, i), QUOTE, bytes.subarray(i, end), QUOTE);
			copied = end;
		}
		i = end - 1;
	}
	if (!out) return bytes;
	out.push(bytes.subarray(copied));
	return Buffer.concat(out);
}

const QUOTE = Buffer.from('"');

function isNumberPart(byte: number): boolean {
	return (
		byte === JsonByte.Dot ||
		byte === JsonByte.LowerE ||
		byte === JsonByte.UpperE ||
		byte === JsonByte.Plus ||
		byte === JsonByte.Minus
	);
}
