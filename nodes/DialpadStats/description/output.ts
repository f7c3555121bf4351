import type { INodeProperties } from 'n8n-workflow';

export const outputProperties: INodeProperties[] = [
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'One Item per Row',
				value: 'items',
				description: 'One typed item per CSV row, ready for IF, Sheets or Slack nodes. Every row is held in memory.',
			},
			{
				name: 'CSV File',
				value: 'file',
				description:
					"One item per report holding the CSV exactly as Dialpad sent it (binary property 'data'), streamed to n8n's file storage: for archiving, sending or very large reports",
			},
		],
		default: 'items',
		description: 'Items to work with, or the report as a file',
	},
];
