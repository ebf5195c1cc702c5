"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RequestBody = void 0;
exports.isJsonObject = isJsonObject;
exports.parseJsonObjectBody = parseJsonObjectBody;
const errors_1 = require("./errors");
function isJsonObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
class RequestBody {
    raw;
    byLowerName = new Map();
    constructor(raw) {
        this.raw = raw;
        for (const [key, value] of Object.entries(raw))
            this.byLowerName.set(key.toLowerCase(), value);
    }
    get(name) {
        const value = this.byLowerName.get(name.toLowerCase());
        return value === null ? undefined : value;
    }
    has(name) {
        return this.get(name) !== undefined;
    }
    optionalString(name) {
        const value = this.get(name);
        if (value === undefined)
            return undefined;
        if (typeof value === 'string')
            return value;
        if (typeof value === 'number')
            return String(value);
        if (typeof value === 'boolean')
            return value ? 'True' : 'False';
        throw (0, errors_1.fieldInvalid)(name, 'a string');
    }
    requiredString(name) {
        const value = this.optionalString(name);
        if (value === undefined || value.trim() === '')
            throw (0, errors_1.fieldRequired)(name);
        return value;
    }
    optionalBoolean(name) {
        const value = this.get(name);
        if (value === undefined)
            return undefined;
        if (typeof value === 'boolean')
            return value;
        if (typeof value === 'string') {
            const lower = value.trim().toLowerCase();
            if (lower === 'true')
                return true;
            if (lower === 'false')
                return false;
        }
        throw (0, errors_1.fieldInvalid)(name, 'a boolean (true/false or "True"/"False")');
    }
    requiredBoolean(name) {
        const value = this.optionalBoolean(name);
        if (value === undefined)
            throw (0, errors_1.fieldRequired)(name);
        return value;
    }
    optionalObject(name) {
        const value = this.get(name);
        if (value === undefined)
            return undefined;
        if (!isJsonObject(value))
            throw (0, errors_1.fieldInvalid)(name, 'a JSON object');
        return new RequestBody(value);
    }
}
exports.RequestBody = RequestBody;
function parseJsonObjectBody(text) {
    if (text.trim() === '') {
        throw new errors_1.ApiError(400, 'The request is invalid.', 'The request body is empty; a JSON object is required.');
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new errors_1.ApiError(400, 'The request is invalid.', `The request body is not valid JSON: ${reason}`);
    }
    if (!isJsonObject(parsed)) {
        throw new errors_1.ApiError(400, 'The request is invalid.', 'The request body must be a JSON object.');
    }
    return new RequestBody(parsed);
}
