import { randomBytes } from 'crypto';
import {
	NodeApiError,
	NodeOperationError,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type JsonObject,
} from 'n8n-workflow';

import { MAIN_CONNECTION } from '../DialpadStats/hostCompat';
import { listSearch } from '../DialpadStats/methods/listSearch';
import { ReportError } from '../DialpadStats/report/errors';
import { CREDENTIAL_TYPE } from '../DialpadStats/transport';
import { triggerProperties } from './description/trigger';
import { createPushRequest, deriveWebhookSecret, webhookSecret } from './pushApi';
import { receiveDelivery } from './receive';
import { isRegistered, register, unregister, type RegistrationState } from './registration';
import { readSettings } from './settings';

/** n8n's error for a registration problem: Dialpad's message and the fix, with the HTTP code when there is one. */
function hookError(ctx: IHookFunctions, error: unknown): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ReportError) {
		if (error.httpCode === undefined) return new NodeOperationError(ctx.getNode(), error.message, { description: error.description });
		const httpCode = String(error.httpCode);
		return new NodeApiError(ctx.getNode(), { message: error.message, httpCode } as JsonObject, {
			message: error.message,
			description: error.description,
			httpCode,
		});
	}
	return new NodeOperationError(ctx.getNode(), `Dialpad Trigger failed: ${error instanceof Error ? error.message : String(error)}`);
}

function hookUrlOf(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default');
	if (url === undefined) throw new NodeOperationError(ctx.getNode(), 'n8n gave the trigger no webhook URL');
	return url;
}

export class DialpadTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dialpad Trigger',
		name: 'dialpadTrigger',
		icon: { light: 'file:dialpad.svg', dark: 'file:dialpad.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ { call: "Call Events", sms: "Text Message Events", agentStatus: "Agent Status Events", scheduledReport: "Scheduled Report" }[$parameter["event"]] }}',
		description: 'Starts the workflow when Dialpad pushes a call, text message, agent status change or scheduled report',
		defaults: { name: 'Dialpad Trigger' },
		inputs: [],
		outputs: [MAIN_CONNECTION],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: triggerProperties,
	};

	methods = { listSearch };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				try {
					const state = this.getWorkflowStaticData('node') as RegistrationState;
					const request = await createPushRequest(this);
					return await isRegistered(
						request,
						state,
						readSettings(this),
						hookUrlOf(this),
						async (salt) => await webhookSecret(this, salt),
						this.logger,
					);
				} catch (error) {
					throw hookError(this, error);
				}
			},
			async create(this: IHookFunctions): Promise<boolean> {
				try {
					const state = this.getWorkflowStaticData('node') as RegistrationState;
					const settings = readSettings(this);
					const request = await createPushRequest(this);
					const credentials = await this.getCredentials(CREDENTIAL_TYPE);
					const salt = randomBytes(32).toString('hex');
					const secret = { salt, value: deriveWebhookSecret(String(credentials.apiKey ?? ''), salt) };
					await register(request, state, settings, hookUrlOf(this), secret, this.logger);
					return true;
				} catch (error) {
					throw hookError(this, error);
				}
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as RegistrationState;
				try {
					const request = await createPushRequest(this);
					return await unregister(request, state, this.logger);
				} catch (error) {
					this.logger.warn(
						`Dialpad Trigger: could not remove the webhook and subscription at Dialpad: ${error instanceof Error ? error.message : String(error)}`,
					);
					return false;
				}
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this);
	}
}
