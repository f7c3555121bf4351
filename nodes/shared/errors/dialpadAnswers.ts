/**
 * Dialpad's API answers in words: what happened and what to do, for every way a report request can
 * go wrong (a refusal, a rate limit, no answer, a failed or forgotten export, a cancel). The wait
 * loop decides what an answer means; this is the one place that says it.
 */
import type { ApiResponse } from '../report/ports';
import { ReportError } from './reportError';

export function dialpadMessage(body: unknown, statusCode: number): string {
	const envelope = body as { error?: { message?: unknown } | string; message?: unknown } | null;
	const candidates = [
		typeof envelope?.error === 'object' ? envelope.error?.message : envelope?.error,
		envelope?.message,
		typeof body === 'string' ? body : undefined,
	];
	const text = candidates.find((value) => typeof value === 'string' && value.trim() !== '');
	if (typeof text !== 'string') return `HTTP ${statusCode}`;
	return text.trim().length > 300 ? `${text.trim().slice(0, 297)}...` : text.trim();
}

/** A Dialpad 4xx that waiting will not cure, in plain words with the fix. */
export function rejectionError(response: ApiResponse, whileDoing: 'start' | 'check'): ReportError {
	const { statusCode } = response;
	const message = dialpadMessage(response.body, statusCode);
	switch (statusCode) {
		case 400:
			return new ReportError(
				'dialpadRejected',
				`Dialpad did not accept the report request: ${message}`,
				"Dialpad's message names what to change. Check Export Type, Stat Type, the target or office ID and the period.",
				400,
			);
		case 401:
			return new ReportError(
				'dialpadRejected',
				`Dialpad rejected the API key: ${message}`,
				"Check the API key in the Dialpad API credential (copy it again from Dialpad's admin settings, under API keys) and that its environment (production or sandbox) is where the key was made.",
				401,
			);
		case 403:
			return new ReportError(
				'dialpadRejected',
				`This API key may not export Dialpad stats: ${message}`,
				"Dialpad's Stats API needs a key created by a company admin. Ask a Dialpad admin to create the key (or Dialpad support to allow it for your user), then update the credential.",
				403,
			);
		case 404:
			return new ReportError(
				'dialpadRejected',
				`Dialpad answered 404 Not Found: ${message}`,
				"The credential's environment or base URL does not point at Dialpad's API. Use Production or Sandbox, or a custom base URL such as https://dialpad.com (without /api/v2).",
				404,
			);
		default:
			return new ReportError(
				'dialpadRejected',
				`Dialpad refused to ${whileDoing === 'start' ? 'start' : 'report on'} the export (HTTP ${statusCode}): ${message}`,
				'Check the node parameters against the message above; if it persists, contact Dialpad support with the message.',
				statusCode,
			);
	}
}

/** Where the wait stands when it gives up: for messages that say what happened and what would help. */
export interface WaitProgress {
	waitedSeconds: number;
	maxWaitSeconds: number;
	requestId?: string;
}

export function giveUpError(response: ApiResponse, progress: WaitProgress): ReportError {
	const { waitedSeconds, maxWaitSeconds, requestId } = progress;
	const onRequest = requestId ? ` for request ${requestId}` : '';
	const askedSeconds = response.retryAfterSeconds;
	if (askedSeconds !== undefined && waitedSeconds + askedSeconds > maxWaitSeconds) {
		return askedTooLongError(response, askedSeconds, progress);
	}
	if (response.statusCode === 429) {
		return new ReportError(
			'rateLimited',
			`Dialpad's rate limit was still in force after waiting ${waitedSeconds} s${onRequest}`,
			`${EXPORT_BUDGET} Run the workflow less often, combine reports, or raise Max Wait (now ${maxWaitSeconds} s) in the node options.`,
			429,
		);
	}
	const answer = response.statusCode === 0 ? 'no answer' : `HTTP ${response.statusCode}`;
	return new ReportError(
		'dialpadUnavailable',
		`Dialpad kept failing (${answer}) for ${waitedSeconds} s${onRequest}`,
		`Dialpad or the network is having trouble. Try again later, or raise Max Wait (now ${maxWaitSeconds} s) in the node options.`,
		response.statusCode || undefined,
	);
}

const EXPORT_BUDGET =
	'Dialpad allows about 200 report exports per hour for the whole company, shared by every workflow and integration using it.';

