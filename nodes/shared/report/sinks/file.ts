/**
 * The CSV File output: the download goes, byte for byte, into n8n's binary store, and the parser
 * reads the same chunks on their way there (a tee of the one download, nothing kept), so the file
 * is checked and its rows counted exactly without holding it in memory.
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import type { InvalidUtf8 } from '../csv/reader';
import { CsvTally } from '../csv/tally';
import { periodDays } from '../request/period';
import type { StatsRequestBody } from '../request/request';
import type { ObservableDownload, BinaryStore, ReportSink } from '../ports';

export const CSV_MIME_TYPE = 'text/csv';

export interface StoredCsv {
	binary: IBinaryData;
	rowCount: number;
	byteCount: number;
	columns: string[];
	/** Lines with bytes that are not valid UTF-8 (the file keeps them as Dialpad sent them); null: none. */
	invalidUtf8: InvalidUtf8 | null;
}

/**
 * Streams the body into the store while the parser checks it. A malformed row stops the download
 * (the parser's error, naming the line, is what is thrown); so does a failed store.
 */
export async function storeCsv(store: BinaryStore, body: ObservableDownload, fileName: string): Promise<StoredCsv> {
	const tally = new CsvTally();
	let formatError: Error | undefined;
	body.prependListener('data', (chunk) => {
		if (formatError !== undefined) return;
		try {
			tally.push(chunk);
		} catch (error) {
			formatError = error as Error;
			body.destroy(formatError);
		}
	});
	let binary: IBinaryData;
	try {
		binary = await store.store(body, fileName, CSV_MIME_TYPE);
	} catch (error) {
		body.destroy();
		throw formatError ?? error;
	}
	if (formatError !== undefined) throw formatError;
	tally.end();
	if (typeof binary.bytes === 'number' && binary.bytes !== tally.byteCount) {
		// Only possible if the stream was read before the parser saw it: never hand over an unchecked file.
		throw new Error(
			`the file check saw ${tally.byteCount} of the ${binary.bytes} bytes stored; the row count cannot be trusted`,
		);
	}
	return {
		binary,
		rowCount: tally.rowCount,
		byteCount: tally.byteCount,
		columns: tally.header ?? [],
		invalidUtf8: tally.invalidUtf8,
	};
}

function fileNameTarget(request: StatsRequestBody): string {
	if (request.target_type && request.target_id) return `${request.target_type}-${request.target_id}`;
	if (request.office_id) return `office-${request.office_id}`;
	return 'company';
}

/** e.g. dialpad-records-calls-callcenter-5234567890123456-2026-11-01_2026-11-23.csv */
export function csvFileName(request: StatsRequestBody, days: { firstDay: string; lastDay: string }): string {
	const groupBy = request.group_by ? `-by-${request.group_by}` : '';
	return `dialpad-${request.export_type}-${request.stat_type}${groupBy}-${fileNameTarget(request)}-${days.firstDay}_${days.lastDay}.csv`;
}

/** The item json beside the file: what the report is, and what the file holds. */
export function csvFileFacts(
	requestId: string,
	request: StatsRequestBody,
	days: { firstDay: string; lastDay: string },
	stored: StoredCsv,
	fileName: string,
): IDataObject {
	return {
		requestId,
		exportType: request.export_type,
		statType: request.stat_type,
		...(request.group_by ? { groupBy: request.group_by } : {}),
		targetType: request.target_type ?? 'none',
		targetId: request.target_id ?? null,
		officeId: request.office_id ?? null,
		firstDay: days.firstDay,
		lastDay: days.lastDay,
		timezone: request.timezone,
		fileName,
		rowCount: stored.rowCount,
		byteCount: stored.byteCount,
		columns: stored.columns,
	};
}

export interface CsvFileOutput {
	json: IDataObject;
	binary: IBinaryData;
	/** For an execution hint: the file is stored as it came, but whatever decodes it will show U+FFFD there. */
	invalidUtf8: InvalidUtf8 | null;
}

/** CSV File: one stored file per report, and its facts. */
export function fileSink(store: BinaryStore): ReportSink<CsvFileOutput> {
	return async (body, report) => {
		const { request } = report;
		if (request === undefined) {
			// Fetched by request id alone: what was asked for is not known here, only the file.
			const fileName = `dialpad-report-${report.requestId}.csv`;
			const stored = await storeCsv(store, body, fileName);
			const { rowCount, byteCount, columns } = stored;
			const json = { requestId: report.requestId, timezone: report.timezone, fileName, rowCount, byteCount, columns };
			return { json, binary: stored.binary, invalidUtf8: stored.invalidUtf8 };
		}
		const days = periodDays(request, report.requestedAtMs);
		const fileName = csvFileName(request, days);
		const stored = await storeCsv(store, body, fileName);
		return {
			json: csvFileFacts(report.requestId, request, days, stored, fileName),
			binary: stored.binary,
			invalidUtf8: stored.invalidUtf8,
		};
	};
}
