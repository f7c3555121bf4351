/**
 * A Stats export and a Records export of the same company, target, days and timezone describe the
 * same calls: every count in the Stats rows is re-counted here from the Records rows alone, with the
 * rules a person (or an agent) would use on the Records CSV.
 */
import Papa from 'papaparse';
import { buildCompany, csvText, type ExportSpec, type TargetType } from '../index';

type Row = Record<string, string>;

function parse(text: string): Row[] {
	const parsed = Papa.parse<Row>(text, { header: true, skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	return parsed.data;
}

/** The counted Stats columns, from Records rows (one row per call leg, grouped by entry_point_call_id). */
function countsFromRecords(rows: Row[]): Record<string, number> {
	const calls = new Map<string, Row[]>();
	for (const row of rows) calls.set(row.entry_point_call_id, [...(calls.get(row.entry_point_call_id) ?? []), row]);
	const counts = {
		all_calls: 0,
		inbound_calls: 0,
		outbound_calls: 0,
		missed: 0,
		voicemails: 0,
		abandoned: 0,
		cancelled: 0,
		callbacks_requested: 0,
		handled: 0,
		answered: 0,
		outbound_connected: 0,
		transferred_out: 0,
	};
	for (const legs of calls.values()) {
		const any = (pred: (leg: Row) => boolean): boolean => legs.some(pred);
		const inbound = legs[0].direction === 'inbound';
		const connected = any((l) => l.date_connected !== '');
		counts.all_calls++;
		if (inbound) counts.inbound_calls++;
		else counts.outbound_calls++;
		if (any((l) => l.category === 'missed')) counts.missed++;
		if (any((l) => l.voicemail === 'true')) counts.voicemails++;
		if (any((l) => l.category === 'abandoned')) counts.abandoned++;
		if (any((l) => l.category === 'cancelled')) counts.cancelled++;
		if (any((l) => l.category === 'callback_requested')) counts.callbacks_requested++;
		if (connected) counts.handled++;
		if (connected && inbound) counts.answered++;
		if (connected && !inbound) counts.outbound_connected++;
		if (any((l) => l.categories.split(',').includes('transferred'))) counts.transferred_out++;
	}
	return counts;
}

function statsCounts(row: Row | undefined): Record<string, number> {
	const counts = countsFromRecords([]);
	for (const key of Object.keys(counts)) counts[key as keyof typeof counts] = row ? Number(row[key]) : 0;
	return counts;
}

function byKey(rows: Row[], key: (row: Row) => string): Map<string, Row[]> {
	const groups = new Map<string, Row[]>();
	for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
	return groups;
}

const localDate = (row: Row): string => row.date_started.slice(0, 10);

const company = buildCompany(1);
const DAYS = ['2026-09-07', '2026-09-08', '2026-09-09'];
const targets: Array<{ name: string; targetType?: TargetType; targetId?: string; officeId?: string }> = [
	{ name: 'the whole company' },
	{ name: 'an office', officeId: company.offices[1].id },
	{ name: 'a call center', targetType: 'callcenter', targetId: company.callCenters[0].id },
	{ name: 'a department', targetType: 'department', targetId: company.departments[0].id },
	{ name: 'a room', targetType: 'room', targetId: company.rooms[0].id },
	{ name: 'a user', targetType: 'user', targetId: company.callCenters[0].agentIds[0] },
	{ name: 'a coaching team', targetType: 'coachingteam', targetId: company.coachingTeams[0].id },
];

describe.each(targets)('Stats agree with Records for $name', (target) => {
	const spec = (extra: Partial<ExportSpec>): ExportSpec => ({
		exportType: 'records',
		statType: 'calls',
		timezone: 'America/New_York',
		days: DAYS,
		targetType: target.targetType,
		targetId: target.targetId,
		officeId: target.officeId,
		...extra,
	});
	const records = parse(csvText(spec({}), 1));

	it('group_by=date: each day row counts what that day\'s records hold', () => {
		const stats = parse(csvText(spec({ exportType: 'stats', groupBy: 'date' }), 1));
		const recordsByDay = byKey(records, localDate);
		expect(records.length).toBeGreaterThan(0);
		expect(stats.map((row) => row.date)).toEqual(DAYS);
		for (const row of stats) expect(statsCounts(row)).toEqual(countsFromRecords(recordsByDay.get(row.date) ?? []));
	});

	it('group_by=user: each user row counts the calls with a leg of that user', () => {
		const stats = parse(csvText(spec({ exportType: 'stats', groupBy: 'user' }), 1));
		const userLegs = records.filter((row) => row.target_kind === 'UserProfile');
		const byUserDay = byKey(userLegs, (row) => `${localDate(row)} ${row.target_id}`);
		expect(stats.map((row) => `${row.date} ${row.user_id}`).sort()).toEqual([...byUserDay.keys()].sort());
		for (const row of stats) expect(statsCounts(row)).toEqual(countsFromRecords(byUserDay.get(`${row.date} ${row.user_id}`) ?? []));
	});

	it('group_by=group: each group row counts the calls that entered through it', () => {
		const stats = parse(csvText(spec({ exportType: 'stats', groupBy: 'group' }), 1));
		const groupCalls = records.filter((row) => row.entry_point_target_kind !== 'UserProfile');
		const byGroupDay = byKey(groupCalls, (row) => `${localDate(row)} ${row.entry_point_target_id}`);
		expect(stats.map((row) => `${row.date} ${row.group_id}`).sort()).toEqual([...byGroupDay.keys()].sort());
		for (const row of stats) expect(statsCounts(row)).toEqual(countsFromRecords(byGroupDay.get(`${row.date} ${row.group_id}`) ?? []));
	});
});

describe('the same calls whatever the timezone, seed or partial day', () => {
	it.each([
		['Asia/Tokyo', 7, undefined],
		['Europe/London', 3, { date: DAYS[2], secondsOfDay: 13 * 3600 }],
	] as const)('%s, seed %d, cut off %j', (timezone, seed, cutoff) => {
		const spec: ExportSpec = { exportType: 'records', statType: 'calls', timezone, days: DAYS, cutoff, targetType: 'callcenter', targetId: buildCompany(seed).callCenters[1].id };
		const records = byKey(parse(csvText(spec, seed)), localDate);
		const stats = parse(csvText({ ...spec, exportType: 'stats', groupBy: 'date' }, seed));
		expect(stats.map((row) => row.date)).toEqual(DAYS);
		for (const row of stats) expect(statsCounts(row)).toEqual(countsFromRecords(records.get(row.date) ?? []));
	});

	it('a missed or abandoned call in the Records is counted in the Stats (not only quiet zeros)', () => {
		const spec: ExportSpec = { exportType: 'records', statType: 'calls', timezone: 'UTC', days: DAYS };
		const counts = countsFromRecords(parse(csvText(spec, 1)));
		const stats = parse(csvText({ ...spec, exportType: 'stats', groupBy: 'date' }, 1));
		const total = (key: string): number => stats.reduce((sum, row) => sum + Number(row[key]), 0);
		expect(counts.missed).toBeGreaterThan(0);
		expect(counts.abandoned).toBeGreaterThan(0);
		expect(counts.transferred_out).toBeGreaterThan(0);
		expect({ all: total('all_calls'), missed: total('missed'), abandoned: total('abandoned') }).toEqual({
			all: counts.all_calls,
			missed: counts.missed,
			abandoned: counts.abandoned,
		});
	});
});
