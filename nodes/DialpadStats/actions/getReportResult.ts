/**
 * Get Report Result: the rows (or file) of exports started earlier, by request id, as one batch;
 * while Dialpad still prepares one, either wait up to Max Wait or say so in the item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readOutputMode, readReportOptions, readResultParameters } from '../parameters';
import { executionParts, planItemReports, runPlannedReports, sinkFor } from './reportOutput';

export async function executeGetReportResult(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { clock, store } = executionParts(this);
	const requestedAtMs = clock.nowMs();
	const { plans, reports } = planItemReports(this, (itemIndex) => {
		const { requestId, returnWhileProcessing, timezone } = readResultParameters(this, itemIndex);
		const options = readReportOptions(this, itemIndex);
		const output = readOutputMode(this, itemIndex);
		const { key, sink } = sinkFor(output, options, store);
		return {
			output,
			options,
			report: {
				requests: [{ requestId, timezone, returnWhileProcessing }],
				requestedAtMs,
				options,
				sinkKey: key,
				sink,
				whileProcessing: (pending) => ({ pending }),
			},
		};
	});
	return [await runPlannedReports(this, plans, reports, clock)];
}
