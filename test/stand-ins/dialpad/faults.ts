/** Fault injection state: what the next requests, exports and downloads should get wrong. */
import type { MalformedShape } from './csv/malformed';

export type FaultRoute = 'post' | 'poll' | 'download' | 'list' | 'any';
export type FaultStatus = 429 | 500 | 502 | 503 | 'reset';

export interface FailNextOptions {
	count?: number;
	status: FaultStatus;
	route?: FaultRoute;
	/** For 429: override the simulator's Retry-After (null = no header). */
	retryAfterSeconds?: number | null;
}

export interface FaultControl {
	failNext(opts: FailNextOptions): void;
	failNextExports(count?: number): void;
	expire(requestId: string): void;
	expireNextPolls(count?: number): void;
	slowDownload(bytesPerSecond: number): void;
	breakNextDownload(count?: number): void;
	malformedNextCsv(shape?: MalformedShape): void;
	invalidUtf8NextCsv(rows?: readonly number[]): void;
	expireNextDownloads(count?: number): void;
	downloadLinkTtl(seconds: number | null): void;
	redirectDownloads(on: boolean): void;
	setRowCount(rows: number | null): void;
	reset(): void;
}

export interface PendingFailure {
	remaining: number;
	status: FaultStatus;
	route: FaultRoute;
	retryAfterSeconds?: number | null;
}

export class FaultState implements FaultControl {
	private failures: PendingFailure[] = [];
	failExports = 0;
	expirePolls = 0;
	bytesPerSecond: number | null = null;
	breakDownloads = 0;
	malformedCsv: MalformedShape | null = null;
	invalidUtf8Rows: readonly number[] | null = null;
	/** Storage 403s: downloads answered as an expired link, and the lifetime of links handed out. */
	expireDownloads = 0;
	downloadLinkTtlSeconds: number | null = null;
	redirect = false;
	rowCount: number | null = null;

	constructor(private readonly onExpire: (requestId: string) => void) {}

	failNext(opts: FailNextOptions): void {
		this.failures.push({ remaining: opts.count ?? 1, status: opts.status, route: opts.route ?? 'any', retryAfterSeconds: opts.retryAfterSeconds });
	}
	failNextExports(count = 1): void {
		this.failExports += count;
	}
	expire(requestId: string): void {
		this.onExpire(requestId);
	}
	expireNextPolls(count = 1): void {
		this.expirePolls += count;
	}
	/** Persistent until reset; 0 or less turns throttling off. */
	slowDownload(bytesPerSecond: number): void {
		this.bytesPerSecond = bytesPerSecond > 0 ? bytesPerSecond : null;
	}
	/** The next `count` downloads send headers and part of the body, then drop the connection. */
	breakNextDownload(count = 1): void {
		this.breakDownloads += count;
	}
	malformedNextCsv(shape: MalformedShape = 'droppedField'): void {
		this.malformedCsv = shape;
	}
	/**
	 * The next CSV served has a byte that is not valid UTF-8 (0xE9, `é` in Latin-1, the usual way a
	 * name gets mangled) in each of these data rows (1-based), at the end of the row's first unquoted
	 * field. A row past the end of the file, or with every field quoted, is left alone.
	 */
	invalidUtf8NextCsv(rows: readonly number[] = [1, 3]): void {
		this.invalidUtf8Rows = [...rows];
	}
	/** The next `count` downloads answer 403 ExpiredToken, as a link past its expiry does. */
	expireNextDownloads(count = 1): void {
		this.expireDownloads += count;
	}
	/** Links handed out from now on expire after `seconds` (null: the normal hour). */
	downloadLinkTtl(seconds: number | null): void {
		this.downloadLinkTtlSeconds = seconds;
	}
	redirectDownloads(on: boolean): void {
		this.redirect = on;
	}
	setRowCount(rows: number | null): void {
		this.rowCount = rows;
	}
	reset(): void {
		this.failures = [];
		this.failExports = 0;
		this.expirePolls = 0;
		this.bytesPerSecond = null;
		this.breakDownloads = 0;
		this.malformedCsv = null;
		this.invalidUtf8Rows = null;
		this.expireDownloads = 0;
		this.downloadLinkTtlSeconds = null;
		this.redirect = false;
		this.rowCount = null;
	}

	/** Consumes and returns the first pending failure matching `route`, if any. */
	takeFailure(route: Exclude<FaultRoute, 'any'> | 'other'): PendingFailure | undefined {
		const index = this.failures.findIndex((f) => f.route === 'any' || f.route === route);
		if (index < 0) return undefined;
		const failure = this.failures[index];
		failure.remaining--;
		if (failure.remaining <= 0) this.failures.splice(index, 1);
		return failure;
	}
	takeFailExport(): boolean {
		if (this.failExports <= 0) return false;
		this.failExports--;
		return true;
	}
	takeExpirePoll(): boolean {
		if (this.expirePolls <= 0) return false;
		this.expirePolls--;
		return true;
	}
	takeBreakDownload(): boolean {
		if (this.breakDownloads <= 0) return false;
		this.breakDownloads--;
		return true;
	}
	takeMalformedCsv(): MalformedShape | undefined {
		const shape = this.malformedCsv ?? undefined;
		this.malformedCsv = null;
		return shape;
	}
	takeInvalidUtf8Rows(): readonly number[] | undefined {
		const rows = this.invalidUtf8Rows ?? undefined;
		this.invalidUtf8Rows = null;
		return rows;
	}
	takeExpireDownload(): boolean {
		if (this.expireDownloads <= 0) return false;
		this.expireDownloads--;
		return true;
	}
}
