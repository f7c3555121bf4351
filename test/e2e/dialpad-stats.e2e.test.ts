/**
 * The packed package in a real n8n (2.40.7, Node 24) against the in-process simulator.
 *
 * n8n boots are the cost (about 5-7 s each on two cores), so the suite boots n8n four times in all:
 * import credentials, import workflows, one execute-batch running every workflow at once, and one
 * more, overlapping it, for the workflow whose export must fail (`failNextExports` hits whichever
 * export the simulator creates next, so that workflow runs alone, in a copy of the user folder).
 * Every assertion reads the items n8n printed (execute-batch snapshots: the same JSON as
 * `n8n execute --rawOutput`), never n8n's logs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Simulator } from '../stand-ins/dialpad/index';
import {
	DIALPAD_NODE_TYPE,
	entriesFor,
	exportPosts,
	isDownload,
	isPoll,
	loadExample,
	nodeItems,
	nodeJson,
	nodeRan,
	pairedIndex,
	requestIdOf,
	thirdPartyNodes,
	timeline,
	type BatchOutcome,
	type CallCenterRef,
	type ExecutionOutcome,
	type ExecutionRun,
	type Json,
	type N8nInstance,
} from '../support/n8n/index';
import { StepTimer, parseCsv, removePackedTarball, startSuite, ISO_WITH_OFFSET } from './harness';
import { expectTypedRecordsWithIf } from './typed-rows';
import { DAYS_AGO, EXAMPLE_COPIES, MANY_CALL_CENTERS, TZ, WF, WRONG_KEY, credentials, testWorkflows } from './workflows';

const timer = new StepTimer();
let sim: Simulator;
let n8n: N8nInstance;
let cc: CallCenterRef[];
let concurrent: BatchOutcome;
let alone: BatchOutcome;
let twin: N8nInstance | undefined;

async function waitUntil(condition: () => boolean, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

function outcome(id: string): ExecutionOutcome {
	const found = concurrent?.byId.get(id) ?? alone?.byId.get(id);
	if (!found) throw new Error(`workflow ${id} was not executed`);
	return found;
}

/** The run of a workflow that must have succeeded; otherwise fail with what n8n said. */
function succeeded(id: string): ExecutionRun {
	const result = outcome(id);
	if (result.status !== 'success' || !result.run) {
		throw new Error(`workflow ${id} ended "${result.status}": ${result.error ?? '(no error text)'}`);
	}
	return result.run;
}

function csvOf(requestId: string) {
	return parseCsv(sim.csvFor(requestId));
}

/** Expires the request id of the first export POSTed in `timezone`, as soon as it is answered. */
function expireWhenStarted(timezone: string): () => string | undefined {
	let expired: string | undefined;
	const timerId = setInterval(() => {
		if (expired) return;
		const post = exportPosts(sim.log, { timezone }).find((entry) => entry.status === 200 && entry.requestId);
		if (post?.requestId) {
			expired = post.requestId;
			sim.faults.expire(expired);
		}
	}, 20);
	return () => {
		clearInterval(timerId);
		return expired;
	};
}

let expiredId: string | undefined;

