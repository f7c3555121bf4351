/** The CSV File output's pieces: the tally that reads the bytes on their way to the store, names, facts. */
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';

import type { IBinaryData } from 'n8n-workflow';
import Papa from 'papaparse';

import { CsvFormatError } from '../../nodes/shared/report/csv/reader';
import { csvFileFacts, csvFileName, storeCsv } from '../../nodes/shared/report/sinks/file';
import type { BinaryStore, ObservableDownload } from '../../nodes/shared/report/ports';
import { CsvTally } from '../../nodes/shared/report/csv/tally';
import { periodDays } from '../../nodes/shared/report/request/period';
import type { StatsRequestBody } from '../../nodes/shared/report/request/request';

const encoder = new TextEncoder();

function papaRowCount(text: string): number {
	return Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.length - 1;
}

/** Bytes cut into pieces of `size`, splitting multi-byte characters and CRLFs wherever they fall. */
function pieces(bytes: Uint8Array, size: number): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
	return out;
}

const SAMPLE =
	'\uFEFFcall_id,name,categories\r\n1,Zoë Ørsted,"answered,inbound"\r\n2,"Dana ""DJ"" Jones","multi\r\nline"\r\n\r\n3,日本語 😀,\r\n';

describe('CsvTally', () => {
	test.each([1, 2, 3, 7, 64, 100_000])('header, exact rows and bytes whatever the chunk size (%i bytes)', (size) => {
		const bytes = encoder.encode(SAMPLE);
		const tally = new CsvTally();
		for (const chunk of pieces(bytes, size)) tally.push(chunk);
		tally.end();
		expect(tally.header).toEqual(['call_id', 'name', 'categories']);
		expect(tally.rowCount).toBe(papaRowCount(SAMPLE));
		expect(tally.rowCount).toBe(3);
		expect(tally.byteCount).toBe(bytes.byteLength);
	});

	test('an empty file: no header, no rows', () => {
		const tally = new CsvTally();
		tally.end();
		expect(tally.header).toBeNull();
		expect(tally.rowCount).toBe(0);
	});

	test("a ragged row fails with the parser's line", () => {
		const tally = new CsvTally();
		expect(() => {
			tally.push(encoder.encode('a,b\n1,2\n3\n'));
			tally.end();
		}).toThrow(new CsvFormatError('CSV line 3 has 1 values but the header has 2 columns', 3));
	});

	test('an unclosed quote at the end fails at end()', () => {
		const tally = new CsvTally();
		tally.push(encoder.encode('a,b\n1,"open\n'));
		expect(() => tally.end()).toThrow(/CSV line 2 has a quoted field that is never closed/);
	});
});

function downloadOf(chunks: Uint8Array[]): ObservableDownload {
	return Readable.from(chunks.map((chunk) => Buffer.from(chunk)), { objectMode: false }) as unknown as ObservableDownload;
}

function binaryFor(bytes: Buffer, fileName: string, mimeType: string): IBinaryData {
	return { data: 'filesystem-v2', mimeType, fileName, bytes: bytes.length, id: `filesystem-v2:${createHash('sha256').update(bytes).digest('hex')}` };
}

/** Stores the way n8n's three kinds of store consume a stream, each starting a little late. */
const STORES: Record<string, () => BinaryStore & { stored?: Buffer }> = {
	'async iteration (filesystem: fs.writeFile)': () => {
		const store: BinaryStore & { stored?: Buffer } = {
			store: async (body, fileName, mimeType) => {
				await new Promise((resolve) => setTimeout(resolve, 10));
				const parts: Buffer[] = [];
				for await (const chunk of body) parts.push(Buffer.from(chunk as Uint8Array));
				store.stored = Buffer.concat(parts);
				return binaryFor(store.stored, fileName, mimeType);
			},
		};
		return store;
	},
	"'data' events (memory mode: streamToBuffer)": () => {
		const store: BinaryStore & { stored?: Buffer } = {
			store: async (body, fileName, mimeType) => {
				await new Promise((resolve) => setTimeout(resolve, 10));
				const readable = body as unknown as Readable;
				const parts: Buffer[] = [];
				await new Promise<void>((resolve, reject) => {
					readable.on('data', (chunk: Buffer) => parts.push(chunk));
					readable.once('end', resolve);
					readable.once('error', reject);
				});
				store.stored = Buffer.concat(parts);
				return binaryFor(store.stored, fileName, mimeType);
			},
		};
		return store;
	},
	'pipe (S3 uploads)': () => {
		const store: BinaryStore & { stored?: Buffer } = {
			store: async (body, fileName, mimeType) => {
				await new Promise((resolve) => setTimeout(resolve, 10));
				const through = new PassThrough();
				(body as unknown as Readable).on('error', (error) => through.destroy(error)).pipe(through);
				const parts: Buffer[] = [];
				for await (const chunk of through) parts.push(chunk as Buffer);
				store.stored = Buffer.concat(parts);
				return binaryFor(store.stored, fileName, mimeType);
			},
		};
		return store;
	},
};

