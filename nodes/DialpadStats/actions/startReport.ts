/**
 * Start Report: the POSTs alone, as one paced batch (identical requests once), and one item per
 * export with its request id at once, for a Wait node and Get Report Result to pick up.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItemJson, isCancellation, toNodeError } from '../../shared/errors/toNodeError';
import { readReportOptions, readReportParameters } from '../parameters';
import type { ReportOptions } from '../../shared/report/ports';
import { BatchStopped, startReportBatch } from '../../shared/report/export/batch';
import { buildStatsRequests, type StatsRequestBody } from '../../shared/report/request/request';
import { batchDependencies, executionParts, planFailure } from './reportOutput';

type StartPlan = { reportIndex: number } | { error: unknown };

export async function executeStartReport(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const { clock } = executionParts(this);
	const requestedAtMs = clock.nowMs();
	const plans: StartPlan[] = [];
	const reports: Array<{ requests: StatsRequestBody[]; options: ReportOptions }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const requests = buildStatsRequests(readReportParameters(this, itemIndex), requestedAtMs);
			plans.push({ reportIndex: reports.length });
			reports.push({ requests, options: readReportOptions(this, itemIndex) });
		} catch (error) {
			if (!continueOnFail) throw toNodeError(this, error, itemIndex);
			plans.push({ error });
		}
	}
	if (reports.length === 0) return [plans.map((plan, item) => failedItem(this, (plan as { error: unknown }).error, item))];

	const itemOf = (reportIndex: number) => plans.findIndex((plan) => 'reportIndex' in plan && plan.reportIndex === reportIndex);
	let outcomes: Awaited<ReturnType<typeof startReportBatch>>;
	try {
		outcomes = await startReportBatch(await batchDependencies(this, clock, itemOf(0)), reports, { continueOnFail });
	} catch (error) {
		if (error instanceof BatchStopped) throw toNodeError(this, error.failure, itemOf(error.reportIndex));
		if (!continueOnFail || isCancellation(error)) throw toNodeError(this, error, itemOf(0));
		return [plans.map((plan, item) => failedItem(this, planFailure(plan, error), item))];
	}

	const output: INodeExecutionData[] = [];
	plans.forEach((plan, item) => {
		const outcome = 'error' in plan ? { ok: false as const, error: plan.error } : outcomes[plan.reportIndex];
		if (!outcome.ok) {
			output.push(failedItem(this, outcome.error, item));
			return;
		}
		for (const { request, started } of outcome.value) {
			output.push({
				json: { request_id: started.requestId, already_started: started.alreadyStarted, request: request as unknown as IDataObject },
				pairedItem: { item },
			});
		}
	});
	return [output];
}

function failedItem(ctx: IExecuteFunctions, error: unknown, item: number): INodeExecutionData {
	const nodeError = toNodeError(ctx, error, item);
	if (!ctx.continueOnFail() || isCancellation(error)) throw nodeError;
	return { json: errorItemJson(nodeError), pairedItem: { item } };
}
