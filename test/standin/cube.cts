/**
 * The stand-in's cubes for the `Analytics/*` routes: a few dimensions with hierarchies, member
 * properties, and a cell generator that computes any cell of a filter's cross product by its
 * index, so that millions of cells are paged without ever being held.
 *
 * Observed (OneStream's Power BI connector): the route names, the body fields, the cell columns
 * (Entity, Consolidation, Scenario, Time, Time_StartDate, Time_EndDate, View, Account, Flow,
 * Origin, IC, UD1..UD8, CellValue, and *_Desc with descriptions). Invented here: the cubes and
 * members, the hierarchy and property columns, the member-filter subset understood, the values.
 */
import { ApiError } from './errors.cjs';
import type { DataRow } from './types.cjs';

interface Member {
	name: string;
	description: string;
	children?: Member[];
	/** Member properties (invented names, modelled on OneStream's). */
	properties?: Record<string, string | number | boolean | null>;
}

const leaf = (name: string, description: string, properties?: Member['properties']): Member => ({
	name,
	description,
	properties,
});

/** Dimension types the routes take (`DimensionType`), with the filter prefix of each. */
export const DIMENSION_TYPES: Record<string, string> = {
	Entity: 'E',
	Consolidation: 'C',
	Scenario: 'S',
	Time: 'T',
	View: 'V',
	Account: 'A',
	Flow: 'F',
	Origin: 'O',
	IC: 'I',
	UD1: 'U1',
	UD2: 'U2',
	UD3: 'U3',
	UD4: 'U4',
	UD5: 'U5',
	UD6: 'U6',
	UD7: 'U7',
	UD8: 'U8',
};

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const PRODUCTS = 1000;
const pad = (n: number) => String(n).padStart(4, '0');

const DIMENSIONS: Record<string, Member> = {
	Entity: {
		name: 'Total_Acme',
		description: 'Acme Group',
		properties: { Currency: 'USD', IsIC: false },
		children: [
			{
				name: 'US',
				description: 'United States',
				properties: { Currency: 'USD', IsIC: false },
				children: [
					leaf('Houston', 'Houston Operations', { Currency: 'USD', IsIC: true }),
					leaf('Dallas', 'Dallas Operations', { Currency: 'USD', IsIC: true }),
					leaf('Austin', 'Austin Operations', { Currency: 'USD', IsIC: true }),
				],
			},
			{
				name: 'Europe',
				description: 'Europe',
				properties: { Currency: 'EUR', IsIC: false },
				children: [
					leaf('London', 'London Office', { Currency: 'GBP', IsIC: true }),
					leaf('Paris', 'Paris Office', { Currency: 'EUR', IsIC: true }),
				],
			},
		],
	},
	Account: {
		name: 'NetIncome',
		description: 'Net Income',
		properties: { AccountType: 'Revenue', IsConsolidated: true },
		children: [
			{
				name: 'Revenue',
				description: 'Total Revenue',
				properties: { AccountType: 'Revenue', IsConsolidated: true },
				children: [
					leaf('Sales', 'Product Sales', { AccountType: 'Revenue', IsConsolidated: true }),
					leaf('Services', 'Service Revenue', { AccountType: 'Revenue', IsConsolidated: true }),
				],
			},
			{
				name: 'Expenses',
				description: 'Total Expenses',
				properties: { AccountType: 'Expense', IsConsolidated: true },
				children: [
					leaf('COGS', 'Cost of Goods Sold', { AccountType: 'Expense', IsConsolidated: true }),
					leaf('Opex', 'Operating Expenses', { AccountType: 'Expense', IsConsolidated: true }),
				],
			},
		],
	},
	Scenario: {
		name: 'Scenarios',
		description: 'All Scenarios',
		children: [
			leaf('Actual', 'Actual', { ScenarioType: 'Actual' }),
			leaf('Budget', 'Budget', { ScenarioType: 'Budget' }),
		],
	},
	Time: {
		name: '2026',
		description: 'Year 2026',
		children: MONTHS.map((m) =>
			leaf(
				`2026M${m}`,
				new Date(Date.UTC(2026, m - 1, 1)).toLocaleString('en', {
					month: 'short',
					year: 'numeric',
					timeZone: 'UTC',
				}),
			),
		),
	},
	View: {
		name: 'Views',
		description: 'Views',
		children: [leaf('Periodic', 'Periodic'), leaf('YTD', 'Year to Date')],
	},
	Consolidation: { name: 'Local', description: 'Local currency' },
	Flow: { name: 'None', description: 'None' },
	Origin: {
		name: 'Top',
		description: 'Top',
		children: [leaf('Import', 'Import'), leaf('Forms', 'Forms')],
	},
	IC: { name: 'None', description: 'None' },
	UD1: {
		name: 'Total_Products',
		description: 'All Products',
		children: Array.from({ length: PRODUCTS }, (_, i) =>
			leaf(`P${pad(i + 1)}`, `Product ${i + 1}`, {
				Category: i % 2 === 0 ? 'Hardware' : 'Software',
			}),
		),
	},
	UD2: {
		name: 'Total_Channels',
		description: 'All Channels',
		children: ['Retail', 'Online', 'Wholesale', 'Partner', 'Direct'].map((c) =>
			leaf(c, `${c} channel`),
		),
	},
	UD3: { name: 'None', description: 'None' },
	UD4: { name: 'None', description: 'None' },
	UD5: { name: 'None', description: 'None' },
	UD6: { name: 'None', description: 'None' },
	UD7: { name: 'None', description: 'None' },
	UD8: { name: 'None', description: 'None' },
};

