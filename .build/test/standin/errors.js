"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.StandInClosedError = exports.ApiError = void 0;
exports.fieldRequired = fieldRequired;
exports.fieldInvalid = fieldInvalid;
class ApiError extends Error {
    status;
    detail;
    headers;
    constructor(status, message, detail = '', headers = {}) {
        super(message);
        this.status = status;
        this.detail = detail;
        this.headers = headers;
        this.name = 'ApiError';
    }
    toBody() {
        return { Message: this.message, Detail: this.detail };
    }
}
exports.ApiError = ApiError;
function fieldRequired(field) {
    return new ApiError(400, `The ${field} field is required.`, `Request body is missing '${field}'.`);
}
function fieldInvalid(field, expected) {
    return new ApiError(400, `The value of ${field} is not valid.`, `'${field}' must be ${expected}.`);
}
class StandInClosedError extends Error {
    constructor() {
        super('The stand-in server was closed.');
        this.name = 'StandInClosedError';
    }
}
exports.StandInClosedError = StandInClosedError;
