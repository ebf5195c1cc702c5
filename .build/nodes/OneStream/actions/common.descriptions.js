"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.jobOptionsCollection = exports.fileNameOption = exports.tableSelectionOption = exports.allowCommasOption = exports.readRetryOptions = exports.outputProperties = exports.resultTableNameProperty = exports.substitutionVariablesProperty = exports.applicationNameProperty = void 0;
exports.timeoutOption = timeoutOption;
exports.concurrencyOption = concurrencyOption;
exports.readOptionsCollection = readOptionsCollection;
const parameters_1 = require("../helpers/parameters");
const transport_1 = require("../transport");
exports.applicationNameProperty = {
    displayName: 'Application',
    name: 'applicationName',
    type: 'resourceLocator',
    default: { mode: 'list', value: '' },
    required: true,
    description: 'The OneStream application to work in',
    modes: [
        {
            displayName: 'From List',
            name: 'list',
            type: 'list',
            typeOptions: { searchListMethod: 'searchApplications', searchable: true },
        },
        {
            displayName: 'By Name',
            name: 'name',
            type: 'string',
            placeholder: 'e.g. GolfStream',
        },
    ],
};
exports.substitutionVariablesProperty = {
    displayName: 'Substitution Variables',
    name: 'substitutionVariables',
    type: 'fixedCollection',
    typeOptions: { multipleValues: true },
    placeholder: 'Add Variable',
    default: {},
    description: 'Values for the |!Name!| parameters of the OneStream object, sent as Name=[Value] pairs. A value cannot contain [ or ], nor a comma unless "Allow Commas in Values" is on.',
    options: [
        {
            displayName: 'Variable',
            name: 'variable',
            values: [
                {
                    displayName: 'Name',
                    name: 'name',
                    type: 'string',
                    default: '',
                    placeholder: 'e.g. pScenario',
                    description: 'Parameter name, without the |! !| markers',
                },
                {
                    displayName: 'Value',
                    name: 'value',
                    type: 'string',
                    default: '',
                    placeholder: 'e.g. Actual',
                },
            ],
        },
    ],
};
exports.resultTableNameProperty = {
    displayName: 'Result Table Name',
    name: 'resultTableName',
    type: 'string',
    default: 'Results',
    description: 'Name OneStream gives the result table in its answer; the rows are read from the table of this name',
};
exports.outputProperties = [
    {
        displayName: 'Output',
        name: 'output',
        type: 'options',
        default: 'rows',
        options: [
            { name: 'One Item per Row', value: 'rows', description: "Each row becomes an item, with the row's columns as fields" },
            { name: 'One Item per Table', value: 'table', description: 'One item holding the table name, row count and all rows' },
            { name: 'File', value: 'file', description: 'A CSV or JSON file in a binary field, for file-based services' },
        ],
    },
    {
        displayName: 'File Format',
        name: 'fileFormat',
        type: 'options',
        default: 'csv',
        displayOptions: { show: { output: ['file'] } },
        options: [
            { name: 'CSV', value: 'csv', description: 'RFC 4180, UTF-8, header line, CRLF line ends' },
            { name: 'JSON', value: 'json', description: 'A JSON array of row objects' },
        ],
    },
    {
        displayName: 'Put Output File in Field',
        name: 'binaryPropertyName',
        type: 'string',
        default: 'data',
        required: true,
        displayOptions: { show: { output: ['file'] } },
        hint: 'The name of the output binary field to put the file in',
    },
];
function timeoutOption(kind) {
    return {
        displayName: 'Timeout (Ms)',
        name: 'timeout',
        type: 'number',
        typeOptions: { minValue: 1000 },
        default: kind === 'job' ? parameters_1.JOB_TIMEOUT_DEFAULT_MS : parameters_1.READ_TIMEOUT_DEFAULT_MS,
        description: kind === 'job'
            ? 'How long to wait for the job to finish. API version 5.2.0 answers only when the job has ended, so the default is 4 hours. If it runs out, the job may still be running in OneStream and is not sent again.'
            : 'How long to wait for one answer from OneStream before giving up',
    };
}
function concurrencyOption(kind) {
    return {
        displayName: 'Parallel Calls',
        name: 'concurrency',
        type: 'number',
        typeOptions: { minValue: 1, maxValue: 32 },
        default: 1,
        description: kind === 'job'
            ? 'How many input items to run at the same time. Keep 1 unless the jobs are independent: parallel Data Management jobs can lock the same data units, and OneStream runs them all at once.'
            : 'How many input items to query at the same time. Output order always follows input order.',
    };
}
exports.readRetryOptions = [
    {
        displayName: 'Read Retries',
        name: 'maxRetries',
        type: 'number',
        typeOptions: { minValue: 0, maxValue: 10 },
        default: transport_1.DEFAULT_RETRY_POLICY.maxRetries,
        description: 'How many times to retry this read after a transient failure (HTTP 429, 502, 503, 504 or a dropped connection). Retries wait with exponential backoff and honour Retry-After.',
    },
    {
        displayName: 'Retry Delay (Ms)',
        name: 'retryDelay',
        type: 'number',
        typeOptions: { minValue: 0 },
        default: transport_1.DEFAULT_RETRY_POLICY.baseDelayMs,
        description: 'Wait before the first retry; it doubles for each further retry',
    },
];
exports.allowCommasOption = {
    displayName: 'Allow Commas in Values',
    name: 'allowCommasInValues',
    type: 'boolean',
    default: false,
    description: 'Whether to send substitution variable values that contain commas, as Name=[a,b]. OneStream does not document how it splits such values; turn this on only after checking it on your server.',
};
exports.tableSelectionOption = {
    displayName: 'Tables',
    name: 'tables',
    type: 'options',
    default: 'result',
    options: [
        { name: 'Result Table Only', value: 'result', description: 'The table named by Result Table Name' },
        { name: 'All Tables', value: 'all', description: 'Every table in the answer; rows get a _table field' },
    ],
};
exports.fileNameOption = {
    displayName: 'File Name',
    name: 'fileName',
    type: 'string',
    default: '',
    placeholder: 'e.g. gl-export.csv',
    description: 'Name of the output file. Default: the table name with the format extension.',
    displayOptions: { show: { '/output': ['file'] } },
};
function readOptionsCollection(extra = []) {
    return {
        displayName: 'Options',
        name: 'options',
        type: 'collection',
        placeholder: 'Add Option',
        default: {},
        options: [
            ...extra,
            exports.allowCommasOption,
            exports.fileNameOption,
            concurrencyOption('read'),
            ...exports.readRetryOptions,
            exports.tableSelectionOption,
            timeoutOption('read'),
        ],
    };
}
exports.jobOptionsCollection = {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add Option',
    default: {},
    options: [exports.allowCommasOption, concurrencyOption('job'), timeoutOption('job')],
};
