/** The trigger's registration at Dialpad: create with rollback, checkExists by stored id, delete in order. */
import { isRegistered, register, unregister, type RegistrationState } from '../../nodes/DialpadTrigger/registration';
import { ReportError } from '../../nodes/shared/errors/reportError';
import type { TriggerSettings } from '../../nodes/shared/push/registration';
import { FakeDialpadPush } from '../stand-ins/dialpad-push/fake-push-api';

const HOOK_URL = 'https://n8n.example.com/webhook/abc/webhook';
const SECRET = { salt: 'salt-1', value: 'secret-1' };

const CALL: TriggerSettings = {
	event: 'call',
	targetType: 'callcenter',
	targetId: '5000000000000001',
	callStates: ['missed', 'hangup'],
	groupCallsOnly: false,
	direction: '',
	includeInternal: false,
	reportType: '',
	frequency: '',
	at: 0,
	onDay: 0,
	timezone: '',
	reportName: 'n8n: test',
};

function logger() {
	const lines: string[] = [];
	return { lines, warn: (m: string) => lines.push(`warn ${m}`), info: (m: string) => lines.push(`info ${m}`) };
}

async function registered(dialpad: FakeDialpadPush, settings = CALL) {
	const state: RegistrationState = {};
	await register(dialpad.request, state, settings, HOOK_URL, SECRET, logger());
	return state;
}

const secretFor = async () => SECRET.value;

