import Papa from 'papaparse';
import {
	buildCompany,
	csvText,
	headersFor,
	periodOf,
	RECORDS_CALLS_HEADERS,
	RECORDS_ONDUTY_HEADERS,
	STATS_CALLS_DATE_HEADERS,
	STATS_CALLS_USER_HEADERS,
	startSimulator,
	type ExportSpec,
} from '../index';
import { IDLE_USER_INDEX } from '../company';
import { apiClient, json, TestClock } from './helpers';

const company = buildCompany(1);
const [sales, , , , afterHours] = company.callCenters;
const DAYS = ['2026-09-01', '2026-09-02', '2026-09-03'];
const base = { timezone: 'UTC', days: DAYS };

function parse(text: string): { fields: string[]; rows: Array<Record<string, string>>; widths: number[] } {
	const raw = Papa.parse<string[]>(text, { skipEmptyLines: true });
	expect(raw.errors).toEqual([]);
	const objects = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
	return { fields: raw.data[0], rows: objects.data, widths: raw.data.map((r) => r.length) };
}

describe('headers, in the observed order', () => {
	it('records/calls: 54 columns', () => {
		expect(RECORDS_CALLS_HEADERS).toHaveLength(54);
		const { fields } = parse(csvText({ ...base, exportType: 'records', statType: 'calls' }, 1));
		expect(fields).toEqual([...RECORDS_CALLS_HEADERS]);
		expect(fields.slice(0, 5)).toEqual(['date_started', 'call_id', 'category', 'direction', 'external_number']);
		expect(fields.at(-1)).toBe('is_internal');
	});
	it('stats/calls group_by=date: 68; group_by=user (default): 55 with the 17 known first', () => {
		expect(STATS_CALLS_DATE_HEADERS).toHaveLength(68);
		expect(headersFor({ ...base, exportType: 'stats', statType: 'calls', groupBy: 'date' })).toEqual(STATS_CALLS_DATE_HEADERS);
		expect(STATS_CALLS_USER_HEADERS).toHaveLength(55);
		expect(new Set(STATS_CALLS_USER_HEADERS).size).toBe(55);
		expect(headersFor({ ...base, exportType: 'stats', statType: 'calls' })).toEqual(STATS_CALLS_USER_HEADERS);
		expect(STATS_CALLS_USER_HEADERS.slice(0, 5)).toEqual(['date', 'user_id', 'name', 'email', 'type']);
		expect(STATS_CALLS_USER_HEADERS).toContain('timezone');
	});
	it('records/onduty 14, recordings 13, and the partial lists start with the observed columns', () => {
		expect(RECORDS_ONDUTY_HEADERS).toHaveLength(14);
		const h = (statType: ExportSpec['statType']) => headersFor({ ...base, exportType: 'records', statType });
		expect(h('onduty')).toEqual(RECORDS_ONDUTY_HEADERS);
		expect(h('recordings')).toHaveLength(13);
		expect(h('dispositions').slice(0, 2)).toEqual(['call_id', 'disposition']);
		expect(h('csat').slice(0, 2)).toEqual(['call_id', 'response']);
		expect(h('texts').slice(0, 7)).toEqual(['message_id', 'direction', 'from_phone', 'to_phone', 'name', 'mms', 'date']);
		expect(h('voicemails')[0]).toBe('date');
	});
});

const ALL_TYPES: Array<[string, Partial<ExportSpec>]> = [
	['records/calls', { exportType: 'records', statType: 'calls' }],
	['records/onduty', { exportType: 'records', statType: 'onduty' }],
	['records/dispositions', { exportType: 'records', statType: 'dispositions', targetType: 'callcenter', targetId: company.callCenters[1].id }],
	['records/csat', { exportType: 'records', statType: 'csat', targetType: 'callcenter', targetId: company.callCenters[1].id }],
	['records/recordings', { exportType: 'records', statType: 'recordings' }],
	['records/texts', { exportType: 'records', statType: 'texts' }],
	['records/voicemails', { exportType: 'records', statType: 'voicemails' }],
	['records/screenshare', { exportType: 'records', statType: 'screenshare' }],
	['stats/calls date', { exportType: 'stats', statType: 'calls', groupBy: 'date' }],
	['stats/calls user', { exportType: 'stats', statType: 'calls', groupBy: 'user' }],
	['stats/calls group', { exportType: 'stats', statType: 'calls', groupBy: 'group' }],
	['stats/texts', { exportType: 'stats', statType: 'texts' }],
];

