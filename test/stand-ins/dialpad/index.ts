/**
 * The Dialpad stand-in: an API listener and a storage listener on 127.0.0.1, sharing one state.
 * Used in-process by jest suites and standalone by `npm run simulator` (cli.ts).
 */
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import { createApiServer } from './api-server';
import { csvForExport, resetState, setClock } from './control';
import type { FaultControl } from './faults';
import type { RequestLogEntry } from './request-log';
import { createStorageServer } from './storage-server';
import { createState, type ResolvedOptions } from './state';

export type { FaultControl, FailNextOptions, FaultRoute, FaultStatus } from './faults';
export type { RequestLogEntry } from './request-log';
export { buildCompany, type Company } from './company';
export * from './csv/index';
export { listCallCenters, type CallCenterRef } from './client';

export interface SimulatorOptions {
	/** Default 0 = ephemeral (tests); the CLI defaults to 8787. */
	port?: number;
	/** Default 0 = ephemeral; the CLI defaults to port + 1. */
	storagePort?: number;
	/** Default 'simulator-key'. */
	apiKey?: string;
	/** Default 15: how long a new export stays 'processing'. */
	processingSeconds?: number;
	/**
	 * Default 0. A fresh export then stays 'processing' for processingSeconds + u * this, with u in [0, 1)
	 * drawn from the seed and the export's parameters: concurrent exports finish in a scrambled but
	 * reproducible order (the same parameters always take the same time for a given seed).
	 */
	processingSpreadSeconds?: number;
	/** Default 1. */
	seed?: number;
	/** Default 3600: after this a request id answers 404 notFound. */
	requestExpirySeconds?: number;
	/** Default 2; null = 429 answers carry no Retry-After header. */
	retryAfterSeconds?: number | null;
	/** Default 200 (POST /api/v2/stats per key, sliding hour). */
	postLimitPerHour?: number;
	/** Default 20 (GET /api/v2/stats/{id}). */
	pollLimitPerSecond?: number;
	/** Default 20 (all API requests). */
	companyLimitPerSecond?: number;
	/** Clock for day ranges, expiry, caching and URL signatures (default: real clock). Rate limits use the real clock. */
	now?: () => Date;
}

export interface Simulator {
	/** 'http://127.0.0.1:<port>' without /api/v2: what a credential's custom base URL holds. */
	baseUrl: string;
	/** 'http://127.0.0.1:<storagePort>' */
	storageBaseUrl: string;
	apiKey: string;
	/** Live array, appended per request on both listeners. */
	log: RequestLogEntry[];
	faults: FaultControl;
	setProcessingSeconds(seconds: number): void;
	/** Applies to exports created afterwards (see SimulatorOptions.processingSpreadSeconds). */
	setProcessingSpreadSeconds(seconds: number): void;
	/** The simulator's clock: the real one (or `options.now`) moved by setClock / advanceClock. */
	now(): Date;
	/**
	 * Moves the simulator's clock to `instant`; it keeps ticking from there. Day ranges (today's
	 * partial day grows with it), the result cache (30 min for today, 3 h otherwise), request-id
	 * expiry and download-link lifetimes all follow it; rate limits keep the real clock.
	 */
	setClock(instant: Date): void;
	/** Moves the simulator's clock forward (negative: back) by `seconds`. */
	advanceClock(seconds: number): void;
	/** The exact CSV that export serves (without one-shot serve-time faults); throws if unknown. */
	csvFor(requestId: string): string;
	/** Clears log, faults, exports, rate-limit windows; restores processingSeconds, processingSpreadSeconds and the clock to the options. */
	reset(): void;
	close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function closeServer(server: Server): Promise<void> {
	return new Promise((resolve) => {
		if (!server.listening) return resolve();
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const resolved: ResolvedOptions = {
		port: options.port ?? 0,
		storagePort: options.storagePort ?? 0,
		apiKey: options.apiKey ?? 'simulator-key',
		processingSeconds: options.processingSeconds ?? 15,
		processingSpreadSeconds: options.processingSpreadSeconds ?? 0,
		seed: options.seed ?? 1,
		requestExpirySeconds: options.requestExpirySeconds ?? 3600,
		retryAfterSeconds: options.retryAfterSeconds === undefined ? 2 : options.retryAfterSeconds,
		postLimitPerHour: options.postLimitPerHour ?? 200,
		pollLimitPerSecond: options.pollLimitPerSecond ?? 20,
		companyLimitPerSecond: options.companyLimitPerSecond ?? 20,
		now: options.now ?? (() => new Date()),
	};
	const state = createState(resolved);
	const api = createApiServer(state);
	const storage = createStorageServer(state);
	const apiPort = await listen(api, resolved.port);
	let storagePort: number;
	try {
		storagePort = await listen(storage, resolved.storagePort);
	} catch (error) {
		await closeServer(api);
		throw error;
	}
	state.storageBaseUrl = `http://127.0.0.1:${storagePort}`;
	return {
		baseUrl: `http://127.0.0.1:${apiPort}`,
		storageBaseUrl: state.storageBaseUrl,
		apiKey: resolved.apiKey,
		log: state.log,
		faults: state.faults,
		setProcessingSeconds(seconds: number) {
			state.processingSeconds = seconds;
		},
		setProcessingSpreadSeconds(seconds: number) {
			state.processingSpreadSeconds = seconds;
		},
		now: () => state.options.now(),
		setClock: (instant: Date) => setClock(state, instant),
		advanceClock(seconds: number) {
			state.clock.offsetMs += seconds * 1000;
		},
		csvFor: (requestId: string) => csvForExport(state, requestId),
		reset: () => resetState(state),
		close: async () => {
			await Promise.all([closeServer(api), closeServer(storage)]);
		},
	};
}
