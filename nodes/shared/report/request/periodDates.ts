import type { StatsRequestBody } from './request';

const MS_PER_DAY = 86_400_000;

/** The local calendar date (YYYY-MM-DD) of an instant in an IANA zone. */
function localDate(instantMs: number, timezone: string): string {
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone: timezone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).formatToParts(instantMs);
	const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')}`;
}

function daysBefore(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) - days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** First and last day a request covers, both included, as Dialpad counts them at `nowMs`. */
export function periodDays(request: StatsRequestBody, nowMs: number): { firstDay: string; lastDay: string } {
	const today = localDate(nowMs, request.timezone);
	if (request.is_today) return { firstDay: today, lastDay: today };
	return {
		firstDay: daysBefore(today, request.days_ago_end ?? 0),
		lastDay: daysBefore(today, request.days_ago_start ?? 0),
	};
}
