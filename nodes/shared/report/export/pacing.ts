/**
 * The limits one execution keeps towards Dialpad while many reports wait at once: requests spaced
 * out (at most 5 a second in all), POSTs held back for everyone while Dialpad's export budget says
 * 429, and at most a few downloads at a time. Time and waiting come from the injected clock.
 */
import { backoffDelayMs } from './backoff';
import { cancelledError } from '../../errors/dialpadAnswers';
import type { ApiResponse, StatsApi, WaitClock } from '../ports';

/** 5 requests per second at most, with room for the jitter between here and Dialpad's door. */
export const MIN_REQUEST_SPACING_MS = 220;
export const MAX_CONCURRENT_DOWNLOADS = 2;

/** One request at a time through the door, each at least `spacingMs` after the one before. */
export class RequestSpacer {
	private lastReleaseMs = Number.NEGATIVE_INFINITY;
	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly clock: WaitClock,
		private readonly spacingMs: number = MIN_REQUEST_SPACING_MS,
	) {}

	/** Resolves when the caller may send. The time is taken after waking, so a late timer cannot cause a burst. */
	async turn(): Promise<void> {
		const mine = this.queue.then(async () => {
			const waitMs = this.lastReleaseMs + this.spacingMs - this.clock.nowMs();
			if (waitMs > 0) await this.clock.sleep(waitMs);
			if (this.clock.isCancelled()) throw cancelledError();
			this.lastReleaseMs = this.clock.nowMs();
		});
		this.queue = mine.catch(() => undefined);
		await mine;
	}
}

/**
 * Dialpad's POST budget is shared by the whole company: once one POST is refused with 429, the
 * others of this execution would only be refused too. Until the pause is over every POST is
 * answered here, as Dialpad would, with the time left: each report's own wait loop then waits it
 * out or gives up within its Max Wait.
 */
export class PostPause {
	private pausedUntilMs = 0;
	private lastRefusal: ApiResponse | undefined;
	private refusalsInARow = 0;

	constructor(private readonly clock: WaitClock) {}

	/** The answer a POST gets without being sent, or undefined when it may go. */
	heldAnswer(): ApiResponse | undefined {
		const leftMs = this.pausedUntilMs - this.clock.nowMs();
		if (leftMs <= 0 || this.lastRefusal === undefined) return undefined;
		return { ...this.lastRefusal, retryAfterSeconds: leftMs / 1000 };
	}

	observe(response: ApiResponse): void {
		if (response.statusCode !== 429) {
			if (response.statusCode >= 200 && response.statusCode < 300) this.refusalsInARow = 0;
			return;
		}
		const pauseMs =
			response.retryAfterSeconds !== undefined && response.retryAfterSeconds >= 0
				? response.retryAfterSeconds * 1000
				: backoffDelayMs(this.refusalsInARow, this.clock.random);
		this.refusalsInARow++;
		this.pausedUntilMs = Math.max(this.pausedUntilMs, this.clock.nowMs() + pauseMs);
		this.lastRefusal = response;
	}
}

/** The Stats API as every report of one execution sees it: spaced, and POSTs paused together. */
export function pacedStatsApi(api: StatsApi, clock: WaitClock, spacer: RequestSpacer, postPause: PostPause): StatsApi {
	return {
		startExport: async (requestJson) => {
			const held = postPause.heldAnswer();
			if (held) return held;
			await spacer.turn();
			// The pause may have begun while this POST waited for its turn.
			const heldAfterTurn = postPause.heldAnswer();
			if (heldAfterTurn) return heldAfterTurn;
			const response = await api.startExport(requestJson);
			postPause.observe(response);
			return response;
		},
		getExport: async (requestId) => {
			await spacer.turn();
			return await api.getExport(requestId);
		},
	};
}

/** At most `limit` holders at once; the others wait in arrival order. */
export class Slots {
	private active = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(private readonly limit: number) {}

	async run<T>(job: () => Promise<T>): Promise<T> {
		if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		try {
			return await job();
		} finally {
			const next = this.waiting.shift();
			if (next) next();
			else this.active--;
		}
	}
}
