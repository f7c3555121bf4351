import type { IDataObject } from 'n8n-workflow';

import { chooseColumns, missingColumnsError } from '../rows/columnChoice';
import { createRowTyper } from '../rows/typing';
import { type InvalidUtf8 } from '../csv/reader';
import { readCsvTable } from '../csv/table';
import { mergeReportRows } from '../rows/merge';
import type { ReportOptions, ReportSink, ReportResult } from '../ports';

/** One Item per Row over every export of a report: one list of rows, past days first. */
export function reportRows(parts: Array<ReportResult<IDataObject[]>>): IDataObject[] {
	return parts.length === 1 ? parts[0].result : mergeReportRows(parts.map((part) => part.result));
}

/** One Item per Row, for one export: the typed rows, and the lines whose bytes were not valid UTF-8. */
export interface ReportRows {
	rows: IDataObject[];
	/** Null when the file was valid UTF-8; otherwise the rows hold U+FFFD where the bad bytes were. */
	invalidUtf8: InvalidUtf8 | null;
}

/** One Item per Row: typed rows, only the chosen columns (in the chosen order) when there is a choice. */
export function itemsSink(options: ReportOptions): ReportSink<ReportRows> {
	return async (body, report) => {
		const table = await readCsvTable(body);
		if (table === null) return { rows: [], invalidUtf8: null };
		const missing = missingColumnsError(table.header, options.columns);
		if (missing) {
			body.destroy();
			throw missing;
		}
		const choice = chooseColumns(table.header, options.columns);
		const typing = { typeValues: options.typeValues, timezone: report.timezone };
		const rows: IDataObject[] = [];
		if (choice === undefined) {
			const typeRow = createRowTyper(table.header, typing);
			for await (const batch of table.rows) for (const row of batch) rows.push(typeRow(row.values));
		} else {
			const { header, pick } = choice;
			const typeRow = createRowTyper(header, typing);
			for await (const batch of table.rows) for (const row of batch) rows.push(typeRow(pick(row.values)));
		}
		return { rows, invalidUtf8: table.invalidUtf8() };
	};
}
