/** The batch scheduler on a virtual clock against a scripted Dialpad: pacing, pauses, dedupe, order, failures. */
import { OPTION_DEFAULTS } from '../../nodes/DialpadStats/parameters';
import type { ReportDependencies, ReportOptions, ReportSink } from '../../nodes/shared/report/ports';
import { BatchStopped, runReportBatch, type PlannedReport, type ReportOutcome } from '../../nodes/shared/report/export/batch';
import type { ObservableDownload } from '../../nodes/shared/report/ports';
import { ReportError } from '../../nodes/shared/errors/reportError';
import { MIN_REQUEST_SPACING_MS } from '../../nodes/shared/report/export/pacing';
import type { StatsRequestBody } from '../../nodes/shared/report/request/request';
import type { ApiResponse, WaitClock } from '../../nodes/shared/report/ports';
import { mostRequestsInOneSecond } from '../support/busiest-second';

/** Timers on a virtual clock: time jumps to the next timer whenever every task is waiting. */
class VirtualClock implements WaitClock {
	now = 0;
	cancelled = false;
	private timers: Array<{ atMs: number; wake: () => void }> = [];

	nowMs = () => this.now;
	random = () => 0.5;
	isCancelled = () => this.cancelled;

	sleep = async (ms: number, interrupt?: AbortSignal): Promise<void> => {
		if (this.cancelled) throw new ReportError('cancelled', 'canceled', '');
		await new Promise<void>((resolve) => {
			const timer = { atMs: this.now + ms, wake: resolve };
			this.timers.push(timer);
			interrupt?.addEventListener('abort', () => {
				this.timers = this.timers.filter((other) => other !== timer);
				resolve();
			});
		});
		if (this.cancelled) throw new ReportError('cancelled', 'canceled', '');
	};

	/** Cancels the execution at `atMs`, waking every sleeper as n8n's signal does. */
	cancelAt(atMs: number): void {
		this.timers.push({
			atMs,
			wake: () => {
				this.cancelled = true;
				for (const timer of this.timers.splice(0)) timer.wake();
			},
		});
	}

	async run<T>(work: Promise<T>): Promise<T> {
		let finished = false;
		const done = work.finally(() => (finished = true));
		done.catch(() => undefined);
		for (let turns = 0; turns < 100_000; turns++) {
			await new Promise((resolve) => setImmediate(resolve));
			if (finished) return await done;
			this.timers.sort((a, b) => a.atMs - b.atMs);
			const next = this.timers.shift();
			if (!next) throw new Error('every task waits and no timer is set: deadlock');
			this.now = Math.max(this.now, next.atMs);
			next.wake();
		}
		throw new Error('the batch did not finish');
	}
}

interface Call {
	atMs: number;
	method: 'POST' | 'GET' | 'DOWNLOAD';
	requestId?: string;
	targetId?: string;
	status?: number;
}

/** A Dialpad that takes `processingMs(target)` per export and can refuse POSTs or GETs with 429. */
function scriptedDialpad(clock: VirtualClock, processingMs: (targetId: string) => number, downloadMs = 0) {
	const calls: Call[] = [];
	const exports = new Map<string, { readyAtMs: number; targetId: string }>();
	const refusals = { posts: 0, postRetryAfter: undefined as number | undefined, gets: new Map<string, number>() };
	let activeDownloads = 0;
	let mostDownloadsAtOnce = 0;
	let counter = 0;
	const rejectTargets = new Set<string>();

	const dependencies: ReportDependencies = {
		clock,
		api: {
			startExport: async (requestJson): Promise<ApiResponse> => {
				const targetId = String((JSON.parse(requestJson) as StatsRequestBody).target_id);
				const call: Call = { atMs: clock.now, method: 'POST', targetId };
				calls.push(call);
				if (refusals.posts > 0) {
					refusals.posts--;
					call.status = 429;
					return { statusCode: 429, body: { error: { message: 'Rate limit exceeded' } }, retryAfterSeconds: refusals.postRetryAfter };
				}
				if (rejectTargets.has(targetId)) {
					call.status = 400;
					return { statusCode: 400, body: { error: { message: `Unknown target ${targetId}.` } } };
				}
				const requestId = `r${++counter}`;
				call.requestId = requestId;
				call.status = 200;
				exports.set(requestId, { readyAtMs: clock.now + processingMs(targetId), targetId });
				return { statusCode: 200, body: { request_id: requestId, already_started: false } };
			},
			getExport: async (requestId): Promise<ApiResponse> => {
				const call: Call = { atMs: clock.now, method: 'GET', requestId };
				calls.push(call);
				const refusalsLeft = refusals.gets.get(requestId) ?? 0;
				if (refusalsLeft > 0) {
					refusals.gets.set(requestId, refusalsLeft - 1);
					call.status = 429;
					return { statusCode: 429, body: null, retryAfterSeconds: 20 };
				}
				call.status = 200;
				const known = exports.get(requestId)!;
				if (clock.now < known.readyAtMs) return { statusCode: 200, body: { status: 'processing' } };
				return { statusCode: 200, body: { status: 'complete', download_url: `https://storage.example/${requestId}.csv` } };
			},
		},
		downloader: {
			download: async (url) => {
				const requestId = /\/(r\d+)\.csv$/.exec(url)![1];
				calls.push({ atMs: clock.now, method: 'DOWNLOAD', requestId });
				activeDownloads++;
				mostDownloadsAtOnce = Math.max(mostDownloadsAtOnce, activeDownloads);
				if (downloadMs > 0) await clock.sleep(downloadMs);
				activeDownloads--;
				return { requestId, prependListener: () => undefined, destroy: () => undefined } as unknown as ObservableDownload;
			},
		},
	};
	return { dependencies, calls, refusals, rejectTargets, mostDownloadsAtOnce: () => mostDownloadsAtOnce };
}

