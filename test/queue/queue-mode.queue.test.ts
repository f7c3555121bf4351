/**
 * n8n in queue mode, as larger installs run it: PostgreSQL and Redis of our own on 127.0.0.1, one
 * main (`n8n start`: editor, REST, webhooks, wait tracker) and two workers (`n8n worker
 * --concurrency=5`), all sharing one user folder with the packed package installed the way n8n's
 * installer does it. Activated workflows with Webhook triggers, called over HTTP on the main's port,
 * run on the workers against the in-process simulator.
 *
 * 1. 20 webhook calls at once, 12 different reports (8 calls repeat one): every call answers with
 *    exactly the rows of its report's CSV, typed; both workers ran some; no key at the storage host.
 * 2. A report that takes ten minutes, stopped from the main's REST API: the simulator sees no poll
 *    after the stop.
 * 3. examples/dialpad-stats-start-wait-get.json (Start Report -> Wait 70 s -> Get Report Result): the
 *    Wait parks the execution in the database (status "waiting", no polls meanwhile), the main
 *    resumes it on a worker, and Get Report Result outputs the report's rows. It is triggered first
 *    so its 70 s pass while 1 and 2 run.
 */
import type { Simulator } from '../stand-ins/dialpad/index';
import { listCallCenters, startSimulator } from '../stand-ins/dialpad/index';
import {
	entriesFor,
	exportPosts,
	isDownload,
	isPoll,
	nodeJson,
	readExecution,
	requestIdOf,
	waitForExecution,
	type CallCenterRef,
	type ExecutionSummary,
	type Json,
} from '../support/n8n/index';
import { QueueStack } from '../support/n8n/queue';
import { StepTimer, buildAndPackOnce, parseCsv, removePackedTarball, typingProblem } from '../e2e/harness';
import { cancelWhilePolling, type CancelOutcome } from './cancel';
import { nodeHasStartWaitGet } from './node-support';
import { QTZ, QWF, START_WAIT_GET, WEBHOOK_PATH, queueCredentials, queueWorkflows, startWaitGetCopy, webhookPathOf } from './workflows';

const PROCESSING_SECONDS = 2;
const WORKERS = 2;
const CONCURRENCY = 5;
const CALLS = 20;
const HAS_START_WAIT_GET = nodeHasStartWaitGet();
const OWNER = { email: 'queue@dialpad-n8n.local', password: 'Queue-Mode-2026', firstName: 'Queue', lastName: 'Mode' };

const timer = new StepTimer();
let sim: Simulator;
let cc: CallCenterRef[];
let stack: QueueStack | undefined;
/** The Start/Wait/Get run while it was parked (status "waiting"), and when it was triggered. */
let parked: { execution: ExecutionSummary; triggeredAtMs: number; parkedAtMs: number } | undefined;

function logTimings(): void {
	const stackSteps = stack?.timings.map(({ step, ms }) => `${(ms / 1000).toFixed(1).padStart(6)} s  ${step}`) ?? [];
	console.log(`queue-mode timings:\n${timer.report()}\n  stack:\n${stackSteps.join('\n')}`);
}

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: PROCESSING_SECONDS });
	cc = await listCallCenters(sim);
	expect(cc.length).toBeGreaterThanOrEqual(4);
	const packed = await buildAndPackOnce(timer);
	const workflows = [...queueWorkflows(cc), ...(HAS_START_WAIT_GET ? [startWaitGetCopy(cc)] : [])];
	const webhookPaths = [WEBHOOK_PATH.report, WEBHOOK_PATH.cancel, ...(HAS_START_WAIT_GET ? [webhookPathOf(workflows[2])] : [])];
	stack = await timer.time(`queue stack up (PostgreSQL, Redis, main + ${WORKERS} workers)`, () =>
		QueueStack.start(
			{
				packed,
				credentials: queueCredentials(sim.baseUrl, sim.apiKey),
				workflows,
				activate: workflows.map((wf) => wf.id),
				webhookPaths,
				owner: OWNER,
			},
			{ workers: WORKERS, workerConcurrency: CONCURRENCY, log: (line) => console.log(`[queue] ${line}`) },
		),
	);

	if (HAS_START_WAIT_GET) {
		const main = stack.main!;
		const triggeredAtMs = Date.now();
		const answer = await fetch(`${main.baseUrl}/webhook/${webhookPaths[2]}`, { method: 'POST' });
		expect(answer.status).toBe(200);
		const execution = await timer.time('Start/Wait/Get: parked by the Wait node', () =>
			waitForExecution(main, QWF.startWaitGet, (executions) => executions.find((e) => e.status === 'waiting'), 60_000),
		);
		parked = { execution, triggeredAtMs, parkedAtMs: Date.now() };
	}
}, 20 * 60_000);

