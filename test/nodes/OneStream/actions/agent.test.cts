/**
 * The settings of the node's tool variant: the opt-in for jobs and SQL, Max Rows, Columns to
 * Return, all shown only where n8n's `@tool` condition holds.
 */
import {
	allowAgentJobs,
	allowAgentSql,
	assertAgentMay,
	columnsToReturn,
	maxRows,
} from '../../../../nodes/OneStream/actions/agent';
import { getJobTimeout, TOOL_JOB_TIMEOUT_MS } from '../../../../nodes/OneStream/actions/job';
import { OneStreamError } from '../../../../nodes/OneStream/shared/errors';
import { objectParameters } from '../../../../nodes/OneStream/shared/parameters';
import { substitutionVariablesJson } from '../../../../nodes/OneStream/shared/substitutionVariables';

const reading = objectParameters;

function refusal(action: () => unknown): OneStreamError {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(OneStreamError);
		return error as OneStreamError;
	}
	throw new Error('expected a refusal');
}

it('shows every agent setting only in the tool variant', () => {
	for (const property of [
		allowAgentJobs.property,
		allowAgentSql.property,
		maxRows.property,
		columnsToReturn.property,
		substitutionVariablesJson,
	])
		expect(property.displayOptions).toEqual({ show: { '@tool': [true] } });
});

describe('assertAgentMay', () => {
	it('lets a job or SQL through only when its setting is exactly true', () => {
		expect(() => assertAgentMay({ allowAgentJobs: true }, 'job')).not.toThrow();
		expect(() => assertAgentMay({ allowAgentSql: true }, 'sql')).not.toThrow();
		// Only the switch as saved counts: an expression, whatever it gives, is refused (with
		// $fromAI the model would grant itself the write).
		for (const value of [
			undefined,
			false,
			'true',
			1,
			'={{ true }}',
			"={{ $fromAI('allow', 'May the job run?', 'boolean') }}",
		]) {
			expect(refusal(() => assertAgentMay({ allowAgentJobs: value }, 'job')).source).toBe('input');
		}
		// One setting does not open the other.
		expect(() => assertAgentMay({ allowAgentJobs: true }, 'sql')).toThrow(
			/may not run SQL queries/,
		);
	});

	it('names the setting, and says that an expression there is not accepted', () => {
		const error = refusal(() =>
			assertAgentMay({ allowAgentSql: "={{ $fromAI('sql', '', 'boolean') }}" }, 'sql'),
		);
		expect(error.message).toBe('This OneStream tool may not run SQL queries for an AI agent');
		expect(error.description).toMatch(
			/"Allow AI Agents to Run SQL", and it must be switched on itself/,
		);
	});

	it('tells the model and the user what to change', () => {
		const error = refusal(() => assertAgentMay({}, 'job'));
		expect(error.message).toBe(
			'This OneStream tool may not run Data Management jobs for an AI agent',
		);
		expect(error.description).toMatch(/^Nothing was sent to OneStream\./);
		expect(error.description).toMatch(/"Allow AI Agents to Run This Job"/);
	});
});

describe('Max Rows and Columns to Return', () => {
	it('defaults Max Rows to 100 and refuses what is not a whole number from 1 to 10,000', () => {
		expect(maxRows.get(reading({}))).toBe(100);
		expect(maxRows.get(reading({ maxRows: 25 }))).toBe(25);
		for (const value of [0, 10_001, 2.5, '0x10'])
			expect(refusal(() => maxRows.get(reading({ maxRows: value }))).message).toMatch(
				/Max Rows option must be a whole number from 1 to 10000/,
			);
	});

	it('reads column names trimmed, without blanks or repeats, and refuses what is not text', () => {
		expect(columnsToReturn.get(reading({}))).toEqual([]);
		expect(columnsToReturn.get(reading({ columnsToReturn: ' Amount, ,Entity,Amount ' }))).toEqual([
			'Amount',
			'Entity',
		]);
		expect(
			refusal(() => columnsToReturn.get(reading({ columnsToReturn: ['Amount'] }))).message,
		).toBe('Columns to Return must be text, not a list (["Amount"])');
	});
});

it('gives a job called by an agent 5 minutes by default, and the Timeout when it is set', () => {
	expect(TOOL_JOB_TIMEOUT_MS).toBe(300_000);
	expect(getJobTimeout(reading({}), true)).toBe(300_000);
	expect(getJobTimeout(reading({ 'options.timeout': '' }), true)).toBe(300_000);
	expect(getJobTimeout(reading({}), false)).toBe(4 * 3_600_000);
	expect(getJobTimeout(reading({ 'options.timeout': 7_200_000 }), true)).toBe(7_200_000);
});
