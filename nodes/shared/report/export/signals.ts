/**
 * Runs `job` with a signal that aborts when either signal does (`AbortSignal.any` is missing from
 * the Node releases older n8n runs on); the listeners are removed when the job ends.
 */
export async function withEitherSignal<T>(
	first: AbortSignal | undefined,
	second: AbortSignal | undefined,
	job: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
	if (first === undefined || second === undefined || first.aborted || second.aborted) {
		return await job(first?.aborted ? first : second?.aborted ? second : (first ?? second));
	}
	const either = new AbortController();
	const abort = () => either.abort();
	first.addEventListener('abort', abort);
	second.addEventListener('abort', abort);
	try {
		return await job(either.signal);
	} finally {
		first.removeEventListener('abort', abort);
		second.removeEventListener('abort', abort);
	}
}
