/**
 * One status check's answer, decided: the report is ready, still being prepared (wait), gone or
 * failed (POST it again, once each), or an error. Pure: the async driver in wait.ts does the waiting,
 * the requests and the clock, and hands each answer here with the state it keeps.
 */
import type { ReportError } from '../../errors/reportError';
import {
	expiredTwiceError,
	failedOnceError,
	failedTwiceError,
	forgottenIdError,
	giveUpError,
	rejectionError,
	dialpadMessage,
	type WaitProgress,
} from '../../errors/dialpadAnswers';
import type { ApiResponse } from '../ports';
import { isTransient, retryDelayMs } from './backoff';

/** Where one report's polling stands between two answers. */
export interface PollState {
	requestId: string;
	/** Every request id Dialpad handed out for this report, oldest first. */
	requestIds: readonly string[];
	repostedAfterFailure: boolean;
	repostedAfterExpiry: boolean;
	/** Transient answers in a row, for the backoff. */
	transientAttempt: number;
}

/** What the step needs to know besides the answer; `nowMs` and `progress` are read when the answer came. */
export interface PollRules {
	/** False for Get Report Result: it has no request to POST again. */
	canRepost: boolean;
	returnWhileProcessing: boolean;
	pollIntervalMs: number;
	random: () => number;
	nowMs: number;
	deadlineMs: number;
	progress: WaitProgress;
}

export type PollStep =
	| { kind: 'done'; downloadUrl: string }
	| { kind: 'processing' }
	| { kind: 'wait'; delayMs: number; state: PollState }
	| { kind: 'repost'; state: PollState }
	| { kind: 'fail'; error: ReportError };

export function startPollState(requestId: string): PollState {
	return { requestId, requestIds: [requestId], repostedAfterFailure: false, repostedAfterExpiry: false, transientAttempt: 0 };
}

/** The state after Dialpad handed out a new request id for the same report. */
export function repostedPollState(state: PollState, requestId: string): PollState {
	return { ...state, requestId, requestIds: [...state.requestIds, requestId], transientAttempt: 0 };
}

function isExpired(response: ApiResponse): boolean {
	if (response.statusCode === 404) return true;
	return response.statusCode === 400 && /expired/i.test(dialpadMessage(response.body, 400));
}

function lastTwo(state: PollState): string[] {
	return state.requestIds.slice(-2);
}

function answeredStep(answer: ApiResponse, state: PollState, rules: PollRules): PollStep {
	const settled: PollState = { ...state, transientAttempt: 0 };
	const poll = (answer.body ?? {}) as { status?: unknown; download_url?: unknown };
	const status = String(poll.status ?? '').toLowerCase();
	if (status === 'complete' && typeof poll.download_url === 'string' && poll.download_url) {
		return { kind: 'done', downloadUrl: poll.download_url };
	}
	if (status === 'failed') {
		if (!rules.canRepost) return { kind: 'fail', error: failedOnceError(state.requestId) };
		if (state.repostedAfterFailure) return { kind: 'fail', error: failedTwiceError(lastTwo(state)) };
		return { kind: 'repost', state: { ...settled, repostedAfterFailure: true } };
	}
	if (rules.returnWhileProcessing) return { kind: 'processing' };
	return { kind: 'wait', delayMs: rules.pollIntervalMs, state: settled };
}

export function nextPollStep(answer: ApiResponse, state: PollState, rules: PollRules): PollStep {
	if (answer.statusCode >= 200 && answer.statusCode < 300) return answeredStep(answer, state, rules);
	if (isExpired(answer)) {
		if (!rules.canRepost) return { kind: 'fail', error: forgottenIdError(state.requestId, answer.statusCode) };
		if (state.repostedAfterExpiry) return { kind: 'fail', error: expiredTwiceError(lastTwo(state), answer.statusCode) };
		return { kind: 'repost', state: { ...state, repostedAfterExpiry: true } };
	}
	if (!isTransient(answer)) return { kind: 'fail', error: rejectionError(answer, 'check') };
	const delayMs = retryDelayMs(answer, state.transientAttempt, rules.random, rules.pollIntervalMs);
	if (rules.nowMs + delayMs > rules.deadlineMs) return { kind: 'fail', error: giveUpError(answer, rules.progress) };
	return { kind: 'wait', delayMs, state: { ...state, transientAttempt: state.transientAttempt + 1 } };
}
