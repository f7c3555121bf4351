import type { IExecuteFunctions } from 'n8n-workflow';

/** n8n runs a node's tool variant (for an AI agent) under the node type's name plus "Tool". */
export function isToolUse(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}
