import { NodeApiError, NodeOperationError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

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
			const apiError = { message: details.message, httpCode: String(error.httpCode) } as JsonObject;
			return new NodeApiError(ctx.getNode(), apiError, { ...details, httpCode: String(error.httpCode) });
		}
		return new NodeOperationError(ctx.getNode(), details.message, details);
	}
	// A plain message: errors from other realms (or non-Errors) would otherwise lose their text.
	const message = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)
		? String((error as { message: unknown }).message)
		: String(error);
	return new NodeOperationError(ctx.getNode(), `Dialpad Stats failed: ${message}${onItem}`, { itemIndex });
}

/** Cancelled runs end as cancelled, whatever Continue On Fail says. */
export function isCancellation(error: unknown): boolean {
	return error instanceof ReportError && error.kind === 'cancelled';
}

/** The item Continue On Fail puts in the place of a failed one. */
export function errorItemJson(error: NodeApiError | NodeOperationError): JsonObject {
	return { error: error.message, description: error.description ?? null };
}
