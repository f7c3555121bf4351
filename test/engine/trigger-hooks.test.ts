/**
 * The Dialpad Trigger's webhook hooks in n8n-core's own HookContext (n8n's parameter resolution,
 * static data, webhook URLs and authenticated HTTP helper), against the in-memory Dialpad push API
 * served over loopback HTTP. The real-n8n runs are in the e2e suites.
 */
import { HookContext } from 'n8n-core';
import { Workflow, type IDataObject, type INode, type INodeType, type INodeTypes, type IWebhookData, type WorkflowExecuteMode } from 'n8n-workflow';

import { DialpadTrigger } from '../../nodes/DialpadTrigger/DialpadTrigger.node';
import { FakeDialpadPush, serveOverHttp } from '../stand-ins/dialpad-push/fake-push-api';
import { engineAdditionalData } from '../support/engine/harness';

const API_KEY = 'engine-test-key';
const trigger = new DialpadTrigger();

class TriggerNodeTypes implements INodeTypes {
	getByName(): INodeType {
		return trigger;
	}
	getByNameAndVersion(): INodeType {
		return trigger;
	}
	getKnownTypes(): IDataObject {
		return {};
	}
}

let dialpad: FakeDialpadPush;
let served: Awaited<ReturnType<typeof serveOverHttp>>;

beforeEach(async () => {
	dialpad = new FakeDialpadPush();
	served = await serveOverHttp(dialpad);
});
afterEach(async () => await served.close());

function triggerNode(parameters: IDataObject): INode {
	return {
		id: 'dialpad-trigger-node',
		name: 'Dialpad Trigger',
		type: 'n8n-nodes-dialpad.dialpadTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId: '3f1c7b0e-1111-4222-8333-444455556666',
		parameters: parameters as INode['parameters'],
		credentials: { dialpadApi: { id: 'cred-1', name: 'Dialpad (fake)' } },
	};
}

/** What n8n's webhook service builds for each hook call: a context on the workflow (whose static data persists across calls). */
function hooksFor(workflow: Workflow, node: INode, mode: WorkflowExecuteMode = 'trigger') {
	const additionalData = engineAdditionalData({ apiKey: API_KEY, environment: 'custom', baseUrl: served.baseUrl }, undefined, 'hooks');
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: 'webhook',
		webhookDescription: trigger.description.webhooks![0],
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest: mode === 'manual',
	} as unknown as IWebhookData;
	const context = () => new HookContext(workflow, node, additionalData, mode, mode === 'manual' ? 'manual' : 'activate', webhookData);
	const methods = trigger.webhookMethods.default;
	return {
		checkExists: async () => await methods.checkExists.call(context()),
		create: async () => await methods.create.call(context()),
		delete: async () => await methods.delete.call(context()),
		/** n8n's createWebhookIfNotExists. */
		activate: async () => {
			if (!(await methods.checkExists.call(context()))) await methods.create.call(context());
		},
	};
}

function workflowWith(node: INode, staticData: IDataObject = {}): Workflow {
	return new Workflow({
		id: 'wf-engine',
		name: 'Missed calls',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new TriggerNodeTypes(),
		settings: { timezone: 'UTC' },
		staticData,
	});
}

const CALL = {
	event: 'call',
	callStates: ['missed', 'hangup'],
	targetType: 'callcenter',
	targetId: { __rl: true, mode: 'list', value: '5000000000000001', cachedResultName: 'Support' },
};

describe('Dialpad Trigger hooks in n8n-core', () => {
	it('activates: webhook on the production URL with the key as Bearer, subscription with the resolved target; deactivates leaving nothing', async () => {
		const node = triggerNode(CALL);
		const workflow = workflowWith(node);
		const hooks = hooksFor(workflow, node);
		await hooks.activate();
		const webhook = [...dialpad.entities.get('/webhooks')!.values()][0];
		expect(webhook.hook_url).toBe('http://127.0.0.1/webhook/3f1c7b0e-1111-4222-8333-444455556666/webhook');
		expect(served.authHeaders.every((header) => header === `Bearer ${API_KEY}`)).toBe(true);
		expect([...dialpad.entities.get('/subscriptions/call')!.values()][0]).toMatchObject({
			call_states: ['missed', 'hangup'],
			target_type: 'callcenter',
			target_id: '5000000000000001',
		});
		const staticData = workflow.getStaticData('node', node);
		expect(staticData).toMatchObject({ webhookId: webhook.id, registrationPath: '/subscriptions/call' });
		expect(JSON.stringify(staticData)).not.toContain(String((webhook.signature as { secret: string }).secret));

		// Re-activation with everything in place creates nothing new.
		await hooks.activate();
		expect(dialpad.log.filter((r) => r.method === 'POST')).toHaveLength(2);

		await hooks.delete();
		expect(dialpad.total()).toBe(0);
		expect(workflow.getStaticData('node', node)).toEqual({});
	});

	it('re-activation after the subscription was deleted in Dialpad (404) removes the leftover webhook and rebuilds both', async () => {
		const node = triggerNode(CALL);
		const workflow = workflowWith(node);
		const hooks = hooksFor(workflow, node);
		await hooks.activate();
		dialpad.entities.get('/subscriptions/call')!.clear();
		await expect(hooks.checkExists()).resolves.toBe(false);
		expect(dialpad.total()).toBe(0);
		await hooks.create();
		expect(dialpad.count('/webhooks')).toBe(1);
		expect(dialpad.count('/subscriptions/call')).toBe(1);
	});

	it('re-activation after the parameters changed rebuilds with the new ones', async () => {
		const node = triggerNode(CALL);
		const workflow = workflowWith(node);
		await hooksFor(workflow, node).activate();
		node.parameters.callStates = ['voicemail'];
		await hooksFor(workflow, node).activate();
		expect(dialpad.count('/webhooks')).toBe(1);
		expect([...dialpad.entities.get('/subscriptions/call')!.values()].map((s) => s.call_states)).toEqual([['voicemail']]);
	});

	it('rolls back when the subscription fails and shows Dialpad message with the fix', async () => {
		const node = triggerNode({ ...CALL, targetType: 'none' });
		const workflow = workflowWith(node);
		dialpad.failNext('POST', '/subscriptions/call', { statusCode: 400, body: { error: { message: 'Maximum of 10 company-wide subscriptions of this type reached' } } });
		const error = (await hooksFor(workflow, node).activate().catch((e: unknown) => e)) as { message: string; description: string; name: string };
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toContain('Maximum of 10 company-wide subscriptions');
		expect(error.description).toMatch(/Narrow the Target/);
		expect(dialpad.total()).toBe(0);
		expect(workflow.getStaticData('node', node)).toEqual({});
	});

	it('test mode registers on the test URL with its own static data, and delete removes it', async () => {
		const node = triggerNode(CALL);
		const production = workflowWith(node);
		await hooksFor(production, node).activate();
		const test = workflowWith(node, {});
		const hooks = hooksFor(test, node, 'manual');
		await hooks.activate();
		const urls = [...dialpad.entities.get('/webhooks')!.values()].map((w) => w.hook_url);
		expect(urls).toEqual([
			'http://127.0.0.1/webhook/3f1c7b0e-1111-4222-8333-444455556666/webhook',
			'http://127.0.0.1/webhook-test/3f1c7b0e-1111-4222-8333-444455556666/webhook',
		]);
		await hooks.delete();
		expect(dialpad.count('/webhooks')).toBe(1);
		expect(dialpad.count('/subscriptions/call')).toBe(1);
		expect(production.getStaticData('node', node)).toHaveProperty('webhookId');
	});
});
