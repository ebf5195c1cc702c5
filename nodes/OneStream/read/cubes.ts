import type { IDataObject } from 'n8n-workflow';

import { OneStreamError } from '../shared/errors';
import type { CallLimits } from '../transport/types';
import type { OneStreamReader } from './reader';

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

/**
 * The application's cubes, from `Analytics/GetCubeList` in its 7.2.0 session (OneStream platform
 * 8.2 or later), for Cube › Get Many and the Cube pick list.
 */
export async function readCubeList(
	reader: OneStreamReader,
	applicationName: string,
	limits: CallLimits,
): Promise<IDataObject[]> {
	const session = await reader.applicationSession(applicationName, limits);
	const subject = `the cubes of application "${applicationName}"`;
	const answer = await reader.jsonList({
		endpoint: 'Analytics/GetCubeList',
		apiVersion: '7.2.0',
		subject,
		body: { IsSystemLevel: 'False', SI: session },
		...limits,
	});
	return cubesOf(answer, subject);
}
