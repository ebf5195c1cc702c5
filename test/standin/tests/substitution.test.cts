import { parseSubstitutionVariables } from '../index.cjs';
import { fillPlaceholders, getVariable } from '../substitution.cjs';

describe('parseSubstitutionVariables', () => {
	it('parses the documented bracketed form', () => {
		expect(parseSubstitutionVariables('pScenario=[Actual],pTime=[2026M6]')).toEqual({
			pScenario: 'Actual',
			pTime: '2026M6',
		});
	});

	it('parses the unbracketed form clients also send, trimming names and values', () => {
		expect(parseSubstitutionVariables(' prm_entity = Entity1 , pTime=2026M1')).toEqual({
			prm_entity: 'Entity1',
			pTime: '2026M1',
		});
	});

	it('keeps a comma inside brackets in the value (invented rule)', () => {
		expect(parseSubstitutionVariables('pList=[A,B,C],pNext=[x]')).toEqual({
			pList: 'A,B,C',
			pNext: 'x',
		});
	});

	it('keeps spaces and unicode inside brackets', () => {
		expect(parseSubstitutionVariables('pEntity=[ Acme Österreich ]')).toEqual({
			pEntity: ' Acme Österreich ',
		});
	});

	it('handles nested brackets, empty values, items without "=" and a trailing comma', () => {
		expect(parseSubstitutionVariables('a=[x[1]y],b=[],junk,c=,d=[v],')).toEqual({
			a: 'x[1]y',
			b: '',
			c: '',
			d: 'v',
		});
	});

	it('treats text after a closing bracket as part of an unbracketed value', () => {
		expect(parseSubstitutionVariables('a=[x]y,b=1')).toEqual({ a: '[x]y', b: '1' });
	});

	it('lets an unclosed bracket run to the end', () => {
		expect(parseSubstitutionVariables('a=1,b=[open, still open')).toEqual({
			a: '1',
			b: 'open, still open',
		});
	});

	it('returns an empty map for an empty string and keeps the last of repeated names', () => {
		expect(parseSubstitutionVariables('')).toEqual({});
		expect(parseSubstitutionVariables('a=[1],a=[2]')).toEqual({ a: '2' });
	});
});

describe('|!name!| placeholders', () => {
	it('fills placeholders case-insensitively and reports the unfilled ones', () => {
		const result = fillPlaceholders(
			"WHERE Entity = '|!pEntity!|' AND Time = '|!PTIME!|' AND x = '|!missing!|'",
			{ pentity: 'Acme UK', pTime: '2026M2' },
		);
		expect(result.text).toBe("WHERE Entity = 'Acme UK' AND Time = '2026M2' AND x = '|!missing!|'");
		expect(result.unresolved).toEqual(['missing']);
	});

	it('looks variables up case-insensitively', () => {
		expect(getVariable({ Currency: 'EUR' }, 'currency')).toBe('EUR');
		expect(getVariable({ Currency: 'EUR' }, 'Rate')).toBeUndefined();
	});
});
