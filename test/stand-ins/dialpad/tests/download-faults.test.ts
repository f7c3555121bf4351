import axios from 'axios';
import Papa from 'papaparse';
import { buildCompany, startSimulator, type Simulator } from '../index';
import { apiClient, json, rawGet, RECORDS_CALLS } from './helpers';

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0, retryAfterSeconds: 2 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function completed(body: unknown = RECORDS_CALLS): Promise<{ id: string; url: string }> {
	const started = json<{ request_id: string }>((await apiClient(sim).post('/stats', body)).data);
	const status = json<{ download_url: string }>((await apiClient(sim).get(`/stats/${started.request_id}`)).data);
	return { id: started.request_id, url: status.download_url };
}

describe('storage listener', () => {
	it('serves the export CSV streamed as text/csv for a valid signature, without Authorization', async () => {
		const { id, url } = await completed();
		const response = await rawGet(url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(response.text).toBe(sim.csvFor(id));
		const entry = sim.log.find((e) => e.server === 'storage');
		expect(entry).toMatchObject({ method: 'GET', path: `/exports/${id}.csv`, query: {}, hasAuthorization: false, status: 200, requestId: id });
		expect(JSON.stringify(sim.log)).not.toContain('signature');
	});

	it.each([
		['tampered signature', (url: string) => url.replace(/signature=(.)/, (_m, c: string) => `signature=${c === 'a' ? 'b' : 'a'}`)],
		['missing signature', (url: string) => url.replace(/&signature=.*/, '')],
		['another export', (url: string) => url.replace(/exports\/\d+/, 'exports/1234')],
		['moved expiry', (url: string) => url.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 1}`)],
	])('%s -> 403', async (_label, mutate) => {
		const { url } = await completed();
		const response = await rawGet(mutate(url));
		expect(response.status).toBe(403);
	});

	it('any request with an Authorization header -> 400, logged with hasAuthorization', async () => {
		const { url } = await completed();
		const response = await rawGet(url, { Authorization: `Bearer ${sim.apiKey}` });
		expect(response.status).toBe(400);
		expect((await rawGet(`${sim.storageBaseUrl}/whatever`, { Authorization: 'x' })).status).toBe(400);
		const storage = sim.log.filter((e) => e.server === 'storage');
		expect(storage.map((e) => [e.status, e.hasAuthorization, e.headers.authorization])).toEqual([
			[400, true, '[redacted]'],
			[400, true, '[redacted]'],
		]);
	});

	it('redirectDownloads: 302 to a second signed path that serves the same CSV', async () => {
		sim.faults.redirectDownloads(true);
		const { id, url } = await completed();
		const first = await rawGet(url);
		expect(first.status).toBe(302);
		const location = first.headers.get('location') ?? '';
		expect(location).toMatch(new RegExp(`^${sim.storageBaseUrl}/redirected/exports/${id}\\.csv\\?expires=\\d+&signature=`));
		expect((await rawGet(location, { Authorization: 'Bearer leaked' })).status).toBe(400);
		const second = await rawGet(location);
		expect(second.status).toBe(200);
		expect(second.text).toBe(sim.csvFor(id));
		// A client that follows redirects gets there too.
		expect((await axios.get(url, { responseType: 'text' })).data).toBe(sim.csvFor(id));
	});

	it('breakNextDownload: headers and part of the body, then the socket dies; the next download is whole', async () => {
		sim.faults.setRowCount(500);
		const { id, url } = await completed();
		sim.faults.breakNextDownload();
		const response = await fetch(url);
		expect(response.status).toBe(200);
		await expect(response.text()).rejects.toThrow();
		expect((await rawGet(url)).text).toBe(sim.csvFor(id));
	});

	it('slowDownload throttles to about the given bytes per second', async () => {
		const { id, url } = await completed({ ...RECORDS_CALLS, target_type: 'room', target_id: buildCompany(1).rooms[0].id });
		const size = Buffer.byteLength(sim.csvFor(id));
		sim.faults.slowDownload(Math.ceil(size / 0.6));
		const started = Date.now();
		const response = await rawGet(url);
		const elapsedMs = Date.now() - started;
		expect(response.text).toBe(sim.csvFor(id));
		expect(elapsedMs).toBeGreaterThanOrEqual(500);
		expect(elapsedMs).toBeLessThan(5000);
	});

	it('malformedNextCsv: one ragged row in the next CSV only', async () => {
		const { url } = await completed();
		sim.faults.malformedNextCsv();
		const widths = (text: string): number[] => Papa.parse<string[]>(text.trimEnd(), { skipEmptyLines: false }).data.map((row) => row.length);
		const bad = widths((await rawGet(url)).text);
		expect(bad.filter((w) => w !== bad[0])).toEqual([bad[0] - 1]);
		const good = widths((await rawGet(url)).text);
		expect(good.every((w) => w === good[0])).toBe(true);
	});

	it('malformedNextCsv on a header-only export adds a short row', async () => {
		sim.faults.setRowCount(0);
		const { url } = await completed();
		sim.faults.malformedNextCsv();
		const rows = Papa.parse<string[]>((await rawGet(url)).text.trimEnd()).data;
		expect(rows).toHaveLength(2);
		expect(rows[1].length).toBe(rows[0].length - 1);
	});

	it('setRowCount forces the row count of exports created afterwards; null restores natural', async () => {
		sim.faults.setRowCount(1234);
		const forced = await completed({ ...RECORDS_CALLS, days_ago_end: 5 });
		sim.faults.setRowCount(null);
		const natural = await completed({ ...RECORDS_CALLS, days_ago_end: 6 });
		const dataRows = (text: string): number => Papa.parse(text.trimEnd(), { header: true }).data.length;
		expect(dataRows((await rawGet(forced.url)).text)).toBe(1234);
		expect(dataRows(sim.csvFor(natural.id))).not.toBe(1234);
	});
});

describe('failNext', () => {
	it.each([500, 502, 503] as const)('%s on the chosen route only, in the envelope, then back to normal', async (status) => {
		sim.faults.failNext({ status, route: 'poll', count: 2 });
		expect((await apiClient(sim).post('/stats', RECORDS_CALLS)).status).toBe(200);
		const id = sim.log[0].requestId ?? '';
		const first = await apiClient(sim).get(`/stats/${id}`);
		expect(first.status).toBe(status);
		expect(json<{ error: { code: number } }>(first.data).error.code).toBe(status);
		expect((await apiClient(sim).get(`/stats/${id}`)).status).toBe(status);
		expect((await apiClient(sim).get(`/stats/${id}`)).status).toBe(200);
		expect(sim.log.map((e) => e.status)).toEqual([200, status, status, 200]);
	});

	it('429 carries the default Retry-After, an override, or none', async () => {
		sim.faults.failNext({ status: 429, route: 'post' });
		sim.faults.failNext({ status: 429, route: 'post', retryAfterSeconds: 7 });
		sim.faults.failNext({ status: 429, route: 'post', retryAfterSeconds: null });
		const answers = [];
		for (let i = 0; i < 4; i++) answers.push(await apiClient(sim).post('/stats', RECORDS_CALLS));
		expect(answers.map((a) => a.status)).toEqual([429, 429, 429, 200]);
		expect(answers.map((a) => a.headers['retry-after'])).toEqual(['2', '7', undefined, undefined]);
		expect(json<{ error: { errors: Array<{ reason: string }> } }>(answers[0].data).error.errors[0].reason).toBe('rateLimitExceeded');
	});

	it('reset drops the connection; list and download routes; any matches everything', async () => {
		sim.faults.failNext({ status: 'reset', route: 'list' });
		await expect(apiClient(sim).get('/offices')).rejects.toThrow();
		expect((await apiClient(sim).get('/offices')).status).toBe(200);
		const { url } = await completed();
		sim.faults.failNext({ status: 503, route: 'download' });
		expect((await rawGet(url)).status).toBe(503);
		expect((await rawGet(url)).status).toBe(200);
		sim.faults.failNext({ status: 500, route: 'any', count: 2 });
		expect((await apiClient(sim).get('/company')).status).toBe(500);
		expect((await rawGet(url)).status).toBe(500);
		expect((await rawGet(url)).status).toBe(200);
	});

	it('faults.reset clears pending faults', async () => {
		sim.faults.failNext({ status: 500, route: 'any' });
		sim.faults.failNextExports(1);
		sim.faults.reset();
		const { id } = await completed();
		expect(json<{ status: string }>((await apiClient(sim).get(`/stats/${id}`)).data).status).toBe('complete');
	});
});

describe('export faults', () => {
	it('failNextExports: the next N exports end failed, then complete again', async () => {
		sim.faults.failNextExports(2);
		const statuses = [];
		for (const end of [3, 4, 5]) {
			const { id } = await completed({ ...RECORDS_CALLS, days_ago_end: end });
			statuses.push(json<{ status: string }>((await apiClient(sim).get(`/stats/${id}`)).data).status);
		}
		expect(statuses).toEqual(['failed', 'failed', 'complete']);
	});

	it('expireNextPolls: the next poll answers 404 and forgets the id', async () => {
		const { id } = await completed();
		sim.faults.expireNextPolls(1);
		expect((await apiClient(sim).get(`/stats/${id}`)).status).toBe(404);
		expect((await apiClient(sim).get(`/stats/${id}`)).status).toBe(404);
		const again = json<{ request_id: string; already_started: boolean }>((await apiClient(sim).post('/stats', RECORDS_CALLS)).data);
		expect(again.already_started).toBe(true);
		expect(again.request_id).not.toBe(id);
		expect((await apiClient(sim).get(`/stats/${again.request_id}`)).status).toBe(200);
	});
});
