import type { IDataObject } from 'n8n-workflow';

import { createRowTyper } from './columns';
import { CsvFormatError, readCsvTable } from './csv';
import { ReportError } from './errors';
import { mergeReportRows } from './merge';
import { buildStatsRequests, serializeStatsRequest, type ReportParameters, type StatsRequestBody } from './request';
import { cancelledError, waitForExport, type StatsApi, type WaitClock } from './wait';

export interface CsvDownloader {
	/** The body of the signed download URL. Must never send the Dialpad key, never reveal the URL. */
	download(url: string): Promise<AsyncIterable<Uint8Array | string>>;
}

export interface ReportOptions {
	initialDelaySeconds: number;
	pollIntervalSeconds: number;
	maxWaitSeconds: number;
	typeValues: boolean;
}

export interface ReportResult {
	requestId: string;
	rows: IDataObject[];
}

export interface ReportDependencies {
	api: StatsApi;
	downloader: CsvDownloader;
	clock: WaitClock;
}

const DOWNLOAD_ATTEMPTS = 2;

/**
 * parameters -> validated requests -> POST and wait -> download -> CSV rows -> typed rows. A period
 * that covers past days and today is two exports whose rows are merged (past days first).
 */
export async function runReport(
	dependencies: ReportDependencies,
	parameters: ReportParameters,
	options: ReportOptions,
): Promise<ReportResult> {
	const requests = buildStatsRequests(parameters, dependencies.clock.nowMs());
	const parts: ReportResult[] = [];
	for (const request of requests) parts.push(await runOneExport(dependencies, request, options));
	if (parts.length === 1) return parts[0];
	return {
		requestId: parts.map((part) => part.requestId).join(', '),
		rows: mergeReportRows(parts.map((part) => part.rows)),
	};
}

async function runOneExport(
	dependencies: ReportDependencies,
	request: StatsRequestBody,
	options: ReportOptions,
): Promise<ReportResult> {
	const completed = await waitForExport(
		dependencies.api,
		dependencies.clock,
		serializeStatsRequest(request),
		{
			initialDelayMs: options.initialDelaySeconds * 1000,
			pollIntervalMs: options.pollIntervalSeconds * 1000,
			maxWaitMs: options.maxWaitSeconds * 1000,
		},
	);

	for (let attempt = 1; ; attempt++) {
		let failure: unknown;
		try {
			const rows = await downloadRows(dependencies.downloader, completed.downloadUrl, {
				typeValues: options.typeValues,
				timezone: request.timezone,
			});
			return { requestId: completed.requestId, rows };
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

async function downloadRows(
	downloader: CsvDownloader,
	url: string,
	typing: { typeValues: boolean; timezone: string },
): Promise<IDataObject[]> {
	const table = await readCsvTable(await downloader.download(url));
	if (table === null) return [];
	const typeRow = createRowTyper(table.header, typing);
	const rows: IDataObject[] = [];
	for await (const batch of table.rows) {
		for (const row of batch) rows.push(typeRow(row.values));
	}
	return rows;
}
