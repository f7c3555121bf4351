/** Sliding-window limiter: at most `limit` accepted hits in any `windowMs`. Rejected hits do not count. */
export class SlidingWindowLimiter {
	private hits: number[] = [];

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
		private readonly clockMs: () => number = Date.now,
	) {}

	/** Records a hit and returns true, or returns false when the window is full. */
	tryHit(): boolean {
		const now = this.clockMs();
		const oldest = now - this.windowMs;
		while (this.hits.length > 0 && this.hits[0] <= oldest) this.hits.shift();
		if (this.hits.length >= this.limit) return false;
		this.hits.push(now);
		return true;
	}

	reset(): void {
		this.hits = [];
	}
}

export interface RateLimits {
	company: SlidingWindowLimiter;
	post: SlidingWindowLimiter;
	poll: SlidingWindowLimiter;
	reset(): void;
}

/** Per-second limits run on the real clock so a frozen test clock cannot starve a suite. */
export function createRateLimits(options: { postLimitPerHour: number; pollLimitPerSecond: number; companyLimitPerSecond: number }, clockMs: () => number = Date.now): RateLimits {
	const company = new SlidingWindowLimiter(options.companyLimitPerSecond, 1000, clockMs);
	const post = new SlidingWindowLimiter(options.postLimitPerHour, 3600_000, clockMs);
	const poll = new SlidingWindowLimiter(options.pollLimitPerSecond, 1000, clockMs);
	return {
		company,
		post,
		poll,
		reset() {
			company.reset();
			post.reset();
			poll.reset();
		},
	};
}