afterAll(async () => {
	logTimings();
	await stack?.stop();
	await sim?.close();
	await removePackedTarball();
}, 120_000);

describe('queue mode: main + 2 workers on PostgreSQL and Redis', () => {
	test(`${CALLS} webhook calls at once, some asking for the same report: every one answers with its report's rows`, async () => {
		const main = stack!.main!;
		const calls = Array.from({ length: CALLS }, (_, i) => ({ callCenterId: cc[i % 4].id, daysAgo: 1 + (i % 3) }));
		const distinct = new Set(calls.map((call) => `${call.callCenterId}/${call.daysAgo}`));
		expect(distinct.size).toBe(12);

		const started = Date.now();
		const answers = await Promise.all(
			calls.map(async (call) => {
				const response = await fetch(`${main.baseUrl}/webhook/${WEBHOOK_PATH.report}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(call),
				});
				const text = await response.text();
				return { call, status: response.status, text };
			}),
		);
		const seconds = (Date.now() - started) / 1000;
		console.log(`${CALLS} concurrent webhook calls answered in ${seconds.toFixed(1)} s`);

		const posts = exportPosts(sim.log, { timezone: QTZ.report });
		const problems: string[] = [];
		for (const { call, status, text } of answers) {
			const label = `call ${call.callCenterId} days_ago ${call.daysAgo}`;
			if (status !== 200) {
				problems.push(`${label}: HTTP ${status} ${text.slice(0, 300)}`);
				continue;
			}
			const items = JSON.parse(text) as Json[];
			const mine = posts.filter(
				(post) => post.status === 200 && String(post.body.target_id) === call.callCenterId && Number(post.body.days_ago_start) === call.daysAgo,
			);
			const ids = new Set(mine.map(requestIdOf));
			// Identical requests are one Dialpad export (already_started): one request id per report.
			if (ids.size !== 1) problems.push(`${label}: ${ids.size} request ids (${[...ids].join(', ')})`);
			const { header, rows } = parseCsv(sim.csvFor([...ids][0]));
			if (items.length !== rows.length) problems.push(`${label}: ${items.length} items for ${rows.length} CSV rows`);
			items.forEach((item, index) => {
				if (index >= rows.length) return;
				if (JSON.stringify(Object.keys(item)) !== JSON.stringify(header)) problems.push(`${label}: row ${index + 1} keys differ`);
				for (const column of header) {
					const problem = typingProblem(column, rows[index][column], item[column], QTZ.report);
					if (problem) problems.push(`${label}: row ${index + 1}: ${problem}`);
				}
			});
		}
		expect(problems.slice(0, 10)).toEqual([]);
		expect(answers.reduce((total, answer) => total + (JSON.parse(answer.text) as Json[]).length, 0)).toBeGreaterThan(0);

		// 12 reports, not 20: every identical POST was answered with the first one's request id.
		expect(new Set(posts.filter((post) => post.status === 200).map(requestIdOf)).size).toBe(distinct.size);

		// The executions ran on the workers (webhook mode), both of them.
		const executions = await main.executions({ workflowId: QWF.report });
		expect(executions.filter((e) => e.status === 'success')).toHaveLength(CALLS);
		expect(executions.every((e) => e.mode === 'webhook')).toBe(true);
		const byWorker = stack!.executionsStartedByWorker();
		const reportIds = new Set(executions.map((e) => String(e.id)));
		const counts = [...byWorker.entries()].map(([name, ids]) => [name, ids.filter((id) => reportIds.has(id)).length] as const);
		console.log(`executions per worker: ${counts.map(([name, count]) => `${name} ${count}`).join(', ')}`);
		expect(counts.reduce((total, [, count]) => total + count, 0)).toBe(CALLS);
		for (const [, count] of counts) expect(count).toBeGreaterThan(0);
	});

	let cancel: CancelOutcome;
	test('a report cancelled from the main instance stops polling within a few seconds', async () => {
		cancel = await cancelWhilePolling({
			sim,
			main: stack!.main!,
			workflowId: QWF.cancel,
			webhookPath: WEBHOOK_PATH.cancel,
			timezone: QTZ.cancel,
			processingSeconds: PROCESSING_SECONDS,
			quietSeconds: 12,
		});
		console.log(
			`cancel: execution ${cancel.executionId} stopped after ${cancel.ranSeconds.toFixed(1)} s, ${cancel.pollsBeforeStop.length} polls before, ` +
				`${cancel.pollsAfterStop.length} after (${cancel.pollsAfterStop.map((p) => `+${((p.timeMs - cancel.stopAtMs) / 1000).toFixed(1)} s`).join(', ') || 'none'}), final status ${cancel.finalStatus}`,
		);
		expect(cancel.stopAnswer.status).toBe(200);
		expect(cancel.pollsBeforeStop.length).toBeGreaterThanOrEqual(2);
		// Polls come every 5 s; 12 s of quiet after the stop would have seen two more.
		expect(cancel.pollsAfterStop.filter((poll) => poll.timeMs > cancel.stopAtMs + 3000)).toEqual([]);
		expect(cancel.finalStatus).toBe('canceled');
	});

	(HAS_START_WAIT_GET ? test : test.skip)(
		'Start/Wait/Get example: parked in the database by the Wait node, resumed on a worker, the report\'s rows',
		async () => {
			const main = stack!.main!;
			expect(parked).toBeDefined();
			const { execution, triggeredAtMs } = parked!;
			expect(execution.waitTill).toBeTruthy();
			const waitTill = Date.parse(String(execution.waitTill));
			expect(waitTill - triggeredAtMs).toBeGreaterThan((START_WAIT_GET.waitSeconds - 10) * 1000);

			const done = await waitForExecution(
				main,
				QWF.startWaitGet,
				(executions) => executions.find((e) => String(e.id) === String(execution.id) && !['waiting', 'running', 'new'].includes(e.status)),
				(START_WAIT_GET.waitSeconds + 120) * 1000,
			);
			const run = await readExecution(main, stack!.n8n!.runtime, String(done.id));
			if (done.status !== 'success') throw new Error(`Start/Wait/Get ended ${done.status}: ${JSON.stringify(run.data.resultData.error)}`);

			const posts = exportPosts(sim.log, { timezone: QTZ.startWaitGet });
			expect(posts).toHaveLength(1);
			const requestId = requestIdOf(posts[0]);
			const started = nodeJson(run, START_WAIT_GET.start);
			expect(started).toHaveLength(1);
			expect(started[0]).toMatchObject({ request_id: requestId, already_started: false });

			// Nothing asked Dialpad about the report while the execution was parked.
			const polls = entriesFor(sim.log, [requestId]).filter(isPoll);
			expect(polls.length).toBeGreaterThanOrEqual(1);
			expect(Math.min(...polls.map((poll) => poll.timeMs))).toBeGreaterThanOrEqual(waitTill - 1000);

			const { header, rows } = parseCsv(sim.csvFor(requestId));
			const items = nodeJson(run, START_WAIT_GET.get);
			expect(items).toHaveLength(rows.length);
			expect(items.map((item) => item.call_id)).toEqual(rows.map((row) => row.call_id));
			if (items.length > 0) expect(Object.keys(items[0])).toEqual(header);

			// Two jobs for one execution: the start, and the resume after the Wait, each on a worker.
			const jobs = [...stack!.executionsStartedByWorker().values()].flat().filter((id) => id === String(execution.id));
			expect(jobs).toHaveLength(2);
			console.log(
				`Start/Wait/Get: parked ${((parked!.parkedAtMs - triggeredAtMs) / 1000).toFixed(1)} s after the call, resumed at +${((Math.min(...polls.map((p) => p.timeMs)) - triggeredAtMs) / 1000).toFixed(1)} s, ${items.length} rows`,
			);
		},
		10 * 60_000,
	);

	test('the API key never reached the storage host', () => {
		const downloads = sim.log.filter(isDownload);
		expect(downloads.length).toBeGreaterThan(0);
		expect(downloads.filter((entry) => entry.hasAuthorization)).toEqual([]);
	});
});

if (!HAS_START_WAIT_GET) {
	console.log('Start/Wait/Get example skipped: the node has no Start Report / Get Report Result operation yet');
}
