/** The node inside n8n's engine against a misbehaving simulator: every recovery and its limits. */
import { startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { callCenterIds, credentialsFor, downloads, idLocator, polls, posts, reportParameters } from '../support/engine/fixtures';
import { runDialpadStats } from '../support/engine/harness';

let sim: Simulator;
let target: Record<string, unknown>;

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0, retryAfterSeconds: 1 });
	const [callCenter] = await callCenterIds(sim);
	target = { targetType: 'callcenter', targetId: idLocator(callCenter) };
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const run = async (overrides: Record<string, unknown> = {}) =>
	await runDialpadStats({
		parameters: reportParameters({ ...target, ...overrides } as never),
		credentials: credentialsFor(sim),
	});

function gapsMs(entries: Array<{ timeMs: number }>): number[] {
	return entries.slice(1).map((entry, index) => entry.timeMs - entries[index].timeMs);
}

test('POST 429 with Retry-After: waits that long, POSTs again, succeeds', async () => {
	sim.faults.failNext({ status: 429, route: 'post', retryAfterSeconds: 2 });
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(result.items.length).toBeGreaterThan(0);
	const [refused, accepted] = posts(sim);
	expect([refused.status, accepted.status]).toEqual([429, 200]);
	expect(accepted.timeMs - refused.timeMs).toBeGreaterThanOrEqual(2_000);
});

test('POST 429 without Retry-After: backs off (at least a second) and succeeds', async () => {
	sim.faults.failNext({ count: 2, status: 429, route: 'post', retryAfterSeconds: null });
	const result = await run();
	expect(result.error).toBeUndefined();
	const statuses = posts(sim).map((post) => post.status);
	expect(statuses).toEqual([429, 429, 200]);
	const [first, second] = gapsMs(posts(sim));
	expect(first).toBeGreaterThanOrEqual(1_000);
	expect(second).toBeGreaterThanOrEqual(2_000);
	expect(posts(sim)[2].headers.authorization).toBe('[redacted]');
});

test.each([500, 503, 'reset'] as const)('a poll answered %s is retried after at least the poll interval', async (status) => {
	sim.faults.failNext({ status, route: 'poll' });
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(posts(sim)).toHaveLength(1);
	expect(polls(sim).length).toBe(2);
	expect(gapsMs(polls(sim))[0]).toBeGreaterThanOrEqual(5_000);
});

test('a failed export is POSTed again once and the run succeeds', async () => {
	sim.faults.failNextExports(1);
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(result.items.length).toBeGreaterThan(0);
	expect(posts(sim)).toHaveLength(2);
});

test('an export that fails twice is an error naming the request', async () => {
	sim.faults.failNextExports(2);
	const result = await run();
	const [first, second] = [...new Set(polls(sim).map((poll) => poll.requestId))];
	expect(first).not.toBe(second);
	expect(result.error?.message).toBe(`Dialpad could not produce the report (requests ${first} and ${second}): it failed twice [item 0]`);
	expect(posts(sim)).toHaveLength(2);
});

test('an expired request id is POSTed again once and the run succeeds', async () => {
	sim.faults.expireNextPolls(1);
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(polls(sim)[0].status).toBe(404);
	expect(posts(sim)).toHaveLength(2);
	expect(result.items.length).toBeGreaterThan(0);
});

test('past Max Wait: an error that names the request id', async () => {
	sim.setProcessingSeconds(600);
	const result = await run({ options: { initialDelay: 0, pollInterval: 5, maxWait: 8 } });
	const requestId = posts(sim)[0] && polls(sim)[0].requestId;
	// The seconds are wall-clock time on a machine that may be busy: bounded, never exact.
	const waited = /^The Dialpad report \(request (\S+)\) was not ready after (\d+) s \[item 0\]$/.exec(result.error?.message ?? '');
	expect(waited?.[1]).toBe(requestId);
	expect(Number(waited?.[2])).toBeGreaterThanOrEqual(5);
	expect(Number(waited?.[2])).toBeLessThanOrEqual(8);
	expect(result.error?.description).toContain('Max Wait');
	expect(polls(sim)).toHaveLength(2);
});

