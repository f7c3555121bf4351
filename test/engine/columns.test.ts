/** The Columns option inside n8n's engine against the simulator, and its picker as the editor loads it. */
import type { INodeParameters } from 'n8n-workflow';

import { startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { RECORDS_CALLS_HEADERS, STATS_CALLS_DATE_HEADERS } from '../stand-ins/dialpad/csv/headers';
import { callCenterIds, credentialsFor, idLocator, polls, posts, reportParameters, FAST_OPTIONS, servedRecords } from '../support/engine/fixtures';
import { loadColumnOptions, runDialpadStats } from '../support/engine/harness';

let sim: Simulator;
let callCenters: string[];

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
	callCenters = await callCenterIds(sim);
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

function withColumns(columns: string | string[], overrides: INodeParameters = {}) {
	return reportParameters({
		targetType: 'callcenter',
		targetId: idLocator(callCenters[0]),
		options: { ...FAST_OPTIONS, columns },
		...overrides,
	});
}

test('items hold only the chosen columns, in the chosen order, typed as usual', async () => {
	const chosen = ['talk_duration', 'call_id', 'date_started', 'external_number', 'category'];
	const result = await runDialpadStats({ parameters: withColumns(chosen), credentials: credentialsFor(sim) });
	expect(result.error).toBeUndefined();
	const rows = servedRecords(sim, polls(sim)[0].requestId!);
	expect(rows.length).toBeGreaterThan(0);
	expect(result.items).toHaveLength(rows.length);
	rows.forEach((row, index) => {
		const json = result.items[index].json;
		expect(Object.keys(json)).toEqual(chosen);
		expect(json.call_id).toBe(row.call_id);
		expect(json.category).toBe(row.category === '' ? null : row.category);
		expect(json.external_number).toBe(row.external_number === '' ? null : row.external_number);
		if (row.talk_duration !== '') expect(json.talk_duration).toBe(Number(row.talk_duration));
		expect(json.date_started).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?-0[45]:00$/);
		expect(result.items[index].pairedItem).toEqual({ item: 0 });
	});
});

test('an expression giving comma-separated names works like the picker', async () => {
	const result = await runDialpadStats({
		parameters: withColumns('={{ "call_id, name" }}'),
		credentials: credentialsFor(sim),
	});
	expect(result.error).toBeUndefined();
	expect(result.items.length).toBeGreaterThan(0);
	for (const item of result.items) expect(Object.keys(item.json)).toEqual(['call_id', 'name']);
});

test('no columns chosen: every column, as before', async () => {
	const result = await runDialpadStats({ parameters: withColumns([]), credentials: credentialsFor(sim) });
	expect(result.error).toBeUndefined();
	expect(Object.keys(result.items[0].json)).toEqual([...RECORDS_CALLS_HEADERS]);
});

test("a chosen column the file lacks fails the item, naming it and listing the file's columns", async () => {
	const result = await runDialpadStats({ parameters: withColumns(['call_id', 'agent_mood']), credentials: credentialsFor(sim) });
	expect(result.items).toEqual([]);
	expect(result.error?.message).toBe(
		`Columns: column "agent_mood" is not in this report file. Its columns are: ${RECORDS_CALLS_HEADERS.join(', ')}. Pick columns the file has, or clear Columns to keep them all. [item 0]`,
	);
	expect(result.error?.description).toMatch(/clear Columns to keep them all/);
	expect(posts(sim)).toHaveLength(1);
});

test('with Continue On Fail the missing column is that item\'s error item and the next item still runs', async () => {
	const result = await runDialpadStats({
		parameters: withColumns('={{ $json.columns }}', { period: '={{ $json.period }}' }),
		credentials: credentialsFor(sim),
		inputItems: [
			{ columns: ['call_id', 'campaign'], period: 'yesterday' },
			{ columns: ['call_id'], period: 'last7Days' },
		],
		continueOnFail: true,
	});
	expect(result.error).toBeUndefined();
	const [first, ...rest] = result.items;
	expect(first.json.error).toMatch(/^Columns: column "campaign" is not in this report file\. Its columns are: date_started, call_id,/);
	expect(first.pairedItem).toEqual({ item: 0 });
	expect(rest.length).toBeGreaterThan(0);
	for (const item of rest) {
		expect(Object.keys(item.json)).toEqual(['call_id']);
		expect(item.pairedItem).toEqual({ item: 1 });
	}
});

describe('the picker (loadOptions), with no request to Dialpad', () => {
	test('records of calls: the 54 known columns, in file order', async () => {
		const options = await loadColumnOptions({ exportType: 'records', statType: 'calls', output: 'items' });
		expect(options.map((option) => option.value)).toEqual([...RECORDS_CALLS_HEADERS]);
		expect(options[0]).toEqual({
			name: 'date_started',
			value: 'date_started',
			description: 'Column of this export, in file order',
		});
	});

	test('follows export type, stat type and group-by', async () => {
		const byDate = await loadColumnOptions({ exportType: 'stats', statType: 'calls', groupBy: 'date' });
		expect(byDate.map((option) => option.value)).toEqual([...STATS_CALLS_DATE_HEADERS]);
		const byUser = await loadColumnOptions({ exportType: 'stats', statType: 'calls', groupBy: 'user' });
		expect(byUser.map((option) => option.value).slice(0, 3)).toEqual(['date', 'user_id', 'name']);
		expect(byUser[0].description).toMatch(/add them with an expression/);
		const onDuty = await loadColumnOptions({ exportType: 'records', statType: 'onduty' });
		expect(onDuty).toHaveLength(14);
	});

	test('the defaults when the editor has not set them yet: records of calls', async () => {
		expect(await loadColumnOptions({})).toHaveLength(54);
	});
});
