import { SlidingWindowLimiter } from '../rate-limit';
import { startSimulator, type Simulator } from '../index';
import { apiClient, json, RECORDS_CALLS } from './helpers';

describe('SlidingWindowLimiter', () => {
	it('allows `limit` hits per window, slides, and does not count rejected hits', () => {
		let now = 0;
		const limiter = new SlidingWindowLimiter(3, 1000, () => now);
		expect([limiter.tryHit(), limiter.tryHit(), limiter.tryHit(), limiter.tryHit()]).toEqual([true, true, true, false]);
		now = 999;
		expect(limiter.tryHit()).toBe(false);
		now = 1000;
		expect([limiter.tryHit(), limiter.tryHit(), limiter.tryHit()]).toEqual([true, true, true]);
		expect(limiter.tryHit()).toBe(false);
		limiter.reset();
		expect(limiter.tryHit()).toBe(true);
	});
});

describe('published limits over HTTP', () => {
	let sim: Simulator;
	afterEach(() => sim.close());

	it('POST /stats: postLimitPerHour per key, repeats count too; 429 envelope with Retry-After', async () => {
		sim = await startSimulator({ postLimitPerHour: 3, processingSeconds: 0 });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push(await apiClient(sim).post('/stats', RECORDS_CALLS));
		expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
		expect(statuses[3].headers['retry-after']).toBe('2');
		const envelope = json<{ error: { code: number; message: string } }>(statuses[3].data);
		expect(envelope.error.code).toBe(429);
		expect(envelope.error.message).toMatch(/3 stats requests per hour/);
		// Polls are not part of the POST budget.
		expect((await apiClient(sim).get(`/stats/${sim.log[0].requestId}`)).status).toBe(200);
		sim.reset();
		expect((await apiClient(sim).post('/stats', RECORDS_CALLS)).status).toBe(200);
	});

	it('GET /stats/{id}: pollLimitPerSecond; no Retry-After when configured null', async () => {
		sim = await startSimulator({ pollLimitPerSecond: 5, companyLimitPerSecond: 100, retryAfterSeconds: null });
		const answers = await Promise.all(Array.from({ length: 8 }, () => apiClient(sim).get('/stats/1')));
		const limited = answers.filter((a) => a.status === 429);
		expect(answers.filter((a) => a.status === 404)).toHaveLength(5);
		expect(limited).toHaveLength(3);
		expect(limited.every((a) => a.headers['retry-after'] === undefined)).toBe(true);
		expect((await apiClient(sim).get('/offices')).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 1050));
		expect((await apiClient(sim).get('/stats/1')).status).toBe(404);
	});

	it('all API requests: companyLimitPerSecond', async () => {
		sim = await startSimulator({ companyLimitPerSecond: 4 });
		const answers = await Promise.all(Array.from({ length: 6 }, () => apiClient(sim).get('/company')));
		expect(answers.filter((a) => a.status === 200)).toHaveLength(4);
		expect(answers.filter((a) => a.status === 429)).toHaveLength(2);
		expect(sim.log.filter((e) => e.status === 429)).toHaveLength(2);
	});
});
