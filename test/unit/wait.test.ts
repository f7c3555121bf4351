import { ReportError } from '../../nodes/shared/errors/reportError';
import { backoffDelayMs } from '../../nodes/shared/report/export/backoff';
import { waitForExport } from '../../nodes/shared/report/export/wait';
import type { ApiResponse, StatsApi, WaitClock } from '../../nodes/shared/report/ports';

/** A scripted Dialpad and a virtual clock: every call and every sleep is recorded with its time. */
function scripted(answers: { post?: ApiResponse[]; get?: ApiResponse[] }) {
	let nowMs = 0;
	const calls: Array<{ atMs: number; call: string }> = [];
	const sleeps: number[] = [];
	const posts = [...(answers.post ?? [])];
	const gets = [...(answers.get ?? [])];
	let requestCounter = 0;
	const api: StatsApi = {
		startExport: async () => {
			calls.push({ atMs: nowMs, call: 'POST' });
			return posts.shift() ?? { statusCode: 200, body: { request_id: `r${++requestCounter}`, already_started: false } };
		},
		getExport: async (requestId) => {
			calls.push({ atMs: nowMs, call: `GET ${requestId}` });
			const next = gets.shift();
			if (!next) throw new Error('script ran out of poll answers');
			return next;
		},
	};
	const clock: WaitClock = {
		nowMs: () => nowMs,
		sleep: async (ms) => {
			sleeps.push(ms);
			nowMs += ms;
		},
		isCancelled: () => false,
		random: () => 0.5,
	};
	return { api, clock, calls, sleeps };
}

const ok = (body: unknown): ApiResponse => ({ statusCode: 200, body });
const processing = ok({ status: 'processing' });
const complete = ok({ status: 'complete', download_url: 'https://storage.example/x.csv?sig=s', file_type: 'csv' });
const settings = { initialDelayMs: 15_000, pollIntervalMs: 10_000, maxWaitMs: 900_000 };

async function refusalOf(promise: Promise<unknown>): Promise<ReportError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(ReportError);
		return error as ReportError;
	}
	throw new Error('expected an error');
}

test('waits the initial delay, then polls at the interval until complete; one POST', async () => {
	const dialpad = scripted({ get: [processing, processing, complete] });
	const result = await waitForExport(dialpad.api, dialpad.clock, '{}', settings);
	expect(result).toEqual({ requestId: 'r1', downloadUrl: 'https://storage.example/x.csv?sig=s', postCount: 1, deadlineMs: 900_000 });
	expect(dialpad.calls).toEqual([
		{ atMs: 0, call: 'POST' },
		{ atMs: 15_000, call: 'GET r1' },
		{ atMs: 25_000, call: 'GET r1' },
		{ atMs: 35_000, call: 'GET r1' },
	]);
});

test('never polls faster than every 5 s, however configured', async () => {
	const dialpad = scripted({ get: [processing, processing, complete] });
	await waitForExport(dialpad.api, dialpad.clock, '{}', { initialDelayMs: 0, pollIntervalMs: 1_000, maxWaitMs: 60_000 });
	expect(dialpad.sleeps).toEqual([0, 5_000, 5_000]);
});

test('POST 429 with Retry-After waits exactly that long, then POSTs again', async () => {
	const dialpad = scripted({
		post: [{ statusCode: 429, body: { error: { message: 'Rate limit exceeded' } }, retryAfterSeconds: 7 }],
		get: [complete],
	});
	const result = await waitForExport(dialpad.api, dialpad.clock, '{}', settings);
	expect(result.postCount).toBe(2);
	expect(dialpad.calls.map((c) => c.atMs)).toEqual([0, 7_000, 22_000]);
});

test('POST 429 without Retry-After backs off exponentially with jitter', async () => {
	const dialpad = scripted({
		post: [
			{ statusCode: 429, body: null },
			{ statusCode: 429, body: null },
			{ statusCode: 503, body: null },
			{ statusCode: 0, body: null },
		],
		get: [complete],
	});
	await waitForExport(dialpad.api, dialpad.clock, '{}', settings);
	// random() = 0.5: three quarters of 2 s, 4 s, 8 s, 16 s
	expect(dialpad.sleeps.slice(0, 4)).toEqual([1_500, 3_000, 6_000, 12_000]);
});

