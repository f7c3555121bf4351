import type { INodeProperties } from 'n8n-workflow';

export type Operation = 'run' | 'start' | 'getResult';

export const operationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Get Report Result',
				value: 'getResult',
				action: 'Get the result of a started report',
				description:
					'The rows (or the file) of a report started earlier with Start Report, by its request ID; or its status while Dialpad still prepares it',
			},
			{
				name: 'Run Report',
				value: 'run',
				action: 'Run a report and get its rows',
				description: 'Ask Dialpad for the report, wait until it is ready, and output its rows (or the file)',
			},
			{
				name: 'Start Report',
				value: 'start',
				action: 'Start a report without waiting',
				description:
					"Ask Dialpad for the report and output its request ID at once. Follow with n8n's Wait node and Get Report Result, so a long wait does not hold a worker.",
			},
		],
		default: 'run',
	},
];

export const getResultProperties: INodeProperties[] = [
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.request_id }}',
		description: "The request_id that Start Report output. Dialpad forgets request IDs about an hour after the start.",
		displayOptions: { show: { operation: ['getResult'] } },
	},
	{
		displayName: 'If Not Ready',
		name: 'ifNotReady',
		type: 'options',
		options: [
			{
				name: 'Wait Up to Max Wait',
				value: 'wait',
				description: 'Keep checking (every Poll Interval) until the report is ready or Max Wait runs out',
			},
			{
				name: 'Return the Status',
				value: 'returnStatus',
				description:
					'Check once; if Dialpad is still preparing it, output { request_id, status: "processing" } so the workflow can wait again (an IF node after this one)',
			},
		],
		default: 'wait',
		displayOptions: { show: { operation: ['getResult'] } },
	},
];

/** Shows `properties` only for these operations, keeping their own display rules. */
export function forOperations(operations: Operation[], properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, operation: operations },
		},
	}));
}
