/**
 * The workflows of the queue-mode suite: Webhook-triggered, so that they run as production
 * executions on the workers, and each with a time zone no other workflow uses, so that its requests
 * can be picked out of the simulator's log.
 */
import { randomUUID } from 'node:crypto';

import {
	EXAMPLE_CREDENTIAL,
	byId,
	dialpadCredential,
	dialpadStats,
	loadExample,
	retargetExample,
	workflow,
	type CallCenterRef,
	type CredentialFile,
	type Json,
	type WorkflowFile,
	type WorkflowNode,
} from '../support/n8n/index';

export const CREDENTIAL = EXAMPLE_CREDENTIAL;

export const QWF = {
	report: '401',
	cancel: '402',
	startWaitGet: '403',
} as const;

export const QTZ = {
	report: 'America/Halifax',
	cancel: 'Asia/Singapore',
	startWaitGet: 'Europe/Madrid',
} as const;

export const WEBHOOK_PATH = {
	report: 'dialpad-queue-report',
	cancel: 'dialpad-queue-cancel',
} as const;

export const START_WAIT_GET = {
	file: 'dialpad-stats-start-wait-get.json',
	/** Node names as the example has them. */
	webhook: 'Webhook',
	start: 'Start report',
	wait: 'Wait 70 s',
	get: 'Get report result',
	/** Seconds the Wait node waits (>= 65 s: n8n parks the execution in the database). */
	waitSeconds: 70,
} as const;

export function queueCredentials(baseUrl: string, apiKey: string): CredentialFile[] {
	return [dialpadCredential(CREDENTIAL.id, CREDENTIAL.name, { apiKey, environment: 'custom', baseUrl })];
}

/** Webhook (v2): `responseMode` lastNode answers with the last node's items once the run ends. */
export function webhook(name: string, webhookPath: string, responseMode: 'lastNode' | 'onReceived'): WorkflowNode {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode,
			...(responseMode === 'lastNode' ? { responseData: 'allEntries' } : {}),
			options: {},
		},
	};
}

/**
 * 1: POST {callCenterId, daysAgo} -> that call center's calls of that day, answered as the
 * webhook's response (all rows). 2: a report that never finishes, to be cancelled from the main.
 */
export function queueWorkflows(cc: CallCenterRef[]): WorkflowFile[] {
	const report: Json = {
		exportType: 'records',
		statType: 'calls',
		targetType: 'callcenter',
		targetId: byId('={{ $json.body.callCenterId }}'),
		period: 'daysAgo',
		daysAgoStart: '={{ $json.body.daysAgo }}',
		daysAgoEnd: '={{ $json.body.daysAgo }}',
		timezone: QTZ.report,
		options: { initialDelay: 2, pollInterval: 5, maxWait: 300 },
	};
	const cancel: Json = {
		exportType: 'records',
		statType: 'calls',
		targetType: 'callcenter',
		targetId: byId(cc[0].id),
		period: 'yesterday',
		timezone: QTZ.cancel,
		options: { initialDelay: 0, pollInterval: 5, maxWait: 900 },
	};
	return [
		workflow(
			QWF.report,
			'Queue 1: report by webhook',
			[webhook('Webhook', WEBHOOK_PATH.report, 'lastNode'), dialpadStats('Dialpad Stats', report, CREDENTIAL)],
			[['Webhook', 'Dialpad Stats']],
		),
		workflow(
			QWF.cancel,
			'Queue 2: a long report, cancelled',
			[webhook('Webhook', WEBHOOK_PATH.cancel, 'onReceived'), dialpadStats('Dialpad Stats', cancel, CREDENTIAL)],
			[['Webhook', 'Dialpad Stats']],
		),
	];
}

/** The Start/Wait/Get example as shipped, pointed at the simulator, in its own time zone. */
export function startWaitGetCopy(cc: CallCenterRef[]): WorkflowFile {
	const copy = retargetExample(loadExample(START_WAIT_GET.file), cc);
	copy.id = QWF.startWaitGet;
	copy.settings = { ...(copy.settings ?? {}), timezone: QTZ.startWaitGet };
	return copy;
}

/** The example's webhook path. */
export function webhookPathOf(wf: WorkflowFile): string {
	const node = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
	const value = node?.parameters.path;
	if (typeof value !== 'string') throw new Error(`${wf.name} has no Webhook node with a path`);
	return value;
}
