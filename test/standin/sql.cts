/**
 * A deliberately tiny SQL subset for GetAdoDataSetForSqlCommand:
 *
 *   SELECT [DISTINCT] [TOP n] <* | col[, col…]> FROM [schema.]<table> [WITH (NOLOCK)]
 *     [WHERE col = literal [AND col = literal]…] [ORDER BY col [ASC|DESC][, …]] [;]
 *
 * Identifiers may be [bracketed]; comparisons are case-insensitive like SQL Server's default
 * collation. Errors use SQL Server's wording ("Invalid object name 'X'.", "Incorrect syntax near 'X'.").
 */
import type { DataRow, DbValue, SqlDatabase } from './types.cjs';

export class SqlError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SqlError';
	}
}

type TokenType = 'ident' | 'string' | 'number' | 'symbol';
interface Token {
	type: TokenType;
	value: string;
}

function tokenize(sql: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < sql.length) {
		const c = sql[i];
		if (/\s/.test(c)) {
			i++;
		} else if (c === '-' && sql[i + 1] === '-') {
			while (i < sql.length && sql[i] !== '\n') i++;
		} else if (c === "'" || ((c === 'N' || c === 'n') && sql[i + 1] === "'")) {
			let j = c === "'" ? i + 1 : i + 2;
			let value = '';
			for (;;) {
				if (j >= sql.length)
					throw new SqlError(`Unclosed quotation mark after the character string '${value}'.`);
				if (sql[j] === "'") {
					if (sql[j + 1] === "'") {
						value += "'";
						j += 2;
						continue;
					}
					break;
				}
				value += sql[j++];
			}
			tokens.push({ type: 'string', value });
			i = j + 1;
		} else if (c === '[') {
			const close = sql.indexOf(']', i);
			if (close === -1)
				throw new SqlError(
					`Unclosed quotation mark after the character string '${sql.slice(i + 1)}'.`,
				);
			tokens.push({ type: 'ident', value: sql.slice(i + 1, close) });
			i = close + 1;
		} else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(sql[i + 1] ?? ''))) {
			const match = /^-?[0-9]+(\.[0-9]+)?/.exec(sql.slice(i));
			const text = match === null ? c : match[0];
			tokens.push({ type: 'number', value: text });
			i += text.length;
		} else if (/[A-Za-z_@#]/.test(c)) {
			const match = /^[A-Za-z_@#][A-Za-z0-9_@#$]*/.exec(sql.slice(i));
			const text = match === null ? c : match[0];
			tokens.push({ type: 'ident', value: text });
			i += text.length;
		} else {
			tokens.push({ type: 'symbol', value: c });
			i++;
		}
	}
	return tokens;
}

type Literal = { kind: 'string'; value: string } | { kind: 'number'; value: number };

interface Condition {
	column: string;
	literal: Literal;
}

interface OrderTerm {
	column: string;
	descending: boolean;
}

export interface SelectStatement {
	distinct: boolean;
	top?: number;
	/** undefined = `*` */
	columns?: string[];
	table: string;
	where: Condition[];
	orderBy: OrderTerm[];
}

class Parser {
	private pos = 0;

	constructor(private readonly tokens: Token[]) {}

	parse(): SelectStatement {
		this.expectKeyword('SELECT');
		const distinct = this.isKeyword('DISTINCT');
		if (distinct) this.pos++;
		let top: number | undefined;
		if (this.isKeyword('TOP')) {
			this.pos++;
			const parenthesised = this.isSymbol('(');
			if (parenthesised) this.pos++;
			const count = this.next();
			if (count === undefined || count.type !== 'number' || !/^[0-9]+$/.test(count.value))
				throw this.syntaxError(count);
			top = Number(count.value);
			if (parenthesised) this.expectSymbol(')');
		}
		let columns: string[] | undefined;
		if (this.isSymbol('*')) {
			this.pos++;
		} else {
			columns = [this.identifier()];
			while (this.isSymbol(',')) {
				this.pos++;
				columns.push(this.identifier());
			}
		}
		this.expectKeyword('FROM');
		let table = this.identifier();
		// [database.][schema.]table: only the last part names the table.
		for (let parts = 0; parts < 2 && this.isSymbol('.'); parts++) {
			this.pos++;
			table = this.identifier();
		}
		// A table hint, as clients run against real tenants write it; it changes nothing here.
		if (this.isKeyword('WITH')) {
			this.pos++;
			this.expectSymbol('(');
			const hint = this.next();
			if (hint === undefined || hint.type !== 'ident' || hint.value.toUpperCase() !== 'NOLOCK')
				throw this.syntaxError(hint);
			this.expectSymbol(')');
		}
		const where: Condition[] = [];
		if (this.isKeyword('WHERE')) {
			this.pos++;
			where.push(this.condition());
			while (this.isKeyword('AND')) {
				this.pos++;
				where.push(this.condition());
			}
		}
		const orderBy: OrderTerm[] = [];
		if (this.isKeyword('ORDER')) {
			this.pos++;
			this.expectKeyword('BY');
			for (;;) {
				const column = this.identifier();
				let descending = false;
				if (this.isKeyword('DESC')) {
					descending = true;
					this.pos++;
				} else if (this.isKeyword('ASC')) {
					this.pos++;
				}
				orderBy.push({ column, descending });
				if (!this.isSymbol(',')) break;
				this.pos++;
			}
		}
		if (this.isSymbol(';')) this.pos++;
		if (this.pos < this.tokens.length) throw this.syntaxError(this.tokens[this.pos]);
		return { distinct, top, columns, table, where, orderBy };
	}

