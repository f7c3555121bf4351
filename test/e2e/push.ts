/**
 * What the trigger suites read from and ask of Dialpad's push API (webhooks, subscriptions,
 * scheduled reports, events fired at the registered webhooks, the delivery log), in one place.
 *
 * Until the simulator has the push API (branch trigger-sim), a loopback stand-in serves it: the
 * trigger branch's in-memory push API (test/unit/push-fake-dialpad.ts) behind HTTP on 127.0.0.1,
 * and an event source that signs each event (HS256, the webhook's secret) and POSTs it to every
 * matching webhook as `application/jwt`, recording n8n's answer. A scheduled report's CSV is a real
 * export of the simulator (its signed storage URL), as a finished Stats export serves it.
 */
import { createHmac, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Simulator } from '../stand-ins/dialpad/index';
import { FakeDialpadPush } from '../stand-ins/dialpad-push/fake-push-api';

export interface Registered {
	webhooks: Array<{ id: string; hook_url: string }>;
	/** Call, SMS and agent-status subscriptions. */
	subscriptions: Array<{ kind: 'call' | 'sms' | 'agent_status'; id: string; endpoint_id: string; [key: string]: unknown }>;
	reports: Array<{ id: string; endpoint_id: string; [key: string]: unknown }>;
}

/** One HTTP delivery of an event to a webhook, with n8n's answer. */
export interface Delivery {
	hookUrl: string;
	status: number;
	/** When it was first sent (epoch ms). */
	sentAtMs: number;
	/** When the last attempt was sent. */
	lastSentAtMs: number;
	attempts: number;
	/** Why the last attempt got no answer (status 0). */
	error?: string;
	/** The event as Dialpad would have sent it (the JWT's claims). */
	event: Record<string, unknown>;
	/** A scheduled report's export (the simulator's request id), whose CSV the delivery points at. */
	requestId?: string;
}

export type Signing = 'valid' | 'forged';

export interface FireCallOptions {
	state: string;
	targetType?: string;
	targetId?: string;
	/** Legs of the one call (entry point + agents): distinct call ids, one entry point and master call. */
	legs?: number;
	externalNumber?: string;
	/** 'forged' signs with a wrong secret. */
	signing?: Signing;
}

export interface PushApi {
	/** What a Dialpad credential's custom base URL holds (without /api/v2). */
	baseUrl: string;
	apiKey: string;
	registered(): Registered;
	fireCall(options: FireCallOptions): Promise<Delivery[]>;
	fireAgentStatus(options: { onDutyStatus: string; signing?: Signing }): Promise<Delivery[]>;
	fireScheduledReport(options?: { signing?: Signing }): Promise<Delivery[]>;
	/** The CSV behind a scheduled-report delivery, exactly as the simulator serves it. */
	reportCsv(delivery: Delivery): string;
	/** Every delivery so far, in order. */
	deliveries: Delivery[];
	close(): Promise<void>;
}

/** Everything registered, one line each (an orphaned subscription included). */
export function everything(reg: Registered): string[] {
	return [
		...reg.webhooks.map((hook) => `webhook ${hook.id} -> ${hook.hook_url}`),
		...reg.subscriptions.map((sub) => `${sub.kind} subscription ${sub.id} (endpoint ${sub.endpoint_id})`),
		...reg.reports.map((report) => `scheduled report ${report.id} (endpoint ${report.endpoint_id})`),
	];
}

/** Dialpad waits 5 s for an answer. */
const DELIVERY_TIMEOUT_MS = 5000;
const NO_ANSWER_RETRIES = 2;
/** Dialpad's call-event retries (about 2, 4, 8 s), scaled down tenfold. */
const SERVER_ERROR_RETRY_DELAYS_MS = [200, 400, 800];

function base64url(value: string | Buffer): string {
	return Buffer.from(value).toString('base64url');
}

