import { ReportError } from '../../errors/reportError';
import {
	WaitProgress,
	cancelledError,
	dialpadMessage,
	failedOnceError,
	forgottenIdError,
	giveUpError,
	rejectionError,
	requestIdsText,
	unreachableError,
} from '../../errors/dialpadAnswers';
import type { ApiResponse, StatsApi, WaitClock } from '../ports';

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
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_CAP_MS = 60_000;
/** Dialpad never answering the very first request means a wrong address far more often than a blip. */
const MAX_UNANSWERED_STARTS = 4;

/** Exponential backoff with "equal jitter": half the ceiling fixed, half random. */
export function backoffDelayMs(attempt: number, random: () => number): number {
	const ceilingMs = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(ceilingMs / 2 + (random() * ceilingMs) / 2);
}

function isTransient(response: ApiResponse): boolean {
	return response.statusCode === 0 || response.statusCode === 429 || response.statusCode >= 500;
}

function isExpired(response: ApiResponse): boolean {
	if (response.statusCode === 404) return true;
	return response.statusCode === 400 && /expired/i.test(dialpadMessage(response.body, 400));
}

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
	/** Every request id Dialpad handed out for this report, oldest first. */
	const requestIds: string[] = [];
	let postCount = 0;

	const start = async (json: string): Promise<StartedExport> => {
		const started = await postExport(api, clock, json, budget, () => postCount++);
		requestIds.push(started.requestId);
		return started;
	};

	let started: StartedExport;
	if (requestJson === undefined) {
		started = { requestId: (source as { requestId: string }).requestId, alreadyStarted: true };
		requestIds.push(started.requestId);
	} else {
		started = await start(requestJson);
	}
	let repostedAfterFailure = false;
	let repostedAfterExpiry = false;
	let transientAttempt = 0;
	let delayMs = requestJson === undefined ? 0 : settings.initialDelayMs;
	const timedOut = () =>
		new ReportError(
			'timedOut',
			`The Dialpad report (request ${started.requestId}) was not ready after ${budget.waitedSeconds()} s`,
			'Dialpad is still preparing it. Raise Max Wait in the node options, or run the workflow again later: Dialpad keeps finished reports for a few hours, so a rerun with the same settings is fast.',
		);

	const restart = async (json: string): Promise<void> => {
		started = await start(json);
		transientAttempt = 0;
		delayMs = started.alreadyStarted ? pollIntervalMs : Math.max(pollIntervalMs, settings.initialDelayMs);
	};

	for (;;) {
		await budget.pause(delayMs, timedOut);
		const response = await api.getExport(started.requestId);

		if (response.statusCode >= 200 && response.statusCode < 300) {
			transientAttempt = 0;
			const poll = (response.body ?? {}) as { status?: unknown; download_url?: unknown };
			const status = String(poll.status ?? '').toLowerCase();
			if (status === 'complete' && typeof poll.download_url === 'string' && poll.download_url) {
				return { requestId: started.requestId, downloadUrl: poll.download_url, postCount, deadlineMs };
			}
			if (status === 'failed') {
				if (requestJson === undefined) throw failedOnceError(started.requestId);
				if (repostedAfterFailure) {
					throw new ReportError(
						'exportFailed',
						`Dialpad could not produce the report (${requestIdsText(requestIds.slice(-2))}): it failed twice`,
						'Dialpad gives no reason for a failed export. Try a shorter period or a narrower target, or run again later.',
					);
				}
				repostedAfterFailure = true;
				await restart(requestJson);
				continue;
			}
			if (returnWhileProcessing) return { requestId: started.requestId, status: 'processing' };
			delayMs = pollIntervalMs;
			continue;
		}

		if (isExpired(response)) {
			if (requestJson === undefined) throw forgottenIdError(started.requestId, response.statusCode);
			if (repostedAfterExpiry) {
				throw new ReportError(
					'exportExpired',
					`Dialpad forgot the report twice while preparing it (${requestIdsText(requestIds.slice(-2))})`,
					'Dialpad keeps a report request for about an hour and dropped this one twice before it was ready. Run the workflow again later; if it happens again, ask for a shorter period or a narrower target (a smaller report is ready sooner), or send the request ids to Dialpad support.',
					response.statusCode,
				);
			}
			repostedAfterExpiry = true;
			await restart(requestJson);
			continue;
		}

		if (!isTransient(response)) throw rejectionError(response, 'check');
		delayMs = retryDelayMs(response, transientAttempt++, clock.random, pollIntervalMs);
		const deadlineIsNear = clock.nowMs() + delayMs > deadlineMs;
		if (deadlineIsNear) throw giveUpError(response, budget.progress(started.requestId));
	}
}

function retryDelayMs(
	response: ApiResponse,
	attempt: number,
	random: () => number,
	minimumMs: number,
): number {
	if (response.retryAfterSeconds !== undefined && response.retryAfterSeconds >= 0) {
		return Math.max(minimumMs, response.retryAfterSeconds * 1000);
	}
	return Math.max(minimumMs, backoffDelayMs(attempt, random));
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

