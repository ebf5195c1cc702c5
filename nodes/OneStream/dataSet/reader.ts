import { OneStreamError } from '../shared/errors';
import { isJsonSpace, JsonByte } from './jsonBytes';
import { quoteImpreciseNumbers } from './preciseNumbers';
import type { DataRow, DataSetSink, ParseOptions, RowBatch } from './types';
import { isValidUtf8 } from './utf8';

const enum State {
	Start,
	Key,
	Colon,
	Value,
	Rows,
	Scalar,
	AfterValue,
	Done,
	NotAnObject,
}

const DEFAULT_BATCH_BYTES = 4 << 20;
/** How much of a body that is not a JSON object is kept to say what it is. */
const NOT_AN_OBJECT_PREFIX = 64 * 1024;
/** The largest row the reader takes: a row past this is not a DataSet row (and would not fit a string). */
const MAX_ROW_BYTES = 64 * 1024 * 1024;
const BOM = [0xef, 0xbb, 0xbf];
/** Where one row ends and the next begins, as OneStream (Json.NET) writes a table: `},{`. */
const ROW_SEPARATOR = Buffer.from('},{');
/** Unscanned batches that were not whole rows (a `},{` inside a string) before the reader scans every byte again. */
const UNSCANNED_BATCH_FAILURES = 2;

/**
 * Reads a OneStream DataSet (`{ "<table>": [ {row}, … ], … }`) from a byte stream without holding
 * the whole body: it finds row boundaries by scanning bytes (UTF-8 continuation bytes never equal
 * JSON's structural characters) and hands over rows in batches of about `batchBytes`, as bytes
 * that the sink can copy, transcode, or parse with the native `JSON.parse`, and then drop. Anything that is not an
 * object at the top level is collected whole and reported by {@link notAnObject}, so that the
 * caller can say what it was (HTML, null, a string…).
 *
 * When the sink reads every row of a table anyway (it parses them, `parseOptions`, or tokenizes
 * them for a CSV file, `takesRowBytes`), the reader does not scan the rows' bytes: it cuts the held
 * bytes at the last `},{` and hands that batch over. The sink's own read proves the cut: bytes that
 * start a row and read as whole rows separated by commas end on a row, since a cut inside a string
 * or a nested value leaves a row unclosed. When they do not (the `},{` was inside a string, the
 * table ended, the body is not valid), the sink keeps nothing of them and the same bytes are
 * scanned as before, so rows and errors are those of the scan.
 */
export class DataSetReader {
	private state = State.Start;
	/** Chunks not yet released, and the stream offset of the first one. */
	private chunks: Buffer[] = [];
	private chunksStart = 0;
	private offset = 0;
	/** Nesting depth and string state inside a row or scalar value being scanned. */
	private depth = 0;
	private inString = false;
	private escaped = false;
	/** Where the current key, scalar, row or batch started, as stream offsets. */
	private tokenStart = 0;
	private batchStart = -1;
	private batchEnd = -1;
	private batchRows = 0;
	/** Where the row being scanned started. */
	private rowStart = 0;
	private rowsInTable = 0;
	private tableName = '';
	private key = '';
	/** After a comma (between members or rows), something other than a closing bracket must follow. */
	private separatorPending = false;
	/** In a table: a row has just ended, so a comma or `]` must come next. */
	private rowEnded = false;
	/** Bytes of a leading byte order mark seen so far. */
	private bomBytes = 0;
	/**
	 * While rows are found without scanning: the stream offset after the `[` or `,` before the next
	 * row; the held bytes from there on are not scanned yet. -1 while every byte is scanned.
	 */
	private unscannedFrom = -1;
	private unscannedBatchFailures = 0;
	private rowsFoundUnscanned = 0;
	/** While held bytes are scanned: the end of the chunk being scanned (later chunks are kept). */
	private scanningUpTo = -1;
	private finishing = false;
	/** Reused for each batch's bytes between brackets, to parse them as one list. */
	private scratch = Buffer.alloc(0);
	/** Reused for the held bytes a batch is cut from, or a scanned batch that spans chunks. */
	private window = Buffer.alloc(0);
	private readonly batchBytes: number;

	constructor(
		private readonly sink: DataSetSink,
		private readonly subject: string,
		options: { batchBytes?: number } = {},
	) {
		this.batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
	}

	/** Bytes received so far. */
	get bytes(): number {
		return this.offset;
	}

