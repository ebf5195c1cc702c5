/** Seeded pseudo-random numbers (mulberry32) so latency ranges and probabilistic faults repeat. */
export class SeededRandom {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Uniform integer in [min, max]. */
	between(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
}
