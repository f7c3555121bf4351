/** What an export contains, independent of HTTP: the input of every CSV generator. */
import type { TargetType } from '../company';

export const EXPORT_TYPES = ['records', 'stats'] as const;
export const STAT_TYPES = ['calls', 'csat', 'dispositions', 'onduty', 'recordings', 'screenshare', 'texts', 'voicemails'] as const;
export const TARGET_TYPES = ['callcenter', 'coachinggroup', 'coachingteam', 'department', 'office', 'room', 'staffgroup', 'unknown', 'user'] as const;
export const GROUP_BYS = ['date', 'group', 'user'] as const;

export type ExportType = (typeof EXPORT_TYPES)[number];
export type StatType = (typeof STAT_TYPES)[number];
export type GroupBy = (typeof GROUP_BYS)[number];
export type { TargetType };

export interface ExportSpec {
	exportType: ExportType;
	statType: StatType;
	/** stats/calls only; Dialpad's default is 'user'. */
	groupBy?: GroupBy;
	/** IANA zone: day boundaries and every timestamp in the file. */
	timezone: string;
	/** Local dates (YYYY-MM-DD) in the range, oldest first. Empty = empty range (header only). */
	days: readonly string[];
	/** Rows on `date` at or after `secondsOfDay` have not happened yet (today's partial day). */
	cutoff?: { date: string; secondsOfDay: number };
	officeId?: string;
	targetId?: string;
	targetType?: TargetType;
	/** Force exactly this many data rows (cycling through the days); null/undefined = natural volume. */
	rowCount?: number | null;
}

export interface LocalNow {
	date: string;
	secondsOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and second of day of `now` in `timezone`. */
export function localNow(now: Date, timezone: string): LocalNow {
	let formatter = formatters.get(timezone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23',
		});
		formatters.set(timezone, formatter);
	}
	const parts: Record<string, string> = {};
	for (const part of formatter.formatToParts(now)) parts[part.type] = part.value;
	return {
		date: `${parts.year}-${parts.month}-${parts.day}`,
		secondsOfDay: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
	};
}

/** Calendar arithmetic on a YYYY-MM-DD string (no time zone involved). */
export function addDays(date: string, days: number): string {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isValidTimeZone(timezone: string): boolean {
	if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(timezone)) return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: timezone });
		return true;
	} catch {
		return false;
	}
}

export interface PeriodRequest {
	isToday: boolean;
	daysAgoStart: number;
	daysAgoEnd: number;
	timezone: string;
}

/**
 * Both bounds inclusive local days. Today (days_ago 0 or is_today) is only partly there: rows after
 * the current local time are cut off.
 */
export function periodOf(request: PeriodRequest, now: Date): Pick<ExportSpec, 'days' | 'cutoff'> {
	const local = localNow(now, request.timezone);
	const cutoff = { date: local.date, secondsOfDay: local.secondsOfDay };
	if (request.isToday) return { days: [local.date], cutoff };
	const days: string[] = [];
	for (let ago = request.daysAgoEnd; ago >= request.daysAgoStart; ago--) days.push(addDays(local.date, -ago));
	return request.daysAgoStart === 0 ? { days, cutoff } : { days };
}
