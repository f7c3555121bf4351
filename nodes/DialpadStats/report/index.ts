import type { IDataObject } from 'n8n-workflow';

import { chooseColumns, missingColumnsError } from './columnChoice';
import { createRowTyper } from './columns';
import { CsvFormatError, readCsvTable } from './csv';
import type { ObservableDownload } from './csvFile';
import { ReportError } from './errors';
import { mergeReportRows } from './merge';
import { buildStatsRequests, serializeStatsRequest, type ReportParameters, type StatsRequestBody } from './request';
import { cancelledError, waitForExport, type StatsApi, type WaitClock } from './wait';

export interface CsvDownloader {
	/** The body of the signed download URL. Must never send the Dialpad key, never reveal the URL. */
	download(url: string): Promise<ObservableDownload>;
}

export interface ReportOptions {
	initialDelaySeconds: number;
	pollIntervalSeconds: number;
	maxWaitSeconds: number;
	typeValues: boolean;
	/** Item keys to keep, in this order; empty = every column. */
	columns: string[];
}

export interface ReportDependencies {
	api: StatsApi;
	downloader: CsvDownloader;
	clock: WaitClock;
}

/** What a sink knows about the report whose CSV it receives. */
export interface ReportFacts {
	requestId: string;
	request: StatsRequestBody;
	/** When the report was asked for (Dialpad counts its days from then). */
	requestedAtMs: number;
}

/**
 * The end of the stream: what happens to the downloaded CSV (typed items, or a stored file).
 * May be called twice for one report when the first download breaks off.
 */
export type ReportSink<T> = (body: ObservableDownload, report: ReportFacts) => Promise<T>;

export interface ReportResult<T> {
	requestId: string;
	result: T;
}

const DOWNLOAD_ATTEMPTS = 2;

/**
 * parameters -> validated requests -> POST and wait -> download -> the sink (items or a file), one
 * result per export: a period that covers past days and today is two exports (past days first).
 */
export async function runReport<T>(
	dependencies: ReportDependencies,
	parameters: ReportParameters,
	options: ReportOptions,
	sink: ReportSink<T>,
): Promise<Array<ReportResult<T>>> {
	const requestedAtMs = dependencies.clock.nowMs();
	const requests = buildStatsRequests(parameters, requestedAtMs);
	const parts: Array<ReportResult<T>> = [];
	for (const request of requests) parts.push(await runOneExport(dependencies, request, requestedAtMs, options, sink));
	return parts;
}

/** One Item per Row over every export of a report: one list of rows, past days first. */
export function reportRows(parts: Array<ReportResult<IDataObject[]>>): IDataObject[] {
	return parts.length === 1 ? parts[0].result : mergeReportRows(parts.map((part) => part.result));
}

async function runOneExport<T>(
	dependencies: ReportDependencies,
	request: StatsRequestBody,
	requestedAtMs: number,
	options: ReportOptions,
	sink: ReportSink<T>,
): Promise<ReportResult<T>> {
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
			const body = await dependencies.downloader.download(completed.downloadUrl);
			const result = await sink(body, { requestId: completed.requestId, request, requestedAtMs });
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

/** One Item per Row: typed rows, only the chosen columns (in the chosen order) when there is a choice. */
export function itemsSink(options: ReportOptions): ReportSink<IDataObject[]> {
	return async (body, report) => {
		const table = await readCsvTable(body);
		if (table === null) return [];
		const missing = missingColumnsError(table.header, options.columns);
		if (missing) {
			body.destroy();
			throw missing;
		}
		const choice = chooseColumns(table.header, options.columns);
		const typing = { typeValues: options.typeValues, timezone: report.request.timezone };
		const rows: IDataObject[] = [];
		if (choice === undefined) {
			const typeRow = createRowTyper(table.header, typing);
			for await (const batch of table.rows) for (const row of batch) rows.push(typeRow(row.values));
		} else {
			const { header, pick } = choice;
			const typeRow = createRowTyper(header, typing);
			for await (const batch of table.rows) for (const row of batch) rows.push(typeRow(pick(row.values)));
		}
		return rows;
	};
}
