/**
 * The stand-in's batch harvest (test/standin/harvest.cts): correctly named files are imported into
 * their workflow unit, misnamed ones stay, C and G stand for the harvest's and the global scenario
 * and time, Replace and Append, a malformed row fails the file and leaves Import in process.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { Harvest } from '../harvest.cjs';

let dir: string;
let harvest: Harvest;

beforeEach(() => {
	dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'harvest-test-')), 'Batch', 'Harvest');
	harvest = new Harvest(dir);
});

const drop = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
const csv = (...lines: string[]) => `Entity,Account,Amount\r\n${lines.join('\r\n')}\r\n`;

it('imports correctly named files in name order, moves them, and leaves misnamed ones', () => {
	drop('b-Houston;Import-Actual-2026M3-R.txt', csv('Houston,Sales,10'));
	drop('a-Houston;Import-Actual-2026M3-A.txt', csv('Houston,COGS,-4'));
	drop('Houston.Import-Actual-2026M3-R.txt', csv('Houston,Sales,99'));
	drop('c-Houston;Import-Actual-2026M3-X.txt', csv('Houston,Sales,99'));
	const result = harvest.run('Actual', '2026M3', 'now');
	expect(result).toEqual({
		imported: ['a-Houston;Import-Actual-2026M3-A.txt', 'b-Houston;Import-Actual-2026M3-R.txt'],
		failed: [],
		skipped: ['Houston.Import-Actual-2026M3-R.txt', 'c-Houston;Import-Actual-2026M3-X.txt'],
	});
	// b (Replace) came after a (Append): only b's rows.
	expect(harvest.rowsOf('Houston.Import', 'Actual', '2026M3')).toEqual([
		{ Entity: 'Houston', Account: 'Sales', Amount: 10 },
	]);
	expect(fs.readdirSync(dir).sort()).toEqual(result.skipped);
	expect(fs.readdirSync(path.join(dir, '..', 'Processed')).sort()).toEqual(result.imported);
	expect(harvest.stepsOf('Houston.Import', 'Actual', '2026M3')?.slice(0, 3)).toEqual([
		['Import', 'Completed', 'now'],
		['Validate', 'Completed', 'now'],
		['Load', 'Completed', 'now'],
	]);
});

it("reads C as the harvest's scenario and time, G as the global ones, and appends with A", () => {
	drop('a-Dallas;Import-C-C-R.txt', csv('Dallas,Sales,1'));
	drop('b-Dallas;Import-G-G-A.txt', csv('Dallas,Sales,2'));
	drop('c-Dallas;Import-Budget-2026M5-A.txt', csv('Dallas,Sales,3'));
	harvest.run('Budget', '2026M5', 'now');
	expect(harvest.rowsOf('Dallas.Import', 'Budget', '2026M5').map((row) => row.Amount)).toEqual([
		1, 3,
	]);
	expect(harvest.rowsOf('Dallas.Import', 'Actual', '2026M3').map((row) => row.Amount)).toEqual([2]);
});

it('fails a file with a malformed row: nothing loaded, Import in process, the file moved to Failed', () => {
	drop('a-Houston;Import-Actual-2026M3-R.txt', csv('Houston,Sales,10', 'Houston,Opex,ten'));
	const result = harvest.run('Actual', '2026M3', 'now');
	expect(result.failed).toEqual([
		{ file: 'a-Houston;Import-Actual-2026M3-R.txt', error: 'Row 2: Amount "ten" is not a number.' },
	]);
	expect(harvest.rowsOf('Houston.Import', 'Actual', '2026M3')).toEqual([]);
	expect(harvest.stepsOf('Houston.Import', 'Actual', '2026M3')?.[0]).toEqual([
		'Import',
		'InProcess',
		'now',
	]);
	expect(fs.readdirSync(path.join(dir, '..', 'Failed'))).toEqual([
		'a-Houston;Import-Actual-2026M3-R.txt',
	]);
});
