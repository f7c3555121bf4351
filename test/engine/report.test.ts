/** The node inside n8n's engine against the simulator: the happy paths a user sees. */

import { startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { apiCalls, callCenterIds, credentialsFor, downloads, idLocator, polls, posts, reportParameters, servedRecords } from '../support/engine/fixtures';
import { runDialpadStats } from '../support/engine/harness';

let sim: Simulator;
let callCenters: string[];

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
	callCenters = await callCenterIds(sim);
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

test('records/calls for a call center: one typed item per CSV row, in file order, paired to the input', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({ targetType: 'callcenter', targetId: idLocator(callCenters[0]) }),
		credentials: credentialsFor(sim),
	});
	expect(result.error).toBeUndefined();
	const requestId = String(posts(sim).length && (polls(sim)[0].requestId ?? ''));
	const rows = servedRecords(sim, requestId);
	expect(rows.length).toBeGreaterThan(0);
	expect(result.items).toHaveLength(rows.length);
	expect(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);

	const header = Object.keys(rows[0]);
	rows.forEach((row, index) => {
		const json = result.items[index].json;
		expect(Object.keys(json)).toEqual(header);
		expect(json.call_id).toBe(row.call_id);
		expect(typeof json.call_id).toBe('string');
		expect(json.target_id).toBe(row.target_id);
		expect(json.external_number).toBe(row.external_number === '' ? null : row.external_number);
		if (row.talk_duration !== '') expect(json.talk_duration).toBe(Number(row.talk_duration));
		if (row.was_recorded !== '') expect(json.was_recorded).toBe(row.was_recorded.toLowerCase() === 'true');
		if (row.date_connected === '') expect(json.date_connected).toBeNull();
		else expect(json.date_connected).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?-0[45]:00$/);
		expect(json.categories).toBe(row.categories === '' ? null : row.categories);
	});
});

test('the POST body is exactly the contract, the id an exact integer, the key only in the Bearer header', async () => {
	const bigId = callCenters.find((id) => BigInt(id) > BigInt(2 ** 53)) ?? callCenters[0];
	await runDialpadStats({
		parameters: reportParameters({ targetType: 'callcenter', targetId: idLocator(bigId), period: 'last7Days' }),
		credentials: credentialsFor(sim),
	});
	const [post] = posts(sim);
	expect(post.rawBody).toBe(
		`{"export_type":"records","stat_type":"calls","days_ago_start":1,"days_ago_end":7,"timezone":"America/New_York","target_type":"callcenter","target_id":${bigId}}`,
	);
	expect(post.headers['content-type']).toMatch(/^application\/json/);
	for (const call of apiCalls(sim)) {
		expect(call.hasAuthorization).toBe(true);
		expect(call.query).not.toHaveProperty('apikey');
	}
	expect(downloads(sim).length).toBeGreaterThan(0);
	for (const download of downloads(sim)) expect(download.hasAuthorization).toBe(false);
});

test('today is an is_today export; daysAgo sends the chosen range; the workflow timezone is the default', async () => {
	await runDialpadStats({ parameters: reportParameters({ period: 'today' }), credentials: credentialsFor(sim) });
	await runDialpadStats({
		parameters: reportParameters({ period: 'daysAgo', daysAgoStart: 2, daysAgoEnd: 5, timezone: '' }),
		credentials: credentialsFor(sim),
		timezone: 'Europe/Berlin',
	});
	const [today, range] = posts(sim).map((post) => JSON.parse(post.rawBody ?? '{}'));
	expect(today).toEqual({ export_type: 'records', stat_type: 'calls', is_today: true, timezone: 'America/New_York' });
	expect(range).toEqual({
		export_type: 'records',
		stat_type: 'calls',
		days_ago_start: 2,
		days_ago_end: 5,
		timezone: 'Europe/Berlin',
	});
});

test('stats/calls grouped by date over the last 7 days: one item per day', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({
			exportType: 'stats',
			groupBy: 'date',
			targetType: 'callcenter',
			targetId: idLocator(callCenters[0]),
			period: 'last7Days',
		}),
		credentials: credentialsFor(sim),
	});
	expect(result.error).toBeUndefined();
	expect(JSON.parse(posts(sim)[0].rawBody ?? '{}')).toMatchObject({ export_type: 'stats', group_by: 'date' });
	expect(result.items).toHaveLength(7);
	const dates = result.items.map((item) => item.json.date);
	expect(new Set(dates).size).toBe(7);
	for (const item of result.items) {
		expect(typeof item.json.all_calls).toBe('number');
		expect(item.json.date).toMatch(/^\d{4}-\d\d-\d\d$/);
	}
});

test('two input items make two reports, each item paired to its input', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({
			targetType: 'callcenter',
			targetId: { __rl: true, mode: 'id', value: '={{ $json.callCenterId }}' },
		}),
		credentials: credentialsFor(sim),
		inputItems: [{ callCenterId: callCenters[0] }, { callCenterId: callCenters[1] }],
	});
	expect(result.error).toBeUndefined();
	const sentTargets = posts(sim).map((post) => /"target_id":(\d+)/.exec(post.rawBody ?? '')?.[1]);
	expect(sentTargets).toEqual([callCenters[0], callCenters[1]]);
	const requestIds = [...new Set(polls(sim).map((poll) => poll.requestId))];
	const firstCount = servedRecords(sim, requestIds[0] ?? '').length;
	const secondCount = servedRecords(sim, requestIds[1] ?? '').length;
	expect(result.items).toHaveLength(firstCount + secondCount);
	expect(result.items.filter((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toHaveLength(firstCount);
	expect(result.items.filter((item) => JSON.stringify(item.pairedItem) === '{"item":1}')).toHaveLength(secondCount);
	const firstTargets = new Set(result.items.slice(0, firstCount).map((item) => item.json.entry_point_target_id));
	expect(firstTargets.has(callCenters[0])).toBe(true);
});

test('typeValues off gives the CSV text unchanged', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({
			targetType: 'callcenter',
			targetId: idLocator(callCenters[0]),
			options: { initialDelay: 0, pollInterval: 5, maxWait: 120, typeValues: false },
		}),
		credentials: credentialsFor(sim),
	});
	const rows = servedRecords(sim, polls(sim)[0].requestId ?? '');
	expect(result.items.map((item) => item.json)).toEqual(rows);
});

test('an export with only a header gives no items and no error', async () => {
	sim.faults.setRowCount(0);
	const result = await runDialpadStats({
		parameters: reportParameters(),
		credentials: credentialsFor(sim),
	});
	expect(result.error).toBeUndefined();
	expect(result.items).toEqual([]);
	expect(downloads(sim)).toHaveLength(1);
});
