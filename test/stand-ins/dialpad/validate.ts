/**
 * POST /api/v2/stats body -> normalised request, or the 400 message naming the field. The
 * normalised request doubles as the cache key, so defaults are applied and ignored fields dropped.
 */
import { kindOfId, type Company } from './company';
import { EXPORT_TYPES, GROUP_BYS, STAT_TYPES, TARGET_TYPES, isValidTimeZone, type ExportType, type GroupBy, type StatType, type TargetType } from './csv/spec';

export interface StatsRequest {
	exportType: ExportType;
	statType: StatType;
	isToday: boolean;
	daysAgoStart: number;
	daysAgoEnd: number;
	timezone: string;
	officeId?: string;
	targetId?: string;
	targetType?: TargetType;
	groupBy?: GroupBy;
	coachingGroup?: boolean;
	coachingTeam?: boolean;
}

export type Validation = { ok: true; request: StatsRequest } | { ok: false; message: string };

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | string {
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		return `Invalid value for ${field}: ${JSON.stringify(value)}. Must be one of: ${allowed.join(', ')}.`;
	}
	return value as T;
}

/** int64 ids arrive as JSON numbers (big ones kept as digit strings by the body parser) or digit strings. */
function idOf(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
	if (typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value)) return value;
	return undefined;
}

export function validateStatsRequest(body: unknown, company: Company): Validation {
	const fail = (message: string): Validation => ({ ok: false, message });
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('Request body must be a JSON object.');
	const b = body as Record<string, unknown>;

	if (b.export_type === undefined || b.export_type === null) return fail('export_type is required.');
	const exportType = oneOf('export_type', b.export_type, EXPORT_TYPES);
	if (!(EXPORT_TYPES as readonly string[]).includes(exportType)) return fail(exportType);
	if (b.stat_type === undefined || b.stat_type === null) return fail('stat_type is required.');
	const statType = oneOf('stat_type', b.stat_type, STAT_TYPES);
	if (!(STAT_TYPES as readonly string[]).includes(statType)) return fail(statType);

	for (const field of ['days_ago_start', 'days_ago_end'] as const) {
		const value = b[field];
		if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
			return fail(`Invalid value for ${field}: ${JSON.stringify(value)}. Must be an integer >= 0.`);
		}
	}
	const daysAgoStart = (b.days_ago_start as number | undefined) ?? 1;
	const daysAgoEnd = (b.days_ago_end as number | undefined) ?? 30;

	for (const field of ['is_today', 'coaching_group', 'coaching_team'] as const) {
		if (b[field] !== undefined && typeof b[field] !== 'boolean') return fail(`Invalid value for ${field}: ${JSON.stringify(b[field])}. Must be a boolean.`);
	}
	const isToday = b.is_today === true;
	if (!isToday && daysAgoStart > daysAgoEnd) {
		return fail(`days_ago_start (${daysAgoStart}) must be less than or equal to days_ago_end (${daysAgoEnd}).`);
	}

	const timezone = b.timezone ?? 'UTC';
	if (typeof timezone !== 'string' || !isValidTimeZone(timezone)) {
		return fail(`Invalid value for timezone: ${JSON.stringify(timezone)}. Must be an IANA time zone name such as America/New_York.`);
	}

	const hasTargetId = b.target_id !== undefined && b.target_id !== null;
	const hasTargetType = b.target_type !== undefined && b.target_type !== null;
	if (hasTargetId && !hasTargetType) return fail('target_type is required when target_id is given.');
	if (hasTargetType && !hasTargetId) return fail('target_id is required when target_type is given.');
	let targetId: string | undefined;
	let targetType: TargetType | undefined;
	if (hasTargetType) {
		const type = oneOf('target_type', b.target_type, TARGET_TYPES);
		if (!(TARGET_TYPES as readonly string[]).includes(type)) return fail(type);
		targetType = type as TargetType;
		targetId = idOf(b.target_id);
		if (targetId === undefined) return fail(`Invalid value for target_id: ${JSON.stringify(b.target_id)}. Must be an integer id.`);
		const actual = kindOfId(company, targetId);
		if (actual === undefined || (targetType !== 'unknown' && actual !== targetType)) {
			return fail(`Target ${targetId} of type ${targetType} was not found.`);
		}
	}

	let officeId: string | undefined;
	if (b.office_id !== undefined && b.office_id !== null && !hasTargetId) {
		officeId = idOf(b.office_id);
		if (officeId === undefined) return fail(`Invalid value for office_id: ${JSON.stringify(b.office_id)}. Must be an integer id.`);
		const id = officeId;
		if (!company.offices.some((o) => o.id === id)) return fail(`Office ${officeId} (office_id) was not found.`);
	}

	if ((statType === 'csat' || statType === 'dispositions') && !hasTargetId) {
		return fail(`stat_type ${statType} requires target_id and target_type.`);
	}
	if ((statType === 'csat' || statType === 'dispositions') && exportType !== 'records') {
		return fail(`stat_type ${statType} only supports export_type records.`);
	}

	let groupBy: GroupBy | undefined;
	if (b.group_by !== undefined && b.group_by !== null) {
		const value = oneOf('group_by', b.group_by, GROUP_BYS);
		if (!(GROUP_BYS as readonly string[]).includes(value)) return fail(value);
		if (statType !== 'calls' || exportType !== 'stats') {
			return fail('group_by is only supported for stat_type calls with export_type stats.');
		}
		groupBy = value as GroupBy;
	}
	if (statType === 'calls' && exportType === 'stats') groupBy = groupBy ?? 'user';

	if (b.coaching_group === true && targetType !== 'coachinggroup') return fail('coaching_group requires target_type coachinggroup.');
	if (b.coaching_team === true && targetType !== 'coachingteam') return fail('coaching_team requires target_type coachingteam.');

	const request: StatsRequest = {
		exportType: exportType as ExportType,
		statType: statType as StatType,
		isToday,
		// is_today ignores the day range, so it must not split the cache.
		daysAgoStart: isToday ? 0 : daysAgoStart,
		daysAgoEnd: isToday ? 0 : daysAgoEnd,
		timezone,
	};
	if (officeId !== undefined) request.officeId = officeId;
	if (targetId !== undefined) request.targetId = targetId;
	if (targetType !== undefined) request.targetType = targetType;
	if (groupBy !== undefined) request.groupBy = groupBy;
	if (b.coaching_group === true) request.coachingGroup = true;
	if (b.coaching_team === true) request.coachingTeam = true;
	return { ok: true, request };
}

/** Stable cache key: same normalised parameters -> same key. */
export function cacheKeyOf(request: StatsRequest): string {
	return JSON.stringify(Object.entries(request).sort(([a], [b]) => a.localeCompare(b)));
}
