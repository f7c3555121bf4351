/** How long to wait before asking Dialpad again, and which answers are worth asking again for. */
import type { ApiResponse } from '../ports';

const BACKOFF_BASE_MS = 2_000;
const BACKOFF_CAP_MS = 60_000;

/** Exponential backoff with "equal jitter": half the ceiling fixed, half random. */
export function backoffDelayMs(attempt: number, random: () => number): number {
	const ceilingMs = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(ceilingMs / 2 + (random() * ceilingMs) / 2);
}

/** Rate limits, server trouble and no answer at all pass; every other refusal stays. */
export function isTransient(response: ApiResponse): boolean {
	return response.statusCode === 0 || response.statusCode === 429 || response.statusCode >= 500;
}

/** Dialpad's Retry-After when it gave one, else the backoff; never below `minimumMs`. */
export function retryDelayMs(response: ApiResponse, attempt: number, random: () => number, minimumMs: number): number {
	if (response.retryAfterSeconds !== undefined && response.retryAfterSeconds >= 0) {
		return Math.max(minimumMs, response.retryAfterSeconds * 1000);
	}
	return Math.max(minimumMs, backoffDelayMs(attempt, random));
}
