/** The Dialpad API listener: auth, faults, rate limits, then the stats and list routes. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import { handleControl } from './control';
import { errorEnvelope, notFoundMessage, sendError, sendJson, sendRateLimited } from './envelope';
import type { PendingFailure } from './faults';
import { BodyTooLarge, readBody } from './http-util';
import { JsonSyntaxError, parseJsonKeepingBigInts } from './json-body';
import { listRoute } from './lists';
import { newEntry, type RequestLogEntry } from './request-log';
import { downloadLinkTtlSeconds, nowUnixSeconds, processingMsFor, type SimState } from './state';
import { cacheKeyOf, validateStatsRequest } from './validate';

type RouteKind = 'post' | 'poll' | 'list' | 'other';

interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** Answers an injected failure; true when the request was consumed by it. */
export function applyFailure(state: SimState, failure: PendingFailure, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): void {
	if (failure.status === 'reset') {
		entry.status = 0;
		req.socket.destroy();
		return;
	}
	entry.status = failure.status;
	if (failure.status === 429) {
		const retryAfter = failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds : state.options.retryAfterSeconds;
		sendRateLimited(res, 'Rate limit exceeded (injected).', retryAfter);
		return;
	}
	sendError(res, failure.status, `Injected ${failure.status} from the Dialpad simulator.`);
}

function authError(state: SimState, req: IncomingMessage, query: URLSearchParams): string | undefined {
	const header = req.headers.authorization;
	const fromHeader = header !== undefined ? /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() : undefined;
	const key = fromHeader ?? query.get('apikey') ?? undefined;
	if (header === undefined && key === undefined) return 'Missing API key: send Authorization: Bearer <key>.';
	if (key !== state.options.apiKey) return 'Invalid API key.';
	return undefined;
}

function rateLimited(state: SimState, kind: RouteKind): string | undefined {
	if (!state.limits.company.tryHit()) return `Rate limit exceeded: at most ${state.options.companyLimitPerSecond} requests per second for the company.`;
	if (kind === 'post' && !state.limits.post.tryHit()) return `Rate limit exceeded: at most ${state.options.postLimitPerHour} stats requests per hour.`;
	if (kind === 'poll' && !state.limits.poll.tryHit()) return `Rate limit exceeded: at most ${state.options.pollLimitPerSecond} status checks per second.`;
	return undefined;
}

function startExport(state: SimState, entry: RequestLogEntry): Reply {
	if (entry.rawBody === undefined || entry.body === undefined) {
		return { status: 400, body: errorEnvelope(400, 'Request body is not valid JSON.') };
	}
	const validation = validateStatsRequest(entry.body, state.company);
	if (!validation.ok) return { status: 400, body: errorEnvelope(400, validation.message) };
	const cacheKey = cacheKeyOf(validation.request);
	const { record, alreadyStarted } = state.store.start(validation.request, cacheKey, {
		processingMs: processingMsFor(state, cacheKey),
		willFail: () => state.faults.takeFailExport(),
		rowCount: state.faults.rowCount,
	});
	entry.requestId = record.id;
	return { status: 200, body: { request_id: record.id, already_started: alreadyStarted } };
}

function pollExport(state: SimState, requestId: string, entry: RequestLogEntry): Reply {
	entry.requestId = requestId;
	const notFound: Reply = { status: 404, body: errorEnvelope(404, notFoundMessage(requestId), 'notFound') };
	if (state.faults.takeExpirePoll()) {
		state.store.expire(requestId);
		return notFound;
	}
	const record = state.store.live(requestId);
	if (!record) return notFound;
	const status = state.store.statusOf(record);
	if (status !== 'complete') return { status: 200, body: { status } };
	const path = `/exports/${encodeURIComponent(record.id)}.csv`;
	const downloadUrl = state.storageBaseUrl + state.signer.signedPath(path, nowUnixSeconds(state) + downloadLinkTtlSeconds(state));
	return { status: 200, body: { status, download_url: downloadUrl, file_type: 'csv' } };
}

async function handle(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const arrivalMs = Date.now();
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const path = url.pathname;
	let raw: string;
	try {
		raw = await readBody(req);
	} catch (error) {
		if (error instanceof BodyTooLarge) sendError(res, 413, 'Request body too large.', { connection: 'close' });
		else req.socket.destroy();
		return;
	}
	if (path === '/_simulator' || path.startsWith('/_simulator/')) {
		handleControl(state, req, res, path, raw);
		return;
	}

	const entry = newEntry('api', req, path, Object.fromEntries(url.searchParams), arrivalMs);
	if (raw.length > 0) {
		entry.rawBody = raw;
		try {
			entry.body = parseJsonKeepingBigInts(raw);
		} catch (error) {
			if (!(error instanceof JsonSyntaxError)) throw error;
		}
	}
	state.log.push(entry);
	const reply = (r: Reply): void => {
		entry.status = r.status;
		sendJson(res, r.status, r.body, r.headers);
	};

	const method = req.method ?? 'GET';
	const sub = path.startsWith('/api/v2/') ? path.slice('/api/v2'.length) : undefined;
	const pollMatch = sub !== undefined ? /^\/stats\/([^/]+)$/.exec(sub) : null;
	let kind: RouteKind = 'other';
	if (sub === '/stats' && method === 'POST') kind = 'post';
	else if (pollMatch && method === 'GET') kind = 'poll';
	else if (sub !== undefined && method === 'GET' && listRoute(state.company, sub, new URLSearchParams()) !== undefined) kind = 'list';
	if (pollMatch) entry.requestId = decodeURIComponent(pollMatch[1]);

	const failure = state.faults.takeFailure(kind);
	if (failure) {
		applyFailure(state, failure, req, res, entry);
		return;
	}
	if (sub === undefined) return reply({ status: 404, body: errorEnvelope(404, `No route for ${method} ${path}.`) });

	const authMessage = authError(state, req, url.searchParams);
	if (authMessage) return reply({ status: 401, body: errorEnvelope(401, authMessage) });

	const limitMessage = rateLimited(state, kind);
	if (limitMessage) {
		entry.status = 429;
		sendRateLimited(res, limitMessage, state.options.retryAfterSeconds);
		return;
	}

	if (kind === 'post') return reply(startExport(state, entry));
	if (kind === 'poll' && pollMatch) return reply(pollExport(state, decodeURIComponent(pollMatch[1]), entry));
	if (kind === 'list') {
		const result = listRoute(state.company, sub, url.searchParams);
		if (result?.status === 200) return reply({ status: 200, body: result.body });
		if (result) return reply({ status: result.status, body: errorEnvelope(result.status, result.message) });
	}
	reply({ status: 404, body: errorEnvelope(404, `No route for ${method} ${path}.`) });
}

export function createApiServer(state: SimState): Server {
	return createServer((req, res) => {
		handle(state, req, res).catch((error: unknown) => {
			if (!res.headersSent) sendError(res, 500, `Simulator bug: ${(error as Error).message}`);
			else res.destroy();
		});
	});
}
