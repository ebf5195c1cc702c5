"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.setQuiet = setQuiet;
exports.step = step;
exports.detail = detail;
exports.warn = warn;
exports.formatMs = formatMs;
exports.withHeartbeat = withHeartbeat;
exports.timed = timed;
const t0 = Date.now();
function stamp() {
    const s = (Date.now() - t0) / 1000;
    const m = Math.floor(s / 60);
    return `${String(m).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`;
}
let quiet = false;
function setQuiet(value) {
    quiet = value;
}
function step(message) {
    if (!quiet)
        process.stdout.write(`[${stamp()}] ${message}\n`);
}
function detail(message) {
    if (!quiet)
        process.stdout.write(`           ${message}\n`);
}
function warn(message) {
    process.stderr.write(`[${stamp()}] WARNING: ${message}\n`);
}
function formatMs(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    const s = ms / 1000;
    if (s < 120)
        return `${s.toFixed(1)} s`;
    return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
async function withHeartbeat(label, work, options = {}) {
    const started = Date.now();
    const every = options.everyMs ?? 15000;
    const timer = setInterval(() => {
        const more = options.extra ? options.extra() : '';
        const line = `${label}… still running (${formatMs(Date.now() - started)})${more ? `, ${more}` : ''}`;
        if (options.alwaysPrint || !quiet)
            process.stdout.write(`[${stamp()}] ${line}\n`);
    }, every);
    try {
        return await work();
    }
    finally {
        clearInterval(timer);
    }
}
async function timed(work) {
    const started = Date.now();
    const value = await work();
    return { value, ms: Date.now() - started };
}