const OPTIONS: ReportOptions = OPTION_DEFAULTS;

function request(targetId: string): StatsRequestBody {
	return { export_type: 'records', stat_type: 'calls', days_ago_start: 1, days_ago_end: 1, timezone: 'UTC', target_type: 'callcenter', target_id: targetId };
}

/** The sink tells which export's file it read, and when. */
const recordingSink = (clock: VirtualClock): ReportSink<string> => async (_body, facts) =>
	`${String(facts.request?.target_id ?? 'existing')} via ${facts.requestId} at ${clock.now}`;

function plan(clock: VirtualClock, targets: string[], options: Partial<ReportOptions> = {}): Array<PlannedReport<string>> {
	return targets.map((targetId) => ({
		requests: [request(targetId)],
		requestedAtMs: 0,
		options: { ...OPTIONS, ...options },
		sinkKey: 'items',
		sink: recordingSink(clock),
	}));
}

const targetsOf = (count: number) => Array.from({ length: count }, (_, index) => `${1000 + index}`);
const apiCalls = (calls: Call[]) => calls.filter((call) => call.method !== 'DOWNLOAD');

/** The largest number of API requests inside any one-second window. */
function busiestSecond(calls: Call[]): number {
	return mostRequestsInOneSecond(apiCalls(calls).map((call) => call.atMs));
}

function targetOf(outcome: ReportOutcome<string>): string {
	if (!outcome.ok) throw new Error(`report failed: ${String(outcome.error)}`);
	return outcome.parts.map((part) => part.result.split(' ')[0]).join('+');
}

test('20 reports: POSTs go out together, spaced; never more than 5 requests in a second; each id checked after First Check After, then no sooner than Poll Interval', async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, (target) => 8_000 + (Number(target) % 7) * 4_000);
	const outcomes = await clock.run(runReportBatch(dialpad.dependencies, plan(clock, targetsOf(20)), { continueOnFail: false }));

	expect(outcomes.map(targetOf)).toEqual(targetsOf(20));
	const posts = dialpad.calls.filter((call) => call.method === 'POST');
	expect(posts).toHaveLength(20);
	expect(posts.at(-1)!.atMs).toBeLessThan(20 * MIN_REQUEST_SPACING_MS);
	for (let index = 1; index < posts.length; index++) {
		expect(posts[index].atMs - posts[index - 1].atMs).toBeGreaterThanOrEqual(MIN_REQUEST_SPACING_MS);
	}
	expect(busiestSecond(dialpad.calls)).toBeLessThanOrEqual(5);

	for (const post of posts) {
		const gets = dialpad.calls.filter((call) => call.method === 'GET' && call.requestId === post.requestId);
		expect(gets.length).toBeGreaterThan(0);
		expect(gets[0].atMs - post.atMs).toBeGreaterThanOrEqual(15_000);
		for (let index = 1; index < gets.length; index++) expect(gets[index].atMs - gets[index - 1].atMs).toBeGreaterThanOrEqual(10_000);
	}
	// Started together: the whole batch takes about one report's wait, not twenty.
	expect(clock.now).toBeLessThan(60_000);
});

