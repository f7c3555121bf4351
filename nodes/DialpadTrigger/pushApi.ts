/**
 * Dialpad's push API (webhooks, subscriptions, scheduled reports) for the trigger's hooks, through
 * n8n's authenticated helper; answers read as text so that 16-digit ids keep every digit.
 */
import { createHmac } from 'crypto';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { parseJsonKeepingIds } from '../DialpadStats/report/lists';
import { CREDENTIAL_TYPE, dialpadBaseUrl } from '../DialpadStats/transport';

const API_TIMEOUT_MS = 30_000;

export interface PushResponse {
	/** 0 when Dialpad could not be reached. */
	statusCode: number;
	body: unknown;
}

export type PushRequest = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: Record<string, unknown>) => Promise<PushResponse>;

export async function createPushRequest(ctx: IHookFunctions): Promise<PushRequest> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const apiUrl = `${dialpadBaseUrl(credentials)}/api/v2`;
	const companyId = String(credentials.companyId ?? '').trim();
	const headers: Record<string, string> = { Accept: 'application/json' };
	if (companyId !== '') headers['DP-Company-ID'] = companyId;
	return async (method, path, body) => {
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
				method,
				url: `${apiUrl}${path}`,
				headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
				...(body === undefined ? {} : { body: JSON.stringify(body) }),
				encoding: 'text',
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: API_TIMEOUT_MS,
			})) as { statusCode: number; body: unknown };
			let parsed: unknown = response.body;
			if (typeof parsed === 'string') {
				try {
					parsed = parsed.trim() === '' ? null : parseJsonKeepingIds(parsed);
				} catch {
					// Not JSON: keep the text, it is Dialpad's message.
				}
			}
			return { statusCode: response.statusCode, body: parsed };
		} catch {
			return { statusCode: 0, body: null };
		}
	};
}

/**
 * The webhook's signing secret: derived from the API key and a random salt, so that only the salt
 * sits in static data (which n8n copies into every execution's saved data) and not the secret.
 */
export function deriveWebhookSecret(apiKey: string, salt: string): string {
	return createHmac('sha256', apiKey).update(`n8n-nodes-dialpad trigger ${salt}`).digest('hex');
}

export async function webhookSecret(ctx: IHookFunctions | IWebhookFunctions, salt: string): Promise<string> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	return deriveWebhookSecret(String(credentials.apiKey ?? ''), salt);
}
