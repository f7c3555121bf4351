/** Many input items in one execution, inside n8n's engine against the simulator: one batch within Dialpad's limits. */

import { startSimulator, type RequestLogEntry, type Simulator } from '../stand-ins/dialpad/index';
import { apiCalls, callCenterIds, credentialsFor, downloads, polls, posts, reportParameters, servedRecords } from '../support/engine/fixtures';
import { mostRequestsInOneSecond } from '../support/busiest-second';
import { runDialpadStats } from '../support/engine/harness';

let sim: Simulator;
let callCenters: string[];

const POLL_INTERVAL_SECONDS = 5;
const FIRST_CHECK_SECONDS = 3;

beforeAll(async () => {
	// Each export takes its own 2-10 s, so they finish in a scrambled order.
	sim = await startSimulator({ processingSeconds: 2, processingSpreadSeconds: 8, retryAfterSeconds: 2 });
	callCenters = await callCenterIds(sim);
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const batchParameters = (options: Record<string, unknown> = {}) =>
	reportParameters({
		targetType: 'callcenter',
		targetId: { __rl: true, mode: 'id', value: '={{ $json.callCenterId }}' },
		period: '={{ $json.period }}',
		options: { initialDelay: FIRST_CHECK_SECONDS, pollInterval: POLL_INTERVAL_SECONDS, maxWait: 120, ...options },
	});

function csvRowCount(requestId: string): number {
	return servedRecords(sim, requestId).length;
}

/** The largest number of API requests that arrived within any one second. */
function busiestSecond(entries: RequestLogEntry[]): number {
	return mostRequestsInOneSecond(entries.map((entry) => entry.timeMs));
}

/** The request a POST asked for, by target and period, as the simulator logged it. */
function postKey(entry: RequestLogEntry): string {
	// The parsed body keeps 16-digit ids as text.
	const body = (entry.body ?? {}) as { target_id?: unknown; days_ago_end?: unknown };
	return `${String(body.target_id)}/${String(body.days_ago_end)}`;
}

test('10 items, 8 distinct reports, 429s on the first POSTs: one POST per distinct report, paced, every item gets its own rows in input order', async () => {
	const asked = [
		...callCenters.map((callCenterId) => ({ callCenterId, period: 'yesterday' })),
		...callCenters.slice(0, 3).map((callCenterId) => ({ callCenterId, period: 'last7Days' })),
	];
	const inputItems = [...asked, asked[1], asked[6]];
	expect(inputItems).toHaveLength(10);
	sim.faults.failNext({ count: 2, status: 429, route: 'post', retryAfterSeconds: 2 });

	const result = await runDialpadStats({ parameters: batchParameters(), credentials: credentialsFor(sim), inputItems });
	expect(result.error).toBeUndefined();

	const accepted = posts(sim).filter((post) => post.status === 200);
	const refused = posts(sim).filter((post) => post.status === 429);
	expect(refused).toHaveLength(2);
	expect(accepted).toHaveLength(8);
	expect(new Set(accepted.map(postKey)).size).toBe(8);
	// No POST while the refusal's Retry-After ran.
	const firstRefusal = refused[0].timeMs;
	for (const post of posts(sim).slice(1)) {
		expect(post.timeMs < firstRefusal || post.timeMs >= firstRefusal + 2_000 || post === refused[1]).toBe(true);
	}

	const requestIdOf = (item: { callCenterId: string; period: string }) => {
		const daysAgoEnd = item.period === 'yesterday' ? 1 : 7;
		return accepted.find((post) => postKey(post) === `${item.callCenterId}/${daysAgoEnd}`)!.requestId!;
	};
	// Output order is input order: all of item 0's rows, then item 1's, ...
	const expectedPairing = inputItems.flatMap((item, index) => Array<number>(csvRowCount(requestIdOf(item))).fill(index));
	expect(expectedPairing.length).toBeGreaterThan(0);
	expect(result.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(expectedPairing);
	inputItems.forEach((item, index) => {
		const rows = result.items.filter((output) => (output.pairedItem as { item: number }).item === index);
		const served = servedRecords(sim, requestIdOf(item));
		expect(rows.map((row) => row.json.call_id)).toEqual(served.map((row) => row.call_id));
	});
	// The duplicates' rows are their own objects, not the same ones as the first asker's.
	const firstAsker = result.items.find((item) => (item.pairedItem as { item: number }).item === 1)!;
	const duplicate = result.items.find((item) => (item.pairedItem as { item: number }).item === 8)!;
	expect(duplicate.json).toEqual(firstAsker.json);
	expect(duplicate.json).not.toBe(firstAsker.json);

	// The poll schedule: first check after First Check After, then never closer than Poll Interval.
	for (const post of accepted) {
		const checks = polls(sim).filter((poll) => poll.requestId === post.requestId);
		expect(checks.length).toBeGreaterThan(0);
		expect(checks[0].timeMs - post.timeMs).toBeGreaterThanOrEqual(FIRST_CHECK_SECONDS * 1000);
		for (let index = 1; index < checks.length; index++) {
			expect(checks[index].timeMs - checks[index - 1].timeMs).toBeGreaterThanOrEqual(POLL_INTERVAL_SECONDS * 1000);
		}
	}
	expect(busiestSecond(apiCalls(sim))).toBeLessThanOrEqual(5);
	expect(downloads(sim)).toHaveLength(8);
});

test('items with bad parameters fail before any request, naming the item; with Continue On Fail only they fail', async () => {
	const inputItems = [
		{ callCenterId: callCenters[0], period: 'yesterday' },
		{ callCenterId: 'CC-12', period: 'yesterday' },
		{ callCenterId: callCenters[1], period: 'last week please' },
		{ callCenterId: callCenters[2], period: 'yesterday' },
	];
	const stopped = await runDialpadStats({ parameters: batchParameters(), credentials: credentialsFor(sim), inputItems });
	expect(stopped.error?.message).toBe('Target: "CC-12" is not a Dialpad ID. Use the numeric Dialpad ID, such as 5234567890123456. [item 1]');
	expect(sim.log).toEqual([]);

	const continued = await runDialpadStats({
		parameters: batchParameters(),
		credentials: credentialsFor(sim),
		inputItems,
		continueOnFail: true,
	});
	expect(continued.error).toBeUndefined();
	const byItem = (index: number) => continued.items.filter((item) => (item.pairedItem as { item: number }).item === index);
	expect(byItem(1).map((item) => item.json.error)).toEqual([expect.stringMatching(/^Target: "CC-12" is not a Dialpad ID.*\[item 1\]$/)]);
	expect(byItem(2).map((item) => item.json.error)).toEqual([expect.stringMatching(/^Period: .*last week please.*\[item 2\]$/)]);
	expect(byItem(0).length).toBeGreaterThan(0);
	expect(byItem(3).length).toBeGreaterThan(0);
	expect(posts(sim)).toHaveLength(2);
});

test("a report Dialpad refuses mid-batch: with Continue On Fail it is its item's error, without it the node stops with that report's error and sends nothing more", async () => {
	const unknownCallCenter = '5999999999999999';
	const inputItems = [
		{ callCenterId: callCenters[0], period: 'yesterday' },
		{ callCenterId: callCenters[1], period: 'yesterday' },
		{ callCenterId: unknownCallCenter, period: 'yesterday' },
		{ callCenterId: callCenters[2], period: 'yesterday' },
		{ callCenterId: callCenters[3], period: 'yesterday' },
	];
	const continued = await runDialpadStats({ parameters: batchParameters(), credentials: credentialsFor(sim), inputItems, continueOnFail: true });
	expect(continued.error).toBeUndefined();
	const failed = continued.items.filter((item) => (item.pairedItem as { item: number }).item === 2);
	expect(failed.map((item) => item.json)).toEqual([
		{ error: expect.stringMatching(/^Dialpad did not accept the report request: .*5999999999999999.*\[item 2\]$/), description: expect.any(String) },
	]);
	for (const index of [0, 1, 3, 4]) {
		expect(continued.items.some((item) => (item.pairedItem as { item: number }).item === index)).toBe(true);
	}

	sim.reset();
	const stopped = await runDialpadStats({ parameters: batchParameters(), credentials: credentialsFor(sim), inputItems });
	expect(stopped.error?.message).toMatch(/^Dialpad did not accept the report request: .*5999999999999999.*\[item 2\]$/);
	const refusal = posts(sim).find((post) => post.status === 400)!;
	expect(sim.log.filter((entry) => entry.timeMs > refusal.timeMs + 100)).toEqual([]);
	expect(posts(sim)).toHaveLength(3);
});

test('cancel stops every wait of the batch at once', async () => {
	sim.setProcessingSeconds(60);
	const inputItems = callCenters.map((callCenterId) => ({ callCenterId, period: 'yesterday' }));
	const startedMs = Date.now();
	const result = await runDialpadStats({
		parameters: batchParameters({ initialDelay: 5, pollInterval: 5 }),
		credentials: credentialsFor(sim),
		inputItems,
		cancelAfterMs: 7_000,
	});
	expect(result.status).toBe('canceled');
	expect(Date.now() - startedMs).toBeLessThan(9_000);
	const settledLogLength = sim.log.length;
	await new Promise((resolve) => setTimeout(resolve, 6_000));
	expect(sim.log.length).toBe(settledLogLength);
	expect(sim.log.every((entry) => entry.timeMs < startedMs + 7_500)).toBe(true);
});
