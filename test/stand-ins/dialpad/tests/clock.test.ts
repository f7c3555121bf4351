/**
 * The simulator's movable clock: what a workflow that runs every 30 minutes sees when Dialpad's
 * day goes on between its runs (today's export grows, the 30-minute cache of today lapses).
 */
import axios from 'axios';
import Papa from 'papaparse';
import { startSimulator, type Simulator } from '../index';
import { apiClient, json, rawGet } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const control = () => axios.create({ validateStatus: () => true });
const TODAY_NY = { export_type: 'records', stat_type: 'calls', is_today: true, timezone: 'America/New_York' };
/** 10:00 in New York on 1 December 2026. */
const TEN_AM_NY = new Date('2026-12-01T15:00:00Z');

async function todayExport(): Promise<{ id: string; alreadyStarted: boolean; rows: Array<Record<string, string>> }> {
	const started = json<{ request_id: string; already_started: boolean }>((await apiClient(sim).post('/stats', TODAY_NY)).data);
	const poll = json<{ status: string; download_url: string }>((await apiClient(sim).get(`/stats/${started.request_id}`)).data);
	expect(poll.status).toBe('complete');
	const download = await rawGet(poll.download_url);
	expect(download.status).toBe(200);
	const rows = Papa.parse<Record<string, string>>(download.text, { header: true, skipEmptyLines: true }).data;
	return { id: started.request_id, alreadyStarted: started.already_started, rows };
}

it('setClock: today is the clock\'s day, cut off at its time of day', async () => {
	sim.setClock(TEN_AM_NY);
	expect(Math.abs(sim.now().getTime() - TEN_AM_NY.getTime())).toBeLessThan(1000);
	const { rows } = await todayExport();
	expect(rows.length).toBeGreaterThan(0);
	for (const row of rows) {
		expect(row.date_started.slice(0, 10)).toBe('2026-12-01');
		expect(row.date_started.slice(11, 19) < '10:00:00').toBe(true);
	}
});

it('advanceClock: within 30 minutes today comes from the cache; after them, a new export that has grown and keeps the earlier calls', async () => {
	sim.setClock(TEN_AM_NY);
	const first = await todayExport();
	sim.advanceClock(29 * 60);
	const cached = await todayExport();
	expect(cached.alreadyStarted).toBe(true);
	expect(cached.id).toBe(first.id);

	sim.advanceClock(4 * 3600);
	const later = await todayExport();
	expect(later.alreadyStarted).toBe(false);
	expect(later.id).not.toBe(first.id);
	expect(later.rows.length).toBeGreaterThan(first.rows.length);
	// The morning's calls are the same calls (same ids, same values) in the afternoon's file.
	const laterById = new Map(later.rows.map((row) => [`${row.call_id}/${row.target_id}`, row]));
	for (const row of first.rows) expect(laterById.get(`${row.call_id}/${row.target_id}`)).toEqual(row);
});

it('GET and POST /_simulator/clock; bad bodies -> 400; reset puts the clock back', async () => {
	const url = `${sim.baseUrl}/_simulator/clock`;
	const before = (await control().get(url)).data as { now: string; offsetSeconds: number };
	expect(Math.abs(new Date(before.now).getTime() - Date.now())).toBeLessThan(1000);
	expect(before.offsetSeconds).toBe(0);

	const set = await control().post(url, { now: TEN_AM_NY.toISOString() });
	expect(set.status).toBe(200);
	expect(Math.abs(new Date((set.data as { now: string }).now).getTime() - TEN_AM_NY.getTime())).toBeLessThan(1000);
	const advanced = await control().post(url, { advanceSeconds: 1800 });
	expect(advanced.status).toBe(200);
	expect(Math.abs(new Date((advanced.data as { now: string }).now).getTime() - TEN_AM_NY.getTime() - 1800_000)).toBeLessThan(1000);

	for (const body of [{}, { advanceSeconds: 'soon' }, { now: 'tomorrow' }, { now: TEN_AM_NY.toISOString(), advanceSeconds: 1 }, 'not json']) {
		expect((await control().post(url, body)).status).toBe(400);
	}
	expect((await control().post(`${sim.baseUrl}/_simulator/reset`)).status).toBe(204);
	expect(Math.abs(sim.now().getTime() - Date.now())).toBeLessThan(1000);
});

it('request ids expire by the moved clock (an hour after they were made)', async () => {
	sim.setClock(TEN_AM_NY);
	const { id } = await todayExport();
	sim.advanceClock(3600);
	expect((await apiClient(sim).get(`/stats/${id}`)).status).toBe(404);
});
