/**
 * processingSpreadSeconds: a fresh export stays 'processing' for processingSeconds plus a seeded
 * share of the spread, so concurrent exports finish in a scrambled but reproducible order. Watched
 * the way a client sees it: POST, then poll every export on each tick of the injected clock.
 */
import axios from 'axios';
import { buildCompany, startSimulator, type Simulator } from '../index';
import { apiClient, json, RECORDS_CALLS, TestClock } from './helpers';

const BASE_SECONDS = 2;
const SPREAD_SECONDS = 3;
const STEP_MS = 50;
// Many polls per real second: keep the real-clock rate limits out of the way.
const NO_LIMITS = { pollLimitPerSecond: 1_000_000, companyLimitPerSecond: 1_000_000 };

const clock = new TestClock(Date.parse('2026-09-15T12:00:00Z'));
let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: BASE_SECONDS, processingSpreadSeconds: SPREAD_SECONDS, seed: 1, now: clock.now, ...NO_LIMITS });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

/** One records export per call center and department: the concurrent reports of a typical run. */
function targetBodies(seed: number): Array<Record<string, unknown>> {
	const company = buildCompany(seed);
	const targets = [...company.callCenters.map((c) => ['callcenter', c.id]), ...company.departments.map((d) => ['department', d.id])];
	return targets.map(([type, id]) => ({ ...RECORDS_CALLS, target_type: type, target_id: id }));
}

async function post(on: Simulator, body: unknown): Promise<{ request_id: string; already_started: boolean }> {
	const response = await apiClient(on).post('/stats', body);
	expect(response.status).toBe(200);
	return json<{ request_id: string; already_started: boolean }>(response.data);
}

async function statusOf(on: Simulator, id: string): Promise<string> {
	const response = await apiClient(on).get(`/stats/${id}`);
	expect(response.status).toBe(200);
	return json<{ status: string }>(response.data).status;
}

async function startAll(on: Simulator, bodies: unknown[]): Promise<string[]> {
	const ids: string[] = [];
	for (const body of bodies) {
		const started = await post(on, body);
		expect(started.already_started).toBe(false);
		ids.push(started.request_id);
	}
	return ids;
}

/**
 * Polls every unfinished id once per STEP_MS of the injected clock, from the moment of the POSTs
 * up to limitMs, and returns each one's offset (ms) at its first 'complete': the time a client
 * polling that often would observe. Ids still processing at limitMs are absent.
 */
async function watch(on: Simulator, ids: string[], limitMs: number, stepMs = STEP_MS): Promise<Map<string, number>> {
	const done = new Map<string, number>();
	for (let offset = 0; offset <= limitMs; offset += stepMs) {
		const pending = ids.filter((id) => !done.has(id));
		if (pending.length === 0) break;
		const statuses = await Promise.all(pending.map((id) => statusOf(on, id)));
		pending.forEach((id, i) => {
			if (statuses[i] === 'complete') done.set(id, offset);
			else expect(statuses[i]).toBe('processing');
		});
		clock.advanceSeconds(stepMs / 1000);
	}
	return done;
}

async function finishTimes(on: Simulator, bodies: unknown[], limitMs: number, stepMs = STEP_MS): Promise<number[]> {
	const ids = await startAll(on, bodies);
	const done = await watch(on, ids, limitMs, stepMs);
	expect(done.size).toBe(ids.length);
	return ids.map((id) => done.get(id) as number);
}

function expectWithin(times: number[], baseSeconds: number, spreadSeconds: number): void {
	for (const t of times) {
		// t is the first tick at or after the export's time, which lies in [base, base + spread).
		expect(t).toBeGreaterThanOrEqual(baseSeconds * 1000);
		expect(t).toBeLessThanOrEqual((baseSeconds + spreadSeconds) * 1000);
	}
}

it('distinct exports finish at different times within [base, base + spread), in a scrambled order', async () => {
	const bodies = targetBodies(1);
	const times = await finishTimes(sim, bodies, (BASE_SECONDS + SPREAD_SECONDS) * 1000);
	expectWithin(times, BASE_SECONDS, SPREAD_SECONDS);
	expect(new Set(times).size).toBe(bodies.length);
	// Spread over the window, not bunched at one end.
	expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(1000);
	const completionOrder = bodies.map((_, i) => i).sort((a, b) => times[a] - times[b]);
	expect(completionOrder).not.toEqual(bodies.map((_, i) => i));
});

