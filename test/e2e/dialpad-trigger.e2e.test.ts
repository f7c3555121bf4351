/**
 * Dialpad Trigger in a real n8n (2.40.7, `n8n start` on loopback with WEBHOOK_URL set to it) against
 * the simulator's push API. For call events, agent status and a scheduled report: publish a workflow
 * (Dialpad Trigger -> a next node) through the REST API, wait for n8n's asynchronous activation (the
 * simulator then holds the webhook and its subscription or report), let the simulator fire signed
 * events, read back the executions n8n saved, send a forged event (401, no execution), unpublish,
 * and check that the simulator holds nothing any more. Then the three trigger examples of examples/,
 * their Slack and Google Sheets nodes disabled (a disabled node passes its input on: what reached
 * it is what would have been posted or appended).
 */
import type { Simulator } from '../stand-ins/dialpad/index';
import {
	DIALPAD_TRIGGER_WEBHOOK_PATH,
	EXAMPLE_CREDENTIAL,
	createWorkflow,
	dialpadCredential,
	freePort,
	listenForTestEvent,
	dialpadTrigger,
	dialpadTriggerNodes,
	loadExample,
	nodeJson,
	nodeRan,
	noOp,
	offlineCopy,
	productionWebhookPath,
	publishWorkflow,
	readExecution,
	retargetExample,
	thirdPartyNodes,
	unpublishWorkflow,
	until,
	untilActivated,
	workflow,
	byId,
	type CallCenterRef,
	type ExecutionSummary,
	type Json,
	type N8nInstance,
	type RunningN8n,
	type SavedExecution,
	type WorkflowFile,
} from '../support/n8n/index';
import { ISO_WITH_OFFSET, StepTimer, parseCsv, removePackedTarball, startSuite, typingProblem } from './harness';
import { everything, startPushApi, type Delivery, type PushApi } from './push';


const OWNER = { email: 'e2e-trigger@dialpad-n8n.local', password: 'E2e-Trigger-2026', firstName: 'E2E', lastName: 'Trigger' };
const TZ = 'America/Chicago';

const timer = new StepTimer();
let sim: Simulator;
let n8n: N8nInstance;
let server: RunningN8n;
let cc: CallCenterRef[];
let push: PushApi;

/** A published workflow and where Dialpad must deliver to. */
interface Live {
	id: string;
	hookUrl: string;
}

function hookUrlOf(wf: WorkflowFile): string {
	const [trigger] = dialpadTriggerNodes(wf);
	return `${n8n.env.WEBHOOK_URL}webhook/${productionWebhookPath(trigger, DIALPAD_TRIGGER_WEBHOOK_PATH)}`;
}

/** Creates, publishes and waits until the simulator holds this workflow's webhook and `what`. */
async function goLive(wf: WorkflowFile, what: (endpointId: string) => boolean): Promise<Live> {
	const hookUrl = hookUrlOf(wf);
	const [trigger] = dialpadTriggerNodes(wf);
	const id = await createWorkflow(server, wf);
	await timer.time(`publish "${wf.name}" until live`, async () => {
		await publishWorkflow(server, id);
		await untilActivated(server, id, {
			webhookPath: productionWebhookPath(trigger, DIALPAD_TRIGGER_WEBHOOK_PATH),
			ready: () => {
				const hook = push.registered().webhooks.find((h) => h.hook_url === hookUrl);
				return hook !== undefined && what(hook.id);
			},
		});
	});
	return { id, hookUrl };
}

/** Unpublishes; resolves once the simulator holds no webhook, subscription or report at all. */
async function goOffline(live: Live): Promise<void> {
	await timer.time('unpublish until the simulator holds nothing', async () => {
		await unpublishWorkflow(server, live.id);
		await until('nothing registered at the simulator', () => everything(push.registered()).length === 0);
	});
}

async function executionsOf(live: Live): Promise<ExecutionSummary[]> {
	return await server.executions({ workflowId: live.id });
}

/**
 * The executions the deliveries started, once n8n has saved them all: waits for `expected`, then a
 * little longer so that a surplus execution (a duplicate leg let through) would show.
 */
