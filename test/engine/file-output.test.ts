/** Output: CSV File inside n8n's engine, binary data in filesystem mode (n8n 2.x's default). */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { BinaryDataService } from 'n8n-core';
import type { IBinaryData, INodeParameters } from 'n8n-workflow';
import Papa from 'papaparse';

import { buildCompany, startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import { localNow } from '../stand-ins/dialpad/csv/spec';
import { callCenterIds, credentialsFor, downloads, idLocator, polls, reportParameters } from '../support/engine/fixtures';
import { runDialpadStats, useFilesystemBinaryData } from '../support/engine/harness';

let sim: Simulator;
let callCenters: string[];
let storagePath: string;
let binaryData: BinaryDataService;

beforeAll(async () => {
	storagePath = mkdtempSync(path.join(tmpdir(), 'dialpad-binary-'));
	binaryData = await useFilesystemBinaryData(storagePath);
	sim = await startSimulator({ processingSeconds: 0 });
	callCenters = await callCenterIds(sim);
});
afterAll(async () => {
	await sim.close();
	rmSync(storagePath, { recursive: true, force: true });
});
beforeEach(() => sim.reset());

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function fileParameters(overrides: INodeParameters = {}) {
	return reportParameters({
		targetType: 'callcenter',
		targetId: idLocator(callCenters[0]),
		period: 'last7Days',
		output: 'file',
		...overrides,
	});
}

function requestIdOfRun(): string {
	const id = polls(sim)[0]?.requestId ?? downloads(sim)[0]?.requestId;
	if (!id) throw new Error('no request id in the simulator log');
	return id;
}

function daysBefore(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

test('one item per report: the stored file is byte for byte the CSV Dialpad sent, on disk, with the facts', async () => {
	const result = await runDialpadStats({ parameters: fileParameters(), credentials: credentialsFor(sim) });
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1);
	const [item] = result.items;
	expect(item.pairedItem).toEqual({ item: 0 });

	const requestId = requestIdOfRun();
	const served = sim.csvFor(requestId);
	const binary = item.binary?.data as IBinaryData;
	expect(binary.mimeType).toBe('text/csv');
	expect(binary.id).toMatch(/^filesystem(-v2)?:/);
	const filePath = binaryData.getPath(binary.id!);
	expect(filePath.startsWith(storagePath)).toBe(true);
	expect(existsSync(filePath)).toBe(true);
	const onDisk = readFileSync(filePath);
	expect(sha256(onDisk)).toBe(sha256(Buffer.from(served, 'utf8')));
	expect(binary.bytes).toBe(onDisk.length);

	const parsed = Papa.parse<string[]>(served.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
	const today = localNow(new Date(), 'America/New_York').date;
	const firstDay = daysBefore(today, 7);
	const lastDay = daysBefore(today, 1);
	const fileName = `dialpad-records-calls-callcenter-${callCenters[0]}-${firstDay}_${lastDay}.csv`;
	expect(binary.fileName).toBe(fileName);
	expect(item.json).toEqual({
		requestId,
		exportType: 'records',
		statType: 'calls',
		targetType: 'callcenter',
		targetId: callCenters[0],
		officeId: null,
		firstDay,
		lastDay,
		timezone: 'America/New_York',
		fileName,
		rowCount: parsed.length - 1,
		byteCount: onDisk.length,
		columns: parsed[0],
	});
	expect(parsed.length - 1).toBeGreaterThan(0);
});

test('a large export (20,000 rows) is stored whole and counted exactly', async () => {
	sim.faults.setRowCount(20_000);
	const result = await runDialpadStats({ parameters: fileParameters({ period: 'yesterday' }), credentials: credentialsFor(sim) });
	expect(result.error).toBeUndefined();
	const binary = result.items[0].binary?.data as IBinaryData;
	const onDisk = readFileSync(binaryData.getPath(binary.id!));
	expect(sha256(onDisk)).toBe(sha256(Buffer.from(sim.csvFor(requestIdOfRun()), 'utf8')));
	expect(result.items[0].json.rowCount).toBe(20_000);
	expect(result.items[0].json.byteCount).toBe(onDisk.length);
});

/** An office of the simulator's company (default seed 1), as Dialpad's office list shows it. */
function firstOfficeId(): string {
	return buildCompany(1).offices[0].id;
}

test('the whole company for an office, stats by date: the name and facts say so', async () => {
	const officeId = firstOfficeId();
	const result = await runDialpadStats({
		parameters: reportParameters({
			exportType: 'stats',
			statType: 'calls',
			groupBy: 'date',
			targetType: 'none',
			officeId: idLocator(officeId),
			period: 'yesterday',
			timezone: 'Europe/Berlin',
			output: 'file',
		}),
		credentials: credentialsFor(sim),
	});
	expect(result.error).toBeUndefined();
	const yesterday = daysBefore(localNow(new Date(), 'Europe/Berlin').date, 1);
	const json = result.items[0].json;
	expect(json).toMatchObject({ exportType: 'stats', statType: 'calls', groupBy: 'date', targetType: 'none', targetId: null });
	expect(json.officeId).toBe(officeId);
	expect(json.firstDay).toBe(yesterday);
	expect(json.lastDay).toBe(yesterday);
	expect((result.items[0].binary?.data as IBinaryData).fileName).toBe(
		`dialpad-stats-calls-by-date-office-${officeId}-${yesterday}_${yesterday}.csv`,
	);
	expect((json.columns as string[])[0]).toBe('date');
});

test("a malformed CSV fails with the parser's line, as it does for items", async () => {
	sim.faults.malformedNextCsv();
	const asFile = await runDialpadStats({ parameters: fileParameters(), credentials: credentialsFor(sim) });
	sim.reset();
	sim.faults.malformedNextCsv();
	const asItems = await runDialpadStats({ parameters: fileParameters({ output: 'items' }), credentials: credentialsFor(sim) });
	expect(asFile.items).toEqual([]);
	expect(asFile.error?.message).toMatch(/^Dialpad's report file \(request .+\) is not valid CSV: CSV line 2 has 53 values but the header has 54 columns \[item 0\]$/);
	expect(asFile.error?.message.replace(/request [^)]+/, '')).toBe(asItems.error?.message.replace(/request [^)]+/, ''));
});

test('a download that breaks off is fetched again and the second copy is stored whole', async () => {
	sim.faults.breakNextDownload();
	const result = await runDialpadStats({ parameters: fileParameters(), credentials: credentialsFor(sim) });
	expect(result.error).toBeUndefined();
	expect(downloads(sim)).toHaveLength(2);
	expect(downloads(sim).every((download) => !download.hasAuthorization)).toBe(true);
	const binary = result.items[0].binary?.data as IBinaryData;
	const onDisk = readFileSync(binaryData.getPath(binary.id!));
	expect(sha256(onDisk)).toBe(sha256(Buffer.from(sim.csvFor(requestIdOfRun()), 'utf8')));
});

test('a storage host refusing the download fails as it does for items, and continueOnFail gives an error item', async () => {
	sim.faults.failNext({ status: 503, route: 'download', count: 2 });
	const failed = await runDialpadStats({ parameters: fileParameters(), credentials: credentialsFor(sim) });
	sim.reset();
	sim.faults.failNext({ status: 503, route: 'download', count: 2 });
	const asItems = await runDialpadStats({ parameters: fileParameters({ output: 'items' }), credentials: credentialsFor(sim) });
	expect(failed.error?.message).toBeDefined();
	expect(failed.error?.message).toBe(asItems.error?.message);
	sim.reset();
	sim.faults.failNext({ status: 503, route: 'download', count: 2 });
	const continued = await runDialpadStats({ parameters: fileParameters(), credentials: credentialsFor(sim), continueOnFail: true });
	expect(continued.items).toHaveLength(1);
	expect(continued.items[0].binary).toBeUndefined();
	expect(continued.items[0].json.error).toBe(failed.error?.message);
});

test('a period of past days and today is two exports: two files, past days first, each exactly as served', async () => {
	const result = await runDialpadStats({
		parameters: fileParameters({ period: 'last7Days', includeToday: true }),
		credentials: credentialsFor(sim),
	});
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(2);
	const today = localNow(new Date(), 'America/New_York').date;
	const [past, live] = result.items.map((item) => item.json);
	expect([past.firstDay, past.lastDay]).toEqual([daysBefore(today, 6), daysBefore(today, 1)]);
	expect([live.firstDay, live.lastDay]).toEqual([today, today]);
	for (const item of result.items) {
		expect(item.pairedItem).toEqual({ item: 0 });
		const binary = item.binary?.data as IBinaryData;
		const onDisk = readFileSync(binaryData.getPath(binary.id!));
		expect(sha256(onDisk)).toBe(sha256(Buffer.from(sim.csvFor(String(item.json.requestId)), 'utf8')));
	}
});
