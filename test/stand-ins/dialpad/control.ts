/** /_simulator/*: an unauthenticated control surface for e2e scripts and curl (never logged). */
import type { IncomingMessage, ServerResponse } from 'http';
import { csvText } from './csv/generate';
import { MALFORMED_SHAPES, type MalformedShape } from './csv/malformed';
import { sendJson } from './envelope';
import type { FaultRoute, FaultStatus } from './faults';
import type { SimState } from './state';

export function csvForExport(state: SimState, requestId: string): string {
	const record = state.store.get(requestId);
	if (!record) throw new Error(`Unknown request id ${requestId}`);
	return csvText(record.spec, state.options.seed);
}

export function resetState(state: SimState): void {
	state.log.length = 0;
	state.faults.reset();
	state.store.reset();
	state.limits.reset();
	state.processingSeconds = state.options.processingSeconds;
	state.processingSpreadSeconds = state.options.processingSpreadSeconds;
	state.clock.offsetMs = 0;
}

/** What GET and POST /_simulator/clock answer: the simulator's time and how far it is moved. */
export function clockReport(state: SimState): { now: string; offsetSeconds: number } {
	return { now: state.options.now().toISOString(), offsetSeconds: state.clock.offsetMs / 1000 };
}

/** Sets the simulator's clock to `instant` (it keeps ticking from there). */
export function setClock(state: SimState, instant: Date): void {
	state.clock.offsetMs += instant.getTime() - state.options.now().getTime();
}

function applyClock(state: SimState, args: Record<string, unknown>): void {
	const { advanceSeconds, now } = args;
	if ((advanceSeconds === undefined) === (now === undefined)) throw new Error('Send one of advanceSeconds (a number of seconds) or now (an ISO 8601 instant).');
	if (advanceSeconds !== undefined) {
		if (typeof advanceSeconds !== 'number' || !Number.isFinite(advanceSeconds)) throw new Error('advanceSeconds must be a number');
		state.clock.offsetMs += advanceSeconds * 1000;
		return;
	}
	const instant = typeof now === 'string' ? new Date(now) : new Date(NaN);
	if (Number.isNaN(instant.getTime())) throw new Error('now must be an ISO 8601 instant, e.g. 2026-12-01T15:00:00Z');
	setClock(state, instant);
}

function optionalCount(value: unknown): number | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new Error('count must be an integer >= 0');
	return value;
}

function applyFault(state: SimState, args: Record<string, unknown>): void {
	const f = state.faults;
	switch (args.kind) {
		case 'failNext': {
			const status = args.status as FaultStatus;
			if (![429, 500, 502, 503, 'reset'].includes(status)) throw new Error('status must be 429, 500, 502, 503 or "reset"');
			const route = (args.route ?? 'any') as FaultRoute;
			if (!['post', 'poll', 'download', 'list', 'any'].includes(route)) throw new Error('route must be post, poll, download, list or any');
			const retryAfter = args.retryAfterSeconds;
			if (retryAfter !== undefined && retryAfter !== null && typeof retryAfter !== 'number') throw new Error('retryAfterSeconds must be a number or null');
			f.failNext({ count: optionalCount(args.count), status, route, retryAfterSeconds: retryAfter as number | null | undefined });
			return;
		}
		case 'failNextExports':
			return f.failNextExports(optionalCount(args.count));
		case 'expireNextPolls':
			return f.expireNextPolls(optionalCount(args.count));
		case 'expire':
			if (typeof args.requestId !== 'string') throw new Error('requestId must be a string');
			return f.expire(args.requestId);
		case 'slowDownload':
			if (typeof args.bytesPerSecond !== 'number') throw new Error('bytesPerSecond must be a number');
			return f.slowDownload(args.bytesPerSecond);
		case 'breakNextDownload':
			return f.breakNextDownload(optionalCount(args.count));
		case 'malformedNextCsv':
			if (args.shape !== undefined && !MALFORMED_SHAPES.includes(args.shape as MalformedShape)) throw new Error(`shape must be one of ${MALFORMED_SHAPES.join(', ')}`);
			return f.malformedNextCsv(args.shape as MalformedShape | undefined);
		case 'expireNextDownloads':
			return f.expireNextDownloads(optionalCount(args.count));
		case 'downloadLinkTtl':
			if (args.seconds !== null && (typeof args.seconds !== 'number' || !Number.isInteger(args.seconds) || args.seconds < 0)) throw new Error('seconds must be an integer >= 0 or null');
			return f.downloadLinkTtl(args.seconds as number | null);
		case 'redirectDownloads':
			return f.redirectDownloads(args.on !== false);
		case 'setRowCount':
			if (args.rows !== null && (typeof args.rows !== 'number' || !Number.isInteger(args.rows) || args.rows < 0)) throw new Error('rows must be an integer >= 0 or null');
			return f.setRowCount(args.rows as number | null);
		case 'reset':
			return f.reset();
		default:
			throw new Error(`Unknown fault kind ${JSON.stringify(args.kind)}`);
	}
}

