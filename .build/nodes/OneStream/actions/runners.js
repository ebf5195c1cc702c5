"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runJob = runJob;
exports.runDataQuery = runDataQuery;
const dataSet_1 = require("../helpers/dataSet");
const files_1 = require("../helpers/files");
const parameters_1 = require("../helpers/parameters");
const validation_1 = require("../helpers/validation");
const transport_1 = require("../transport");
async function runJob(itemIndex, state, spec) {
    const options = (0, parameters_1.readOptions)(this, itemIndex);
    const startedAt = Date.now();
    const reply = await (0, transport_1.requestJob)(this, state.connection, {
        endpoint: spec.endpoint,
        apiVersion: '5.2.0',
        body: {
            BaseWebServerUrl: state.connection.webServerUrl,
            ...spec.body,
            CustomSubstVarsAsCommaSeparatedPairs: spec.substitutionVariables.text,
        },
        kind: 'job',
        subject: spec.subject,
        timeoutMs: (0, parameters_1.timeoutOption)(options, parameters_1.JOB_TIMEOUT_DEFAULT_MS),
        itemIndex,
    });
    const finishedAt = Date.now();
    return [
        {
            json: {
                success: true,
                message: reply.message,
                ...spec.ran,
                substitutionVariables: spec.substitutionVariables.asObject,
                startedAt: new Date(startedAt).toISOString(),
                finishedAt: new Date(finishedAt).toISOString(),
                durationMs: finishedAt - startedAt,
            },
        },
    ];
}
async function runDataQuery(itemIndex, state, spec) {
    const options = (0, parameters_1.readOptions)(this, itemIndex);
    const answer = await (0, transport_1.requestData)(this, state.connection, {
        endpoint: spec.endpoint,
        apiVersion: spec.apiVersion,
        body: spec.body,
        kind: 'read',
        subject: spec.subject,
        timeoutMs: (0, parameters_1.timeoutOption)(options, parameters_1.READ_TIMEOUT_DEFAULT_MS),
        retry: (0, parameters_1.retryPolicyOption)(options),
        itemIndex,
    });
    const dataSet = spec.unwrap ? spec.unwrap(answer) : answer;
    const tables = (0, dataSet_1.dataSetTables)(dataSet, spec.subject);
    const selection = (0, parameters_1.stringOption)(options, 'tables', ['result', 'all'], 'result');
    const selected = spec.acceptOnlyTable && tables.length === 1
        ? (0, dataSet_1.selectTables)(tables, tables[0].name, selection, spec.subject)
        : (0, dataSet_1.selectTables)(tables, spec.resultTableName, selection, spec.subject);
    const shaped = spec.transformRows ? selected.map(spec.transformRows) : selected;
    return await shapeOutput.call(this, itemIndex, shaped, options);
}
async function shapeOutput(itemIndex, tables, options) {
    const output = (0, parameters_1.stringParameter)(this, 'output', itemIndex, 'rows');
    if (output === 'table') {
        return tables.map((table) => ({ json: { table: table.name, rowCount: table.rows.length, rows: table.rows } }));
    }
    if (output === 'file') {
        const format = (0, parameters_1.stringParameter)(this, 'fileFormat', itemIndex, 'csv') === 'json' ? 'json' : 'csv';
        const binaryProperty = (0, validation_1.requireName)((0, parameters_1.stringParameter)(this, 'binaryPropertyName', itemIndex, 'data'), 'Put Output File in Field', 'data');
        const requestedName = typeof options.fileName === 'string' ? options.fileName.trim() : '';
        const files = [];
        for (const table of tables) {
            const fileName = requestedName === ''
                ? `${table.name}.${format}`
                : tables.length === 1
                    ? requestedName
                    : `${table.name}-${requestedName}`;
            const content = format === 'csv' ? (0, files_1.rowsToCsv)(table.rows) : (0, files_1.rowsToJson)(table.rows);
            const binary = await this.helpers.prepareBinaryData(content, fileName, format === 'csv' ? 'text/csv' : 'application/json');
            files.push({
                json: { table: table.name, rowCount: table.rows.length, fileName, fileFormat: format, fileSize: content.length },
                binary: { [binaryProperty]: binary },
            });
        }
        return files;
    }
    if (tables.length === 1) {
        return tables[0].rows.map((row) => ({ json: row }));
    }
    return tables.flatMap((table) => table.rows.map((row) => ({ json: { _table: table.name, ...row } })));
}
