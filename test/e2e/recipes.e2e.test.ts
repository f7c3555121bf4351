/**
 * The scheduled-run recipes of examples/ in a real n8n (2.40.7) against the simulator:
 *
 * 1. dialpad-stats-new-missed-calls-every-30-minutes-recipe.json (Today -> IF -> n8n's Remove
 *    Duplicates across executions -> Slack), run twice with `n8n execute` on one n8n database, the
 *    simulator's clock moved 30 minutes between the runs so today's export has grown: the second run
 *    passes on only the calls the first did not.
 * 2. dialpad-stats-failure-to-slack-recipe.json (Error Trigger -> what failed and what to do -> Slack)
 *    as the error workflow of the Slack example, which here runs on an activated Schedule Trigger (every
 *    few seconds instead of every morning at 7) with a key Dialpad rejects. n8n starts an error
 *    workflow for failed runs that did not come from the editor, and only a published one; `n8n
 *    execute` starts it in the background and may exit before it finishes. So this part takes
 *    the production path: `n8n start`, both workflows published through n8n's REST API (as the
 *    editor's Publish button does), a real schedule, and the executions n8n saved, read back.
 *
 * Slack cannot be reached here: the Slack nodes are disabled in the test copies (a disabled node
 * passes its input through), so what would have been posted is what reached them.
 */
import type { Simulator } from '../stand-ins/dialpad/index';
import {
	dialpadNodes,
	exportPosts,
	loadExample,
	nodeItems,
	nodeJson,
	nodeRan,
	offlineCopy,
	publishWorkflow,
	readExecution,
	requestIdOf,
	retargetExample,
	thirdPartyNodes,
	unpublishWorkflow,
	waitForExecution,
	DIALPAD_CREDENTIAL_TYPE,
	type CallCenterRef,
	type ExecutionRun,
	type SavedExecution,
	type Json,
	type N8nInstance,
	type RunningN8n,
	type WorkflowFile,
} from '../support/n8n/index';
import { StepTimer, parseCsv, removePackedTarball, startSuite } from './harness';
import { QUICK, WRONG_KEY, WRONG_KEY_CREDENTIAL, credentials } from './workflows';

const DEDUPE = {
	file: 'dialpad-stats-new-missed-calls-every-30-minutes-recipe.json',
	id: '201',
	dialpad: "Today's calls",
	filter: 'Missed or abandoned?',
	dedupe: 'Not posted before',
	slack: 'Post to Slack',
	timezone: 'America/New_York',
	/**
	 * 13:00 in New York on 1 December 2026, then the next run 30 minutes later. The simulator's day
	 * (seed 1, whole company) has 8 missed or abandoned call legs by 13:00 and a missed call at 13:20
	 * (two legs: the call center's and the agent's), and nothing else until 14:44: the second run must
	 * pass on exactly those two and hold back the first eight.
	 */
	firstRun: new Date('2026-12-01T18:00:00Z'),
	minutesBetweenRuns: 30,
};

const ALERT = {
	file: 'dialpad-stats-failure-to-slack-recipe.json',
	id: '202',
	trigger: 'When a workflow fails',
	compose: 'What failed and what to do',
	slack: 'Post to Slack',
};

/** The Slack example as a scheduled production workflow that fails: its error workflow is ALERT. */
const FAILING = {
	file: 'dialpad-stats-to-slack.json',
	id: '203',
	name: 'E2E: the Slack example on a schedule, with a key Dialpad rejects',
	timezone: 'Europe/Paris',
	everySeconds: 5,
};

const OWNER = { email: 'e2e-recipes@dialpad-n8n.local', password: 'E2e-Recipes-2026', firstName: 'E2E', lastName: 'Recipes' };

const timer = new StepTimer();
let sim: Simulator;
let n8n: N8nInstance;
let cc: CallCenterRef[];

function dedupeCopy(): WorkflowFile {
	return offlineCopy(retargetExample(loadExample(DEDUPE.file), cc), { id: DEDUPE.id, timezone: DEDUPE.timezone, dialpadOptions: QUICK });
}

function alertCopy(): WorkflowFile {
	return offlineCopy(loadExample(ALERT.file), { id: ALERT.id });
}

function failingCopy(): WorkflowFile {
	const copy = offlineCopy(retargetExample(loadExample(FAILING.file), cc), {
		id: FAILING.id,
		name: FAILING.name,
		timezone: FAILING.timezone,
		dialpadOptions: QUICK,
	});
	const schedule = copy.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger');
	if (!schedule) throw new Error(`examples/${FAILING.file} has no Schedule Trigger`);
	schedule.parameters = { rule: { interval: [{ field: 'seconds', secondsInterval: FAILING.everySeconds }] } };
	for (const node of dialpadNodes(copy)) node.credentials = { [DIALPAD_CREDENTIAL_TYPE]: { ...WRONG_KEY_CREDENTIAL } };
	copy.settings = { ...(copy.settings ?? {}), errorWorkflow: ALERT.id };
	return copy;
}

