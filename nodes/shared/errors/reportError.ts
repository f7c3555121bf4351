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

/**
 * The message carries the fix too (`Period: "last week" is not a valid choice. Pick one of: ...`):
 * an AI agent calling the node as a tool, and n8n's error list, see the message only. `shortFix`
 * is the fix in one sentence; without it the first sentence of `fix` is used. The description keeps
 * the whole `fix` for people.
 */
export function invalidParameter(
	parameterName: string,
	problem: string,
	fix: string,
	shortFix: string = firstSentence(fix),
): ReportError {
	return new ReportError('invalidParameter', `${parameterName}: ${problem}. ${shortFix}`, fix);
}

function firstSentence(text: string): string {
	const end = text.search(/[.;](\s|$)/);
	return end === -1 ? text : text.slice(0, end + 1).replace(/;$/, '.');
}
