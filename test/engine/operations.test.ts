/** Start Report and Get Report Result inside n8n's engine against the simulator: the wait can leave the worker. */

import { startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { callCenterIds, credentialsFor, downloads, idLocator, polls, posts, reportParameters, servedRecords } from '../support/engine/fixtures';
import { runDialpadStats } from '../support/engine/harness';

let sim: Simulator;
let callCenters: string[];

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 3 });
	callCenters = await callCenterIds(sim);
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const startParameters = () =>
	reportParameters({
		operation: 'start',
		targetType: 'callcenter',
		targetId: { __rl: true, mode: 'id', value: '={{ $json.callCenterId }}' },
	});

const resultParameters = (overrides: Record<string, unknown> = {}) => ({
	operation: 'getResult',
	requestId: '={{ $json.request_id }}',
	timezone: 'America/New_York',
	options: { pollInterval: 5, maxWait: 60 },
	...overrides,
});

function servedCallIds(requestId: string): string[] {
	return servedRecords(sim, requestId).map((row) => row.call_id);
}

test('Start Report: one POST per distinct report, the request ids at once, no waiting', async () => {
	const inputItems = [{ callCenterId: callCenters[0] }, { callCenterId: callCenters[1] }, { callCenterId: callCenters[0] }];
	const startedMs = Date.now();
	const started = await runDialpadStats({ parameters: startParameters(), credentials: credentialsFor(sim), inputItems });
	expect(started.error).toBeUndefined();
	expect(Date.now() - startedMs).toBeLessThan(3_000);
	expect(posts(sim)).toHaveLength(2);
	expect(polls(sim)).toEqual([]);
	const [first, second, third] = started.items;
	expect(started.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(first.json).toEqual({
		request_id: posts(sim)[0].requestId,
		already_started: false,
		request: {
			export_type: 'records',
			stat_type: 'calls',
			days_ago_start: 1,
			days_ago_end: 1,
			timezone: 'America/New_York',
			target_type: 'callcenter',
			target_id: callCenters[0],
		},
	});
	expect(second.json.request_id).toBe(posts(sim)[1].requestId);
	expect(third.json.request_id).toBe(first.json.request_id);
});

test('Get Report Result waits for started reports and gives their rows, each paired to its item', async () => {
	const started = await runDialpadStats({
		parameters: startParameters(),
		credentials: credentialsFor(sim),
		inputItems: [{ callCenterId: callCenters[0] }, { callCenterId: callCenters[1] }],
	});
	const requestIds = started.items.map((item) => String(item.json.request_id));
	const result = await runDialpadStats({
		parameters: resultParameters(),
		credentials: credentialsFor(sim),
		inputItems: started.items.map((item) => item.json),
	});
	expect(result.error).toBeUndefined();
	expect(posts(sim)).toHaveLength(2);
	for (const [index, requestId] of requestIds.entries()) {
		const rows = result.items.filter((item) => (item.pairedItem as { item: number }).item === index);
		expect(rows.map((row) => row.json.call_id)).toEqual(servedCallIds(requestId));
		for (const row of rows) {
			if (row.json.date_started !== null) expect(row.json.date_started).toMatch(/-0[45]:00$/);
		}
	}
});

test('Get Report Result, Return the Status: one check while processing, the status in the item', async () => {
	sim.setProcessingSeconds(30);
	const started = await runDialpadStats({
		parameters: startParameters(),
		credentials: credentialsFor(sim),
		inputItems: [{ callCenterId: callCenters[2] }],
	});
	const requestId = String(started.items[0].json.request_id);
	const early = await runDialpadStats({
		parameters: resultParameters({ ifNotReady: 'returnStatus' }),
		credentials: credentialsFor(sim),
		inputItems: [{ request_id: requestId }],
	});
	expect(early.error).toBeUndefined();
	expect(early.items.map((item) => [item.json, item.pairedItem])).toEqual([[{ request_id: requestId, status: 'processing' }, { item: 0 }]]);
	expect(polls(sim)).toHaveLength(1);
	expect(downloads(sim)).toEqual([]);
});

test('Get Report Result as a CSV File: the stored file and what it is', async () => {
	const started = await runDialpadStats({ parameters: startParameters(), credentials: credentialsFor(sim), inputItems: [{ callCenterId: callCenters[0] }] });
	const requestId = String(started.items[0].json.request_id);
	const result = await runDialpadStats({
		parameters: resultParameters({ output: 'file' }),
		credentials: credentialsFor(sim),
		inputItems: [{ request_id: requestId }],
	});
	expect(result.error).toBeUndefined();
	const [item] = result.items;
	expect(item.json).toMatchObject({ requestId, fileName: `dialpad-report-${requestId}.csv`, rowCount: servedCallIds(requestId).length, timezone: 'America/New_York' });
	expect(item.binary?.data.mimeType).toBe('text/csv');
});

test('an expired request id says so plainly and what to do, without starting a report', async () => {
	const started = await runDialpadStats({ parameters: startParameters(), credentials: credentialsFor(sim), inputItems: [{ callCenterId: callCenters[0] }] });
	const requestId = String(started.items[0].json.request_id);
	sim.faults.expire(requestId);
	const result = await runDialpadStats({ parameters: resultParameters(), credentials: credentialsFor(sim), inputItems: [{ request_id: requestId }] });
	expect(result.error?.message).toBe(
		`Dialpad no longer knows request ${requestId}: request ids expire about an hour after the report was started [item 0]`,
	);
	expect(result.error?.description).toContain('Start the report again with Start Report');
	expect(posts(sim)).toHaveLength(1);
});

test('an empty Request ID fails before any request, saying what to map', async () => {
	const result = await runDialpadStats({ parameters: resultParameters(), credentials: credentialsFor(sim), inputItems: [{}] });
	expect(result.error?.message).toMatch(/^Request ID: is empty\. Map the request_id that Start Report output.*\[item 0\]$/);
	expect(sim.log).toEqual([]);
});

test('a workflow saved without an operation runs the report as before', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({ targetType: 'callcenter', targetId: idLocator(callCenters[0]), options: { initialDelay: 3, pollInterval: 5, maxWait: 60 } }),
		credentials: credentialsFor(sim),
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => item.json.call_id)).toEqual(servedCallIds(String(posts(sim)[0].requestId)));
});

test.each(['run', 'start'])("Continue On Fail (%s): an item's own error stays when the credential then fails for the others", async (operation) => {
	const parameters = {
		...reportParameters({ targetType: 'callcenter', targetId: { __rl: true, mode: 'id', value: '={{ $json.callCenterId }}' } }),
		operation,
	};
	const result = await runDialpadStats({
		parameters,
		credentials: { ...credentialsFor(sim), baseUrl: 'not a web address' },
		inputItems: [{ callCenterId: 'not-an-id' }, { callCenterId: callCenters[0] }],
		continueOnFail: true,
	});
	expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(String(result.items[0].json.error)).toMatch(/^Target/);
	expect(String(result.items[0].json.error)).not.toMatch(/Base URL/);
	expect(String(result.items[1].json.error)).toMatch(/Base URL "not a web address" is not a web address/);
	expect(posts(sim)).toHaveLength(0);
});
