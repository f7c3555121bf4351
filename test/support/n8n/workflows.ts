/** Small builders for importable workflow and credential JSON. */
import type { Json } from './run-data';

export const DIALPAD_NODE_TYPE = 'n8n-nodes-dialpad.dialpadStats';
export const DIALPAD_TRIGGER_NODE_TYPE = 'n8n-nodes-dialpad.dialpadTrigger';
/** The path in the Dialpad Trigger's webhook description (its URL is /webhook/<webhookId>/<this>). */
export const DIALPAD_TRIGGER_WEBHOOK_PATH = 'webhook';
export const DIALPAD_CREDENTIAL_TYPE = 'dialpadApi';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Json;
	credentials?: Record<string, { id: string; name: string }>;
	disabled?: boolean;
	continueOnFail?: boolean;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	notes?: string;
	[key: string]: unknown;
}

export type Connections = Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;

export interface WorkflowFile {
	id: string;
	name: string;
	active?: boolean;
	nodes: WorkflowNode[];
	connections: Connections;
	settings?: Json;
	pinData?: Json;
	[key: string]: unknown;
}

export interface CredentialFile {
	id: string;
	name: string;
	type: string;
	data: Json;
}

export interface DialpadCredentialData {
	apiKey: string;
	environment: 'production' | 'sandbox' | 'custom';
	baseUrl?: string;
	companyId?: string;
}

export function dialpadCredential(id: string, name: string, data: DialpadCredentialData): CredentialFile {
	return { id, name, type: DIALPAD_CREDENTIAL_TYPE, data: { ...data } };
}

/** A resource-locator value in "By ID" mode, as the editor saves it. */
export function byId(value: string): Json {
	return { __rl: true, mode: 'id', value };
}

let nodeCounter = 0;
function nodeId(): string {
	nodeCounter += 1;
	return `00000000-0000-4000-8000-${String(nodeCounter).padStart(12, '0')}`;
}

export function manualTrigger(name = 'Start'): WorkflowNode {
	return { id: nodeId(), name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
}

export function noOp(name: string): WorkflowNode {
	return { id: nodeId(), name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [0, 0], parameters: {} };
}

export function dialpadStats(
	name: string,
	parameters: Json,
	credential: { id: string; name: string },
	settings: Partial<WorkflowNode> = {},
): WorkflowNode {
	return {
		id: nodeId(),
		name,
		type: DIALPAD_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [DIALPAD_CREDENTIAL_TYPE]: credential },
		...settings,
	};
}

/**
 * Dialpad Trigger with a fixed webhookId (what the editor gives a trigger when it is added), so the
 * test knows its production URL: /webhook/<webhookId>/webhook.
 */
export function dialpadTrigger(
	name: string,
	parameters: Json,
	credential: { id: string; name: string },
	webhookId: string,
): WorkflowNode {
	return {
		id: nodeId(),
		name,
		type: DIALPAD_TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters,
		credentials: { [DIALPAD_CREDENTIAL_TYPE]: credential },
	};
}

/** IF (v2.2): a string field equals a value; true branch = output 0, false branch = output 1. */
export function ifEquals(name: string, field: string, value: string): WorkflowNode {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position: [0, 0],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
				conditions: [
					{
						id: nodeId(),
						leftValue: `={{ $json.${field} }}`,
						rightValue: value,
						operator: { type: 'string', operation: 'equals' },
					},
				],
				combinator: 'and',
			},
			looseTypeValidation: true,
			options: {},
		},
	};
}

/** Edit Fields (Set v3.4) in JSON mode: one item holding `json`. */
export function setJson(name: string, json: Json): WorkflowNode {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [0, 0],
		parameters: { mode: 'raw', jsonOutput: JSON.stringify(json), options: {} },
	};
}

/** Split Out: one item per element of the array field (elements that are objects become the item). */
export function splitOut(name: string, field: string): WorkflowNode {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [0, 0],
		parameters: { fieldToSplitOut: field, options: {} },
	};
}

/**
 * Wires nodes: each entry is [from, to] or [from, to, outputIndex]. Positions are spread left to
 * right so the workflow reads well when opened in the editor.
 */
export function workflow(
	id: string,
	name: string,
	nodes: WorkflowNode[],
	edges: Array<[string, string] | [string, string, number]>,
	settings: Json = {},
): WorkflowFile {
	const connections: Connections = {};
	for (const [from, to, output = 0] of edges) {
		const main = (connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: 0 });
	}
	const depth = new Map<string, number>();
	const visit = (name: string, d: number) => {
		if ((depth.get(name) ?? -1) >= d) return;
		depth.set(name, d);
		for (const out of connections[name]?.main ?? []) for (const c of out) visit(c.node, d + 1);
	};
	for (const node of nodes) if (!edges.some(([, to]) => to === node.name)) visit(node.name, 0);
	const rows = new Map<number, number>();
	for (const node of nodes) {
		const d = depth.get(node.name) ?? 0;
		const row = rows.get(d) ?? 0;
		rows.set(d, row + 1);
		node.position = [240 + d * 260, 300 + row * 180];
	}
	return { id, name, active: false, nodes, connections, settings: { executionOrder: 'v1', ...settings } };
}
