/** The importable example workflows in examples/, and what dev, demo and e2e do to them. */
import type { CallCenterRef } from '../../stand-ins/dialpad/client';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './runtime';
import {
	DIALPAD_CREDENTIAL_TYPE,
	DIALPAD_NODE_TYPE,
	DIALPAD_TRIGGER_NODE_TYPE,
	type WorkflowFile,
	type WorkflowNode,
} from './workflows';

export const EXAMPLES_DIR = path.join(repoRoot, 'examples');
/** The credential every example refers to; dev and e2e import one with this id and name. */
export const EXAMPLE_CREDENTIAL = { id: 'DialpadSimulator01', name: 'Dialpad (simulator)' };
export const MAIN_EXAMPLE = 'dialpad-stats-to-slack.json';

export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

export function loadExample(file: string): WorkflowFile {
	return JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowFile;
}

/** The node as an AI agent's tool: n8n's variant of a `usableAsTool` node, named with "Tool" appended. */
export const DIALPAD_TOOL_NODE_TYPE = `${DIALPAD_NODE_TYPE}Tool`;

/** Dialpad Stats nodes, the AI-agent tool variant included. */
export function dialpadNodes(wf: WorkflowFile): WorkflowNode[] {
	return wf.nodes.filter((node) => node.type === DIALPAD_NODE_TYPE || node.type === DIALPAD_TOOL_NODE_TYPE);
}

/** Examples built on Dialpad Trigger (dialpad-trigger-*.json): they run on pushed events, not `n8n execute`. */
export function isTriggerExample(file: string): boolean {
	return /^dialpad-trigger-/.test(file);
}

/** Dialpad Trigger nodes. */
export function dialpadTriggerNodes(wf: WorkflowFile): WorkflowNode[] {
	return wf.nodes.filter((node) => node.type === DIALPAD_TRIGGER_NODE_TYPE);
}

/** Nodes that would leave the machine (anything not n8n core logic and not the Dialpad node). */
export function thirdPartyNodes(wf: WorkflowFile): WorkflowNode[] {
	const local = new Set([
		DIALPAD_NODE_TYPE,
		DIALPAD_TRIGGER_NODE_TYPE,
		'n8n-nodes-base.manualTrigger',
		'n8n-nodes-base.scheduleTrigger',
		'n8n-nodes-base.if',
		'n8n-nodes-base.filter',
		'n8n-nodes-base.set',
		'n8n-nodes-base.noOp',
		'n8n-nodes-base.splitOut',
		'n8n-nodes-base.code',
		'n8n-nodes-base.summarize',
		'n8n-nodes-base.stickyNote',
		// The scheduled-run recipes: n8n's own dedupe store (its database) and error workflow trigger.
		'n8n-nodes-base.removeDuplicates',
		'n8n-nodes-base.errorTrigger',
		// The AI-agent example: the agent and the chat trigger run in n8n; only the chat model leaves.
		DIALPAD_TOOL_NODE_TYPE,
		'@n8n/n8n-nodes-langchain.agent',
		'@n8n/n8n-nodes-langchain.chatTrigger',
		'@n8n/n8n-nodes-langchain.manualChatTrigger',
	]);
	return wf.nodes.filter((node) => !local.has(node.type));
}

export type { CallCenterRef };

/** A call center in a Code node's list: `{ callCenterId: '<id>', name: '<name>' }`. */
const CODE_CALL_CENTER = /(callCenterId:\s*')(\d+)(',\s*name:\s*')((?:[^'\\]|\\.)*)(')/g;

/**
 * Points the examples at call centers that exist in the simulator. Every Dialpad node with a fixed
 * call center gets the one named in its notes ("... the call center 'Sales Line' ..."), else the
 * first one; a Target that is an expression (`={{ $json.callCenterId }}`) is left alone. In Code
 * nodes, every `{ callCenterId: '<id>', name: '<name>' }` gets the id of the simulator's call center
 * of that name (names it does not have keep their id). The examples ship with the ids of the
 * simulator's default seed, so this only matters when the seed or company changes.
 */
export function retargetExample(wf: WorkflowFile, callCenters: CallCenterRef[]): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowFile;
	for (const node of [...dialpadNodes(copy), ...dialpadTriggerNodes(copy)]) {
		const wanted = /call center '([^']+)'/.exec(node.notes ?? '')?.[1];
		const match = callCenters.find((cc) => cc.name === wanted) ?? callCenters[0];
		const locator = node.parameters.targetId as { value?: string } | undefined;
		const isExpression = typeof locator?.value === 'string' && locator.value.startsWith('=');
		if (match && locator && !isExpression && node.parameters.targetType === 'callcenter') locator.value = match.id;
	}
	for (const node of copy.nodes.filter((n) => n.type === 'n8n-nodes-base.code')) {
		const code = node.parameters.jsCode;
		if (typeof code !== 'string') continue;
		node.parameters.jsCode = code.replace(
			CODE_CALL_CENTER,
			(whole, before: string, _id: string, middle: string, name: string, after: string) => {
				const match = callCenters.find((cc) => cc.name === name.replace(/\\(.)/g, '$1'));
				return match ? `${before}${match.id}${middle}${name}${after}` : whole;
			},
		);
	}
	return copy;
}

/** The test copy: third-party nodes disabled so nothing leaves the machine; optional overrides. */
export function offlineCopy(
	wf: WorkflowFile,
	overrides: { id?: string; name?: string; timezone?: string; dialpadOptions?: Record<string, unknown> } = {},
): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowFile;
	if (overrides.id) copy.id = overrides.id;
	if (overrides.name) copy.name = overrides.name;
	if (overrides.timezone) copy.settings = { ...(copy.settings ?? {}), timezone: overrides.timezone };
	for (const node of thirdPartyNodes(copy)) node.disabled = true;
	for (const node of dialpadTriggerNodes(copy)) node.credentials = { [DIALPAD_CREDENTIAL_TYPE]: { ...EXAMPLE_CREDENTIAL } };
	for (const node of dialpadNodes(copy)) {
		if (overrides.dialpadOptions) node.parameters.options = { ...(node.parameters.options as object), ...overrides.dialpadOptions };
		node.credentials = { [DIALPAD_CREDENTIAL_TYPE]: { ...EXAMPLE_CREDENTIAL } };
	}
	return copy;
}

/**
 * Points every node that uses a credential of `credentialType` at `credential` (e.g. the AI-agent
 * example's OpenAI Chat Model at a credential whose Base URL is the loopback stand-in). A copy.
 */
export function retargetCredential(
	wf: WorkflowFile,
	credentialType: string,
	credential: { id: string; name: string },
): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowFile;
	for (const node of copy.nodes) {
		if (node.credentials?.[credentialType]) node.credentials[credentialType] = { ...credential };
	}
	return copy;
}
