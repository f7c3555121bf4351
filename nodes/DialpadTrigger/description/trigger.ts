import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { locator, TARGET_PICKERS, TARGET_TYPE_OPTIONS } from '../../shared/lists/targetParameters';

const WITH_TARGET = ['call', 'sms', 'scheduledReport'];

const CALL_STATES: INodePropertyOptions[] = [
	{ name: 'Admin', value: 'admin', description: 'An admin joined or changed the call' },
	{ name: 'Admin Recording', value: 'admin_recording', description: 'An admin started recording the call' },
	{ name: 'AI Playbook', value: 'ai_playbook', description: 'An AI playbook result is ready for the call' },
	{ name: 'All States', value: 'all', description: 'Every state Dialpad reports: many events per call' },
	{ name: 'Barge', value: 'barge', description: 'Someone barged in on the call' },
	{ name: 'Blocked', value: 'blocked', description: 'The call was blocked (spam or blocked number)' },
	{ name: 'Call Transcription', value: 'call_transcription', description: 'The transcript of the finished call is ready' },
	{ name: 'Calling', value: 'calling', description: 'An outbound call started dialling' },
	{ name: 'Connected', value: 'connected', description: 'The call was answered' },
	{ name: 'CSAT', value: 'csat', description: 'The caller answered the satisfaction survey' },
	{ name: 'Dispositions', value: 'dispositions', description: 'The agent chose a call outcome' },
	{ name: 'Eavesdrop', value: 'eavesdrop', description: 'A supervisor started listening in' },
	{ name: 'Hangup', value: 'hangup', description: 'The call ended (answered or not): final duration' },
	{ name: 'Hold', value: 'hold', description: 'The call was put on hold' },
	{ name: 'Merged', value: 'merged', description: 'The call was merged into another' },
	{ name: 'Missed', value: 'missed', description: 'An inbound call nobody answered' },
	{ name: 'Monitor', value: 'monitor', description: 'A supervisor started monitoring the call' },
	{ name: 'Parked', value: 'parked', description: 'The call was parked' },
	{ name: 'PCSAT', value: 'pcsat', description: 'A post-call satisfaction score is ready' },
	{ name: 'Postcall', value: 'postcall', description: 'After-call work ended' },
	{ name: 'Preanswer', value: 'preanswer', description: 'An inbound call arrived, before anyone answered' },
	{ name: 'Queued', value: 'queued', description: 'The call waits in a call center queue' },
	{ name: 'Recap Action Items', value: 'recap_action_items', description: "The AI recap's action items are ready" },
	{ name: 'Recap Outcome', value: 'recap_outcome', description: "The AI recap's outcome is ready" },
	{ name: 'Recap Purposes', value: 'recap_purposes', description: "The AI recap's call purposes are ready" },
	{ name: 'Recap Summary', value: 'recap_summary', description: "The AI recap's summary is ready" },
	{ name: 'Recording', value: 'recording', description: 'A call recording is ready (link needs the recordings_export scope)' },
	{ name: 'Ringing', value: 'ringing', description: 'A phone is ringing for the call' },
	{ name: 'Takeover', value: 'takeover', description: 'A supervisor took over the call' },
	{ name: 'Transcription', value: 'transcription', description: 'Live transcription text arrived' },
	{ name: 'Voicemail', value: 'voicemail', description: 'The caller reached voicemail' },
	{ name: 'Voicemail Uploaded', value: 'voicemail_uploaded', description: 'The voicemail recording is ready' },
];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function hourName(hour: number): string {
	const twelve = hour % 12 === 0 ? 12 : hour % 12;
	return `${String(hour).padStart(2, '0')}:00 (${twelve} ${hour < 12 ? 'AM' : 'PM'})`;
}

