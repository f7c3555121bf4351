/**
 * What the UI suite runs against, as `npm run dev` starts it but on free loopback ports and in a
 * fresh user folder of its own (other n8n runs on the machine are left alone): the simulator, the
 * packed package in a real n8n 2.40.7 (`n8n start`), the owner account, two imported credentials
 * (the simulator's key and a wrong one) and two saved workflows with a Dialpad Stats node.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

import type { Browser } from 'playwright-core';

import { buildAndPackOnce, removePackedTarball, StepTimer } from '../e2e/harness';
import { listCallCenters, startSimulator, type CallCenterRef, type Simulator } from '../stand-ins/dialpad/index';
import {
	EXAMPLE_CREDENTIAL,
	N8nInstance,
	dialpadCredential,
	dialpadStats,
	ensureN8n,
	freshUserFolder,
	manualTrigger,
	repoRoot,
	workflow,
	type OwnerAccount,
	type RunningN8n,
} from '../support/n8n/index';
import { ensureChromium, launchChromium } from './browser';

export const SCREENSHOT_DIR = path.join(repoRoot, '.tmp', 'ui');
export const GOOD_CREDENTIAL = EXAMPLE_CREDENTIAL;
export const WRONG_KEY_CREDENTIAL = { id: 'DialpadWrongKey01', name: 'Dialpad (wrong key)' };
/**
 * Saved workflows, one per test that starts from one (n8n saves edits as they are made, so tests do
 * not share one): Manual Trigger -> Dialpad Stats (Records of Calls, Target Type Call Center, no
 * target picked yet).
 */
export const PICKER_WORKFLOWS = {
	wrongKey: { name: 'UI: Target list with a wrong key', node: 'Dialpad Stats' },
	relist: { name: 'UI: Target list per Target Type', node: 'Dialpad Stats' },
};

export const OWNER: OwnerAccount = {
	email: 'ui@dialpad-n8n.local',
	password: 'Dialpad-Ui-2026',
	firstName: 'Dialpad',
	lastName: 'Tester',
};

export interface UiStack {
	sim: Simulator;
	n8n: N8nInstance;
	server: RunningN8n;
	/** http://127.0.0.1:<free port> */
	baseUrl: string;
	callCenters: CallCenterRef[];
	/** The saved workflows' ids, by name (n8n gives them when they are saved). */
	workflowIds: Record<string, string>;
	browser: Browser;
	timer: StepTimer;
	stop(): Promise<void>;
}

export async function startUiStack(): Promise<UiStack> {
	const timer = new StepTimer();
	// First: without a browser nothing else is worth starting, and the message says what to install.
	await timer.time('ensure chromium (test/ui/ensure-chromium.sh)', () => ensureChromium());
	await rm(SCREENSHOT_DIR, { recursive: true, force: true });
	await mkdir(SCREENSHOT_DIR, { recursive: true });
	await timer.time('ensure n8n (install-n8n.sh)', () => ensureN8n());

	const n8n = await N8nInstance.create({ userFolder: await freshUserFolder('n8n-dialpad-ui-') });
	// The simulator prepares an export in 1 s; the node still waits its default First Check After.
	const sim = await startSimulator({ processingSeconds: 1 });
	let server: RunningN8n | undefined;
	let browser: Browser | undefined;
	const stop = async () => {
		await browser?.close().catch(() => undefined);
		await server?.stop().catch(() => undefined);
		await sim.close().catch(() => undefined);
		await n8n.dispose().catch(() => undefined);
		await removePackedTarball();
	};
	try {
		const callCenters = await listCallCenters(sim);
		const credentials = [
			dialpadCredential(GOOD_CREDENTIAL.id, GOOD_CREDENTIAL.name, { apiKey: sim.apiKey, environment: 'custom', baseUrl: sim.baseUrl }),
			dialpadCredential(WRONG_KEY_CREDENTIAL.id, WRONG_KEY_CREDENTIAL.name, {
				apiKey: 'not-the-simulator-key',
				environment: 'custom',
				baseUrl: sim.baseUrl,
			}),
		];
		const pickerWorkflows = Object.values(PICKER_WORKFLOWS).map((saved) =>
			workflow(
				'',
				saved.name,
				[
					manualTrigger('Start'),
					dialpadStats(
						saved.node,
						{
							exportType: 'records',
							statType: 'calls',
							targetType: 'callcenter',
							targetId: { __rl: true, mode: 'list', value: '' },
							period: 'yesterday',
						},
						GOOD_CREDENTIAL,
					),
				],
				[['Start', saved.node]],
			),
		);
		// The credential import boots n8n once (its database migrations) while the package builds.
		const imported = timer.time('n8n import:credentials (during the build)', () => n8n.importCredentials(credentials));
		imported.catch(() => undefined); // awaited below
		const packed = await buildAndPackOnce(timer);
		await imported;
		await timer.time('install the tarball', () => n8n.installPackage(packed));
		server = await timer.time('n8n start (until ready)', () => n8n.start());
		await server.ensureOwner(OWNER);
		// Saved through the REST API as the editor saves them: no second n8n boot for an import.
		const workflowIds: Record<string, string> = {};
		for (const saved of pickerWorkflows) {
			const body = { name: saved.name, nodes: saved.nodes, connections: saved.connections, settings: saved.settings };
			const created = await server.rest<{ id?: string }>('POST', '/workflows', body);
			if (created.status !== 200 || !created.data?.id) {
				throw new Error(`POST /rest/workflows answered ${created.status}: ${JSON.stringify(created.data).slice(0, 500)}`);
			}
			workflowIds[saved.name] = created.data.id;
		}
		browser = await timer.time('launch chromium', () => launchChromium());
		return { sim, n8n, server, baseUrl: server.baseUrl, callCenters, workflowIds, browser, timer, stop };
	} catch (error) {
		const output = server?.output().slice(-4000);
		await stop();
		if (output) (error as Error).message += `\n--- n8n output\n${output}`;
		throw error;
	}
}
