/** CSV generation for the simulator and for benchmarks. */
export { generateCsv, csvText, csvLines, headersFor, type CsvOptions } from './generate';
export * from './headers';
export {
	EXPORT_TYPES,
	STAT_TYPES,
	TARGET_TYPES,
	GROUP_BYS,
	periodOf,
	localNow,
	addDays,
	isValidTimeZone,
	type ExportSpec,
	type ExportType,
	type StatType,
	type GroupBy,
	type TargetType,
	type PeriodRequest,
} from './spec';
