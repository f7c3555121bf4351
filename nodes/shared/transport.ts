import {
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import { sleepUntilAborted } from './hostCompat';
import type { CsvDownloader, BinaryStore, ObservableDownload, ApiResponse, StatsApi, WaitClock } from './report/ports';
import { storageRefusal, storageUnreachableError } from './errors/storageAnswers';
import { invalidBaseUrlError, cancelledError } from './errors/dialpadAnswers';
import { listUnreachableError } from './errors/listAnswers';
import { parseListPage, type ListPage } from './lists/lists';
import { withEitherSignal } from './report/export/signals';

export const CREDENTIAL_TYPE = 'dialpadApi';

const BASE_URLS: Record<string, string> = {
	production: 'https://dialpad.com',
	sandbox: 'https://sandbox.dialpad.com',
};
const API_TIMEOUT_MS = 30_000;
const DOWNLOAD_TIMEOUT_MS = 300_000;

/** The address in front of /api/v2, forgiving a trailing slash or a pasted /api/v2. */
export function dialpadBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = String(credentials.environment ?? 'production');
	if (environment !== 'custom') return BASE_URLS[environment] ?? BASE_URLS.production;
	const custom = String(credentials.baseUrl ?? '')
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api\/v2$/, '');
	if (!/^https?:\/\/[^/]+/.test(custom)) {
		throw invalidBaseUrlError(custom);
	}
	return custom;
}

function retryAfterSeconds(headers: IN8nHttpFullResponse['headers'], nowMs: number): number | undefined {
	const raw = headers?.['retry-after'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
	const dateMs = Date.parse(text);
	return Number.isNaN(dateMs) ? undefined : Math.max(0, (dateMs - nowMs) / 1000);
}

/** The system error code (ECONNREFUSED, ...) wherever n8n's error wrapper keeps it; never the message, which holds the URL. */
function networkErrorCode(error: unknown): string | undefined {
	const candidates = [error, (error as { cause?: unknown })?.cause, (error as { context?: unknown })?.context];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown } | undefined)?.code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
	}
	return undefined;
}

/** The headers of every Dialpad API call: JSON, and the company when the credential names one. */
export function dialpadHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	const companyId = String(credentials.companyId ?? '').trim();
	const headers: Record<string, string> = { Accept: 'application/json' };
	if (companyId !== '') headers['DP-Company-ID'] = companyId;
	return headers;
}

function cancelSignal(ctx: IExecuteFunctions): AbortSignal | undefined {
	return ctx.getExecutionCancelSignal?.();
}

/** Every Dialpad API call goes through n8n's authenticated helper: the credential adds the Bearer key. */
export function createStatsApi(
	ctx: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
): StatsApi {
	const apiUrl = `${dialpadBaseUrl(credentials)}/api/v2`;
	const headers = dialpadHeaders(credentials);

	const send = async (options: IHttpRequestOptions): Promise<ApiResponse> => {
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
				...options,
				headers: { ...headers, ...options.headers },
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: API_TIMEOUT_MS,
			})) as IN8nHttpFullResponse;
			return {
				statusCode: response.statusCode,
				body: response.body,
				retryAfterSeconds: retryAfterSeconds(response.headers, Date.now()),
			};
		} catch (error) {
			if (cancelSignal(ctx)?.aborted) throw cancelledError();
			// No answer at all (refused, reset, timed out): the wait loop backs off and tries again.
			return { statusCode: 0, body: null, networkErrorCode: networkErrorCode(error) };
		}
	};

	return {
		startExport: async (requestJson) =>
			await send({
				method: 'POST',
				url: `${apiUrl}/stats`,
				body: requestJson,
				headers: { 'Content-Type': 'application/json' },
			}),
		getExport: async (requestId) =>
			await send({ method: 'GET', url: `${apiUrl}/stats/${encodeURIComponent(requestId)}` }),
	};
}

export type ListQuery = Record<string, string | undefined>;

/**
 * One page of a Dialpad list endpoint (`path` below /api/v2), for the pickers. Read as text so that
 * ids sent as JSON numbers past 2^53 keep every digit. Failures throw a ReportError with Dialpad's
 * message and what to do: the dropdown shows it instead of an empty list.
 */
export async function requestDialpadListPage(
	ctx: ILoadOptionsFunctions,
	path: string,
	query: ListQuery,
	noun: string,
): Promise<ListPage> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const headers = dialpadHeaders(credentials);
	const qs: Record<string, string> = {};
	for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') qs[key] = value;

	let response: IN8nHttpFullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			method: 'GET',
			url: `${dialpadBaseUrl(credentials)}/api/v2${path}`,
			qs,
			headers,
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: API_TIMEOUT_MS,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw listUnreachableError(networkErrorCode(error));
	}
	return parseListPage(response.statusCode, response.body, noun);
}

/**
 * The signed download URL is on a storage host: it is fetched with the plain helper so the Dialpad
 * key can never travel there (not even through a redirect), and it never appears in an error.
 */
export function createCsvDownloader(ctx: IExecuteFunctions): CsvDownloader {
	return {
		download: async (url, deadlineSignal) => {
			let response: IN8nHttpFullResponse | undefined;
			let errorCode: unknown;
			try {
				response = await withEitherSignal(cancelSignal(ctx), deadlineSignal, async (abortSignal) =>
					(await ctx.helpers.httpRequest({
						method: 'GET',
						url,
						encoding: 'stream',
						returnFullResponse: true,
						ignoreHttpStatusErrors: true,
						timeout: DOWNLOAD_TIMEOUT_MS,
						abortSignal,
					})) as IN8nHttpFullResponse,
				);
			} catch (error) {
				errorCode = (error as { code?: unknown }).code;
			}
			if (cancelSignal(ctx)?.aborted) throw cancelledError();
			if (response === undefined) {
				throw storageUnreachableError(typeof errorCode === 'string' ? errorCode : undefined);
			}
			const body = response.body as ObservableDownload;
			if (response.statusCode !== 200) {
				body.destroy();
				throw storageRefusal(response.statusCode);
			}
			return body;
		},
	};
}

export function createWaitClock(ctx: IExecuteFunctions): WaitClock {
	const isCancelled = () => cancelSignal(ctx)?.aborted === true;
	return {
		nowMs: () => Date.now(),
		random: () => Math.random(),
		isCancelled,
		sleep: async (ms, interrupt) => {
			await withEitherSignal(cancelSignal(ctx), interrupt, async (signal) => await sleepUntilAborted(ms, signal));
			if (isCancelled()) throw cancelledError();
		},
	};
}

/** n8n's binary data store: the stream is written as it arrives (filesystem and S3 modes hold none of it). */
export function createBinaryStore(ctx: IExecuteFunctions): BinaryStore {
	type StorableBody = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
	return {
		store: async (body, fileName, mimeType) =>
			await ctx.helpers.prepareBinaryData(body as unknown as StorableBody, fileName, mimeType),
	};
}
