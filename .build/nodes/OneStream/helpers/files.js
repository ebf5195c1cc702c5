"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.columnsOf = columnsOf;
exports.csvField = csvField;
exports.rowsToCsv = rowsToCsv;
exports.rowsToJson = rowsToJson;
const CHUNK_CHARS = 1 << 22;
function columnsOf(rows) {
    const seen = new Set();
    const columns = [];
    let previousKeys;
    for (const row of rows) {
        const keys = Object.keys(row);
        if (previousKeys && keys.length === previousKeys.length && keys.every((key, i) => key === previousKeys[i])) {
            continue;
        }
        previousKeys = keys;
        for (const key of keys) {
            if (!seen.has(key)) {
                seen.add(key);
                columns.push(key);
            }
        }
    }
    return columns;
}
const NEEDS_QUOTES = /[",\r\n]/;
function csvField(value) {
    let text;
    if (value === null || value === undefined)
        return '';
    if (typeof value === 'string')
        text = value;
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
        return String(value);
    else
        text = JSON.stringify(value) ?? '';
    if (leadingOrTrailingSpace(text) || NEEDS_QUOTES.test(text))
        return `"${text.replace(/"/g, '""')}"`;
    return text;
}
function leadingOrTrailingSpace(text) {
    return text.length > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32);
}
class ChunkedText {
    chunks = [];
    pending = [];
    pendingChars = 0;
    push(text) {
        this.pending.push(text);
        this.pendingChars += text.length;
        if (this.pendingChars >= CHUNK_CHARS)
            this.flush();
    }
    toBuffer() {
        this.flush();
        return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    }
    flush() {
        if (this.pending.length === 0)
            return;
        this.chunks.push(Buffer.from(this.pending.join(''), 'utf8'));
        this.pending = [];
        this.pendingChars = 0;
    }
}
function ownValue(row, column) {
    const value = row[column];
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
        return Object.prototype.hasOwnProperty.call(row, column) ? value : undefined;
    }
    return value;
}
function rowsToCsv(rows) {
    const columns = columnsOf(rows);
    const out = new ChunkedText();
    out.push(columns.map(csvField).join(',') + '\r\n');
    const width = columns.length;
    const fields = new Array(width);
    for (const row of rows) {
        for (let c = 0; c < width; c++)
            fields[c] = csvField(ownValue(row, columns[c]));
        out.push(fields.join(',') + '\r\n');
    }
    return out.toBuffer();
}
function rowsToJson(rows) {
    const out = new ChunkedText();
    out.push('[');
    for (let r = 0; r < rows.length; r++) {
        out.push((r === 0 ? '' : ',') + JSON.stringify(rows[r]));
    }
    out.push(']');
    return out.toBuffer();
}
