/**
 * The one error vocabulary of the report core: what happened (`message`) and how to fix it
 * (`description`). The node turns these into NodeOperationError / NodeApiError; nothing here knows n8n.
 */
export type ReportErrorKind =
	| 'invalidParameter'
	| 'dialpadRejected'
	| 'rateLimited'
	| 'dialpadUnavailable'
	| 'exportFailed'
	| 'exportExpired'
	| 'timedOut'
	| 'cancelled'
	| 'downloadFailed'
	| 'badCsv';

export class ReportError extends Error {
	constructor(
		readonly kind: ReportErrorKind,
		message: string,
		readonly description: string,
		readonly httpCode?: number,
	) {
		super(message);
		this.name = 'ReportError';
	}
}

export function invalidParameter(parameterName: string, problem: string, fix: string): ReportError {
	return new ReportError('invalidParameter', `${parameterName}: ${problem}`, fix);
}
