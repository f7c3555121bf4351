/**
 * The packed package in the newest n8n 1.x (1.123.81; `N8N_1X_VERSION` picks another), still common
 * on self-hosted installs: a representative subset of the 2.40.7 suite's workflows (the same
 * workflow definitions from workflows.ts) and a cancel.
 *
 * 1. records/calls -> IF: typed rows, branch counts equal the served CSV's.
 * 2. A wrong key (401) with Continue On Fail: the error is an item, the workflow goes on.
 * 3. Cancel: a webhook-triggered report that takes ten minutes, stopped through n8n's REST API (the
 *    editor's Stop button) while it polls: no poll after the stop.
 *
 * 1 and 2 run in one `n8n execute-batch`; 3 needs the server (`n8n start`), on the same database
 * afterwards. n8n 1.123.81 is installed once per machine into the cache beside 2.40.7
 * (test/e2e/install-n8n.sh, about 8 minutes the first time).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { Simulator } from '../stand-ins/dialpad/index';
import { listCallCenters, startSimulator } from '../stand-ins/dialpad/index';
import {
	N8nInstance,
	byId,
	dialpadStats,
	ensureN8n,
	entriesFor,
	isDownload,
	isPoll,
	nodeJson,
	workflow,
	type BatchOutcome,
	type CallCenterRef,
	type ExecutionRun,
	type RunningN8n,
} from '../support/n8n/index';
import { EDITOR_READY, untilOutput, untilWebhookRegistered } from '../support/n8n/queue';
import { cancelWhilePolling } from '../queue/cancel';
import { webhook } from '../queue/workflows';
import { expectTypedRecordsWithIf } from './typed-rows';
import { StepTimer, buildAndPackOnce, removePackedTarball } from './harness';
import { FAST, GOOD_CREDENTIAL, TZ, WF, WRONG_KEY, credentials, testWorkflows } from './workflows';

const VERSION = process.env.N8N_1X_VERSION ?? '1.123.81';
const CANCEL = { id: '301', path: 'dialpad-1x-cancel', timezone: 'America/Anchorage' } as const;
const PROCESSING_SECONDS = 1;
const OWNER = { email: 'n8n1x@dialpad-n8n.local', password: 'Dialpad-1x-2026', firstName: 'Dialpad', lastName: 'One' };

const timer = new StepTimer();
let sim: Simulator;
let cc: CallCenterRef[];
let n8n: N8nInstance;
let batch: BatchOutcome;
let server: RunningN8n | undefined;

function succeeded(id: string): ExecutionRun {
	const result = batch.byId.get(id);
	if (!result) throw new Error(`workflow ${id} was not executed`);
	if (result.status !== 'success' || !result.run) {
		throw new Error(`workflow ${id} ended "${result.status}": ${result.error ?? '(no error text)'}`);
	}
	return result.run;
}

beforeAll(async () => {
	await timer.time(`ensure n8n ${VERSION} (install-n8n.sh)`, async () => ensureN8n(VERSION));
	n8n = await N8nInstance.create({ n8nVersion: VERSION });
	sim = await startSimulator({ processingSeconds: PROCESSING_SECONDS });
	cc = await listCallCenters(sim);
	const imported = timer.time('n8n import:credentials (during the build)', () =>
		n8n.importCredentials(credentials(sim.baseUrl, sim.apiKey)),
	);
	imported.catch(() => undefined); // awaited below
	const packed = await buildAndPackOnce(timer);
	await imported;
	await timer.time('install the tarball', () => n8n.installPackage(packed));

	const subset = testWorkflows(cc).filter((wf) => wf.id === WF.recordsWithIf || wf.id === WF.wrongKeyContinue);
	const cancel = workflow(
		CANCEL.id,
		'E2E 1.x: a long report, cancelled',
		[
			webhook('Webhook', CANCEL.path, 'onReceived'),
			dialpadStats(
				'Dialpad Stats',
				{
					exportType: 'records',
					statType: 'calls',
					targetType: 'callcenter',
					targetId: byId(cc[0].id),
					period: 'yesterday',
					timezone: CANCEL.timezone,
					options: { ...FAST, maxWait: 900 },
				},
				GOOD_CREDENTIAL,
			),
		],
		[['Webhook', 'Dialpad Stats']],
	);
	await timer.time('n8n import:workflow (3)', () => n8n.importWorkflows([...subset, cancel]));
	await timer.time('n8n update:workflow --active=true (the webhook workflow)', () => n8n.activateWorkflows([CANCEL.id]));
	batch = await timer.time('n8n execute-batch (2 workflows)', () => n8n.executeBatch(subset.map((wf) => wf.id)));

	server = await timer.time('n8n start (until ready)', () => n8n.start({ timeoutMs: 5 * 60_000 }));
	// n8n 1.x answers /healthz before its REST routes exist: wait for the end of its boot.
	await timer.time('n8n start: boot finished', () => untilOutput(server!, EDITOR_READY, 5 * 60_000));
	await server.ensureOwner(OWNER);
	await timer.time('webhook registered', () => untilWebhookRegistered(server!.baseUrl, CANCEL.path));
	console.log(`n8n ${n8n.runtime.version} e2e timings (user folder ${n8n.userFolder}):\n${timer.report()}`);
}, 30 * 60_000);

afterAll(async () => {
	await server?.stop();
	await sim?.close();
	if (n8n && !process.env.KEEP_E2E) await n8n.dispose();
	await removePackedTarball();
});

describe(`n8n ${VERSION}`, () => {
	test('runs that version, with the package installed as n8n installs it', () => {
		expect(n8n.runtime.version).toBe(VERSION);
		expect(n8n.runtime.dir).toMatch(new RegExp(`n8n-${VERSION.replace(/\./g, '\\.')}$`));
		expect(existsSync(path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-dialpad', 'package.json'))).toBe(true);
	});

	test('records/calls -> IF category = incoming: typed rows, branch counts match the CSV', () => {
		const { requestId } = expectTypedRecordsWithIf(succeeded(WF.recordsWithIf), sim, cc[0].id, TZ.recordsWithIf);
		const downloads = entriesFor(sim.log, [requestId]).filter(isDownload);
		expect(downloads).toHaveLength(1);
		expect(downloads[0].hasAuthorization).toBe(false);
	});

	test('a wrong key (401) with Continue On Fail: the error is an item and the workflow goes on', () => {
		const run = succeeded(WF.wrongKeyContinue);
		const items = nodeJson(run, 'Dialpad Stats');
		expect(items).toHaveLength(1);
		expect(items[0].error).toMatch(/^Dialpad rejected the API key: .+/);
		expect(String(items[0].error)).not.toContain(WRONG_KEY);
		expect(nodeJson(run, 'After')).toHaveLength(1);
		expect(sim.log.some((entry) => entry.status === 401 && entry.server === 'api')).toBe(true);
	});

	test('cancel: a report stopped from the REST API stops polling within a few seconds', async () => {
		const outcome = await cancelWhilePolling({
			sim,
			main: server!,
			workflowId: CANCEL.id,
			webhookPath: CANCEL.path,
			timezone: CANCEL.timezone,
			processingSeconds: PROCESSING_SECONDS,
			quietSeconds: 12,
		});
		console.log(
			`n8n ${VERSION} cancel: execution ${outcome.executionId} stopped after ${outcome.ranSeconds.toFixed(1)} s, ` +
				`${outcome.pollsBeforeStop.length} polls before, ${outcome.pollsAfterStop.length} after, final status ${outcome.finalStatus}`,
		);
		expect(outcome.stopAnswer.status).toBe(200);
		expect(outcome.pollsBeforeStop.length).toBeGreaterThanOrEqual(2);
		expect(outcome.pollsAfterStop.filter((poll) => poll.timeMs > outcome.stopAtMs + 3000)).toEqual([]);
		expect(outcome.finalStatus).toBe('canceled');
		expect(entriesFor(sim.log, [outcome.requestId]).filter(isPoll).length).toBe(outcome.pollsBeforeStop.length + outcome.pollsAfterStop.length);
	});
});
