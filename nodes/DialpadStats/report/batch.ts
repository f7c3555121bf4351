/**
 * Many reports in one execution: every export started together (identical requests once), paced
 * within Dialpad's limits, waited for by one poll schedule, downloaded a few at a time, and each
 * report's result handed back in the order asked. Each export's wait is `waitForExport`'s; the
 * batch only shares the door (pacing.ts) and the downloads.
 */
import { downloadExport } from './download';
import type { ReportDependencies, ReportOptions, ReportResult, ReportSink } from './index';
import { MAX_CONCURRENT_DOWNLOADS, PostPause, RequestSpacer, Slots, pacedStatsApi } from './pacing';
import { serializeStatsRequest, type StatsRequestBody } from './request';
import { withEitherSignal } from './signals';
import { cancelledError, waitForExport, type CompletedExport, type WaitClock, type WaitSettings } from './wait';

export interface PlannedReport<T> {
	/** The exports the report needs (one, or past days then today), as `buildStatsRequests` gives them. */
	requests: StatsRequestBody[];
	/** When the report was asked for (Dialpad counts its days from then). */
	requestedAtMs: number;
	options: ReportOptions;
	/**
	 * Reports whose sinks make the same result from the same file share a key: an export asked for by
	 * several such reports is downloaded once, and they get the same result.
	 */
	sinkKey: string;
	sink: ReportSink<T>;
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

/** The execution's clock, also stopped (sleeps cut short, then `cancelled`) when `stop` aborts. */
function stoppableClock(clock: WaitClock, stop: AbortSignal): WaitClock {
	return {
		nowMs: () => clock.nowMs(),
		random: () => clock.random(),
		isCancelled: () => stop.aborted || clock.isCancelled(),
		sleep: async (ms, interrupt) => {
			if (stop.aborted) throw cancelledError();
			await withEitherSignal(stop, interrupt, async (signal) => await clock.sleep(ms, signal));
			if (stop.aborted) throw cancelledError();
		},
	};
}

/**
 * Runs every report at once and gives one outcome per report, in the order given. Rejects with a
 * `cancelled` ReportError when the execution is cancelled, and with BatchStopped for the first
 * failure when Continue On Fail is off.
 */
export async function runReportBatch<T>(
	dependencies: ReportDependencies,
	reports: Array<PlannedReport<T>>,
	batchOptions: BatchOptions,
): Promise<Array<ReportOutcome<T>>> {
	const stop = new AbortController();
	const clock = stoppableClock(dependencies.clock, stop.signal);
	const api = pacedStatsApi(dependencies.api, clock, new RequestSpacer(clock), new PostPause(clock));
	const batchDependencies: ReportDependencies = { ...dependencies, api, clock };
	const downloadSlots = new Slots(MAX_CONCURRENT_DOWNLOADS);
	const waits = new Map<string, Promise<CompletedExport>>();
	const results = new Map<string, Promise<ReportResult<T>>>();

	const exportResult = (report: PlannedReport<T>, request: StatsRequestBody): Promise<ReportResult<T>> => {
		const requestJson = serializeStatsRequest(request);
		let wait = waits.get(requestJson);
		if (wait === undefined) {
			wait = waitForExport(api, clock, requestJson, waitSettingsOf(report.options));
			waits.set(requestJson, wait);
		}
		const resultKey = `${report.sinkKey}\n${requestJson}`;
		let result = results.get(resultKey);
		if (result === undefined) {
			result = wait.then(
				async (completed) =>
					await downloadSlots.run(async () => {
						if (clock.isCancelled()) throw cancelledError();
						const facts = { requestId: completed.requestId, request, requestedAtMs: report.requestedAtMs };
						return await downloadExport(batchDependencies, completed, facts, report.sink, report.options.maxWaitSeconds);
					}),
			);
			results.set(resultKey, result);
		}
		return result;
	};

	let stopped: BatchStopped | undefined;
	let onStopped: () => void = () => undefined;
	const stoppedSignal = new Promise<void>((resolve) => (onStopped = resolve));

	const outcomes = reports.map(
		async (report, reportIndex): Promise<ReportOutcome<T>> => {
			try {
				const parts = await Promise.all(report.requests.map(async (request) => await exportResult(report, request)));
				return { ok: true, parts };
			} catch (error) {
				if (!batchOptions.continueOnFail && stopped === undefined && !dependencies.clock.isCancelled()) {
					stopped = new BatchStopped(reportIndex, error);
					stop.abort();
					onStopped();
				}
				return { ok: false, error };
			}
		},
	);

	const settled = await Promise.race([Promise.all(outcomes), stoppedSignal.then(() => undefined)]);
	if (dependencies.clock.isCancelled()) throw cancelledError();
	if (stopped !== undefined) throw stopped;
	return settled ?? (await Promise.all(outcomes));
}
