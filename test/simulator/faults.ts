/** Fault injection state: what the next requests, exports and downloads should get wrong. */

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
	breakNextDownload(): void;
	malformedNextCsv(): void;
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
	breakDownload = false;
	malformedCsv = false;
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
	breakNextDownload(): void {
		this.breakDownload = true;
	}
	malformedNextCsv(): void {
		this.malformedCsv = true;
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
		this.breakDownload = false;
		this.malformedCsv = false;
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
		const value = this.breakDownload;
		this.breakDownload = false;
		return value;
	}
	takeMalformedCsv(): boolean {
		const value = this.malformedCsv;
		this.malformedCsv = false;
		return value;
	}
}
