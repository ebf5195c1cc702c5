"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dataSetTables = dataSetTables;
exports.selectTables = selectTables;
exports.setField = setField;
exports.flattenCubeViewRows = flattenCubeViewRows;
const validation_1 = require("./validation");
const ERROR_TABLE = /^errors?$/i;
function dataSetTables(body, subject) {
    const tables = [];
    for (const name of Object.keys(body)) {
        const value = body[name];
        if (!Array.isArray(value))
            continue;
        for (let index = 0; index < value.length; index++) {
            const row = value[index];
            if (typeof row !== 'object' || row === null || Array.isArray(row)) {
                throw new validation_1.ResponseError(`OneStream's answer for ${subject} is not a DataSet: row ${index + 1} of table "${name}" is ${row === null ? 'null' : Array.isArray(row) ? 'a list' : `a ${typeof row}`}, not an object`, 'A DataSet maps each table name to a list of rows, and each row maps column names to values. Check that the API path points at the OneStream Web API.');
            }
        }
        tables.push({ name, rows: value });
    }
    if (tables.length === 0) {
        const keys = Object.keys(body);
        throw new validation_1.ResponseError(`OneStream's answer for ${subject} contains no data table`, keys.length === 0
            ? 'The answer was an empty object. Check the name and the substitution variables.'
            : `The answer has these fields, none of them a table: ${keys.slice(0, 10).join(', ')}.`);
    }
    return tables;
}
function selectTables(tables, requestedName, selection, subject) {
    const requested = tables.find((table) => table.name.toLowerCase() === requestedName.toLowerCase());
    const errorTable = tables.find((table) => ERROR_TABLE.test(table.name) && table.rows.length > 0);
    if (errorTable && (!requested || requested === errorTable) && (selection === 'result' || tables.length === 1)) {
        throw new validation_1.ResponseError(`OneStream reported an error for ${subject}: ${errorText(errorTable.rows[0])}`, 'The object answered with an Error table instead of data. Its business rule or query failed; OneStream\'s Error Log may have more.');
    }
    if (selection === 'all')
        return tables;
    if (requested)
        return [requested];
    throw new validation_1.ResponseError(`OneStream returned no table named "${requestedName}" for ${subject}`, `Tables in the answer: ${tables.map((table) => `"${table.name}"`).join(', ')}. Set Result Table Name to one of them, or set the Tables option to All Tables.`);
}
function errorText(row) {
    const preferred = Object.keys(row).find((key) => /^(message|error|errormessage|description)$/i.test(key));
    const value = preferred === undefined ? Object.values(row).find((v) => typeof v === 'string') : row[preferred];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : JSON.stringify(row);
}
function setField(target, key, value) {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
const ROW_HEADER = /^RowHdr(\d+)(.*)$/;
const COLUMN = /^Col(\d+)(?:Hdr(\d+)(.*)|(Value)|(.*))$/;
function cubeViewLayout(keys) {
    const levels = new Map();
    const columns = new Map();
    const otherKeys = [];
    for (const key of keys) {
        const rowHeader = ROW_HEADER.exec(key);
        if (rowHeader) {
            const level = Number(rowHeader[1]);
            const entry = levels.get(level) ?? { level, otherKeys: [] };
            if (rowHeader[2] === 'NameAndDesc')
                entry.nameKey = key;
            else if (rowHeader[2] === 'Indent')
                entry.indentKey = key;
            else
                entry.otherKeys.push(key);
            levels.set(level, entry);
            continue;
        }
        const column = COLUMN.exec(key);
        if (column) {
            const index = Number(column[1]);
            const entry = columns.get(index) ?? { index, headerKeys: [], otherKeys: [], headers: [] };
            if (column[2] !== undefined && column[3] === 'NameAndDesc')
                entry.headers.push([Number(column[2]), key]);
            else if (column[4] === 'Value')
                entry.valueKey = key;
            else
                entry.otherKeys.push(key);
            columns.set(index, entry);
            continue;
        }
        otherKeys.push(key);
    }
    return {
        rowHeaderLevels: [...levels.values()].sort((a, b) => a.level - b.level),
        columns: [...columns.values()]
            .sort((a, b) => a.index - b.index)
            .map(({ headers, ...column }) => ({
            ...column,
            headerKeys: headers.sort((a, b) => a[0] - b[0]).map(([, key]) => key),
        })),
        otherKeys,
    };
}
function numbered(base, level) {
    return level === 0 ? base : `${base} ${level + 1}`;
}
function flattenCubeViewRows(rows) {
    const layouts = new Map();
    const flattened = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        const keys = Object.keys(row);
        const signature = keys.join('\u0000');
        let layout = layouts.get(signature);
        if (!layout) {
            layout = cubeViewLayout(keys);
            layouts.set(signature, layout);
        }
        flattened[r] = flattenRow(row, layout);
    }
    return flattened;
}
function flattenRow(row, layout) {
    const out = {};
    const used = new Set();
    const put = (name, value) => {
        let key = name;
        for (let n = 2; used.has(key); n++)
            key = `${name} (${n})`;
        used.add(key);
        setField(out, key, value === undefined ? null : value);
    };
    for (const level of layout.rowHeaderLevels) {
        if (level.nameKey)
            put(numbered('Row', level.level), row[level.nameKey]);
        if (level.indentKey)
            put(numbered('Indent', level.level), row[level.indentKey]);
        for (const key of level.otherKeys)
            put(key, row[key]);
    }
    for (const column of layout.columns) {
        const header = column.headerKeys
            .map((key) => row[key])
            .filter((value) => value !== null && value !== undefined && String(value).trim() !== '')
            .map((value) => String(value).trim())
            .join(' / ');
        if (column.valueKey)
            put(header === '' ? `Col${column.index}` : header, row[column.valueKey]);
        for (const key of column.otherKeys)
            put(key, row[key]);
    }
    for (const key of layout.otherKeys)
        put(key, row[key]);
    return out;
}
