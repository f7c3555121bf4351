/** The request log tests assert on: what arrived, with secrets redacted. */
import type { IncomingMessage } from 'http';

export interface RequestLogEntry {
	server: 'api' | 'storage';
	method: string;
	/** Path only; for storage the signed query string is never logged (it is a secret). */
	path: string;
	/** API only; {} for storage. */
	query: Record<string, string>;
	/** Lower-cased names; the authorization value is replaced by '[redacted]'. */
	headers: Record<string, string>;
	hasAuthorization: boolean;
	rawBody?: string;
	/** Parsed JSON; integers with 16+ digits kept as strings. */
	body?: unknown;
	/** 0 until answered; also 0 when the connection was reset on purpose. */
	status: number;
	/** Date.now() at arrival. */
	timeMs: number;
	requestId?: string;
}

export function loggedHeaders(req: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined) continue;
		const key = name.toLowerCase();
		headers[key] = key === 'authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
	}
	return headers;
}

export function newEntry(server: 'api' | 'storage', req: IncomingMessage, path: string, query: Record<string, string>, timeMs: number): RequestLogEntry {
	return {
		server,
		method: req.method ?? 'GET',
		path,
		query,
		headers: loggedHeaders(req),
		hasAuthorization: req.headers.authorization !== undefined,
		status: 0,
		timeMs,
	};
}
