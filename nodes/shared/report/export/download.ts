/**
 * A finished export's file through the sink, within the report's Max Wait: a download still going
 * at the deadline is cut off; one that breaks off or meets a storage hiccup gets one more try after
 * a backoff; what the storage host's answer means is said in words.
 */
import { CsvFormatError } from '../csv/reader';
import type { ObservableDownload, ReportDependencies, ReportFacts, ReportResult, ReportSink, WaitClock } from '../ports';
import { ReportError } from '../../errors/reportError';
import { backoffDelayMs } from './backoff';
import type { CompletedExport } from './wait';
import { cancelledError } from '../../errors/dialpadAnswers';

const DOWNLOAD_ATTEMPTS = 2;

/** What a non-200 from the storage host means, and whether another try can help. */
export function storageRefusal(statusCode: number): ReportError {
	if (statusCode === 400 || statusCode === 401 || statusCode === 403) {
		return new ReportError(
			'downloadFailed',
			`Dialpad's file storage refused the download link (HTTP ${statusCode}): the link has expired or is not valid`,
			'Download links last a limited time. Run the workflow again: the node asks Dialpad for the report again and gets a fresh link (the report is cached, so it is quick).',
			statusCode,
		);
	}
	if (statusCode === 404 || statusCode === 410) {
		return new ReportError(
			'downloadFailed',
			`Dialpad's file storage no longer has the report file (HTTP ${statusCode})`,
			'Run the workflow again: Dialpad prepares the report again and hands out a new file.',
			statusCode,
		);
	}
	if (statusCode === 429 || statusCode >= 500) {
		return new ReportError(
			'downloadFailed',
			`Dialpad's file storage is having trouble (HTTP ${statusCode})`,
			'The node tried again after a pause and the storage still failed. Run the workflow again in a few minutes.',
			statusCode,
		);
	}
	return new ReportError(
		'downloadFailed',
		`Dialpad's file storage answered the download with HTTP ${statusCode}`,
		'Run the workflow again; if it keeps happening, send the message to Dialpad support.',
		statusCode,
	);
}

/** Storage trouble and broken connections are worth another try; a refused or missing link is not. */
function isRetryable(failure: unknown): boolean {
	if (!(failure instanceof ReportError)) return true;
	if (failure.kind !== 'downloadFailed') return false;
	const status = failure.httpCode;
	return status === undefined || status === 429 || status >= 500;
}

function megabytes(bytes: number): string {
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function pastMaxWaitError(requestId: string, maxWaitSeconds: number, bytes: number): ReportError {
	return new ReportError(
		'timedOut',
		`The download of the Dialpad report (request ${requestId}) was not finished when Max Wait (${maxWaitSeconds} s) ran out: ${megabytes(bytes)} received`,
		"Dialpad's file storage sent the file too slowly. Raise Max Wait in the node options (it covers the wait and the download), or run the workflow again later: the report is cached, so only the download is repeated.",
	);
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
		return new ReportError(
			'badCsv',
			`Dialpad's report file (request ${requestId}) is not valid CSV: ${failure.message}`,
			'Run the workflow again; if the same line is reported again, send the message to Dialpad support.',
		);
	}
	if (isRetryable(failure) && attempt < DOWNLOAD_ATTEMPTS) return undefined;
	if (failure instanceof ReportError) return failure;
	return new ReportError(
		'downloadFailed',
		`The download of the Dialpad report (request ${requestId}) broke off twice`,
		"The connection to Dialpad's file storage was interrupted. Run the workflow again; the report is cached, so it is quick.",
	);
}