	/** Rows handed over in batches the reader did not scan (the sink parsed or checked them). */
	get unscannedRows(): number {
		return this.rowsFoundUnscanned;
	}

	/** True when the body does not start with `{`; its start is kept for {@link notAnObject}. */
	get isNotAnObject(): boolean {
		return this.state === State.NotAnObject;
	}

	/**
	 * False once the body shows itself not to be a DataSet and enough of it is kept to say so, or
	 * once the sink has all the rows it wants.
	 */
	get wantsMore(): boolean {
		if (this.sink.rowsWanted === 0) return false;
		return this.state !== State.NotAnObject || this.offset < NOT_AN_OBJECT_PREFIX;
	}

	/** The body (at most its first {@link NOT_AN_OBJECT_PREFIX} bytes) as text, when it was not a JSON object. */
	notAnObject(): string {
		return Buffer.concat(this.chunks).subarray(0, NOT_AN_OBJECT_PREFIX).toString('utf8');
	}

	push(chunk: Buffer): void {
		if (chunk.length === 0) return;
		const base = this.offset;
		if (this.state === State.NotAnObject) {
			if (base < NOT_AN_OBJECT_PREFIX) this.chunks.push(chunk);
			this.offset += chunk.length;
			return;
		}
		this.chunks.push(chunk);
		this.offset += chunk.length;
		if (this.unscannedFrom < 0) this.process(chunk, 0, base);
		if (this.unscannedFrom >= 0) this.readUnscannedBatches(this.batchBytes);
	}

	/** Runs the state machine over `chunk` from index `start`; `base` is the chunk's stream offset. */
	private process(chunk: Buffer, start: number, base: number): void {
		let i = start;
		const length = chunk.length;
		while (i < length) {
			switch (this.state) {
				case State.Start: {
					const byte = chunk[i];
					// A UTF-8 byte order mark at the very start, which may arrive split across chunks.
					if (
						base + i === this.bomBytes &&
						this.bomBytes < BOM.length &&
						byte === BOM[this.bomBytes]
					) {
						this.bomBytes++;
						i++;
						continue;
					}
					if (isJsonSpace(byte) && (this.bomBytes === 0 || this.bomBytes === BOM.length)) {
						i++;
						continue;
					}
					if (byte !== JsonByte.OpenBrace || (this.bomBytes > 0 && this.bomBytes < BOM.length)) {
						this.state = State.NotAnObject;
						return;
					}
					this.state = State.Key;
					i++;
					break;
				}
				case State.Key: {
					if (this.inString) {
						const end = this.findStringEnd(chunk, i);
						if (end < 0) return this.release();
						this.inString = false;
						const key = this.parseText(this.tokenStart, base + end + 1, 'a table name');
						if (typeof key !== 'string') this.fail('a table name is not a string');
						this.key = key;
						this.separatorPending = false;
						this.state = State.Colon;
						i = end + 1;
						break;
					}
					const byte = chunk[i];
					if (isJsonSpace(byte)) i++;
					else if (byte === JsonByte.Quote) {
						this.inString = true;
						this.escaped = false;
						this.tokenStart = base + i;
						i++;
					} else if (byte === JsonByte.CloseBrace && this.separatorPending === false) {
						this.state = State.Done;
						i++;
					} else
						this.fail(`unexpected "${String.fromCharCode(byte)}" where a table name should be`);
					break;
				}
				case State.Colon: {
					const byte = chunk[i];
					if (isJsonSpace(byte)) i++;
					else if (byte === JsonByte.Colon) {
						this.state = State.Value;
						i++;
					} else this.fail(`expected ":" after "${this.key}"`);
					break;
				}
				case State.Value: {
					const byte = chunk[i];
					if (isJsonSpace(byte)) {
						i++;
						break;
					}
					if (byte === JsonByte.OpenBracket) {
						this.tableName = this.key;
						this.rowsInTable = 0;
						this.sink.table(this.key);
						this.state = State.Rows;
						this.depth = 0;
						this.rowEnded = false;
						this.separatorPending = false;
						i++;
						if (this.mayTakeUnscannedRows()) {
							this.unscannedFrom = base + i;
							return this.release();
						}
						break;
					}
					this.state = State.Scalar;
					this.tokenStart = base + i;
					this.depth = 0;
					this.inString = false;
					break;
				}
				case State.Rows: {
					i = this.scanRows(chunk, i, base);
					if (i < 0) return this.release();
					break;
				}
				case State.Scalar: {
					const end = this.scanValue(chunk, i);
					if (end < 0) return this.release();
					this.sink.field(
						this.key,
						this.parseText(this.tokenStart, base + end, `field "${this.key}"`),
					);
					this.state = State.AfterValue;
					i = end;
					break;
				}
				case State.AfterValue: {
					const byte = chunk[i];
					if (isJsonSpace(byte)) i++;
					else if (byte === JsonByte.Comma) {
						this.state = State.Key;
						this.separatorPending = true;
						i++;
					} else if (byte === JsonByte.CloseBrace) {
						this.state = State.Done;
						i++;
					} else this.fail(`expected "," or "}" after "${this.key}"`);
					break;
				}
				case State.Done: {
					if (!isJsonSpace(chunk[i])) this.fail('unexpected content after the end of the DataSet');
					i++;
					break;
				}
				default:
					return;
			}
		}
		this.release();
	}

