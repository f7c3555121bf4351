import { CsvFormatError } from './csv';
import { ReportError } from './errors';
import type { ReportDependencies, ReportFacts, ReportResult, ReportSink } from './index';
import { cancelledError, type CompletedExport, type WaitClock } from './wait';

const DOWNLOAD_ATTEMPTS = 2;

/** The finished export's file through the sink; a download that breaks off gets one more try. */
export async function downloadExport<T>(
	dependencies: ReportDependencies,
	completed: CompletedExport,
	facts: ReportFacts,
	sink: ReportSink<T>,
): Promise<ReportResult<T>> {
	for (let attempt = 1; ; attempt++) {
		let failure: unknown;
		try {
			const body = await dependencies.downloader.download(completed.downloadUrl);
			const result = await sink(body, facts);
			return { requestId: completed.requestId, result };
		} catch (error) {
			failure = error;
		}
		const finalError = downloadFailure(failure, completed.requestId, attempt, dependencies.clock);
		if (finalError) throw finalError;
	}
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
	const retryable = !(failure instanceof ReportError) || failure.kind === 'downloadFailed';
	if (retryable && attempt < DOWNLOAD_ATTEMPTS) return undefined;
	if (failure instanceof ReportError) return failure;
	return new ReportError(
		'downloadFailed',
		`The download of the Dialpad report (request ${requestId}) broke off twice`,
		"The connection to Dialpad's file storage was interrupted. Run the workflow again; the report is cached, so it is quick.",
	);
}
