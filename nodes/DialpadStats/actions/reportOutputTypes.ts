import type { PendingExport } from '../../shared/report/export/wait';
import type { CsvFileOutput } from '../../shared/report/sinks/file';
import type { ReportRows } from '../../shared/report/sinks/items';

/** What one item's report became: typed rows, a stored CSV file, or the status of an export still running. */
export type ReportOutput = ReportRows | { file: CsvFileOutput } | { pending: PendingExport };
