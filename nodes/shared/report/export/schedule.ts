/**
 * One timer for every wait of a batch: each report's sleep is an entry in one schedule, and a single
 * sleep on the execution's clock runs until the earliest entry is due. Fifty waiting reports then
 * hold one timer and one listener on the execution's cancel signal, not fifty.
 */
import { cancelledError } from '../../errors/dialpadAnswers';
import type { WaitClock } from '../ports';

interface Sleeper {
	dueMs: number;
	wake: () => void;
	fail: (error: unknown) => void;
}

export class SleepSchedule {
	private sleepers: Sleeper[] = [];
	private driving = false;
	/** Ends the current timer early when an entry due sooner arrives. */
	private rearm: AbortController | undefined;
	private armedUntilMs = Number.POSITIVE_INFINITY;

	constructor(
		private readonly clock: WaitClock,
		private readonly stop: AbortSignal,
	) {}

	/** Resolves after `ms` (or once `interrupt` aborts); rejects `cancelled` when the batch stops or the execution is cancelled. */
	async sleep(ms: number, interrupt?: AbortSignal): Promise<void> {
		if (this.stop.aborted) throw cancelledError();
		if (interrupt?.aborted) return;
		await new Promise<void>((resolve, reject) => {
			const sleeper: Sleeper = {
				dueMs: this.clock.nowMs() + Math.max(0, ms),
				wake: () => {
					interrupt?.removeEventListener('abort', onInterrupt);
					resolve();
				},
				fail: (error) => {
					interrupt?.removeEventListener('abort', onInterrupt);
					reject(error);
				},
			};
			const onInterrupt = () => {
				this.sleepers = this.sleepers.filter((other) => other !== sleeper);
				// The timer may be armed for this sleeper alone: left running, it would hold the
				// process until a deadline nobody waits for any more (the download watchdog's Max Wait).
				if (sleeper.dueMs <= this.armedUntilMs) this.rearm?.abort();
				sleeper.wake();
			};
			interrupt?.addEventListener('abort', onInterrupt);
			this.sleepers.push(sleeper);
			if (sleeper.dueMs < this.armedUntilMs) this.rearm?.abort();
			if (!this.driving) void this.drive();
		});
	}

	private async drive(): Promise<void> {
		this.driving = true;
		try {
			while (this.sleepers.length > 0) {
				if (this.stop.aborted || this.clock.isCancelled()) throw cancelledError();
				const dueMs = Math.min(...this.sleepers.map((sleeper) => sleeper.dueMs));
				const waitMs = dueMs - this.clock.nowMs();
				if (waitMs > 0) {
					const rearm = new AbortController();
					this.rearm = rearm;
					this.armedUntilMs = dueMs;
					const onStop = () => rearm.abort();
					this.stop.addEventListener('abort', onStop);
					try {
						await this.clock.sleep(waitMs, rearm.signal);
					} finally {
						this.stop.removeEventListener('abort', onStop);
						this.rearm = undefined;
						this.armedUntilMs = Number.POSITIVE_INFINITY;
					}
					continue;
				}
				const nowMs = this.clock.nowMs();
				const due = this.sleepers.filter((sleeper) => sleeper.dueMs <= nowMs);
				this.sleepers = this.sleepers.filter((sleeper) => sleeper.dueMs > nowMs);
				due.sort((a, b) => a.dueMs - b.dueMs);
				for (const sleeper of due) sleeper.wake();
			}
		} catch (error) {
			const waiting = this.sleepers;
			this.sleepers = [];
			for (const sleeper of waiting) sleeper.fail(error);
		} finally {
			this.driving = false;
		}
	}
}
