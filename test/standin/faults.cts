/** Fault rules: validation (they also arrive as JSON over the control route) and selection per request. */
import { BIG_ROWS_MAX } from './data.cjs';
import { isJsonObject, type JsonObject } from './body.cjs';
import type { SeededRandom } from './random.cjs';
import type { Fault, FaultRule } from './types.cjs';

/** Faults that only hold a request up (a delay, a gate); the request then goes on or meets another. */
export function isPassThrough(fault: Fault): boolean {
	return fault.kind === 'delay' || fault.kind === 'hold';
}

export class FaultRuleError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FaultRuleError';
	}
}

function optionalNumber(
	o: JsonObject,
	key: string,
	check: (n: number) => boolean,
	what: string,
): number | undefined {
	const value = o[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value) || !check(value))
		throw new FaultRuleError(`${key} must be ${what}`);
	return value;
}

function optionalString(o: JsonObject, key: string): string | undefined {
	const value = o[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw new FaultRuleError(`${key} must be a string`);
	return value;
}

function optionalBoolean(o: JsonObject, key: string): boolean | undefined {
	const value = o[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'boolean') throw new FaultRuleError(`${key} must be a boolean`);
	return value;
}

const isNonNegative = (n: number) => n >= 0;
const isCount = (n: number) => Number.isInteger(n) && n >= 0 && n <= BIG_ROWS_MAX;

function parseFault(value: unknown): Fault {
	if (!isJsonObject(value)) throw new FaultRuleError('fault must be an object with a kind');
	switch (value.kind) {
		case 'delay': {
			const ms = optionalNumber(value, 'ms', isNonNegative, 'a number of milliseconds ≥ 0');
			if (ms === undefined) throw new FaultRuleError('delay needs ms');
			return { kind: 'delay', ms };
		}
		case 'hold': {
			const gate = optionalString(value, 'gate');
			if (gate === undefined || gate === '') throw new FaultRuleError('hold needs gate');
			return { kind: 'hold', gate };
		}
		case 'status': {
			const status = optionalNumber(
				value,
				'status',
				(n) => Number.isInteger(n) && n >= 200 && n <= 599,
				'an HTTP status 200..599',
			);
			if (status === undefined) throw new FaultRuleError('status needs status');
			return {
				kind: 'status',
				status,
				retryAfter: optionalString(value, 'retryAfter'),
				html: optionalBoolean(value, 'html'),
				message: optionalString(value, 'message'),
				detail: optionalString(value, 'detail'),
			};
		}
		case 'errorTable200': {
			const message = optionalString(value, 'message');
			if (message === undefined) throw new FaultRuleError('errorTable200 needs message');
			return { kind: 'errorTable200', message };
		}
		case 'largeBody': {
			const rows = optionalNumber(value, 'rows', isCount, `an integer 0..${BIG_ROWS_MAX}`);
			if (rows === undefined) throw new FaultRuleError('largeBody needs rows');
			return { kind: 'largeBody', rows };
		}
		case 'redirect': {
			const status = value.status;
			if (status !== 301 && status !== 302 && status !== 307 && status !== 308)
				throw new FaultRuleError('redirect status must be 301, 302, 307 or 308');
			const location = optionalString(value, 'location');
			if (location === undefined || location === '')
				throw new FaultRuleError('redirect needs location');
			return { kind: 'redirect', status, location };
		}
		case 'trickle': {
			const intervalMs = optionalNumber(value, 'intervalMs', isCount, 'an integer');
			return intervalMs === undefined ? { kind: 'trickle' } : { kind: 'trickle', intervalMs };
		}
		case 'raw': {
			const status = optionalNumber(value, 'status', isCount, 'an HTTP status');
			const contentType = optionalString(value, 'contentType');
			const body = optionalString(value, 'body');
			if (status === undefined || contentType === undefined || body === undefined)
				throw new FaultRuleError('raw needs status, contentType and body');
			return { kind: 'raw', status, contentType, body };
		}
		case 'reset':
		case 'html200':
		case 'empty200':
		case 'null200':
		case 'truncatedJson200':
		case 'stallMidBody':
		case 'resetMidBody':
			return { kind: value.kind };
		default:
			throw new FaultRuleError(`unknown fault kind ${JSON.stringify(value.kind)}`);
	}
}

/** Validates a rule (from code or JSON). `endpoints` are the canonical endpoint names. */
export function parseFaultRule(value: unknown, endpoints: readonly string[]): FaultRule {
	if (!isJsonObject(value)) throw new FaultRuleError('a fault rule must be a JSON object');
	const endpoint = optionalString(value, 'endpoint');
	if (
		endpoint !== undefined &&
		!endpoints.some((e) => e.toLowerCase() === endpoint.toLowerCase())
	) {
		throw new FaultRuleError(
			`unknown endpoint '${endpoint}' (expected one of ${endpoints.join(', ')})`,
		);
	}
	return {
		endpoint,
		name: optionalString(value, 'name'),
		times: optionalNumber(value, 'times', (n) => Number.isInteger(n) && n >= 1, 'an integer ≥ 1'),
		probability: optionalNumber(value, 'probability', (n) => n >= 0 && n <= 1, 'a number 0..1'),
		afterWork: optionalBoolean(value, 'afterWork'),
		fault: parseFault(value.fault),
	};
}

export interface AppliedFault {
	id: string;
	fault: Fault;
}

export interface FaultSelection {
	before: AppliedFault[];
	after: AppliedFault[];
}

interface ActiveRule {
	id: string;
	rule: FaultRule;
	remaining?: number;
}

/**
 * The active rules. Per request, every matching `delay` applies (they add up) and the first
 * matching rule of any other kind applies; later ones of those kinds are left untouched.
 */
export class FaultBook {
	private rules: ActiveRule[] = [];
	private counter = 0;

	add(rule: FaultRule): string {
		const id = `fault-${++this.counter}`;
		this.rules.push({ id, rule, remaining: rule.times });
		return id;
	}

	remove(id: string): boolean {
		const before = this.rules.length;
		this.rules = this.rules.filter((r) => r.id !== id);
		return this.rules.length !== before;
	}

	clear(): void {
		this.rules = [];
	}

	list(): Array<FaultRule & { id: string; remaining?: number }> {
		return this.rules.map((r) => ({ ...r.rule, id: r.id, remaining: r.remaining }));
	}

	select(endpoint: string, name: string | undefined, random: SeededRandom): FaultSelection {
		const selection: FaultSelection = { before: [], after: [] };
		let terminalChosen = false;
		for (const active of [...this.rules]) {
			const { rule } = active;
			if (rule.endpoint !== undefined && rule.endpoint.toLowerCase() !== endpoint.toLowerCase())
				continue;
			if (
				rule.name !== undefined &&
				(name === undefined || rule.name.toLowerCase() !== name.toLowerCase())
			)
				continue;
			const terminal = !isPassThrough(rule.fault);
			if (terminal && terminalChosen) continue;
			if (rule.probability !== undefined && random.next() >= rule.probability) continue;
			if (terminal) terminalChosen = true;
			(rule.afterWork === true ? selection.after : selection.before).push({
				id: active.id,
				fault: rule.fault,
			});
			if (active.remaining !== undefined) {
				active.remaining--;
				if (active.remaining <= 0) this.remove(active.id);
			}
		}
		return selection;
	}
}