test('a 429 on one POST holds back every further POST until its Retry-After; accepted reports keep being polled', async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, () => 30_000);
	const reports = plan(clock, targetsOf(6), { initialDelaySeconds: 5, pollIntervalSeconds: 5 });
	// The first two are accepted, the third is refused with Retry-After 40 s.
	const { calls, refusals } = dialpad;
	const firstTwo = clock.run(
		(async () => {
			const batch = runReportBatch(dialpad.dependencies, reports, { continueOnFail: false });
			while (calls.filter((call) => call.method === 'POST').length < 2) await new Promise((resolve) => setImmediate(resolve));
			refusals.posts = 1;
			refusals.postRetryAfter = 40;
			return await batch;
		})(),
	);
	const outcomes = await firstTwo;
	expect(outcomes.map(targetOf)).toEqual(targetsOf(6));

	const refused = calls.find((call) => call.method === 'POST' && call.status === 429)!;
	const postsAfter = calls.filter((call) => call.method === 'POST' && call.atMs > refused.atMs);
	expect(postsAfter).toHaveLength(4);
	for (const post of postsAfter) expect(post.atMs).toBeGreaterThanOrEqual(refused.atMs + 40_000);
	const getsDuringPause = calls.filter((call) => call.method === 'GET' && call.atMs > refused.atMs && call.atMs < refused.atMs + 40_000);
	expect(getsDuringPause.length).toBeGreaterThanOrEqual(2);
	expect(busiestSecond(calls)).toBeLessThanOrEqual(5);
});

test('identical requests are POSTed once, downloaded once, and every report that asked gets the result', async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, () => 1_000);
	const outcomes = await clock.run(
		runReportBatch(dialpad.dependencies, plan(clock, ['7', '8', '7', '7'], { initialDelaySeconds: 5 }), { continueOnFail: false }),
	);
	expect(dialpad.calls.filter((call) => call.method === 'POST').map((call) => call.targetId)).toEqual(['7', '8']);
	expect(dialpad.calls.filter((call) => call.method === 'DOWNLOAD')).toHaveLength(2);
	expect(outcomes.map(targetOf)).toEqual(['7', '8', '7', '7']);
	const [first, , third] = outcomes as Array<Extract<ReportOutcome<string>, { ok: true }>>;
	expect(third.parts[0].result).toBe(first.parts[0].result);
});

test('the same export with a different sink (another output or columns) is POSTed once but read once per sink', async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, () => 1_000);
	const reports = plan(clock, ['7', '7'], { initialDelaySeconds: 5 });
	reports[1] = { ...reports[1], sinkKey: 'file' };
	await clock.run(runReportBatch(dialpad.dependencies, reports, { continueOnFail: false }));
	expect(dialpad.calls.filter((call) => call.method === 'POST')).toHaveLength(1);
	expect(dialpad.calls.filter((call) => call.method === 'DOWNLOAD')).toHaveLength(2);
});

test('results come back in input order whatever order the exports finish in; downloads start as each completes', async () => {
	const clock = new VirtualClock();
	// The first report takes longest, the last is quickest.
	const dialpad = scriptedDialpad(clock, (target) => (1010 - Number(target)) * 6_000, 3_000);
	const outcomes = await clock.run(runReportBatch(dialpad.dependencies, plan(clock, targetsOf(8), { initialDelaySeconds: 5, pollIntervalSeconds: 5 }), { continueOnFail: false }));
	expect(outcomes.map(targetOf)).toEqual(targetsOf(8));
	const downloadedTargets = dialpad.calls
		.filter((call) => call.method === 'DOWNLOAD')
		.map((call) => dialpad.calls.find((post) => post.method === 'POST' && post.requestId === call.requestId)!.targetId);
	expect(downloadedTargets).toEqual([...targetsOf(8)].reverse());
});

test('at most 2 downloads at a time when many exports complete at once', async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, () => 0, 10_000);
	await clock.run(runReportBatch(dialpad.dependencies, plan(clock, targetsOf(7), { initialDelaySeconds: 0 }), { continueOnFail: false }));
	expect(dialpad.mostDownloadsAtOnce()).toBe(2);
	const starts = dialpad.calls.filter((call) => call.method === 'DOWNLOAD').map((call) => call.atMs);
	expect(starts.filter((atMs) => atMs < 10_000).length).toBe(2);
});