	/** Call at the end of the body: flushes the last rows, and throws if the body was cut short. */
	finish(): void {
		if (this.state === State.NotAnObject) return;
		if (this.unscannedFrom >= 0) this.readUnscannedBatches(1);
		this.finishing = true;
		if (this.unscannedFrom >= 0) this.scanHeld();
		if (this.state === State.Start) {
			throw new OneStreamError(
				`OneStream returned an empty response for ${this.subject}`,
				'The server answered without a body.',
			);
		}
		if (this.state !== State.Done) {
			throw new OneStreamError(
				`OneStream's answer for ${this.subject} ended before the DataSet was complete`,
				`${this.offset} bytes arrived${this.tableName ? `, the last in table "${this.tableName}" after ${this.rowsInTable} complete rows` : ''}. A cut-off answer usually means a proxy or the server stopped mid-way; try again or raise the timeout.`,
			);
		}
	}

	/**
	 * Scans table elements from `start`. Returns the next index to read, or -1 when the chunk
	 * ended inside a row (the scan resumes with the next chunk). This is the hot loop: state lives
	 * in locals, and the bytes of a string, and those between a row's strings, are passed over in
	 * tight inner loops (cheaper than a native search per string, since most strings are short).
	 */
	private scanRows(chunk: Buffer, start: number, base: number): number {
		let depth = this.depth;
		let inString = this.inString;
		let escaped = this.escaped;
		let rowEnded = this.rowEnded;
		let separatorPending = this.separatorPending;
		const length = chunk.length;
		let i = start;
		try {
			scan: for (; i < length; i++) {
				let byte = chunk[i];
				if (inString) {
					if (escaped) {
						escaped = false;
						continue;
					}
					while (byte !== JsonByte.Quote && byte !== JsonByte.Backslash) {
						if (++i === length) break scan;
						byte = chunk[i];
					}
					if (byte === JsonByte.Quote) inString = false;
					else escaped = true;
					continue;
				}
				if (depth > 0) {
					// Numbers, literals, colons and commas between a row's strings.
					while (
						byte !== JsonByte.Quote &&
						byte !== JsonByte.CloseBrace &&
						byte !== JsonByte.OpenBrace &&
						byte !== JsonByte.OpenBracket &&
						byte !== JsonByte.CloseBracket
					) {
						if (++i === length) break scan;
						byte = chunk[i];
					}
					if (byte === JsonByte.Quote) inString = true;
					else if (byte === JsonByte.OpenBrace || byte === JsonByte.OpenBracket) depth++;
					else if (--depth === 0) {
						rowEnded = true;
						this.batchEnd = base + i + 1;
						this.batchRows++;
						this.rowsInTable++;
						if (
							this.batchEnd - this.batchStart >= this.batchBytes ||
							this.batchRows === this.sink.rowsWanted
						)
							this.flushBatch();
					}
					continue;
				}
				if (isJsonSpace(byte)) continue;
				if (byte === JsonByte.Comma && rowEnded) {
					rowEnded = false;
					separatorPending = true;
					// Right after a batch: the next ones may be found without scanning.
					if (this.batchRows === 0 && this.mayTakeUnscannedRows()) {
						this.unscannedFrom = base + i + 1;
						return length;
					}
				} else if (byte === JsonByte.OpenBrace && !rowEnded) {
					if (this.batchStart < 0) this.batchStart = base + i;
					this.rowStart = base + i;
					depth = 1;
					separatorPending = false;
				} else if (byte === JsonByte.CloseBracket && !separatorPending) {
					this.flushBatch();
					this.state = State.AfterValue;
					return i + 1;
				} else if (
					byte === JsonByte.OpenBrace ||
					byte === JsonByte.Comma ||
					byte === JsonByte.CloseBracket
				) {
					this.fail(
						`misplaced "${String.fromCharCode(byte)}" between the rows of table "${this.tableName}"`,
					);
				} else {
					this.fail(
						`row ${this.rowsInTable + 1} of table "${this.tableName}" is not an object (it starts with "${String.fromCharCode(byte)}")`,
					);
				}
			}
			if (depth > 0 && base + length - this.rowStart > MAX_ROW_BYTES) {
				this.fail(
					`row ${this.rowsInTable + 1} of table "${this.tableName}" is larger than ${MAX_ROW_BYTES / (1024 * 1024)} MiB`,
				);
			}
			return -1;
		} finally {
			this.depth = depth;
			this.inString = inString;
			this.escaped = escaped;
			this.rowEnded = rowEnded;
			this.separatorPending = separatorPending;
		}
	}