async function settledExecutions(live: Live, expected: number): Promise<SavedExecution[]> {
	await until(`${expected} execution(s) of workflow ${live.id} finished`, async () => {
		const done = (await executionsOf(live)).filter((e) => e.status !== 'running' && e.status !== 'new');
		return done.length >= expected;
	}, 30_000);
	await new Promise((resolve) => setTimeout(resolve, 1500));
	const all = await executionsOf(live);
	return await Promise.all(all.map((e) => readExecution(server, n8n.runtime, String(e.id))));
}

function toUs(deliveries: Delivery[], live: Live): Delivery[] {
	return deliveries.filter((d) => d.hookUrl === live.hookUrl);
}

beforeAll(async () => {
	// The credential points at Dialpad's push API: the stand-in's port is chosen first, the credential
	// import runs while the package builds.
	const pushPort = await freePort();
	({ sim, n8n, callCenters: cc } = await startSuite(timer, (s) => [
		dialpadCredential(EXAMPLE_CREDENTIAL.id, EXAMPLE_CREDENTIAL.name, { apiKey: s.apiKey, environment: 'custom', baseUrl: `http://127.0.0.1:${pushPort}` }),
	]));
	push = await startPushApi(sim, pushPort);
	server = await timer.time('n8n start (until ready)', () => n8n.start());
	await server.ensureOwner(OWNER);
}, 10 * 60_000);

afterAll(async () => {
	console.log(`trigger e2e timings (n8n ${n8n?.runtime.version}, user folder ${n8n?.userFolder}):\n${timer.report()}`);
	await server?.stop();
	await push?.close();
	await sim?.close();
	if (n8n && !process.env.KEEP_E2E) await n8n.dispose();
	await removePackedTarball();
});

describe('call events: a call center, missed and hangup', () => {
	let live: Live;
	let callCenter: CallCenterRef;

	beforeAll(async () => {
		callCenter = cc[0];
		const wf = workflow(
			'trigger-call',
			'E2E: Dialpad Trigger, missed and hangup calls of a call center',
			[
				dialpadTrigger(
					'Call event',
					{ event: 'call', callStates: ['missed', 'hangup'], targetType: 'callcenter', targetId: byId(callCenter.id), options: { timezone: TZ } },
					EXAMPLE_CREDENTIAL,
					'0c7f1a52-3b1e-4d7a-9a51-6d2f0e3c0001',
				),
				noOp('Next'),
			],
			[['Call event', 'Next']],
		);
		live = await goLive(wf, (endpointId) =>
			push.registered().subscriptions.some((sub) => sub.kind === 'call' && String(sub.endpoint_id) === endpointId),
		);
	}, 5 * 60_000);

	test('the simulator holds one webhook to the production URL and one call subscription for the call center, missed and hangup', () => {
		const reg = push.registered();
		expect(reg.webhooks.map((h) => h.hook_url)).toEqual([live.hookUrl]);
		expect(live.hookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/0c7f1a52-3b1e-4d7a-9a51-6d2f0e3c0001\/webhook$/);
		expect(reg.subscriptions).toHaveLength(1);
		const [sub] = reg.subscriptions;
		expect(sub).toMatchObject({ kind: 'call', target_type: 'callcenter', target_id: callCenter.id });
		expect([...(sub.call_states as string[])].sort()).toEqual(['hangup', 'missed']);
	});

	test('a three-leg missed call: three deliveries answered 200, exactly one execution, with typed fields', async () => {
		const deliveries = toUs(
			await timer.time('fire a three-leg missed call', () =>
				push.fireCall({ state: 'missed', targetType: 'callcenter', targetId: callCenter.id, legs: 3 }),
			),
			live,
		);
		expect(deliveries).toHaveLength(3);
		expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
		const callIds = new Set(deliveries.map((d) => String(d.event.call_id)));
		expect(callIds.size).toBe(3);

		const executions = await settledExecutions(live, 1);
		expect(executions).toHaveLength(1);
		const [run] = executions;
		expect(run.mode).toBe('webhook');
		expect(run.status).toBe('success');
		const items = nodeJson(run, 'Next');
		expect(items).toHaveLength(1);
		const [item] = items;
		const sent = deliveries.find((d) => d.event.call_id === item.call_id)?.event;
		expect(sent).toBeDefined();
		expect(item).toMatchObject({ event_kind: 'call', event_state: 'missed', state: 'missed', call_id: String(sent?.call_id) });
		expect(typeof item.call_id).toBe('string');
		expect(typeof item.master_call_id === 'string' || typeof item.entry_point_call_id === 'string').toBe(true);
		// Epoch milliseconds became ISO 8601 in the chosen time zone; the raw milliseconds are kept beside.
		expect(String(item.event_timestamp)).toMatch(ISO_WITH_OFFSET);
		expect(String(item.event_timestamp)).toMatch(/-0[56]:00$/);
		expect(item.event_timestamp_ms).toBe(Number(sent?.event_timestamp));
		expect(new Date(String(item.event_timestamp)).getTime()).toBe(Number(sent?.event_timestamp));
		expect(JSON.stringify(items)).not.toMatch(/secret/i);
	});

	test('a forged event (signed with another secret): 401 and no execution', async () => {
		const before = (await executionsOf(live)).length;
		const deliveries = toUs(
			await push.fireCall({ state: 'hangup', targetType: 'callcenter', targetId: callCenter.id, legs: 1, signing: 'forged' }),
			live,
		);
		expect(deliveries.map((d) => d.status)).toEqual([401]);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await executionsOf(live)).toHaveLength(before);
	});

	test('unpublished: the simulator holds no webhook and no subscription', async () => {
		await goOffline(live);
		expect(everything(push.registered())).toEqual([]);
	});
});