it('the same parameters take the same time for a given seed; another seed gives other times', async () => {
	const bodies = targetBodies(1);
	const limit = (BASE_SECONDS + SPREAD_SECONDS) * 1000;
	const first = await finishTimes(sim, bodies, limit);

	// Fresh exports again (reset empties the result cache), keys in another order: same cache key, same times.
	sim.reset();
	const reordered = bodies.map((body) => Object.fromEntries(Object.entries(body).reverse()));
	expect(await finishTimes(sim, reordered, limit)).toEqual(first);

	// Another simulator with the same seed agrees.
	const twin = await startSimulator({ processingSeconds: BASE_SECONDS, processingSpreadSeconds: SPREAD_SECONDS, seed: 1, now: clock.now, ...NO_LIMITS });
	try {
		expect(await finishTimes(twin, bodies, limit)).toEqual(first);
	} finally {
		await twin.close();
	}

	// Seed 2 (its own company, so its own targets): a different arrangement, still within the window.
	const other = await startSimulator({ processingSeconds: BASE_SECONDS, processingSpreadSeconds: SPREAD_SECONDS, seed: 2, now: clock.now, ...NO_LIMITS });
	try {
		const otherTimes = await finishTimes(other, targetBodies(2), limit);
		expectWithin(otherTimes, BASE_SECONDS, SPREAD_SECONDS);
		expect(otherTimes).not.toEqual(first);
	} finally {
		await other.close();
	}
});

it('a repeated POST while processing is the same export; after id expiry the cached result completes at once', async () => {
	const body = targetBodies(1)[0];
	const { request_id: id } = await post(sim, body);
	clock.advanceSeconds(BASE_SECONDS);
	expect(await post(sim, body)).toEqual({ request_id: id, already_started: true });
	const done = await watch(sim, [id], SPREAD_SECONDS * 1000);
	expect(done.has(id)).toBe(true);
	sim.faults.expire(id);
	const again = await post(sim, body);
	expect(again).toEqual({ request_id: expect.not.stringMatching(id), already_started: true });
	expect(await statusOf(sim, again.request_id)).toBe('complete');
});

it('spread 0 (the default) keeps the fixed processing time for every export', async () => {
	const fixed = await startSimulator({ processingSeconds: BASE_SECONDS, seed: 1, now: clock.now, ...NO_LIMITS });
	try {
		const ids = await startAll(fixed, targetBodies(1));
		clock.advanceSeconds(BASE_SECONDS - 0.001);
		expect(await Promise.all(ids.map((id) => statusOf(fixed, id)))).toEqual(ids.map(() => 'processing'));
		clock.advanceSeconds(0.001);
		expect(await Promise.all(ids.map((id) => statusOf(fixed, id)))).toEqual(ids.map(() => 'complete'));
	} finally {
		await fixed.close();
	}
	// The same through the setter on the spread simulator.
	sim.setProcessingSpreadSeconds(0);
	expect(new Set(await finishTimes(sim, targetBodies(1), (BASE_SECONDS + SPREAD_SECONDS) * 1000))).toEqual(new Set([BASE_SECONDS * 1000]));
});

it('setProcessingSpreadSeconds and POST /_simulator/config change the spread for later exports; reset restores the option', async () => {
	const bodies = targetBodies(1);
	const limit = (BASE_SECONDS + SPREAD_SECONDS) * 1000;
	const original = await finishTimes(sim, bodies, limit);

	// A wider spread over the control surface: the same seeded shares, stretched.
	sim.reset();
	const config = (body: unknown) => axios.post(`${sim.baseUrl}/_simulator/config`, body, { validateStatus: () => true });
	const set = await config({ processingSpreadSeconds: 30 });
	expect(set.status).toBe(200);
	expect(set.data).toEqual({ ok: true, processingSeconds: BASE_SECONDS, processingSpreadSeconds: 30 });
	const wide = await finishTimes(sim, bodies, (BASE_SECONDS + 30) * 1000, 250);
	expectWithin(wide, BASE_SECONDS, 30);
	expect(Math.max(...wide)).toBeGreaterThan(limit);
	const order = (times: number[]) => bodies.map((_, i) => i).sort((a, b) => times[a] - times[b]);
	expect(order(wide)).toEqual(order(original));

	for (const bad of [{ processingSpreadSeconds: -1 }, { processingSpreadSeconds: '3' }, { processingSpreadSeconds: null }, {}, { processingSeconds: 1, processingSpreadSeconds: -1 }]) {
		expect((await config(bad)).status).toBe(400);
	}
	expect((await config({ processingSeconds: 1, processingSpreadSeconds: 1 })).data).toEqual({ ok: true, processingSeconds: 1, processingSpreadSeconds: 1 });

	// The setter; then reset brings back both options.
	sim.reset();
	sim.setProcessingSpreadSeconds(1);
	expectWithin(await finishTimes(sim, bodies, (BASE_SECONDS + 1) * 1000), BASE_SECONDS, 1);
	sim.reset();
	expect(await finishTimes(sim, bodies, limit)).toEqual(original);
});
