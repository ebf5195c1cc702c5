import type { IDataObject } from 'n8n-workflow';

import { OneStreamError } from './errors';

/**
 * The cubes in an `Analytics/GetCubeList` answer: observed as a JSON list of names; a list of rows,
 * or an envelope's `DataResult`, is taken too. Each cube as `{ CubeName }` (rows as they are).
 */
export function cubesOf(answer: IDataObject | unknown[], subject: string): IDataObject[] {
	const list = Array.isArray(answer) ? answer : answer.DataResult;
	if (!Array.isArray(list)) {
		throw new OneStreamError(
			`OneStream's answer for ${subject} is not a list of cubes`,
			`It has these fields: ${Object.keys(answer).slice(0, 10).join(', ') || 'none'}. Expected a list of cube names (Analytics/GetCubeList, platform 8.2 or later).`,
		);
	}
	return list.map((entry) =>
		typeof entry === 'string'
			? { CubeName: entry }
			: entry !== null && typeof entry === 'object' && !Array.isArray(entry)
				? (entry as IDataObject)
				: { CubeName: String(entry) },
	);
}

/** The name of a cube from {@link cubesOf}: its CubeName, else its first text value. */
export function cubeNameOf(cube: IDataObject): string {
	const name = cube.CubeName ?? cube.Name ?? Object.values(cube).find((v) => typeof v === 'string');
	return typeof name === 'string' ? name : '';
}