describe('agent status', () => {
	let live: Live;

	beforeAll(async () => {
		const wf = workflow(
			'trigger-agent',
			'E2E: Dialpad Trigger, agent status',
			[
				dialpadTrigger('Agent status', { event: 'agentStatus', options: { timezone: TZ } }, EXAMPLE_CREDENTIAL, '0c7f1a52-3b1e-4d7a-9a51-6d2f0e3c0002'),
				noOp('Next'),
			],
			[['Agent status', 'Next']],
		);
		live = await goLive(wf, (endpointId) =>
			push.registered().subscriptions.some((sub) => sub.kind === 'agent_status' && String(sub.endpoint_id) === endpointId),
		);
	}, 5 * 60_000);

	test('one agent-status subscription for call-center agents, whole company', () => {
		const { subscriptions } = push.registered();
		expect(subscriptions).toHaveLength(1);
		expect(subscriptions[0]).toMatchObject({ kind: 'agent_status', agent_type: 'callcenter' });
	});

	test('an agent goes unavailable: one execution, typed fields', async () => {
		const deliveries = toUs(await push.fireAgentStatus({ onDutyStatus: 'unavailable' }), live);
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		const [run, ...more] = await settledExecutions(live, 1);
		expect(more).toEqual([]);
		const [item] = nodeJson(run, 'Next');
		expect(item).toMatchObject({ event_kind: 'agentStatus', event_state: 'unavailable', on_duty_status: 'unavailable' });
		const sent = deliveries[0].event;
		expect(String(item.event_timestamp)).toMatch(ISO_WITH_OFFSET);
		expect(new Date(String(item.event_timestamp)).getTime()).toBe(Number(sent.event_timestamp));
		expect(item.event_timestamp_ms).toBe(Number(sent.event_timestamp));
	});

	test('a forged event: 401 and no execution', async () => {
		const before = (await executionsOf(live)).length;
		const deliveries = toUs(await push.fireAgentStatus({ onDutyStatus: 'available', signing: 'forged' }), live);
		expect(deliveries.map((d) => d.status)).toEqual([401]);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await executionsOf(live)).toHaveLength(before);
	});

	test('unpublished: the simulator holds no webhook and no subscription', async () => {
		await goOffline(live);
		expect(everything(push.registered())).toEqual([]);
	});
});

