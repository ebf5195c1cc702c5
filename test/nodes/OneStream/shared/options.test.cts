/** The envelope's options: Poll Schedule (seconds → ms, checked) and Running Statuses. */
import {
	CONNECTOR_POLL_SCHEDULE,
	pollSchedule,
	runningStatuses,
} from '../../../../nodes/OneStream/shared/options';

it("defaults to OneStream's connector's schedule: 7 polls over 2 minutes", () => {
	expect(CONNECTOR_POLL_SCHEDULE).toBe('5, 5, 10, 10, 30, 30, 30');
	expect(pollSchedule.read({})).toEqual([5000, 5000, 10000, 10000, 30000, 30000, 30000]);
	expect(pollSchedule.read({ pollSchedule: '  ' })).toHaveLength(7);
});

it('reads waits in seconds, fractions and zero included', () => {
	expect(pollSchedule.read({ pollSchedule: '0, 0.5,2' })).toEqual([0, 500, 2000]);
});

it.each(['5, -1', 'soon', '5,,5', '3601', '1e3'])(
	'refuses "%s" with what to write instead',
	(text) => {
		expect(() => pollSchedule.read({ pollSchedule: text })).toThrow(
			'The Poll Schedule option must be waits in seconds separated by commas, e.g. 5, 5, 10, 10, 30, 30, 30',
		);
	},
);

it('reads Running Statuses as lower-case names, blanks dropped', () => {
	expect(runningStatuses.read({})).toEqual([
		'running',
		'inprogress',
		'processing',
		'pending',
		'queued',
	]);
	expect(runningStatuses.read({ runningStatuses: 'Cooking,, Baking ' })).toEqual([
		'cooking',
		'baking',
	]);
	expect(runningStatuses.read({ runningStatuses: '' })).toEqual([]);
});
