import type { INodeProperties } from 'n8n-workflow';

export const optionsProperties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Column Names or IDs',
				name: 'columns',
				type: 'multiOptions',
				typeOptions: {
					loadOptionsMethod: 'getColumns',
					loadOptionsDependsOn: ['exportType', 'statType', 'groupBy'],
				},
				default: [],
				description:
					'Keep only these columns, in this order (empty = all). The list shows the columns Dialpad is known to send for this export; a chosen column the file lacks is an error listing the columns it has. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { '/output': ['items'], '/operation': ['run', 'getResult'] } },
			},
			{
				displayName: 'First Check After (Seconds)',
				name: 'initialDelay',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 15,
				description:
					'How long to wait after asking for the report before the first check. Dialpad recommends 15-20 seconds.',
				displayOptions: { show: { '/operation': ['run'] } },
			},
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWait',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 900,
				description:
					'Give up (with an error naming the request) if the report is not ready and downloaded after this long, rate-limit waits and the download included',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				typeOptions: { minValue: 5 },
				default: 10,
				description:
					'Time between checks while Dialpad prepares the report. Never less than 5 seconds, as Dialpad asks.',
				displayOptions: { show: { '/operation': ['run', 'getResult'] } },
			},
			{
				displayName: 'Type Values',
				name: 'typeValues',
				type: 'boolean',
				default: true,
				description:
					'Whether to turn numbers, true/false, empty cells and times into numbers, booleans, null and ISO 8601 times (IDs and phone numbers stay text). Off: every value is the text of the CSV.',
				displayOptions: { show: { '/operation': ['run', 'getResult'] } },
			},
		],
	},
];
