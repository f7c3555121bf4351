import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { locator, TARGET_PICKERS, TARGET_TYPE_OPTIONS } from '../../shared/lists/targetParameters';
import { TARGET_REQUIRED_STAT_TYPES } from '../../shared/report/request/request';

const STAT_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Calls', value: 'calls', description: 'Inbound and outbound calls' },
	{
		name: 'CSAT',
		value: 'csat',
		description: 'Customer satisfaction survey answers (needs a target; records only)',
	},
	{
		name: 'Dispositions',
		value: 'dispositions',
		description: 'Call outcomes agents chose (needs a target; records only)',
	},
	{ name: 'On Duty', value: 'onduty', description: 'Agent availability and status changes' },
	{ name: 'Recordings', value: 'recordings', description: 'Call recordings' },
	{ name: 'Screen Share', value: 'screenshare', description: 'Screen-share sessions' },
	{ name: 'Texts', value: 'texts', description: 'SMS and MMS messages' },
	{ name: 'Voicemails', value: 'voicemails', description: 'Voicemails left' },
];

const TARGET_REQUIRED: string[] = TARGET_REQUIRED_STAT_TYPES;

const WHOLE_COMPANY: INodePropertyOptions = {
	name: 'None (Whole Company or One Office)',
	value: 'none',
	description: 'Everything in the company, or in the office chosen below',
};

/**
 * One Target per target type, all named targetId (saved workflows keep their value): each has its own
 * list, and switching Target Type shows the other one, which lists afresh.
 */
const targetLocators: INodeProperties[] = TARGET_TYPE_OPTIONS.map((option) => {
	const targetType = String(option.value);
	return {
		...locator(
			'Target',
			'targetId',
			`The ${option.name.toLowerCase()} to report on`,
			true,
			TARGET_PICKERS[targetType],
		),
		displayOptions: { show: { targetType: [targetType] } },
	};
});

export const reportProperties: INodeProperties[] = [
	{
		displayName: 'Export Type',
		name: 'exportType',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Records',
				value: 'records',
				description: 'One row per call, text, status change and so on',
			},
			{
				name: 'Stats',
				value: 'stats',
				description: 'Totals and averages, per user, per day or per group',
			},
		],
		default: 'records',
	},
	{
		displayName: 'Stat Type',
		name: 'statType',
		type: 'options',
		options: STAT_TYPE_OPTIONS,
		default: 'calls',
		description: 'What to export',
		displayOptions: { show: { exportType: ['records'] } },
	},
	{
		displayName: 'Stat Type',
		name: 'statType',
		type: 'options',
		options: STAT_TYPE_OPTIONS.filter((option) => !TARGET_REQUIRED.includes(String(option.value))),
		default: 'calls',
		description: 'What to total up (CSAT and Dispositions exist only as Records)',
		displayOptions: { show: { exportType: ['stats'] } },
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		options: [
			{ name: 'User', value: 'user', description: 'One row per user per day' },
			{ name: 'Date', value: 'date', description: 'One row per day' },
			{ name: 'Group', value: 'group', description: 'One row per call center, department or office' },
		],
		default: 'user',
		displayOptions: { show: { exportType: ['stats'], statType: ['calls'] } },
	},
	{
		displayName: 'Target Type',
		name: 'targetType',
		type: 'options',
		options: [WHOLE_COMPANY, ...TARGET_TYPE_OPTIONS],
		default: 'none',
		description: 'Whose data to export',
		displayOptions: { hide: { statType: TARGET_REQUIRED } },
	},
	{
		displayName: 'Target Type',
		name: 'targetType',
		type: 'options',
		options: TARGET_TYPE_OPTIONS,
		default: 'callcenter',
		description: 'Whose data to export (CSAT and Dispositions need one target)',
		displayOptions: { show: { statType: TARGET_REQUIRED } },
	},
	...targetLocators,
	{
		...locator(
			'Office',
			'officeId',
			'Limit the report to one office: every call center, department and user under it. Leave empty for the whole company.',
			false,
			{ method: 'searchOffices', noun: 'office' },
		),
		displayOptions: { show: { targetType: ['none'] } },
	},
];
