/** The node as n8n's AI-agent tool variant inside n8n's engine: small answers, an early first check. */
import type { INodeParameters } from 'n8n-workflow';

import { DialpadStats } from '../../nodes/DialpadStats/DialpadStats.node';
import { startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { callCenterIds, credentialsFor, idLocator, polls, posts, reportParameters, servedRecords } from '../support/engine/fixtures';
import { runDialpadStats } from '../support/engine/harness';

let sim: Simulator;
let callCenter: string;

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
	[, callCenter] = await callCenterIds(sim);
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const monthOfRecords = (options: INodeParameters = {}) =>
	reportParameters({ targetType: 'callcenter', targetId: idLocator(callCenter), period: 'last30Days', options });

function servedRows(requestId: string): number {
	return servedRecords(sim, requestId).length;
}

test('as a tool: a month of call records is cut to about 20 KB, and the last item says how many rows there were', async () => {
	const result = await runDialpadStats({ parameters: monthOfRecords(), credentials: credentialsFor(sim), asTool: true });
	expect(result.error).toBeUndefined();
	const total = servedRows(String(posts(sim)[0].requestId));
	expect(total).toBeGreaterThan(100);
	const marker = result.items.at(-1)!.json;
	const rows = result.items.slice(0, -1);
	expect(marker).toEqual({ truncated: true, totalRows: total, returnedRows: rows.length });
	expect(rows.length).toBeGreaterThan(0);
	expect(new TextEncoder().encode(JSON.stringify(result.items.map((item) => item.json))).length).toBeLessThanOrEqual(20_000);
	expect(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
});

test('as a tool: the first check comes after 5 s, not 15 s', async () => {
	await runDialpadStats({
		parameters: reportParameters({ targetType: 'callcenter', targetId: idLocator(callCenter), period: 'yesterday', options: {} }),
		credentials: credentialsFor(sim),
		asTool: true,
	});
	const waitedMs = polls(sim)[0].timeMs - posts(sim)[0].timeMs;
	expect(waitedMs).toBeGreaterThanOrEqual(5_000);
	expect(waitedMs).toBeLessThan(8_000);
});

test('in a workflow nothing is cut unless Row Limit says so; then the marker follows the kept rows', async () => {
	const all = await runDialpadStats({ parameters: monthOfRecords({ initialDelay: 0 }), credentials: credentialsFor(sim) });
	const total = servedRows(String(posts(sim)[0].requestId));
	expect(all.items).toHaveLength(total);
	const limited = await runDialpadStats({ parameters: monthOfRecords({ initialDelay: 0, rowLimit: 3 }), credentials: credentialsFor(sim) });
	expect(limited.items.map((item) => item.json.call_id)).toEqual(all.items.slice(0, 3).map((item) => item.json.call_id));
	expect(limited.items[3]?.json).toEqual({ truncated: true, totalRows: total, returnedRows: 3 });
	expect(limited.items).toHaveLength(4);
});

test('the tool variant tells the model what it returns and offers no operation or file output', () => {
	const { usableAsTool } = new DialpadStats().description;
	const replacements = (usableAsTool as { replacements: { description: string; properties: Array<{ name: string; options?: Array<{ name: string; default?: unknown }> }> } }).replacements;
	expect(replacements.description).toMatch(/returns its rows as JSON/);
	expect(replacements.description).toMatch(/grouped by date/);
	expect(replacements.description).toMatch(/truncated: true, totalRows, returnedRows/);
	const names = replacements.properties.map((property) => property.name);
	expect(names).not.toContain('operation');
	expect(names).not.toContain('output');
	expect(names).toEqual(expect.arrayContaining(['exportType', 'statType', 'targetType', 'targetId', 'period', 'options']));
	const firstCheck = replacements.properties.find((property) => property.name === 'options')!.options!.find((option) => option.name === 'initialDelay');
	expect(firstCheck?.default).toBe(5);
});

test('as a tool: a bad argument comes back as the fix alone, with no item number the model cannot use', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({ targetType: 'callcenter', targetId: idLocator(callCenter), period: 'last fortnight' }),
		credentials: credentialsFor(sim),
		asTool: true,
	});
	expect(result.error?.message).toMatch(/^Period: "last fortnight" is not a valid choice\. Pick one of: .*lastWeek.*\.$/);
	expect(result.error?.message).not.toContain('[item');
	expect(sim.log).toEqual([]);
});

test("the description n8n hands an agent at run time is the node's own: it says what the tool returns", () => {
	const { description } = new DialpadStats().description;
	expect(description).toMatch(/returns its rows as JSON/);
	expect(description).toMatch(/Targets are Dialpad numeric IDs/);
});
