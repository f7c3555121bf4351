/** The invalidUtf8NextCsv fault: the next CSV carries bytes that are not valid UTF-8, on chosen data rows. */
import { CsvReader } from '../../../../nodes/shared/report/csv/table';
import { startSimulator, type Simulator } from '../index';
import { apiClient, json, RECORDS_CALLS } from './helpers';

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ processingSeconds: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

async function completed(): Promise<{ id: string; url: string }> {
	const started = json<{ request_id: string }>((await apiClient(sim).post('/stats', RECORDS_CALLS)).data);
	const status = json<{ download_url: string }>((await apiClient(sim).get(`/stats/${started.request_id}`)).data);
	return { id: started.request_id, url: status.download_url };
}

async function bytesOf(url: string): Promise<Buffer> {
	const response = await fetch(url);
	expect(response.status).toBe(200);
	return Buffer.from(await response.arrayBuffer());
}

/** Byte offsets of 0xE9 bytes that are not part of a UTF-8 character (the fault's marker). */
function invalidBytes(bytes: Buffer): number[] {
	const valid = Buffer.from(bytes.toString('utf8'), 'utf8');
	expect(valid.equals(bytes)).toBe(false);
	const offsets: number[] = [];
	for (let i = 0; i < bytes.length; i++) {
		if (bytes[i] === 0xe9 && (i + 1 >= bytes.length || (bytes[i + 1] & 0xc0) !== 0x80)) offsets.push(i);
	}
	return offsets;
}

function physicalLine(bytes: Buffer, offset: number): number {
	let line = 1;
	for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
	return line;
}

describe('invalidUtf8NextCsv', () => {
	it('puts one bad byte in data rows 1 and 3 of the next CSV only; the rest of the file is unchanged', async () => {
		sim.faults.setRowCount(6);
		const { id, url } = await completed();
		sim.faults.invalidUtf8NextCsv();
		const broken = await bytesOf(url);
		const clean = Buffer.from(sim.csvFor(id), 'utf8');
		const offsets = invalidBytes(broken);
		expect(offsets).toHaveLength(2);
		// Removing the two bytes gives the export's CSV back, byte for byte.
		const without = Buffer.concat([broken.subarray(0, offsets[0]), broken.subarray(offsets[0] + 1, offsets[1]), broken.subarray(offsets[1] + 1)]);
		expect(without.equals(clean)).toBe(true);

		// The rows they are in: data rows 1 and 3 as the node's reader counts them.
		const reader = new CsvReader();
		const rows = [...reader.push(broken), ...reader.end()];
		const lines = offsets.map((offset) => physicalLine(broken, offset));
		expect(lines).toEqual([rows[1].line, rows[3].line]);
		expect(reader.invalidUtf8()).toEqual({ firstLine: rows[1].line, lineCount: 2 });
		expect(rows[1].values.join(',')).toContain('\uFFFD');

		// One shot: the next download is clean again.
		expect((await bytesOf(url)).equals(clean)).toBe(true);
	});

	it('takes the rows to break, and leaves rows past the end alone', async () => {
		sim.faults.setRowCount(3);
		const { url } = await completed();
		sim.faults.invalidUtf8NextCsv([2, 50]);
		const broken = await bytesOf(url);
		expect(invalidBytes(broken)).toHaveLength(1);
	});

	it('is cleared by reset', async () => {
		const { id, url } = await completed();
		sim.faults.invalidUtf8NextCsv();
		sim.faults.reset();
		expect((await bytesOf(url)).equals(Buffer.from(sim.csvFor(id), 'utf8'))).toBe(true);
	});
});
