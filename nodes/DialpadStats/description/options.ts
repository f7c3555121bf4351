import type { INodeProperties } from 'n8n-workflow';

import { TOOL_FIRST_CHECK_SECONDS, TOOL_RESULT_BUDGET_KB } from '../toolUse';

/**
 * The Options collection. The AI-agent tool variant has no Operation or Output parameter (it always
 * runs the report and returns rows), so its options carry no rules that refer to them.
 */
function options(forTool: boolean): INodeProperties[] {
	const onlyFor = (operations: string[], extra: Record<string, string[]> = {}) =>
		forTool ? {} : { displayOptions: { show: { '/operation': operations, ...extra } } };
	return [
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
			...onlyFor(['run', 'getResult'], { '/output': ['items'] }),
		},
		{
			displayName: 'First Check After (Seconds)',
			name: 'initialDelay',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 15,
			description:
				'How long to wait after asking for the report before the first check. Dialpad recommends 15-20 seconds.',
			...onlyFor(['run']),
			...(forTool
				? {
						default: TOOL_FIRST_CHECK_SECONDS,
						description:
							'How long to wait after asking for the report before the first check (5 seconds keeps an agent waiting no longer than needed)',
					}
				: {}),
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
			...onlyFor(['run', 'getResult']),
		},
		{
			displayName: 'Row Limit',
			name: 'rowLimit',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: forTool
				? `Keep at most this many rows (0 = as many as fit in about ${TOOL_RESULT_BUDGET_KB} KB). When rows are cut, a last item { truncated: true, totalRows, returnedRows } says so.`
				: `Keep at most this many rows per report (0 = all). When rows are cut, a last item { truncated: true, totalRows, returnedRows } says so. As an AI agent's tool, rows are also cut at about ${TOOL_RESULT_BUDGET_KB} KB.`,
			...onlyFor(['run', 'getResult'], { '/output': ['items'] }),
		},
		{
			displayName: 'Type Values',
			name: 'typeValues',
			type: 'boolean',
			default: true,
			description:
				'Whether to turn numbers, true/false, empty cells and times into numbers, booleans, null and ISO 8601 times (IDs and phone numbers stay text). Off: every value is the text of the CSV.',
			...onlyFor(['run', 'getResult']),
		},
	];
}

function optionsCollection(forTool: boolean): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: options(forTool),
	};
}

export const optionsProperties: INodeProperties[] = [optionsCollection(false)];
export const toolOptionsProperties: INodeProperties[] = [optionsCollection(true)];
