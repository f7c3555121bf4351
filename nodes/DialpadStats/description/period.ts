import type { INodeProperties } from 'n8n-workflow';

import { INCLUDE_TODAY_PRESETS } from '../../shared/report/request/period';

export const periodProperties: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [
			{
				name: 'Days Ago (Custom Range)',
				value: 'daysAgo',
				description: 'A range of whole days counted back from today',
			},
			{ name: 'Last 30 Days', value: 'last30Days', description: 'The 30 full days before today' },
			{ name: 'Last 7 Days', value: 'last7Days', description: 'The 7 full days before today' },
			{
				name: 'Last Month',
				value: 'lastMonth',
				description: 'The whole previous calendar month',
			},
			{
				name: 'Last Week',
				value: 'lastWeek',
				description: 'The 7 days of the previous calendar week',
			},
			{
				name: 'This Month (So Far)',
				value: 'thisMonth',
				description: 'From the 1st of this month to now, today included',
			},
			{
				name: 'This Week (So Far)',
				value: 'thisWeek',
				description: 'From the first day of this week to now, today included',
			},
			{
				name: 'Today (Live)',
				value: 'today',
				description: "Today so far, from Dialpad's real-time tables (refreshed about every 30 minutes)",
			},
			{ name: 'Yesterday', value: 'yesterday' },
		],
		default: 'yesterday',
		description: 'Which days, counted in the report timezone',
	},
	{
		displayName: 'Week Starts On',
		name: 'weekStartsOn',
		type: 'options',
		options: [
			{ name: 'Monday', value: 'monday' },
			{ name: 'Sunday', value: 'sunday' },
		],
		default: 'monday',
		description: 'The first day of a week, for This Week and Last Week',
		displayOptions: { show: { period: ['thisWeek', 'lastWeek'] } },
	},
	{
		displayName: 'Days Ago (Most Recent)',
		name: 'daysAgoStart',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 1,
		description: 'The recent end of the range: 0 = today, 1 = yesterday',
		displayOptions: { show: { period: ['daysAgo'] } },
	},
	{
		displayName: 'Days Ago (Oldest)',
		name: 'daysAgoEnd',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 7,
		description: 'The older end of the range, included: 7 = a week ago',
		displayOptions: { show: { period: ['daysAgo'] } },
	},
	{
		displayName: 'Include Today',
		name: 'includeToday',
		type: 'boolean',
		default: false,
		description:
			"Whether to add today so far (Dialpad's real-time tables, a second export merged after the past days). With it, Last 7 Days is today and the 6 days before. Not for Stats grouped by user or group.",
		displayOptions: { show: { period: [...INCLUDE_TODAY_PRESETS] } },
	},
	{
		displayName: 'Timezone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'Workflow timezone, e.g. America/New_York',
		description:
			"IANA timezone that sets where days start and end and the zone of every time in the report. Leave empty to use the workflow's timezone. For Get Report Result: the timezone the report was started with.",
	},
];
