/**
 * Run Report: every input item's report is read and checked first, then all of them run as one
 * batch (report/batch.ts), and the rows (or files) come out in input order, each paired to its item.
 */
import type { IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import { toNodeError } from '../nodeErrors';
import { readOutputMode, readReportOptions, readReportParameters } from '../parameters';
import type { ReportSink } from '../report';
import type { PlannedReport } from '../report/batch';
import type { InvalidUtf8 } from '../report/csv';
import { buildStatsRequests } from '../report/request';
import { executionParts, runPlannedReports, sinkFor, type ItemPlan, type ReportOutput } from './reportOutput';

export async function executeRunReport(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const { clock, store } = executionParts(this);
	const requestedAtMs = clock.nowMs();
	const plans: ItemPlan[] = [];
	const reports: Array<PlannedReport<ReportOutput>> = [];
	const invalidUtf8 = new Map<string, NodeExecutionHint>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const parameters = readReportParameters(this, itemIndex);
			const options = readReportOptions(this, itemIndex);
			const output = readOutputMode(this, itemIndex);
			const requests = buildStatsRequests(parameters, requestedAtMs);
			const { key, sink } = sinkFor(output, options, store);
			plans.push({ reportIndex: reports.length, output, options });
			reports.push({ requests, requestedAtMs, options, sinkKey: key, sink: noticingInvalidUtf8(sink, invalidUtf8) });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			plans.push({ error });
		}
	}
	const output = await runPlannedReports(this, plans, reports, clock);
	// Shown above the output; n8n releases before execution hints have no such method.
	if (invalidUtf8.size > 0 && typeof this.addExecutionHints === 'function') this.addExecutionHints(...invalidUtf8.values());
	return [output];
}

/** The same sink, keeping a hint (by request id) for a file whose bytes were not all valid UTF-8. */
function noticingInvalidUtf8(sink: ReportSink<ReportOutput>, hints: Map<string, NodeExecutionHint>): ReportSink<ReportOutput> {
	return async (body, facts) => {
		const result = await sink(body, facts);
		const inFile = 'file' in result;
		const invalid = 'rows' in result ? result.invalidUtf8 : inFile ? result.file.invalidUtf8 : null;
		if (invalid) hints.set(facts.requestId, { message: invalidUtf8Message(facts.requestId, invalid, inFile), type: 'warning', location: 'outputPane' });
		return result;
	};
}

export function invalidUtf8Message(requestId: string, invalid: InvalidUtf8, inFile: boolean): string {
	const where = invalid.lineCount === 1 ? `line ${invalid.firstLine}` : `${invalid.lineCount} lines (the first: line ${invalid.firstLine})`;
	const effect = inFile
		? 'the file is stored as Dialpad sent it, and whatever reads it as UTF-8 shows "�" there'
		: 'they were read as "�" (U+FFFD), so a name or other text there shows "�" instead of the characters Dialpad meant';
	return `Dialpad's report file (request ${requestId}) has bytes that are not valid UTF-8 on ${where}: ${effect}`;
}
