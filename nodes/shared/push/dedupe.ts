import { createHash } from 'crypto';

/**
 * One Item per Call: the keys seen lately, bounded in count and in age. Lives in the memory of the
 * process that serves webhooks (n8n drops static data written while a webhook starts an execution).
 * Insertion order of a Map is the age order, so the oldest entry is always first.
 */
export interface RecentKeysLimits {
	maxKeys: number;
	windowMs: number;
}

export const DEFAULT_DEDUPE_LIMITS: RecentKeysLimits = { maxKeys: 100_000, windowMs: 6 * 60 * 60 * 1000 };

/** A flat 22-character digest of the key (128 bits): a fixed small size per entry, however long the ids are. */
function compactKey(key: string): string {
	return createHash('sha256').update(key).digest().subarray(0, 16).toString('base64url');
}

export class RecentKeys {
	private readonly seenAtMs = new Map<string, number>();

	constructor(private readonly limits: RecentKeysLimits = DEFAULT_DEDUPE_LIMITS) {}

	get size(): number {
		return this.seenAtMs.size;
	}

	/** True the first time a key is seen within the window; false for a repeat. */
	firstSeen(fullKey: string, nowMs: number): boolean {
		const key = compactKey(fullKey);
		this.forgetOlderThan(nowMs - this.limits.windowMs);
		const seenAt = this.seenAtMs.get(key);
		if (seenAt !== undefined && seenAt >= nowMs - this.limits.windowMs) return false;
		this.seenAtMs.delete(key);
		this.seenAtMs.set(key, nowMs);
		while (this.seenAtMs.size > this.limits.maxKeys) {
			const oldest = this.seenAtMs.keys().next().value as string;
			this.seenAtMs.delete(oldest);
		}
		return true;
	}

	private forgetOlderThan(cutoffMs: number): void {
		for (const [key, seenAt] of this.seenAtMs) {
			if (seenAt >= cutoffMs) return;
			this.seenAtMs.delete(key);
		}
	}
}

/**
 * The call a leg belongs to: the entry point call (or master call) id when Dialpad gives one, else
 * the leg's own id; with the state, so a call's "missed" and later "hangup" are two events.
 */
export function callDedupeKey(event: Record<string, unknown>): string | undefined {
	const state = event.state;
	const callId = [event.entry_point_call_id, event.master_call_id, event.call_id].find(
		(id) => id !== undefined && id !== null && String(id) !== '',
	);
	if (callId === undefined || typeof state !== 'string') return undefined;
	return `${String(callId)}:${state}`;
}
