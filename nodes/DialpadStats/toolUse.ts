/**
 * The node as an AI agent's tool (n8n's `dialpadStatsTool` variant): what the model is told, and
 * the defaults that keep its answers small and quick.
 */

/** Dialpad's 15-20 s guidance is about repeated polling; one early check keeps an agent's turn short. */
export const TOOL_FIRST_CHECK_SECONDS = 5;
export const TOOL_RESULT_BUDGET_KB = 20;
export const TOOL_RESULT_BUDGET_BYTES = TOOL_RESULT_BUDGET_KB * 1000;

/**
 * The node's description: n8n shows it in the node panel and, at run time, gives it to an AI agent
 * as the tool's description (the tool variant's own description only reaches the editor).
 */
export const TOOL_DESCRIPTION = [
	'Runs a Dialpad call-center analytics report and returns its rows as JSON objects (one per CSV row), or the CSV file.',
	'Targets are Dialpad numeric IDs (call center, department, office, user, ...), not names.',
	'Periods: today, yesterday, last7Days, last30Days, thisWeek, lastWeek, thisMonth, lastMonth (days counted in the report timezone).',
	'For counts (calls, missed, abandoned, ...), a Stats export of calls grouped by date gives one row per day with those counts; grouped by group, one row per call center or department. Records exports list every call leg and are large.',
	`Results over about ${TOOL_RESULT_BUDGET_KB} KB are cut and end with { truncated: true, totalRows, returnedRows }: then ask for fewer columns, a Stats export or a shorter period.`,
	'A call takes 5 to 60 seconds while Dialpad prepares the report. Errors say which value to change and what is allowed.',
].join(' ');

export { isToolUse } from '../shared/toolUse';