describe.each(ALL_TYPES)('%s', (_label, partial) => {
	const spec = { ...base, ...partial } as ExportSpec;
	const text = csvText(spec, 1);
	it('is RFC 4180: papaparse reads it without errors and every row has the header width', () => {
		const { widths, rows } = parse(text);
		expect(rows.length).toBeGreaterThan(0);
		expect(widths.every((w) => w === widths[0])).toBe(true);
		expect(text.endsWith('\r\n')).toBe(true);
	});
	it('is deterministic for a seed and changes with the seed', () => {
		expect(csvText(spec, 1)).toBe(text);
		expect(csvText(spec, 2)).not.toBe(text);
	});
	it('is header-only for an empty range', () => {
		expect(csvText({ ...spec, days: [] }, 1)).toBe(`${headersFor(spec).join(',')}\r\n`);
	});
});

describe('records/calls values', () => {
	const { rows } = parse(csvText({ ...base, exportType: 'records', statType: 'calls' }, 1));
	it('naive local timestamps with and without fractions, E.164 numbers, 16-digit ids, minutes', () => {
		expect(rows.every((r) => /^2026-09-0[1-3] \d{2}:\d{2}:\d{2}(\.\d{6})?$/.test(r.date_started))).toBe(true);
		expect(rows.some((r) => r.date_started.includes('.'))).toBe(true);
		expect(rows.some((r) => !r.date_started.includes('.'))).toBe(true);
		expect(rows.every((r) => /^\+1\d{3}555\d{4}$/.test(r.external_number))).toBe(true);
		expect(rows.every((r) => /^\d{16}$/.test(r.call_id) && /^\d{16}$/.test(r.target_id))).toBe(true);
		expect(rows.some((r) => BigInt(r.call_id) > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
		expect(rows.every((r) => /^\d+(\.\d+)?$/.test(r.talk_duration) && /^(true|false)$/.test(r.was_recorded))).toBe(true);
		expect(rows.every((r) => r.timezone === 'UTC')).toBe(true);
	});
	it('legs: CallCenter entry legs and UserProfile agent legs; no date_connected on unanswered calls', () => {
		expect(new Set(rows.map((r) => r.target_kind))).toEqual(new Set(['CallCenter', 'UserProfile', 'Department', 'Room']));
		const unanswered = rows.filter((r) => r.categories.startsWith('unanswered'));
		expect(unanswered.length).toBeGreaterThan(0);
		expect(unanswered.every((r) => r.date_connected === '')).toBe(true);
		expect(rows.filter((r) => r.category === 'incoming').every((r) => r.date_connected !== '')).toBe(true);
	});
	it('quotes multi-valued cells', () => {
		expect(csvText({ ...base, exportType: 'records', statType: 'calls' }, 1)).toContain('"answered,inbound"');
	});
});

describe('row counts follow range and target', () => {
	const records = (days: string[], target?: Partial<ExportSpec>) =>
		parse(csvText({ timezone: 'UTC', days, exportType: 'records', statType: 'calls', ...target }, 1)).rows;
	const cc = { targetType: 'callcenter', targetId: sales.id } as const;

	it('a call center: callsPerDay entry legs per day, all legs of its calls only', () => {
		const rows = records(DAYS, cc);
		expect(rows.filter((r) => r.target_kind === 'CallCenter')).toHaveLength(sales.callsPerDay * DAYS.length);
		expect(rows.every((r) => r.entry_point_target_id === sales.id)).toBe(true);
	});
	it('a range is the concatenation of its days', () => {
		const oneByOne = DAYS.flatMap((d) => records([d], cc));
		expect(records(DAYS, cc)).toEqual(oneByOne);
	});
	it('a user target lists only that user legs; an office only its calls', () => {
		const agent = company.users[0];
		const rows = records(DAYS, { targetType: 'user', targetId: agent.id });
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.every((r) => r.target_id === agent.id)).toBe(true);
		const office = company.offices[2];
		const officeRows = records(DAYS, { officeId: office.id });
		expect(officeRows.length).toBeGreaterThan(0);
		expect(officeRows.every((r) => r.office_id === office.id)).toBe(true);
	});
	it('a target with no activity -> header line only', () => {
		const header = `${RECORDS_CALLS_HEADERS.join(',')}\r\n`;
		expect(csvText({ ...base, exportType: 'records', statType: 'calls', targetType: 'callcenter', targetId: afterHours.id }, 1)).toBe(header);
		expect(csvText({ ...base, exportType: 'records', statType: 'calls', targetType: 'user', targetId: company.users[IDLE_USER_INDEX].id }, 1)).toBe(header);
		expect(csvText({ ...base, exportType: 'stats', statType: 'calls', groupBy: 'date', targetType: 'callcenter', targetId: afterHours.id }, 1)).toBe(
			`${STATS_CALLS_DATE_HEADERS.join(',')}\r\n`,
		);
	});
	it('group_by=date: exactly one row per local day, agreeing with the records', () => {
		const { rows } = parse(csvText({ ...base, exportType: 'stats', statType: 'calls', groupBy: 'date', ...cc }, 1));
		expect(rows.map((r) => r.date)).toEqual(DAYS);
		expect(rows.every((r) => Number(r.all_calls) === sales.callsPerDay)).toBe(true);
	});
	it('group_by=user: rows only for users with calls, with their call counts', () => {
		const { rows } = parse(csvText({ ...base, exportType: 'stats', statType: 'calls', ...cc }, 1));
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.every((r) => sales.agentIds.includes(r.user_id) && r.type === 'user' && Number(r.all_calls) > 0)).toBe(true);
	});
	it('setRowCount-style forced counts produce exactly that many rows', () => {
		expect(parse(csvText({ ...base, exportType: 'records', statType: 'calls', rowCount: 777 }, 1)).rows).toHaveLength(777);
		expect(parse(csvText({ ...base, exportType: 'records', statType: 'calls', targetType: 'callcenter', targetId: afterHours.id, rowCount: 50 }, 1)).rows).toHaveLength(50);
	});
});

