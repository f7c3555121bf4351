/** The node's parameters as the registration settings, with a clear error for a missing target ID. */
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { createOffsetLookup } from '../shared/report/rows/timestamps';
import { ReportError } from '../shared/errors/reportError';
import type { TriggerEvent, TriggerSettings } from '../shared/push/registration';

type Ctx = IHookFunctions | IWebhookFunctions;

const EVENTS: TriggerEvent[] = ['call', 'sms', 'agentStatus', 'scheduledReport'];

function parameter<T>(ctx: Ctx, name: string, fallback: T): T {
	return ctx.getNodeParameter(name, fallback) as T;
}

export function readSettings(ctx: Ctx): TriggerSettings {
	const event = parameter<string>(ctx, 'event', 'call') as TriggerEvent;
	if (!EVENTS.includes(event)) {
		throw new ReportError('invalidParameter', `Event "${event}" is not one Dialpad sends`, `Pick one of: ${EVENTS.join(', ')}.`);
	}
	const hasTarget = event !== 'agentStatus';
	const chosenType = hasTarget ? parameter<string>(ctx, 'targetType', 'none') : 'none';
	const targetType = chosenType === 'none' ? '' : chosenType;
	let targetId = '';
	if (targetType !== '') {
		const raw = ctx.getNodeParameter('targetId', '', { extractValue: true }) as unknown;
		targetId = String(raw ?? '').trim();
		if (!/^\d+$/.test(targetId)) {
			throw new ReportError(
				'invalidParameter',
				targetId === '' ? 'Target is empty' : `Target "${targetId}" is not a Dialpad ID`,
				'Pick the target from the list, enter its numeric Dialpad ID, or set Target Type to None (Whole Company).',
			);
		}
	}
	const callStates = event === 'call' ? parameter<string[]>(ctx, 'callStates', ['missed']) : [];
	if (event === 'call' && callStates.length === 0) {
		throw new ReportError('invalidParameter', 'No call states are chosen', 'Pick at least one call state, for example Missed.');
	}
	const isReport = event === 'scheduledReport';
	const frequency = isReport ? parameter<string>(ctx, 'frequency', 'daily') : '';
	const reportTimezone = isReport ? parameter<string>(ctx, 'timezone', '').trim() : '';
	// Checked at activation, where the error is seen, not at each delivery.
	checkTimezone(reportTimezone, 'Timezone');
	checkTimezone(itemTimezone(ctx), 'Options > Timezone');
	const workflowName = String(ctx.getWorkflow().name ?? '').replace(/\s+/g, ' ').trim();
	return {
		event,
		targetType,
		targetId,
		callStates,
		groupCallsOnly: event === 'call' ? parameter<boolean>(ctx, 'groupCallsOnly', false) : false,
		direction: event === 'sms' ? parameter<string>(ctx, 'direction', 'inbound') : '',
		includeInternal: event === 'sms' ? parameter<boolean>(ctx, 'includeInternal', false) : false,
		reportType: isReport ? parameter<string>(ctx, 'reportType', 'daily_statistics') : '',
		frequency,
		at: isReport ? Number(parameter<number>(ctx, 'at', 7)) : 0,
		onDay: isReport && frequency !== 'daily' ? Number(parameter<number>(ctx, 'onDay', 0)) : 0,
		timezone: isReport ? reportTimezone || ctx.getTimezone() : '',
		reportName: `n8n: ${workflowName || 'Dialpad Trigger'}`.slice(0, 100),
	};
}

/** The IANA zone of the times in the items: the option, else the workflow's. */
export function itemTimezone(ctx: Ctx): string {
	const options = ctx.getNodeParameter('options', {}) as { timezone?: string };
	return String(options.timezone ?? '').trim() || ctx.getTimezone();
}

function checkTimezone(timezone: string, field: string): void {
	if (timezone === '' || isTimezone(timezone)) return;
	throw new ReportError(
			'invalidParameter',
			`${field}: "${timezone}" is not a timezone`,
			'Enter an IANA timezone name such as America/New_York, Europe/London or UTC, or leave it empty for the workflow timezone.',
	);
}

function isTimezone(timezone: string): boolean {
	try {
		createOffsetLookup(timezone);
		return true;
	} catch {
		return false;
	}
}
