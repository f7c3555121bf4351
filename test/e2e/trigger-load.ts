/**
 * A burst of distinct calls fired at a steady rate at a live Dialpad Trigger workflow, and what came
 * of it: shared by the queue-mode suite and `npm run bench`'s trigger section.
 *
 * "Lost": the simulator delivered an event (its last attempt, after Dialpad's retries, answered 2xx
 * or it gave up), yet no execution of the workflow carries that call. Every call is distinct (its own
 * call id, entry point and master call), so One Item per Call holds none of them back.
 */
import { allExecutions, readExecution, type N8nRuntime, type RunningN8n } from '../support/n8n/index';
import type { Delivery, PushApi } from './push';

export interface LoadOptions {
	count: number;
	perSecond: number;
	targetType: string;
	targetId: string;
	/** The node whose first item carries the call (`call_id`). */
	itemNode: string;
	/** The hook URL of the workflow under load (other webhooks' deliveries are ignored). */
	hookUrl: string;
	/** How long to wait for the last executions after the last delivery. Default 60 s. */
	settleMs?: number;
}

export interface LoadOutcome {
	fired: number;
	/** Deliveries to the hook URL (last attempt of each event). */
	deliveries: Delivery[];
	/** Deliveries whose call started no execution. */
	lost: Delivery[];
	/** Executions per call id beyond the first (a call let through twice). */
	duplicates: number;
	/** Send -> execution start, ms, one per delivered call that ran, sorted. */
	latenciesMs: number[];
	/** How long firing took (rate check). */
	firingMs: number;
}

export function percentile(sortedMs: number[], p: number): number {
	if (sortedMs.length === 0) return NaN;
	return sortedMs[Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1)];
}

async function pause(ms: number): Promise<void> {
	if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fires `count` one-leg missed calls, each on its own, at `perSecond`, without waiting for answers. */
async function fireAtRate(push: PushApi, options: LoadOptions): Promise<{ deliveries: Delivery[]; firingMs: number }> {
	const started = Date.now();
	const pending: Array<Promise<Delivery[]>> = [];
	for (let index = 0; index < options.count; index += 1) {
		await pause(started + (index * 1000) / options.perSecond - Date.now());
		pending.push(push.fireCall({ state: 'missed', targetType: options.targetType, targetId: options.targetId, legs: 1 }));
	}
	const firingMs = Date.now() - started;
	const deliveries = (await Promise.all(pending)).flat().filter((d) => d.hookUrl === options.hookUrl);
	return { deliveries, firingMs };
}

export async function fireLoad(
	push: PushApi,
	server: RunningN8n,
	runtime: N8nRuntime,
	workflowId: string,
	options: LoadOptions,
): Promise<LoadOutcome> {
	const before = new Set((await allExecutions(server, workflowId)).map((e) => String(e.id)));
	const { deliveries, firingMs } = await fireAtRate(push, options);
	const wanted = new Set(deliveries.map((d) => String(d.event.call_id)));

	// Wait until every delivered call has an execution, or the settle time is up.
	const deadline = Date.now() + (options.settleMs ?? 60_000);
	const startedByCall = new Map<string, number[]>();
	const read = new Set<string>();
	for (;;) {
		const fresh = (await allExecutions(server, workflowId)).filter(
			(e) => !before.has(String(e.id)) && !read.has(String(e.id)) && e.status !== 'running' && e.status !== 'new',
		);
		for (const summary of fresh) {
			const run = await readExecution(server, runtime, String(summary.id));
			read.add(String(summary.id));
			const item = run.data.resultData.runData[options.itemNode]?.[0]?.data?.main?.[0]?.[0]?.json as { call_id?: unknown } | undefined;
			const callId = String(item?.call_id ?? '');
			const startedAtMs = new Date(String(run.startedAt ?? summary.startedAt)).getTime();
			startedByCall.set(callId, [...(startedByCall.get(callId) ?? []), startedAtMs]);
		}
		const missing = [...wanted].filter((id) => !startedByCall.has(id));
		if (missing.length === 0 || Date.now() > deadline) break;
		await pause(500);
	}

	const delivered = deliveries.filter((d) => d.status >= 200 && d.status < 300);
	const lost = deliveries.filter((d) => !startedByCall.has(String(d.event.call_id)));
	const latenciesMs = delivered
		.map((d) => (startedByCall.get(String(d.event.call_id))?.[0] ?? NaN) - d.sentAtMs)
		.filter((ms) => Number.isFinite(ms))
		.sort((a, b) => a - b);
	const duplicates = [...startedByCall.values()].reduce((sum, starts) => sum + starts.length - 1, 0);
	return { fired: options.count, deliveries, lost, duplicates, latenciesMs, firingMs };
}

export function describeLoad(label: string, outcome: LoadOutcome): string {
	const ms = outcome.latenciesMs;
	const rate = (outcome.fired / (outcome.firingMs / 1000)).toFixed(1);
	const errors = [...new Set(outcome.deliveries.filter((d) => d.error).map((d) => d.error))].slice(0, 3);
	return (
		`${label}: ${outcome.fired} events fired in ${(outcome.firingMs / 1000).toFixed(1)} s (${rate}/s), ` +
		`${outcome.deliveries.length} deliveries, ${outcome.lost.length} lost, ${outcome.duplicates} duplicate executions; ` +
		`${outcome.deliveries.filter((d) => d.attempts > 1).length} retried; ` +
		`send -> execution start p50 ${percentile(ms, 50)} ms, p95 ${percentile(ms, 95)} ms, max ${ms.at(-1) ?? NaN} ms` +
		(errors.length > 0 ? `; no answer: ${errors.join(' | ')}` : '')
	);
}