beforeAll(async () => {
	({ sim, n8n, callCenters: cc } = await startSuite(timer, (s) => credentials(s.baseUrl, s.apiKey)));
	expect(cc.length).toBeGreaterThanOrEqual(4);
	const workflows = testWorkflows(cc);
	await timer.time(`n8n import:workflow (${workflows.length})`, () => n8n.importWorkflows(workflows));

	// The export that must fail runs in its own n8n (a copy of this user folder), because
	// failNextExports hits whichever export the simulator creates next. Once its POST has been
	// answered, everything else starts in this folder while it is still polling.
	sim.faults.failNextExports(1);
	twin = await timer.time('copy the user folder for a second n8n', () => n8n.clone());
	const startedAt = Date.now();
	let aloneDone = false;
	const aloneRun = twin.executeBatch([WF.failsOnce]).finally(() => (aloneDone = true));
	aloneRun.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
	await timer.time('wait for the failing export to be started', () =>
		waitUntil(() => aloneDone || exportPosts(sim.log, { timezone: TZ.failsOnce }).some((post) => post.status === 200)),
	);
	const together = workflows.map((wf) => wf.id).filter((id) => id !== WF.failsOnce);
	const stopWatching = expireWhenStarted(TZ.expires);
	concurrent = await timer.time(`n8n execute-batch, ${together.length} workflows at once`, () =>
		n8n.executeBatch(together),
	);
	expiredId = stopWatching();
	alone = await timer.time('second n8n done (execute-batch, 1 workflow)', () => aloneRun);
	timer.steps.push({ step: 'both execute-batch runs, wall time', ms: Date.now() - startedAt });
	console.log(`e2e timings (n8n ${n8n.runtime.version}, user folder ${n8n.userFolder}):\n${timer.report()}`);
}, 15 * 60_000);

afterAll(async () => {
	await sim?.close();
	if (n8n && !process.env.KEEP_E2E) await n8n.dispose();
	if (twin && !process.env.KEEP_E2E) await twin.dispose();
	await removePackedTarball();
});

describe('the package as n8n installs it', () => {
	test('unpacked in <user folder>/.n8n/nodes/node_modules with no runtime dependencies', () => {
		const dir = path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-dialpad');
		const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Json;
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
		expect(existsSync(path.join(dir, 'dist', 'nodes', 'DialpadStats', 'DialpadStats.node.js'))).toBe(true);
		const ledger = JSON.parse(readFileSync(path.join(n8n.userFolder, '.n8n', 'nodes', 'package.json'), 'utf8')) as {
			dependencies: Record<string, string>;
		};
		expect(Object.keys(ledger.dependencies)).toEqual(['n8n-nodes-dialpad']);
	});
});

describe('1. records/calls yesterday -> IF category = incoming', () => {
	test('branch counts match the CSV the simulator served, values are typed', () => {
		const { items } = expectTypedRecordsWithIf(succeeded(WF.recordsWithIf), sim, cc[0].id, TZ.recordsWithIf);
		expect(items.some((item) => item.date_connected === null || item.date_callback_connected === null)).toBe(true);
	});

	test('the poll loop ran: POST, polls until complete, one download without the API key', () => {
		const [post] = exportPosts(sim.log, { timezone: TZ.recordsWithIf });
		const related = entriesFor(sim.log, [requestIdOf(post)]);
		const polls = related.filter(isPoll);
		const downloads = related.filter(isDownload);
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(polls.every((poll) => poll.status === 200)).toBe(true);
		expect(downloads).toHaveLength(1);
		expect(downloads[0].hasAuthorization).toBe(false);
		console.log(`request timeline of workflow 1:\n${timeline(related).join('\n')}`);
	});
});

