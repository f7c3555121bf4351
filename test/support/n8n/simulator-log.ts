/**
 * Reading the simulator's request log (in-process array or GET /_simulator/log): which exports a
 * run started, what it polled and downloaded, and a readable timeline.
 */

/** The fields of the simulator's RequestLogEntry these helpers read. */
export interface LogEntry {
	server: 'api' | 'storage';
	method: string;
	path: string;
	body?: unknown;
	status: number;
	timeMs: number;
	requestId?: string;
	hasAuthorization: boolean;
}

export type StatsBody = Record<string, unknown>;

export function isExportPost(entry: LogEntry): boolean {
	return entry.server === 'api' && entry.method === 'POST' && /\/api\/v2\/stats\/?$/.test(entry.path);
}

export function isPoll(entry: LogEntry): boolean {
	return entry.server === 'api' && entry.method === 'GET' && /\/api\/v2\/stats\/[^/]+$/.test(entry.path);
}

export function isDownload(entry: LogEntry): boolean {
	return entry.server === 'storage' && entry.method === 'GET';
}

/** The export POSTs whose body matches every given field (compared as strings). */
export function exportPosts(log: LogEntry[], match: StatsBody = {}): Array<LogEntry & { body: StatsBody }> {
	return log.filter(
		(entry): entry is LogEntry & { body: StatsBody } =>
			isExportPost(entry) &&
			typeof entry.body === 'object' &&
			entry.body !== null &&
			Object.entries(match).every(([key, value]) => String((entry.body as StatsBody)[key]) === String(value)),
	);
}

/** The request id a POST answered with (the simulator records it on the entry). */
export function requestIdOf(entry: LogEntry): string {
	if (!entry.requestId) throw new Error(`POST ${entry.path} (status ${entry.status}) has no request id`);
	return entry.requestId;
}

/** Everything that belongs to these request ids: their POSTs, polls and downloads, in order. */
export function entriesFor(log: LogEntry[], requestIds: string[]): LogEntry[] {
	const ids = new Set(requestIds);
	return log.filter(
		(entry) =>
			(entry.requestId !== undefined && ids.has(entry.requestId)) ||
			(isPoll(entry) && ids.has(decodeURIComponent(entry.path.split('/').pop() ?? ''))),
	);
}

function describe(entry: LogEntry): string {
	if (isExportPost(entry)) {
		const body = (entry.body ?? {}) as StatsBody;
		const period = body.is_today === true ? 'today' : `days_ago ${String(body.days_ago_start ?? '')}..${String(body.days_ago_end ?? '')}`;
		const target = body.target_type ? ` ${String(body.target_type)} ${String(body.target_id)}` : '';
		return `POST /stats ${String(body.export_type)}/${String(body.stat_type)}${body.group_by ? ` by ${String(body.group_by)}` : ''}${target}, ${period}, ${String(body.timezone ?? 'UTC')} -> ${entry.status}${entry.requestId ? ` id ${entry.requestId}` : ''}`;
	}
	if (isPoll(entry)) return `GET  /stats/${entry.path.split('/').pop() ?? ''} -> ${entry.status}`;
	if (isDownload(entry)) return `GET  storage (signed CSV URL)${entry.hasAuthorization ? ' WITH Authorization!' : ', no Authorization'} -> ${entry.status}`;
	return `${entry.method} ${entry.path} -> ${entry.status}`;
}

/** One line per request, with seconds relative to the first. */
export function timeline(entries: LogEntry[]): string[] {
	if (entries.length === 0) return [];
	const t0 = entries[0].timeMs;
	return entries.map((entry) => `${`+${((entry.timeMs - t0) / 1000).toFixed(1)}s`.padStart(8)}  ${describe(entry)}`);
}
