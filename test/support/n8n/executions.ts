/**
 * Reading what a running n8n (`n8n start`) executed on its own: scheduled, webhook and error-workflow
 * runs, through its REST API (RunningN8n.executions / execution, logged in as the owner). n8n sends an
 * execution's data in the "flatted" format; n8n's own copy of that library decodes it.
 */
import path from 'node:path';

import type { ExecutionSummary, RunningN8n } from './instance';
import type { ExecutionRun } from './run-data';
import type { N8nRuntime } from './runtime';

/** A saved execution: the run as `n8n execute --rawOutput` prints it, with its id and workflow. */
export interface SavedExecution extends ExecutionRun {
	id: string;
	workflowId: string;
	/** trigger (a schedule), webhook, error (an error workflow's run), cli, manual, ... */
	mode: string;
}

/** One execution in full, its data decoded into the shape `n8n execute --rawOutput` prints. */
export async function readExecution(n8n: RunningN8n, runtime: N8nRuntime, executionId: string): Promise<SavedExecution> {
	const saved = await busyTolerant(() => n8n.execution(executionId));
	if (typeof saved.data !== 'string') throw new Error(`execution ${executionId} came without its data`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const flatted = require(path.join(runtime.dir, 'node_modules', 'flatted')) as { parse(text: string): unknown };
	return {
		id: String(saved.id),
		workflowId: String(saved.workflowId),
		mode: saved.mode ?? '',
		status: saved.status,
		finished: saved.finished,
		startedAt: saved.startedAt ?? undefined,
		stoppedAt: saved.stoppedAt ?? undefined,
		data: flatted.parse(saved.data) as ExecutionRun['data'],
	};
}

/**
 * Retries a REST read while n8n answers 503 "Database is not ready!": under a burst its SQLite
 * health ping can time out, and n8n then refuses every request for a moment.
 */
async function busyTolerant<T>(read: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await read();
		} catch (error) {
			if (!/answered 503/.test(String(error)) || Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}

/** Every execution of a workflow (the REST list pages 100 at a time), newest first. */
export async function allExecutions(n8n: RunningN8n, workflowId: string): Promise<ExecutionSummary[]> {
	const all: ExecutionSummary[] = [];
	for (;;) {
		const page = await busyTolerant(() => n8n.executions({ workflowId }, { lastId: all.at(-1)?.id }));
		all.push(...page);
		if (page.length < 100) return all;
	}
}

/** Polls the workflow's executions until `pick` finds one, or the time is up. */
export async function waitForExecution(
	n8n: RunningN8n,
	workflowId: string,
	pick: (executions: ExecutionSummary[]) => ExecutionSummary | undefined,
	timeoutMs = 60_000,
): Promise<ExecutionSummary> {
	const deadline = Date.now() + timeoutMs;
	let seen: ExecutionSummary[] = [];
	while (Date.now() < deadline) {
		seen = await n8n.executions({ workflowId });
		const found = pick(seen);
		if (found) return found;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(
		`no matching execution of workflow ${workflowId} within ${timeoutMs} ms (saw: ${JSON.stringify(seen.map(({ id, mode, status }) => ({ id, mode, status })))})\n` +
			`n8n's output:\n${n8n.output().slice(-4000)}`,
	);
}
