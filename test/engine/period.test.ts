/** Calendar periods in n8n's engine: two exports for past days and today, one table of rows. */

import { startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { callCenterIds, credentialsFor, idLocator, polls, posts, reportParameters, servedRecords } from '../support/engine/fixtures';
import { runDialpadStats } from '../support/engine/harness';

let sim: Simulator;
let callCenters: string[];

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
	callCenters = await callCenterIds(sim);
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

function csvCallIds(requestId: string): string[] {
	return servedRecords(sim, requestId).map((row) => row.call_id);
}

test('Last 7 Days with Include Today: two exports (past days, then today), every row of both, in that order', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({
			targetType: 'callcenter',
			targetId: idLocator(callCenters[1]),
			period: 'last7Days',
			includeToday: true,
		}),
		credentials: credentialsFor(sim),
	});
	expect(result.error).toBeUndefined();
	const bodies = posts(sim).map((post) => post.body as Record<string, unknown>);
	expect(bodies).toEqual([
		expect.objectContaining({ days_ago_start: 1, days_ago_end: 6, target_type: 'callcenter' }),
		expect.objectContaining({ is_today: true, target_type: 'callcenter' }),
	]);
	const requestIds = [...new Set(polls(sim).map((poll) => poll.path.split('/').pop() ?? ''))];
	expect(requestIds).toHaveLength(2);
	const expected = requestIds.flatMap((requestId) => csvCallIds(requestId));
	expect(expected.length).toBeGreaterThan(0);
	expect(result.items.map((item) => item.json.call_id)).toEqual(expected);
	expect(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
});

test('Stats grouped by user over This Week is refused before any request', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({ exportType: 'stats', statType: 'calls', groupBy: 'user', period: 'thisWeek' }),
		credentials: credentialsFor(sim),
	});
	expect(result.error?.message).toMatch(/^Period: This Week covers past days and today/);
	expect(result.error?.description).toMatch(/two Dialpad Stats nodes/);
	expect(sim.log).toEqual([]);
});

test('Last Month is one export whose range Dialpad counts in the report timezone', async () => {
	await runDialpadStats({
		parameters: reportParameters({ period: 'lastMonth', timezone: 'Asia/Tokyo', targetType: 'callcenter', targetId: idLocator(callCenters[0]) }),
		credentials: credentialsFor(sim),
	});
	const bodies = posts(sim).map((post) => post.body as Record<string, number>);
	expect(bodies).toHaveLength(1);
	const tokyoDay = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', day: 'numeric' }).format(new Date()));
	expect(bodies[0].days_ago_start).toBe(tokyoDay);
	expect(bodies[0].days_ago_end - bodies[0].days_ago_start).toBeGreaterThanOrEqual(27);
});
