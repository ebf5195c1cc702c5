/** A small seeded pseudo-random generator (mulberry32) with the helpers the fault tests need. */

// Looked up once: under jest, every access to a global such as `Math` goes through the test
// environment's global object and costs hundreds of nanoseconds, which the fuzz loop would feel.
const imul = Math.imul;
const floor = Math.floor;

export class Rng {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = imul(t ^ (t >>> 15), t | 1);
		t ^= t + imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Uniform integer in [min, max]. */
	int(min: number, max: number): number {
		return min + floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		return items[floor(this.next() * items.length)];
	}

	/** A weighted choice: `[weight, value]` pairs. */
	weighted<T>(choices: ReadonlyArray<readonly [number, T]>): T {
		const total = choices.reduce((sum, [weight]) => sum + weight, 0);
		let point = this.next() * total;
		for (const [weight, value] of choices) {
			point -= weight;
			if (point < 0) return value;
		}
		return choices[choices.length - 1][1];
	}
}

/** Seed from the environment (`FAULT_SEED`), so a failing random run can be repeated. */
export function seedFromEnv(fallback: number): number {
	const raw = process.env.FAULT_SEED;
	const seed = raw === undefined ? NaN : Number(raw);
	return Number.isInteger(seed) ? seed : fallback;
}

/** A positive whole number from the environment, or the fallback. */
export function sizeFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	const value = raw === undefined ? NaN : Number(raw);
	return Number.isInteger(value) && value > 0 ? value : fallback;
}