describe('register', () => {
	it('creates the webhook with the secret, then the subscription pointing at it, and stores both ids', async () => {
		const dialpad = new FakeDialpadPush();
		const state = await registered(dialpad);
		expect(dialpad.log.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /webhooks', 'POST /subscriptions/call']);
		expect(dialpad.log[0].body).toEqual({ hook_url: HOOK_URL, secret: SECRET.value });
		expect(dialpad.log[1].body).toEqual({
			endpoint_id: state.webhookId,
			enabled: true,
			call_states: ['missed', 'hangup'],
			group_calls_only: false,
			target_type: 'callcenter',
			target_id: '5000000000000001',
		});
		expect(state).toMatchObject({ webhookId: expect.stringMatching(/^\d{16}$/), registrationId: expect.stringMatching(/^\d{16}$/), secretSalt: 'salt-1' });
		expect(JSON.stringify(state)).not.toContain(SECRET.value);
	});

	it.each([
		['agent status', { ...CALL, event: 'agentStatus' as const, targetType: '', targetId: '' }, '/subscriptions/agent_status', { agent_type: 'callcenter' }],
		['sms', { ...CALL, event: 'sms' as const, direction: 'inbound', includeInternal: true }, '/subscriptions/sms', { direction: 'inbound', include_internal: true }],
		[
			'a daily scheduled report (on_day 0)',
			{ ...CALL, event: 'scheduledReport' as const, reportType: 'daily_statistics', frequency: 'daily', at: 7, onDay: 3, timezone: 'UTC' },
			'/schedulereports',
			{ report_type: 'daily_statistics', frequency: 'daily', at: 7, on_day: 0, timezone: 'UTC', name: 'n8n: test' },
		],
	])('registers %s', async (_name, settings, path, fields) => {
		const dialpad = new FakeDialpadPush();
		await registered(dialpad, settings);
		expect(dialpad.log[1]).toMatchObject({ method: 'POST', path, body: expect.objectContaining(fields) });
	});

	it('rolls the webhook back when the subscription is refused, and says what to do about the cap', async () => {
		const dialpad = new FakeDialpadPush();
		const companyWide = { ...CALL, targetType: '', targetId: '' };
		for (let i = 0; i < 10; i++) await registered(dialpad, companyWide);
		const before = dialpad.total();
		const state: RegistrationState = {};
		const error = await register(dialpad.request, state, companyWide, HOOK_URL, SECRET, logger()).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ReportError);
		expect((error as ReportError).message).toContain('Maximum of 10 company-wide subscriptions');
		expect((error as ReportError).description).toMatch(/Narrow the Target/);
		expect((error as ReportError).httpCode).toBe(400);
		expect(dialpad.total()).toBe(before);
		expect(state).toEqual({});
		expect(dialpad.log.slice(-1)[0]).toMatchObject({ method: 'DELETE', path: expect.stringMatching(/^\/webhooks\//) });
	});

	it('says so when the rollback itself fails, and keeps the id to retry', async () => {
		const dialpad = new FakeDialpadPush();
		dialpad.failNext('POST', '/subscriptions/call', { statusCode: 500, body: { error: { message: 'boom' } } });
		dialpad.failNext('DELETE', '/webhooks', { statusCode: 500, body: null });
		const state: RegistrationState = {};
		const log = logger();
		const error = (await register(dialpad.request, state, CALL, HOOK_URL, SECRET, log).catch((e: unknown) => e)) as ReportError;
		expect(error.message).toContain('boom');
		expect(error.description).toMatch(/could not be deleted again: delete it in Dialpad/);
		expect(state.webhookId).toBeDefined();
		expect(log.lines.join('\n')).toMatch(/could not delete the webhook/);
	});

	it('throws a clear error when the webhook itself is refused, with nothing to roll back', async () => {
		const dialpad = new FakeDialpadPush();
		dialpad.failNext('POST', '/webhooks', { statusCode: 401, body: { error: { message: 'invalid api key' } } });
		const error = (await register(dialpad.request, {}, CALL, HOOK_URL, SECRET, logger()).catch((e: unknown) => e)) as ReportError;
		expect(error.message).toMatch(/rejected the API key.*invalid api key/);
		expect(dialpad.log).toHaveLength(1);
	});
});

describe('isRegistered (checkExists)', () => {
	it('is true when both stored ids are there with the same URL, secret and settings', async () => {
		const dialpad = new FakeDialpadPush();
		const state = await registered(dialpad);
		await expect(isRegistered(dialpad.request, state, CALL, HOOK_URL, secretFor, logger())).resolves.toBe(true);
		expect(dialpad.total()).toBe(2);
	});

	it.each([
		['the webhook answers 404', (d: FakeDialpadPush, s: RegistrationState) => d.entities.get('/webhooks')!.delete(s.webhookId!), CALL, HOOK_URL],
		['the subscription answers 404', (d: FakeDialpadPush, s: RegistrationState) => d.entities.get('/subscriptions/call')!.delete(s.registrationId!), CALL, HOOK_URL],
		['the call states changed', () => undefined, { ...CALL, callStates: ['missed'] }, HOOK_URL],
		['the target changed', () => undefined, { ...CALL, targetId: '5000000000000002' }, HOOK_URL],
		['the webhook URL changed', () => undefined, CALL, 'https://other.example.com/webhook/abc/webhook'],
		[
			'the subscription was edited in Dialpad',
			(d: FakeDialpadPush, s: RegistrationState) => (d.entities.get('/subscriptions/call')!.get(s.registrationId!)!.call_states = ['all']),
			CALL,
			HOOK_URL,
		],
	])('is false and clears what is left when %s', async (_name, change, settings, hookUrl) => {
		const dialpad = new FakeDialpadPush();
		const state = await registered(dialpad);
		change(dialpad, state);
		await expect(isRegistered(dialpad.request, state, settings, hookUrl, secretFor, logger())).resolves.toBe(false);
		expect(dialpad.total()).toBe(0);
		expect(state).toEqual({});
	});

	it('is false when the API key (so the derived secret) changed', async () => {
		const dialpad = new FakeDialpadPush();
		const state = await registered(dialpad);
		await expect(isRegistered(dialpad.request, state, CALL, HOOK_URL, async () => 'another', logger())).resolves.toBe(false);
		expect(dialpad.total()).toBe(0);
	});

	it('is false with nothing stored, without calling Dialpad', async () => {
		const dialpad = new FakeDialpadPush();
		await expect(isRegistered(dialpad.request, {}, CALL, HOOK_URL, secretFor, logger())).resolves.toBe(false);
		expect(dialpad.log).toHaveLength(0);
	});

	it('throws when Dialpad cannot answer, rather than creating a second webhook', async () => {
		const dialpad = new FakeDialpadPush();
		const state = await registered(dialpad);
		dialpad.failNext('GET', '/webhooks', { statusCode: 503, body: 'unavailable' });
		await expect(isRegistered(dialpad.request, state, CALL, HOOK_URL, secretFor, logger())).rejects.toThrow(/HTTP 503/);
		expect(dialpad.total()).toBe(2);
	});
});

describe('unregister (delete)', () => {
	it('deletes the subscription first and the webhook last, leaving nothing', async () => {
		const dialpad = new FakeDialpadPush();
		const state = await registered(dialpad);
		dialpad.log.length = 0;
		await expect(unregister(dialpad.request, state, logger())).resolves.toBe(true);
		expect(dialpad.log.map((r) => r.method + ' ' + r.path.split('/').slice(0, -1).join('/'))).toEqual([
			'DELETE /subscriptions/call',
			'DELETE /webhooks',
		]);
		expect(dialpad.total()).toBe(0);
		expect(state).toEqual({});
	});

	it('takes a 404 as already gone', async () => {
		const dialpad = new FakeDialpadPush();
		const state = await registered(dialpad);
		dialpad.entities.get('/subscriptions/call')!.clear();
		await expect(unregister(dialpad.request, state, logger())).resolves.toBe(true);
		expect(dialpad.total()).toBe(0);
	});

	it('logs a failure and keeps the ids of what is still there', async () => {
		const dialpad = new FakeDialpadPush();
		const state = await registered(dialpad);
		dialpad.failNext('DELETE', '/webhooks', { statusCode: 500, body: null });
		const log = logger();
		await expect(unregister(dialpad.request, state, log)).resolves.toBe(false);
		expect(log.lines).toEqual([expect.stringMatching(/^warn .*could not delete the webhook .*HTTP 500/)]);
		expect(state.webhookId).toBeDefined();
		expect(state.registrationId).toBeUndefined();
		await expect(unregister(dialpad.request, state, log)).resolves.toBe(true);
		expect(dialpad.total()).toBe(0);
	});
});
