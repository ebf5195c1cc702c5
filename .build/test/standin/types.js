"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DataProducerError = void 0;
class DataProducerError extends Error {
    detail;
    constructor(message, detail) {
        super(message);
        this.detail = detail;
        this.name = 'DataProducerError';
    }
}
exports.DataProducerError = DataProducerError;
