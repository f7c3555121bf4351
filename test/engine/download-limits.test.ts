/** The download inside the report's Max Wait, and the storage host's answers in words, inside n8n's engine. */
import { startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { callCenterIds, credentialsFor, downloads, idLocator, posts, reportParameters } from '../support/engine/fixtures';
import { runDialpadStats } from '../support/engine/harness';

let sim: Simulator;
let target: Record<string, unknown>;

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
	const [callCenter] = await callCenterIds(sim);
	target = { targetType: 'callcenter', targetId: idLocator(callCenter) };
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const run = async (options: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) =>
	await runDialpadStats({
		parameters: reportParameters({ ...target, options: { initialDelay: 0, pollInterval: 5, maxWait: 60, ...options }, ...overrides } as never),
		credentials: credentialsFor(sim),
	});

test.each([
	['One Item per Row', 'items'],
	['CSV File', 'file'],
])('%s: a storage host trickling the file is cut off at Max Wait, naming the request and how far it got', async (_label, output) => {
	sim.faults.setRowCount(3_000);
	sim.faults.slowDownload(3_000);
	const startedMs = Date.now();
	const result = await run({ maxWait: 8 }, { output });
	const endedMs = Date.now();
	const [post] = posts(sim);
	expect(result.error?.message).toMatch(
		new RegExp(`^The download of the Dialpad report \\(request ${post.requestId}\\) was not finished when Max Wait \\(8 s\\) ran out: \\d+ KB received \\[item 0\\]$`),
	);
	expect(result.error?.description).toContain('Raise Max Wait');
	expect(Number(/: (\d+) KB received/.exec(result.error?.message ?? '')?.[1])).toBeGreaterThan(5);
	// Within a second of the deadline, counted from the first POST.
	expect(endedMs - post.timeMs).toBeLessThan(9_000);
	expect(endedMs - startedMs).toBeGreaterThanOrEqual(7_500);
	expect(downloads(sim)).toHaveLength(1);
});

test('an expired download link (403) is said to be one, with the fix, and not fetched again', async () => {
	sim.faults.expireNextDownloads(1);
	const result = await run();
	expect(result.error?.message).toBe(
		"Dialpad's file storage refused the download link (HTTP 403): the link has expired or is not valid [item 0]",
	);
	expect(result.error?.description).toMatch(/^Download links last a limited time\. Run the workflow again/);
	expect(downloads(sim)).toHaveLength(1);
});

test('storage trouble (503) is retried after a backoff and then succeeds', async () => {
	sim.faults.failNext({ status: 503, route: 'download' });
	const result = await run();
	expect(result.error).toBeUndefined();
	expect(result.items.length).toBeGreaterThan(0);
	const [first, second] = downloads(sim);
	expect([first.status, second.status]).toEqual([503, 200]);
	expect(second.timeMs - first.timeMs).toBeGreaterThanOrEqual(1_000);
});

test('storage trouble twice: the message says it is the storage, and the second try came after a backoff', async () => {
	sim.faults.failNext({ status: 503, route: 'download', count: 2 });
	const result = await run();
	expect(result.error?.message).toBe("Dialpad's file storage is having trouble (HTTP 503) [item 0]");
	expect(result.error?.description).toContain('tried again after a pause');
	const [first, second] = downloads(sim);
	expect(second.timeMs - first.timeMs).toBeGreaterThanOrEqual(1_000);
	expect(downloads(sim)).toHaveLength(2);
});
