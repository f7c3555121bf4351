import { invalidParameter } from '../../errors/reportError';
import { resolvePeriod, type PeriodPreset, type WeekStart } from './period';

export const EXPORT_TYPES = ['records', 'stats'] as const;
export const STAT_TYPES = [
	'calls',
	'csat',
	'dispositions',
	'onduty',
	'recordings',
	'screenshare',
	'texts',
	'voicemails',
] as const;
export const TARGET_TYPES = [
	'callcenter',
	'coachinggroup',
	'coachingteam',
	'department',
	'office',
	'room',
	'staffgroup',
	'user',
] as const;
export const GROUP_BY_VALUES = ['user', 'date', 'group'] as const;

export type ExportType = (typeof EXPORT_TYPES)[number];
export type StatType = (typeof STAT_TYPES)[number];
export type TargetType = (typeof TARGET_TYPES)[number];

/** What the user chose, as plain values (ids as text, exactly as typed). */
export interface ReportParameters {
	exportType: string;
	statType: string;
	targetType: string; // 'none' or a TargetType
	targetId: string;
	officeId: string;
	period: string;
	daysAgoStart: number;
	daysAgoEnd: number;
	/** 'monday' (default) or 'sunday'; for This Week and Last Week. */
	weekStartsOn?: string;
	/** For Last 7 Days, Last 30 Days and Days Ago: add today (a second, real-time export). */
	includeToday?: boolean;
	timezone: string;
	groupBy: string; // '' when not applicable
}

/** The body of POST /api/v2/stats. Ids are decimal strings so no digit is lost past 2^53. */
export interface StatsRequestBody {
	export_type: ExportType;
	stat_type: StatType;
	is_today?: true;
	days_ago_start?: number;
	days_ago_end?: number;
	timezone: string;
	office_id?: string;
	target_id?: string;
	target_type?: TargetType;
	group_by?: string;
}

export const TARGET_REQUIRED_STAT_TYPES: StatType[] = ['csat', 'dispositions'];
const INT64_MAX = BigInt('9223372036854775807');
const ID_FIELDS: ReadonlySet<string> = new Set(['office_id', 'target_id']);

function oneOf<T extends string>(
	value: string,
	allowed: readonly T[],
	parameterName: string,
): T {
	if ((allowed as readonly string[]).includes(value)) return value as T;
	throw invalidParameter(
		parameterName,
		`"${value}" is not a valid choice`,
		`Pick one of: ${allowed.join(', ')}.`,
	);
}

/** Accepts what people paste: surrounding spaces, a number typed as text. Returns canonical digits. */
export function parseDialpadId(raw: unknown, parameterName: string): string {
	const text = String(raw ?? '').trim();
	if (!/^\d+$/.test(text)) {
		throw invalidParameter(
			parameterName,
			`"${text}" is not a Dialpad ID`,
			'A Dialpad ID is a whole number such as 5234567890123456. Copy it from the Dialpad admin page of that office, call center, department or user.',
			'Use the numeric Dialpad ID, such as 5234567890123456.',
		);
	}
	const id = BigInt(text);
	if (id === BigInt(0) || id > INT64_MAX) {
		throw invalidParameter(
			parameterName,
			`"${text}" is not a Dialpad ID`,
			'A Dialpad ID is a positive whole number of at most 19 digits.',
		);
	}
	return id.toString();
}

export function assertTimezone(timezone: string): void {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: timezone });
	} catch {
		throw invalidParameter(
			'Timezone',
			`"${timezone}" is not a known timezone`,
			'Use an IANA timezone name such as America/New_York, Europe/London or UTC (leave it empty for the workflow timezone).',
		);
	}
}

const PERIOD_NAMES: Record<string, string> = {
	thisWeek: 'This Week',
	thisMonth: 'This Month',
	last7Days: 'Last 7 Days with Include Today',
	last30Days: 'Last 30 Days with Include Today',
	daysAgo: 'Days Ago with Include Today',
};

/**
 * Checks every rule Dialpad enforces and returns the request bodies, one per export the period
 * needs (past days, then today); throws before anything is sent. `nowMs` places "this week" and
 * "last month" in the report timezone.
 */
