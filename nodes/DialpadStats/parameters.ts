import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ReportOptions } from '../shared/report/ports';
import { normalizeColumnNames } from '../shared/report/rows/columnChoice';
import { INCLUDE_TODAY_PRESETS, type PeriodPreset } from '../shared/report/request/period';
import type { Operation } from './description/operation';
import { invalidParameter } from '../shared/errors/reportError';
import { assertTimezone, type ReportParameters } from '../shared/report/request/request';
import { isToolUse, TOOL_FIRST_CHECK_SECONDS, TOOL_RESULT_BUDGET_BYTES } from './toolUse';

export const OPTION_DEFAULTS: ReportOptions = {
	initialDelaySeconds: 15,
	pollIntervalSeconds: 10,
	maxWaitSeconds: 900,
	typeValues: true,
	columns: [],
	rowLimit: 0,
	resultBudgetBytes: 0,
};

export type OutputMode = 'items' | 'file';

/** One Item per Row unless CSV File is chosen. */
export function readOutputMode(ctx: IExecuteFunctions, itemIndex: number): OutputMode {
	return ctx.getNodeParameter('output', itemIndex, 'items') === 'file' ? 'file' : 'items';
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

/** Reads one item's parameters. Values that do not apply to the chosen export read as empty. */
export function readReportParameters(ctx: IExecuteFunctions, itemIndex: number): ReportParameters {
	const exportType = text(ctx.getNodeParameter('exportType', itemIndex));
	const statType = text(ctx.getNodeParameter('statType', itemIndex));
	const targetType = text(ctx.getNodeParameter('targetType', itemIndex, 'none'));
	const period = text(ctx.getNodeParameter('period', itemIndex));
	const hasTarget = targetType !== 'none' && targetType !== '';
	const timezone = text(ctx.getNodeParameter('timezone', itemIndex, '')).trim();
	return {
		exportType,
		statType,
		targetType,
		targetId: hasTarget ? text(ctx.getNodeParameter('targetId', itemIndex, '', { extractValue: true })) : '',
		officeId: hasTarget ? '' : text(ctx.getNodeParameter('officeId', itemIndex, '', { extractValue: true })),
		period,
		daysAgoStart: period === 'daysAgo' ? (ctx.getNodeParameter('daysAgoStart', itemIndex, 1) as number) : 0,
		daysAgoEnd: period === 'daysAgo' ? (ctx.getNodeParameter('daysAgoEnd', itemIndex, 7) as number) : 0,
		weekStartsOn:
			period === 'thisWeek' || period === 'lastWeek'
				? text(ctx.getNodeParameter('weekStartsOn', itemIndex, 'monday'))
				: 'monday',
		includeToday: INCLUDE_TODAY_PRESETS.includes(period as PeriodPreset)
			? ctx.getNodeParameter('includeToday', itemIndex, false) === true
			: false,
		timezone: timezone === '' ? ctx.getTimezone() : timezone,
		groupBy:
			exportType === 'stats' && statType === 'calls'
				? text(ctx.getNodeParameter('groupBy', itemIndex, 'user'))
				: '',
	};
}

export function readReportOptions(ctx: IExecuteFunctions, itemIndex: number): ReportOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const seconds = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) ? value : fallback;
	const asTool = isToolUse(ctx);
	return {
		initialDelaySeconds: Math.max(
			0,
			seconds(options.initialDelay, asTool ? TOOL_FIRST_CHECK_SECONDS : OPTION_DEFAULTS.initialDelaySeconds),
		),
		pollIntervalSeconds: seconds(options.pollInterval, OPTION_DEFAULTS.pollIntervalSeconds),
		maxWaitSeconds: Math.max(1, seconds(options.maxWait, OPTION_DEFAULTS.maxWaitSeconds)),
		typeValues: typeof options.typeValues === 'boolean' ? options.typeValues : OPTION_DEFAULTS.typeValues,
		columns: normalizeColumnNames(options.columns),
		rowLimit: Math.max(0, Math.floor(seconds(options.rowLimit, 0))),
		resultBudgetBytes: asTool ? TOOL_RESULT_BUDGET_BYTES : OPTION_DEFAULTS.resultBudgetBytes,
	};
}

/** Run Report unless another operation is chosen (workflows saved before operations existed run reports). */
export function readOperation(ctx: IExecuteFunctions): Operation {
	const operation = ctx.getNodeParameter('operation', 0, 'run');
	return operation === 'start' || operation === 'getResult' ? operation : 'run';
}

export interface ResultParameters {
	requestId: string;
	returnWhileProcessing: boolean;
	timezone: string;
}

/** Get Report Result: which export, what to do while it is not ready, and the zone of its timestamps. */
export function readResultParameters(ctx: IExecuteFunctions, itemIndex: number): ResultParameters {
	const requestId = text(ctx.getNodeParameter('requestId', itemIndex, '')).trim();
	if (requestId === '') {
		throw invalidParameter(
			'Request ID',
			'is empty',
			"Map the request_id that Start Report output, for example {{ $json.request_id }} when Get Report Result follows Start Report (or a Wait node after it).",
		);
	}
	const timezone = text(ctx.getNodeParameter('timezone', itemIndex, '')).trim() || ctx.getTimezone();
	assertTimezone(timezone);
	return {
		requestId,
		returnWhileProcessing: ctx.getNodeParameter('ifNotReady', itemIndex, 'wait') === 'returnStatus',
		timezone,
	};
}
