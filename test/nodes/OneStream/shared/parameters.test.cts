/**
 * Parameters that moved or changed unit keep the values of workflows saved before: a duration in
 * minutes or seconds still reads a value saved in milliseconds, and an option that moved into
 * Options still reads the top-level value.
 */
import { readTimeout, resultTableName, retryDelay } from '../../../../nodes/OneStream/read/request';
import type { GetParameter } from '../../../../nodes/OneStream/shared/parameters';
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	itemParameters,
	objectParameters,
	optionsProperty,
} from '../../../../nodes/OneStream/shared/parameters';

/** Saved parameters as n8n hands them to the node (`options.x` paths into the collection). */
function saved(values: Record<string, unknown>): GetParameter {
	return (path) => {
		const [head, tail] = path.split('.');
		const value = values[head];
		if (tail === undefined) return value ?? null;
		return typeof value === 'object' && value !== null
			? ((value as Record<string, unknown>)[tail] ?? null)
			: null;
	};
}

describe('a duration in the unit a person reads, in milliseconds for the node', () => {
	it.each<[string, Record<string, unknown>, number]>([
		['the default', {}, 600_000],
		['in seconds', { options: { timeoutSeconds: 30 } }, 30_000],
		['saved in milliseconds before the change', { options: { timeout: 45_000 } }, 45_000],
		['in both: the new option wins', { options: { timeoutSeconds: 30, timeout: 45_000 } }, 30_000],
	])('reads the Timeout %s', (_label, values, ms) => {
		expect(readTimeout.get(saved(values))).toBe(ms);
	});

	it('takes fractions of a second for the retry delay, and its saved milliseconds', () => {
		expect(retryDelay.get(saved({ options: { retryDelaySeconds: 0.25 } }))).toBe(250);
		expect(retryDelay.get(saved({ options: { retryDelay: 10 } }))).toBe(10);
		expect(retryDelay.get(saved({}))).toBe(500);
	});

	it('tells whether a workflow sets it, in either form', () => {
		expect(readTimeout.isSetIn({ timeoutSeconds: 5 })).toBe(true);
		expect(readTimeout.isSetIn({ timeout: 5000 })).toBe(true);
		expect(readTimeout.isSetIn({ maxRetries: 1 })).toBe(false);
		expect(readTimeout.isSetIn(undefined)).toBe(false);
	});

	it('keeps a hidden entry for the saved milliseconds in the Options collection', () => {
		const options = optionsProperty([readTimeout]).options as Array<{ name: string; type: string }>;
		expect(options.map((option) => [option.name, option.type])).toEqual([
			['timeoutSeconds', 'number'],
			['timeout', 'hidden'],
		]);
	});
});

describe('Result Table Name, moved into Options', () => {
	it('is read from Options, else from the top level where it was saved, else Results', () => {
		expect(resultTableName.get(saved({ options: { resultTableName: 'A' } }))).toBe('A');
		expect(resultTableName.get(saved({ resultTableName: 'B' }))).toBe('B');
		expect(
			resultTableName.get(saved({ resultTableName: 'B', options: { resultTableName: 'A' } })),
		).toBe('A');
		expect(resultTableName.get(objectParameters({}))).toBe('Results');
		expect(resultTableName.savedBeforeProperty).toMatchObject({
			name: 'resultTableName',
			type: 'hidden',
		});
	});
});

describe("an item's parameters", () => {
	/** A context whose getNodeParameter answers from `values` and records each path it is asked. */
	function context(values: Record<string, unknown>, asked: string[]): IExecuteFunctions {
		const read = saved(values);
		return {
			getNodeParameter: (path: string, _item: number, fallback: unknown) => {
				asked.push(path);
				return path.includes('.') ? (read(path) ?? fallback) : (values[path] ?? fallback);
			},
		} as unknown as IExecuteFunctions;
	}

	it('reads the Options collection once for all its entries, and other parameters each', () => {
		const asked: string[] = [];
		const parameters = itemParameters(
			context({ adapterName: 'GL', options: { timeoutSeconds: 30, maxRows: 5 } }, asked),
			0,
		);
		expect(parameters('options.timeoutSeconds')).toBe(30);
		expect(parameters('options.maxRows')).toBe(5);
		expect(parameters('options.fileName')).toBeNull();
		expect(parameters('adapterName')).toBe('GL');
		expect(parameters('workspaceName')).toBeNull();
		expect(asked).toEqual(['options', 'adapterName', 'workspaceName']);
	});

	it('reads an option that takes its value from a resource locator on its own', () => {
		const asked: string[] = [];
		const parameters = itemParameters(context({ options: { cube: 'Houston' } }, asked), 2);
		expect(parameters('options.cube', { extractValue: true })).toBe('Houston');
		expect(asked).toEqual(['options.cube']);
	});

	it('reads no option when the collection is not an object', () => {
		const parameters = itemParameters(context({ options: 'not a collection' }, []), 0);
		expect(parameters('options.timeoutSeconds')).toBeNull();
	});
});