	/** End index (exclusive) of a complete scalar JSON value starting at or before `start`, or -1. */
	private scanValue(chunk: Buffer, start: number): number {
		for (let i = start; i < chunk.length; i++) {
			if (this.inString) {
				const end = this.findStringEnd(chunk, i);
				if (end < 0) return -1;
				this.inString = false;
				i = end;
				if (this.depth === 0) return end + 1;
				continue;
			}
			const byte = chunk[i];
			if (byte === JsonByte.Quote) {
				this.inString = true;
				this.escaped = false;
			} else if (byte === JsonByte.OpenBrace || byte === JsonByte.OpenBracket) this.depth++;
			else if (byte === JsonByte.CloseBrace || byte === JsonByte.CloseBracket) {
				if (this.depth === 0) return i;
				this.depth--;
				if (this.depth === 0) return i + 1;
			} else if (this.depth === 0 && (byte === JsonByte.Comma || isJsonSpace(byte))) return i;
		}
		return -1;
	}

	/**
	 * Index of the quote that ends the string the scan is in, or -1 if the chunk ends first.
	 * A quote is escaped when an odd run of backslashes precedes it; a run cut by the chunk end
	 * carries over through `escaped`.
	 */
	private findStringEnd(chunk: Buffer, from: number): number {
		let i = from;
		if (this.escaped) {
			this.escaped = false;
			i++;
		}
		const start = i;
		for (;;) {
			const quote = chunk.indexOf(JsonByte.Quote, i);
			const end = quote < 0 ? chunk.length : quote;
			let run = 0;
			for (let k = end - 1; k >= start && chunk[k] === JsonByte.Backslash; k--) run++;
			if (quote < 0) {
				this.escaped = run % 2 === 1;
				return -1;
			}
			if (run % 2 === 0) return quote;
			i = quote + 1;
		}
	}

	private flushBatch(): void {
		if (this.batchRows === 0) return;
		const received = this.heldBytes(this.batchStart, this.batchEnd);
		const count = this.batchRows;
		this.batchStart = -1;
		this.batchEnd = -1;
		this.batchRows = 0;
		this.handOver(received, count);
	}

	/** Hands a batch to the sink; `parsed` are its rows when they were parsed to find them. */
	private handOver(
		received: Buffer,
		count: number,
		parsed?: { rows: DataRow[]; options: ParseOptions },
	): void {
		let checked: Buffer | undefined;
		let kept = parsed;
		this.sink.rows({
			count,
			// Invalid UTF-8 becomes U+FFFD in the bytes, as decoding makes it in parsed rows; only
			// the sinks that take bytes (files) pay for the check.
			get bytes() {
				checked ??= isValidUtf8(received) ? received : utf8Replaced(received);
				return checked;
			},
			parse: (options) => {
				if (kept !== undefined && !kept.options.preciseNumbers === !options?.preciseNumbers) {
					const rows = kept.rows;
					kept = undefined;
					return rows;
				}
				return this.parseRows(options?.preciseNumbers ? quoteImpreciseNumbers(received) : received);
			},
		});
	}

	private parseRows(bytes: Buffer): DataRow[] {
		try {
			return this.parseList(bytes) as DataRow[];
		} catch (error) {
			return this.fail(
				`rows of table "${this.tableName}" are not valid JSON (${(error as Error).message})`,
			);
		}
	}

