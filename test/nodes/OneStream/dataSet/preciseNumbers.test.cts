/** Numbers a JavaScript number cannot hold exactly, kept as text of OneStream's digits on request. */
import { quoteImpreciseNumbers } from '../../../../nodes/OneStream/dataSet/preciseNumbers';

function quoted(json: string): string {
	return quoteImpreciseNumbers(Buffer.from(json, 'utf8')).toString('utf8');
}

it.each<[string, string]>([
	['{"id":9007199254740993}', '{"id":"9007199254740993"}'],
	['{"id":-12345678901234567890}', '{"id":"-12345678901234567890"}'],
	['{"x":0.12345678901234567}', '{"x":"0.12345678901234567"}'],
	['{"x":1E400,"y":-1e309}', '{"x":"1E400","y":"-1e309"}'],
	['{"a":1,"b":[9007199254740993,2]}', '{"a":1,"b":["9007199254740993",2]}'],
])('turns %s into %s', (json, expected) => {
	expect(quoted(json)).toBe(expected);
	// …so that parsing keeps every digit.
	expect(JSON.stringify(JSON.parse(quoted(json)))).toBe(expected);
});

it.each([
	'{"a":3302363.50,"b":-0,"c":0.000001,"d":123456789012345,"e":1.5e300,"f":9007199254740991}',
	'{"s":"12345678901234567890 in a string","t":"\\"9007199254740993\\""}',
	'{"n":null,"t":true}',
])('leaves numbers that parse exactly, and strings, as they are: %s', (json) => {
	const bytes = Buffer.from(json, 'utf8');
	expect(quoteImpreciseNumbers(bytes)).toBe(bytes);
});
