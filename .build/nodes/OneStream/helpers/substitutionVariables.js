"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readSubstitutionVariables = readSubstitutionVariables;
exports.formatSubstitutionVariables = formatSubstitutionVariables;
exports.unfilledPlaceholders = unfilledPlaceholders;
const validation_1 = require("./validation");
const NAME_FORBIDDEN = /[=,[\]{}|]|\s/;
function readSubstitutionVariables(raw) {
    if (typeof raw !== 'object' || raw === null)
        return [];
    const list = raw.variable;
    if (!Array.isArray(list))
        return [];
    const seen = new Map();
    const variables = [];
    list.forEach((entry, position) => {
        const pair = (typeof entry === 'object' && entry !== null ? entry : {});
        const name = typeof pair.name === 'string' ? pair.name.trim() : String(pair.name ?? '').trim();
        const value = pair.value === undefined || pair.value === null ? '' : String(pair.value);
        const label = `Substitution variable ${position + 1}`;
        if (name === '') {
            throw new validation_1.InputError(`${label} has no name`, 'Give every substitution variable a name, or remove the empty row.');
        }
        if (NAME_FORBIDDEN.test(name)) {
            throw new validation_1.InputError(`${label} has an invalid name: "${name}"`, 'A name cannot contain spaces or any of = , [ ] { } |. Use the parameter name only, e.g. pScenario, not |!pScenario!|.');
        }
        const key = name.toLowerCase();
        if (seen.has(key)) {
            throw new validation_1.InputError(`Substitution variable "${name}" is set twice`, `Remove one of the two rows named "${seen.get(key)}" and "${name}"; OneStream would only use one of them.`);
        }
        seen.set(key, name);
        variables.push({ name, value });
    });
    return variables;
}
function formatSubstitutionVariables(variables, options) {
    return variables
        .map(({ name, value }) => {
        assertRepresentable(name, value, options);
        return `${name}=[${value}]`;
    })
        .join(',');
}
function assertRepresentable(name, value, options) {
    if (/[[\]]/.test(value)) {
        throw new validation_1.InputError(`The value of substitution variable "${name}" contains a square bracket`, 'OneStream wraps each value in [ ], so a value cannot contain [ or ]. Remove the bracket; to pass a member list, use the member script syntax your object expects without brackets.');
    }
    if (/[\r\n]/.test(value)) {
        throw new validation_1.InputError(`The value of substitution variable "${name}" contains a line break`, 'Substitution variables travel as one line of Name=[Value] pairs. Remove the line break.');
    }
    if (!options.allowCommasInValues && value.includes(',')) {
        throw new validation_1.InputError(`The value of substitution variable "${name}" contains a comma`, 'OneStream sends all variables as one comma-separated list, and how it splits a comma inside a value is not documented. Remove the comma, pass the list as separate variables, or turn on the "Allow Commas in Values" option if you have checked that your OneStream version keeps [a,b] whole.');
    }
}
function unfilledPlaceholders(text, variables) {
    const provided = new Set(variables.map((v) => v.name.toLowerCase()));
    const missing = new Set();
    for (const match of text.matchAll(/\|!([^|!\s]+)!\|/g)) {
        if (!provided.has(match[1].toLowerCase()))
            missing.add(match[1]);
    }
    return [...missing];
}
