import {
	MAIN_CONNECTION,
	UNABORTABLE_SLICE_MS,
	sleepUntilAborted,
	type HostSleepFunctions,
} from '../../nodes/shared/hostCompat';

/** A host whose sleep ignores the signal, as n8n-workflow 1.x's does; time is virtual. */
function olderHost(abortAtMs?: number, controller?: AbortController) {
	let nowMs = 0;
	const sleeps: number[] = [];
	const host: HostSleepFunctions = {
		sleep: async (ms) => {
			sleeps.push(ms);
			nowMs += ms;
			if (abortAtMs !== undefined && nowMs >= abortAtMs) controller?.abort();
		},
	};
	return { host, sleeps, nowMs: () => nowMs };
}

test('the main connection is the plain "main" every n8n release understands', () => {
	expect(MAIN_CONNECTION).toBe('main');
});

test('without a signal: one sleep of the whole time', async () => {
	const { host, sleeps } = olderHost();
	await sleepUntilAborted(30_000, undefined, host);
	expect(sleeps).toEqual([30_000]);
});

test('host without sleepWithAbort: sleeps in short slices and stops in the slice the cancel falls in', async () => {
	const controller = new AbortController();
	const { host, sleeps, nowMs } = olderHost(1_200, controller);
	await sleepUntilAborted(30_000, controller.signal, host);
	expect(Math.max(...sleeps)).toBeLessThanOrEqual(UNABORTABLE_SLICE_MS);
	expect(UNABORTABLE_SLICE_MS).toBeLessThan(1_000);
	expect(nowMs()).toBeLessThan(1_200 + UNABORTABLE_SLICE_MS);
	expect(nowMs()).toBeGreaterThanOrEqual(1_200);
});

test('host without sleepWithAbort, never cancelled: sleeps the whole time, no more', async () => {
	const controller = new AbortController();
	const { host, sleeps, nowMs } = olderHost(undefined, controller);
	await sleepUntilAborted(2_300, controller.signal, host);
	expect(nowMs()).toBe(2_300);
	expect(sleeps).toEqual([500, 500, 500, 500, 300]);
});

test('an already cancelled run does not sleep at all', async () => {
	const controller = new AbortController();
	controller.abort();
	const { host, sleeps } = olderHost(undefined, controller);
	await sleepUntilAborted(10_000, controller.signal, host);
	expect(sleeps).toEqual([]);
});

test("host with sleepWithAbort (later 1.x): it is used, and its rejection on cancel is not an error", async () => {
	const controller = new AbortController();
	const calls: Array<[number, AbortSignal]> = [];
	const host: HostSleepFunctions = {
		sleep: async () => {
			throw new Error('sleep must not be used when sleepWithAbort exists');
		},
		sleepWithAbort: async (ms, signal) => {
			calls.push([ms, signal]);
			controller.abort();
			throw new Error('aborted');
		},
	};
	await expect(sleepUntilAborted(30_000, controller.signal, host)).resolves.toBeUndefined();
	expect(calls).toEqual([[30_000, controller.signal]]);
});

test('2.x sleep that rejects on abort: the rejection ends the wait quietly', async () => {
	const controller = new AbortController();
	const host: HostSleepFunctions = {
		sleep: async (_ms, signal) => {
			controller.abort();
			if (signal?.aborted) throw new Error('aborted');
		},
	};
	await expect(sleepUntilAborted(30_000, controller.signal, host)).resolves.toBeUndefined();
});