describe('a scheduled report with a CSV behind it', () => {
	let live: Live;
	let callCenter: CallCenterRef;

	beforeAll(async () => {
		callCenter = cc[1] ?? cc[0];
		const wf = workflow(
			'trigger-report',
			'E2E: Dialpad Trigger, daily statistics every day at 7',
			[
				dialpadTrigger(
					'Scheduled report',
					{
						event: 'scheduledReport',
						reportType: 'daily_statistics',
						frequency: 'daily',
						at: 7,
						timezone: TZ,
						targetType: 'callcenter',
						targetId: byId(callCenter.id),
						options: {},
					},
					EXAMPLE_CREDENTIAL,
					'0c7f1a52-3b1e-4d7a-9a51-6d2f0e3c0003',
				),
				noOp('Next'),
			],
			[['Scheduled report', 'Next']],
		);
		live = await goLive(wf, (endpointId) => push.registered().reports.some((report) => String(report.endpoint_id) === endpointId));
	}, 5 * 60_000);

	test('one scheduled report: daily statistics of the call center, daily at 7 in the chosen time zone', () => {
		const { reports, subscriptions } = push.registered();
		expect(subscriptions).toEqual([]);
		expect(reports).toHaveLength(1);
		expect(reports[0]).toMatchObject({
			report_type: 'daily_statistics',
			frequency: 'daily',
			at: 7,
			on_day: 0,
			timezone: TZ,
			target_type: 'callcenter',
			target_id: callCenter.id,
		});
	});

	test('the delivery: one execution, one typed item per CSV row', async () => {
		const deliveries = toUs(await push.fireScheduledReport(), live);
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		const { header, rows } = parseCsv(push.reportCsv(deliveries[0]));
		expect(rows.length).toBeGreaterThan(0);
		const [run, ...more] = await settledExecutions(live, 1);
		expect(more).toEqual([]);
		expect(run.status).toBe('success');
		const items = nodeJson(run, 'Next');
		expect(items).toHaveLength(rows.length);
		const problems: string[] = [];
		rows.forEach((row, index) => {
			for (const column of header) {
				const problem = typingProblem(column, row[column], items[index][column], TZ);
				if (problem) problems.push(`row ${index}: ${problem}`);
			}
		});
		expect(problems.slice(0, 10)).toEqual([]);
		// The signed download URL is not an item field.
		expect(JSON.stringify(items)).not.toContain(String(deliveries[0].event.download_url));
	});

	test('a forged delivery: 401 and no execution', async () => {
		const before = (await executionsOf(live)).length;
		const deliveries = toUs(await push.fireScheduledReport({ signing: 'forged' }), live);
		expect(deliveries.map((d) => d.status)).toEqual([401]);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await executionsOf(live)).toHaveLength(before);
	});

	test('unpublished: the simulator holds no webhook and no scheduled report', async () => {
		await goOffline(live);
		expect(everything(push.registered())).toEqual([]);
	});
});

describe('test mode: Listen for test event', () => {
	test('a temporary webhook and subscription on the test URL; the first event shows as a manual execution; then nothing is left', async () => {
		const webhookId = '0c7f1a52-3b1e-4d7a-9a51-6d2f0e3c0004';
		const wf = workflow(
			'trigger-test-mode',
			'E2E: Dialpad Trigger, test mode',
			[
				dialpadTrigger(
					'Call event',
					{ event: 'call', callStates: ['missed'], targetType: 'callcenter', targetId: byId(cc[0].id), options: { timezone: TZ } },
					EXAMPLE_CREDENTIAL,
					webhookId,
				),
				noOp('Next'),
			],
			[['Call event', 'Next']],
		);
		const id = await createWorkflow(server, wf);
		const testUrl = `${n8n.env.WEBHOOK_URL}webhook-test/${webhookId}/${DIALPAD_TRIGGER_WEBHOOK_PATH}`;
		await listenForTestEvent(server, id, 'Call event');
		await until('the simulator holds the test webhook and its subscription', () => {
			const reg = push.registered();
			const hook = reg.webhooks.find((h) => h.hook_url === testUrl);
			return hook !== undefined && reg.subscriptions.some((sub) => String(sub.endpoint_id) === hook.id);
		});
		const deliveries = (await push.fireCall({ state: 'missed', targetType: 'callcenter', targetId: cc[0].id, legs: 1 })).filter(
			(d) => d.hookUrl === testUrl,
		);
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		const live = { id, hookUrl: testUrl };
		const [run, ...more] = await settledExecutions(live, 1);
		expect(more).toEqual([]);
		expect(run.mode).toBe('manual');
		expect(nodeJson(run, 'Next')).toEqual([expect.objectContaining({ event_kind: 'call', state: 'missed', call_id: String(deliveries[0].event.call_id) })]);
		await until('n8n removed the test webhook and subscription', () => everything(push.registered()).length === 0);
	});
});

