/** Calendar periods counted in the report timezone from an injected "now", across DST changes. */
import { periodDates, resolvePeriod, type PeriodChoice, type PeriodPreset } from '../../nodes/shared/report/request/period';

type Case = [
	label: string,
	nowIso: string,
	timezone: string,
	period: PeriodPreset,
	extra: Partial<PeriodChoice>,
	expected: Array<string>, // 'YYYY-MM-DD..YYYY-MM-DD' per past export, 'today YYYY-MM-DD' for the live one
];

const cases: Case[] = [
	// Wednesday 25 November 2026, 07:00 in New York.
	['this week (Mon)', '2026-11-25T12:00:00Z', 'America/New_York', 'thisWeek', {}, ['2026-11-23..2026-11-24', 'today 2026-11-25']],
	['this week (Sun)', '2026-11-25T12:00:00Z', 'America/New_York', 'thisWeek', { weekStartsOn: 'sunday' }, ['2026-11-22..2026-11-24', 'today 2026-11-25']],
	['last week (Mon)', '2026-11-25T12:00:00Z', 'America/New_York', 'lastWeek', {}, ['2026-11-16..2026-11-22']],
	['last week (Sun)', '2026-11-25T12:00:00Z', 'America/New_York', 'lastWeek', { weekStartsOn: 'sunday' }, ['2026-11-15..2026-11-21']],
	['this month', '2026-11-25T12:00:00Z', 'America/New_York', 'thisMonth', {}, ['2026-11-01..2026-11-24', 'today 2026-11-25']],
	['last month', '2026-11-25T12:00:00Z', 'America/New_York', 'lastMonth', {}, ['2026-10-01..2026-10-31']],
	['last 7 days', '2026-11-25T12:00:00Z', 'America/New_York', 'last7Days', {}, ['2026-11-18..2026-11-24']],
	['last 7 days + today', '2026-11-25T12:00:00Z', 'America/New_York', 'last7Days', { includeToday: true }, ['2026-11-19..2026-11-24', 'today 2026-11-25']],
	['last 30 days + today', '2026-11-25T12:00:00Z', 'America/New_York', 'last30Days', { includeToday: true }, ['2026-10-27..2026-11-24', 'today 2026-11-25']],
	['days ago 3-10 + today', '2026-11-25T12:00:00Z', 'America/New_York', 'daysAgo', { daysAgoStart: 3, daysAgoEnd: 10, includeToday: true }, ['2026-11-15..2026-11-22', 'today 2026-11-25']],
	['days ago 0-2 + today', '2026-11-25T12:00:00Z', 'America/New_York', 'daysAgo', { daysAgoStart: 0, daysAgoEnd: 2, includeToday: true }, ['2026-11-23..2026-11-24', 'today 2026-11-25']],
	['days ago 0-0 + today', '2026-11-25T12:00:00Z', 'America/New_York', 'daysAgo', { daysAgoStart: 0, daysAgoEnd: 0, includeToday: true }, ['today 2026-11-25']],
	['include today ignored for yesterday', '2026-11-25T12:00:00Z', 'America/New_York', 'yesterday', { includeToday: true }, ['2026-11-24..2026-11-24']],
	['include today ignored for last week', '2026-11-25T12:00:00Z', 'America/New_York', 'lastWeek', { includeToday: true }, ['2026-11-16..2026-11-22']],
	// 03:30 UTC on 2 November 2026 is Sunday 1 November 22:30 in New York (the day clocks went back, 25 hours)...
	['NY: this week on a Sunday, DST end day', '2026-11-02T03:30:00Z', 'America/New_York', 'thisWeek', {}, ['2026-10-26..2026-10-31', 'today 2026-11-01']],
	['NY: this month on the 1st is today alone', '2026-11-02T03:30:00Z', 'America/New_York', 'thisMonth', {}, ['today 2026-11-01']],
	['NY: last month from the 1st', '2026-11-02T03:30:00Z', 'America/New_York', 'lastMonth', {}, ['2026-10-01..2026-10-31']],
	['NY: last week on the DST end Sunday (Sun weeks)', '2026-11-02T03:30:00Z', 'America/New_York', 'lastWeek', { weekStartsOn: 'sunday' }, ['2026-10-25..2026-10-31']],
	// ...and Monday 2 November 12:30 in Tokyo: the same instant, another week.
	['Tokyo: this week on its first day is today alone', '2026-11-02T03:30:00Z', 'Asia/Tokyo', 'thisWeek', {}, ['today 2026-11-02']],
	['Tokyo: last week', '2026-11-02T03:30:00Z', 'Asia/Tokyo', 'lastWeek', {}, ['2026-10-26..2026-11-01']],
	// 23:30 UTC on 29 March 2026 is 00:30 on Monday 30 March in London: last week ends with the 23-hour day.
	['London: last week includes the DST start day', '2026-03-29T23:30:00Z', 'Europe/London', 'lastWeek', {}, ['2026-03-23..2026-03-29']],
	['UTC: the same instant is still Sunday', '2026-03-29T23:30:00Z', 'UTC', 'lastWeek', {}, ['2026-03-16..2026-03-22']],
	['London: this week just after midnight', '2026-03-29T23:30:00Z', 'Europe/London', 'thisWeek', {}, ['today 2026-03-30']],
	['NY: DST start day (23 hours) in this week', '2026-03-10T15:00:00Z', 'America/New_York', 'thisWeek', { weekStartsOn: 'sunday' }, ['2026-03-08..2026-03-09', 'today 2026-03-10']],
	// Month lengths: February in a leap year and not, December across the year.
	['last month = February (leap)', '2028-03-15T12:00:00Z', 'UTC', 'lastMonth', {}, ['2028-02-01..2028-02-29']],
	['last month = February', '2026-03-15T12:00:00Z', 'UTC', 'lastMonth', {}, ['2026-02-01..2026-02-28']],
	['last month = December', '2027-01-10T12:00:00Z', 'Pacific/Auckland', 'lastMonth', {}, ['2026-12-01..2026-12-31']],
	['this month on the last day', '2026-12-31T20:00:00Z', 'America/Los_Angeles', 'thisMonth', {}, ['2026-12-01..2026-12-30', 'today 2026-12-31']],
];