	private parseList(bytes: Buffer): unknown[] {
		return parseRowList(bytes, this.scratchOf(bytes.length + 2));
	}

	private scratchOf(size: number): Buffer {
		if (this.scratch.length < size) this.scratch = Buffer.allocUnsafe(size);
		return this.scratch;
	}

	/** Whether the next rows of the current table may be found without scanning their bytes. */
	private mayTakeUnscannedRows(): boolean {
		return (
			!this.finishing &&
			this.unscannedBatchFailures < UNSCANNED_BATCH_FAILURES &&
			this.sink.rowsWanted === undefined &&
			(this.sink.parseOptions !== undefined || this.sink.takesRowBytes === true)
		);
	}

	/** Hands over unscanned batches while `least` bytes are held; scans the held bytes if one fails. */
	private readUnscannedBatches(least: number): void {
		while (this.offset - this.unscannedFrom >= least) {
			if (!this.readUnscannedBatch()) {
				this.scanHeld();
				return;
			}
			if (this.sink.rowsWanted === 0) break;
		}
		this.release();
	}

	/**
	 * Takes the held bytes up to the last `},{` as a batch, which the sink parses with its options or
	 * checks as it takes them. False when there is no such cut, or the bytes before it are not whole
	 * rows (the sink then took nothing).
	 */
	private readUnscannedBatch(): boolean {
		const options = this.sink.parseOptions;
		// The held bytes from the `[` or `,` before the rows, up to twice the batch size; copied,
		// since the brackets are written into them.
		const from = this.unscannedFrom - 1;
		const length = Math.min(this.offset - from, 2 * this.batchBytes);
		if (this.window.length < length) this.window = Buffer.allocUnsafe(length);
		const held = this.window;
		this.copyHeld(from, from + length, held);
		let first = 1;
		while (first < length && isJsonSpace(held[first])) first++;
		const cut = held.lastIndexOf(ROW_SEPARATOR, length - ROW_SEPARATOR.length);
		if (held[first] !== JsonByte.OpenBrace || cut < first) return false;
		// The bytes stay a view of the window, reused by the next batch: a sink that keeps them
		// copies them.
		const received = held.subarray(first, cut + 1);
		let count: number | undefined;
		if (options === undefined) {
			count = this.sink.rowsFromBytes?.(isValidUtf8(received) ? received : utf8Replaced(received));
		} else {
			const rows = this.parseCut(held, first, cut, options);
			if (rows !== undefined) {
				count = rows.length;
				this.handOver(received, count, { rows, options });
			}
		}
		if (count === undefined) {
			this.unscannedBatchFailures++;
			return false;
		}
		this.rowsInTable += count;
		this.rowsFoundUnscanned += count;
		this.unscannedFrom = from + cut + 2;
		this.separatorPending = true;
		return true;
	}

	/** The rows of `held` [first, cut] as a list of objects, or undefined when they are not. */
	private parseCut(
		held: Buffer,
		first: number,
		cut: number,
		options: ParseOptions,
	): DataRow[] | undefined {
		let rows: unknown[];
		try {
			if (options.preciseNumbers) {
				rows = this.parseList(quoteImpreciseNumbers(held.subarray(first, cut + 1)));
			} else {
				held[0] = JsonByte.OpenBracket;
				held[cut + 1] = JsonByte.CloseBracket;
				rows = JSON.parse(held.toString('utf8', 0, cut + 2)) as unknown[];
			}
		} catch {
			return undefined;
		}
		for (const row of rows)
			if (typeof row !== 'object' || row === null || Array.isArray(row)) return undefined;
		return rows as DataRow[];
	}

	/** Scans the held bytes not scanned yet (after an unscanned batch failed, or at the end). */
	private scanHeld(): void {
		const from = this.unscannedFrom;
		this.unscannedFrom = -1;
		let position = this.chunksStart;
		// Processing releases chunks: go over the list as it was.
		for (const chunk of [...this.chunks]) {
			const end = position + chunk.length;
			if (end > from) {
				this.scanningUpTo = end;
				this.process(chunk, Math.max(0, from - position), position);
				this.scanningUpTo = -1;
				if (this.unscannedFrom >= 0) return;
			}
			position = end;
		}
	}