function succeeded(outcome: { status: string; run?: ExecutionRun; error?: string }, what: string): ExecutionRun {
	if (outcome.status !== 'success' || !outcome.run) throw new Error(`${what} ended "${outcome.status}": ${outcome.error ?? '(no error text)'}`);
	return outcome.run;
}

beforeAll(async () => {
	({ sim, n8n, callCenters: cc } = await startSuite(timer, (s) => credentials(s.baseUrl, s.apiKey)));
	const workflows = [dedupeCopy(), alertCopy(), failingCopy()];
	await timer.time(`n8n import:workflow (${workflows.length})`, () => n8n.importWorkflows(workflows));
}, 10 * 60_000);

afterAll(async () => {
	console.log(`recipes e2e timings (n8n ${n8n?.runtime.version}, user folder ${n8n?.userFolder}):\n${timer.report()}`);
	await sim?.close();
	if (n8n && !process.env.KEEP_E2E) await n8n.dispose();
	await removePackedTarball();
});

describe('the recipes as shipped', () => {
	test('n8n nodes only: Remove Duplicates across executions and the Error Trigger; Slack the only third-party node', () => {
		const dedupe = loadExample(DEDUPE.file);
		const node = dedupe.nodes.find((n) => n.name === DEDUPE.dedupe);
		expect(node).toMatchObject({
			type: 'n8n-nodes-base.removeDuplicates',
			typeVersion: 2,
			parameters: { operation: 'removeItemsSeenInPreviousExecutions', logic: 'removeItemsWithAlreadySeenKeyValues', dedupeValue: '={{ $json.call_id }}' },
		});
		expect(dialpadNodes(dedupe).map((n) => n.parameters.period)).toEqual(['today']);
		expect(dedupe.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')?.parameters).toEqual({
			rule: { interval: [{ field: 'minutes', minutesInterval: 30 }] },
		});
		const alert = loadExample(ALERT.file);
		expect(alert.nodes.map((n) => n.type)).toEqual(['n8n-nodes-base.errorTrigger', 'n8n-nodes-base.set', 'n8n-nodes-base.slack']);
		for (const wf of [dedupe, alert]) expect(thirdPartyNodes(wf).map((n) => n.type)).toEqual(['n8n-nodes-base.slack']);
	});
});

describe('1. every 30 minutes, today\'s missed and abandoned calls not posted before', () => {
	test('two runs on one n8n database, today\'s export grown between them: the second passes on only the new calls', async () => {
		sim.setClock(DEDUPE.firstRun);
		const first = succeeded(await timer.time('n8n execute (recipe 1, first run)', () => n8n.execute(DEDUPE.id)), 'the first run');
		sim.advanceClock(DEDUPE.minutesBetweenRuns * 60);
		const second = succeeded(await timer.time('n8n execute (recipe 1, 30 minutes later)', () => n8n.execute(DEDUPE.id)), 'the second run');

		// Two live exports (today's cache lasts 30 minutes, so the second run got a fresh one), one per run.
		const posts = exportPosts(sim.log, { timezone: DEDUPE.timezone });
		expect(posts).toHaveLength(2);
		for (const post of posts) expect(post.body).toMatchObject({ export_type: 'records', stat_type: 'calls', is_today: true });
		expect(posts.every((post) => post.body.target_id === undefined)).toBe(true);
		const [firstRequest, secondRequest] = posts.map(requestIdOf);
		expect(secondRequest).not.toBe(firstRequest);
		const [firstRows, secondRows] = [firstRequest, secondRequest].map((id) => parseCsv(sim.csvFor(id)).rows);
		expect(secondRows.length).toBeGreaterThan(firstRows.length);

		const missedOrAbandoned = (rows: Array<Record<string, string>>) => rows.filter((row) => ['missed', 'abandoned'].includes(row.category)).map((row) => row.call_id);
		const firstCalls = missedOrAbandoned(firstRows);
		const secondCalls = missedOrAbandoned(secondRows);
		const newCalls = secondCalls.filter((id) => !firstCalls.includes(id));
		const seenCalls = secondCalls.filter((id) => firstCalls.includes(id));

		// Run 1: every row out of Dialpad Stats; every missed/abandoned call new, so all go to Slack.
		expect(nodeJson(first, DEDUPE.dialpad)).toHaveLength(firstRows.length);
		expect(nodeJson(first, DEDUPE.filter).map((item) => item.call_id)).toEqual(firstCalls);
		expect(nodeJson(first, DEDUPE.slack).map((item) => item.call_id)).toEqual(firstCalls);
		expect(nodeJson(first, DEDUPE.dedupe, 1)).toEqual([]);

		// Run 2: the calls of run 1 are held back (Remove Duplicates' "Discarded" output); only the new ones reach Slack.
		expect(nodeJson(second, DEDUPE.dialpad)).toHaveLength(secondRows.length);
		expect(nodeJson(second, DEDUPE.slack).map((item) => item.call_id)).toEqual(newCalls);
		expect(nodeJson(second, DEDUPE.dedupe, 1).map((item) => item.call_id)).toEqual(seenCalls);
		// The day as chosen above: 8 legs by 13:00, the missed call of 13:20 (2 legs) new at 13:30.
		expect(firstCalls).toHaveLength(8);
		expect(newCalls).toHaveLength(2);
		expect(seenCalls).toEqual(firstCalls);
		// What Slack would have been sent: the whole typed item, as the message template reads it.
		for (const item of nodeJson(second, DEDUPE.slack)) {
			expect(['missed', 'abandoned']).toContain(item.category);
			expect(String(item.date_started)).toMatch(/^2026-12-01T13:[0-2]\d:\d{2}(\.\d+)?-05:00$/);
		}
		console.log(
			`recipe 1: run 1 (13:00) ${firstRows.length} rows, ${firstCalls.length} to Slack; run 2 (13:30) ${secondRows.length} rows, ` +
				`${newCalls.length} to Slack (${newCalls.join(', ')}), ${seenCalls.length} held back`,
		);
	});
});