describe('day boundaries in the requested timezone', () => {
	it('periodOf counts inclusive local days from now()', () => {
		const now = new Date('2026-09-15T02:00:00Z'); // 2026-09-14 19:00 in Los Angeles
		expect(periodOf({ isToday: false, daysAgoStart: 1, daysAgoEnd: 1, timezone: 'America/Los_Angeles' }, now).days).toEqual(['2026-09-13']);
		expect(periodOf({ isToday: false, daysAgoStart: 1, daysAgoEnd: 1, timezone: 'UTC' }, now).days).toEqual(['2026-09-14']);
		expect(periodOf({ isToday: false, daysAgoStart: 1, daysAgoEnd: 3, timezone: 'UTC' }, now).days).toEqual(['2026-09-12', '2026-09-13', '2026-09-14']);
		expect(periodOf({ isToday: true, daysAgoStart: 0, daysAgoEnd: 0, timezone: 'Asia/Tokyo' }, now)).toEqual({
			days: ['2026-09-15'],
			cutoff: { date: '2026-09-15', secondsOfDay: 11 * 3600 },
		});
	});

	it('an is_today export over HTTP holds only today rows before the local time', async () => {
		const clock = new TestClock(Date.parse('2026-09-15T16:30:00Z')); // 12:30 in New York
		const sim = await startSimulator({ processingSeconds: 0, now: clock.now });
		try {
			const body = { export_type: 'records', stat_type: 'calls', is_today: true, timezone: 'America/New_York' };
			const id = json<{ request_id: string }>((await apiClient(sim).post('/stats', body)).data).request_id;
			const { rows } = parse(sim.csvFor(id));
			expect(rows.length).toBeGreaterThan(0);
			expect(rows.every((r) => r.date_started.startsWith('2026-09-15 ') && r.date_started.slice(11) < '12:30:00')).toBe(true);
			expect(rows.every((r) => r.timezone === 'America/New_York')).toBe(true);
			const byDate = { export_type: 'stats', stat_type: 'calls', group_by: 'date', days_ago_start: 1, days_ago_end: 7, timezone: 'Asia/Tokyo' };
			const statsId = json<{ request_id: string }>((await apiClient(sim).post('/stats', byDate)).data).request_id;
			expect(parse(sim.csvFor(statsId)).rows.map((r) => r.date)).toEqual([
				'2026-09-09', '2026-09-10', '2026-09-11', '2026-09-12', '2026-09-13', '2026-09-14', '2026-09-15',
			]);
		} finally {
			await sim.close();
		}
	});
});