describe('storeCsv: one download, stored whole and read on the way', () => {
	const bytes = encoder.encode(SAMPLE);

	test.each(Object.keys(STORES))('%s', async (kind) => {
		const store = STORES[kind]();
		const stored = await storeCsv(store, downloadOf(pieces(bytes, 5)), 'report.csv');
		expect(store.stored).toEqual(Buffer.from(bytes));
		expect(stored.rowCount).toBe(3);
		expect(stored.byteCount).toBe(bytes.byteLength);
		expect(stored.columns).toEqual(['call_id', 'name', 'categories']);
		expect(stored.binary.fileName).toBe('report.csv');
		expect(stored.binary.mimeType).toBe('text/csv');
	});

	test.each(Object.keys(STORES))("a malformed row stops the store and fails with the parser's line (%s)", async (kind) => {
		const store = STORES[kind]();
		const ragged = encoder.encode(`a,b\n1,2\n3\n${'4,5\n'.repeat(10_000)}`);
		await expect(storeCsv(store, downloadOf(pieces(ragged, 4)), 'bad.csv')).rejects.toThrow(
			new CsvFormatError('CSV line 3 has 1 values but the header has 2 columns', 3),
		);
		expect(store.stored).toBeUndefined();
	});

	test('a download that breaks off fails with the download error', async () => {
		const body = new PassThrough();
		body.write('a,b\n1,2\n');
		setTimeout(() => body.destroy(new Error('socket hang up')), 20);
		await expect(storeCsv(STORES['async iteration (filesystem: fs.writeFile)'](), body as unknown as ObservableDownload, 'x.csv')).rejects.toThrow(
			'socket hang up',
		);
	});

	test('a store that read bytes the parser never saw is refused rather than trusted', async () => {
		const readEarly: BinaryStore = {
			store: async (_body, fileName, mimeType) => binaryFor(Buffer.from(bytes), fileName, mimeType),
		};
		await expect(storeCsv(readEarly, downloadOf([bytes]), 'x.csv')).rejects.toThrow(/file check saw 0 of the \d+ bytes/);
	});
});

describe('file name and facts', () => {
	const callCenter: StatsRequestBody = {
		export_type: 'records',
		stat_type: 'calls',
		days_ago_start: 1,
		days_ago_end: 23,
		timezone: 'America/New_York',
		target_type: 'callcenter',
		target_id: '5234567890123456',
	};
	// 2026-11-24 03:30 UTC is still 2026-11-23 in New York.
	const nowMs = Date.UTC(2026, 10, 24, 3, 30);

	test.each<[string, StatsRequestBody, string]>([
		['a call center, 23 days', callCenter, 'dialpad-records-calls-callcenter-5234567890123456-2026-10-31_2026-11-22.csv'],
		[
			'an office, yesterday',
			{ export_type: 'records', stat_type: 'onduty', days_ago_start: 1, days_ago_end: 1, timezone: 'UTC', office_id: '42' },
			'dialpad-records-onduty-office-42-2026-11-23_2026-11-23.csv',
		],
		[
			'the whole company, stats by date, today',
			{ export_type: 'stats', stat_type: 'calls', is_today: true, timezone: 'Asia/Tokyo', group_by: 'date' },
			'dialpad-stats-calls-by-date-company-2026-11-24_2026-11-24.csv',
		],
	])('%s', (_why, request, expected) => {
		expect(csvFileName(request, periodDays(request, nowMs))).toBe(expected);
	});

	test('the facts: request, target, the days and zone, rows, bytes, columns', () => {
		const days = periodDays(callCenter, nowMs);
		const binary = binaryFor(Buffer.from('x'), 'f.csv', 'text/csv');
		expect(
			csvFileFacts('req-1', callCenter, days, { binary, rowCount: 12, byteCount: 3456, columns: ['a', 'b'], invalidUtf8: null }, 'f.csv'),
		).toEqual({
			requestId: 'req-1',
			exportType: 'records',
			statType: 'calls',
			targetType: 'callcenter',
			targetId: '5234567890123456',
			officeId: null,
			firstDay: '2026-10-31',
			lastDay: '2026-11-22',
			timezone: 'America/New_York',
			fileName: 'f.csv',
			rowCount: 12,
			byteCount: 3456,
			columns: ['a', 'b'],
		});
	});
});