/** Retry-After beyond what is left of Max Wait: waiting would break the promise, so say how long Dialpad asked for. */
export function askedTooLongError(response: ApiResponse, askedSeconds: number, progress: WaitProgress): ReportError {
	const { waitedSeconds, maxWaitSeconds, requestId } = progress;
	const asked = Math.ceil(askedSeconds);
	const onRequest = requestId ? ` (request ${requestId})` : '';
	const leftSeconds = Math.max(0, maxWaitSeconds - waitedSeconds);
	const limit = waitedSeconds === 0 ? `Max Wait (${maxWaitSeconds} s)` : `the ${leftSeconds} s left of Max Wait (${maxWaitSeconds} s)`;
	const asking =
		response.statusCode === 429
			? `Dialpad asked to wait ${asked} s for its rate limit`
			: `Dialpad is having trouble (${response.statusCode === 0 ? 'no answer' : `HTTP ${response.statusCode}`}) and asked to wait ${asked} s`;
	const fix = `Run the workflow again in ${asked} s or later, or raise Max Wait in the node options above ${waitedSeconds + asked} s so the node waits it out.`;
	return new ReportError(
		response.statusCode === 429 ? 'rateLimited' : 'dialpadUnavailable',
		`${asking}, more than ${limit}${onRequest}`,
		response.statusCode === 429 ? `${EXPORT_BUDGET} ${fix}` : fix,
		response.statusCode || undefined,
	);
}

/** "request A" or "requests A and B": every id Dialpad gave for this report, without repeats. */
export function requestIdsText(requestIds: readonly string[]): string {
	const unique = [...new Set(requestIds)];
	if (unique.length <= 1) return `request ${unique[0] ?? ''}`.trim();
	return `requests ${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ENOTFOUND: 'the address was not found',
	EAI_AGAIN: 'the address could not be looked up',
	ETIMEDOUT: 'it timed out',
	ECONNABORTED: 'it timed out',
	EHOSTUNREACH: 'the host could not be reached',
};

/**
 * Words, not the raw code: n8n replaces any error message that contains a code such as
 * ECONNREFUSED with a generic text of its own, which would hide what we say.
 */
export function describeNetworkFailure(code: string | undefined): string {
	return (code && NETWORK_FAILURES[code]) ?? 'no answer';
}

export function unreachableError(response: ApiResponse, tries: number): ReportError {
	return new ReportError(
		'dialpadUnavailable',
		`Could not reach Dialpad: ${describeNetworkFailure(response.networkErrorCode)} (${tries} tries)`,
		"Check the Dialpad API credential's Environment and Base URL, and that this n8n can reach that address (proxy, firewall, VPN). Then run the workflow again.",
	);
}

export function failedOnceError(requestId: string): ReportError {
	return new ReportError(
		'exportFailed',
		`Dialpad could not produce the report (request ${requestId}): it failed`,
		'Dialpad gives no reason for a failed export. Start the report again (Start Report, or Run Report to start and wait in one step); a shorter period or a narrower target helps if it fails again.',
	);
}

export function forgottenIdError(requestId: string, statusCode: number): ReportError {
	return new ReportError(
		'exportExpired',
		`Dialpad no longer knows request ${requestId}: request ids expire about an hour after the report was started`,
		'Start the report again with Start Report and get its result within the hour, or use Run Report to start and wait in one step. Finished reports stay cached at Dialpad for a few hours, so starting again is quick.',
		statusCode,
	);
}

export function cancelledError(): ReportError {
	return new ReportError(
		'cancelled',
		'The execution was canceled while waiting for the Dialpad report',
		'Nothing to fix: the run was stopped. Dialpad keeps preparing the report, so a rerun soon is fast.',
	);
}

export function failedTwiceError(requestIds: readonly string[]): ReportError {
	return new ReportError(
		'exportFailed',
		`Dialpad could not produce the report (${requestIdsText(requestIds)}): it failed twice`,
		'Dialpad gives no reason for a failed export. Try a shorter period or a narrower target, or run again later.',
	);
}

export function expiredTwiceError(requestIds: readonly string[], statusCode: number): ReportError {
	return new ReportError(
		'exportExpired',
		`Dialpad forgot the report twice while preparing it (${requestIdsText(requestIds)})`,
		'Dialpad keeps a report request for about an hour and dropped this one twice before it was ready. Run the workflow again later; if it happens again, ask for a shorter period or a narrower target (a smaller report is ready sooner), or send the request ids to Dialpad support.',
		statusCode,
	);
}

export function notReadyError(requestId: string, waitedSeconds: number): ReportError {
	return new ReportError(
		'timedOut',
		`The Dialpad report (request ${requestId}) was not ready after ${waitedSeconds} s`,
		'Dialpad is still preparing it. Raise Max Wait in the node options, or run the workflow again later: Dialpad keeps finished reports for a few hours, so a rerun with the same settings is fast.',
	);
}

export function invalidBaseUrlError(baseUrl: string): ReportError {
	return new ReportError(
		'invalidParameter',
		`The Dialpad API credential's Base URL "${baseUrl}" is not a web address`,
		'Open the credential and enter an address such as https://dialpad.com or http://127.0.0.1:8787, or pick Production or Sandbox.',
	);
}
