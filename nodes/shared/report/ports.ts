/**
 * The report core's ports: what it is handed from outside (Dialpad's API, the storage download,
 * n8n's binary store, time) and the shapes its stages pass along. Types only; every stage imports
 * them from here, so no stage imports another for a type.
 */
import type { IBinaryData } from 'n8n-workflow';

import type { StatsRequestBody } from './request/request';

/** One answer from Dialpad. `statusCode` 0 means no answer at all (connection refused or reset, timeout). */
export interface ApiResponse {
	statusCode: number;
	body: unknown;
	retryAfterSeconds?: number;
	/** With statusCode 0: why there was no answer (ECONNREFUSED, ETIMEDOUT, ...), when known. */
	networkErrorCode?: string;
}

export interface StatsApi {
	startExport(requestJson: string): Promise<ApiResponse>;
	getExport(requestId: string): Promise<ApiResponse>;
}

/** Time, waiting and chance come from outside so the loop can be tested without real waiting. */
export interface WaitClock {
	nowMs(): number;
	/**
	 * Resolves after `ms`, or as soon as `interrupt` aborts; rejects with a `cancelled` ReportError
	 * when the execution is cancelled.
	 */
	sleep(ms: number, interrupt?: AbortSignal): Promise<void>;
	isCancelled(): boolean;
	random(): number;
}

/** The download's body as n8n's HTTP helper gives it (a Node readable stream), seen structurally. */
export interface ObservableDownload extends AsyncIterable<Uint8Array | string> {
	/** Registers a listener without starting the flow: whoever stores the stream drives it. */
	prependListener(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
	destroy(error?: Error): unknown;
}

/** Where the file goes: n8n's binary data store (filesystem, S3, database or memory). */
export interface BinaryStore {
	store(body: ObservableDownload, fileName: string, mimeType: string): Promise<IBinaryData>;
}

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