test('polls are spaced by the poll interval after the initial delay', async () => {
	sim.setProcessingSeconds(7);
	const result = await run({ options: { initialDelay: 1, pollInterval: 5, maxWait: 60 } });
	expect(result.error).toBeUndefined();
	const [post] = posts(sim);
	const pollTimes = polls(sim);
	expect(pollTimes.length).toBe(3);
	expect(pollTimes[0].timeMs - post.timeMs).toBeGreaterThanOrEqual(1_000);
	for (const gap of gapsMs(pollTimes)) expect(gap).toBeGreaterThanOrEqual(5_000);
});

test('cancelling the execution stops the wait at once, with no further request', async () => {
	sim.setProcessingSeconds(600);
	const startedMs = Date.now();
	const result = await runDialpadStats({
		parameters: reportParameters({ ...target, options: { initialDelay: 0, pollInterval: 30, maxWait: 600 } } as never),
		credentials: credentialsFor(sim),
		cancelAfterMs: 1_500,
	});
	const requestsAtCancel = sim.log.length;
	expect(result.status).toBe('canceled');
	expect(Date.now() - startedMs).toBeLessThan(25_000);
	await new Promise((resolve) => setTimeout(resolve, 500));
	expect(sim.log.length).toBe(requestsAtCancel);
	expect(polls(sim)).toHaveLength(1);
});

test('a download that breaks off is fetched again, still without Authorization', async () => {
	sim.faults.breakNextDownload();
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(downloads(sim).length).toBe(2);
	expect(downloads(sim).every((download) => !download.hasAuthorization)).toBe(true);
	expect(result.items.length).toBeGreaterThan(0);
});

test('a redirected download is followed without Authorization', async () => {
	sim.faults.redirectDownloads(true);
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(downloads(sim).length).toBeGreaterThanOrEqual(2);
	expect(downloads(sim).every((download) => !download.hasAuthorization)).toBe(true);
});

test('a ragged CSV row is an error naming the line, not a silent shift', async () => {
	sim.faults.malformedNextCsv();
	const result = await run();
	expect(result.error?.message).toMatch(/is not valid CSV: .*line \d+/);
	expect(result.items).toEqual([]);
});

test('the API key and the signed download URL appear nowhere in the run', async () => {
	sim.faults.malformedNextCsv();
	const failing = await run();
	const succeeding = await run();
	const everything = JSON.stringify([failing.run, succeeding.run]);
	expect(everything).not.toContain(sim.apiKey);
	expect(everything).not.toContain('signature');
	expect(everything).not.toContain(sim.storageBaseUrl);
});

test("a Retry-After beyond Max Wait fails at once, saying how long Dialpad asked to wait and what to do", async () => {
	sim.faults.failNext({ count: 5, status: 429, route: 'post', retryAfterSeconds: 120 });
	const result = await run({ options: { initialDelay: 0, pollInterval: 5, maxWait: 60 } });
	// On a busy machine the first answer may come a second late: then the message counts what is left.
	expect(result.error?.message).toMatch(/^Dialpad asked to wait 120 s for its rate limit, more than (Max Wait \(60 s\)|the 5\d s left of Max Wait \(60 s\)) \[item 0\]$/);
	expect(result.error?.httpCode).toBe('429');
	expect(result.error?.description).toContain('200 report exports per hour');
	expect(result.error?.description).toMatch(/Run the workflow again in 120 s or later, or raise Max Wait in the node options above 12\d s/);
	expect(posts(sim)).toHaveLength(1);
});

test('an id Dialpad forgets twice: both request ids, and advice that can help', async () => {
	sim.faults.expireNextPolls(2);
	const result = await run();
	const [first, second] = [...new Set(polls(sim).map((poll) => poll.requestId))];
	expect(first).not.toBe(second);
	expect(result.error?.message).toBe(`Dialpad forgot the report twice while preparing it (requests ${first} and ${second}) [item 0]`);
	expect(result.error?.description).toContain('shorter period or a narrower target');
	expect(result.error?.description).not.toMatch(/lower Max Wait|Poll Interval/);
	expect(posts(sim)).toHaveLength(2);
});
