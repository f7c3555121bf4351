/**
 * What Run Report and Get Report Result share: the sink each item's report goes through, the
 * dependencies of a batch, and the items made of the outcomes, in input order, each paired.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItemJson, isCancellation, toNodeError } from '../../shared/errors/toNodeError';
import type { OutputMode } from '../parameters';
import { itemsSink, reportRows } from '../../shared/report/sinks/items';
import type { ReportDependencies, ReportOptions, ReportSink, BinaryStore } from '../../shared/report/ports';
import { BatchStopped, runReportBatch, type PlannedReport, type ReportOutcome } from '../../shared/report/export/batch';
import { fileSink } from '../../shared/report/sinks/file';
import { limitRows } from '../../shared/report/rows/rowLimit';
import type { PendingExport } from '../../shared/report/export/wait';
import { InvalidUtf8Hints } from './invalidUtf8Hint';
import type { ReportOutput } from './reportOutputTypes';
import {
	CREDENTIAL_TYPE,
	createBinaryStore,
	createCsvDownloader,
	createStatsApi,
	createWaitClock,
} from '../../shared/transport';

export type { ReportOutput } from './reportOutputTypes';

/** Per input item: its report's place in the batch, or why it could not be planned. */
export type ItemPlan = { reportIndex: number; output: OutputMode; options: ReportOptions } | { error: unknown };

/** One input item's report, read and checked, with how its results become items. */
export interface ItemReport {
	output: OutputMode;
	options: ReportOptions;
	report: PlannedReport<ReportOutput>;
}

/**
 * Reads and checks every input item's report before any request is sent. An item that cannot be read
 * fails alone with Continue On Fail (its error is its plan); otherwise the node stops with it, naming
 * the item.
 */
export function planItemReports(
	ctx: IExecuteFunctions,
	read: (itemIndex: number) => ItemReport,
): { plans: ItemPlan[]; reports: Array<PlannedReport<ReportOutput>> } {
	const plans: ItemPlan[] = [];
	const reports: Array<PlannedReport<ReportOutput>> = [];
	const itemCount = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const { output, options, report } = read(itemIndex);
			plans.push({ reportIndex: reports.length, output, options });
			reports.push(report);
		} catch (error) {
			if (!ctx.continueOnFail()) throw toNodeError(ctx, error, itemIndex);
			plans.push({ error });
		}
	}
	return { plans, reports };
}

export function sinkFor(output: OutputMode, options: ReportOptions, store: BinaryStore): { key: string; sink: ReportSink<ReportOutput> } {
	if (output === 'file') {
		const storeFile = fileSink(store);
		return { key: 'file', sink: async (body, facts) => ({ file: await storeFile(body, facts) }) };
	}
	const readRows = itemsSink(options);
	return {
		key: `items ${String(options.typeValues)} ${JSON.stringify(options.columns)}`,
		sink: readRows,
	};
}

/** An item's own planning error stands; only the items that had a report share the batch's failure. */
export function planFailure(plan: ItemPlan | { error: unknown } | { reportIndex: number }, batchFailure: unknown): unknown {
	return 'error' in plan ? plan.error : batchFailure;
}

/** The context's pieces every operation's batch needs. */
export function executionParts(ctx: IExecuteFunctions) {
	return { clock: createWaitClock(ctx), store: createBinaryStore(ctx) };
}

/** The batch's API, downloader and clock, with the credential of the first item that has a report. */
export async function batchDependencies(
	ctx: IExecuteFunctions,
	clock: ReportDependencies['clock'],
	firstItem: number,
): Promise<ReportDependencies> {
	return {
		api: createStatsApi(ctx, await ctx.getCredentials(CREDENTIAL_TYPE, firstItem)),
		downloader: createCsvDownloader(ctx),
		clock,
	};
}

/**
 * Runs the planned reports as one batch and turns the outcomes into items in input order. Without
 * Continue On Fail the first failure is thrown, naming its item; a cancel is always thrown. A file
 * with invalid UTF-8 adds a warning hint above the output.
 */
export async function runPlannedReports(
	ctx: IExecuteFunctions,
	plans: ItemPlan[],
	reports: Array<PlannedReport<ReportOutput>>,
	clock: ReportDependencies['clock'],
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const itemOf = (reportIndex: number) => plans.findIndex((plan) => 'reportIndex' in plan && plan.reportIndex === reportIndex);
	let outcomes: Array<ReportOutcome<ReportOutput>> = [];
	if (reports.length > 0) {
		let dependencies: ReportDependencies;
		try {
			dependencies = await batchDependencies(ctx, clock, itemOf(0));
		} catch (error) {
			if (!continueOnFail) throw toNodeError(ctx, error, itemOf(0));
			return plans.map((plan, item) => ({ json: errorItemJson(toNodeError(ctx, planFailure(plan, error), item)), pairedItem: { item } }));
		}
		const hints = new InvalidUtf8Hints();
		const noticed = reports.map((report) => ({ ...report, sink: hints.noticing(report.sink) }));
		try {
			outcomes = await runReportBatch(dependencies, noticed, { continueOnFail });
		} catch (error) {
			if (error instanceof BatchStopped) throw toNodeError(ctx, error.failure, itemOf(error.reportIndex));
			throw toNodeError(ctx, error, itemOf(0));
		}
		hints.addTo(ctx);
	}
	return outcomeItems(ctx, plans, outcomes, continueOnFail);
}

function outcomeItems(
	ctx: IExecuteFunctions,
	plans: ItemPlan[],
	outcomes: Array<ReportOutcome<ReportOutput>>,
	continueOnFail: boolean,
): INodeExecutionData[] {
	const output: INodeExecutionData[] = [];
	/** Results already in the output: identical reports share one, and each item after the first gets copies. */
	const handedOut = new Set<ReportOutput>();
	plans.forEach((plan, itemIndex) => {
		const pairedItem = { item: itemIndex };
		const outcome: ReportOutcome<ReportOutput> = 'error' in plan ? { ok: false, error: plan.error } : outcomes[plan.reportIndex];
		if (!outcome.ok || 'error' in plan) {
			const failure = outcome.ok ? undefined : outcome.error;
			const nodeError = toNodeError(ctx, failure, itemIndex);
			if (isCancellation(failure) || !continueOnFail) throw nodeError;
			output.push({ json: errorItemJson(nodeError), pairedItem });
			return;
		}
		const results = outcome.parts.map((part) => part.result);
		const shared = results.some((result) => handedOut.has(result));
		for (const result of results) handedOut.add(result);
		const own = <V extends object>(value: V): V => (shared ? { ...value } : value);
		const pending = results.find((result): result is { pending: PendingExport } => 'pending' in result);
		if (pending) {
			output.push({ json: { request_id: pending.pending.requestId, status: pending.pending.status }, pairedItem });
			return;
		}
		if (plan.output === 'file') {
			for (const result of results) {
				if ('file' in result) output.push({ json: own(result.file.json), binary: { data: own(result.file.binary) }, pairedItem });
			}
			return;
		}
		const allRows = reportRows(outcome.parts.map(({ requestId, result }) => ({ requestId, result: 'rows' in result ? result.rows : [] })));
		const { rows, marker } = limitRows(allRows, { maxRows: plan.options.rowLimit, maxBytes: plan.options.resultBudgetBytes });
		for (const row of rows) output.push({ json: own(row), pairedItem });
		if (marker) output.push({ json: marker, pairedItem });
	});
	return output;
}
