import { ByteWriter } from './byteWriter';
import { CubeViewLayouts, headerText } from './cubeView';
import { isJsonSpace, JsonByte } from './jsonBytes';
import { invalid, RowTokens } from './rowTokens';
import type { CubeViewColumnNames, RowShape } from './types';

/**
 * The JSON file writer: an array of row objects, built batch by batch from DataSet row bytes.
 * Rows are copied as OneStream sent them; flattened cube-view rows are rewritten with their new
 * names, each value still copied as sent (exact digits).
 */
export class JsonWriter {
	private readonly out = new ByteWriter();
	private readonly layouts: CubeViewLayouts | undefined;
	private readonly tokens = new RowTokens();
	private empty = true;
	private rowCount = 0;

	constructor(shape: RowShape = 'asIs', columnNames: CubeViewColumnNames = 'header') {
		this.layouts = shape === 'cubeView' ? new CubeViewLayouts(columnNames) : undefined;
	}

	/** Rows as the JSON bytes `{…},{…}`. */
	addBatch(bytes: Buffer): void {
		if (this.layouts) {
			this.addCubeViewRows(bytes, this.layouts);
			return;
		}
		this.out.byte(this.empty ? JsonByte.OpenBracket : JsonByte.Comma);
		this.out.bytes(bytes, 0, bytes.length);
		this.empty = false;
	}

	/** Call once, at the end. */
	toBuffer(): Buffer {
		if (this.empty) this.out.byte(JsonByte.OpenBracket);
		this.out.byte(JsonByte.CloseBracket);
		return Buffer.concat(this.out.toBuffers());
	}

	private addCubeViewRows(bytes: Buffer, layouts: CubeViewLayouts): void {
		const tokens = this.tokens;
		const out = this.out;
		let i = 0;
		while (i < bytes.length) {
			const byte = bytes[i];
			if (byte === JsonByte.Comma || isJsonSpace(byte)) {
				i++;
				continue;
			}
			const row = this.rowCount + 1;
			if (byte !== JsonByte.OpenBrace) invalid('a row is not an object', row);
			i = tokens.read(bytes, i + 1, row);
			const { keys, members } = tokens.uniqueKeys(bytes, row);
			const plan = layouts.plan(keys, (k) =>
				headerText(tokens.decodedValue(bytes, members[k], row)),
			);
			out.byte(this.empty ? JsonByte.OpenBracket : JsonByte.Comma);
			out.byte(JsonByte.OpenBrace);
			for (let c = 0; c < plan.names.length; c++) {
				const m = members[plan.members[c]];
				if (c > 0) out.byte(JsonByte.Comma);
				out.text(JSON.stringify(plan.names[c]));
				out.byte(JsonByte.Colon);
				out.bytes(bytes, tokens.valueStart[m], tokens.valueEnd[m]);
			}
			out.byte(JsonByte.CloseBrace);
			this.empty = false;
			this.rowCount++;
		}
	}
}
