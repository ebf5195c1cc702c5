/**
 * Parameters that moved or changed unit keep the values of workflows saved before: a duration in
 * minutes or seconds still reads a value saved in milliseconds, and an option that moved into
 * Options still reads the top-level value.
 */
import { readTimeout, resultTableName, retryDelay } from '../../../../nodes/OneStream/read/request';
import type { GetParameter } from '../../../../nodes/OneStream/shared/parameters';
import type {
	IDataObject,
	IExecuteFunctions,
	IGetNodeParameterOptions,
	INodeParameters,
	INodeProperties,
} from 'n8n-workflow';

import { OneStream } from '../../../../nodes/OneStream/OneStream.node';
import { OneStreamTrigger } from '../../../../nodes/OneStream/OneStreamTrigger.node';
import {
	applicationName,
	itemParameters,
	objectParameters,
	optionsProperty,
	parameter,
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
	interface Asked {
		path: string;
		options?: IGetNodeParameterOptions;
	}

	/**
	 * A context holding `values` as the node's saved parameters. Its getNodeParameter records each
	 * read it is asked for and "resolves" an expression `=x` to `x!` (n8n's own is tested below).
	 */
	function context(values: INodeParameters, asked: Asked[], copies = { count: 0 }) {
		const resolve = (value: unknown): unknown => {
			if (typeof value === 'string') return value.startsWith('=') ? `${value.slice(1)}!` : value;
			if (Array.isArray(value)) return value.map(resolve);
			if (typeof value === 'object' && value !== null)
				return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
			return value;
		};
		const read = saved(values);
		return {
			getNode: () => {
				copies.count++;
				return { parameters: structuredClone(values) };
			},
			getNodeParameter: (
				path: string,
				_item: number,
				fallback: unknown,
				options?: IGetNodeParameterOptions,
			) => {
				asked.push(options ? { path, options } : { path });
				const value = path.includes('.') ? read(path) : values[path];
				return value === undefined || value === null ? fallback : resolve(value);
			},
		} as unknown as IExecuteFunctions;
	}

	it('takes a saved value with no expression in it as saved, without asking n8n', () => {
		const asked: Asked[] = [];
		const parameters = itemParameters(
			context(
				{
					adapterName: 'GL',
					limit: 5,
					flag: false,
					options: { timeoutSeconds: 30, maxRows: 5 },
					substitutionVariables: { variable: [{ name: 'pTime', value: '2026M1' }] },
				},
				asked,
			),
			0,
		);
		expect(parameters('adapterName')).toBe('GL');
		expect(parameters('limit')).toBe(5);
		expect(parameters('flag')).toBe(false);
		expect(parameters('workspaceName')).toBeNull();
		expect(parameters('options.timeoutSeconds')).toBe(30);
		expect(parameters('options.fileName')).toBeNull();
		expect(parameters('substitutionVariables')).toEqual({
			variable: [{ name: 'pTime', value: '2026M1' }],
		});
		expect(asked).toEqual([]);
	});

	it('asks n8n for a value with an expression anywhere in it, and for Options once', () => {
		const asked: Asked[] = [];
		const parameters = itemParameters(
			context(
				{
					adapterName: '=GL',
					options: { timeoutSeconds: 30, fileName: '=export.csv' },
					substitutionVariables: { variable: [{ name: 'pTime', value: '={{ $json.t }}' }] },
				},
				asked,
			),
			0,
		);
		expect(parameters('adapterName')).toBe('GL!');
		expect(parameters('options.timeoutSeconds')).toBe(30);
		expect(parameters('options.fileName')).toBe('export.csv!');
		expect(parameters('substitutionVariables')).toEqual({
			variable: [{ name: 'pTime', value: '{{ $json.t }}!' }],
		});
		expect(asked.map((read) => read.path)).toEqual([
			'adapterName',
			'options',
			'substitutionVariables',
		]);
		// n8n's schema check acts on nothing the node declares (see below): every read skips it.
		expect(asked.every((read) => read.options?.skipValidation === true)).toBe(true);
	});

	it("hands out copies: a change to one item's list reaches no other read", () => {
		const parameters = itemParameters(
			context({ substitutionVariables: { variable: [{ name: 'a', value: 'b' }] } }, []),
			0,
		);
		const first = parameters('substitutionVariables') as { variable: IDataObject[] };
		first.variable[0].value = 'changed';
		first.variable.push({ name: 'c', value: 'd' });
		expect(parameters('substitutionVariables')).toEqual({ variable: [{ name: 'a', value: 'b' }] });
	});

	it("copies the node's saved parameters from n8n once for all items", () => {
		const copies = { count: 0 };
		const ctx = context({ adapterName: 'GL' }, [], copies);
		for (let item = 0; item < 3; item++)
			expect(itemParameters(ctx, item)('adapterName')).toBe('GL');
		expect(copies.count).toBe(1);
	});

	it("reads a resource locator's value, resolved by n8n when it is an expression", () => {
		const asked: Asked[] = [];
		const byName = { __rl: true, mode: 'name', value: 'GolfStream' };
		expect(
			applicationName.get(itemParameters(context({ applicationName: byName }, asked), 0)),
		).toBe('GolfStream');
		expect(asked).toEqual([]);
		const fromExpression = { __rl: true, mode: 'name', value: '=Golf' };
		expect(
			applicationName.get(itemParameters(context({ applicationName: fromExpression }, asked), 0)),
		).toBe('Golf!');
		expect(asked.map((read) => read.path)).toEqual(['applicationName']);
		// Saved as plain text by workflows from before the lists.
		expect(applicationName.get(objectParameters({ applicationName: 'Old' }))).toBe('Old');
	});

	it('leaves a locator whose mode extracts by a pattern to n8n', () => {
		const asked: Asked[] = [];
		const byUrl = parameter(
			{
				...applicationName.property,
				modes: [
					{
						displayName: 'By URL',
						name: 'url',
						type: 'string',
						extractValue: { type: 'regex', regex: 'app/([A-Za-z]+)' },
					},
				],
			},
			(raw) => String(raw),
			{ extractValue: true },
		);
		const value = { __rl: true, mode: 'url', value: 'https://x/app/Golf' };
		byUrl.get(itemParameters(context({ applicationName: value }, asked), 0));
		expect(asked).toEqual([
			{ path: 'applicationName', options: { extractValue: true, skipValidation: true } },
		]);
	});
});

describe("what n8n's schema check would act on", () => {
	/** Every property of a description, with the entries of its collections. */
	function allProperties(properties: INodeProperties[]): INodeProperties[] {
		return properties.flatMap((property) => [
			property,
			...(property.options ?? []).flatMap((option) => {
				if ('values' in option) return allProperties(option.values);
				return 'type' in option ? allProperties([option as INodeProperties]) : [];
			}),
		]);
	}

	it.each([
		['OneStream', new OneStream()],
		['OneStream Trigger', new OneStreamTrigger()],
	])('%s declares none of it, so reading with skipValidation changes nothing', (_name, node) => {
		const properties = allProperties(node.description.properties);
		expect(properties.length).toBeGreaterThan(40);
		expect(properties.filter((property) => property.validateType !== undefined)).toEqual([]);
		expect(properties.filter((property) => property.type === 'resourceMapper')).toEqual([]);
	});
});
