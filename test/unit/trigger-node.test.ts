/**
 * The Dialpad Trigger node's own methods (hooks and webhook()) with a small hand-made n8n context:
 * requests go to the in-memory Dialpad push API, deliveries are signed as Dialpad signs them.
 * The real-n8n runs are in the e2e suites (branch trigger-e2e).
 */
import { createHmac } from 'crypto';
import { Readable } from 'stream';

import type { IDataObject, IHookFunctions, IHttpRequestOptions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { DialpadTrigger } from '../../nodes/DialpadTrigger/DialpadTrigger.node';
import { FakeDialpadPush } from '../stand-ins/dialpad-push/fake-push-api';

const API_KEY = 'dp-api-key-never-shown';
const HOOK_URL = 'https://n8n.example.com/webhook/abc/webhook';
const BASE_URL = 'http://dialpad.test';

interface Harness {
	dialpad: FakeDialpadPush;
	staticData: IDataObject;
	params: IDataObject;
	logs: string[];
	downloads: string[];
	csv: string;
}

function harness(params: IDataObject): Harness {
	return { dialpad: new FakeDialpadPush(), staticData: {}, params, logs: [], downloads: [], csv: '' };
}

function baseContext(h: Harness) {
	return {
		getCredentials: async () => ({ apiKey: API_KEY, environment: 'custom', baseUrl: BASE_URL }),
		getNodeParameter: (name: string, fallback?: unknown, options?: { extractValue?: boolean }) => {
			const value = name in h.params ? h.params[name] : fallback;
			if (options?.extractValue && typeof value === 'object' && value !== null && 'value' in value) return (value as { value: unknown }).value;
			return value;
		},
		getWorkflowStaticData: () => h.staticData,
		getWorkflow: () => ({ id: 'wf1', name: 'Missed calls to Slack', active: true }),
		getNode: () => ({ id: 'node1', name: 'Dialpad Trigger', type: 'dialpadTrigger', typeVersion: 1, position: [0, 0], parameters: {} }),
		getTimezone: () => 'America/New_York',
		logger: {
			warn: (m: string) => h.logs.push(`warn ${m}`),
			info: (m: string) => h.logs.push(`info ${m}`),
			debug: () => undefined,
			error: (m: string) => h.logs.push(`error ${m}`),
		},
	};
}

function hookContext(h: Harness): IHookFunctions {
	return {
		...baseContext(h),
		getNodeWebhookUrl: () => HOOK_URL,
		getMode: () => 'trigger',
		getActivationMode: () => 'activate',
		helpers: {
			httpRequestWithAuthentication: async (_credentialType: string, options: IHttpRequestOptions) => {
				expect(options.headers).not.toHaveProperty('Authorization');
				const path = String(options.url).replace(`${BASE_URL}/api/v2`, '');
				const body = typeof options.body === 'string' ? (JSON.parse(options.body) as Record<string, unknown>) : undefined;
				const response = await h.dialpad.request(options.method as 'GET', path, body);
				return { statusCode: response.statusCode, body: response.body === null ? '' : JSON.stringify(response.body), headers: {} };
			},
		},
	} as unknown as IHookFunctions;
}

interface Delivery {
	contentType: string;
	raw: string;
	parsed: unknown;
}

function webhookContext(h: Harness, delivery: Delivery) {
	const response = { statusCode: 200, sent: undefined as unknown, ended: false };
	const res = {
		status: (code: number) => ((response.statusCode = code), res),
		send: (body: unknown) => ((response.sent = body), res),
		end: () => ((response.ended = true), res),
	};
	const ctx = {
		...baseContext(h),
		getMode: () => 'trigger',
		getRequestObject: () => ({ headers: { 'content-type': delivery.contentType }, body: delivery.parsed, rawBody: Buffer.from(delivery.raw) }),
		getResponseObject: () => res,
		helpers: {
			returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })),
			httpRequest: async (options: IHttpRequestOptions) => {
				expect(options.headers ?? {}).not.toHaveProperty('Authorization');
				h.downloads.push(String(options.url));
				return { statusCode: 200, headers: {}, body: Readable.from([Buffer.from(h.csv)]) };
			},
		},
	} as unknown as IWebhookFunctions;
	return { ctx, response };
}

function secretAtDialpad(h: Harness): string {
	const webhook = [...h.dialpad.entities.get('/webhooks')!.values()][0];
	return String((webhook.signature as { secret: string }).secret);
}

function sign(claims: unknown, secret: string, alg = 'HS256'): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const head = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
	return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

const jwtDelivery = (token: string): Delivery => ({ contentType: 'application/jwt', raw: token, parsed: {} });

const node = new DialpadTrigger();
const hooks = node.webhookMethods.default;

async function activate(h: Harness): Promise<void> {
	const ctx = hookContext(h);
	if (!(await hooks.checkExists.call(ctx))) await hooks.create.call(ctx);
}