	private condition(): Condition {
		const column = this.identifier();
		this.expectSymbol('=');
		const token = this.next();
		if (token?.type === 'string')
			return { column, literal: { kind: 'string', value: token.value } };
		if (token?.type === 'number')
			return { column, literal: { kind: 'number', value: Number(token.value) } };
		throw this.syntaxError(token);
	}

	private next(): Token | undefined {
		return this.tokens[this.pos++];
	}

	private isKeyword(word: string): boolean {
		const token = this.tokens[this.pos];
		return token !== undefined && token.type === 'ident' && token.value.toUpperCase() === word;
	}

	private isSymbol(symbol: string): boolean {
		const token = this.tokens[this.pos];
		return token !== undefined && token.type === 'symbol' && token.value === symbol;
	}

	private expectKeyword(word: string): void {
		if (!this.isKeyword(word)) throw this.syntaxError(this.tokens[this.pos]);
		this.pos++;
	}

	private expectSymbol(symbol: string): void {
		if (!this.isSymbol(symbol)) throw this.syntaxError(this.tokens[this.pos]);
		this.pos++;
	}

	private identifier(): string {
		const token = this.tokens[this.pos];
		const reserved = ['FROM', 'WHERE', 'AND', 'ORDER', 'BY', 'SELECT', 'TOP', 'DISTINCT', 'WITH'];
		if (
			token === undefined ||
			token.type !== 'ident' ||
			reserved.includes(token.value.toUpperCase())
		)
			throw this.syntaxError(token);
		this.pos++;
		return token.value;
	}

	private syntaxError(token: Token | undefined): SqlError {
		const near = token ?? this.tokens[this.tokens.length - 1];
		return new SqlError(`Incorrect syntax near '${near === undefined ? '' : near.value}'.`);
	}
}

export function parseSelect(sql: string): SelectStatement {
	const tokens = tokenize(sql);
	if (tokens.length === 0) throw new SqlError("Incorrect syntax near ''.");
	return new Parser(tokens).parse();
}

function findName(names: string[], wanted: string): string | undefined {
	const lower = wanted.toLowerCase();
	return names.find((n) => n.toLowerCase() === lower);
}

function matches(value: DbValue, literal: Literal): boolean {
	if (value === null) return false;
	if (literal.kind === 'number') {
		const n = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
		return n === literal.value;
	}
	if (typeof value === 'boolean') {
		// A bit column: SQL Server converts '1'/'0' and 'true'/'false'.
		const l = literal.value.trim().toLowerCase();
		return value ? l === '1' || l === 'true' : l === '0' || l === 'false';
	}
	// SQL Server ignores trailing spaces and (default collation) case.
	return String(value).trimEnd().toLowerCase() === literal.value.trimEnd().toLowerCase();
}

/** Case- and accent-insensitive ordering, close to SQL Server's default Latin1_General_CI_AS. */
const COLLATOR = new Intl.Collator('en', { sensitivity: 'base' });

function compare(a: DbValue, b: DbValue): number {
	if (a === b) return 0;
	if (a === null) return -1;
	if (b === null) return 1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return COLLATOR.compare(String(a), String(b));
}

/** Runs a SELECT against one in-memory database. */
export function executeSelect(sql: string, database: SqlDatabase): DataRow[] {
	const statement = parseSelect(sql);
	const tableName = findName(Object.keys(database), statement.table);
	if (tableName === undefined) throw new SqlError(`Invalid object name '${statement.table}'.`);
	const table = database[tableName];
	const column = (name: string): string => {
		const found = findName(table.columns, name);
		if (found === undefined) throw new SqlError(`Invalid column name '${name}'.`);
		return found;
	};
	const projection = (statement.columns ?? table.columns).map((written) => ({
		written,
		source: column(written),
	}));
	const where = statement.where.map((c) => ({ source: column(c.column), literal: c.literal }));
	const order = statement.orderBy.map((o) => ({
		source: column(o.column),
		descending: o.descending,
	}));

	let rows = table.rows.filter((row) =>
		where.every((c) => matches(row[c.source] ?? null, c.literal)),
	);
	if (order.length > 0) {
		rows = [...rows].sort((r1, r2) => {
			for (const o of order) {
				const d = compare(r1[o.source] ?? null, r2[o.source] ?? null);
				if (d !== 0) return o.descending ? -d : d;
			}
			return 0;
		});
	}
	// SQL Server names a result column as the query wrote it.
	let projected = rows.map((row): DataRow =>
		Object.fromEntries(projection.map((p) => [p.written, row[p.source] ?? null])),
	);
	if (statement.distinct) {
		const seen = new Set<string>();
		projected = projected.filter((row) => {
			// Case-insensitive, as SQL Server's default collation compares text.
			const key = JSON.stringify(
				Object.values(row).map((v) => (typeof v === 'string' ? v.trimEnd().toLowerCase() : v)),
			);
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		});
	}
	if (statement.top !== undefined) projected = projected.slice(0, statement.top);
	return projected;
}
