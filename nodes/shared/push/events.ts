/**
 * A Dialpad event (the JWT claims, or the unsigned JSON) as an n8n item: ids stay text, epoch
 * timestamps become ISO 8601 in the chosen timezone with the raw milliseconds beside them
 * (`date_started` and `date_started_ms`), durations carry their unit in the key (`duration_ms`),
 * and `event_kind` / `event_state` are plain fields to branch on. Pure.
 */
import type { IDataObject } from 'n8n-workflow';

import { createOffsetLookup } from '../report/rows/timestamps';

export type EventKind = 'call' | 'sms' | 'agentStatus' | 'scheduledReport' | 'unknown';

const TIMESTAMP_KEYS = new Set(['event_timestamp', 'start_time', 'date', 'timestamp']);
/** Milliseconds in every Dialpad schema that documents them; the SMS `created_date` may be seconds. */
const DURATION_KEYS = new Set(['duration', 'total_duration']);
/** Below this an epoch value is in seconds (1973 in ms, year 5138 in seconds). */
const SECONDS_LIMIT = 100_000_000_000;

function isTimestampKey(key: string): boolean {
	return TIMESTAMP_KEYS.has(key) || key.startsWith('date_') || key.endsWith('_date');
}

function isIdKey(key: string): boolean {
	return key === 'id' || key.endsWith('_id') || key.endsWith('_ids');
}

function epochMs(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value < SECONDS_LIMIT ? value * 1000 : value;
	if (typeof value === 'string' && /^\d{9,16}(\.\d+)?$/.test(value.trim())) return epochMs(Number(value));
	return undefined;
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
	return undefined;
}

function pad(value: number, width = 2): string {
	return String(value).padStart(width, '0');
}

/** Epoch ms -> `2026-12-02T09:15:00.000-05:00`. */
export function createIsoFormatter(timezone: string): (instantMs: number) => string {
	const offsetAt = createOffsetLookup(timezone);
	return (instantMs) => {
		const offsetMinutes = offsetAt(instantMs);
		const wall = new Date(instantMs + offsetMinutes * 60_000);
		const sign = offsetMinutes < 0 ? '-' : '+';
		const abs = Math.abs(offsetMinutes);
		return (
			`${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
			`T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}.${pad(wall.getUTCMilliseconds(), 3)}` +
			`${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
		);
	};
}

/** Which kind of event this is, by the fields only that kind has. */
export function classifyEvent(event: Record<string, unknown>): EventKind {
	if (event.call_id !== undefined && event.state !== undefined) return 'call';
	if (event.on_duty_status !== undefined || event.availability_status !== undefined) return 'agentStatus';
	if (event.download_url !== undefined || event.report_type !== undefined) return 'scheduledReport';
	if (event.from_number !== undefined || event.to_number !== undefined || event.created_date !== undefined) return 'sms';
	return 'unknown';
}

function eventState(kind: EventKind, event: Record<string, unknown>): string | null {
	const state =
		kind === 'call' ? event.state : kind === 'agentStatus' ? event.on_duty_status : kind === 'sms' ? event.direction : undefined;
	return state === undefined || state === null ? null : String(state);
}

function typeValue(key: string, value: unknown, toIso: (ms: number) => string, out: IDataObject): void {
	if (value === null || value === undefined) {
		out[key] = null;
		return;
	}
	if (isIdKey(key)) {
		out[key] = Array.isArray(value) ? value.map((id) => String(id)) : typeof value === 'object' ? typeObject(value as Record<string, unknown>, toIso) : String(value);
		return;
	}
	if (DURATION_KEYS.has(key)) {
		const ms = toNumber(value);
		out[`${key}_ms`] = ms ?? null;
		return;
	}
	if (isTimestampKey(key)) {
		const ms = epochMs(value);
		if (ms !== undefined) {
			out[key] = toIso(ms);
			out[`${key}_ms`] = ms;
			return;
		}
	}
	if (Array.isArray(value)) {
		out[key] = value.map((entry) =>
			typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? typeObject(entry as Record<string, unknown>, toIso) : (entry as IDataObject),
		) as IDataObject[];
		return;
	}
	if (typeof value === 'object') {
		out[key] = typeObject(value as Record<string, unknown>, toIso);
		return;
	}
	out[key] = value as string | number | boolean;
}

function typeObject(source: Record<string, unknown>, toIso: (ms: number) => string): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(source)) typeValue(key, value, toIso, out);
	return out;
}

/** The item for one event; `timezone` is an IANA name (throws a clear Error for an unknown one). */
export function typeEvent(event: Record<string, unknown>, timezone: string): IDataObject {
	const kind = classifyEvent(event);
	const typed = typeObject(event, createIsoFormatter(timezone));
	return { event_kind: kind, event_state: eventState(kind, event), ...typed };
}
