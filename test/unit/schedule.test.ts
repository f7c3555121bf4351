/** One timer for a batch's waits: sleepers wake in due order, the execution's clock holds one sleep at a time. */
import { SleepSchedule } from '../../nodes/shared/report/export/schedule';
import type { WaitClock } from '../../nodes/shared/report/ports';

/** A real-time clock on short sleeps that records how many of its sleeps run at once. */
function countingClock() {
	let running = 0;
	let mostAtOnce = 0;
	let sleeps = 0;
	const clock: WaitClock = {
		nowMs: () => Date.now(),
		random: () => 0.5,
		isCancelled: () => false,
		sleep: async (ms, interrupt) => {
			sleeps++;
			running++;
			mostAtOnce = Math.max(mostAtOnce, running);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, ms);
				interrupt?.addEventListener('abort', () => {
					clearTimeout(timer);
					resolve();
				});
			});
			running--;
		},
	};
	return { clock, mostAtOnce: () => mostAtOnce, sleeps: () => sleeps };
}

test('50 sleepers share one timer and wake in the order they are due', async () => {
	const { clock, mostAtOnce } = countingClock();
	const schedule = new SleepSchedule(clock, new AbortController().signal);
	const woke: number[] = [];
	const startedMs = Date.now();
	await Promise.all(
		Array.from({ length: 50 }, async (_, index) => {
			const ms = 20 + ((index * 37) % 50) * 4;
			await schedule.sleep(ms);
			expect(Date.now() - startedMs).toBeGreaterThanOrEqual(ms - 2);
			woke.push(ms);
		}),
	);
	expect(woke).toEqual([...woke].sort((a, b) => a - b));
	expect(mostAtOnce()).toBe(1);
});

test('a sleeper due sooner than the armed timer re-arms it', async () => {
	const { clock } = countingClock();
	const schedule = new SleepSchedule(clock, new AbortController().signal);
	const startedMs = Date.now();
	const long = schedule.sleep(400);
	await new Promise((resolve) => setTimeout(resolve, 10));
	await schedule.sleep(30);
	expect(Date.now() - startedMs).toBeLessThan(200);
	await long;
	expect(Date.now() - startedMs).toBeGreaterThanOrEqual(398);
});

test('an interrupted sleeper wakes at once; stopping the batch fails every sleeper as cancelled', async () => {
	const { clock } = countingClock();
	const stop = new AbortController();
	const schedule = new SleepSchedule(clock, stop.signal);
	const interrupt = new AbortController();
	const startedMs = Date.now();
	const interrupted = schedule.sleep(5_000, interrupt.signal);
	const others = [schedule.sleep(5_000), schedule.sleep(6_000)].map(async (sleep) => await sleep.catch((error: { kind?: string }) => error.kind));
	interrupt.abort();
	await interrupted;
	expect(Date.now() - startedMs).toBeLessThan(1_000);
	stop.abort();
	expect(await Promise.all(others)).toEqual(['cancelled', 'cancelled']);
	expect(Date.now() - startedMs).toBeLessThan(1_000);
	await expect(schedule.sleep(10)).rejects.toMatchObject({ kind: 'cancelled' });
});

test('an interrupted sleeper ends the timer armed for it: nothing keeps running until its old due time', async () => {
	let running = 0;
	const clock: WaitClock = {
		...countingClock().clock,
		sleep: async (ms, interrupt) => {
			running++;
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, ms);
				interrupt?.addEventListener('abort', () => {
					clearTimeout(timer);
					resolve();
				});
			});
			running--;
		},
	};
	const schedule = new SleepSchedule(clock, new AbortController().signal);
	const finished = new AbortController();
	const watchdog = schedule.sleep(60_000, finished.signal);
	await new Promise((resolve) => setTimeout(resolve, 20));
	expect(running).toBe(1);
	finished.abort();
	await watchdog;
	await new Promise((resolve) => setTimeout(resolve, 20));
	expect(running).toBe(0);
});
