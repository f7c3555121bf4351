import { ReportError } from '../../errors/reportError';
import {
	cancelledError,
	giveUpError,
	notReadyError,
	rejectionError,
	unreachableError,
	type WaitProgress,
} from '../../errors/dialpadAnswers';
import type { ApiResponse, StatsApi, WaitClock } from '../ports';
import { isTransient, retryDelayMs } from './backoff';
import { nextPollStep, repostedPollState, startPollState } from './pollStep';

export interface WaitSettings {
	initialDelayMs: number;
	pollIntervalMs: number;
	maxWaitMs: number;
}

export interface CompletedExport {
	requestId: string;
	downloadUrl: string;
	postCount: number;
	/** The report's Max Wait ends here (first POST + Max Wait): the download must be done by then. */
	deadlineMs: number;
}

/** Dialpad's guidance: poll every 5-10 s, never every second. */
export const MIN_POLL_INTERVAL_MS = 5_000;
/** Dialpad never answering the very first request means a wrong address far more often than a blip. */
const MAX_UNANSWERED_STARTS = 4;

export interface StartedExport {
	requestId: string;
	alreadyStarted: boolean;
}

/** Where a wait begins: a request to POST, or the id of an export started earlier (Get Report Result). */
export type ExportSource = { requestJson: string } | { requestId: string };

/** Get Report Result's "return the status": the export was still being prepared at the one check. */
export interface PendingExport {
	requestId: string;
	status: 'processing';
}

export type WaitOutcome = CompletedExport | PendingExport;

/** Max Wait, counted from the first request, and the pauses that must stay within it. */
class WaitBudget {
	readonly startedAtMs: number;
	readonly deadlineMs: number;
	readonly maxWaitSeconds: number;

	constructor(
		private readonly clock: WaitClock,
		maxWaitMs: number,
	) {
		this.startedAtMs = clock.nowMs();
		this.deadlineMs = this.startedAtMs + maxWaitMs;
		this.maxWaitSeconds = Math.round(maxWaitMs / 1000);
	}

	waitedSeconds(): number {
		return Math.round((this.clock.nowMs() - this.startedAtMs) / 1000);
	}

	progress(requestId?: string): WaitProgress {
		return { waitedSeconds: this.waitedSeconds(), maxWaitSeconds: this.maxWaitSeconds, requestId };
	}

	async pause(delayMs: number, onOverrun: () => ReportError): Promise<void> {
		if (this.clock.isCancelled()) throw cancelledError();
		if (this.clock.nowMs() + delayMs > this.deadlineMs) throw onOverrun();
		await this.clock.sleep(delayMs);
	}
}

/** POSTs until Dialpad accepts (transient answers back off within the budget) or refuses for good. */
async function postExport(
	api: StatsApi,
	clock: WaitClock,
	requestJson: string,
	budget: WaitBudget,
	onAnswer: (response: ApiResponse) => void = () => undefined,
): Promise<StartedExport> {
	let everAnswered = false;
	for (let attempt = 0; ; attempt++) {
		const response = await api.startExport(requestJson);
		onAnswer(response);
		if (response.statusCode !== 0) everAnswered = true;
		if (response.statusCode >= 200 && response.statusCode < 300) return parseStarted(response);
		if (!isTransient(response)) throw rejectionError(response, 'start');
		if (!everAnswered && attempt + 1 >= MAX_UNANSWERED_STARTS) throw unreachableError(response, attempt + 1);
		const delayMs = retryDelayMs(response, attempt, clock.random, 0);
		await budget.pause(delayMs, () => giveUpError(response, budget.progress()));
	}
}

/** Start Report: the POST alone (with its backoffs, within Max Wait), no waiting for the report. */
export async function startExport(
	api: StatsApi,
	clock: WaitClock,
	requestJson: string,
	settings: Pick<WaitSettings, 'maxWaitMs'>,
): Promise<StartedExport> {
	return await postExport(api, clock, requestJson, new WaitBudget(clock, settings.maxWaitMs));
}

/**
 * POST once, poll until complete. Transient answers (429, 5xx, no answer) back off, honouring
 * Retry-After; a failed export and an expired id each get one fresh POST; everything stays
 * within maxWait. An identical POST is never repeated while the export is processing.
 */
export async function waitForExport(
	api: StatsApi,
	clock: WaitClock,
	requestJson: string,
	settings: WaitSettings,
): Promise<CompletedExport> {
	return (await waitForOutcome(api, clock, { requestJson }, settings, false)) as CompletedExport;
}

/**
 * The wait behind Run Report and Get Report Result. From a request id (no request to POST again), a
 * failed or forgotten export is an error that says to start it again; `returnWhileProcessing`
 * answers the first "processing" with the status instead of waiting.
 */
export async function waitForOutcome(
	api: StatsApi,
	clock: WaitClock,
	source: ExportSource,
	settings: WaitSettings,
	returnWhileProcessing: boolean,
): Promise<WaitOutcome> {
	const budget = new WaitBudget(clock, settings.maxWaitMs);
	const { deadlineMs } = budget;
	const pollIntervalMs = Math.max(MIN_POLL_INTERVAL_MS, settings.pollIntervalMs);
	const requestJson = 'requestJson' in source ? source.requestJson : undefined;
	let postCount = 0;
	const start = async (json: string): Promise<StartedExport> => await postExport(api, clock, json, budget, () => postCount++);

	const started: StartedExport =
		requestJson === undefined ? { requestId: (source as { requestId: string }).requestId, alreadyStarted: true } : await start(requestJson);
	let state = startPollState(started.requestId);
	let delayMs = requestJson === undefined ? 0 : settings.initialDelayMs;
	const timedOut = () => notReadyError(state.requestId, budget.waitedSeconds());

	for (;;) {
		await budget.pause(delayMs, timedOut);
		const answer = await api.getExport(state.requestId);
		const step = nextPollStep(answer, state, {
			canRepost: requestJson !== undefined,
			returnWhileProcessing,
			pollIntervalMs,
			random: clock.random,
			nowMs: clock.nowMs(),
			deadlineMs,
			progress: budget.progress(state.requestId),
		});
		switch (step.kind) {
			case 'done':
				return { requestId: state.requestId, downloadUrl: step.downloadUrl, postCount, deadlineMs };
			case 'processing':
				return { requestId: state.requestId, status: 'processing' };
			case 'wait':
				state = step.state;
				delayMs = step.delayMs;
				break;
			case 'repost': {
				// canRepost holds only when there is a request to POST again.
				const restarted = await start(requestJson as string);
				state = repostedPollState(step.state, restarted.requestId);
				delayMs = restarted.alreadyStarted ? pollIntervalMs : Math.max(pollIntervalMs, settings.initialDelayMs);
				break;
			}
			case 'fail':
				throw step.error;
			default: {
				const unhandled: never = step;
				throw new Error(`unhandled poll step ${JSON.stringify(unhandled)}`);
			}
		}
	}
}

function parseStarted(response: ApiResponse): StartedExport {
	const body = (response.body ?? {}) as { request_id?: unknown; already_started?: unknown };
	const requestId = body.request_id;
	if ((typeof requestId !== 'string' && typeof requestId !== 'number') || String(requestId) === '') {
		throw new ReportError(
			'dialpadUnavailable',
			'Dialpad accepted the report request but sent no request id',
			"Check that the credential's base URL points at Dialpad's API, then run again.",
			response.statusCode,
		);
	}
	return { requestId: String(requestId), alreadyStarted: body.already_started === true };
}

