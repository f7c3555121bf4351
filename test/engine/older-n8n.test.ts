/**
 * The node inside n8n's engine on a host whose n8n-workflow behaves like 1.x: `sleep` ignores the
 * abort signal and there is no `sleepWithAbort`. A cancel must still stop the wait promptly.
 */
import { startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { callCenterIds, credentialsFor, idLocator, polls, reportParameters } from '../support/engine/fixtures';
import { runDialpadStats } from '../support/engine/harness';

const hostSleeps: number[] = [];

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<Record<string, unknown>>('n8n-workflow');
	const host: Record<string, unknown> = { ...actual };
	delete host.sleepWithAbort;
	return {
		...host,
		__esModule: true,
		sleep: async (ms: number) => {
			hostSleeps.push(ms);
			await new Promise((resolve) => setTimeout(resolve, ms));
		},
	};
});

let sim: Simulator;
let target: Record<string, unknown>;

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 600 });
	const [callCenter] = await callCenterIds(sim);
	target = { targetType: 'callcenter', targetId: idLocator(callCenter) };
});
afterAll(async () => await sim.close());

test('cancel on a host whose sleep ignores the signal: the 60 s wait ends at the next slice, no further request', async () => {
	const startedMs = Date.now();
	const result = await runDialpadStats({
		parameters: reportParameters({ ...target, options: { initialDelay: 0, pollInterval: 60, maxWait: 600 } } as never),
		credentials: credentialsFor(sim),
		cancelAfterMs: 1_500,
	});
	const requestsAtCancel = sim.log.length;
	expect(result.status).toBe('canceled');
	// The poll interval is 60 s: ending well before it means the sleep did not run to its end.
	expect(Date.now() - startedMs).toBeLessThan(30_000);
	expect(hostSleeps.length).toBeGreaterThan(0);
	expect(Math.max(...hostSleeps)).toBeLessThanOrEqual(1_000);
	await new Promise((resolve) => setTimeout(resolve, 700));
	expect(sim.log.length).toBe(requestsAtCancel);
	expect(polls(sim)).toHaveLength(1);
});
