/**
 * The bytes of JSON's syntax, for the readers that scan an answer's bytes without decoding it
 * whole. A const enum, so that the build inlines each as a number in the hot loops.
 */
export const enum JsonByte {
	Tab = 0x09,
	LineFeed = 0x0a,
	CarriageReturn = 0x0d,
	Space = 0x20,
	Quote = 0x22,
	Plus = 0x2b,
	Comma = 0x2c,
	Minus = 0x2d,
	Dot = 0x2e,
	Zero = 0x30,
	Nine = 0x39,
	Colon = 0x3a,
	UpperE = 0x45,
	OpenBracket = 0x5b,
	Backslash = 0x5c,
	CloseBracket = 0x5d,
	LowerE = 0x65,
	OpenBrace = 0x7b,
	CloseBrace = 0x7d,
}

/** JSON's insignificant whitespace. */
export function isJsonSpace(byte: number): boolean {
	return (
		byte === JsonByte.Space ||
		byte === JsonByte.LineFeed ||
		byte === JsonByte.CarriageReturn ||
		byte === JsonByte.Tab
	);
}