test('backoff ceilings double up to a minute and jitter stays within [half, full] ceiling', () => {
	expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelayMs(attempt, () => 1))).toEqual([
		2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
	]);
	expect(backoffDelayMs(3, () => 0)).toBe(8_000);
});

test('poll 429/5xx/no answer back off but never below the poll interval, and do not POST again', async () => {
	const dialpad = scripted({
		get: [
			{ statusCode: 429, body: null, retryAfterSeconds: 1 },
			{ statusCode: 500, body: null },
			{ statusCode: 0, body: null },
			complete,
		],
	});
	const result = await waitForExport(dialpad.api, dialpad.clock, '{}', settings);
	expect(result.postCount).toBe(1);
	expect(dialpad.sleeps).toEqual([15_000, 10_000, 10_000, 10_000]);
});

test('a failed export is POSTed again once, then reported', async () => {
	const failed = ok({ status: 'failed' });
	const recovered = scripted({ get: [failed, complete] });
	const result = await waitForExport(recovered.api, recovered.clock, '{}', settings);
	expect(result).toMatchObject({ requestId: 'r2', postCount: 2 });

	const twice = scripted({ get: [failed, processing, failed] });
	const error = await refusalOf(waitForExport(twice.api, twice.clock, '{}', settings));
	expect(error.kind).toBe('exportFailed');
	expect(error.message).toBe('Dialpad could not produce the report (requests r1 and r2): it failed twice');
	expect(twice.calls.filter((c) => c.call === 'POST')).toHaveLength(2);
});

test('an expired id (404, or 400 "expired") is POSTed again once, then reported', async () => {
	const notFound: ApiResponse = {
		statusCode: 404,
		body: { error: { code: 404, message: 'Request with id r1 not found.' } },
	};
	const expired400: ApiResponse = { statusCode: 400, body: { error: { message: 'Results have expired' } } };
	const recovered = scripted({ get: [notFound, complete] });
	expect(await waitForExport(recovered.api, recovered.clock, '{}', settings)).toMatchObject({
		requestId: 'r2',
		postCount: 2,
	});

	const twice = scripted({ get: [expired400, notFound] });
	const error = await refusalOf(waitForExport(twice.api, twice.clock, '{}', settings));
	expect(error.kind).toBe('exportExpired');
	expect(error.message).toBe('Dialpad forgot the report twice while preparing it (requests r1 and r2)');
	expect(error.description).toContain('shorter period or a narrower target');
	expect(error.description).not.toMatch(/lower Max Wait|Poll Interval/);
});

test('a re-POST answered already_started polls again after one interval, not the initial delay', async () => {
	const dialpad = scripted({
		post: [ok({ request_id: 'a', already_started: false }), ok({ request_id: 'b', already_started: true })],
		get: [{ statusCode: 404, body: null }, complete],
	});
	await waitForExport(dialpad.api, dialpad.clock, '{}', settings);
	expect(dialpad.sleeps).toEqual([15_000, 10_000]);
});

test('past maxWait: an error naming the request id and how long it waited', async () => {
	const dialpad = scripted({ get: Array(100).fill(processing) });
	const error = await refusalOf(
		waitForExport(dialpad.api, dialpad.clock, '{}', { initialDelayMs: 15_000, pollIntervalMs: 10_000, maxWaitMs: 60_000 }),
	);
	expect(error.kind).toBe('timedOut');
	expect(error.message).toBe('The Dialpad report (request r1) was not ready after 55 s');
	expect(error.description).toContain('Max Wait');
	expect(dialpad.calls.filter((c) => c.call.startsWith('GET'))).toHaveLength(5);
});

test('a Retry-After longer than what is left of maxWait fails at once with the budget explained', async () => {
	const dialpad = scripted({ post: [{ statusCode: 429, body: null, retryAfterSeconds: 3_600 }] });
	const error = await refusalOf(waitForExport(dialpad.api, dialpad.clock, '{}', settings));
	expect(error.kind).toBe('rateLimited');
	expect(error.httpCode).toBe(429);
	expect(error.description).toContain('200 report exports per hour');
	expect(error.message).toBe('Dialpad asked to wait 3600 s for its rate limit, more than Max Wait (900 s)');
	expect(error.description).toContain('Run the workflow again in 3600 s or later, or raise Max Wait in the node options above 3600 s');
	expect(dialpad.sleeps).toEqual([]);
});

