/**
 * Run Report: every input item's report is read and checked first, then all of them run as one
 * batch (report/batch.ts), and the rows (or files) come out in input order, each paired to its item.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItemJson, isCancellation, toNodeError } from '../nodeErrors';
import { readOutputMode, readReportOptions, readReportParameters, type OutputMode } from '../parameters';
import { itemsSink, reportRows, type ReportDependencies, type ReportOptions, type ReportSink } from '../report';
import { BatchStopped, runReportBatch, type PlannedReport, type ReportOutcome } from '../report/batch';
import { fileSink, type BinaryStore, type CsvFileOutput } from '../report/csvFile';
import { buildStatsRequests } from '../report/request';
import {
	CREDENTIAL_TYPE,
	createBinaryStore,
	createCsvDownloader,
	createStatsApi,
	createWaitClock,
} from '../transport';

type ReportOutput = { rows: IDataObject[] } | { file: CsvFileOutput };
type ItemPlan = { reportIndex: number; output: OutputMode } | { error: unknown };

function sinkFor(output: OutputMode, options: ReportOptions, store: BinaryStore): { key: string; sink: ReportSink<ReportOutput> } {
	if (output === 'file') {
		const storeFile = fileSink(store);
		return { key: 'file', sink: async (body, facts) => ({ file: await storeFile(body, facts) }) };
	}
	const readRows = itemsSink(options);
	return {
		key: `items ${String(options.typeValues)} ${JSON.stringify(options.columns)}`,
		sink: async (body, facts) => ({ rows: await readRows(body, facts) }),
	};
}

export async function executeRunReport(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const clock = createWaitClock(this);
	const requestedAtMs = clock.nowMs();
	const store = createBinaryStore(this);

	const plans: ItemPlan[] = [];
	const reports: Array<PlannedReport<ReportOutput>> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const parameters = readReportParameters(this, itemIndex);
			const options = readReportOptions(this, itemIndex);
			const output = readOutputMode(this, itemIndex);
			const requests = buildStatsRequests(parameters, requestedAtMs);
			const { key, sink } = sinkFor(output, options, store);
			plans.push({ reportIndex: reports.length, output });
			reports.push({ requests, requestedAtMs, options, sinkKey: key, sink });
		} catch (error) {
			if (!continueOnFail) throw toNodeError(this, error, itemIndex);
			plans.push({ error });
		}
	}

	let outcomes: Array<ReportOutcome<ReportOutput>> = [];
	if (reports.length > 0) {
		const firstItem = plans.findIndex((plan) => 'reportIndex' in plan);
		let dependencies: ReportDependencies;
		try {
			dependencies = {
				api: createStatsApi(this, await this.getCredentials(CREDENTIAL_TYPE, firstItem)),
				downloader: createCsvDownloader(this),
				clock,
			};
		} catch (error) {
			if (!continueOnFail) throw toNodeError(this, error, firstItem);
			return [items.map((_, item) => ({ json: errorItemJson(toNodeError(this, error, item)), pairedItem: { item } }))];
		}
		try {
			outcomes = await runReportBatch(dependencies, reports, { continueOnFail });
		} catch (error) {
			if (error instanceof BatchStopped) {
				const itemIndex = plans.findIndex((plan) => 'reportIndex' in plan && plan.reportIndex === error.reportIndex);
				throw toNodeError(this, error.failure, itemIndex);
			}
			throw toNodeError(this, error, firstItem);
		}
	}

	const output: INodeExecutionData[] = [];
	/** Results already in the output: identical reports share one, and each item after the first gets copies. */
	const handedOut = new Set<ReportOutput>();
	plans.forEach((plan, itemIndex) => {
		const pairedItem = { item: itemIndex };
		const outcome: ReportOutcome<ReportOutput> = 'error' in plan ? { ok: false, error: plan.error } : outcomes[plan.reportIndex];
		if (!outcome.ok) {
			const nodeError = toNodeError(this, outcome.error, itemIndex);
			if (isCancellation(outcome.error) || !continueOnFail) throw nodeError;
			output.push({ json: errorItemJson(nodeError), pairedItem });
			return;
		}
		const results = outcome.parts.map((part) => part.result);
		const shared = results.some((result) => handedOut.has(result));
		for (const result of results) handedOut.add(result);
		const own = <V extends object>(value: V): V => (shared ? { ...value } : value);
		if ('output' in plan && plan.output === 'file') {
			for (const result of results) {
				if ('file' in result) output.push({ json: own(result.file.json), binary: { data: own(result.file.binary) }, pairedItem });
			}
			return;
		}
		const rows = reportRows(outcome.parts.map(({ requestId, result }) => ({ requestId, result: 'rows' in result ? result.rows : [] })));
		for (const row of rows) output.push({ json: own(row), pairedItem });
	});
	return [output];
}
