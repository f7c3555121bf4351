/**
 * Cancelling a running report from n8n's main instance, the way a user does it (the executions
 * list's Stop button: POST /rest/executions/:id/stop), and what the simulator saw afterwards. Shared
 * by the queue-mode suite and the n8n 1.x suite.
 */
import type { Simulator } from '../stand-ins/dialpad/index';
import { exportPosts, isPoll, entriesFor, requestIdOf, waitForExecution, type LogEntry, type RunningN8n } from '../support/n8n/index';

export interface CancelOutcome {
	requestId: string;
	executionId: string;
	/** Date.now() when the stop request was sent. */
	stopAtMs: number;
	stopAnswer: { status: number; data: unknown };
	pollsBeforeStop: LogEntry[];
	/** Polls that arrived after the stop request was sent. */
	pollsAfterStop: LogEntry[];
	/** The execution's status in n8n's database once it is over. */
	finalStatus: string;
	/** Seconds from the webhook call to the stop. */
	ranSeconds: number;
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/**
 * Calls the workflow's webhook (its Dialpad node asks for a report in `timezone`, polling every
 * `pollIntervalSeconds`), makes that export take ten minutes, waits for two polls, stops the execution
 * through the main's REST API, then watches the simulator for `quietSeconds`.
 */
export async function cancelWhilePolling(options: {
	sim: Simulator;
	main: RunningN8n;
	workflowId: string;
	webhookPath: string;
	timezone: string;
	/** The simulator's processing time to restore once the long export has been created. */
	processingSeconds: number;
	quietSeconds: number;
}): Promise<CancelOutcome> {
	const { sim, main, workflowId, timezone } = options;
	sim.setProcessingSeconds(600);
	const calledAt = Date.now();
	let requestId: string;
	try {
		const answer = await fetch(`${main.baseUrl}/webhook/${options.webhookPath}`, { method: 'POST' });
		if (answer.status !== 200) throw new Error(`webhook ${options.webhookPath} answered ${answer.status}: ${await answer.text()}`);
		await until('the export POST', () => exportPosts(sim.log, { timezone }).some((post) => post.status === 200), 120_000);
		requestId = requestIdOf(exportPosts(sim.log, { timezone }).find((post) => post.status === 200)!);
	} finally {
		sim.setProcessingSeconds(options.processingSeconds);
	}
	const polls = () => entriesFor(sim.log, [requestId]).filter(isPoll);
	await until('two polls of the long export', () => polls().length >= 2, 60_000);
	const running = await waitForExecution(main, workflowId, (executions) => executions.find((e) => e.status === 'running'));

	const stopAtMs = Date.now();
	const stopAnswer = await main.stopExecution(String(running.id));
	await new Promise((resolve) => setTimeout(resolve, options.quietSeconds * 1000));
	const all = polls();
	const finished = await waitForExecution(
		main,
		workflowId,
		(executions) => executions.find((e) => String(e.id) === String(running.id) && e.status !== 'running'),
		60_000,
	);
	return {
		requestId,
		executionId: String(running.id),
		stopAtMs,
		stopAnswer,
		pollsBeforeStop: all.filter((poll) => poll.timeMs <= stopAtMs),
		pollsAfterStop: all.filter((poll) => poll.timeMs > stopAtMs),
		finalStatus: finished.status,
		ranSeconds: (stopAtMs - calledAt) / 1000,
	};
}
