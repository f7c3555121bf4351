/**
 * Dialpad's file storage in words: what its answers and a broken or slow download mean, and what
 * to do. The download decides when to try again; this is the one place that says what happened.
 */
import { describeNetworkFailure } from './dialpadAnswers';
import { ReportError } from './reportError';

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

function megabytes(bytes: number): string {
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function pastMaxWaitError(requestId: string, maxWaitSeconds: number, bytes: number): ReportError {
	return new ReportError(
		'timedOut',
		`The download of the Dialpad report (request ${requestId}) was not finished when Max Wait (${maxWaitSeconds} s) ran out: ${megabytes(bytes)} received`,
		"Dialpad's file storage sent the file too slowly. Raise Max Wait in the node options (it covers the wait and the download), or run the workflow again later: the report is cached, so only the download is repeated.",
	);
}

export function badCsvError(requestId: string, parserMessage: string): ReportError {
	return new ReportError(
		'badCsv',
		`Dialpad's report file (request ${requestId}) is not valid CSV: ${parserMessage}`,
		'Run the workflow again; if the same line is reported again, send the message to Dialpad support.',
	);
}

export function brokeOffError(requestId: string): ReportError {
	return new ReportError(
		'downloadFailed',
		`The download of the Dialpad report (request ${requestId}) broke off twice`,
		"The connection to Dialpad's file storage was interrupted. Run the workflow again; the report is cached, so it is quick.",
	);
}

export function storageUnreachableError(networkErrorCode: string | undefined): ReportError {
	return new ReportError(
		'downloadFailed',
		`Could not download the Dialpad report file: ${describeNetworkFailure(networkErrorCode)}`,
		"The connection to Dialpad's file storage failed. Check the network and run the workflow again.",
	);
}
