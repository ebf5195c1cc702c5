"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ResponseError = exports.InputError = void 0;
exports.requireName = requireName;
exports.optionalName = optionalName;
class InputError extends Error {
    description;
    constructor(message, description) {
        super(message);
        this.description = description;
    }
}
exports.InputError = InputError;
function requireName(value, label, example) {
    const text = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim();
    if (text === '') {
        throw new InputError(`${label} is empty`, `Enter the ${label.toLowerCase()}, e.g. ${example}. If it comes from an expression, check that the expression resolves to a value for this item.`);
    }
    return text;
}
function optionalName(value) {
    return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim();
}
class ResponseError extends Error {
    description;
    constructor(message, description) {
        super(message);
        this.description = description;
    }
}
exports.ResponseError = ResponseError;
