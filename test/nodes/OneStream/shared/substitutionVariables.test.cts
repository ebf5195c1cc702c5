/**
 * Substitution variables: reading the fixedCollection, the documented wire format (checked against
 * the stand-in's independent parser), the refusals, and unfilled |!placeholders!|.
 */
import { OneStreamError } from '../../../../nodes/OneStream/shared/errors';
import {
	formatSubstitutionVariables,
	getSubstitutionVariables,
	parseSubstitutionVariables,
	unfilledPlaceholders,
} from '../../../../nodes/OneStream/shared/substitutionVariables';
import { objectParameters } from '../../../../nodes/OneStream/shared/parameters';
import { parseSubstitutionVariables as standInParse } from '../../../standin/index.cjs';

function refusal(action: () => unknown): OneStreamError {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(OneStreamError);
		expect((error as OneStreamError).source).toBe('input');
		return error as OneStreamError;
	}
	throw new Error('expected an input error');
}

describe('parseSubstitutionVariables', () => {
	it.each([undefined, null, 'x', 42, {}, { variable: 'nope' }, { variable: [] }])(
		'reads %p as no variables',
		(raw) => {
			expect(parseSubstitutionVariables(raw)).toEqual([]);
		},
	);

	it('trims names, keeps values as typed, turns numbers and booleans into text and null into empty', () => {
		expect(
			parseSubstitutionVariables({
				variable: [
					{ name: ' pScenario ', value: ' Actual ' },
					{ name: 'pYear', value: 2026 },
					{ name: 'pFlag', value: true },
					{ name: 'pNone', value: null },
					{ name: 'pMissing' },
				],
			}),
		).toEqual([
			{ name: 'pScenario', value: ' Actual ' },
			{ name: 'pYear', value: '2026' },
			{ name: 'pFlag', value: 'true' },
			{ name: 'pNone', value: '' },
			{ name: 'pMissing', value: '' },
		]);
	});

	it('refuses a row without a name, saying which row', () => {
		expect(
			refusal(() =>
				parseSubstitutionVariables({
					variable: [
						{ name: 'a', value: '1' },
						{ name: '  ', value: '2' },
					],
				}),
			).message,
		).toBe('Substitution variable 2 has no name');
	});

	it.each(['p Scenario', 'p=1', 'a,b', '[p]', '{p}', '|!p!|', 'p\tq'])(
		'refuses the name %p',
		(name) => {
			const error = refusal(() => parseSubstitutionVariables({ variable: [{ name, value: 'x' }] }));
			expect(error.message).toContain('invalid name');
			expect(error.description).toContain('|!pScenario!|');
		},
	);

	it('refuses the same name twice, ignoring case', () => {
		const error = refusal(() =>
			parseSubstitutionVariables({
				variable: [
					{ name: 'pTime', value: '1' },
					{ name: 'PTIME', value: '2' },
				],
			}),
		);
		expect(error.message).toContain('set twice');
		expect(error.description).toContain('pTime');
		expect(error.description).toContain('PTIME');
	});
});

