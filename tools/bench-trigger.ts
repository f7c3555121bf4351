/**
 * `npm run bench -- --only trigger`: Dialpad Trigger figures.
 * - the One Item per Call window's memory at 100k calls (the node's own dedupe module);
 * - in a real n8n (`n8n start`, regular mode) and, with `--trigger-queue`, in queue mode (a webhook
 *   process and workers): send -> execution start latency, p50/p95 over `--trigger-events` (200)
 *   distinct calls fired at 50/s, and the events a second held with none lost (`--trigger-rates`,
 *   slowest first, stopping at the first loss).
 * Prints figures; asserts nothing.
 */
import { randomInt } from 'node:crypto';

import { RecentKeys, callDedupeKey, DEFAULT_DEDUPE_LIMITS } from '../nodes/shared/push/dedupe';
import { listCallCenters, startSimulator } from '../test/stand-ins/dialpad/index';
import { StepTimer, buildAndPackOnce, removePackedTarball } from '../test/e2e/harness';
import { startPushApi, type PushApi } from '../test/e2e/push';
import { describeLoad, fireLoad, percentile, type LoadOutcome } from '../test/e2e/trigger-load';
import {
	DIALPAD_TRIGGER_WEBHOOK_PATH,
	EXAMPLE_CREDENTIAL,
	N8nInstance,
	byId,
	createWorkflow,
	dialpadCredential,
	dialpadTrigger,
	noOp,
	productionWebhookPath,
	publishWorkflow,
	unpublishWorkflow,
	untilActivated,
	untilWebhookRegistered,
	workflow,
	type RunningN8n,
	type WorkflowFile,
} from '../test/support/n8n/index';
import { QueueStack } from '../test/support/n8n/queue';

const MB = 1024 * 1024;
const DRAIN_MS = 15_000;
const OWNER = { email: 'bench@dialpad-n8n.local', password: 'Bench-Trigger-2026', firstName: 'Bench', lastName: 'Trigger' };

function sixteenDigits(): string {
	return `${randomInt(1, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
}

/** Heap held by the window after `calls` distinct calls (each with its entry point id), after GC. */
export function dedupeMemorySection(gc: () => void, calls = 100_000): void {
	gc();
	const before = process.memoryUsage().heapUsed;
	const window = new RecentKeys();
	const started = Date.now();
	let now = Date.now();
	// Each event is made and dropped in turn, as in the webhook process: only what the window keeps stays.
	for (let index = 0; index < calls; index += 1) {
		const event = { call_id: sixteenDigits(), entry_point_call_id: sixteenDigits(), state: 'missed' };
		window.firstSeen(callDedupeKey(event) as string, (now += 1));
	}
	const ms = Date.now() - started;
	gc();
	const after = process.memoryUsage().heapUsed;
	console.log(
		`trigger dedupe window: ${window.size.toLocaleString('en-US')} calls kept (cap ${DEFAULT_DEDUPE_LIMITS.maxKeys.toLocaleString('en-US')}, ` +
			`${DEFAULT_DEDUPE_LIMITS.windowMs / 3_600_000} h), ${((after - before) / MB).toFixed(1)} MB heap ` +
			`(${Math.round((after - before) / window.size)} bytes a call), ${ms} ms to insert ${calls.toLocaleString('en-US')}`,
	);
	// One more call after the measurement keeps the window alive through it.
	window.firstSeen('after-measuring:missed', now + 1);
}

function loadWorkflow(callCenterId: string, webhookId: string): WorkflowFile {
	return workflow(
		`bench-trigger-${webhookId.slice(-4)}`,
		'Bench: Dialpad Trigger, missed calls',
		[
			dialpadTrigger(
				'Call event',
				{ event: 'call', callStates: ['missed'], targetType: 'callcenter', targetId: byId(callCenterId), options: {} },
				EXAMPLE_CREDENTIAL,
				webhookId,
			),
			noOp('Next'),
		],
		[['Call event', 'Next']],
	);
}

async function measure(
	label: string,
	push: PushApi,
	server: RunningN8n,
	runtime: N8nInstance['runtime'],
	webhookBaseUrl: string,
	callCenterId: string,
	events: number,
	rates: number[],
): Promise<void> {
	const webhookId = `5e7a1b2c-0000-4000-8000-${String(Date.now()).slice(-12)}`;
	const wf = loadWorkflow(callCenterId, webhookId);
	const path = productionWebhookPath(wf.nodes[0], DIALPAD_TRIGGER_WEBHOOK_PATH);
	const hookUrl = `${webhookBaseUrl}/webhook/${path}`;
	const id = await createWorkflow(server, wf);
	await publishWorkflow(server, id);
	await untilWebhookRegistered(webhookBaseUrl, path);
	await untilActivated(server, id, {
		ready: () => {
			const reg = push.registered();
			const hook = reg.webhooks.find((h) => h.hook_url === hookUrl);
			return hook !== undefined && reg.subscriptions.some((sub) => String(sub.endpoint_id) === hook.id);
		},
	});
	const base = { targetType: 'callcenter', targetId: callCenterId, itemNode: 'Call event', hookUrl };
	// Slowest rate first, and a pause after each run: an overloaded run's backlog (Dialpad's retries,
	// executions still being saved) would otherwise slow the next one.
	const drain = () => new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
	let held = 0;
	for (const perSecond of [...rates].sort((a, b) => a - b)) {
		const outcome: LoadOutcome = await fireLoad(push, server, runtime, id, { ...base, count: events, perSecond });
		console.log(describeLoad(`${label}, ${events} events at ${perSecond}/s`, outcome));
		await drain();
		if (outcome.lost.length > 0 || outcome.deliveries.length < events) break;
		held = perSecond;
	}
	const latency = await fireLoad(push, server, runtime, id, { ...base, count: events, perSecond: 50 });
	console.log(describeLoad(`${label}, ${events} events at 50/s`, latency));
	console.log(`${label}: held ${held} events/s with none lost; at 50/s ${latency.lost.length} lost, p95 ${percentile(latency.latenciesMs, 95)} ms`);
	await unpublishWorkflow(server, id);
}

export async function triggerSection(options: { events: number; queue: boolean; rates: number[] }): Promise<void> {
	const timer = new StepTimer();
	const sim = await startSimulator({ processingSeconds: 1 });
	const [callCenter] = await listCallCenters(sim);
	const push = await startPushApi(sim);
	const pushCredentials = [dialpadCredential(EXAMPLE_CREDENTIAL.id, EXAMPLE_CREDENTIAL.name, { apiKey: push.apiKey, environment: 'custom', baseUrl: push.baseUrl })];
	const packed = await buildAndPackOnce(timer);
	try {
		const n8n = await N8nInstance.create();
		await n8n.importCredentials(pushCredentials);
		await n8n.installPackage(packed);
		const server = await n8n.start();
		try {
			await server.ensureOwner(OWNER);
			await measure('regular mode', push, server, n8n.runtime, server.baseUrl, callCenter.id, options.events, options.rates);
		} finally {
			await server.stop();
			await n8n.dispose();
		}
		if (options.queue) {
			const stack = await QueueStack.start(
				{ packed, credentials: pushCredentials, workflows: [], activate: [], owner: OWNER },
				{ workers: 2, workerConcurrency: 10, webhookProcesses: 1 },
			);
			try {
				await measure('queue mode (1 webhook process, 2 workers x 10)', push, stack.main!, stack.n8n!.runtime, stack.webhookBaseUrl, callCenter.id, options.events, options.rates);
			} finally {
				await stack.stop();
			}
		}
	} finally {
		await push.close();
		await sim.close();
		await removePackedTarball();
	}
}
