/**
 * Run Report: every input item's report is read and checked first, then all of them run as one
 * batch (report/batch.ts), and the rows (or files) come out in input order, each paired to its item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readOutputMode, readReportOptions, readReportParameters } from '../parameters';
import { buildStatsRequests } from '../../shared/report/request/request';
import { executionParts, planItemReports, runPlannedReports, sinkFor } from './reportOutput';

export async function executeRunReport(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { clock, store } = executionParts(this);
	const requestedAtMs = clock.nowMs();
	const { plans, reports } = planItemReports(this, (itemIndex) => {
		const parameters = readReportParameters(this, itemIndex);
		const options = readReportOptions(this, itemIndex);
		const output = readOutputMode(this, itemIndex);
		const requests = buildStatsRequests(parameters, requestedAtMs);
		const { key, sink } = sinkFor(output, options, store);
		return { output, options, report: { requests, requestedAtMs, options, sinkKey: key, sink } };
	});
	return [await runPlannedReports(this, plans, reports, clock)];
}
