import { ReportError } from '../../nodes/shared/errors/reportError';
import { PERIOD_PRESETS } from '../../nodes/shared/report/request/period';
import {
	TARGET_TYPES,
	buildStatsRequests,
	parseDialpadId,
	serializeStatsRequest,
	type ReportParameters,
} from '../../nodes/shared/report/request/request';

const base: ReportParameters = {
	exportType: 'records',
	statType: 'calls',
	targetType: 'none',
	targetId: '',
	officeId: '',
	period: 'yesterday',
	daysAgoStart: 0,
	daysAgoEnd: 0,
	timezone: 'UTC',
	groupBy: '',
};

const NOW_MS = Date.UTC(2026, 10, 25, 12, 0, 0);

/** One-export periods: the single body. */
function buildStatsRequest(parameters: ReportParameters) {
	const bodies = buildStatsRequests(parameters, NOW_MS);
	expect(bodies).toHaveLength(1);
	return bodies[0];
}

function refusal(parameters: Partial<ReportParameters>): ReportError {
	try {
		buildStatsRequest({ ...base, ...parameters });
	} catch (error) {
		expect(error).toBeInstanceOf(ReportError);
		return error as ReportError;
	}
	throw new Error('expected a refusal');
}

describe('buildStatsRequest', () => {
	test('the whole company, yesterday: only what is set, in the contract names', () => {
		expect(buildStatsRequest(base)).toEqual({
			export_type: 'records',
			stat_type: 'calls',
			days_ago_start: 1,
			days_ago_end: 1,
			timezone: 'UTC',
		});
	});

	test.each([
		['today', {}, { is_today: true }],
		['yesterday', {}, { days_ago_start: 1, days_ago_end: 1 }],
		['last7Days', {}, { days_ago_start: 1, days_ago_end: 7 }],
		['last30Days', {}, { days_ago_start: 1, days_ago_end: 30 }],
		['daysAgo', { daysAgoStart: 0, daysAgoEnd: 0 }, { days_ago_start: 0, days_ago_end: 0 }],
		['daysAgo', { daysAgoStart: 3, daysAgoEnd: 10 }, { days_ago_start: 3, days_ago_end: 10 }],
	])('period %s %j -> %j', (period, extra, expected) => {
		const body = buildStatsRequest({ ...base, period, ...extra });
		expect(body).toMatchObject(expected);
		if (period === 'today') {
			expect(body).not.toHaveProperty('days_ago_start');
			expect(body).not.toHaveProperty('days_ago_end');
		} else {
			expect(body).not.toHaveProperty('is_today');
		}
	});

	test('a target sends target_type and target_id and no office', () => {
		const body = buildStatsRequest({
			...base,
			targetType: 'callcenter',
			targetId: ' 5234567890123456 ',
			officeId: '111',
		});
		expect(body).toMatchObject({ target_type: 'callcenter', target_id: '5234567890123456' });
		expect(body).not.toHaveProperty('office_id');
	});

	test('an office without a target sends office_id', () => {
		expect(buildStatsRequest({ ...base, officeId: '6000000000000001' })).toMatchObject({
			office_id: '6000000000000001',
		});
	});

	test('group_by only for stats of calls, and then as chosen', () => {
		expect(
			buildStatsRequest({ ...base, exportType: 'stats', statType: 'calls', groupBy: 'date' }),
		).toMatchObject({ export_type: 'stats', group_by: 'date' });
		expect(buildStatsRequest({ ...base, exportType: 'stats', statType: 'texts' })).not.toHaveProperty(
			'group_by',
		);
	});

	test.each([
		[{ exportType: 'everything' }, 'Export Type', 'records, stats'],
		[{ statType: 'faxes' }, 'Stat Type', 'calls, csat'],
		[{ statType: 'csat' }, 'Target Type', 'set Target Type'],
		[{ statType: 'dispositions', targetType: 'none' }, 'Target Type', 'set Target Type'],
		[
			{ statType: 'csat', exportType: 'stats', targetType: 'callcenter', targetId: '1' },
			'Export Type',
			'Records',
		],
		[{ groupBy: 'date' }, 'Group By', 'Stats'],
		[{ exportType: 'stats', statType: 'onduty', groupBy: 'user' }, 'Group By', 'Calls'],
		[{ exportType: 'stats', statType: 'calls', groupBy: 'week' }, 'Group By', 'user, date, group'],
		[{ timezone: 'Mars/Olympus_Mons' }, 'Timezone', 'America/New_York'],
		[{ timezone: '' }, 'Timezone', 'IANA'],
		[{ period: 'daysAgo', daysAgoStart: 7, daysAgoEnd: 1 }, 'Days Ago (Most Recent)', 'less than or equal'],
		[{ period: 'daysAgo', daysAgoStart: -1, daysAgoEnd: 3 }, 'Days Ago (Most Recent)', '0 for today'],
		[{ period: 'daysAgo', daysAgoStart: 1, daysAgoEnd: 2.5 }, 'Days Ago (Oldest)', '0 for today'],
		[{ period: 'lastYear' }, 'Period', 'yesterday'],
		[{ targetType: 'callcenter', targetId: '' }, 'Target', '5234567890123456'],
		[{ targetType: 'callcenter', targetId: 'abc' }, 'Target', '5234567890123456'],
		[{ targetType: 'planet', targetId: '1' }, 'Target Type', 'callcenter'],
		[{ officeId: '12a' }, 'Office', '5234567890123456'],
	] as Array<[Partial<ReportParameters>, string, string]>)(
		'refuses %j naming %s, with the fix in the message itself and in the description',
		(parameters, parameterName, fixHint) => {
			const error = refusal(parameters);
			expect(error.kind).toBe('invalidParameter');
			expect(error.message.startsWith(`${parameterName}: `)).toBe(true);
			expect(error.message.toLowerCase()).toContain(fixHint.toLowerCase());
			expect(error.description.toLowerCase()).toContain(fixHint.toLowerCase());
		},
	);

	test('a wrong choice names every allowed value in the message (what an AI agent sees)', () => {
		expect(refusal({ period: 'last week' }).message).toBe(
			`Period: "last week" is not a valid choice. Pick one of: ${PERIOD_PRESETS.join(', ')}.`,
		);
		expect(refusal({ targetType: 'call center', targetId: '1' }).message).toBe(
			`Target Type: "call center" is not a valid choice. Pick one of: ${TARGET_TYPES.join(', ')}.`,
		);
	});

	test('the message keeps to one sentence of fix; the description keeps the longer text', () => {
		const error = refusal({ targetType: 'callcenter', targetId: 'Support' });
		expect(error.message).toBe('Target: "Support" is not a Dialpad ID. Use the numeric Dialpad ID, such as 5234567890123456.');
		expect(error.description).toContain('Copy it from the Dialpad admin page');
	});
});

