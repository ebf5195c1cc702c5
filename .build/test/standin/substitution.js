"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseSubstitutionVariables = parseSubstitutionVariables;
exports.getVariable = getVariable;
exports.fillPlaceholders = fillPlaceholders;
function parseSubstitutionVariables(text) {
    const result = {};
    let i = 0;
    while (i < text.length) {
        const eq = text.indexOf('=', i);
        const comma = text.indexOf(',', i);
        if (eq === -1 || (comma !== -1 && comma < eq)) {
            if (comma === -1)
                break;
            i = comma + 1;
            continue;
        }
        const name = text.slice(i, eq).trim();
        let j = eq + 1;
        while (j < text.length && (text[j] === ' ' || text[j] === '\t'))
            j++;
        let value;
        if (text[j] === '[') {
            const close = matchingBracket(text, j);
            const end = close === -1 ? text.length : close;
            const next = close === -1 ? -1 : text.indexOf(',', close);
            const trailing = close === -1 ? '' : text.slice(close + 1, next === -1 ? text.length : next);
            if (trailing.trim() === '') {
                value = text.slice(j + 1, end);
                i = next === -1 ? text.length : next + 1;
            }
            else {
                const stop = text.indexOf(',', j);
                value = text.slice(j, stop === -1 ? text.length : stop).trim();
                i = stop === -1 ? text.length : stop + 1;
            }
        }
        else {
            const stop = text.indexOf(',', j);
            value = text.slice(j, stop === -1 ? text.length : stop).trim();
            i = stop === -1 ? text.length : stop + 1;
        }
        if (name !== '')
            result[name] = value;
    }
    return result;
}
function matchingBracket(text, open) {
    let depth = 0;
    for (let k = open; k < text.length; k++) {
        if (text[k] === '[')
            depth++;
        else if (text[k] === ']') {
            depth--;
            if (depth === 0)
                return k;
        }
    }
    return -1;
}
function getVariable(vars, name) {
    if (Object.prototype.hasOwnProperty.call(vars, name))
        return vars[name];
    const lower = name.toLowerCase();
    for (const key of Object.keys(vars)) {
        if (key.toLowerCase() === lower)
            return vars[key];
    }
    return undefined;
}
function fillPlaceholders(text, vars) {
    const unresolved = [];
    const filled = text.replace(/\|!([^|!]+?)!\|/g, (whole, name) => {
        const value = getVariable(vars, name.trim());
        if (value === undefined) {
            unresolved.push(name.trim());
            return whole;
        }
        return value;
    });
    return { text: filled, unresolved };
}