/** The cubes of every application (invented). AcmePlan has no product or channel detail. */
export const CUBES = ['AcmeCorp', 'AcmePlan', 'EmptyCube'];

function flatten(root: Member): Array<{ member: Member; parent: string; level: number }> {
	const out: Array<{ member: Member; parent: string; level: number }> = [];
	const walk = (member: Member, parent: string, level: number) => {
		out.push({ member, parent, level });
		for (const child of member.children ?? []) walk(child, member.name, level + 1);
	};
	walk(root, '', 0);
	return out;
}

const FLAT: Record<string, ReturnType<typeof flatten>> = Object.fromEntries(
	Object.entries(DIMENSIONS).map(([type, root]) => [type, flatten(root)]),
);

export function requireCube(name: string): string {
	if (name.trim() === '') throw new ApiError(400, 'A cube name is required.', 'CubeName is empty.');
	const cube = CUBES.find((c) => c.toLowerCase() === name.trim().toLowerCase());
	if (cube === undefined)
		throw new ApiError(
			400,
			`Invalid cube name '${name}'.`,
			`No cube '${name}' exists in this application.`,
		);
	return cube;
}

export function requireDimensionType(type: string): string {
	const found = Object.keys(DIMENSION_TYPES).find(
		(t) => t.toLowerCase() === type.trim().toLowerCase(),
	);
	if (found === undefined) {
		throw new ApiError(
			400,
			`Invalid dimension type '${type}'.`,
			`DimensionType must be one of ${Object.keys(DIMENSION_TYPES).join(', ')}.`,
		);
	}
	return found;
}

/** Hierarchy rows (invented columns): one per parent-child relationship, the root with no parent. */
export function hierarchyRows(cube: string, type: string, descriptions: boolean): DataRow[] {
	if (cube === 'EmptyCube') return [];
	return FLAT[type].map(({ member, parent, level }) => ({
		Dimension: type,
		Parent: parent === '' ? null : parent,
		Member: member.name,
		...(descriptions ? { Member_Desc: member.description } : {}),
		Level: level,
		IsBase: (member.children ?? []).length === 0,
	}));
}

/** Member-property rows (invented columns): each member once, with its properties. */
export function memberPropertyRows(cube: string, type: string, descriptions: boolean): DataRow[] {
	if (cube === 'EmptyCube') return [];
	return FLAT[type].map(({ member }) => ({
		Member: member.name,
		...(descriptions ? { Description: member.description } : {}),
		...(member.properties ?? {}),
	}));
}

/**
 * The members a filter names, in member script without a dimension token: `Houston`, `US.Base`,
 * `.Children`, `.Descendants`,
 * `.Tree`, `.Member`, and lists separated by commas. Braces, brackets and unknown members are a
 * 400, as OneStream answers an invalid member filter (its exact words are not known).
 */
export function resolveFilter(type: string, filter: string): string[] {
	const prefix = DIMENSION_TYPES[type];
	const members: string[] = [];
	for (const raw of filter.split(',')) {
		const part = raw.trim();
		if (part === '') continue;
		if (/[{}[\]]/.test(part)) {
			throw new ApiError(
				400,
				`Invalid member filter '${filter}'.`,
				`The ${type} filter has a brace or bracket: '${part}'.`,
			);
		}
		const [name, expansion = 'Member'] = part.split('.', 2);
		// OneStream's samples write member script without the token (the field names the
		// dimension). What OneStream does with one is not known; invented: refused, so that a
		// client that sends one is seen.
		if (name.includes('#')) {
			throw new ApiError(
				400,
				`Invalid member filter '${filter}'.`,
				`'${part}' has a dimension token; write the ${type} filter as member script without ${prefix}#.`,
			);
		}
		// Every OneStream dimension has a None member, outside its hierarchy.
		if (name.toLowerCase() === 'none' && expansion.toLowerCase() === 'member') {
			members.push('None');
			continue;
		}
		const found = FLAT[type].find(({ member }) => member.name.toLowerCase() === name.toLowerCase());
		if (found === undefined) {
			throw new ApiError(
				400,
				`Invalid member filter '${filter}'.`,
				`Unknown ${type} member '${name}'.`,
			);
		}
		const below = flatten(found.member);
		switch (expansion.toLowerCase()) {
			case 'member':
				members.push(found.member.name);
				break;
			case 'base':
				members.push(
					...below
						.filter(({ member }) => !member.children?.length)
						.map(({ member }) => member.name),
				);
				break;
			case 'children':
				members.push(...(found.member.children ?? []).map((c) => c.name));
				break;
			case 'descendants':
				members.push(...below.slice(1).map(({ member }) => member.name));
				break;
			case 'tree':
			case 'descendantsinclusive':
				members.push(...below.map(({ member }) => member.name));
				break;
			default:
				throw new ApiError(
					400,
					`Invalid member filter '${filter}'.`,
					`Unknown member expansion '.${expansion}'.`,
				);
		}
	}
	return [...new Set(members)];
}

