"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ERROR_TABLE_NAME = exports.BIG_CUBE_VIEW_COLUMNS = exports.BIG_ROWS_MAX = exports.BIG_ROWS_DEFAULT = exports.TIME_PERIODS = exports.SCENARIOS = exports.ACCOUNTS = exports.ENTITIES = exports.GROUP_ENTITY = exports.APPLICATION_NAMES = void 0;
exports.factRows = factRows;
exports.rowCountParameter = rowCountParameter;
exports.bigExportRow = bigExportRow;
exports.bigExportRows = bigExportRows;
exports.bigCubeViewRow = bigCubeViewRow;
exports.errorTableRows = errorTableRows;
exports.sampleData = sampleData;
const substitution_1 = require("./substitution");
const types_1 = require("./types");
exports.APPLICATION_NAMES = ['AcmeConsolidation', 'AcmeConsolidation_Test'];
const BASE_ENTITIES = [
    { name: 'Acme US', description: 'Acme Inc. (United States)', currency: 'USD', salesBase: 1_250_000, cogsRatio: 0.58, opexBase: 305_000 },
    { name: 'Acme UK', description: 'Acme Ltd (United Kingdom)', currency: 'GBP', salesBase: 640_000, cogsRatio: 0.61, opexBase: 148_500 },
    { name: 'Acme DE', description: 'Acme GmbH (Germany)', currency: 'EUR', salesBase: 820_000, cogsRatio: 0.57, opexBase: 201_250 },
    { name: 'Acme Österreich', description: 'Acme Österreich GmbH (Austria)', currency: 'EUR', salesBase: 310_000, cogsRatio: 0.6, opexBase: 77_800 },
];
exports.GROUP_ENTITY = 'Acme Group';
exports.ENTITIES = [exports.GROUP_ENTITY, ...BASE_ENTITIES.map((e) => e.name)];
exports.ACCOUNTS = [
    { name: 'Sales', description: 'Net Sales', indent: 2 },
    { name: 'COGS', description: 'Cost of Goods Sold', indent: 2 },
    { name: 'GrossMargin', description: 'Gross Margin', indent: 1 },
    { name: 'Opex', description: 'Operating Expenses', indent: 1 },
    { name: 'NetIncome', description: 'Net Income', indent: 0 },
];
exports.SCENARIOS = [
    { name: 'Actual', description: 'Actual' },
    { name: 'Budget', description: 'Budget 2026' },
];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'];
exports.TIME_PERIODS = MONTH_NAMES.map((m, i) => ({
    name: `2026M${i + 1}`,
    description: `${m} 2026`,
}));
const FX_TO_USD = {
    USD: [1, 1, 1, 1, 1, 1],
    GBP: [1.265, 1.2712, 1.2688, 1.2755, 1.2801, 1.2779],
    EUR: [1.0842, 1.0815, 1.0876, 1.0903, 1.0868, 1.0921],
};
const round2 = (x) => Math.round(x * 100) / 100;
function baseAmounts(entity, entityIndex, scenario, month) {
    const budget = scenario === 'Budget';
    const wiggle = budget ? 0 : (((entityIndex + 1) * (month + 3) * 37) % 97) * 113.17;
    const sales = round2(entity.salesBase * (1 + 0.025 * month) * (budget ? 1.04 : 1) + wiggle);
    const cogs = round2(sales * (entity.cogsRatio + (budget ? -0.005 : 0.0011 * ((month * 7) % 5))));
    const grossMargin = round2(sales - cogs);
    const opex = round2(entity.opexBase * (1 + 0.01 * month) + (budget ? 0 : ((entityIndex * 11 + month * 5) % 13) * 211.4));
    return { Sales: sales, COGS: cogs, GrossMargin: grossMargin, Opex: opex, NetIncome: round2(grossMargin - opex) };
}
const COMMENTS = {
    'Actual|Acme UK|Opex|2026M3': 'Includes restructuring accrual, reversed in 2026M4',
    'Actual|Acme DE|COGS|2026M2': 'Freight surcharge — see ticket FIN-1182',
    'Actual|Acme Österreich|Sales|2026M5': 'Late invoice "AT-2026-0457" booked in May',
    'Budget|Acme US|Sales|2026M1': 'Budget v3 (approved 2025-12-12)',
};
function factRows() {
    const rows = [];
    for (const scenario of exports.SCENARIOS) {
        exports.TIME_PERIODS.forEach((time, month) => {
            const group = {};
            const perEntity = BASE_ENTITIES.map((entity, index) => {
                const amounts = baseAmounts(entity, index, scenario.name, month);
                for (const account of exports.ACCOUNTS) {
                    group[account.name] = (group[account.name] ?? 0) + amounts[account.name] * FX_TO_USD[entity.currency][month];
                }
                return { entity: entity.name, currency: entity.currency, amounts };
            });
            const all = [
                { entity: exports.GROUP_ENTITY, currency: 'USD', amounts: Object.fromEntries(Object.entries(group).map(([k, v]) => [k, round2(v)])) },
                ...perEntity,
            ];
            for (const { entity, currency, amounts } of all) {
                for (const account of exports.ACCOUNTS) {
                    const key = `${scenario.name}|${entity}|${account.name}|${time.name}`;
                    rows.push({
                        Entity: entity,
                        Account: account.name,
                        Scenario: scenario.name,
                        Time: time.name,
                        Amount: amounts[account.name],
                        Currency: currency,
                        Comment: COMMENTS[key] ?? null,
                    });
                }
            }
        });
    }
    return rows;
}
function sameName(a, b) {
    return a.toLowerCase() === b.toLowerCase();
}
function memberParameter(ctx, variable, dimension, members, objectName) {
    const value = (0, substitution_1.getVariable)(ctx.substitutionVariables, variable);
    if (value === undefined || value.trim() === '')
        return undefined;
    const member = members.find((m) => sameName(m, value.trim()));
    if (member === undefined) {
        throw new types_1.DataProducerError(`Error processing '${objectName}'.`, `Invalid ${dimension} member name '${value}'.`);
    }
    return member;
}
const glExport = {
    name: 'GL_Export',
    workspace: 'Default',
    isSystemLevel: false,
    rows(ctx) {
        const scenario = memberParameter(ctx, 'pScenario', 'Scenario', exports.SCENARIOS.map((s) => s.name), 'GL_Export');
        const time = memberParameter(ctx, 'pTime', 'Time', exports.TIME_PERIODS.map((t) => t.name), 'GL_Export');
        const entity = memberParameter(ctx, 'pEntity', 'Entity', exports.ENTITIES, 'GL_Export');
        const account = memberParameter(ctx, 'pAccount', 'Account', exports.ACCOUNTS.map((a) => a.name), 'GL_Export');
        return factRows().filter((r) => (scenario === undefined || r.Scenario === scenario) &&
            (time === undefined || r.Time === time) &&
            (entity === undefined || r.Entity === entity) &&
            (account === undefined || r.Account === account));
    },
};
exports.BIG_ROWS_DEFAULT = 1000;
exports.BIG_ROWS_MAX = 20_000_000;
function rowCountParameter(ctx, objectName) {
    const raw = (0, substitution_1.getVariable)(ctx.substitutionVariables, 'pRows');
    if (raw === undefined || raw.trim() === '')
        return exports.BIG_ROWS_DEFAULT;
    const trimmed = raw.trim();
    if (!/^\d+$/.test(trimmed) || Number(trimmed) > exports.BIG_ROWS_MAX) {
        throw new types_1.DataProducerError(`Error processing '${objectName}'.`, 'Input string was not in a correct format.');
    }
    return Number(trimmed);
}
const MEMO_TEMPLATES = [
    (i) => `Invoice ${i}, paid in full, no dispute`,
    (i) => `He said "approved" on row ${i}`,
    (i) => `Line one\nLine two (row ${i})`,
    (i) => `Zürich – Österreich № ${i} €`,
    (i) => `Tab\there, backslash \\ and emoji 🚀 ${i}`,
    (i) => `Plain row ${i}`,
];
const REVIEWERS = ['Anna', 'Bjørn', 'Chloé', 'Dmitrij'];
function bigExportRow(index) {
    return bigExportDataRow(index);
}
function bigExportDataRow(i) {
    const day = new Date(Date.UTC(2026, 0, 1 + (i % 365)));
    return {
        RowId: i + 1,
        AccountCode: `A${10000 + (i % 90000)}`,
        Entity: exports.ENTITIES[i % exports.ENTITIES.length],
        PostingDate: `${day.toISOString().slice(0, 10)}T00:00:00`,
        Amount: (((i * 7919) % 2000003) - 1000000) / 100,
        Quantity: ((i * 31) % 1000) - 500,
        Rate: i % 7 === 3 ? null : 1 + ((i * 13) % 10000) / 10000,
        IsReconciled: i % 3 === 0,
        Memo: MEMO_TEMPLATES[i % MEMO_TEMPLATES.length](i),
        Comment: i % 5 === 0 ? `Checked by ${REVIEWERS[i % REVIEWERS.length]}` : null,
    };
}
function* bigExportRows(count) {
    for (let i = 0; i < count; i++)
        yield bigExportDataRow(i);
}
const bigExport = {
    name: 'Big_Export',
    workspace: 'Default',
    isSystemLevel: false,
    rows(ctx) {
        return bigExportRows(rowCountParameter(ctx, 'Big_Export'));
    },
};
const MONTH_COLUMNS = exports.TIME_PERIODS.map((t) => `${t.name} - ${t.description}`);
const incomeStatement = {
    name: 'Income_Statement',
    title(ctx) {
        const entity = memberParameter(ctx, 'pEntity', 'Entity', exports.ENTITIES, 'Income_Statement') ?? exports.GROUP_ENTITY;
        const scenario = memberParameter(ctx, 'pScenario', 'Scenario', exports.SCENARIOS.map((s) => s.name), 'Income_Statement') ?? 'Actual';
        return `Income Statement - ${entity} - ${scenario}`;
    },
    columns: () => MONTH_COLUMNS,
    rows(ctx) {
        const entity = memberParameter(ctx, 'pEntity', 'Entity', exports.ENTITIES, 'Income_Statement') ?? exports.GROUP_ENTITY;
        const scenario = memberParameter(ctx, 'pScenario', 'Scenario', exports.SCENARIOS.map((s) => s.name), 'Income_Statement') ?? 'Actual';
        const facts = factRows().filter((r) => r.Entity === entity && r.Scenario === scenario);
        return exports.ACCOUNTS.map((account) => ({
            nameAndDesc: `${account.name} - ${account.description}`,
            indent: account.indent,
            values: exports.TIME_PERIODS.map((t) => facts.find((f) => f.Account === account.name && f.Time === t.name)?.Amount ?? null),
        }));
    },
};
exports.BIG_CUBE_VIEW_COLUMNS = MONTH_COLUMNS;
function bigCubeViewRow(index) {
    return {
        nameAndDesc: `R${String(index + 1).padStart(7, '0')} - Generated row ${index + 1}`,
        indent: index % 4,
        values: exports.BIG_CUBE_VIEW_COLUMNS.map((_, col) => ((index + col) % 11 === 0 ? null : (((index * 104729 + col * 7) % 1000003) - 500000) / 100)),
    };
}
function* bigCubeViewRows(count) {
    for (let i = 0; i < count; i++)
        yield bigCubeViewRow(i);
}
const bigCubeView = {
    name: 'Big_CubeView',
    title: () => 'Generated cube view',
    columns: () => exports.BIG_CUBE_VIEW_COLUMNS,
    rows: (ctx) => bigCubeViewRows(rowCountParameter(ctx, 'Big_CubeView')),
};
function rateRows() {
    const rows = [];
    for (const currency of ['EUR', 'GBP', 'USD']) {
        exports.TIME_PERIODS.forEach((t, month) => {
            rows.push({ FromCurrency: currency, ToCurrency: 'USD', Time: t.name, RateType: 'AverageRate', Rate: FX_TO_USD[currency][month] });
        });
    }
    return rows;
}
const fxRates = {
    name: 'FX_Rates',
    getDataSet(args) {
        if (!sameName(args.dataSetName, 'Rates'))
            return null;
        const currency = (0, substitution_1.getVariable)(args.nameValuePairs, 'Currency') ?? (0, substitution_1.getVariable)(args.substitutionVariables, 'Currency');
        const rows = rateRows().filter((r) => currency === undefined || currency === '' || sameName(String(r.FromCurrency), currency));
        return { tables: [{ name: args.resultTableName, rows }] };
    },
};
exports.ERROR_TABLE_NAME = 'Error';
function errorTableRows(message) {
    return [{ Message: message }];
}
const errorRule = {
    name: 'Error_Rule',
    getDataSet(args) {
        return {
            tables: [
                {
                    name: exports.ERROR_TABLE_NAME,
                    rows: errorTableRows(`Error_Rule could not build data set '${args.dataSetName}': parameter 'Entity' is missing.`),
                },
            ],
        };
    },
};
function memberTable() {
    const rows = [
        ...exports.ENTITIES.map((name) => ({
            Name: name,
            Description: name === exports.GROUP_ENTITY ? 'Acme Group (consolidated)' : (BASE_ENTITIES.find((e) => e.name === name)?.description ?? name),
            DimType: 'Entity',
        })),
        ...exports.ACCOUNTS.map((a) => ({ Name: a.name, Description: a.description, DimType: 'Account' })),
        ...exports.SCENARIOS.map((s) => ({ Name: s.name, Description: s.description, DimType: 'Scenario' })),
        ...exports.TIME_PERIODS.map((t) => ({ Name: t.name, Description: t.description, DimType: 'Time' })),
    ];
    return { columns: ['Name', 'Description', 'DimType'], rows };
}
function factTable() {
    return { columns: ['Entity', 'Account', 'Scenario', 'Time', 'Amount', 'Currency', 'Comment'], rows: factRows() };
}
function secUserTable() {
    return {
        columns: ['Name', 'IsEnabled'],
        rows: [
            { Name: 'Administrator', IsEnabled: true },
            { Name: 'svc_n8n', IsEnabled: true },
            { Name: 'svc_reader', IsEnabled: true },
            { Name: 'jdoe', IsEnabled: true },
            { Name: 'm.müller', IsEnabled: true },
            { Name: 'old_contractor', IsEnabled: false },
        ],
    };
}
function ordersTable() {
    const customers = ['Globex Corporation', 'Initech', 'Umbrella plc', 'Stark Industries', 'Wayne Enterprises', 'Société Générale d’Essai'];
    const rows = [];
    for (let i = 0; i < 12; i++) {
        const entity = BASE_ENTITIES[i % BASE_ENTITIES.length];
        rows.push({
            OrderId: 50001 + i,
            Customer: customers[i % customers.length],
            OrderDate: `2026-0${1 + (i % 6)}-${String(3 + i).padStart(2, '0')}T00:00:00`,
            Entity: entity.name,
            Amount: round2(1250.5 + i * 987.25),
            Currency: entity.currency,
            Status: i % 4 === 3 ? 'Cancelled' : 'Shipped',
        });
    }
    return { columns: ['OrderId', 'Customer', 'OrderDate', 'Entity', 'Amount', 'Currency', 'Status'], rows };
}
function sequences() {
    return [
        { name: 'Nightly_Consolidation', workspace: 'Default', durationMs: 1500 },
        { name: 'Load_Actuals', workspace: 'Default', durationMs: 100 },
        {
            name: 'Failing_Import',
            workspace: 'Default',
            durationMs: 300,
            failure: { message: "Error processing Data Management Step 'Import_GL'.", detail: "Transformation rule 'GL_Accounts' not found." },
        },
        { name: 'Slow_Close', workspace: 'Default', durationMs: 10_000 },
    ];
}
function dmGroups() {
    return [
        {
            name: 'Integration',
            workspace: 'Default',
            steps: [
                { name: 'Import_GL', durationMs: 200 },
                { name: 'Run_Export_Rule', durationMs: 300 },
                {
                    name: 'Failing_Step',
                    durationMs: 150,
                    failure: {
                        message: "Error processing Data Management Step 'Failing_Step'.",
                        detail: "Business rule 'XFR_FailingStep' raised: Object reference not set to an instance of an object.",
                    },
                },
            ],
        },
    ];
}
function application(name) {
    return {
        name,
        sequences: sequences(),
        dmGroups: dmGroups(),
        adapters: [glExport, bigExport],
        cubeViews: [incomeStatement, bigCubeView],
        dashboardDataSetRules: [fxRates, errorRule],
        tables: { Member: memberTable(), FactData: factTable() },
    };
}
const systemUsers = {
    name: 'System_Users',
    workspace: 'Default',
    isSystemLevel: true,
    rows: () => secUserTable().rows,
};
function sampleData() {
    return {
        applications: exports.APPLICATION_NAMES.map(application),
        systemAdapters: [systemUsers],
        frameworkTables: { SecUser: secUserTable() },
        externalConnections: { Warehouse: { Orders: ordersTable() } },
    };
}