	/**
	 * Stream bytes [from, to), which must still be held: a view when they lie in one chunk, else
	 * copied into the reused window (so a batch's bytes are good while the sink takes the batch).
	 */
	private heldBytes(from: number, to: number): Buffer {
		let position = this.chunksStart;
		for (const chunk of this.chunks) {
			const end = position + chunk.length;
			if (from < end) {
				if (to <= end) return chunk.subarray(from - position, to - position);
				break;
			}
			position = end;
		}
		if (this.window.length < to - from) this.window = Buffer.allocUnsafe(to - from);
		this.copyHeld(from, to, this.window);
		return this.window.subarray(0, to - from);
	}

	/** Copies stream bytes [from, to), which must still be held, into `target`. */
	private copyHeld(from: number, to: number, target: Buffer): void {
		let position = this.chunksStart;
		let at = 0;
		for (const chunk of this.chunks) {
			const end = position + chunk.length;
			if (end > from && position < to) {
				const start = Math.max(0, from - position);
				const stop = Math.min(chunk.length, to - position);
				chunk.copy(target, at, start, stop);
				at += stop - start;
			}
			position = end;
			if (position >= to) break;
		}
	}

	/** UTF-8 text of stream bytes [from, to), which must still be held. */
	private text(from: number, to: number): string {
		return this.heldBytes(from, to).toString('utf8');
	}

	private parseText(from: number, to: number, what: string): unknown {
		const text = this.text(from, to);
		try {
			return JSON.parse(text);
		} catch {
			return this.fail(`${what} is not valid JSON`);
		}
	}

	/** Drops chunks that no pending token or batch needs any more. */
	private release(): void {
		// Until the body shows itself to be an object, keep it all: if it is not one, it is reported whole.
		if (this.state === State.Start) return;
		let keepFrom = this.offset;
		if (this.batchStart >= 0) keepFrom = this.batchStart;
		if (this.unscannedFrom >= 0) keepFrom = Math.min(keepFrom, this.unscannedFrom - 1);
		if (this.scanningUpTo >= 0) keepFrom = Math.min(keepFrom, this.scanningUpTo);
		if (this.state === State.Scalar || (this.state === State.Key && this.inString))
			keepFrom = Math.min(keepFrom, this.tokenStart);
		while (this.chunks.length > 0 && this.chunksStart + this.chunks[0].length <= keepFrom) {
			this.chunksStart += this.chunks[0].length;
			this.chunks.shift();
		}
	}

	private fail(problem: string): never {
		throw new OneStreamError(
			`OneStream's answer for ${this.subject} is not a valid DataSet: ${problem}`,
			`The problem is ${this.offset} bytes into the answer. A DataSet maps each table name to a list of rows, and each row maps column names to values.`,
		);
	}
}

/** The bytes with invalid UTF-8 turned into U+FFFD, as decoding turns it in parsed rows. */
function utf8Replaced(bytes: Buffer): Buffer {
	return Buffer.from(bytes.toString('utf8'), 'utf8');
}

/**
 * Rows' bytes between brackets, parsed as one list; `into` (at least 2 bytes longer) takes the
 * bracketed bytes. The brackets go in as bytes: wrapping the decoded text instead would make V8
 * copy it again.
 */
function parseRowList(bytes: Buffer, into: Buffer): unknown[] {
	into[0] = JsonByte.OpenBracket;
	bytes.copy(into, 1);
	into[bytes.length + 1] = JsonByte.CloseBracket;
	return JSON.parse(into.toString('utf8', 0, bytes.length + 2)) as unknown[];
}

/**
 * A batch kept after the reader moved on (a page held until it is complete): its own copy of the
 * rows' bytes, parsed on demand like the reader's batches.
 */
export function keptRowBatch(batch: RowBatch, tableName: string): RowBatch {
	const bytes = Buffer.from(batch.bytes);
	return {
		count: batch.count,
		bytes,
		parse: (options) => {
			const rows = options?.preciseNumbers ? quoteImpreciseNumbers(bytes) : bytes;
			let problem = '';
			try {
				return parseRowList(rows, Buffer.allocUnsafe(rows.length + 2)) as DataRow[];
			} catch (error) {
				problem = (error as Error).message;
			}
			throw new OneStreamError(
				`OneStream's answer is not valid JSON: rows of table "${tableName}" are not valid JSON (${problem})`,
				'The answer was cut or altered on its way. Try again; if it persists, check proxies between n8n and OneStream.',
			);
		},
	};
}