async function deliver(h: Harness, delivery: Delivery) {
	const { ctx, response } = webhookContext(h, delivery);
	const result: IWebhookResponseData = await node.webhook.call(ctx);
	return { result, response };
}

const CALL_PARAMS = {
	event: 'call',
	callStates: ['missed', 'hangup'],
	targetType: 'callcenter',
	targetId: { __rl: true, mode: 'list', value: '5000000000000001' },
	groupCallsOnly: false,
	options: {},
};

function leg(callId: string, state = 'missed') {
	return {
		call_id: callId,
		entry_point_call_id: '6000000000000001',
		master_call_id: '6000000000000001',
		state,
		direction: 'inbound',
		external_number: '+14155557777',
		date_started: 1764680400000,
		duration: 12000,
		target: { id: 5000000000000001, type: 'callcenter', name: 'Support' },
	};
}

describe('Dialpad Trigger: call events', () => {
	it('registers, starts one execution for a three-leg missed call, refuses forgeries, and leaves nothing after delete', async () => {
		const h = harness(CALL_PARAMS);
		await activate(h);
		expect(h.dialpad.count('/webhooks')).toBe(1);
		expect(h.dialpad.count('/subscriptions/call')).toBe(1);
		const secret = secretAtDialpad(h);
		expect(JSON.stringify(h.staticData)).not.toContain(secret);

		const results = [];
		for (const callId of ['7000000000000001', '7000000000000002', '7000000000000003']) {
			results.push(await deliver(h, jwtDelivery(sign(leg(callId), secret))));
		}
		const executions = results.filter((r) => r.result.workflowData !== undefined);
		expect(executions).toHaveLength(1);
		const item = executions[0].result.workflowData![0][0].json;
		expect(item).toMatchObject({
			event_kind: 'call',
			event_state: 'missed',
			call_id: '7000000000000001',
			date_started: '2025-12-02T08:00:00.000-05:00',
			date_started_ms: 1764680400000,
			duration_ms: 12000,
			target: { id: '5000000000000001' },
		});
		expect(JSON.stringify(item)).not.toContain(secret);
		expect(results.slice(1).every((r) => r.response.statusCode === 200)).toBe(true);

		// The same call's hangup is another event.
		const hangup = await deliver(h, jwtDelivery(sign(leg('7000000000000001', 'hangup'), secret)));
		expect(hangup.result.workflowData).toBeDefined();

		for (const forged of [
			jwtDelivery(sign(leg('7000000000000009'), 'not-the-secret')),
			jwtDelivery(sign(leg('7000000000000009'), secret, 'none')),
			{ contentType: 'application/json', raw: JSON.stringify(leg('7000000000000009')), parsed: leg('7000000000000009') },
			{ contentType: 'text/plain', raw: '', parsed: '' },
		]) {
			const { result, response } = await deliver(h, forged);
			expect(result).toEqual({ noWebhookResponse: true });
			expect(response.statusCode).toBe(401);
		}

		await expect(hooks.checkExists.call(hookContext(h))).resolves.toBe(true);
		await hooks.delete.call(hookContext(h));
		expect(h.dialpad.total()).toBe(0);
		expect(h.staticData).toEqual({});
	});

	it('reads a JSON-quoted token and a text/plain token', async () => {
		const h = harness({ ...CALL_PARAMS, options: { oneItemPerCall: false } });
		await activate(h);
		const token = sign(leg('7000000000000001'), secretAtDialpad(h));
		for (const delivery of [
			{ contentType: 'application/json', raw: JSON.stringify(token), parsed: token },
			{ contentType: 'text/plain', raw: `${token}\n`, parsed: `${token}\n` },
		]) {
			expect((await deliver(h, delivery)).result.workflowData).toHaveLength(1);
		}
	});

	it('with One Item per Call off, every leg starts an execution', async () => {
		const h = harness({ ...CALL_PARAMS, options: { oneItemPerCall: false } });
		await activate(h);
		const secret = secretAtDialpad(h);
		let started = 0;
		for (const callId of ['1', '2', '3']) if ((await deliver(h, jwtDelivery(sign(leg(callId), secret)))).result.workflowData) started++;
		expect(started).toBe(3);
	});

	it('test mode: temporary static data, create then delete, nothing left', async () => {
		const h = harness(CALL_PARAMS);
		await activate(h);
		const test: Harness = { ...h, staticData: {} };
		await activate(test);
		expect(h.dialpad.count('/webhooks')).toBe(2);
		const testSecret = [...h.dialpad.entities.get('/webhooks')!.values()][1].signature as { secret: string };
		expect((await deliver(test, jwtDelivery(sign(leg('8000000000000001'), testSecret.secret)))).result.workflowData).toHaveLength(1);
		await hooks.delete.call(hookContext(test));
		expect(h.dialpad.count('/webhooks')).toBe(1);
		expect(h.dialpad.count('/subscriptions/call')).toBe(1);
	});

	it('rebuilds after the parameters change, removing the old registration', async () => {
		const h = harness(CALL_PARAMS);
		await activate(h);
		const oldWebhook = h.staticData.webhookId;
		h.params = { ...CALL_PARAMS, callStates: ['voicemail'] };
		await activate(h);
		expect(h.staticData.webhookId).not.toBe(oldWebhook);
		expect(h.dialpad.count('/webhooks')).toBe(1);
		expect([...h.dialpad.entities.get('/subscriptions/call')!.values()][0].call_states).toEqual(['voicemail']);
	});

	it('activation fails with Dialpad message and fix, leaving nothing behind', async () => {
		const h = harness({ ...CALL_PARAMS, targetType: 'none' });
		h.dialpad.failNext('POST', '/subscriptions/call', { statusCode: 400, body: { error: { message: 'Maximum of 10 company-wide subscriptions reached' } } });
		const error = (await activate(h).catch((e: unknown) => e)) as { message: string; description: string; httpCode: string };
		expect(error).toMatchObject({ httpCode: '400' });
		expect(error.message).toContain('Maximum of 10');
		expect(error.description).toMatch(/Narrow the Target/);
		expect(h.dialpad.total()).toBe(0);
		expect(JSON.stringify(error)).not.toContain(API_KEY);
	});

	it('says what to fix when the target is empty', async () => {
		const h = harness({ ...CALL_PARAMS, targetId: { __rl: true, mode: 'list', value: '' } });
		await expect(activate(h)).rejects.toThrow('Target is empty');
		expect(h.dialpad.log).toHaveLength(0);
	});
});

