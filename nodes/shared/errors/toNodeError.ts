import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INode, type JsonObject } from 'n8n-workflow';

import { ReportError } from './reportError';
import { isToolUse } from '../toolUse';

/** n8n's error for a report's failure, naming the item it belongs to (`[item N]`). */
export function toNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	// An AI agent calls the tool with one item: "[item 0]" would only be noise to the model.
	const onItem = isToolUse(ctx) ? '' : ` [item ${itemIndex}]`;
	if (error instanceof ReportError) {
		const details = { message: error.message + onItem, description: error.description, itemIndex };
		if (error.httpCode !== undefined && error.kind !== 'invalidParameter') {
			return toNodeApiError(ctx.getNode(), error, { message: details.message, itemIndex });
		}
		return new NodeOperationError(ctx.getNode(), details.message, details);
	}
	// A plain message: errors from other realms (or non-Errors) would otherwise lose their text.
	const message = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)
		? String((error as { message: unknown }).message)
		: String(error);
	return new NodeOperationError(ctx.getNode(), `Dialpad Stats failed: ${message}${onItem}`, { itemIndex });
}

/**
 * A ReportError as n8n's API error: message, HTTP code and the fix as description. List methods must
 * throw this kind: the editor's dropdown shows the description only for a NodeApiError.
 */
export function toNodeApiError(node: INode, error: ReportError, at: { message?: string; itemIndex?: number } = {}): NodeApiError {
	const message = at.message ?? error.message;
	const httpCode = error.httpCode === undefined ? undefined : String(error.httpCode);
	return new NodeApiError(node, { message, httpCode: httpCode ?? null } as JsonObject, {
		message,
		description: error.description,
		...(httpCode ? { httpCode } : {}),
		...(at.itemIndex !== undefined ? { itemIndex: at.itemIndex } : {}),
	});
}

/** Cancelled runs end as cancelled, whatever Continue On Fail says. */
export function isCancellation(error: unknown): boolean {
	return error instanceof ReportError && error.kind === 'cancelled';
}

/** The item Continue On Fail puts in the place of a failed one. */
export function errorItemJson(error: NodeApiError | NodeOperationError): JsonObject {
	return { error: error.message, description: error.description ?? null };
}
