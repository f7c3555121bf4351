import { invalidParameter } from './errors';

export const PERIOD_PRESETS = ['today', 'yesterday', 'last7Days', 'last30Days', 'daysAgo'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface PeriodChoice {
	period: PeriodPreset;
	daysAgoStart: number;
	daysAgoEnd: number;
}

export type PeriodFields =
	| { is_today: true }
	| { days_ago_start: number; days_ago_end: number };

/**
 * Dialpad counts whole local days back from today in the report timezone, both ends inclusive:
 * start is the recent end (1 = yesterday). "Today" is its own real-time export (`is_today`),
 * because days_ago_start=0 does not reliably include today.
 */
const PRESET_DAYS: Record<Exclude<PeriodPreset, 'today' | 'daysAgo'>, [number, number]> = {
	yesterday: [1, 1],
	last7Days: [1, 7],
	last30Days: [1, 30],
};

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

export function resolvePeriod(choice: PeriodChoice): PeriodFields {
	if (choice.period === 'today') return { is_today: true };
	if (choice.period === 'daysAgo') {
		const start = wholeDays(choice.daysAgoStart, 'Days Ago (Most Recent)');
		const end = wholeDays(choice.daysAgoEnd, 'Days Ago (Oldest)');
		if (start > end) {
			throw invalidParameter(
				'Days Ago (Most Recent)',
				`${start} is further back than Days Ago (Oldest), ${end}`,
				'Days Ago (Most Recent) is the recent end of the range and must be less than or equal to Days Ago (Oldest); for example 1 and 7 for the last seven full days.',
			);
		}
		return { days_ago_start: start, days_ago_end: end };
	}
	const preset = PRESET_DAYS[choice.period];
	if (!preset) {
		throw invalidParameter(
			'Period',
			`"${String(choice.period)}" is not a valid choice`,
			`Pick one of: ${PERIOD_PRESETS.join(', ')}.`,
		);
	}
	return { days_ago_start: preset[0], days_ago_end: preset[1] };
}