export function descriptionOf(type: string, name: string): string {
	return FLAT[type].find(({ member }) => member.name === name)?.member.description ?? name;
}

const CELL_DIMENSIONS = [
	'Entity',
	'Time',
	'Account',
	'Flow',
	'Origin',
	'IC',
	'UD1',
	'UD2',
	'UD3',
	'UD4',
	'UD5',
	'UD6',
	'UD7',
	'UD8',
] as const;

/** Filter field of each cell dimension in `DataCellsFilter` (`ICFIlter` as the connector spells it). */
export const FILTER_FIELDS: Record<(typeof CELL_DIMENSIONS)[number], string> = {
	Entity: 'EntityFilter',
	Time: 'TimeFilter',
	Account: 'AccountFilter',
	Flow: 'FlowFilter',
	Origin: 'OriginFilter',
	IC: 'ICFIlter',
	UD1: 'UD1Filter',
	UD2: 'UD2Filter',
	UD3: 'UD3Filter',
	UD4: 'UD4Filter',
	UD5: 'UD5Filter',
	UD6: 'UD6Filter',
	UD7: 'UD7Filter',
	UD8: 'UD8Filter',
};

export interface CellQuery {
	cube: string;
	scenario: string;
	currency: string;
	view: string;
	descriptions: boolean;
	/** The members of each cell dimension, from its filter. */
	members: Record<(typeof CELL_DIMENSIONS)[number], string[]>;
}

export interface CellSet {
	count: number;
	rowAt(index: number): DataRow;
}

/** A deterministic value for a cell: cents, from a hash of its members. */
function cellValue(key: string): number {
	let hash = 2166136261;
	for (let i = 0; i < key.length; i++) {
		hash ^= key.charCodeAt(i);
		hash = Math.imul(hash, 16777619);
	}
	return ((hash >>> 0) % 20_000_000) / 100 - 100_000;
}

function monthBounds(time: string): [string, string] {
	const month = Number(/M(\d+)$/.exec(time)?.[1] ?? 1);
	const start = new Date(Date.UTC(2026, month - 1, 1));
	const end = new Date(Date.UTC(2026, month, 0));
	return [start.toISOString().slice(0, 10), end.toISOString().slice(0, 10)];
}

/** Every cell of the filters' cross product, by index (Entity varies slowest, UD8 fastest). */
export function cellSet(query: CellQuery): CellSet {
	const lists = CELL_DIMENSIONS.map((d) => query.members[d]);
	const count = query.cube === 'EmptyCube' ? 0 : lists.reduce((n, list) => n * list.length, 1);
	return {
		count,
		rowAt(index: number): DataRow {
			const picked: string[] = new Array(lists.length);
			let rest = index;
			for (let d = lists.length - 1; d >= 0; d--) {
				picked[d] = lists[d][rest % lists[d].length];
				rest = Math.floor(rest / lists[d].length);
			}
			const at = (d: (typeof CELL_DIMENSIONS)[number]) => picked[CELL_DIMENSIONS.indexOf(d)];
			const [start, end] = monthBounds(at('Time'));
			const row: DataRow = {
				Entity: at('Entity'),
				Consolidation: query.currency,
				Scenario: query.scenario,
				Time: at('Time'),
				Time_StartDate: start,
				Time_EndDate: end,
				View: query.view,
				Account: at('Account'),
				Flow: at('Flow'),
				Origin: at('Origin'),
				IC: at('IC'),
				UD1: at('UD1'),
				UD2: at('UD2'),
				UD3: at('UD3'),
				UD4: at('UD4'),
				UD5: at('UD5'),
				UD6: at('UD6'),
				UD7: at('UD7'),
				UD8: at('UD8'),
				CellValue: cellValue(`${query.cube}|${query.scenario}|${query.view}|${picked.join('|')}`),
			};
			if (query.descriptions) {
				for (const d of ['Entity', 'Account', 'Time', 'UD1', 'UD2'] as const)
					row[`${d}_Desc`] = descriptionOf(d, at(d));
			}
			return row;
		},
	};
}

export const CELL_DIMENSION_NAMES = CELL_DIMENSIONS;
