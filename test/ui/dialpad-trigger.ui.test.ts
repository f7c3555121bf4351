/**
 * Dialpad Trigger's test mode in n8n's real editor: open the trigger, press **Listen for test
 * event**, let the simulator fire a missed call, and see the item in the output panel; n8n then
 * removes the temporary webhook and subscription from Dialpad (the simulator). Screenshots in .tmp/ui/.
 */
import type { BrowserContext, Page } from 'playwright-core';

import { byId, dialpadTrigger, noOp, until, workflow, DIALPAD_TRIGGER_WEBHOOK_PATH } from '../support/n8n/index';
import { everything, startPushApi, type PushApi } from '../e2e/push';
import { signIn } from './browser';
import { openNode, openWorkflow, outputItemCount, readOutputTable, step, STEP_TIMEOUT_MS } from './editor';
import { OWNER, startUiStack, type UiStack } from './harness';

const WEBHOOK_ID = '0c7f1a52-3b1e-4d7a-9a51-6d2f0e3c0201';
const TRIGGER = 'Missed call';

let stack: UiStack;
let context: BrowserContext;
let workflowId: string;
let push: PushApi;

beforeAll(async () => {
	stack = await startUiStack();
	push = await startPushApi(stack.sim);
	// A credential whose base URL is Dialpad's push API (saved as the editor saves one).
	const credential = await stack.server.rest<{ id?: string }>('POST', '/credentials', {
		name: 'Dialpad (push API)',
		type: 'dialpadApi',
		data: { apiKey: push.apiKey, environment: 'custom', baseUrl: push.baseUrl },
	});
	if (credential.status !== 200 || !credential.data?.id) throw new Error(`POST /rest/credentials answered ${credential.status}`);
	const pushCredential = { id: credential.data.id, name: 'Dialpad (push API)' };
	const wf = workflow(
		'',
		'UI: Dialpad Trigger test mode',
		[
			dialpadTrigger(
				TRIGGER,
				{ event: 'call', callStates: ['missed'], targetType: 'callcenter', targetId: byId(stack.callCenters[0].id), options: {} },
				pushCredential,
				WEBHOOK_ID,
			),
			noOp('Next'),
		],
		[[TRIGGER, 'Next']],
	);
	const created = await stack.server.rest<{ id?: string }>('POST', '/workflows', {
		name: wf.name,
		nodes: wf.nodes,
		connections: wf.connections,
		settings: wf.settings,
	});
	if (created.status !== 200 || !created.data?.id) throw new Error(`POST /rest/workflows answered ${created.status}`);
	workflowId = created.data.id;
	context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 } });
}, 10 * 60_000);

afterAll(async () => {
	console.log(`UI trigger timings:\n${stack?.timer.report()}`);
	await context?.close().catch(() => undefined);
	await push?.close();
	await stack?.stop();
});

test('Listen for test event, fire a missed call: the item shows in the panel; nothing is left at Dialpad afterwards', async () => {
	const page: Page = await context.newPage();
	page.setDefaultTimeout(STEP_TIMEOUT_MS);
	await step(page, 'trigger-signed-in', () => signIn(page, stack.baseUrl, OWNER.email, OWNER.password));
	await step(page, 'trigger-workflow-open', () => openWorkflow(page, stack.baseUrl, workflowId));
	await step(page, 'trigger-node-open', () => openNode(page, TRIGGER));

	const testUrl = `${stack.n8n.env.WEBHOOK_URL}webhook-test/${WEBHOOK_ID}/${DIALPAD_TRIGGER_WEBHOOK_PATH}`;
	await step(page, 'trigger-listening', async () => {
		// n8n 2.40.7 labels the button Execute step; pressed on a webhook trigger, it listens for a test event.
		const listen = page.getByTestId('node-execute-button');
		await listen.waitFor();
		await listen.click();
		await page.getByText(/Listening for test event/i).first().waitFor({ timeout: STEP_TIMEOUT_MS });
		await until('the simulator holds the test webhook and its subscription', () => {
			const reg = push.registered();
			const hook = reg.webhooks.find((h) => h.hook_url === testUrl);
			return hook !== undefined && reg.subscriptions.some((sub) => String(sub.endpoint_id) === hook.id);
		});
	});

	const deliveries = (await push.fireCall({ state: 'missed', targetType: 'callcenter', targetId: stack.callCenters[0].id, legs: 1 })).filter(
		(d) => d.hookUrl === testUrl,
	);
	expect(deliveries.map((d) => d.status)).toEqual([200]);

	const output = page.getByTestId('output-panel');
	await step(page, 'trigger-item-in-panel', () => output.getByTestId('ndv-items-count').waitFor({ timeout: STEP_TIMEOUT_MS }));
	expect(await outputItemCount(output)).toBe(1);
	const { values } = await readOutputTable(page, output, 'call_id');
	expect(values).toEqual([String(deliveries[0].event.call_id)]);

	await until('n8n removed the test webhook and subscription from the simulator', () => everything(push.registered()).length === 0);
	await page.close();
});
