/**
 * A running n8n (`n8n start`, or a queue-mode main) driven the way the editor drives it: workflows
 * created, published and unpublished over the REST API, and the waits that n8n's asynchronous
 * activation needs (the publish call answers before a trigger's `create` hook has run).
 */
import type { RunningN8n } from './instance';
import type { WorkflowFile, WorkflowNode } from './workflows';

/**
 * What `n8n start` prints once it has activated the active workflows (registered their webhooks),
 * the last step of its boot; /healthz/readiness answers earlier.
 */
export const EDITOR_READY = /Editor is now accessible via/;

async function pause(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once the server's output matches `pattern`. */
export async function untilOutput(server: RunningN8n, pattern: RegExp, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!pattern.test(server.output())) {
		if (server.child.exitCode !== null || server.child.signalCode !== null) {
			throw new Error(`n8n exited before printing ${String(pattern)}:\n${server.output().slice(-6000)}`);
		}
		if (Date.now() > deadline) throw new Error(`n8n did not print ${String(pattern)} within ${timeoutMs} ms:\n${server.output().slice(-6000)}`);
		await pause(100);
	}
}

/**
 * Resolves once `POST /webhook/<path>` is registered. n8n registers webhooks a moment after it is
 * ready (2.x: its publication service); a GET, which runs nothing, tells: n8n answers "not registered
 * for GET requests. Did you mean to make a POST request?" once the POST webhook exists.
 */
export async function untilWebhookRegistered(baseUrl: string, webhookPath: string, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	for (;;) {
		const response = await fetch(`${baseUrl}/webhook/${webhookPath}`).catch(() => undefined);
		last = response ? `${response.status} ${await response.text()}` : 'no answer';
		if (/Did you mean to make a POST request/.test(last)) return;
		if (Date.now() > deadline) throw new Error(`webhook POST ${webhookPath} not registered within ${timeoutMs} ms (last answer: ${last})`);
		await pause(250);
	}
}

/** Resolves once `GET /webhook/<path>` no longer finds a POST webhook (after unpublishing). */
export async function untilWebhookGone(baseUrl: string, webhookPath: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(`${baseUrl}/webhook/${webhookPath}`).catch(() => undefined);
		const text = response ? await response.text() : '';
		if (response && !/Did you mean to make a POST request/.test(text)) return;
		if (Date.now() > deadline) throw new Error(`webhook POST ${webhookPath} still registered after ${timeoutMs} ms`);
		await pause(250);
	}
}

/**
 * The production path of a node's webhook (after /webhook/): `<webhookId>/<path>` for nodes that
 * carry a webhookId, as n8n's getNodeWebhookPath builds it; the path is the node description's.
 */
export function productionWebhookPath(node: WorkflowNode, descriptionPath: string): string {
	if (typeof node.webhookId !== 'string') throw new Error(`node "${node.name}" has no webhookId`);
	return `${node.webhookId}/${descriptionPath}`;
}

/** Creates a workflow on the running server (POST /rest/workflows), as the editor's save does. */
export async function createWorkflow(server: RunningN8n, wf: WorkflowFile): Promise<string> {
	// n8n gives the workflow an id of its own, and a new workflow starts unpublished.
	const body: Record<string, unknown> = { ...wf, active: false };
	delete body.id;
	const created = await server.rest<{ id: string }>('POST', '/workflows', body);
	if (created.status !== 200) throw new Error(`creating workflow "${wf.name}" answered ${created.status}: ${JSON.stringify(created.data)}`);
	return String(created.data.id);
}

/**
 * Publishes a saved workflow as the editor's Publish button does (its current version). The answer
 * comes before the triggers' `create` hooks have run: wait with `untilActivated`.
 */
export async function publishWorkflow(server: RunningN8n, workflowId: string): Promise<void> {
	const saved = await server.rest<{ versionId: string }>('GET', `/workflows/${workflowId}`);
	if (saved.status !== 200) throw new Error(`GET workflow ${workflowId} answered ${saved.status}: ${JSON.stringify(saved.data)}`);
	const published = await server.rest('POST', `/workflows/${workflowId}/activate`, { versionId: saved.data.versionId });
	if (published.status !== 200) throw new Error(`publishing workflow ${workflowId} answered ${published.status}: ${JSON.stringify(published.data)}`);
}

/** Unpublishes (deactivates) a workflow: n8n runs the triggers' `delete` hooks. */
export async function unpublishWorkflow(server: RunningN8n, workflowId: string): Promise<void> {
	const response = await server.rest('POST', `/workflows/${workflowId}/deactivate`, {});
	if (response.status !== 200) throw new Error(`deactivating workflow ${workflowId} answered ${response.status}: ${JSON.stringify(response.data)}`);
}

/** n8n's stored activation error of a workflow (GET /rest/active-workflows/error/:id), if any. */
export async function activationError(server: RunningN8n, workflowId: string): Promise<string | undefined> {
	const response = await server.rest<unknown>('GET', `/active-workflows/error/${workflowId}`);
	if (response.status !== 200) return undefined;
	const data = response.data;
	if (data === null || data === undefined || data === '') return undefined;
	return typeof data === 'string' ? data : JSON.stringify(data);
}

/**
 * Waits until a published workflow is live: its production webhook answers (when `webhookPath` is
 * given) and `ready` (e.g. "the provider holds the webhook the trigger registered") is true. Fails
 * early with n8n's own message when activation failed.
 */
export async function untilActivated(
	server: RunningN8n,
	workflowId: string,
	options: { webhookPath?: string; ready?: () => boolean | Promise<boolean>; timeoutMs?: number } = {},
): Promise<void> {
	const timeoutMs = options.timeoutMs ?? 60_000;
	const deadline = Date.now() + timeoutMs;
	if (options.webhookPath) await untilWebhookRegistered(server.baseUrl, options.webhookPath, timeoutMs);
	for (;;) {
		const error = await activationError(server, workflowId);
		if (error) throw new Error(`workflow ${workflowId} failed to activate: ${error}`);
		if (!options.ready || (await options.ready())) return;
		if (Date.now() > deadline) throw new Error(`workflow ${workflowId} not live within ${timeoutMs} ms\n${server.output().slice(-4000)}`);
		await pause(200);
	}
}

/** Polls until `done` holds (what an unpublish should have caused), or fails after `timeoutMs`. */
export async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await done())) {
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
		await pause(200);
	}
}

/**
 * "Listen for test event" on a saved workflow's trigger, as the editor's button does
 * (POST /rest/workflows/:id/run with the trigger to start from): n8n registers the trigger's test
 * webhook (/webhook-test/...) and answers `waitingForWebhook: true`; the first event that starts an
 * execution ends the listening, and n8n then runs the trigger's `delete`.
 */
export async function listenForTestEvent(server: RunningN8n, workflowId: string, triggerName: string): Promise<void> {
	const response = await server.rest<{ waitingForWebhook?: boolean }>('POST', `/workflows/${workflowId}/run`, {
		triggerToStartFrom: { name: triggerName },
	});
	if (response.status !== 200 || response.data?.waitingForWebhook !== true) {
		throw new Error(`listening for a test event on workflow ${workflowId} answered ${response.status}: ${JSON.stringify(response.data)}`);
	}
}
