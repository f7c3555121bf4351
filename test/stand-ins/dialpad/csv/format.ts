/** RFC 4180 output and Dialpad's value shapes (naive local timestamps, minutes as decimals). */
import { addDays } from './spec';

export const LINE_END = '\r\n';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
	return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
	let line = '';
	for (let i = 0; i < fields.length; i++) {
		if (i > 0) line += ',';
		line += csvField(fields[i]);
	}
	return line + LINE_END;
}

function pad2(n: number): string {
	return n < 10 ? `0${n}` : String(n);
}

/**
 * `2026-09-01 00:05:19.528115` (withFraction) or `2026-09-01 00:05:19`. `seconds` counts from the
 * start of `date` and may run past midnight.
 */
export function timestamp(date: string, seconds: number, withFraction: boolean): string {
	let day = date;
	let s = seconds;
	if (s >= 86400) {
		const extraDays = Math.floor(s / 86400);
		day = addDays(date, extraDays);
		s -= extraDays * 86400;
	}
	const whole = Math.floor(s);
	const text = `${day} ${pad2(Math.floor(whole / 3600))}:${pad2(Math.floor((whole % 3600) / 60))}:${pad2(whole % 60)}`;
	if (!withFraction) return text;
	const micros = Math.min(999999, Math.round((s - whole) * 1e6));
	return `${text}.${String(micros).padStart(6, '0')}`;
}

/** Minutes with up to 4 decimals, no trailing zeros (`3.25`, `0.0167`, `12`). */
export function minutes(value: number): string {
	return String(Math.round(value * 10000) / 10000);
}

export function bool(value: boolean): string {
	return value ? 'true' : 'false';
}
