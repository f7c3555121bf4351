/** What a user sees when something is wrong: refusals before any request, Dialpad's errors, continueOnFail. */
import { startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { callCenterIds, credentialsFor, idLocator, posts, reportParameters } from '../support/engine/fixtures';
import { runDialpadStats } from '../support/engine/harness';

let sim: Simulator;
let callCenter: string;

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
	[callCenter] = await callCenterIds(sim);
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

test.each([
	[{ statType: 'csat' }, 'Target Type: csat reports need a target. Set Target Type (for example callcenter) and Target (its ID).'],
	[{ statType: 'dispositions', exportType: 'stats', targetType: 'callcenter', targetId: idLocator('1') }, 'Export Type: dispositions reports are only available as Records. Set Export Type to Records.'],
	[{ timezone: 'Narnia/Cair_Paravel' }, 'Timezone: "Narnia/Cair_Paravel" is not a known timezone. Use an IANA timezone name such as America/New_York, Europe/London or UTC (leave it empty for the workflow timezone).'],
	[{ period: 'daysAgo', daysAgoStart: 9, daysAgoEnd: 2 }, 'Days Ago (Most Recent): 9 is further back than Days Ago (Oldest), 2. Days Ago (Most Recent) is the recent end of the range and must be less than or equal to Days Ago (Oldest).'],
	[{ period: 'daysAgo', daysAgoStart: -3, daysAgoEnd: 2 }, 'Days Ago (Most Recent): "-3" is not a whole number of days of 0 or more. Enter 0 for today, 1 for yesterday, 7 for a week ago, and so on.'],
	[{ targetType: 'callcenter', targetId: idLocator('CC-12') }, 'Target: "CC-12" is not a Dialpad ID. Use the numeric Dialpad ID, such as 5234567890123456.'],
	[{ officeId: idLocator('HQ') }, 'Office: "HQ" is not a Dialpad ID. Use the numeric Dialpad ID, such as 5234567890123456.'],
])('%j is refused before any request: %s', async (overrides, message) => {
	const result = await runDialpadStats({ parameters: reportParameters(overrides as never), credentials: credentialsFor(sim) });
	expect(result.error?.message).toBe(`${message} [item 0]`);
	expect(result.error?.description).toBeTruthy();
	expect(sim.log).toEqual([]);
});

test('an empty Target is refused by n8n itself, as in the editor, before any request', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({ targetType: 'callcenter', targetId: idLocator('') }),
		credentials: credentialsFor(sim),
	});
	expect(result.error?.message).toBe('The \'Dialpad Stats\' node has issues:\n- Parameter "Target" is required.');
	expect(sim.log).toEqual([]);
});

test('a wrong key: plain words, the HTTP code, how to fix, and never the key', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({ targetType: 'callcenter', targetId: idLocator(callCenter) }),
		credentials: credentialsFor(sim, 'wrong-key-123'),
	});
	expect(result.error?.message).toMatch(/^Dialpad rejected the API key: /);
	expect(result.error?.httpCode).toBe('401');
	expect(result.error?.description).toContain('Check the API key');
	expect(JSON.stringify(result.run)).not.toContain('wrong-key-123');
	expect(posts(sim)).toHaveLength(1);
});

test("Dialpad's 400 reaches the user with Dialpad's message", async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({ targetType: 'callcenter', targetId: idLocator('1234567890123456') }),
		credentials: credentialsFor(sim),
	});
	expect(result.error?.message).toMatch(/^Dialpad did not accept the report request: .*1234567890123456/);
	expect(result.error?.httpCode).toBe('400');
});

test('Continue On Fail: a failing item becomes an error item and the next item still runs', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({
			targetType: 'callcenter',
			targetId: { __rl: true, mode: 'id', value: '={{ $json.callCenterId }}' },
		}),
		credentials: credentialsFor(sim),
		continueOnFail: true,
		inputItems: [{ callCenterId: 'not-an-id' }, { callCenterId: callCenter }],
	});
	expect(result.error).toBeUndefined();
	const [first, ...rest] = result.items;
	expect(first.json).toEqual({
		error: 'Target: "not-an-id" is not a Dialpad ID. Use the numeric Dialpad ID, such as 5234567890123456. [item 0]',
		description: expect.stringContaining('whole number'),
	});
	expect(first.pairedItem).toEqual({ item: 0 });
	expect(rest.length).toBeGreaterThan(0);
	expect(rest.every((item) => JSON.stringify(item.pairedItem) === '{"item":1}')).toBe(true);
	expect(posts(sim)).toHaveLength(1);
});

test('Continue On Fail with a wrong key: every item is an error item', async () => {
	const result = await runDialpadStats({
		parameters: reportParameters({ targetType: 'callcenter', targetId: idLocator(callCenter) }),
		credentials: credentialsFor(sim, 'nope'),
		continueOnFail: true,
		inputItems: [{}, {}],
	});
	expect(result.items.map((item) => [item.json.error, item.pairedItem])).toEqual([
		[expect.stringMatching(/^Dialpad rejected the API key/), { item: 0 }],
		[expect.stringMatching(/^Dialpad rejected the API key/), { item: 1 }],
	]);
});

test('a base URL where nothing listens: a quick error saying what to check, not a 15-minute wait', async () => {
	const closed = await startSimulator();
	const closedUrl = closed.baseUrl;
	await closed.close();
	const result = await runDialpadStats({
		parameters: reportParameters({ targetType: 'callcenter', targetId: idLocator(callCenter) }),
		credentials: { apiKey: 'simulator-key', environment: 'custom', baseUrl: closedUrl },
	});
	expect(result.error?.message).toBe('Could not reach Dialpad: the connection was refused (4 tries) [item 0]');
	expect(result.error?.description).toContain('Base URL');
});
