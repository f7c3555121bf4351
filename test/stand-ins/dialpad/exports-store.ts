/**
 * Export lifecycle: creation, Dialpad's result cache (same parameters -> same work), processing
 * time, failure, request-id expiry. Times come from the injected clock.
 */
import { periodOf, type ExportSpec } from './csv/spec';
import { id16, rngFor } from './random';
import type { StatsRequest } from './validate';

export interface ExportRecord {
	id: string;
	cacheKey: string;
	spec: ExportSpec;
	createdAtMs: number;
	processingMs: number;
	willFail: boolean;
	expired: boolean;
}

export type ExportStatus = 'processing' | 'complete' | 'failed';

interface CacheEntry {
	createdAtMs: number;
	windowMs: number;
	latestId: string;
}

export interface StoreOptions {
	now: () => Date;
	seed: number;
	requestExpirySeconds: number;
}

const TODAY_CACHE_MS = 30 * 60_000;
const DAYS_AGO_CACHE_MS = 3 * 3600_000;

export class ExportsStore {
	private readonly exports = new Map<string, ExportRecord>();
	private readonly cache = new Map<string, CacheEntry>();
	private counter = 0;

	constructor(private readonly options: StoreOptions) {}

	private nowMs(): number {
		return this.options.now().getTime();
	}

	private newId(): string {
		for (;;) {
			const id = id16(rngFor('request', this.options.seed, this.counter++), true);
			if (!this.exports.has(id)) return id;
		}
	}

	isExpired(record: ExportRecord): boolean {
		return record.expired || this.nowMs() - record.createdAtMs >= this.options.requestExpirySeconds * 1000;
	}

	statusOf(record: ExportRecord): ExportStatus {
		if (this.nowMs() - record.createdAtMs < record.processingMs) return 'processing';
		return record.willFail ? 'failed' : 'complete';
	}

	/**
	 * Same parameters within the cache window: the live id again, or (id expired) a new id that is
	 * complete at once; both already_started. A failed export is never served from the cache.
	 */
	start(request: StatsRequest, cacheKey: string, fresh: { processingMs: number; willFail: () => boolean; rowCount: number | null }): { record: ExportRecord; alreadyStarted: boolean } {
		const now = this.nowMs();
		const cached = this.cache.get(cacheKey);
		if (cached && now - cached.createdAtMs < cached.windowMs) {
			const latest = this.exports.get(cached.latestId);
			if (latest && !(latest.willFail && this.statusOf(latest) === 'failed')) {
				if (!this.isExpired(latest)) return { record: latest, alreadyStarted: true };
				const again: ExportRecord = { ...latest, id: this.newId(), createdAtMs: now, processingMs: 0, expired: false };
				this.exports.set(again.id, again);
				cached.latestId = again.id;
				return { record: again, alreadyStarted: true };
			}
		}
		const spec: ExportSpec = {
			exportType: request.exportType,
			statType: request.statType,
			groupBy: request.groupBy,
			timezone: request.timezone,
			...periodOf(request, this.options.now()),
			officeId: request.officeId,
			targetId: request.targetId,
			targetType: request.targetType,
			rowCount: fresh.rowCount,
		};
		const record: ExportRecord = { id: this.newId(), cacheKey, spec, createdAtMs: now, processingMs: fresh.processingMs, willFail: fresh.willFail(), expired: false };
		this.exports.set(record.id, record);
		this.cache.set(cacheKey, { createdAtMs: now, windowMs: request.isToday ? TODAY_CACHE_MS : DAYS_AGO_CACHE_MS, latestId: record.id });
		return { record, alreadyStarted: false };
	}

	/** Known and not expired, else undefined (404). */
	live(id: string): ExportRecord | undefined {
		const record = this.exports.get(id);
		return record && !this.isExpired(record) ? record : undefined;
	}

	/** Known, even when expired: signed download URLs outlive request ids. */
	get(id: string): ExportRecord | undefined {
		return this.exports.get(id);
	}

	expire(id: string): void {
		const record = this.exports.get(id);
		if (record) record.expired = true;
	}

	reset(): void {
		this.exports.clear();
		this.cache.clear();
	}
}
