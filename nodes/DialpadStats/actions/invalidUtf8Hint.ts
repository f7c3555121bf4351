/**
 * A warning above the output for a report file whose bytes were not all valid UTF-8 (they read as
 * "�"), one per request id, for every operation that downloads a report.
 */
import type { IExecuteFunctions, NodeExecutionHint } from 'n8n-workflow';

import type { ReportSink } from '../../shared/report/ports';
import type { InvalidUtf8 } from '../../shared/report/csv/reader';
import type { ReportOutput } from './reportOutputTypes';

export class InvalidUtf8Hints {
	private readonly byRequestId = new Map<string, NodeExecutionHint>();

	/** The same sink, noting a hint for a file with invalid UTF-8. */
	noticing(sink: ReportSink<ReportOutput>): ReportSink<ReportOutput> {
		return async (body, facts) => {
			const result = await sink(body, facts);
			const inFile = 'file' in result;
			const invalid = 'rows' in result ? result.invalidUtf8 : inFile ? result.file.invalidUtf8 : null;
			if (invalid) {
				this.byRequestId.set(facts.requestId, {
					message: invalidUtf8Message(facts.requestId, invalid, inFile),
					type: 'warning',
					location: 'outputPane',
				});
			}
			return result;
		};
	}

	/** Shows the hints noted so far; n8n releases before execution hints have no such method. */
	addTo(ctx: IExecuteFunctions): void {
		if (this.byRequestId.size > 0 && typeof ctx.addExecutionHints === 'function') ctx.addExecutionHints(...this.byRequestId.values());
	}
}

export function invalidUtf8Message(requestId: string, invalid: InvalidUtf8, inFile: boolean): string {
	const where = invalid.lineCount === 1 ? `line ${invalid.firstLine}` : `${invalid.lineCount} lines (the first: line ${invalid.firstLine})`;
	const effect = inFile
		? 'the file is stored as Dialpad sent it, and whatever reads it as UTF-8 shows "�" there'
		: 'they were read as "�" (U+FFFD), so a name or other text there shows "�" instead of the characters Dialpad meant';
	return `Dialpad's report file (request ${requestId}) has bytes that are not valid UTF-8 on ${where}: ${effect}`;
}