describe('2. stats/calls group_by=date, last 7 days', () => {
	test('one item per day, 7 items', () => {
		const run = succeeded(WF.statsByDate);
		const [post, ...more] = exportPosts(sim.log, { timezone: TZ.statsByDate });
		expect(more).toHaveLength(0);
		expect(post.body).toMatchObject({
			export_type: 'stats',
			stat_type: 'calls',
			group_by: 'date',
			days_ago_start: 1,
			days_ago_end: 7,
		});
		expect(String(post.body.target_id)).toBe(cc[1].id);
		const items = nodeJson(run, 'Dialpad Stats');
		expect(items).toHaveLength(7);
		expect(new Set(items.map((item) => item.date)).size).toBe(7);
		for (const item of items) {
			expect(item.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(typeof item.all_calls).toBe('number');
		}
		expect(items).toHaveLength(csvOf(requestIdOf(post)).rows.length);
	});
});

describe('3. today and days-ago exports', () => {
	test('today: is_today is true in the POST body', () => {
		const run = succeeded(WF.today);
		const posts = exportPosts(sim.log, { timezone: TZ.today });
		expect(posts).toHaveLength(1);
		expect(posts[0].body.is_today).toBe(true);
		expect(nodeJson(run, 'Dialpad Stats')).toHaveLength(csvOf(requestIdOf(posts[0])).rows.length);
	});

	test('days ago: days_ago_start and days_ago_end as chosen', () => {
		const run = succeeded(WF.daysAgo);
		const posts = exportPosts(sim.log, { timezone: TZ.daysAgo });
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toMatchObject({ days_ago_start: DAYS_AGO.start, days_ago_end: DAYS_AGO.end });
		expect(posts[0].body.is_today === undefined || posts[0].body.is_today === false).toBe(true);
		expect(nodeJson(run, 'Dialpad Stats')).toHaveLength(csvOf(requestIdOf(posts[0])).rows.length);
	});
});

describe('4. exports that fail or expire are started again', () => {
	test('an export that fails once: a second POST, and the run succeeds', () => {
		const run = succeeded(WF.failsOnce);
		const posts = exportPosts(sim.log, { timezone: TZ.failsOnce });
		expect(posts.length).toBe(2);
		const first = entriesFor(sim.log, [requestIdOf(posts[0])]).filter(isPoll);
		expect(first.length).toBeGreaterThan(0);
		const last = posts[posts.length - 1];
		expect(nodeJson(run, 'Dialpad Stats')).toHaveLength(csvOf(requestIdOf(last)).rows.length);
		console.log(`request timeline of workflow 4a:\n${timeline(entriesFor(sim.log, posts.map(requestIdOf))).join('\n')}`);
	});

	test('a request id that expires (404): a second POST, and the run succeeds', () => {
		const run = succeeded(WF.expires);
		expect(expiredId).toBeDefined();
		const posts = exportPosts(sim.log, { timezone: TZ.expires });
		expect(posts.length).toBe(2);
		const polls = entriesFor(sim.log, [expiredId as string]).filter(isPoll);
		expect(polls.map((poll) => poll.status)).toContain(404);
		const last = posts[posts.length - 1];
		expect(requestIdOf(last)).not.toBe(expiredId);
		expect(nodeJson(run, 'Dialpad Stats')).toHaveLength(csvOf(requestIdOf(last)).rows.length);
		console.log(`request timeline of workflow 4b:\n${timeline(entriesFor(sim.log, posts.map(requestIdOf))).join('\n')}`);
	});
});

describe('5. a wrong API key (401)', () => {
	let itemError = '';

	test('with Continue On Fail (regular output): the error is an item and the workflow goes on', () => {
		const run = succeeded(WF.wrongKeyContinue);
		const items = nodeJson(run, 'Dialpad Stats');
		expect(items).toHaveLength(1);
		expect(typeof items[0].error).toBe('string');
		itemError = items[0].error as string;
		expect(itemError).toMatch(/^Dialpad rejected the API key: .+/);
		expect(itemError).not.toContain(WRONG_KEY);
		expect(itemError).not.toMatch(/AxiosError|ECONN|stack/i);
		expect(nodeJson(run, 'After')).toHaveLength(1);
	});

	test('without it: the run fails on the Dialpad node with a plain-words message', () => {
		const result = outcome(WF.wrongKey);
		expect(['error', 'warning']).toContain(result.status);
		expect(result.run).toBeUndefined();
		expect(result.error).toMatch(/ on node Dialpad Stats$/);
		const message = (result.error ?? '').replace(/ on node Dialpad Stats$/, '');
		// `n8n execute` prints the error's message or, for API errors, its description: both are ours.
		expect(message).toMatch(
			/^(Dialpad rejected the API key: .+|Check the API key in the Dialpad API credential \(copy it again from Dialpad's admin settings, under API keys\) .+)$/,
		);
		expect(message).not.toContain(WRONG_KEY);
		expect(message).not.toMatch(/AxiosError|ECONN/i);
		console.log(`401, run failed: ${result.error}\n401, continue on fail item: ${JSON.stringify({ error: itemError })}`);
		const unauthorized = sim.log.filter((entry) => entry.status === 401);
		expect(unauthorized.length).toBeGreaterThanOrEqual(2);
		expect(unauthorized.every((entry) => entry.server === 'api')).toBe(true);
	});
});

describe('6. two input items', () => {
	test('two reports, every output item paired to the input it came from', () => {
		const run = succeeded(WF.twoItems);
		const posts = exportPosts(sim.log, { timezone: TZ.twoItems });
		expect(posts).toHaveLength(2);
		const byTarget = new Map(posts.map((post) => [String(post.body.target_id), post]));
		const inputs = nodeJson(run, 'One item per call center');
		expect(inputs.map((input) => input.callCenterId)).toEqual([cc[2].id, cc[3].id]);

		const items = nodeItems(run, 'Dialpad Stats');
		const expected = inputs.map((input) => {
			const post = byTarget.get(String(input.callCenterId));
			expect(post).toBeDefined();
			return csvOf(requestIdOf(post!)).rows;
		});
		expect(items).toHaveLength(expected[0].length + expected[1].length);
		expect(items.filter((item) => pairedIndex(item) === 0)).toHaveLength(expected[0].length);
		expect(items.filter((item) => pairedIndex(item) === 1)).toHaveLength(expected[1].length);
		// Each input's rows are that call center's CSV, in file order.
		const firstOfSecond = items.findIndex((item) => pairedIndex(item) === 1);
		if (expected[1].length > 0) {
			expect(items[firstOfSecond].json.call_id).toBe(expected[1][0].call_id);
		}
		if (expected[0].length > 0) expect(items[0].json.call_id).toBe(expected[0][0].call_id);
	});
});

/**
 * Output CSV File: one item per report whose binary is the CSV as served (its size, its row count),
 * named after the report, handed on as it is to the (disabled) upload node that follows.
 */
function expectCsvFiles(run: ExecutionRun, wf: ReturnType<typeof loadExample>, nodeName: string, requestIds: string[], timezone: string): void {
	const items = nodeItems(run, nodeName);
	expect(items).toHaveLength(requestIds.length);
	items.forEach((item, index) => {
		const served = sim.csvFor(requestIds[index]);
		const csv = csvOf(requestIds[index]);
		expect(csv.rows.length).toBeGreaterThan(0);
		expect(item.json).toMatchObject({
			requestId: requestIds[index],
			rowCount: csv.rows.length,
			byteCount: Buffer.byteLength(served, 'utf8'),
			columns: csv.header,
			timezone,
		});
		const binary = item.binary?.data as { mimeType?: string; fileName?: string; fileSize?: string } | undefined;
		expect(binary).toMatchObject({ mimeType: 'text/csv', fileName: item.json.fileName });
		expect(String(item.json.fileName)).toMatch(/^dialpad-records-calls-callcenter-\d+-\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.csv$/);
	});
	for (const next of wf.connections[nodeName]?.main.flat() ?? []) {
		const passedOn = nodeItems(run, next.node);
		expect(passedOn.map((item) => (item.binary?.data as { fileName?: string } | undefined)?.fileName)).toEqual(
			items.map((item) => item.json.fileName),
		);
	}
}

describe('7. the example workflows, up to the third-party node', () => {
	test.each(Object.entries(EXAMPLE_COPIES))('%s', (file, copy) => {
		const original = loadExample(file);
		const run = succeeded(copy.id);
		const dialpad = original.nodes.filter((node) => node.type === DIALPAD_NODE_TYPE);
		expect(dialpad).toHaveLength(1);
		const offline = thirdPartyNodes(original);
		expect(offline.length).toBeGreaterThan(0);

		// One report per item the Dialpad node received: the trigger's one, or one per call center.
		const received = Object.entries(original.connections)
			.filter(([from, { main }]) => nodeRan(run, from) && main.some((out) => out.some((c) => c.node === dialpad[0].name)))
			.reduce((count, [from]) => count + nodeItems(run, from).length, 0);
		expect(received).toBeGreaterThan(0);
		// The node's time zone parameter is empty in the examples: the workflow's time zone is used.
		const posts = exportPosts(sim.log, { timezone: copy.timezone });
		expect(posts).toHaveLength(received);
		if (dialpad[0].parameters.output === 'file') {
			expectCsvFiles(run, original, dialpad[0].name, posts.map(requestIdOf), copy.timezone);
			return;
		}
		const rowCount = posts.reduce((count, post) => count + csvOf(requestIdOf(post)).rows.length, 0);
		const items = nodeJson(run, dialpad[0].name);
		expect(items).toHaveLength(rowCount);
		if (original.nodes.some((node) => node.parameters.groupBy === 'date')) expect(items).toHaveLength(7);
		for (const item of items) {
			for (const value of Object.values(item)) {
				if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:/.test(value)) expect(value).toMatch(ISO_WITH_OFFSET);
			}
		}
	});
});

describe('8. many call centers in one run (examples/dialpad-stats-many-call-centers-to-slack.json)', () => {
	test('one report per call center; the totals per call center are the CSVs\', in input order', () => {
		const copy = EXAMPLE_COPIES[MANY_CALL_CENTERS.file];
		const run = succeeded(copy.id);
		// The Code node lists every call center of the simulator (retargetExample set their ids).
		const inputs = nodeJson(run, MANY_CALL_CENTERS.list);
		expect(inputs).toEqual(cc.map((c) => ({ callCenterId: c.id, name: c.name })));

		const posts = exportPosts(sim.log, { timezone: copy.timezone });
		expect(posts).toHaveLength(inputs.length);
		for (const post of posts) {
			expect(post.body).toMatchObject({
				export_type: 'records',
				stat_type: 'calls',
				target_type: 'callcenter',
				days_ago_start: 1,
				days_ago_end: 1,
			});
		}
		const postFor = new Map(posts.map((post) => [String(post.body.target_id), post]));
		const csvRows = inputs.map((input) => {
			const post = postFor.get(String(input.callCenterId));
			if (!post) throw new Error(`no export was started for call center ${String(input.callCenterId)}`);
			return csvOf(requestIdOf(post)).rows;
		});
		// The simulator has call centers with calls and one without (After Hours): both must show.
		expect(csvRows.some((rows) => rows.length > 0)).toBe(true);
		expect(csvRows.some((rows) => rows.length === 0)).toBe(true);

		// Every row paired to its call center's item; the call centers in input order, each one's rows
		// in file order.
		const items = nodeItems(run, MANY_CALL_CENTERS.dialpad);
		expect(items.map(pairedIndex)).toEqual(csvRows.flatMap((rows, index) => rows.map(() => index)));
		expect(items.map((item) => item.json.call_id)).toEqual(csvRows.flatMap((rows) => rows.map((row) => row.call_id)));

		expect(nodeJson(run, MANY_CALL_CENTERS.totals)).toEqual(
			inputs.map((input, index) => ({
				callCenterId: input.callCenterId,
				name: input.name,
				callLegs: csvRows[index].length,
				missed: csvRows[index].filter((row) => row.category === 'missed').length,
				abandoned: csvRows[index].filter((row) => row.category === 'abandoned').length,
			})),
		);
		console.log(
			`request timeline of the many-call-centers example (${posts.length} reports):\n${timeline(entriesFor(sim.log, posts.map(requestIdOf))).join('\n')}`,
		);
	});
});
