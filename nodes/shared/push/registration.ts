/**
 * What the trigger registers at Dialpad for the chosen event, and how to tell whether what is
 * registered still matches: pure request bodies, a fingerprint of the settings, and the errors
 * (Dialpad's message plus the fix) for a registration Dialpad refuses.
 */
import { createHash } from 'crypto';

import { ReportError } from '../errors/reportError';
import { dialpadMessage } from '../errors/dialpadAnswers';

export type TriggerEvent = 'call' | 'sms' | 'agentStatus' | 'scheduledReport';

export interface TriggerSettings {
	event: TriggerEvent;
	/** Empty for the whole company. */
	targetType: string;
	targetId: string;
	callStates: string[];
	groupCallsOnly: boolean;
	direction: string;
	includeInternal: boolean;
	reportType: string;
	frequency: string;
	at: number;
	onDay: number;
	timezone: string;
	/** The report's name in Dialpad, so an admin can tell where it comes from. */
	reportName: string;
}

/** Below /api/v2: where each kind of registration lives. */
export const REGISTRATION_PATHS: Record<TriggerEvent, string> = {
	call: '/subscriptions/call',
	sms: '/subscriptions/sms',
	agentStatus: '/subscriptions/agent_status',
	scheduledReport: '/schedulereports',
};

export const REGISTRATION_NOUNS: Record<TriggerEvent, string> = {
	call: 'call event subscription',
	sms: 'text message event subscription',
	agentStatus: 'agent status subscription',
	scheduledReport: 'scheduled report',
};

function target(settings: TriggerSettings): Record<string, string> {
	return settings.targetType === '' ? {} : { target_type: settings.targetType, target_id: settings.targetId };
}

/** The create body of the subscription or report, pointing at the webhook `endpointId`. */
export function registrationBody(settings: TriggerSettings, endpointId: string): Record<string, unknown> {
	switch (settings.event) {
		case 'call':
			return {
				endpoint_id: endpointId,
				enabled: true,
				call_states: settings.callStates,
				group_calls_only: settings.groupCallsOnly,
				...target(settings),
			};
		case 'sms':
			return {
				endpoint_id: endpointId,
				enabled: true,
				direction: settings.direction,
				include_internal: settings.includeInternal,
				...target(settings),
			};
		case 'agentStatus':
			return { endpoint_id: endpointId, enabled: true, agent_type: 'callcenter' };
		case 'scheduledReport':
			return {
				endpoint_id: endpointId,
				enabled: true,
				name: settings.reportName,
				report_type: settings.reportType,
				frequency: settings.frequency,
				at: settings.at,
				// Dialpad requires on_day even for a daily report: 0.
				on_day: settings.frequency === 'daily' ? 0 : settings.onDay,
				timezone: settings.timezone,
				...target(settings),
			};
	}
}

/** Changes when a setting that Dialpad holds changes; stored beside the ids to spot parameter edits. */
export function settingsFingerprint(settings: TriggerSettings, hookUrl: string): string {
	// The report's name follows the workflow's name: renaming the workflow is not a change to register.
	const held: Partial<TriggerSettings> = { ...settings, callStates: [...settings.callStates].sort() };
	delete held.reportName;
	const canonical = JSON.stringify({ ...held, hookUrl });
	return createHash('sha256').update(canonical).digest('hex');
}

function sameIds(a: unknown, b: string): boolean {
	return a !== undefined && a !== null && String(a) === b;
}

/**
 * Whether Dialpad's copy of the subscription or report (a GET) still says what the settings say.
 * Only fields Dialpad echoes are compared; one missing from the answer is not held against it.
 */
export function registrationMatches(settings: TriggerSettings, remote: Record<string, unknown>, webhookId: string): boolean {
	const webhook = remote.webhook as { id?: unknown } | undefined;
	const endpoint = remote.endpoint_id ?? webhook?.id;
	if (endpoint !== undefined && !sameIds(endpoint, webhookId)) return false;
	if (remote.enabled === false) return false;
	const wanted = registrationBody(settings, webhookId);
	for (const [key, value] of Object.entries(wanted)) {
		if (key === 'endpoint_id' || key === 'enabled' || key === 'name' || !(key in remote)) continue;
		const held = remote[key];
		if (Array.isArray(value)) {
			if (!Array.isArray(held) || [...held].map(String).sort().join(',') !== [...value].map(String).sort().join(',')) return false;
		} else if (String(held ?? '') !== String(value)) {
			return false;
		}
	}
	if (settings.targetType === '' && remote.target_id !== undefined && remote.target_id !== null && remote.target_type !== 'company') return false;
	return true;
}

/** A refused registration in plain words, with what to do; never the key or the secret. */
export function registrationError(
	what: 'webhook' | TriggerEvent,
	statusCode: number,
	body: unknown,
): ReportError {
	const noun = what === 'webhook' ? 'webhook' : REGISTRATION_NOUNS[what];
	if (statusCode === 0) {
		return new ReportError(
			'dialpadUnavailable',
			`Could not reach Dialpad to create the ${noun}`,
			"Check the Dialpad API credential's Environment and Base URL and that this n8n can reach Dialpad, then activate the workflow again.",
		);
	}
	const message = dialpadMessage(body, statusCode);
	if (statusCode === 401) {
		return new ReportError('dialpadRejected', `Dialpad rejected the API key while creating the ${noun}: ${message}`, 'Open the Dialpad API credential and paste the key again; check Production or Sandbox.', 401);
	}
	if (statusCode === 403) {
		const fix =
			what === 'agentStatus'
				? 'Agent status events need an API key made by a company admin: ask a Dialpad admin for one and update the credential.'
				: 'This API key may not create webhooks or subscriptions: ask a Dialpad company admin for a key with that right.';
		return new ReportError('dialpadRejected', `Dialpad refused to create the ${noun}: ${message}`, fix, 403);
	}
	if (statusCode === 429) {
		return new ReportError('rateLimited', `Dialpad's rate limit stopped the ${noun}: ${message}`, 'Dialpad allows 100 new webhooks a minute per company. Wait a minute and activate the workflow again.', 429);
	}
	if (statusCode === 400 || statusCode === 409 || statusCode === 422) {
		const capped = /\b(10|100)\b|limit|maximum|max\b|cap/i.test(message);
		const fix = capped
			? `The company already has as many ${noun}s as Dialpad allows (100 of a kind, 10 for the whole company). Narrow the Target to a call center, department, office or user, or delete unused ones in Dialpad (or deactivate other workflows using this trigger).`
			: 'Check the trigger settings (target ID, call states, report time) and activate the workflow again.';
		return new ReportError('dialpadRejected', `Dialpad refused the ${noun}: ${message}`, fix, statusCode);
	}
	if (statusCode === 404 && what !== 'webhook') {
		return new ReportError('dialpadRejected', `Dialpad could not create the ${noun}: ${message}`, 'The target may not exist: check Target Type and Target, or pick None for the whole company.', 404);
	}
	return new ReportError(
		'dialpadUnavailable',
		`Dialpad could not create the ${noun} (HTTP ${statusCode}): ${message}`,
		"Try activating the workflow again in a minute; if it persists, check Dialpad's status page.",
		statusCode,
	);
}