function signHs256(claims: Record<string, unknown>, secret: string): string {
	const head = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
	return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

function sixteenDigits(): string {
	return `${randomInt(1, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
}

const KIND_OF: Record<string, Registered['subscriptions'][number]['kind']> = {
	'/subscriptions/call': 'call',
	'/subscriptions/sms': 'sms',
	'/subscriptions/agent_status': 'agent_status',
};

async function readBody(req: import('node:http').IncomingMessage): Promise<string> {
	let text = '';
	for await (const chunk of req) text += String(chunk);
	return text;
}

/** A finished export of the simulator: daily statistics of yesterday, its request id and signed URL. */
async function finishedExport(sim: Simulator, timezone: string): Promise<{ requestId: string; downloadUrl: string }> {
	const headers = { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' };
	const posted = await fetch(`${sim.baseUrl}/api/v2/stats`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ export_type: 'stats', stat_type: 'calls', group_by: 'date', days_ago_start: 1, days_ago_end: 1, timezone }),
	});
	const { request_id: requestId } = (await posted.json()) as { request_id: string };
	for (;;) {
		const polled = (await (await fetch(`${sim.baseUrl}/api/v2/stats/${requestId}`, { headers })).json()) as { status: string; download_url?: string };
		if (polled.status === 'complete' && polled.download_url) return { requestId, downloadUrl: polled.download_url };
		if (polled.status === 'failed') throw new Error(`the simulator's export ${requestId} failed`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** `port`: 0 for any free one, or one chosen beforehand (a credential already points at it). */
export async function startPushApi(sim: Simulator, port = 0): Promise<PushApi> {
	const fake = new FakeDialpadPush();
	const server: Server = createServer((req, res) => {
		void (async () => {
			const auth = req.headers.authorization;
			if (auth !== `Bearer ${sim.apiKey}`) {
				res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Invalid API key' } }));
				return;
			}
			const text = await readBody(req);
			const path = (req.url ?? '').replace(/^\/api\/v2/, '').split('?')[0];
			const answer = await fake.request(req.method as 'GET' | 'POST' | 'DELETE', path, text ? (JSON.parse(text) as Record<string, unknown>) : undefined);
			res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
		})().catch((error: unknown) => res.writeHead(500).end(String(error)));
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const deliveries: Delivery[] = [];

	const entities = (collection: string) => [...(fake.entities.get(collection)?.values() ?? [])];
	const webhookOf = (id: unknown) => fake.entities.get('/webhooks')?.get(String(id)) as
		| { id: string; hook_url: string; signature?: { secret?: string } }
		| undefined;

	function registered(): Registered {
		const normalise = (entity: Record<string, unknown>) => {
			const { webhook_id: endpoint, ...rest } = entity;
			return {
				...rest,
				id: String(entity.id),
				endpoint_id: String(endpoint),
				...(rest.target_id !== undefined ? { target_id: String(rest.target_id) } : {}),
			};
		};
		return {
			webhooks: entities('/webhooks').map((hook) => ({ id: String(hook.id), hook_url: String(hook.hook_url) })),
			subscriptions: Object.entries(KIND_OF).flatMap(([collection, kind]) => entities(collection).map((sub) => ({ ...normalise(sub), kind }))),
			reports: entities('/schedulereports').map(normalise),
		};
	}

	/**
	 * One event to one webhook with Dialpad's rules: 2xx is done; a 5xx is retried (calls: 3 times,
	 * Dialpad waits about 2, 4, 8 s; here a tenth of that); no answer within 5 s or no connection is
	 * retried twice at once; a 4xx never. The delivery records the last attempt.
	 */
	async function deliver(endpointId: unknown, event: Record<string, unknown>, signing: Signing, requestId?: string): Promise<Delivery | undefined> {
		const hook = webhookOf(endpointId);
		if (!hook) return undefined;
		const secret = signing === 'forged' ? 'a-secret-that-is-not-the-webhooks' : String(hook.signature?.secret ?? '');
		const body = signHs256({ ...event, iat: Math.floor(Date.now() / 1000) }, secret);
		const firstSentAtMs = Date.now();
		let serverErrors = 0;
		let noAnswers = 0;
		for (let attempt = 1; ; attempt += 1) {
			const sentAtMs = Date.now();
			let status = 0;
			let error: string | undefined;
			try {
				const response = await fetch(hook.hook_url, {
					method: 'POST',
					headers: { 'content-type': 'application/jwt' },
					body,
					signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
				});
				status = response.status;
				await response.arrayBuffer();
			} catch (caught) {
				error = caught instanceof Error ? `${caught.name}: ${caught.message}${caught.cause ? ` (${String(caught.cause)})` : ''}` : String(caught);
			}
			const retry =
				status === 0 ? ++noAnswers <= NO_ANSWER_RETRIES : status >= 500 ? ++serverErrors <= SERVER_ERROR_RETRY_DELAYS_MS.length : false;
			if (!retry) {
				const delivery: Delivery = {
					hookUrl: hook.hook_url,
					status,
					sentAtMs: firstSentAtMs,
					lastSentAtMs: sentAtMs,
					attempts: attempt,
					event,
					...(error ? { error } : {}),
					...(requestId ? { requestId } : {}),
				};
				deliveries.push(delivery);
				return delivery;
			}
			if (status >= 500) await new Promise((resolve) => setTimeout(resolve, SERVER_ERROR_RETRY_DELAYS_MS[serverErrors - 1]));
		}
	}

	async function fanOut(targets: Array<{ endpointId: unknown; event: Record<string, unknown> }>, signing: Signing, requestId?: string) {
		const sent: Delivery[] = [];
		for (const { endpointId, event } of targets) {
			const delivery = await deliver(endpointId, event, signing, requestId);
			if (delivery) sent.push(delivery);
		}
		return sent;
	}

	return {
		baseUrl,
		apiKey: sim.apiKey,
		deliveries,
		registered,
		async fireCall(options) {
			const entryPoint = sixteenDigits();
			const now = Date.now();
			const legs = Array.from({ length: options.legs ?? 1 }, (_, index) => ({
				call_id: index === 0 ? entryPoint : sixteenDigits(),
				master_call_id: entryPoint,
				entry_point_call_id: entryPoint,
				state: options.state,
				direction: 'inbound',
				external_number: options.externalNumber ?? `+1415555${String(randomInt(0, 10_000)).padStart(4, '0')}`,
				internal_number: '+14155550000',
				target: { id: options.targetId ?? sixteenDigits(), type: options.targetType ?? 'user', name: 'Stand-in target' },
				date_started: String(now - 30_000),
				event_timestamp: String(now),
				duration: 30000,
			}));
			const subs = entities('/subscriptions/call').filter((sub) => {
				const states = (sub.call_states as string[] | undefined) ?? [];
				const stateMatches = states.includes(options.state) || states.includes('all');
				const targetMatches = sub.target_id === undefined || (String(sub.target_type) === options.targetType && String(sub.target_id) === options.targetId);
				return sub.enabled !== false && stateMatches && targetMatches;
			});
			return await fanOut(
				subs.flatMap((sub) => legs.map((event) => ({ endpointId: sub.webhook_id, event }))),
				options.signing ?? 'valid',
			);
		},
		async fireAgentStatus(options) {
			const now = Date.now();
			const event = {
				target: { id: sixteenDigits(), type: 'user', name: 'Ava Martinez', email: 'ava@example.com' },
				call_center_ids: [sixteenDigits()],
				on_duty_status: options.onDutyStatus,
				on_duty_status_reason: options.onDutyStatus === 'unavailable' ? 'Lunch' : '',
				availability_status: 'available',
				date: String(now),
				event_timestamp: String(now),
			};
			const subs = entities('/subscriptions/agent_status').filter((sub) => sub.enabled !== false);
			return await fanOut(subs.map((sub) => ({ endpointId: sub.webhook_id, event })), options.signing ?? 'valid');
		},
		async fireScheduledReport(options = {}) {
			const sent: Delivery[] = [];
			for (const report of entities('/schedulereports')) {
				const { requestId, downloadUrl } = await finishedExport(sim, String(report.timezone ?? 'UTC'));
				const event = { id: String(report.id), name: report.name, report_type: report.report_type, download_url: downloadUrl, event_timestamp: String(Date.now()) };
				sent.push(...(await fanOut([{ endpointId: report.webhook_id, event }], options.signing ?? 'valid', requestId)));
			}
			return sent;
		},
		reportCsv(delivery) {
			if (!delivery.requestId) throw new Error('not a scheduled-report delivery');
			return sim.csvFor(delivery.requestId);
		},
		async close() {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
