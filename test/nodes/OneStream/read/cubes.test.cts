/** The cube list as GetCubeList answers it (a list of names), or as rows or an envelope. */
import { cubeNameOf, cubesOf } from '../../../../nodes/OneStream/read/cubes';

it('takes a list of names, of rows, or an envelope’s DataResult', () => {
	expect(cubesOf(['Corporate', 'Plan'], 'x')).toEqual([
		{ CubeName: 'Corporate' },
		{ CubeName: 'Plan' },
	]);
	expect(cubesOf([{ Name: 'Corporate', Description: 'Main' }], 'x')).toEqual([
		{ Name: 'Corporate', Description: 'Main' },
	]);
	expect(cubesOf({ Status: 'Completed', DataResult: ['Corporate'] }, 'x')).toEqual([
		{ CubeName: 'Corporate' },
	]);
	expect(cubesOf([7], 'x')).toEqual([{ CubeName: '7' }]);
});

it('refuses an object without a list, naming its fields', () => {
	expect(() => cubesOf({ Cubes: 'Corporate' }, 'the cubes of "App"')).toThrow(
		'OneStream\'s answer for the cubes of "App" is not a list of cubes',
	);
});

it('names a cube by CubeName, then Name, then its first text', () => {
	expect(cubeNameOf({ CubeName: 'A', Name: 'B' })).toBe('A');
	expect(cubeNameOf({ Name: 'B' })).toBe('B');
	expect(cubeNameOf({ Id: 3, Label: 'C' })).toBe('C');
	expect(cubeNameOf({ Id: 3 })).toBe('');
});