describe('2. an error workflow posts a scheduled Dialpad Stats failure to Slack', () => {
	let running: RunningN8n | undefined;
	let failed: SavedExecution;
	let alert: SavedExecution;

	beforeAll(async () => {
		running = await timer.time('n8n start (until ready)', () => n8n.start());
		try {
			await running.ensureOwner(OWNER);
			// Publish as the editor's Publish button does: the error workflow first, then the scheduled one.
			for (const id of [ALERT.id, FAILING.id]) await publishWorkflow(running, id);
			const alertRun = await timer.time('the schedule fires, fails, and the error workflow runs', () =>
				waitForExecution(running!, ALERT.id, (executions) => executions.find((e) => e.status === 'success'), 90_000),
			);
			await unpublishWorkflow(running, FAILING.id);
			alert = await readExecution(running, n8n.runtime, alertRun.id);
			const failedId = String((nodeJson(alert, ALERT.trigger)[0]?.execution as Json | undefined)?.id ?? '');
			expect(failedId).not.toBe('');
			failed = await readExecution(running, n8n.runtime, failedId);
		} finally {
			await running.stop();
		}
	}, 5 * 60_000);

	test('the scheduled run failed on the Dialpad node (production mode "trigger"), with a key the simulator refused', () => {
		expect(failed.workflowId).toBe(FAILING.id);
		expect(failed.mode).toBe('trigger');
		expect(failed.status).toBe('error');
		expect(failed.data.resultData.lastNodeExecuted).toBe("Yesterday's calls");
		expect(failed.data.resultData.error?.message).toMatch(/^Dialpad rejected the API key: /);
		const refused = sim.log.filter((entry) => entry.status === 401 && exportPosts([entry], { timezone: FAILING.timezone }).length === 1);
		expect(refused.length).toBeGreaterThanOrEqual(1);
	});

	test('the error workflow ran (mode "error") with the failed run\'s workflow, node, message and advice, and passed the alert to Slack', () => {
		expect(alert.workflowId).toBe(ALERT.id);
		expect(alert.mode).toBe('error');
		const [received] = nodeJson(alert, ALERT.trigger);
		expect(received).toMatchObject({
			workflow: { id: FAILING.id, name: FAILING.name },
			execution: { id: failed.id, mode: 'trigger', lastNodeExecuted: "Yesterday's calls" },
		});

		const error = failed.data.resultData.error;
		const [composed] = nodeJson(alert, ALERT.compose);
		expect(composed).toMatchObject({
			workflow: FAILING.name,
			failedNode: "Yesterday's calls",
			message: error?.message,
			whatToDo: error?.description,
		});
		expect(String(composed.whatToDo)).toMatch(/API key/);
		expect(String(composed.executionUrl)).toMatch(new RegExp(`/workflow/${FAILING.id}/executions/${failed.id}$`));
		const text = String(composed.text);
		expect(text).toContain(`*${FAILING.name}* failed on Yesterday's calls`);
		expect(text).toContain(String(error?.message));
		expect(text).toContain(`What to do: ${String(error?.description)}`);
		expect(text).not.toContain(WRONG_KEY);

		// The Slack node (disabled here) received exactly that alert.
		expect(nodeRan(alert, ALERT.slack)).toBe(true);
		expect(nodeItems(alert, ALERT.slack).map((item) => item.json.text)).toEqual([text]);
		console.log(`recipe 2: the alert Slack would have got:\n${text}`);
	});
});
