/**
 * Many reports in one execution: every export started together (identical requests once), paced
 * within Dialpad's limits, waited for by one poll schedule, downloaded a few at a time, and each
 * report's result handed back in the order asked. Each export's wait is `waitForExport`'s; the
 * batch only shares the door (pacing.ts) and the downloads.
 */
import { downloadExport } from './download';
import type { ReportDependencies, ReportOptions, ReportResult, ReportSink, StatsApi, WaitClock } from '../ports';
import { MAX_CONCURRENT_DOWNLOADS, PostPause, RequestSpacer, Slots, pacedStatsApi } from './pacing';
import { serializeStatsRequest, type StatsRequestBody } from '../request/request';
import { SleepSchedule } from './schedule';
import { startExport, waitForOutcome, type PendingExport, type StartedExport, type WaitOutcome, type WaitSettings } from './wait';
import { cancelledError } from '../../errors/dialpadAnswers';

/** An export started earlier, known by its request id (Get Report Result). */
export interface ExistingExport {
	requestId: string;
	/** The report's timezone, for reading its timestamps. */
	timezone: string;
	/** Answer "still processing" at once (through `whileProcessing`) instead of waiting up to Max Wait. */
	returnWhileProcessing: boolean;
}

export type PlannedExport = StatsRequestBody | ExistingExport;

function isExisting(planned: PlannedExport): planned is ExistingExport {
	return 'requestId' in planned;
}

export interface PlannedReport<T> {
	/** The exports the report needs (one, or past days then today, as `buildStatsRequests` gives them; or one started earlier). */
	requests: PlannedExport[];
	/** When the report was asked for (Dialpad counts its days from then). */
	requestedAtMs: number;
	options: ReportOptions;
	/**
	 * Reports whose sinks make the same result from the same file share a key: an export asked for by
	 * several such reports is downloaded once, and they get the same result.
	 */
	sinkKey: string;
	sink: ReportSink<T>;
	/** The result for an existing export still being prepared, when its plan returns while processing. */
	whileProcessing?: (pending: PendingExport) => T;
}

export type ReportOutcome<T> = { ok: true; parts: Array<ReportResult<T>> } | { ok: false; error: unknown };

export interface BatchOptions {
	/** false: the first failing report stops the batch (no further request) and is thrown as a BatchStopped. */
	continueOnFail: boolean;
}

/** The report that stopped the batch, and why. */
export class BatchStopped extends Error {
	constructor(
		readonly reportIndex: number,
		readonly failure: unknown,
	) {
		super(failure instanceof Error ? failure.message : String(failure));
		this.name = 'BatchStopped';
	}
}

export function waitSettingsOf(options: ReportOptions): WaitSettings {
	return {
		initialDelayMs: options.initialDelaySeconds * 1000,
		pollIntervalMs: options.pollIntervalSeconds * 1000,
		maxWaitMs: options.maxWaitSeconds * 1000,
	};
}

/**
 * The execution's clock as the batch's reports see it: every sleep on one shared schedule, and all
 * of them cut short (then `cancelled`) when `stop` aborts.
 */
function stoppableClock(clock: WaitClock, stop: AbortSignal): WaitClock {
	const schedule = new SleepSchedule(clock, stop);
	return {
		nowMs: () => clock.nowMs(),
		random: () => clock.random(),
		isCancelled: () => stop.aborted || clock.isCancelled(),
		sleep: async (ms, interrupt) => {
			await schedule.sleep(ms, interrupt);
			if (stop.aborted) throw cancelledError();
		},
	};
}

interface BatchDoor {
	api: StatsApi;
	clock: WaitClock;
	stop: AbortController;
}

/** What every report of one execution shares: the paced API and a clock that the batch can stop. */
function openDoor(dependencies: ReportDependencies): BatchDoor {
	const stop = new AbortController();
	const clock = stoppableClock(dependencies.clock, stop.signal);
	const api = pacedStatsApi(dependencies.api, clock, new RequestSpacer(clock), new PostPause(clock));
	return { api, clock, stop };
}

/**
 * Runs `job` for every report at once; one outcome per report, in the order given. Rejects with a
 * `cancelled` ReportError when the execution is cancelled, and with BatchStopped for the first
 * failure when Continue On Fail is off (after stopping every other job's waits and requests).
 */
