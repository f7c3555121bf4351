/** The poll loop's decisions, one answer at a time: answer + state -> wait | repost | done | fail. */
import type { ApiResponse } from '../../nodes/shared/report/ports';
import { nextPollStep, repostedPollState, startPollState, type PollRules, type PollState } from '../../nodes/shared/report/export/pollStep';

const NOW_MS = 1_000_000;
const rules = (overrides: Partial<PollRules> = {}): PollRules => ({
	canRepost: true,
	returnWhileProcessing: false,
	pollIntervalMs: 5_000,
	random: () => 0.5,
	nowMs: NOW_MS,
	deadlineMs: NOW_MS + 600_000,
	progress: { waitedSeconds: 30, maxWaitSeconds: 600, requestId: 'r1' },
	...overrides,
});
const answer = (statusCode: number, body: unknown = {}, extra: Partial<ApiResponse> = {}): ApiResponse => ({ statusCode, body, ...extra });
const fresh = startPollState('r1');
const afterRepost = (flag: 'repostedAfterFailure' | 'repostedAfterExpiry'): PollState => ({ ...repostedPollState(fresh, 'r2'), [flag]: true });

type Expected =
	| { kind: 'done'; downloadUrl: string }
	| { kind: 'processing' }
	| { kind: 'wait'; delayMs: number; transientAttempt: number }
	| { kind: 'repost'; flag: 'repostedAfterFailure' | 'repostedAfterExpiry' }
	| { kind: 'fail'; message: RegExp; errorKind: string };

const table: Array<[string, ApiResponse, PollState, Partial<PollRules>, Expected]> = [
	['complete with a link: done', answer(200, { status: 'complete', download_url: 'https://files/x.csv' }), fresh, {}, { kind: 'done', downloadUrl: 'https://files/x.csv' }],
	['"COMPLETE" in capitals counts', answer(200, { status: 'COMPLETE', download_url: 'u' }), fresh, {}, { kind: 'done', downloadUrl: 'u' }],
	['complete without a link: keep polling', answer(200, { status: 'complete' }), fresh, {}, { kind: 'wait', delayMs: 5_000, transientAttempt: 0 }],
	['processing: wait one poll interval', answer(200, { status: 'processing' }), { ...fresh, transientAttempt: 3 }, {}, { kind: 'wait', delayMs: 5_000, transientAttempt: 0 }],
	['processing, Return the Status: processing', answer(200, { status: 'processing' }), fresh, { returnWhileProcessing: true }, { kind: 'processing' }],
	['failed once: POST again', answer(200, { status: 'failed' }), fresh, {}, { kind: 'repost', flag: 'repostedAfterFailure' }],
	['failed twice: both ids in the error', answer(200, { status: 'failed' }), afterRepost('repostedAfterFailure'), {}, { kind: 'fail', message: /^Dialpad could not produce the report \(requests r1 and r2\): it failed twice$/, errorKind: 'exportFailed' }],
	['failed, nothing to POST again (Get Report Result)', answer(200, { status: 'failed' }), fresh, { canRepost: false }, { kind: 'fail', message: /^Dialpad could not produce the report \(request r1\): it failed$/, errorKind: 'exportFailed' }],
	['404: the id expired, POST again', answer(404), fresh, {}, { kind: 'repost', flag: 'repostedAfterExpiry' }],
	['400 "expired": POST again', answer(400, { error: { message: 'Request has expired' } }), fresh, {}, { kind: 'repost', flag: 'repostedAfterExpiry' }],
	['404 twice: both ids in the error', answer(404), afterRepost('repostedAfterExpiry'), {}, { kind: 'fail', message: /^Dialpad forgot the report twice while preparing it \(requests r1 and r2\)$/, errorKind: 'exportExpired' }],
	['404 with nothing to POST again: the id is unknown', answer(404), fresh, { canRepost: false }, { kind: 'fail', message: /^Dialpad no longer knows request r1/, errorKind: 'exportExpired' }],
	['401: the key, not worth waiting for', answer(401, { message: 'bad key' }), fresh, {}, { kind: 'fail', message: /^Dialpad rejected the API key: bad key$/, errorKind: 'dialpadRejected' }],
	['400 other than expired: refused', answer(400, { message: 'nope' }), fresh, {}, { kind: 'fail', message: /^Dialpad did not accept the report request: nope$/, errorKind: 'dialpadRejected' }],
	['429 with Retry-After 20: wait 20 s', answer(429, {}, { retryAfterSeconds: 20 }), fresh, {}, { kind: 'wait', delayMs: 20_000, transientAttempt: 1 }],
	['429 with Retry-After 1: never under the poll interval', answer(429, {}, { retryAfterSeconds: 1 }), fresh, {}, { kind: 'wait', delayMs: 5_000, transientAttempt: 1 }],
	['503, third in a row: backoff 8 s ceiling, equal jitter', answer(503), { ...fresh, transientAttempt: 2 }, {}, { kind: 'wait', delayMs: 6_000, transientAttempt: 3 }],
	['no answer: backoff, at least the poll interval', answer(0), fresh, {}, { kind: 'wait', delayMs: 5_000, transientAttempt: 1 }],
	['503 whose backoff passes Max Wait: give up', answer(503), fresh, { deadlineMs: NOW_MS + 1_000 }, { kind: 'fail', message: /^Dialpad kept failing \(HTTP 503\) for 30 s for request r1$/, errorKind: 'dialpadUnavailable' }],
	['429 asking beyond Max Wait: says how long Dialpad asked', answer(429, {}, { retryAfterSeconds: 900 }), fresh, { deadlineMs: NOW_MS + 60_000 }, { kind: 'fail', message: /^Dialpad asked to wait 900 s for its rate limit/, errorKind: 'rateLimited' }],
];

test.each(table)('%s', (_name, response, state, ruleOverrides, expected) => {
	const step = nextPollStep(response, state, rules(ruleOverrides));
	expect(step.kind).toBe(expected.kind);
	switch (expected.kind) {
		case 'done':
			expect(step).toEqual({ kind: 'done', downloadUrl: expected.downloadUrl });
			break;
		case 'processing':
			expect(step).toEqual({ kind: 'processing' });
			break;
		case 'wait':
			if (step.kind !== 'wait') throw new Error('not a wait');
			expect(step.delayMs).toBe(expected.delayMs);
			expect(step.state.transientAttempt).toBe(expected.transientAttempt);
			expect(step.state.requestId).toBe(state.requestId);
			break;
		case 'repost':
			if (step.kind !== 'repost') throw new Error('not a repost');
			expect(step.state[expected.flag]).toBe(true);
			break;
		case 'fail':
			if (step.kind !== 'fail') throw new Error('not a failure');
			expect(step.error.message).toMatch(expected.message);
			expect(step.error.kind).toBe(expected.errorKind);
			break;
	}
});

test('a repost keeps every request id, newest last, and starts the backoff afresh', () => {
	const reposted = repostedPollState({ ...fresh, transientAttempt: 4, repostedAfterExpiry: true }, 'r2');
	expect(reposted).toEqual({ requestId: 'r2', requestIds: ['r1', 'r2'], repostedAfterFailure: false, repostedAfterExpiry: true, transientAttempt: 0 });
});

test('the step never changes the state it was given', () => {
	const state = startPollState('r1');
	const copy = JSON.parse(JSON.stringify(state));
	nextPollStep(answer(503), state, rules());
	nextPollStep(answer(200, { status: 'failed' }), state, rules());
	expect(state).toEqual(copy);
});