export function buildStatsRequests(parameters: ReportParameters, nowMs: number): StatsRequestBody[] {
	const exportType = oneOf(parameters.exportType, EXPORT_TYPES, 'Export Type');
	const statType = oneOf(parameters.statType, STAT_TYPES, 'Stat Type');
	const timezone = parameters.timezone.trim();
	assertTimezone(timezone);

	const hasTarget = parameters.targetType !== 'none' && parameters.targetType !== '';
	if (TARGET_REQUIRED_STAT_TYPES.includes(statType)) {
		if (!hasTarget) {
			throw invalidParameter(
				'Target Type',
				`${statType} reports need a target`,
				`Dialpad only produces ${statType} reports for one target: set Target Type (for example Call Center) and its ID.`,
				'Set Target Type (for example callcenter) and Target (its ID).',
			);
		}
		if (exportType !== 'records') {
			throw invalidParameter(
				'Export Type',
				`${statType} reports are only available as Records`,
				'Set Export Type to Records.',
			);
		}
	}

	const groupBy = parameters.groupBy.trim();
	const groupsAllowed = exportType === 'stats' && statType === 'calls';
	if (groupBy !== '' && !groupsAllowed) {
		throw invalidParameter(
			'Group By',
			'only applies to Stats exports of Calls',
			'Clear Group By, or set Export Type to Stats and Stat Type to Calls.',
		);
	}

	const periods = resolvePeriod({
		period: parameters.period as PeriodPreset,
		daysAgoStart: parameters.daysAgoStart,
		daysAgoEnd: parameters.daysAgoEnd,
		weekStartsOn: (parameters.weekStartsOn || 'monday') as WeekStart,
		includeToday: parameters.includeToday === true,
		timezone,
		nowMs,
	});
	const groupedByDate = groupsAllowed && groupBy === 'date';
	if (periods.length > 1 && exportType === 'stats' && !groupedByDate) {
		const grouping = groupsAllowed ? `grouped by ${groupBy || 'user'}` : 'of this type (totals per user)';
		throw invalidParameter(
			'Period',
			`${PERIOD_NAMES[parameters.period] ?? parameters.period} covers past days and today, which Dialpad serves as two separate exports: Stats ${grouping} would come out as two rows for each user or group`,
			'Pick a period without today (Last Week, Last Month, Last 7 Days, or turn Include Today off), or use two Dialpad Stats nodes (one with Today, one with the past days), or Export Type Records, or Group By Date.',
			'Use a period without today, or two Dialpad Stats nodes (one for Today, one for the past days).',
		);
	}

	const body: Omit<StatsRequestBody, 'is_today' | 'days_ago_start' | 'days_ago_end'> = {
		export_type: exportType,
		stat_type: statType,
		timezone,
	};

	if (hasTarget) {
		body.target_type = oneOf(parameters.targetType, TARGET_TYPES, 'Target Type');
		body.target_id = parseDialpadId(parameters.targetId, 'Target');
	} else if (String(parameters.officeId ?? '').trim() !== '') {
		body.office_id = parseDialpadId(parameters.officeId, 'Office');
	}
	if (groupsAllowed && groupBy !== '') {
		body.group_by = oneOf(groupBy, GROUP_BY_VALUES, 'Group By');
	}
	// Period fields first, as Dialpad's docs list them.
	const { export_type: exportTypeField, stat_type: statTypeField, ...rest } = body;
	return periods.map((period) => ({ export_type: exportTypeField, stat_type: statTypeField, ...period, ...rest }));
}

/** JSON for the wire: ids go out as exact JSON integers (int64), which JSON.stringify cannot do. */
export function serializeStatsRequest(body: StatsRequestBody): string {
	const members = Object.entries(body)
		.filter(([, value]) => value !== undefined)
		.map(([key, value]) => {
			const json = ID_FIELDS.has(key) ? String(value) : JSON.stringify(value);
			return `${JSON.stringify(key)}:${json}`;
		});
	return `{${members.join(',')}}`;
}
