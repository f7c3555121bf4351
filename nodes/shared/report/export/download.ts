/**
 * A finished export's file through the sink, within the report's Max Wait: a download still going
 * at the deadline is cut off; one that breaks off or meets a storage hiccup gets one more try after
 * a backoff; what the storage host's answer means is said in words.
 */
import { CsvFormatError } from '../csv/reader';
import type { ObservableDownload, ReportDependencies, ReportFacts, ReportResult, ReportSink, WaitClock } from '../ports';
import { ReportError } from '../../errors/reportError';
import { badCsvError, brokeOffError, pastMaxWaitError } from '../../errors/storageAnswers';
import { backoffDelayMs } from './backoff';
import type { CompletedExport } from './wait';
import { cancelledError } from '../../errors/dialpadAnswers';

const DOWNLOAD_ATTEMPTS = 2;

/** Storage trouble and broken connections are worth another try; a refused or missing link is not. */
function isRetryable(failure: unknown): boolean {
	if (!(failure instanceof ReportError)) return true;
	if (failure.kind !== 'downloadFailed') return false;
	const status = failure.httpCode;
	return status === undefined || status === 429 || status >= 500;
}

/** The finished export's file through the sink; a download that breaks off gets one more try. */
export async function downloadExport<T>(
	dependencies: ReportDependencies,
	completed: CompletedExport,
	facts: ReportFacts,
	sink: ReportSink<T>,
	maxWaitSeconds: number,
): Promise<ReportResult<T>> {
	const { clock } = dependencies;
	for (let attempt = 1; ; attempt++) {
		let failure: unknown;
		try {
			const result = await downloadBeforeDeadline(dependencies, completed, facts, sink, maxWaitSeconds);
			return { requestId: completed.requestId, result };
		} catch (error) {
			failure = error;
		}
		const finalError = downloadFailure(failure, completed.requestId, attempt, clock);
		if (finalError) throw finalError;
		const pauseMs = Math.min(backoffDelayMs(0, clock.random), Math.max(0, completed.deadlineMs - clock.nowMs()));
		await clock.sleep(pauseMs);
	}
}

/**
 * One try, cut off at the report's deadline: the request is aborted while it waits for an answer,
 * the body destroyed while it streams, and the error says how far it got.
 */
async function downloadBeforeDeadline<T>(
	dependencies: ReportDependencies,
	completed: CompletedExport,
	facts: ReportFacts,
	sink: ReportSink<T>,
	maxWaitSeconds: number,
): Promise<T> {
	const { clock, downloader } = dependencies;
	const deadline = new AbortController();
	const finished = new AbortController();
	let body: ObservableDownload | undefined;
	let receivedBytes = 0;
	let pastDeadline = false;
	const pastDeadlineError = () => pastMaxWaitError(completed.requestId, maxWaitSeconds, receivedBytes);

	const watchdog = (async () => {
		const leftMs = completed.deadlineMs - clock.nowMs();
		try {
			if (leftMs > 0) await clock.sleep(leftMs, finished.signal);
		} catch {
			// Cancelled: the download sees the cancel itself.
		}
		if (finished.signal.aborted || clock.isCancelled()) return;
		pastDeadline = true;
		deadline.abort();
		body?.destroy(pastDeadlineError());
	})();

	const attempt = async (): Promise<T> => {
		body = await downloader.download(completed.downloadUrl, deadline.signal);
		if (pastDeadline) {
			body.destroy();
			throw pastDeadlineError();
		}
		body.prependListener('data', (chunk) => {
			receivedBytes += chunk.length;
		});
		return await sink(body, facts);
	};
	const outcome = await attempt().then(
		(result) => ({ result }),
		(error: unknown) => ({ error }),
	);
	finished.abort();
	await watchdog;
	// Whatever the sink made of a body cut off at the deadline, the deadline is what happened.
	if (pastDeadline) throw pastDeadlineError();
	if ('error' in outcome) throw outcome.error;
	return outcome.result;
}

/** Undefined when the download is worth one more try; otherwise the error to report. */
function downloadFailure(
	failure: unknown,
	requestId: string,
	attempt: number,
	clock: WaitClock,
): Error | undefined {
	if (clock.isCancelled()) return cancelledError();
	if (failure instanceof CsvFormatError) {
		return badCsvError(requestId, failure.message);
	}
	if (isRetryable(failure) && attempt < DOWNLOAD_ATTEMPTS) return undefined;
	if (failure instanceof ReportError) return failure;
	return brokeOffError(requestId);
}
