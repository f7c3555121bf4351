/** The simulator's shared mutable state, handed to each listener. */
import { buildCompany, type Company } from './company';
import { ExportsStore } from './exports-store';
import { FaultState } from './faults';
import { rngFor } from './random';
import { createRateLimits, type RateLimits } from './rate-limit';
import type { RequestLogEntry } from './request-log';
import { UrlSigner } from './signing';

export interface ResolvedOptions {
	port: number;
	storagePort: number;
	apiKey: string;
	processingSeconds: number;
	processingSpreadSeconds: number;
	seed: number;
	requestExpirySeconds: number;
	retryAfterSeconds: number | null;
	postLimitPerHour: number;
	pollLimitPerSecond: number;
	companyLimitPerSecond: number;
	now: () => Date;
}

/** How far the simulator's clock is set from the given one (0 unless moved through the clock control). */
export interface SimClock {
	offsetMs: number;
}

export interface SimState {
	/** `options.now` is the simulator's clock: the given clock plus `clock.offsetMs`. */
	options: ResolvedOptions;
	clock: SimClock;
	company: Company;
	store: ExportsStore;
	faults: FaultState;
	limits: RateLimits;
	log: RequestLogEntry[];
	signer: UrlSigner;
	processingSeconds: number;
	processingSpreadSeconds: number;
	storageBaseUrl: string;
}

/** How long a signed download URL stays valid. */
export const DOWNLOAD_URL_TTL_SECONDS = 3600;

/** The lifetime of a link handed out now: the downloadLinkTtl fault's, or the normal one. */
export function downloadLinkTtlSeconds(state: SimState): number {
	return state.faults.downloadLinkTtlSeconds ?? DOWNLOAD_URL_TTL_SECONDS;
}

export function createState(given: ResolvedOptions): SimState {
	// Everything that reads the time (day ranges, caching, expiry, link signatures) goes through this
	// one clock, so moving it moves all of them together; rate limits keep the real clock.
	const clock: SimClock = { offsetMs: 0 };
	const options: ResolvedOptions = { ...given, now: () => new Date(given.now().getTime() + clock.offsetMs) };
	const store = new ExportsStore({ now: options.now, seed: options.seed, requestExpirySeconds: options.requestExpirySeconds });
	return {
		options,
		clock,
		company: buildCompany(options.seed),
		store,
		faults: new FaultState((id) => store.expire(id)),
		limits: createRateLimits(options),
		log: [],
		signer: new UrlSigner(),
		processingSeconds: options.processingSeconds,
		processingSpreadSeconds: options.processingSpreadSeconds,
		storageBaseUrl: '',
	};
}

/**
 * How long a fresh export with this cache key stays 'processing': processingSeconds plus a seeded
 * share u in [0, 1) of processingSpreadSeconds, u a pure function of (seed, cache key).
 */
export function processingMsFor(state: SimState, cacheKey: string): number {
	const base = state.processingSeconds * 1000;
	if (state.processingSpreadSeconds === 0) return base;
	const u = rngFor('processing', state.options.seed, cacheKey)();
	return base + u * state.processingSpreadSeconds * 1000;
}

export function nowUnixSeconds(state: SimState): number {
	return Math.floor(state.options.now().getTime() / 1000);
}
