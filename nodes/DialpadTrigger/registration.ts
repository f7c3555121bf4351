/**
 * The webhook and its subscription (or scheduled report) at Dialpad, kept in step with the node's
 * static data: create with rollback, check by GETting each stored id, remove subscription first and
 * webhook last. n8n's hooks in the node call these; they take the request function and the logger.
 */
import type { IDataObject, Logger } from 'n8n-workflow';

import { ReportError } from '../DialpadStats/report/errors';
import { idText } from '../DialpadStats/report/lists';
import {
	REGISTRATION_NOUNS,
	REGISTRATION_PATHS,
	registrationBody,
	registrationError,
	registrationMatches,
	settingsFingerprint,
	type TriggerEvent,
	type TriggerSettings,
} from '../shared/push/registration';
import type { PushRequest, PushResponse } from './pushApi';

/** What the node keeps in its static data; the secret itself is never stored (see pushApi.ts). */
export interface RegistrationState extends IDataObject {
	webhookId?: string;
	secretSalt?: string;
	registrationId?: string;
	registrationPath?: string;
	registrationEvent?: string;
	fingerprint?: string;
}

const STATE_KEYS = ['webhookId', 'secretSalt', 'registrationId', 'registrationPath', 'registrationEvent', 'fingerprint'];

type Log = Pick<Logger, 'warn' | 'info'>;

function isOk(response: PushResponse): boolean {
	return response.statusCode >= 200 && response.statusCode < 300;
}

function bodyObject(response: PushResponse): Record<string, unknown> {
	return typeof response.body === 'object' && response.body !== null ? (response.body as Record<string, unknown>) : {};
}

function describeFailure(response: PushResponse): string {
	return response.statusCode === 0 ? 'Dialpad could not be reached' : `HTTP ${response.statusCode}`;
}

/**
 * Creates the webhook, then the subscription or report; each id is stored as soon as it exists.
 * On a failure what was created is removed again and the ReportError says what Dialpad said and the fix.
 */
export async function register(
	request: PushRequest,
	state: RegistrationState,
	settings: TriggerSettings,
	hookUrl: string,
	secret: { salt: string; value: string },
	log: Log,
): Promise<void> {
	const webhook = await request('POST', '/webhooks', { hook_url: hookUrl, secret: secret.value });
	const webhookId = idText(bodyObject(webhook).id);
	if (!isOk(webhook) || webhookId === '') throw registrationError('webhook', webhook.statusCode || 0, webhook.body);
	state.webhookId = webhookId;
	state.secretSalt = secret.salt;

	const path = REGISTRATION_PATHS[settings.event];
	const created = await request('POST', path, registrationBody(settings, webhookId));
	const registrationId = idText(bodyObject(created).id);
	if (!isOk(created) || registrationId === '') {
		const failure = registrationError(settings.event, created.statusCode, created.body);
		const leftBehind = await unregister(request, state, log);
		if (!leftBehind) {
			throw new ReportError(
				failure.kind,
				failure.message,
				`${failure.description} The webhook created a moment ago (id ${webhookId}) could not be deleted again: delete it in Dialpad.`,
				failure.httpCode,
			);
		}
		throw failure;
	}
	state.registrationId = registrationId;
	state.registrationPath = path;
	state.registrationEvent = settings.event;
	state.fingerprint = settingsFingerprint(settings, hookUrl);
}

async function deleteOne(request: PushRequest, path: string, noun: string, log: Log): Promise<boolean> {
	const response = await request('DELETE', path);
	if (isOk(response) || response.statusCode === 404) return true;
	log.warn(`Dialpad Trigger: could not delete the ${noun} ${path} at Dialpad (${describeFailure(response)}); it may still send events`);
	return false;
}

/**
 * Removes the subscription or report first and the webhook last; 404 means already gone. Returns
 * whether nothing is left at Dialpad; the keys of what was removed are cleared, the rest kept for a retry.
 */
export async function unregister(request: PushRequest, state: RegistrationState, log: Log): Promise<boolean> {
	if (state.registrationId) {
		const event = state.registrationEvent as TriggerEvent | undefined;
		const noun = event && event in REGISTRATION_NOUNS ? REGISTRATION_NOUNS[event] : 'subscription';
		const path = `${state.registrationPath ?? ''}/${encodeURIComponent(state.registrationId)}`;
		if (!(await deleteOne(request, path, noun, log))) return false;
		delete state.registrationId;
		delete state.registrationPath;
		delete state.registrationEvent;
	}
	if (state.webhookId) {
		if (!(await deleteOne(request, `/webhooks/${encodeURIComponent(state.webhookId)}`, 'webhook', log))) return false;
	}
	for (const key of STATE_KEYS) delete state[key];
	return true;
}

/**
 * Whether what the static data points at is still at Dialpad, aimed at this URL, signed with this
 * secret and set as the node says. When not, whatever is left is removed so that create rebuilds it.
 */
export async function isRegistered(
	request: PushRequest,
	state: RegistrationState,
	settings: TriggerSettings,
	hookUrl: string,
	secretFor: (salt: string) => Promise<string>,
	log: Log,
): Promise<boolean> {
	const notThere = async (why: string): Promise<false> => {
		if (state.webhookId || state.registrationId) log.info(`Dialpad Trigger: registering again at Dialpad (${why})`);
		await unregister(request, state, log);
		return false;
	};
	if (!state.webhookId || !state.registrationId || !state.secretSalt) return await notThere('nothing complete stored');
	if (state.fingerprint !== settingsFingerprint(settings, hookUrl)) return await notThere('the node settings changed');

	const webhook = await request('GET', `/webhooks/${encodeURIComponent(state.webhookId)}`);
	if (webhook.statusCode === 404) {
		delete state.webhookId;
		return await notThere('the webhook is gone');
	}
	if (!isOk(webhook)) throw registrationError('webhook', webhook.statusCode, webhook.body);
	const remoteWebhook = bodyObject(webhook);
	if (remoteWebhook.hook_url !== hookUrl) return await notThere('the webhook points elsewhere');
	const signature = remoteWebhook.signature as { secret?: unknown } | undefined;
	if (typeof signature?.secret === 'string' && signature.secret !== (await secretFor(state.secretSalt))) {
		return await notThere('the API key changed');
	}

	const registration = await request('GET', `${state.registrationPath}/${encodeURIComponent(state.registrationId)}`);
	if (registration.statusCode === 404) {
		delete state.registrationId;
		return await notThere('the subscription is gone');
	}
	if (!isOk(registration)) throw registrationError(settings.event, registration.statusCode, registration.body);
	if (!registrationMatches(settings, bodyObject(registration), state.webhookId)) return await notThere('the subscription was changed in Dialpad');
	return true;
}