export function handleControl(state: SimState, req: IncomingMessage, res: ServerResponse, path: string, raw: string): void {
	const method = req.method ?? 'GET';
	const bad = (message: string): void => sendJson(res, 400, { error: message });
	const parseArgs = (): Record<string, unknown> | undefined => {
		try {
			const value: unknown = JSON.parse(raw || '{}');
			if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
		} catch {
			// fall through to the 400 below
		}
		bad('Body must be a JSON object.');
		return undefined;
	};
	if (path === '/_simulator/log' && method === 'GET') return sendJson(res, 200, state.log);
	if (path === '/_simulator/log' && method === 'DELETE') {
		state.log.length = 0;
		res.writeHead(204).end();
		return;
	}
	if (path === '/_simulator/reset' && method === 'POST') {
		resetState(state);
		res.writeHead(204).end();
		return;
	}
	if (path === '/_simulator/faults' && method === 'POST') {
		const args = parseArgs();
		if (!args) return;
		try {
			applyFault(state, args);
		} catch (error) {
			return bad((error as Error).message);
		}
		return sendJson(res, 200, { ok: true });
	}
	if (path === '/_simulator/config' && method === 'POST') {
		const args = parseArgs();
		if (!args) return;
		const { processingSeconds, processingSpreadSeconds } = args;
		if (processingSeconds === undefined && processingSpreadSeconds === undefined) return bad('processingSeconds must be a number >= 0');
		if (processingSeconds !== undefined && (typeof processingSeconds !== 'number' || processingSeconds < 0)) return bad('processingSeconds must be a number >= 0');
		if (processingSpreadSeconds !== undefined && (typeof processingSpreadSeconds !== 'number' || processingSpreadSeconds < 0)) {
			return bad('processingSpreadSeconds must be a number >= 0');
		}
		if (processingSeconds !== undefined) state.processingSeconds = processingSeconds;
		if (processingSpreadSeconds !== undefined) state.processingSpreadSeconds = processingSpreadSeconds;
		return sendJson(res, 200, { ok: true, processingSeconds: state.processingSeconds, processingSpreadSeconds: state.processingSpreadSeconds });
	}
	if (path === '/_simulator/clock' && method === 'GET') return sendJson(res, 200, clockReport(state));
	if (path === '/_simulator/clock' && method === 'POST') {
		const args = parseArgs();
		if (!args) return;
		try {
			applyClock(state, args);
		} catch (error) {
			return bad((error as Error).message);
		}
		return sendJson(res, 200, clockReport(state));
	}
	const csvMatch = /^\/_simulator\/exports\/([^/]+)\/csv$/.exec(path);
	if (csvMatch && method === 'GET') {
		try {
			const text = csvForExport(state, decodeURIComponent(csvMatch[1]));
			res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
			res.end(text);
		} catch (error) {
			sendJson(res, 404, { error: (error as Error).message });
		}
		return;
	}
	sendJson(res, 404, { error: `No control route ${method} ${path}` });
}