const targetLocators: INodeProperties[] = TARGET_TYPE_OPTIONS.map((option) => {
	const targetType = String(option.value);
	return {
		...locator('Target', 'targetId', `The ${option.name.toLowerCase()} whose events to receive`, true, TARGET_PICKERS[targetType]),
		displayOptions: { show: { event: WITH_TARGET, targetType: [targetType] } },
	};
});

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Call Events', value: 'call', description: 'A call reaches one of the chosen states (missed, answered, ended, ...)' },
			{ name: 'Text Message Events', value: 'sms', description: 'A text message is sent or received' },
			{
				name: 'Agent Status Events',
				value: 'agentStatus',
				description: 'A call-center agent goes available, unavailable, busy, ... (whole company; admin API key).',
			},
			{ name: 'Scheduled Report', value: 'scheduledReport', description: 'Dialpad pushes a statistics report daily, weekly or monthly' },
		],
		default: 'call',
	},
	{
		displayName: 'Call States',
		name: 'callStates',
		type: 'multiOptions',
		options: CALL_STATES,
		default: ['missed'],
		required: true,
		description: 'Which moments of a call start the workflow. Each state of each call is one event.',
		displayOptions: { show: { event: ['call'] } },
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'All', value: 'all', description: 'Texts sent and received' },
			{ name: 'Inbound', value: 'inbound', description: 'Texts received from outside' },
			{ name: 'Outbound', value: 'outbound', description: 'Texts sent by your team' },
		],
		default: 'inbound',
		displayOptions: { show: { event: ['sms'] } },
	},
	{
		displayName: 'Include Internal Texts',
		name: 'includeInternal',
		type: 'boolean',
		default: false,
		description: 'Whether to include texts between two people of your own company',
		displayOptions: { show: { event: ['sms'] } },
	},
	{
		displayName:
			'Agent status covers the whole company and call-center agents only. Dialpad allows it only with an API key made by a company admin.',
		name: 'agentStatusNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { event: ['agentStatus'] } },
	},
	{
		displayName: 'Report Type',
		name: 'reportType',
		type: 'options',
		options: [
			{ name: 'Call Logs', value: 'call_logs', description: 'One row per call' },
			{ name: 'Daily Statistics', value: 'daily_statistics', description: 'Totals per day' },
			{ name: 'Recordings', value: 'recordings', description: 'One row per call recording' },
			{ name: 'User Statistics', value: 'user_statistics', description: 'Totals per user' },
			{ name: 'Voicemails', value: 'voicemails', description: 'One row per voicemail' },
		],
		default: 'daily_statistics',
		displayOptions: { show: { event: ['scheduledReport'] } },
	},
	{
		displayName: 'Frequency',
		name: 'frequency',
		type: 'options',
		options: [
			{ name: 'Daily', value: 'daily' },
			{ name: 'Weekly', value: 'weekly' },
			{ name: 'Monthly', value: 'monthly' },
		],
		default: 'daily',
		displayOptions: { show: { event: ['scheduledReport'] } },
	},
	{
		displayName: 'At',
		name: 'at',
		type: 'options',
		options: Array.from({ length: 24 }, (_, hour) => ({ name: hourName(hour), value: hour })),
		default: 7,
		description: 'The hour Dialpad sends the report, in the report timezone',
		displayOptions: { show: { event: ['scheduledReport'] } },
	},
	{
		displayName: 'On Day',
		name: 'onDay',
		type: 'options',
		options: WEEKDAYS.map((day, index) => ({ name: day, value: index })),
		default: 0,
		description: 'The day of the week Dialpad sends the report',
		displayOptions: { show: { event: ['scheduledReport'], frequency: ['weekly'] } },
	},
	{
		displayName: 'On Day',
		name: 'onDay',
		type: 'options',
		options: Array.from({ length: 31 }, (_, index) => ({ name: `Day ${index + 1} of the Month`, value: index })),
		default: 0,
		description: 'The day of the month Dialpad sends the report (in short months, Dialpad decides what happens past their end)',
		displayOptions: { show: { event: ['scheduledReport'], frequency: ['monthly'] } },
	},
	{
		displayName: 'Timezone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'Workflow timezone, e.g. America/New_York',
		description: "IANA timezone of the report's hour and days. Leave empty to use the workflow's timezone.",
		displayOptions: { show: { event: ['scheduledReport'] } },
	},
	{
		displayName: 'Target Type',
		name: 'targetType',
		type: 'options',
		options: [
			{ name: 'None (Whole Company)', value: 'none', description: 'Events of everyone in the company (Dialpad allows 10 such subscriptions of a kind)' },
			...TARGET_TYPE_OPTIONS,
		],
		default: 'none',
		description: 'Whose events to receive',
		displayOptions: { show: { event: WITH_TARGET } },
	},
	...targetLocators,
	{
		displayName: 'Group Calls Only',
		name: 'groupCallsOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to receive only calls to a group (call center, department, office), not direct calls',
		displayOptions: { show: { event: ['call'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'One Item per Call',
				name: 'oneItemPerCall',
				type: 'boolean',
				default: true,
				description:
					'Whether a call and state start only one execution. Dialpad sends a call as several legs and retries; with this on, repeats within 6 hours are dropped.',
				displayOptions: { show: { '/event': ['call'] } },
			},
			{
				displayName: 'Timezone',
				name: 'timezone',
				type: 'string',
				default: '',
				placeholder: 'Workflow timezone, e.g. America/New_York',
				description: "IANA timezone of the times in the items (date_started, ...). Leave empty to use the workflow's timezone.",
			},
		],
	},
];
