/** Storage faults for the download path: broken downloads on every try, 403s, malformed CSV shapes. */
import axios from 'axios';
import Papa from 'papaparse';
import { CsvFormatError } from '../../../../nodes/shared/report/csv/reader';
import { readCsvTable } from '../../../../nodes/shared/report/csv/table';
import { startSimulator, type Simulator } from '../index';
import { apiClient, json, rawGet, RECORDS_CALLS, TestClock } from './helpers';

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function completed(on: Simulator = sim): Promise<{ id: string; url: string }> {
	const started = json<{ request_id: string }>((await apiClient(on).post('/stats', RECORDS_CALLS)).data);
	const status = json<{ download_url: string }>((await apiClient(on).get(`/stats/${started.request_id}`)).data);
	return { id: started.request_id, url: status.download_url };
}

const storageStatuses = () => sim.log.filter((e) => e.server === 'storage').map((e) => e.status);

/** What the node's own parser makes of a CSV: rows, or the error it reports. */
async function parsedByNode(text: string): Promise<{ rows: number; error?: CsvFormatError }> {
	try {
		const table = await readCsvTable(
			(async function* () {
				yield text;
			})(),
		);
		let rows = 0;
		for await (const batch of table?.rows ?? []) rows += batch.length;
		return { rows };
	} catch (error) {
		if (error instanceof CsvFormatError) return { rows: 0, error };
		throw error;
	}
}

describe('breakNextDownload with a count', () => {
	it('breaks that many downloads in a row, then serves the whole file', async () => {
		sim.faults.setRowCount(500);
		const { id, url } = await completed();
		sim.faults.breakNextDownload(2);
		for (let i = 0; i < 2; i++) {
			const response = await fetch(url);
			expect(response.status).toBe(200);
			await expect(response.text()).rejects.toThrow();
		}
		expect((await rawGet(url)).text).toBe(sim.csvFor(id));
	});
});

describe('storage 403', () => {
	it('expireNextDownloads: that many downloads answer 403 ExpiredToken, then the link works again', async () => {
		const { id, url } = await completed();
		sim.faults.expireNextDownloads(2);
		const first = await rawGet(url);
		expect(first.status).toBe(403);
		expect(first.text).toContain('<Code>ExpiredToken</Code>');
		expect((await rawGet(url)).status).toBe(403);
		expect((await rawGet(url)).text).toBe(sim.csvFor(id));
		expect(storageStatuses()).toEqual([403, 403, 200]);
	});

	it('downloadLinkTtl: links handed out afterwards expire after that many seconds; null restores the hour', async () => {
		const clock = new TestClock(Date.parse('2026-09-15T12:00:00Z'));
		const timed = await startSimulator({ processingSeconds: 0, now: clock.now });
		try {
			timed.faults.downloadLinkTtl(30);
			const { url } = await completed(timed);
			expect(new URL(url).searchParams.get('expires')).toBe(String(clock.now().getTime() / 1000 + 30));
			expect((await rawGet(url)).status).toBe(200);
			clock.advanceSeconds(31);
			const expired = await rawGet(url);
			expect(expired.status).toBe(403);
			expect(expired.text).toContain('<Code>ExpiredToken</Code>');

			timed.faults.downloadLinkTtl(null);
			const fresh = await completed(timed);
			clock.advanceSeconds(3_000);
			expect((await rawGet(fresh.url)).status).toBe(200);
		} finally {
			await timed.close();
		}
	});
});

describe('malformedNextCsv shapes', () => {
	const widths = (text: string): number[] =>
		Papa.parse<string[]>(text.trimEnd(), { skipEmptyLines: false }).data.map((row) => row.length);

	it('droppedField (the default): the first data row is one field short, and only the next file', async () => {
		const { url } = await completed();
		sim.faults.malformedNextCsv('droppedField');
		const bad = widths((await rawGet(url)).text);
		expect(bad[1]).toBe(bad[0] - 1);
		expect(bad.slice(2).every((w) => w === bad[0])).toBe(true);
		expect((await parsedByNode((await rawGet(url)).text)).error).toBeUndefined();
	});

	it('extraField: the first data row has one field too many; the node parser names line 2', async () => {
		const { url } = await completed();
		sim.faults.malformedNextCsv('extraField');
		const text = (await rawGet(url)).text;
		const bad = widths(text);
		expect(bad[1]).toBe(bad[0] + 1);
		expect(bad.slice(2).every((w) => w === bad[0])).toBe(true);
		expect((await parsedByNode(text)).error?.line).toBe(2);
	});

	it('unclosedQuote: the last row opens a quote that never closes; the node parser names that line', async () => {
		const { id, url } = await completed();
		sim.faults.malformedNextCsv('unclosedQuote');
		const text = (await rawGet(url)).text;
		const good = sim.csvFor(id);
		const lastLine = good.trimEnd().split('\r\n').length;
		expect(text.split('\r\n').slice(0, lastLine - 1)).toEqual(good.split('\r\n').slice(0, lastLine - 1));
		expect(Papa.parse(text).errors.map((e) => e.code)).toContain('MissingQuotes');
		const parsed = await parsedByNode(text);
		expect(parsed.error?.message).toMatch(/quote/i);
		expect(parsed.error?.line).toBe(lastLine);
	});

	it.each(['droppedField', 'extraField', 'unclosedQuote'] as const)('%s on a header-only export adds one broken row', async (shape) => {
		sim.faults.setRowCount(0);
		const { url } = await completed();
		sim.faults.malformedNextCsv(shape);
		const parsed = await parsedByNode((await rawGet(url)).text);
		expect(parsed.error?.line).toBe(2);
	});
});

describe('control surface for the storage faults', () => {
	const post = (body: unknown) => axios.post(`${sim.baseUrl}/_simulator/faults`, body, { validateStatus: () => true });

	it('sets each fault over HTTP and refuses bad arguments', async () => {
		const { url } = await completed();
		expect((await post({ kind: 'expireNextDownloads', count: 1 })).status).toBe(200);
		expect((await rawGet(url)).status).toBe(403);
		expect((await post({ kind: 'breakNextDownload', count: 2 })).status).toBe(200);
		expect((await post({ kind: 'malformedNextCsv', shape: 'unclosedQuote' })).status).toBe(200);
		expect((await post({ kind: 'downloadLinkTtl', seconds: 5 })).status).toBe(200);
		expect((await post({ kind: 'downloadLinkTtl', seconds: null })).status).toBe(200);

		const refused = await post({ kind: 'malformedNextCsv', shape: 'sideways' });
		expect(refused.status).toBe(400);
		expect(refused.data).toEqual({ error: 'shape must be one of droppedField, extraField, unclosedQuote' });
		expect((await post({ kind: 'breakNextDownload', count: -1 })).status).toBe(400);
		expect((await post({ kind: 'downloadLinkTtl', seconds: 'soon' })).status).toBe(400);
	});

	it('faults.reset clears the storage faults', async () => {
		const { id, url } = await completed();
		sim.faults.breakNextDownload(3);
		sim.faults.expireNextDownloads(3);
		sim.faults.malformedNextCsv('unclosedQuote');
		sim.faults.reset();
		expect((await rawGet(url)).text).toBe(sim.csvFor(id));
	});
});
