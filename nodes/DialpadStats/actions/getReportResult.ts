/**
 * Get Report Result: the rows (or file) of exports started earlier, by request id, as one batch;
 * while Dialpad still prepares one, either wait up to Max Wait or say so in the item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toNodeError } from '../nodeErrors';
import { readOutputMode, readReportOptions, readResultParameters } from '../parameters';
import type { PlannedReport } from '../report/batch';
import { executionParts, runPlannedReports, sinkFor, type ItemPlan, type ReportOutput } from './reportOutput';

export async function executeGetReportResult(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const { clock, store } = executionParts(this);
	const requestedAtMs = clock.nowMs();
	const plans: ItemPlan[] = [];
	const reports: Array<PlannedReport<ReportOutput>> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const { requestId, returnWhileProcessing, timezone } = readResultParameters(this, itemIndex);
			const options = readReportOptions(this, itemIndex);
			const output = readOutputMode(this, itemIndex);
			const { key, sink } = sinkFor(output, options, store);
			plans.push({ reportIndex: reports.length, output, options });
			reports.push({
				requests: [{ requestId, timezone, returnWhileProcessing }],
				requestedAtMs,
				options,
				sinkKey: key,
				sink,
				whileProcessing: (pending) => ({ pending }),
			});
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			plans.push({ error });
		}
	}
	return [await runPlannedReports(this, plans, reports, clock)];
}
