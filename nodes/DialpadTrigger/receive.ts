/**
 * One delivery from Dialpad: read the body, verify the signature (401 and no execution when it is
 * wrong or missing), drop repeats of a call, and turn the event into typed items.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { itemsSink } from '../shared/report/sinks/items';
import type { ReportOptions } from '../shared/report/ports';
import { createCsvDownloader } from '../shared/transport';
import { readEventBody } from '../shared/push/body';
import { callDedupeKey, RecentKeys } from '../shared/push/dedupe';
import { classifyEvent, typeEvent } from '../shared/push/events';
import { verifyHs256 } from '../shared/push/jwt';
import { webhookSecret } from './pushApi';
import type { RegistrationState } from './registration';
import { itemTimezone } from './settings';

/**
 * One Item per Call's memory: the process serving webhooks keeps it (n8n does not keep static data
 * written while a webhook starts an execution). Bounded: 100k keys, 6 hours.
 */
const recentCalls = new RecentKeys();

/** JWT bookkeeping, not part of Dialpad's event. */
const JWT_CLAIMS = ['iat', 'exp', 'nbf', 'iss', 'aud', 'jti'];

/** A scheduled report's CSV is typed like a Stats export: every column, values typed. */
const REPORT_TYPING: ReportOptions = {
	initialDelaySeconds: 0,
	pollIntervalSeconds: 0,
	maxWaitSeconds: 0,
	typeValues: true,
	columns: [],
	rowLimit: 0,
	resultBudgetBytes: 0,
};
const REPORT_DOWNLOAD_TIMEOUT_MS = 300_000;

function reject(ctx: IWebhookFunctions): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(401).send('Unauthorized').end();
	return { noWebhookResponse: true };
}

async function rawBodyText(ctx: IWebhookFunctions): Promise<string> {
	const req = ctx.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & {
		rawBody?: Buffer;
		readRawBody?: () => Promise<void>;
	};
	if (req.rawBody === undefined && typeof req.readRawBody === 'function') {
		try {
			await req.readRawBody();
		} catch {
			// The stream was consumed by a body parser: what n8n parsed is read instead.
		}
	}
	return Buffer.isBuffer(req.rawBody) ? req.rawBody.toString('utf8') : '';
}

/** The event, verified; undefined when the delivery must be refused. */
async function verifiedEvent(ctx: IWebhookFunctions): Promise<Record<string, unknown> | undefined> {
	const body = readEventBody(await rawBodyText(ctx), ctx.getRequestObject().body as unknown);
	const state = ctx.getWorkflowStaticData('node') as RegistrationState;
	if (!state.secretSalt) return body.kind === 'json' ? body.event : undefined;
	if (body.kind !== 'token') return undefined;
	const verdict = verifyHs256(body.token, await webhookSecret(ctx, state.secretSalt), Date.now());
	if (!verdict.valid) return undefined;
	const event = { ...verdict.claims };
	for (const claim of JWT_CLAIMS) delete event[claim];
	return event;
}

function isDownloadUrl(value: unknown): value is string {
	return typeof value === 'string' && /^https?:\/\//i.test(value.trim());
}

/**
 * The rows of a scheduled report's CSV, with the Stats node's own download, parser and typer. Dialpad
 * has already had its 200 (it waits 5 s, a report can take longer), so a failure becomes an item.
 */
async function reportItems(ctx: IWebhookFunctions, event: Record<string, unknown>, timezone: string): Promise<IDataObject[]> {
	const { download_url: downloadUrl, ...rest } = event;
	const eventItem = typeEvent(rest, timezone);
	try {
		const downloader = createCsvDownloader(ctx as unknown as IExecuteFunctions);
		const body = await downloader.download(String(downloadUrl).trim(), AbortSignal.timeout(REPORT_DOWNLOAD_TIMEOUT_MS));
		const { rows } = await itemsSink(REPORT_TYPING)(body, { requestId: 'scheduled report', timezone, requestedAtMs: Date.now() });
		return rows;
	} catch (error) {
		const reason = error instanceof Error ? error.message : 'unknown failure';
		ctx.logger.warn(`Dialpad Trigger: the scheduled report's CSV could not be read: ${reason}`);
		return [{ ...eventItem, error: `The report's CSV could not be downloaded or read: ${reason}` }];
	}
}

export async function receiveDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const event = await verifiedEvent(ctx);
	if (event === undefined) return reject(ctx);
	const timezone = itemTimezone(ctx);
	const kind = classifyEvent(event);

	if (kind === 'call') {
		const options = ctx.getNodeParameter('options', {}) as { oneItemPerCall?: boolean };
		const key = callDedupeKey(event);
		const state = ctx.getWorkflowStaticData('node') as RegistrationState;
		if (options.oneItemPerCall !== false && key !== undefined) {
			// Each registration has its own Dialpad webhook: its id keeps workflows (and test runs) apart.
			const scope = state.webhookId ?? `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id}`;
			if (!recentCalls.firstSeen(`${scope}:${key}`, Date.now())) return { webhookResponse: 'OK (repeat of a call already received)' };
		}
	}

	if (isDownloadUrl(event.download_url)) {
		ctx.getResponseObject().status(200).send('OK').end();
		const rows = await reportItems(ctx, event, timezone);
		return { noWebhookResponse: true, workflowData: [ctx.helpers.returnJsonArray(rows) as INodeExecutionData[]] };
	}
	return { workflowData: [ctx.helpers.returnJsonArray([typeEvent(event, timezone)])] };
}