test('a poll Retry-After beyond the rest of maxWait says how long Dialpad asked for and what is left', async () => {
	const limited: ApiResponse = { statusCode: 429, body: null, retryAfterSeconds: 50 };
	const dialpad = scripted({ get: [processing, processing, limited] });
	const error = await refusalOf(
		waitForExport(dialpad.api, dialpad.clock, '{}', { initialDelayMs: 15_000, pollIntervalMs: 10_000, maxWaitMs: 60_000 }),
	);
	expect(error.message).toBe(
		'Dialpad asked to wait 50 s for its rate limit, more than the 25 s left of Max Wait (60 s) (request r1)',
	);
	expect(error.description).toContain('raise Max Wait in the node options above 85 s');
});

test('a poll 429 without Retry-After past maxWait says how long it waited', async () => {
	const limited: ApiResponse = { statusCode: 429, body: null };
	const dialpad = scripted({ get: [processing, limited, limited, limited, limited] });
	const error = await refusalOf(
		waitForExport(dialpad.api, dialpad.clock, '{}', { initialDelayMs: 15_000, pollIntervalMs: 10_000, maxWaitMs: 60_000 }),
	);
	expect(error.message).toMatch(/^Dialpad's rate limit was still in force after waiting \d+ s for request r1$/);
});

test('a failed export re-POSTed to the same id names it once', async () => {
	const failed = ok({ status: 'failed' });
	const dialpad = scripted({
		post: [ok({ request_id: 'same', already_started: false }), ok({ request_id: 'same', already_started: true })],
		get: [failed, failed],
	});
	const error = await refusalOf(waitForExport(dialpad.api, dialpad.clock, '{}', settings));
	expect(error.message).toBe('Dialpad could not produce the report (request same): it failed twice');
});

test.each([
	[400, 'Dialpad did not accept the report request: Invalid timezone', 'Export Type'],
	[401, 'Dialpad rejected the API key: Invalid API key', 'Check the API key'],
	[403, 'This API key may not export Dialpad stats: Forbidden', 'company admin'],
	[404, 'Dialpad answered 404 Not Found: Not Found', 'base URL'],
	[409, 'Dialpad refused to start the export (HTTP 409): Conflict', 'Dialpad support'],
])('POST %i is not retried and reads in plain words', async (statusCode, message, fix) => {
	const dialpadText = { 400: 'Invalid timezone', 401: 'Invalid API key', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' }[
		statusCode
	];
	const dialpad = scripted({
		post: [{ statusCode, body: { error: { code: statusCode, errors: [], message: dialpadText } } }],
	});
	const error = await refusalOf(waitForExport(dialpad.api, dialpad.clock, '{}', settings));
	expect(error.message).toBe(message);
	expect(error.description).toContain(fix);
	expect(error.httpCode).toBe(statusCode);
	expect(dialpad.calls).toHaveLength(1);
});

test('cancellation stops the loop before the next request', async () => {
	const dialpad = scripted({ get: [processing, processing, complete] });
	let cancelled = false;
	dialpad.clock.isCancelled = () => cancelled;
	const originalGet = dialpad.api.getExport;
	dialpad.api.getExport = async (id) => {
		cancelled = true;
		return await originalGet(id);
	};
	const error = await refusalOf(waitForExport(dialpad.api, dialpad.clock, '{}', settings));
	expect(error.kind).toBe('cancelled');
	expect(dialpad.calls).toHaveLength(2);
});

test('a Dialpad that never answers the first POST fails after 4 tries with what to check', async () => {
	const unanswered: ApiResponse = { statusCode: 0, body: null, networkErrorCode: 'ECONNREFUSED' };
	const dialpad = scripted({ post: [unanswered, unanswered, unanswered, unanswered, unanswered] });
	const error = await refusalOf(waitForExport(dialpad.api, dialpad.clock, '{}', settings));
	expect(error.message).toBe('Could not reach Dialpad: the connection was refused (4 tries)');
	expect(error.description).toContain('Base URL');
	expect(dialpad.calls).toHaveLength(4);
});

test('once Dialpad has answered, dropped connections are retried within Max Wait', async () => {
	const unanswered: ApiResponse = { statusCode: 0, body: null };
	const dialpad = scripted({
		post: [{ statusCode: 503, body: null }, unanswered, unanswered, unanswered, unanswered],
		get: [complete],
	});
	const result = await waitForExport(dialpad.api, dialpad.clock, '{}', settings);
	expect(result.postCount).toBe(6);
});