describe('the trigger examples, published, up to the third-party node', () => {
	function exampleCopy(file: string): WorkflowFile {
		const copy = offlineCopy(retargetExample(loadExample(file), cc), { timezone: TZ });
		expect(thirdPartyNodes(loadExample(file)).every((node) => copy.nodes.find((n) => n.name === node.name)?.disabled)).toBe(true);
		return copy;
	}

	function triggerOf(wf: WorkflowFile) {
		const [trigger] = dialpadTriggerNodes(wf);
		return trigger;
	}

	test('a missed call from a VIP number reaches Slack within seconds; one from another number does not', async () => {
		const file = 'dialpad-trigger-vip-missed-call-to-slack.json';
		const wf = exampleCopy(file);
		const target = String((triggerOf(wf).parameters.targetId as Json).value);
		const vip = /\['(\+\d+)'/.exec(JSON.stringify(wf.nodes.find((n) => n.name === 'From a VIP number?')?.parameters))?.[1];
		expect(vip).toBeDefined();
		const live = await goLive(wf, (endpointId) => push.registered().subscriptions.some((sub) => String(sub.endpoint_id) === endpointId));
		try {
			const fired = Date.now();
			const vipCall = toUs(await push.fireCall({ state: 'missed', targetType: 'callcenter', targetId: target, legs: 2, externalNumber: vip }), live);
			const otherCall = toUs(await push.fireCall({ state: 'missed', targetType: 'callcenter', targetId: target, legs: 1, externalNumber: '+15555550100' }), live);
			expect([...vipCall, ...otherCall].every((d) => d.status === 200)).toBe(true);
			const executions = await settledExecutions(live, 2);
			expect(executions).toHaveLength(2);
			const postedBy = (run: SavedExecution) => (nodeRan(run, 'Post to Slack') ? nodeJson(run, 'Post to Slack') : []);
			const posted = executions.flatMap(postedBy);
			expect(posted).toHaveLength(1);
			expect(posted[0]).toMatchObject({ external_number: vip, state: 'missed' });
			const vipRun = executions.find((run) => postedBy(run).length === 1);
			// The other call stopped at the IF (its false branch).
			expect(executions.filter((run) => postedBy(run).length === 0).flatMap((run) => nodeJson(run, 'From a VIP number?', 1))).toEqual([
				expect.objectContaining({ external_number: '+15555550100' }),
			]);
			const startedMs = new Date(String(vipRun?.startedAt)).getTime();
			console.log(`VIP missed call: fired -> execution started in ${startedMs - fired} ms`);
			expect(startedMs - fired).toBeLessThan(10_000);
		} finally {
			await goOffline(live);
		}
	});

	test('agent status changes become rows for Google Sheets', async () => {
		const wf = exampleCopy('dialpad-trigger-agent-status-to-google-sheets.json');
		const live = await goLive(wf, (endpointId) => push.registered().subscriptions.some((sub) => String(sub.endpoint_id) === endpointId));
		try {
			const deliveries = [
				...toUs(await push.fireAgentStatus({ onDutyStatus: 'unavailable' }), live),
				...toUs(await push.fireAgentStatus({ onDutyStatus: 'available' }), live),
			];
			expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
			const executions = await settledExecutions(live, 2);
			const rows = executions.flatMap((run) => nodeJson(run, 'Append to Google Sheets'));
			expect(rows.map((row) => row.status).sort()).toEqual(['available', 'unavailable']);
			for (const row of rows) {
				expect(Object.keys(row).sort()).toEqual(['agent', 'call_centers', 'changed_at', 'reason', 'status']);
				expect(String(row.changed_at)).toMatch(ISO_WITH_OFFSET);
			}
		} finally {
			await goOffline(live);
		}
	});

	test('a daily-statistics push becomes one row per CSV row for Google Sheets', async () => {
		const wf = exampleCopy('dialpad-trigger-daily-statistics-to-google-sheets.json');
		const live = await goLive(wf, (endpointId) => push.registered().reports.some((report) => String(report.endpoint_id) === endpointId));
		try {
			expect(push.registered().reports[0]).toMatchObject({ report_type: 'daily_statistics', frequency: 'daily', at: 7 });
			const deliveries = toUs(await push.fireScheduledReport(), live);
			expect(deliveries.map((d) => d.status)).toEqual([200]);
			const { rows } = parseCsv(push.reportCsv(deliveries[0]));
			const [run] = await settledExecutions(live, 1);
			expect(nodeJson(run, 'Append to Google Sheets')).toHaveLength(rows.length);
		} finally {
			await goOffline(live);
		}
	});
});