test.each(cases)('%s (now %s in %s)', (_label, nowIso, timezone, period, extra, expected) => {
	const nowMs = Date.parse(nowIso);
	const exports = resolvePeriod({ period, daysAgoStart: 1, daysAgoEnd: 7, timezone, nowMs, ...extra });
	const described = exports.map((fields) => {
		const { from, to } = periodDates(fields, nowMs, timezone);
		return 'is_today' in fields ? `today ${from}` : `${from}..${to}`;
	});
	expect(described).toEqual(expected);
});

test("Dialpad's numbers for an example: last week and last month from Wednesday 25 November 2026", () => {
	const choice = { daysAgoStart: 1, daysAgoEnd: 7, timezone: 'America/New_York', nowMs: Date.parse('2026-11-25T12:00:00Z') };
	expect(resolvePeriod({ ...choice, period: 'lastWeek' })).toEqual([{ days_ago_start: 3, days_ago_end: 9 }]);
	expect(resolvePeriod({ ...choice, period: 'lastMonth' })).toEqual([{ days_ago_start: 25, days_ago_end: 55 }]);
	expect(resolvePeriod({ ...choice, period: 'thisWeek' })).toEqual([{ days_ago_start: 1, days_ago_end: 2 }, { is_today: true }]);
});

test('an unknown Week Starts On or period is refused with the choices', () => {
	const choice = { daysAgoStart: 1, daysAgoEnd: 7, timezone: 'UTC', nowMs: 0 };
	expect(() => resolvePeriod({ ...choice, period: 'thisWeek', weekStartsOn: 'friday' as never })).toThrow('Week Starts On: "friday" is not a valid choice');
	expect(() => resolvePeriod({ ...choice, period: 'fortnight' as never })).toThrow('Period: "fortnight" is not a valid choice');
});
