/** Dialpad's error envelope and the small response helpers every listener shares. */
import type { ServerResponse } from 'http';

const REASONS: Record<number, string> = {
	400: 'badRequest',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'notFound',
	405: 'methodNotAllowed',
	413: 'requestTooLarge',
	429: 'rateLimitExceeded',
	500: 'backendError',
	502: 'backendError',
	503: 'backendError',
};

export interface ErrorEnvelope {
	error: {
		code: number;
		errors: Array<{ domain: string; message: string; reason: string }>;
		message: string;
	};
}

export function errorEnvelope(status: number, message: string, reason = REASONS[status] ?? 'error'): ErrorEnvelope {
	return { error: { code: status, errors: [{ domain: 'global', message, reason }], message } };
}

export function notFoundMessage(requestId: string): string {
	return `Request with id ${requestId} not found.`;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': String(Buffer.byteLength(text)),
		...headers,
	});
	res.end(text);
}

export function sendError(
	res: ServerResponse,
	status: number,
	message: string,
	headers: Record<string, string> = {},
): void {
	sendJson(res, status, errorEnvelope(status, message), headers);
}

/** 429 with or without Retry-After: whether Dialpad sends it is unknown, so both must be testable. */
export function sendRateLimited(res: ServerResponse, message: string, retryAfterSeconds: number | null): void {
	const headers: Record<string, string> = {};
	if (retryAfterSeconds !== null) headers['retry-after'] = String(retryAfterSeconds);
	sendError(res, 429, message, headers);
}
