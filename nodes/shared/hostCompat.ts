/**
 * What differs between the n8n releases a user may run (1.x to 2.x). The package is compiled against
 * one n8n-workflow but runs on the host's, so anything newer than 1.0 is looked up at run time.
 */
import * as hostWorkflow from 'n8n-workflow';
import type { NodeConnectionType } from 'n8n-workflow';

type Sleep = (ms: number, abortSignal?: AbortSignal) => Promise<void>;
type SleepWithAbort = (ms: number, abortSignal: AbortSignal) => Promise<void>;

/** Exports that exist only in some n8n-workflow releases. */
interface VersionedExports {
	NodeConnectionTypes?: { Main?: NodeConnectionType };
	sleep: Sleep;
	sleepWithAbort?: SleepWithAbort;
}

const versioned = hostWorkflow as unknown as VersionedExports;

/** `NodeConnectionTypes` arrived in n8n-workflow 1.83; before it, the main connection is the plain 'main'. */
export const MAIN_CONNECTION: NodeConnectionType = versioned.NodeConnectionTypes?.Main ?? 'main';

/**
 * Longest single sleep when the host offers no abortable one: n8n-workflow 1.x's `sleep` ignores
 * the signal, so a cancel is noticed at the end of the current slice.
 */
export const UNABORTABLE_SLICE_MS = 500;

export interface HostSleepFunctions {
	sleep: Sleep;
	sleepWithAbort?: SleepWithAbort;
}

/**
 * Sleeps `ms`, returning early (without throwing) once `abortSignal` aborts: through the host's
 * `sleepWithAbort` (later 1.x) when it exists, otherwise through `sleep` in short slices, checking
 * the signal every turn (2.x's `sleep` also aborts inside a slice).
 */
export async function sleepUntilAborted(
	ms: number,
	abortSignal: AbortSignal | undefined,
	host: HostSleepFunctions = versioned,
): Promise<void> {
	if (abortSignal === undefined) {
		await host.sleep(ms);
		return;
	}
	if (host.sleepWithAbort) {
		await host.sleepWithAbort(ms, abortSignal).catch(() => undefined);
		return;
	}
	let remainingMs = ms;
	while (remainingMs > 0 && !abortSignal.aborted) {
		const sliceMs = Math.min(remainingMs, UNABORTABLE_SLICE_MS);
		await host.sleep(sliceMs, abortSignal).catch(() => undefined);
		remainingMs -= sliceMs;
	}
}