describe('ids', () => {
	test.each([
		['5234567890123456', '5234567890123456'],
		['  42 ', '42'],
		['0009123456789012345', '9123456789012345'],
		['9223372036854775807', '9223372036854775807'],
	])('%p -> %p', (raw, expected) => {
		expect(parseDialpadId(raw, 'Target')).toBe(expected);
	});

	test.each(['0', '9223372036854775808', '1e5', '-4', '12.0'])('%p is refused', (raw) => {
		expect(() => parseDialpadId(raw, 'Target')).toThrow(ReportError);
	});

	test('ids past 2^53 go on the wire as exact JSON integers', () => {
		const json = serializeStatsRequest(
			buildStatsRequest({ ...base, targetType: 'user', targetId: '9123456789012345678' }),
		);
		expect(json).toBe(
			'{"export_type":"records","stat_type":"calls","days_ago_start":1,"days_ago_end":1,"timezone":"UTC","target_type":"user","target_id":9123456789012345678}',
		);
		expect(json).toContain('"target_id":9123456789012345678');
	});
});

describe('periods that cover past days and today', () => {
	const thisWeek = { ...base, period: 'thisWeek', timezone: 'America/New_York' };

	test('are two bodies, past days first, otherwise identical', () => {
		expect(buildStatsRequests({ ...thisWeek, targetType: 'callcenter', targetId: '5234567890123456' }, NOW_MS)).toEqual([
			{ export_type: 'records', stat_type: 'calls', days_ago_start: 1, days_ago_end: 2, timezone: 'America/New_York', target_type: 'callcenter', target_id: '5234567890123456' },
			{ export_type: 'records', stat_type: 'calls', is_today: true, timezone: 'America/New_York', target_type: 'callcenter', target_id: '5234567890123456' },
		]);
	});

	test('Stats grouped by date: two bodies too', () => {
		const bodies = buildStatsRequests({ ...thisWeek, exportType: 'stats', groupBy: 'date' }, NOW_MS);
		expect(bodies.map((body) => body.group_by)).toEqual(['date', 'date']);
	});

	test.each([
		[{ ...thisWeek, exportType: 'stats', groupBy: 'user' }, 'This Week', 'grouped by user'],
		[{ ...thisWeek, exportType: 'stats', groupBy: 'group' }, 'This Week', 'grouped by group'],
		[{ ...base, period: 'thisMonth', exportType: 'stats', statType: 'onduty' }, 'This Month', 'of this type (totals per user)'],
		[{ ...base, period: 'last7Days', includeToday: true, exportType: 'stats', groupBy: 'user' }, 'Last 7 Days with Include Today', 'grouped by user'],
	])('Stats per user or group are refused before any request: %j', (parameters, periodName, grouping) => {
		const error = refusal(parameters);
		expect(error.message).toBe(
			`Period: ${periodName} covers past days and today, which Dialpad serves as two separate exports: Stats ${grouping} would come out as two rows for each user or group. Use a period without today, or two Dialpad Stats nodes (one for Today, one for the past days).`,
		);
		expect(error.description).toMatch(/two Dialpad Stats nodes/);
	});

	test('Stats per user over a period without today stay one request', () => {
		expect(buildStatsRequests({ ...base, period: 'lastWeek', exportType: 'stats', groupBy: 'user' }, NOW_MS)).toHaveLength(1);
		expect(buildStatsRequests({ ...base, period: 'today', exportType: 'stats', groupBy: 'user' }, NOW_MS)).toHaveLength(1);
	});
});