describe('formatSubstitutionVariables', () => {
	it('writes the documented Name=[Value],Name2=[Value2] form', () => {
		expect(
			formatSubstitutionVariables(
				[
					{ name: 'pScenario', value: 'Actual' },
					{ name: 'pTime', value: '2026M3' },
				],
				{ allowCommasInValues: false },
			),
		).toBe('pScenario=[Actual],pTime=[2026M3]');
		expect(formatSubstitutionVariables([], { allowCommasInValues: false })).toBe('');
	});

	it.each(['a[b', 'a]b', '[x]'])('refuses a value with a bracket (%p)', (value) => {
		expect(
			refusal(() =>
				formatSubstitutionVariables([{ name: 'p', value }], { allowCommasInValues: true }),
			).message,
		).toContain('square bracket');
	});

	it.each(['a\nb', 'a\r\nb', 'a\rb'])('refuses a value with a line break (%p)', (value) => {
		expect(
			refusal(() =>
				formatSubstitutionVariables([{ name: 'p', value }], { allowCommasInValues: true }),
			).message,
		).toContain('line break');
	});

	it('refuses a comma unless commas are allowed', () => {
		const error = refusal(() =>
			formatSubstitutionVariables([{ name: 'pList', value: 'a,b' }], {
				allowCommasInValues: false,
			}),
		);
		expect(error.message).toContain('comma');
		expect(error.description).toContain('Allow Commas in Values');
		expect(
			formatSubstitutionVariables([{ name: 'pList', value: 'a,b' }], { allowCommasInValues: true }),
		).toBe('pList=[a,b]');
	});

	// The stand-in's parser is written from the documentation, independently of the node: whatever
	// the node sends must come back as exactly the variables it was given.
	it.each<Array<{ name: string; value: string }>>([
		[{ name: 'pScenario', value: 'Actual' }],
		[
			{ name: 'pEmpty', value: '' },
			{ name: 'pSpace', value: '  padded  ' },
		],
		[
			{ name: 'pEq', value: 'a=b=c' },
			{ name: 'pPipes', value: '|!x!|' },
		],
		[
			{ name: 'pUnicode', value: 'Zürich – 東京 🚀' },
			{ name: 'pQuote', value: `it's "quoted"` },
		],
		[
			{ name: 'pBraces', value: '{a}{b}' },
			{ name: 'pTab', value: 'a\tb' },
		],
	])('round-trips through the stand-in parser: %j', (...variables) => {
		const text = formatSubstitutionVariables(variables, { allowCommasInValues: false });
		const parsed = standInParse(text);
		expect(parsed).toEqual(Object.fromEntries(variables.map(({ name, value }) => [name, value])));
	});

	it('round-trips a comma value when allowed (the stand-in keeps a bracketed value whole)', () => {
		const variables = [
			{ name: 'pList', value: 'Acme US,Acme UK' },
			{ name: 'pNext', value: 'x' },
		];
		expect(
			standInParse(formatSubstitutionVariables(variables, { allowCommasInValues: true })),
		).toEqual({ pList: 'Acme US,Acme UK', pNext: 'x' });
	});
});

describe('unfilledPlaceholders', () => {
	const variables = [{ name: 'pScenario', value: 'Actual' }];

	it('lists the placeholders no variable fills, once each, ignoring case for filled ones', () => {
		expect(
			unfilledPlaceholders(
				"WHERE s = '|!PSCENARIO!|' AND t = '|!pTime!|' OR t2 = '|!pTime!|' AND e = |!pEntity!|",
				variables,
			),
		).toEqual(['pTime', 'pEntity']);
	});

	it('finds none in text without placeholders or with filled ones only', () => {
		expect(unfilledPlaceholders('SELECT 1', variables)).toEqual([]);
		expect(unfilledPlaceholders('|!pScenario!|', variables)).toEqual([]);
	});

	it('does not treat malformed markers as placeholders', () => {
		expect(unfilledPlaceholders('|!a b!| |! !| |!!| |!x', [])).toEqual([]);
	});
});

describe('Substitution Variables (JSON), the form an AI agent fills', () => {
	const reading = (parameters: Record<string, unknown>) =>
		getSubstitutionVariables(objectParameters(parameters));

	it.each<[string, unknown]>([
		['as text', '{"pEntity": "Houston", "pYear": 2026}'],
		['as the object an expression gives', { pEntity: 'Houston', pYear: 2026 }],
	])('is read %s, instead of the list', (_label, json) => {
		const variables = reading({
			substitutionVariablesJson: json,
			substitutionVariables: { variable: [{ name: 'pIgnored', value: 'x' }] },
		});
		expect(variables.text).toBe('pEntity=[Houston],pYear=[2026]');
	});

	it('leaves the list in charge when it is empty or blank', () => {
		for (const json of [undefined, '', '   ']) {
			expect(
				reading({
					substitutionVariablesJson: json,
					substitutionVariables: { variable: [{ name: 'pScenario', value: 'Actual' }] },
				}).text,
			).toBe('pScenario=[Actual]');
		}
	});

	it.each<[string, unknown, RegExp]>([
		[
			'not JSON',
			'{pEntity: Houston}',
			/must be a JSON object of names and values, not "\{pEntity: Houston\}"/,
		],
		['a list', '["Houston"]', /must be a JSON object/],
		['a name with a space', '{"p Entity": "Houston"}', /has an invalid name: "p Entity"/],
		['an object as a value', '{"pEntity": {"a": 1}}', /must be text or a number, not an object/],
		['a bracket in a value', '{"pEntity": "[Houston]"}', /contains a square bracket/],
	])('refuses %s, as the list would', (_label, json, message) => {
		expect(refusal(() => reading({ substitutionVariablesJson: json })).message).toMatch(message);
	});
});