test('Continue On Fail: the failing report is its own error, the others finish', async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, () => 12_000);
	dialpad.rejectTargets.add('1002');
	const outcomes = await clock.run(runReportBatch(dialpad.dependencies, plan(clock, targetsOf(5)), { continueOnFail: true }));
	expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, false, true, true]);
	const failure = outcomes[2] as { ok: false; error: ReportError };
	expect(failure.error.message).toBe('Dialpad did not accept the report request: Unknown target 1002.');
	expect(dialpad.calls.filter((call) => call.method === 'DOWNLOAD')).toHaveLength(4);
});

test('without Continue On Fail: the first failure stops the batch, names its report, and nothing more is sent', async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, () => 12_000);
	dialpad.rejectTargets.add('1002');
	let stopped: unknown;
	try {
		await clock.run(runReportBatch(dialpad.dependencies, plan(clock, targetsOf(6)), { continueOnFail: false }));
	} catch (error) {
		stopped = error;
	}
	expect(stopped).toBeInstanceOf(BatchStopped);
	expect((stopped as BatchStopped).reportIndex).toBe(2);
	expect(((stopped as BatchStopped).failure as ReportError).message).toMatch(/Unknown target 1002/);
	const refused = dialpad.calls.find((call) => call.status === 400)!;
	expect(dialpad.calls.filter((call) => call.atMs > refused.atMs)).toEqual([]);
	expect(dialpad.calls.filter((call) => call.method === 'POST')).toHaveLength(3);
});

test('cancel stops every wait of the batch at once', async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, () => 60_000);
	clock.cancelAt(30_000);
	let failure: unknown;
	try {
		await clock.run(runReportBatch(dialpad.dependencies, plan(clock, targetsOf(5)), { continueOnFail: true }));
	} catch (error) {
		failure = error;
	}
	expect((failure as ReportError).kind).toBe('cancelled');
	expect(clock.now).toBe(30_000);
	expect(dialpad.calls.filter((call) => call.atMs >= 30_000)).toEqual([]);
});

test("Max Wait is each report's own: a slow export times out, the quick ones finish", async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, (target) => (target === '1001' ? 600_000 : 20_000));
	const outcomes = await clock.run(
		runReportBatch(dialpad.dependencies, plan(clock, targetsOf(3), { maxWaitSeconds: 60 }), { continueOnFail: true }),
	);
	expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
	const timedOut = (outcomes[1] as { ok: false; error: ReportError }).error;
	expect(timedOut.kind).toBe('timedOut');
	expect(timedOut.message).toMatch(/^The Dialpad report \(request r2\) was not ready after \d+ s$/);
	const slowGets = dialpad.calls.filter((call) => call.method === 'GET' && call.requestId === 'r2');
	expect(slowGets.at(-1)!.atMs).toBeLessThanOrEqual(60_000);
});

test('a 429 on one GET delays that id by its Retry-After, without a burst afterwards', async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, () => 25_000);
	dialpad.refusals.gets.set('r1', 1);
	const outcomes = await clock.run(runReportBatch(dialpad.dependencies, plan(clock, targetsOf(10)), { continueOnFail: false }));
	expect(outcomes.map(targetOf)).toEqual(targetsOf(10));
	const r1 = dialpad.calls.filter((call) => call.method === 'GET' && call.requestId === 'r1');
	expect(r1[0].status).toBe(429);
	expect(r1[1].atMs - r1[0].atMs).toBeGreaterThanOrEqual(20_000);
	const r2 = dialpad.calls.filter((call) => call.method === 'GET' && call.requestId === 'r2');
	expect(r2[1].atMs - r2[0].atMs).toBeLessThan(12_000);
	expect(busiestSecond(dialpad.calls)).toBeLessThanOrEqual(5);
});

test('a report of two exports (past days and today) waits for both together and keeps their order', async () => {
	const clock = new VirtualClock();
	const dialpad = scriptedDialpad(clock, (target) => (target === '111' ? 40_000 : 5_000));
	const report: PlannedReport<string> = {
		requests: [request('111'), { ...request('222'), is_today: true }],
		requestedAtMs: 0,
		options: { ...OPTIONS, initialDelaySeconds: 5, pollIntervalSeconds: 5 },
		sinkKey: 'items',
		sink: recordingSink(clock),
	};
	const [outcome] = await clock.run(runReportBatch(dialpad.dependencies, [report], { continueOnFail: false }));
	expect(targetOf(outcome)).toBe('111+222');
	const posts = dialpad.calls.filter((call) => call.method === 'POST');
	expect(posts[1].atMs - posts[0].atMs).toBeLessThan(1_000);
	expect(posts.map((post) => post.targetId)).toEqual(['111', '222']);
});
