import { startSimulator, type Simulator } from '../index';
import { apiClient, json, RECORDS_CALLS, TestClock } from './helpers';

let sim: Simulator;
const clock = new TestClock(Date.parse('2026-09-15T12:00:00Z'));

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 15, now: clock.now, requestExpirySeconds: 3600 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

interface Started {
	request_id: string;
	already_started: boolean;
}
interface Status {
	status: string;
	download_url?: string;
	file_type?: string;
}

async function post(body: unknown = RECORDS_CALLS): Promise<Started> {
	const response = await apiClient(sim).post('/stats', body);
	expect(response.status).toBe(200);
	return json<Started>(response.data);
}
async function poll(id: string): Promise<{ status: number; body: Status }> {
	const response = await apiClient(sim).get(`/stats/${id}`);
	return { status: response.status, body: json<Status>(response.data) };
}

it('stays processing for processingSeconds, then completes with a signed storage URL', async () => {
	const { request_id: id } = await post();
	expect((await poll(id)).body).toEqual({ status: 'processing' });
	clock.advanceSeconds(14);
	expect((await poll(id)).body).toEqual({ status: 'processing' });
	clock.advanceSeconds(1);
	const done = await poll(id);
	expect(done.body.status).toBe('complete');
	expect(done.body.file_type).toBe('csv');
	expect(done.body.download_url).toMatch(new RegExp(`^${sim.storageBaseUrl}/exports/${id}\\.csv\\?expires=\\d+&signature=[0-9a-f]{64}$`));
});

it('setProcessingSeconds applies to exports created afterwards', async () => {
	sim.setProcessingSeconds(0);
	const { request_id: id } = await post();
	expect((await poll(id)).body.status).toBe('complete');
});

it('an identical body returns the same id with already_started, still counted in the log', async () => {
	const first = await post();
	const second = await post({ days_ago_end: 2, stat_type: 'calls', export_type: 'records', days_ago_start: 1, timezone: 'UTC' });
	expect(first.already_started).toBe(false);
	expect(second).toEqual({ request_id: first.request_id, already_started: true });
	const different = await post({ ...RECORDS_CALLS, days_ago_end: 3 });
	expect(different.request_id).not.toBe(first.request_id);
	expect(different.already_started).toBe(false);
	expect(sim.log.filter((e) => e.method === 'POST')).toHaveLength(3);
});

it('days_ago results are cached for 3 hours, is_today for 30 minutes', async () => {
	const days = await post();
	const today = await post({ export_type: 'records', stat_type: 'calls', is_today: true });
	clock.advanceSeconds(29 * 60);
	expect((await post({ export_type: 'records', stat_type: 'calls', is_today: true })).request_id).toBe(today.request_id);
	clock.advanceSeconds(60);
	const todayAgain = await post({ export_type: 'records', stat_type: 'calls', is_today: true });
	expect(todayAgain).toEqual({ request_id: expect.not.stringMatching(today.request_id), already_started: false });
	// 30 min in: the days_ago export is still cached (and still alive, expiry is 1 h).
	expect(await post()).toEqual({ request_id: days.request_id, already_started: true });
	clock.advanceSeconds(3 * 3600 - 30 * 60);
	const fresh = await post();
	expect(fresh.already_started).toBe(false);
	expect(fresh.request_id).not.toBe(days.request_id);
	expect((await poll(fresh.request_id)).body.status).toBe('processing');
});

it('a failed export is not cached: a new POST reprocesses with a new id', async () => {
	sim.faults.failNextExports(1);
	const failing = await post();
	expect(await post()).toEqual({ request_id: failing.request_id, already_started: true });
	clock.advanceSeconds(15);
	expect((await poll(failing.request_id)).body).toEqual({ status: 'failed' });
	const retry = await post();
	expect(retry.already_started).toBe(false);
	expect(retry.request_id).not.toBe(failing.request_id);
	clock.advanceSeconds(15);
	expect((await poll(retry.request_id)).body.status).toBe('complete');
});

it('request ids expire after requestExpirySeconds with the 404 envelope', async () => {
	const { request_id: id } = await post();
	clock.advanceSeconds(3599);
	expect((await poll(id)).status).toBe(200);
	clock.advanceSeconds(1);
	const gone = await poll(id);
	expect(gone.status).toBe(404);
	const message = `Request with id ${id} not found.`;
	expect(gone.body).toEqual({ error: { code: 404, errors: [{ domain: 'global', message, reason: 'notFound' }], message } });
});

it('after expiry the same parameters give a new id that completes at once (cached result)', async () => {
	const { request_id: id } = await post();
	clock.advanceSeconds(20);
	const csv = sim.csvFor(id);
	sim.faults.expire(id);
	expect((await poll(id)).status).toBe(404);
	const again = await post();
	expect(again.already_started).toBe(true);
	expect(again.request_id).not.toBe(id);
	expect((await poll(again.request_id)).body.status).toBe('complete');
	expect(sim.csvFor(again.request_id)).toBe(csv);
});

it('unknown ids answer 404 and csvFor throws', async () => {
	expect((await poll('nope')).status).toBe(404);
	expect(() => sim.csvFor('nope')).toThrow(/nope/);
});
