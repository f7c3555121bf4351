import type { IDataObject } from 'n8n-workflow';

import { chooseColumns, missingColumnsError } from '../rows/columnChoice';
import { createRowTyper } from '../rows/typing';
import { readCsvTable, type InvalidUtf8 } from '../csv/reader';
import type { ObservableDownload } from './file';
import { mergeReportRows } from '../rows/merge';
import type { StatsRequestBody } from '../request/request';
import type { StatsApi, WaitClock } from '../export/wait';

export interface CsvDownloader {
	/**
	 * The body of the signed download URL. Must never send the Dialpad key, never reveal the URL.
	 * `abortSignal` aborts the request while it waits for an answer (Max Wait reached).
	 */
	download(url: string, abortSignal?: AbortSignal): Promise<ObservableDownload>;
}

export interface ReportOptions {
	initialDelaySeconds: number;
	pollIntervalSeconds: number;
	maxWaitSeconds: number;
	typeValues: boolean;
	/** Item keys to keep, in this order; empty = every column. */
	columns: string[];
	/** At most this many rows per report (0 = all). */
	rowLimit: number;
	/** At most this many bytes of rows per report (0 = no limit): the budget of an AI agent's tool call. */
	resultBudgetBytes: number;
}

export interface ReportDependencies {
	api: StatsApi;
	downloader: CsvDownloader;
	clock: WaitClock;
}

/** What a sink knows about the report whose CSV it receives. */
export interface ReportFacts {
	requestId: string;
	/** What was asked for; unknown for an export fetched by its request id alone. */
	request?: StatsRequestBody;
	/** The report's timezone: the zone of its timestamps. */
	timezone: string;
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

/** One Item per Row over every export of a report: one list of rows, past days first. */
export function reportRows(parts: Array<ReportResult<IDataObject[]>>): IDataObject[] {
	return parts.length === 1 ? parts[0].result : mergeReportRows(parts.map((part) => part.result));
}

/** One Item per Row, for one export: the typed rows, and the lines whose bytes were not valid UTF-8. */
export interface ReportRows {
	rows: IDataObject[];
	/** Null when the file was valid UTF-8; otherwise the rows hold U+FFFD where the bad bytes were. */
	invalidUtf8: InvalidUtf8 | null;
}

/** One Item per Row: typed rows, only the chosen columns (in the chosen order) when there is a choice. */
export function itemsSink(options: ReportOptions): ReportSink<ReportRows> {
	return async (body, report) => {
		const table = await readCsvTable(body);
		if (table === null) return { rows: [], invalidUtf8: null };
		const missing = missingColumnsError(table.header, options.columns);
		if (missing) {
			body.destroy();
			throw missing;
		}
		const choice = chooseColumns(table.header, options.columns);
		const typing = { typeValues: options.typeValues, timezone: report.timezone };
		const rows: IDataObject[] = [];
		if (choice === undefined) {
			const typeRow = createRowTyper(table.header, typing);
			for await (const batch of table.rows) for (const row of batch) rows.push(typeRow(row.values));
		} else {
			const { header, pick } = choice;
			const typeRow = createRowTyper(header, typing);
			for await (const batch of table.rows) for (const row of batch) rows.push(typeRow(pick(row.values)));
		}
		return { rows, invalidUtf8: table.invalidUtf8() };
	};
}
