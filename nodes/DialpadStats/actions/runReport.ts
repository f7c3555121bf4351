/**
 * Run Report: every input item's report is read and checked first, then all of them run as one
 * batch (report/batch.ts), and the rows (or files) come out in input order, each paired to its item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toNodeError } from '../nodeErrors';
import { readOutputMode, readReportOptions, readReportParameters } from '../parameters';
import type { PlannedReport } from '../report/batch';
import { buildStatsRequests } from '../report/request';
import { executionParts, runPlannedReports, sinkFor, type ItemPlan, type ReportOutput } from './reportOutput';

export async function executeRunReport(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const { clock, store } = executionParts(this);
	const requestedAtMs = clock.nowMs();
	const plans: ItemPlan[] = [];
	const reports: Array<PlannedReport<ReportOutput>> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const parameters = readReportParameters(this, itemIndex);
			const options = readReportOptions(this, itemIndex);
			const output = readOutputMode(this, itemIndex);
			const requests = buildStatsRequests(parameters, requestedAtMs);
			const { key, sink } = sinkFor(output, options, store);
			plans.push({ reportIndex: reports.length, output, options });
			reports.push({ requests, requestedAtMs, options, sinkKey: key, sink });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			plans.push({ error });
		}
	}
	return [await runPlannedReports(this, plans, reports, clock)];
}
