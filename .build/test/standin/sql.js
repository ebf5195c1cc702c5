"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SqlError = void 0;
exports.parseSelect = parseSelect;
exports.executeSelect = executeSelect;
class SqlError extends Error {
    constructor(message) {
        super(message);
        this.name = 'SqlError';
    }
}
exports.SqlError = SqlError;
function tokenize(sql) {
    const tokens = [];
    let i = 0;
    while (i < sql.length) {
        const c = sql[i];
        if (/\s/.test(c)) {
            i++;
        }
        else if (c === '-' && sql[i + 1] === '-') {
            while (i < sql.length && sql[i] !== '\n')
                i++;
        }
        else if (c === "'" || ((c === 'N' || c === 'n') && sql[i + 1] === "'")) {
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
        }
        else if (c === '[') {
            const close = sql.indexOf(']', i);
            if (close === -1)
                throw new SqlError(`Unclosed quotation mark after the character string '${sql.slice(i + 1)}'.`);
            tokens.push({ type: 'ident', value: sql.slice(i + 1, close) });
            i = close + 1;
        }
        else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(sql[i + 1] ?? ''))) {
            const match = /^-?[0-9]+(\.[0-9]+)?/.exec(sql.slice(i));
            const text = match === null ? c : match[0];
            tokens.push({ type: 'number', value: text });
            i += text.length;
        }
        else if (/[A-Za-z_@#]/.test(c)) {
            const match = /^[A-Za-z_@#][A-Za-z0-9_@#$]*/.exec(sql.slice(i));
            const text = match === null ? c : match[0];
            tokens.push({ type: 'ident', value: text });
            i += text.length;
        }
        else {
            tokens.push({ type: 'symbol', value: c });
            i++;
        }
    }
    return tokens;
}
class Parser {
    tokens;
    pos = 0;
    constructor(tokens) {
        this.tokens = tokens;
    }
    parse() {
        this.expectKeyword('SELECT');
        let top;
        if (this.isKeyword('TOP')) {
            this.pos++;
            const parenthesised = this.isSymbol('(');
            if (parenthesised)
                this.pos++;
            const count = this.next();
            if (count === undefined || count.type !== 'number' || !/^[0-9]+$/.test(count.value))
                throw this.syntaxError(count);
            top = Number(count.value);
            if (parenthesised)
                this.expectSymbol(')');
        }
        let columns;
        if (this.isSymbol('*')) {
            this.pos++;
        }
        else {
            columns = [this.identifier()];
            while (this.isSymbol(',')) {
                this.pos++;
                columns.push(this.identifier());
            }
        }
        this.expectKeyword('FROM');
        let table = this.identifier();
        for (let parts = 0; parts < 2 && this.isSymbol('.'); parts++) {
            this.pos++;
            table = this.identifier();
        }
        const where = [];
        if (this.isKeyword('WHERE')) {
            this.pos++;
            where.push(this.condition());
            while (this.isKeyword('AND')) {
                this.pos++;
                where.push(this.condition());
            }
        }
        const orderBy = [];
        if (this.isKeyword('ORDER')) {
            this.pos++;
            this.expectKeyword('BY');
            for (;;) {
                const column = this.identifier();
                let descending = false;
                if (this.isKeyword('DESC')) {
                    descending = true;
                    this.pos++;
                }
                else if (this.isKeyword('ASC')) {
                    this.pos++;
                }
                orderBy.push({ column, descending });
                if (!this.isSymbol(','))
                    break;
                this.pos++;
            }
        }
        if (this.isSymbol(';'))
            this.pos++;
        if (this.pos < this.tokens.length)
            throw this.syntaxError(this.tokens[this.pos]);
        return { top, columns, table, where, orderBy };
    }
    condition() {
        const column = this.identifier();
        this.expectSymbol('=');
        const token = this.next();
        if (token?.type === 'string')
            return { column, literal: { kind: 'string', value: token.value } };
        if (token?.type === 'number')
            return { column, literal: { kind: 'number', value: Number(token.value) } };
        throw this.syntaxError(token);
    }
    next() {
        return this.tokens[this.pos++];
    }
    isKeyword(word) {
        const token = this.tokens[this.pos];
        return token !== undefined && token.type === 'ident' && token.value.toUpperCase() === word;
    }
    isSymbol(symbol) {
        const token = this.tokens[this.pos];
        return token !== undefined && token.type === 'symbol' && token.value === symbol;
    }
    expectKeyword(word) {
        if (!this.isKeyword(word))
            throw this.syntaxError(this.tokens[this.pos]);
        this.pos++;
    }
    expectSymbol(symbol) {
        if (!this.isSymbol(symbol))
            throw this.syntaxError(this.tokens[this.pos]);
        this.pos++;
    }
    identifier() {
        const token = this.tokens[this.pos];
        const reserved = ['FROM', 'WHERE', 'AND', 'ORDER', 'BY', 'SELECT', 'TOP'];
        if (token === undefined || token.type !== 'ident' || reserved.includes(token.value.toUpperCase()))
            throw this.syntaxError(token);
        this.pos++;
        return token.value;
    }
    syntaxError(token) {
        const near = token ?? this.tokens[this.tokens.length - 1];
        return new SqlError(`Incorrect syntax near '${near === undefined ? '' : near.value}'.`);
    }
}
function parseSelect(sql) {
    const tokens = tokenize(sql);
    if (tokens.length === 0)
        throw new SqlError("Incorrect syntax near ''.");
    return new Parser(tokens).parse();
}
function findName(names, wanted) {
    const lower = wanted.toLowerCase();
    return names.find((n) => n.toLowerCase() === lower);
}
function matches(value, literal) {
    if (value === null)
        return false;
    if (literal.kind === 'number') {
        const n = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
        return n === literal.value;
    }
    if (typeof value === 'boolean') {
        const l = literal.value.trim().toLowerCase();
        return value ? l === '1' || l === 'true' : l === '0' || l === 'false';
    }
    return String(value).trimEnd().toLowerCase() === literal.value.trimEnd().toLowerCase();
}
function compare(a, b) {
    if (a === b)
        return 0;
    if (a === null)
        return -1;
    if (b === null)
        return 1;
    if (typeof a === 'number' && typeof b === 'number')
        return a - b;
    const x = String(a).toLowerCase();
    const y = String(b).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
}
function executeSelect(sql, database) {
    const statement = parseSelect(sql);
    const tableName = findName(Object.keys(database), statement.table);
    if (tableName === undefined)
        throw new SqlError(`Invalid object name '${statement.table}'.`);
    const table = database[tableName];
    const column = (name) => {
        const found = findName(table.columns, name);
        if (found === undefined)
            throw new SqlError(`Invalid column name '${name}'.`);
        return found;
    };
    const projection = (statement.columns ?? table.columns).map((written) => ({ written, source: column(written) }));
    const where = statement.where.map((c) => ({ source: column(c.column), literal: c.literal }));
    const order = statement.orderBy.map((o) => ({ source: column(o.column), descending: o.descending }));
    let rows = table.rows.filter((row) => where.every((c) => matches(row[c.source] ?? null, c.literal)));
    if (order.length > 0) {
        rows = [...rows].sort((r1, r2) => {
            for (const o of order) {
                const d = compare(r1[o.source] ?? null, r2[o.source] ?? null);
                if (d !== 0)
                    return o.descending ? -d : d;
            }
            return 0;
        });
    }
    if (statement.top !== undefined)
        rows = rows.slice(0, statement.top);
    return rows.map((row) => Object.fromEntries(projection.map((p) => [p.written, row[p.source] ?? null])));
}
