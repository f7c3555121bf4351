import { invalidParameter } from '../../errors/reportError';

export const PERIOD_PRESETS = [
	'today',
	'yesterday',
	'thisWeek',
	'lastWeek',
	'thisMonth',
	'lastMonth',
	'last7Days',
	'last30Days',
	'daysAgo',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const WEEK_STARTS = ['monday', 'sunday'] as const;
export type WeekStart = (typeof WEEK_STARTS)[number];

/** The presets where "Include Today" applies; This Week and This Month include today by definition. */
export const INCLUDE_TODAY_PRESETS: readonly PeriodPreset[] = ['last7Days', 'last30Days', 'daysAgo'];

export interface PeriodChoice {
	period: PeriodPreset;
	daysAgoStart: number;
	daysAgoEnd: number;
	weekStartsOn?: WeekStart;
	includeToday?: boolean;
	/** IANA name: where days start and end. */
	timezone: string;
	nowMs: number;
}

export type PeriodFields =
	| { is_today: true }
	| { days_ago_start: number; days_ago_end: number };

const MS_PER_DAY = 86_400_000;
const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Today's calendar date in the timezone, as a UTC midnight (so day arithmetic ignores DST). */
function localToday(nowMs: number, timezone: string): { dateMs: number; weekday: number; dayOfMonth: number } {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: timezone,
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		weekday: 'short',
	}).formatToParts(new Date(nowMs));
	const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	const year = Number(part('year'));
	const month = Number(part('month'));
	const day = Number(part('day'));
	return { dateMs: Date.UTC(year, month - 1, day), weekday: WEEKDAY_INDEX[part('weekday')], dayOfMonth: day };
}

function daysInPreviousMonth(todayMs: number): number {
	const today = new Date(todayMs);
	// Day 0 of this month is the last day of the previous one.
	return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0)).getUTCDate();
}

function wholeDays(value: unknown, parameterName: string): number {
	const days = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof days !== 'number' || !Number.isInteger(days) || days < 0) {
		throw invalidParameter(
			parameterName,
			`"${String(value)}" is not a whole number of days of 0 or more`,
			'Enter 0 for today, 1 for yesterday, 7 for a week ago, and so on.',
		);
	}
	return days;
}

const TODAY: PeriodFields = { is_today: true };

/** Past days `newest`..`oldest` ago, then today when asked: Dialpad serves today only from its live tables. */
function pastThenToday(newest: number, oldest: number, withToday: boolean): PeriodFields[] {
	const exports: PeriodFields[] = [];
	if (oldest >= newest && oldest >= 1) exports.push({ days_ago_start: Math.max(1, newest), days_ago_end: oldest });
	if (withToday) exports.push(TODAY);
	return exports;
}

/**
 * The exports a period needs, oldest part first. Dialpad counts whole local days back from today in
 * the report timezone, both ends inclusive (1 = yesterday), and serves today only through `is_today`
 * (its real-time tables), so a period that covers past days and today is two exports.
 */
export function resolvePeriod(choice: PeriodChoice): PeriodFields[] {
	const includeToday = choice.includeToday === true && INCLUDE_TODAY_PRESETS.includes(choice.period);
	switch (choice.period) {
		case 'today':
			return [TODAY];
		case 'yesterday':
			return [{ days_ago_start: 1, days_ago_end: 1 }];
		case 'last7Days':
			return includeToday ? pastThenToday(1, 6, true) : [{ days_ago_start: 1, days_ago_end: 7 }];
		case 'last30Days':
			return includeToday ? pastThenToday(1, 29, true) : [{ days_ago_start: 1, days_ago_end: 30 }];
		case 'daysAgo':
			return daysAgoRange(choice, includeToday);
		case 'thisWeek':
		case 'lastWeek': {
			const { weekday } = localToday(choice.nowMs, choice.timezone);
			const weekStartsOn = choice.weekStartsOn ?? 'monday';
			if (!WEEK_STARTS.includes(weekStartsOn)) {
				throw invalidParameter('Week Starts On', `"${String(weekStartsOn)}" is not a valid choice`, 'Pick Monday or Sunday.');
			}
			const daysSinceWeekStart = (weekday - (weekStartsOn === 'monday' ? 1 : 0) + 7) % 7;
			if (choice.period === 'thisWeek') return pastThenToday(1, daysSinceWeekStart, true);
			return [{ days_ago_start: daysSinceWeekStart + 1, days_ago_end: daysSinceWeekStart + 7 }];
		}
		case 'thisMonth':
		case 'lastMonth': {
			const { dateMs, dayOfMonth } = localToday(choice.nowMs, choice.timezone);
			if (choice.period === 'thisMonth') return pastThenToday(1, dayOfMonth - 1, true);
			return [{ days_ago_start: dayOfMonth, days_ago_end: dayOfMonth - 1 + daysInPreviousMonth(dateMs) }];
		}
		default:
			throw invalidParameter(
				'Period',
				`"${String(choice.period)}" is not a valid choice`,
				`Pick one of: ${PERIOD_PRESETS.join(', ')}.`,
			);
	}
}

function daysAgoRange(choice: PeriodChoice, includeToday: boolean): PeriodFields[] {
	const start = wholeDays(choice.daysAgoStart, 'Days Ago (Most Recent)');
	const end = wholeDays(choice.daysAgoEnd, 'Days Ago (Oldest)');
	if (start > end) {
		throw invalidParameter(
			'Days Ago (Most Recent)',
			`${start} is further back than Days Ago (Oldest), ${end}`,
			'Days Ago (Most Recent) is the recent end of the range and must be less than or equal to Days Ago (Oldest); for example 1 and 7 for the last seven full days.',
		);
	}
	if (!includeToday) return [{ days_ago_start: start, days_ago_end: end }];
	return pastThenToday(start, end, true);
}

/** The calendar days an export covers, as local dates (YYYY-MM-DD), for messages and docs. */
export function periodDates(fields: PeriodFields, nowMs: number, timezone: string): { from: string; to: string } {
	const { dateMs } = localToday(nowMs, timezone);
	const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
	if ('is_today' in fields) return { from: iso(dateMs), to: iso(dateMs) };
	return { from: iso(dateMs - fields.days_ago_end * MS_PER_DAY), to: iso(dateMs - fields.days_ago_start * MS_PER_DAY) };
}

/** What a Stats request body says about its days: the period fields and the report's timezone. */
export interface RequestedPeriod {
	timezone: string;
	is_today?: boolean;
	days_ago_start?: number;
	days_ago_end?: number;
}

/** First and last day a request covers, both included, as Dialpad counts them at `nowMs`. */
export function periodDays(request: RequestedPeriod, nowMs: number): { firstDay: string; lastDay: string } {
	const fields: PeriodFields = request.is_today
		? { is_today: true }
		: { days_ago_start: request.days_ago_start ?? 0, days_ago_end: request.days_ago_end ?? 0 };
	const { from, to } = periodDates(fields, nowMs, request.timezone);
	return { firstDay: from, lastDay: to };
}