async function settleAll<R, V>(
	door: BatchDoor,
	executionClock: WaitClock,
	reports: R[],
	job: (report: R) => Promise<V>,
	batchOptions: BatchOptions,
): Promise<Array<{ ok: true; value: V } | { ok: false; error: unknown }>> {
	let stopped: BatchStopped | undefined;
	let onStopped: () => void = () => undefined;
	const stoppedSignal = new Promise<void>((resolve) => (onStopped = resolve));
	const outcomes = reports.map(async (report, reportIndex) => {
		try {
			return { ok: true as const, value: await job(report) };
		} catch (error) {
			if (!batchOptions.continueOnFail && stopped === undefined && !executionClock.isCancelled()) {
				stopped = new BatchStopped(reportIndex, error);
				door.stop.abort();
				onStopped();
			}
			return { ok: false as const, error };
		}
	});
	const settled = await Promise.race([Promise.all(outcomes), stoppedSignal.then(() => undefined)]);
	if (executionClock.isCancelled()) throw cancelledError();
	if (stopped !== undefined) throw stopped;
	return settled ?? (await Promise.all(outcomes));
}

/**
 * Run Report and Get Report Result for every report at once: identical exports waited for once,
 * downloads a few at a time, one outcome per report in the order given (see settleAll for failures).
 */
export async function runReportBatch<T>(
	dependencies: ReportDependencies,
	reports: Array<PlannedReport<T>>,
	batchOptions: BatchOptions,
): Promise<Array<ReportOutcome<T>>> {
	const door = openDoor(dependencies);
	const { api, clock } = door;
	const batchDependencies: ReportDependencies = { ...dependencies, api, clock };
	const downloadSlots = new Slots(MAX_CONCURRENT_DOWNLOADS);
	const waits = new Map<string, Promise<WaitOutcome>>();
	const results = new Map<string, Promise<ReportResult<T>>>();

	const exportResult = (report: PlannedReport<T>, planned: PlannedExport): Promise<ReportResult<T>> => {
		const existing = isExisting(planned) ? planned : undefined;
		const request = existing ? undefined : (planned as StatsRequestBody);
		const waitKey = existing ? `id ${existing.requestId} ${String(existing.returnWhileProcessing)}` : serializeStatsRequest(request!);
		let wait = waits.get(waitKey);
		if (wait === undefined) {
			const source = existing ? { requestId: existing.requestId } : { requestJson: waitKey };
			wait = waitForOutcome(api, clock, source, waitSettingsOf(report.options), existing?.returnWhileProcessing ?? false);
			waits.set(waitKey, wait);
		}
		const resultKey = `${report.sinkKey}\n${waitKey}`;
		let result = results.get(resultKey);
		if (result === undefined) {
			result = wait.then(async (outcome): Promise<ReportResult<T>> => {
				if (!('downloadUrl' in outcome)) {
					if (!report.whileProcessing) throw new Error('an export still processing reached a report that waits');
					return { requestId: outcome.requestId, result: report.whileProcessing(outcome) };
				}
				return await downloadSlots.run(async () => {
					if (clock.isCancelled()) throw cancelledError();
					const facts = {
						requestId: outcome.requestId,
						request,
						timezone: existing ? existing.timezone : request!.timezone,
						requestedAtMs: report.requestedAtMs,
					};
					return await downloadExport(batchDependencies, outcome, facts, report.sink, report.options.maxWaitSeconds);
				});
			});
			results.set(resultKey, result);
		}
		return result;
	};

	const settled = await settleAll(
		door,
		dependencies.clock,
		reports,
		async (report) => await Promise.all(report.requests.map(async (planned) => await exportResult(report, planned))),
		batchOptions,
	);
	return settled.map((outcome) => (outcome.ok ? { ok: true, parts: outcome.value } : outcome));
}

export interface StartedReport {
	request: StatsRequestBody;
	started: StartedExport;
}

/**
 * Start Report for every report at once: the POSTs alone, paced as a batch, identical requests sent
 * once; one list of started exports per report, in the order given.
 */
export async function startReportBatch(
	dependencies: ReportDependencies,
	reports: Array<{ requests: StatsRequestBody[]; options: ReportOptions }>,
	batchOptions: BatchOptions,
): Promise<Array<{ ok: true; value: StartedReport[] } | { ok: false; error: unknown }>> {
	const door = openDoor(dependencies);
	const starts = new Map<string, Promise<StartedExport>>();
	const startOnce = (request: StatsRequestBody, options: ReportOptions) => {
		const requestJson = serializeStatsRequest(request);
		let started = starts.get(requestJson);
		if (started === undefined) {
			started = startExport(door.api, door.clock, requestJson, waitSettingsOf(options));
			starts.set(requestJson, started);
		}
		return started;
	};
	return await settleAll(
		door,
		dependencies.clock,
		reports,
		async (report) =>
			await Promise.all(
				report.requests.map(async (request) => ({ request, started: await startOnce(request, report.options) })),
			),
		batchOptions,
	);
}