describe('Dialpad Trigger: agent status and scheduled reports', () => {
	it('registers agent status company-wide and types its events', async () => {
		const h = harness({ event: 'agentStatus', options: { timezone: 'UTC' } });
		await activate(h);
		expect(h.dialpad.log[1]).toMatchObject({ path: '/subscriptions/agent_status', body: { agent_type: 'callcenter' } });
		const { result } = await deliver(h, jwtDelivery(sign({ on_duty_status: 'unavailable', call_center_ids: ['1'], date: 1764680400000 }, secretAtDialpad(h))));
		expect(result.workflowData![0][0].json).toMatchObject({ event_kind: 'agentStatus', event_state: 'unavailable', date: '2025-12-02T13:00:00.000+00:00' });
	});

	it('downloads the CSV behind a scheduled report and emits typed rows, answering Dialpad first', async () => {
		const h = harness({ event: 'scheduledReport', reportType: 'daily_statistics', frequency: 'weekly', at: 9, onDay: 2, timezone: 'Europe/Berlin', targetType: 'none', options: {} });
		await activate(h);
		expect(h.dialpad.log[1].body).toMatchObject({ report_type: 'daily_statistics', frequency: 'weekly', at: 9, on_day: 2, timezone: 'Europe/Berlin', name: 'n8n: Missed calls to Slack' });
		h.csv = 'date,user_id,inbound_calls,talk_duration\n2026-12-01,5000000000000001,12,3.5\n2026-12-01,5000000000000002,7,1.25\n';
		const url = 'https://storage.example.com/report.csv?X-Signature=abc';
		const { result, response } = await deliver(h, jwtDelivery(sign({ report_type: 'daily_statistics', download_url: url }, secretAtDialpad(h))));
		expect(response).toMatchObject({ statusCode: 200, ended: true });
		expect(result.noWebhookResponse).toBe(true);
		const rows = result.workflowData![0].map((item) => item.json);
		expect(rows).toEqual([
			{ date: '2026-12-01', user_id: '5000000000000001', inbound_calls: 12, talk_duration: 3.5 },
			{ date: '2026-12-01', user_id: '5000000000000002', inbound_calls: 7, talk_duration: 1.25 },
		]);
		expect(h.downloads).toEqual([url]);
		expect(JSON.stringify(rows)).not.toContain('X-Signature');
	});

	it('passes a report event without a download link through as JSON', async () => {
		const h = harness({ event: 'scheduledReport', reportType: 'call_logs', frequency: 'daily', at: 7, timezone: '', targetType: 'none', options: {} });
		await activate(h);
		const { result } = await deliver(h, jwtDelivery(sign({ report_type: 'call_logs', rows: [{ a: 1 }] }, secretAtDialpad(h))));
		expect(result.workflowData![0][0].json).toMatchObject({ event_kind: 'scheduledReport', report_type: 'call_logs', rows: [{ a: 1 }] });
	});
});

describe('Dialpad Trigger: settings', () => {
	it('refuses an unknown timezone at activation, before calling Dialpad', async () => {
		const h = harness({ ...CALL_PARAMS, options: { timezone: 'Mars/Olympus' } });
		await expect(activate(h)).rejects.toThrow('Options > Timezone: "Mars/Olympus" is not a timezone');
		expect(h.dialpad.log).toHaveLength(0);
	});
});
