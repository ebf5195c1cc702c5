const BLOCK_SIZE = 1 << 20;
const FIRST_BLOCK_SIZE = 4 << 10;

/**
 * Bytes appended into blocks that double from 4 KiB up to 1 MiB: no string is built for the output,
 * and a small output (a CSV segment of a few records) does not hold a whole megabyte.
 */
export class ByteWriter {
	private readonly blocks: Buffer[] = [];
	private block: Buffer = Buffer.allocUnsafe(FIRST_BLOCK_SIZE);
	private used = 0;
	private flushed = 0;

	get length(): number {
		return this.flushed + this.used;
	}

	byte(value: number): void {
		if (this.used === this.block.length) this.next(1);
		this.block[this.used++] = value;
	}

	bytes(source: Buffer, start: number, end: number): void {
		const length = end - start;
		if (this.block.length - this.used < length) this.next(length);
		if (length < 32) {
			// Short fields: a loop beats the native copy's call overhead.
			for (let i = start; i < end; i++) this.block[this.used++] = source[i];
		} else {
			source.copy(this.block, this.used, start, end);
			this.used += length;
		}
	}

	text(value: string): void {
		const buffer = Buffer.from(value, 'utf8');
		this.bytes(buffer, 0, buffer.length);
	}

	/** Drops what was written after the first `length` bytes. */
	truncate(length: number): void {
		while (length < this.flushed) {
			// The last full block becomes the current one again, up to where it was full.
			const last = this.blocks.pop() as Buffer;
			this.flushed -= last.length;
			this.block = last;
			this.used = last.length;
		}
		this.used = Math.min(this.used, length - this.flushed);
	}

	toBuffers(): Buffer[] {
		if (this.used > 0) {
			this.blocks.push(this.block.subarray(0, this.used));
			this.flushed += this.used;
			// Later bytes go after these in the same block.
			this.block = this.block.subarray(this.used);
			this.used = 0;
		}
		return this.blocks;
	}

	private next(needed: number): void {
		if (this.used > 0) {
			this.blocks.push(this.block.subarray(0, this.used));
			this.flushed += this.used;
		}
		this.block = Buffer.allocUnsafe(
			Math.max(FIRST_BLOCK_SIZE, Math.min(BLOCK_SIZE, this.block.length * 2), needed),
		);
		this.used = 0;
	}
}
