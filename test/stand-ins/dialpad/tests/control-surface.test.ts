import axios from 'axios';
import { startSimulator, type Simulator } from '../index';
import { apiClient, json, RECORDS_CALLS } from './helpers';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const control = () => axios.create({ validateStatus: () => true });

it('GET and DELETE /_simulator/log; control routes are not logged', async () => {
	await apiClient(sim).get('/company');
	const log = (await control().get(`${sim.baseUrl}/_simulator/log`)).data as Array<{ path: string }>;
	expect(log.map((e) => e.path)).toEqual(['/api/v2/company']);
	expect((await control().delete(`${sim.baseUrl}/_simulator/log`)).status).toBe(204);
	expect(sim.log).toEqual([]);
});

it('POST /_simulator/faults drives every fault kind; bad kinds -> 400', async () => {
	const post = (body: unknown) => control().post(`${sim.baseUrl}/_simulator/faults`, body);
	expect((await post({ kind: 'failNext', status: 503, route: 'list' })).status).toBe(200);
	expect((await apiClient(sim).get('/offices')).status).toBe(503);
	for (const body of [
		{ kind: 'failNextExports', count: 1 },
		{ kind: 'expireNextPolls', count: 1 },
		{ kind: 'slowDownload', bytesPerSecond: 100000 },
		{ kind: 'breakNextDownload' },
		{ kind: 'malformedNextCsv' },
		{ kind: 'redirectDownloads', on: true },
		{ kind: 'setRowCount', rows: 10 },
		{ kind: 'expire', requestId: '1' },
		{ kind: 'reset' },
	]) {
		expect((await post(body)).status).toBe(200);
	}
	expect((await post({ kind: 'explode' })).status).toBe(400);
	expect((await post({ kind: 'failNext', status: 418 })).status).toBe(400);
	expect((await post('not json')).status).toBe(400);
});

it('failNextExports and setRowCount over HTTP take effect', async () => {
	await control().post(`${sim.baseUrl}/_simulator/faults`, { kind: 'setRowCount', rows: 3 });
	await control().post(`${sim.baseUrl}/_simulator/faults`, { kind: 'failNextExports' });
	const failed = json<{ request_id: string }>((await apiClient(sim).post('/stats', RECORDS_CALLS)).data).request_id;
	expect(json<{ status: string }>((await apiClient(sim).get(`/stats/${failed}`)).data).status).toBe('failed');
	const ok = json<{ request_id: string }>((await apiClient(sim).post('/stats', RECORDS_CALLS)).data).request_id;
	const csv = (await control().get(`${sim.baseUrl}/_simulator/exports/${ok}/csv`, { responseType: 'text' })).data as string;
	expect(csv).toBe(sim.csvFor(ok));
	expect(csv.trimEnd().split('\r\n')).toHaveLength(4);
	expect((await control().get(`${sim.baseUrl}/_simulator/exports/nope/csv`)).status).toBe(404);
});

it('POST /_simulator/config sets processingSeconds; reset restores it', async () => {
	expect((await control().post(`${sim.baseUrl}/_simulator/config`, { processingSeconds: 600 })).status).toBe(200);
	const id = json<{ request_id: string }>((await apiClient(sim).post('/stats', RECORDS_CALLS)).data).request_id;
	expect(json<{ status: string }>((await apiClient(sim).get(`/stats/${id}`)).data).status).toBe('processing');
	expect((await control().post(`${sim.baseUrl}/_simulator/config`, { processingSeconds: -1 })).status).toBe(400);
	sim.reset();
	const again = json<{ request_id: string }>((await apiClient(sim).post('/stats', RECORDS_CALLS)).data).request_id;
	expect(json<{ status: string }>((await apiClient(sim).get(`/stats/${again}`)).data).status).toBe('complete');
});

it('listens on 127.0.0.1 only and close() frees the ports', async () => {
	const other = await startSimulator();
	expect(other.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(other.storageBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(other.storageBaseUrl).not.toBe(other.baseUrl);
	await other.close();
	await expect(fetch(`${other.baseUrl}/api/v2/company`)).rejects.toThrow();
});
