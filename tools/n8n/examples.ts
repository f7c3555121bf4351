/** The importable example workflows in examples/, and what dev, demo and e2e do to them. */
import type { CallCenterRef } from '../../test/simulator/client';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './runtime';
import { DIALPAD_CREDENTIAL_TYPE, DIALPAD_NODE_TYPE, type WorkflowFile, type WorkflowNode } from './workflows';

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

export function dialpadNodes(wf: WorkflowFile): WorkflowNode[] {
	return wf.nodes.filter((node) => node.type === DIALPAD_NODE_TYPE);
}

/** Nodes that would leave the machine (anything not n8n core logic and not the Dialpad node). */
export function thirdPartyNodes(wf: WorkflowFile): WorkflowNode[] {
	const local = new Set([
		DIALPAD_NODE_TYPE,
		'n8n-nodes-base.manualTrigger',
		'n8n-nodes-base.scheduleTrigger',
		'n8n-nodes-base.if',
		'n8n-nodes-base.filter',
		'n8n-nodes-base.set',
		'n8n-nodes-base.noOp',
		'n8n-nodes-base.splitOut',
		'n8n-nodes-base.stickyNote',
	]);
	return wf.nodes.filter((node) => !local.has(node.type));
}

export type { CallCenterRef };

/**
 * Points every Dialpad node at a call center that exists in the simulator: the one named in the
 * node's notes ("... the call center 'Sales Line' ..."), else the first one. The examples ship with
 * the ids of the simulator's default seed, so this only matters when the seed or company changes.
 */
export function retargetExample(wf: WorkflowFile, callCenters: CallCenterRef[]): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowFile;
	for (const node of dialpadNodes(copy)) {
		const wanted = /call center '([^']+)'/.exec(node.notes ?? '')?.[1];
		const match = callCenters.find((cc) => cc.name === wanted) ?? callCenters[0];
		const locator = node.parameters.targetId as { value?: string } | undefined;
		if (match && locator && node.parameters.targetType === 'callcenter') locator.value = match.id;
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
	for (const node of dialpadNodes(copy)) {
		if (overrides.dialpadOptions) node.parameters.options = { ...(node.parameters.options as object), ...overrides.dialpadOptions };
		node.credentials = { [DIALPAD_CREDENTIAL_TYPE]: { ...EXAMPLE_CREDENTIAL } };
	}
	return copy;
}
