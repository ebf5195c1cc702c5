"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.READ_TIMEOUT_DEFAULT_MS = exports.JOB_TIMEOUT_DEFAULT_MS = void 0;
exports.readOptions = readOptions;
exports.stringParameter = stringParameter;
exports.booleanOption = booleanOption;
exports.stringOption = stringOption;
exports.integerOption = integerOption;
exports.readApplicationName = readApplicationName;
exports.readSubstitutionVariableParameter = readSubstitutionVariableParameter;
exports.timeoutOption = timeoutOption;
exports.retryPolicyOption = retryPolicyOption;
exports.apiVersionOption = apiVersionOption;
const transport_1 = require("../transport");
const substitutionVariables_1 = require("./substitutionVariables");
const validation_1 = require("./validation");
function readOptions(ctx, itemIndex) {
    const options = ctx.getNodeParameter('options', itemIndex, {});
    return typeof options === 'object' && options !== null && !Array.isArray(options) ? options : {};
}
function stringParameter(ctx, name, itemIndex, fallback = '') {
    const value = ctx.getNodeParameter(name, itemIndex, fallback);
    if (value === undefined || value === null)
        return fallback;
    return typeof value === 'string' ? value : String(value);
}
function booleanOption(options, name, fallback) {
    const value = options[name];
    return typeof value === 'boolean' ? value : fallback;
}
function stringOption(options, name, allowed, fallback) {
    const value = options[name];
    return typeof value === 'string' && allowed.includes(value) ? value : fallback;
}
function integerOption(options, name, label, fallback, bounds) {
    const raw = options[name];
    if (raw === undefined || raw === null || raw === '')
        return fallback;
    const value = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isInteger(value) || value < bounds.min || value > bounds.max) {
        throw new validation_1.InputError(`The ${label} option must be a whole number from ${bounds.min} to ${bounds.max}, not "${String(raw)}"`, `Change the ${label} option in the node's Options.`);
    }
    return value;
}
function readApplicationName(ctx, itemIndex) {
    const value = ctx.getNodeParameter('applicationName', itemIndex, '', { extractValue: true });
    return (0, validation_1.requireName)(value, 'Application', 'GolfStream');
}
function readSubstitutionVariableParameter(ctx, itemIndex, options) {
    const list = (0, substitutionVariables_1.readSubstitutionVariables)(ctx.getNodeParameter('substitutionVariables', itemIndex, {}));
    const text = (0, substitutionVariables_1.formatSubstitutionVariables)(list, {
        allowCommasInValues: booleanOption(options, 'allowCommasInValues', false),
    });
    const asObject = {};
    for (const { name, value } of list) {
        Object.defineProperty(asObject, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return { list, text, asObject };
}
const HOUR = 3_600_000;
exports.JOB_TIMEOUT_DEFAULT_MS = 4 * HOUR;
exports.READ_TIMEOUT_DEFAULT_MS = 10 * 60_000;
function timeoutOption(options, fallbackMs) {
    return integerOption(options, 'timeout', 'Timeout', fallbackMs, { min: 1000, max: 24 * HOUR });
}
function retryPolicyOption(options) {
    return {
        ...transport_1.DEFAULT_RETRY_POLICY,
        maxRetries: integerOption(options, 'maxRetries', 'Read Retries', transport_1.DEFAULT_RETRY_POLICY.maxRetries, { min: 0, max: 10 }),
        baseDelayMs: integerOption(options, 'retryDelay', 'Retry Delay', transport_1.DEFAULT_RETRY_POLICY.baseDelayMs, { min: 0, max: 60_000 }),
    };
}
function apiVersionOption(options) {
    return stringOption(options, 'apiVersion', ['5.2.0', '7.2.0'], '5.2.0');
}
