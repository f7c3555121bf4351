/**
 * A big export in real n8n (2.40.7) with a small heap: `NODE_OPTIONS=--max-old-space-size=384`,
 * n8n's binary data in `filesystem` mode (set explicitly, it is also n8n 2.x's default in regular mode).
 *
 * - CSV File: a 1,000,000-row records/calls export (about 500 MB) goes from the simulator through the
 *   Dialpad Stats node into n8n's binary data store and on to a Read/Write Files node that writes it
 *   to a temporary folder (the only folder this n8n may touch: N8N_RESTRICT_FILE_ACCESS_TO). The file
 *   written must be the simulator's CSV, byte for byte: same SHA-256, same size, same record count,
 *   which is also the node's `rowCount`.
 * - One Item per Row: the same export under the same heap must not succeed (n8n holds every item;
 *   it stops with "JavaScript heap out of memory" or fails the execution).
 *
 * `BIG_EXPORT_ROWS=200000` runs it smaller (e.g. on a slow machine); the default is 1,000,000.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';

import { listCallCenters, startSimulator, type Simulator } from '../stand-ins/dialpad/index';
import {
	N8nInstance,
	dialpadStats,
	ensureN8n,
	exportPosts,
	manualTrigger,
	nodeItems,
	nodeJson,
	requestIdOf,
	workflow,
	type ExecutionOutcome,
	type Json,
	type WorkflowNode,
} from '../support/n8n/index';
import { StepTimer, buildAndPackOnce, removePackedTarball } from './harness';
import { GOOD_CREDENTIAL, callRecords, credentials } from './workflows';

const ROWS = Number(process.env.BIG_EXPORT_ROWS ?? 1_000_000);
const HEAP_MB = 384;
const TZ_FILE = 'America/Halifax';
const TZ_ITEMS = 'America/Regina';
const WF_FILE = '201';
const WF_ITEMS = '202';

const timer = new StepTimer();
let sim: Simulator;
let n8n: N8nInstance;
let outDir: string;
let fileRun: ExecutionOutcome & { ms: number };
let itemsRun: (ExecutionOutcome & { ms: number; code: number | null; signal: NodeJS.Signals | null }) | undefined;

/** SHA-256, byte count and CSV record count (line ends outside quotes) of a byte stream. */
async function digest(stream: AsyncIterable<Uint8Array>): Promise<{ sha256: string; bytes: number; records: number }> {
	const hash = createHash('sha256');
	let bytes = 0;
	let records = 0;
	let quoted = false;
	let last = 0;
	for await (const chunk of stream) {
		hash.update(chunk);
		bytes += chunk.length;
		for (let i = 0; i < chunk.length; i++) {
			const byte = chunk[i];
			if (byte === 0x22) quoted = !quoted;
			else if (byte === 0x0a && !quoted) records++;
		}
		if (chunk.length > 0) last = chunk[chunk.length - 1];
	}
	if (bytes > 0 && last !== 0x0a) records++; // a last record without a line end
	return { sha256: hash.digest('hex'), bytes, records };
}

/** The simulator's CSV for a request id, fetched again through its own API (the link the node got). */
async function simulatorCsv(requestId: string): Promise<AsyncIterable<Uint8Array>> {
	const poll = await fetch(`${sim.baseUrl}/api/v2/stats/${requestId}`, { headers: { authorization: `Bearer ${sim.apiKey}` } });
	const body = (await poll.json()) as { status: string; download_url?: string };
	if (body.status !== 'complete' || !body.download_url) throw new Error(`export ${requestId}: ${JSON.stringify(body)}`);
	const download = await fetch(body.download_url);
	if (!download.ok || !download.body) throw new Error(`download of ${requestId} answered ${download.status}`);
	return Readable.fromWeb(download.body as import('node:stream/web').ReadableStream<Uint8Array>);
}

/** The big export as a file or as items; a generous Max Wait (the download is 470 MB). */
function recordsOfOneCallCenter(callCenterId: string, timezone: string, output: 'file' | 'items'): Json {
	return callRecords(callCenterId, timezone, { output, options: { initialDelay: 0, pollInterval: 5, maxWait: 900 } });
}

function writeFileNode(name: string, folder: string): WorkflowNode {
	return {
		id: '00000000-0000-4000-8000-0000000b1c01',
		name,
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1.1,
		position: [0, 0],
		parameters: {
			operation: 'write',
			fileName: `=${folder}/{{ $json.fileName }}`,
			dataPropertyName: 'data',
			options: {},
		},
	};
}

beforeAll(async () => {
	await timer.time('ensure n8n (install-n8n.sh)', () => ensureN8n());
	outDir = await mkdtemp(path.join(os.tmpdir(), 'n8n-dialpad-big-export-'));
	n8n = await N8nInstance.create({
		extraEnv: {
			NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			// Read/Write Files may write here and nowhere else (n8n's own files stay blocked).
			N8N_RESTRICT_FILE_ACCESS_TO: outDir,
			N8N_BLOCK_FILE_ACCESS_TO_N8N_FILES: 'true',
		},
	});
	sim = await startSimulator({ processingSeconds: 0 });
	const [callCenter] = await listCallCenters(sim);
	const packed = await buildAndPackOnce(timer);
	await timer.time('n8n import:credentials', () => n8n.importCredentials(credentials(sim.baseUrl, sim.apiKey)));
	await timer.time('install the tarball', () => n8n.installPackage(packed));
	await timer.time('n8n import:workflow (2)', () =>
		n8n.importWorkflows([
			workflow(
				WF_FILE,
				`Big export: ${ROWS} rows as a CSV file, written to disk`,
				[
					manualTrigger(),
					dialpadStats('Dialpad Stats', recordsOfOneCallCenter(callCenter.id, TZ_FILE, 'file'), GOOD_CREDENTIAL),
					writeFileNode('Write CSV', outDir),
				],
				[
					['Start', 'Dialpad Stats'],
					['Dialpad Stats', 'Write CSV'],
				],
			),
			workflow(
				WF_ITEMS,
				`Big export: ${ROWS} rows as items`,
				[manualTrigger(), dialpadStats('Dialpad Stats', recordsOfOneCallCenter(callCenter.id, TZ_ITEMS, 'items'), GOOD_CREDENTIAL)],
				[['Start', 'Dialpad Stats']],
			),
		]),
	);
	sim.faults.setRowCount(ROWS);
	fileRun = await timer.time(`n8n execute: CSV File, ${ROWS} rows, heap ${HEAP_MB} MB`, () =>
		n8n.execute(WF_FILE, { timeoutMs: 8 * 60_000 }),
	);
	console.log(`big export e2e (n8n ${n8n.runtime.version}, user folder ${n8n.userFolder}):\n${timer.report()}`);
}, 15 * 60_000);

afterAll(async () => {
	await sim?.close();
	if (n8n && !process.env.KEEP_E2E) await n8n.dispose();
	if (outDir && !process.env.KEEP_E2E) await rm(outDir, { recursive: true, force: true });
	await removePackedTarball();
});

describe(`a ${ROWS.toLocaleString('en-US')}-row export under --max-old-space-size=${HEAP_MB}`, () => {
	test('CSV File: the workflow succeeds and Read/Write Files writes the whole CSV, byte for byte', async () => {
		if (fileRun.status !== 'success' || !fileRun.run) {
			throw new Error(`the CSV File workflow ended "${fileRun.status}": ${fileRun.error ?? '(no error text)'}`);
		}
		const run = fileRun.run;
		const [item] = nodeItems(run, 'Dialpad Stats');
		expect(nodeItems(run, 'Dialpad Stats')).toHaveLength(1);
		const json = item.json as { rowCount: number; byteCount: number; fileName: string; requestId: string; columns: string[] };
		const binary = (item as { binary?: Record<string, { id?: string; fileSize?: string; mimeType?: string }> }).binary?.data;
		expect(json.rowCount).toBe(ROWS);
		expect(json.columns.length).toBeGreaterThan(40);
		// Stored by n8n's filesystem binary data manager (the id names the mode), not held in the execution.
		expect(binary?.id).toMatch(/^filesystem/);
		expect(binary?.mimeType).toMatch(/^text\/csv/);
		expect(nodeJson(run, 'Write CSV')).toHaveLength(1);

		const [post] = exportPosts(sim.log, { timezone: TZ_FILE });
		expect(requestIdOf(post)).toBe(json.requestId);
		expect(await readdir(outDir)).toEqual([json.fileName]);
		const written = path.join(outDir, json.fileName);
		const [onDisk, served] = await Promise.all([digest(createReadStream(written)), simulatorCsv(json.requestId).then(digest)]);
		console.log(
			`CSV File, ${ROWS.toLocaleString('en-US')} rows: n8n execute ${(fileRun.ms / 1000).toFixed(1)} s (boot included); ` +
				`written file ${(onDisk.bytes / 1024 / 1024).toFixed(1)} MB, ${onDisk.records - 1} rows, sha256 ${onDisk.sha256}`,
		);
		expect((await stat(written)).size).toBe(served.bytes);
		expect(onDisk.bytes).toBe(json.byteCount);
		expect(onDisk.records).toBe(ROWS + 1); // the header, then one record per row
		expect(served.records).toBe(ROWS + 1);
		expect(onDisk.sha256).toBe(served.sha256);
	}, 5 * 60_000);

	test('One Item per Row: the same export does not succeed under that heap', async () => {
		sim.faults.setRowCount(ROWS);
		itemsRun = await timer.time(`n8n execute: One Item per Row, ${ROWS} rows, heap ${HEAP_MB} MB`, () =>
			n8n.execute(WF_ITEMS, { timeoutMs: 8 * 60_000 }),
		);
		const text = itemsRun.error ?? '';
		const outOfMemory = /heap out of memory|Allocation failed/i.test(text);
		console.log(
			`One Item per Row, ${ROWS.toLocaleString('en-US')} rows: ${itemsRun.status} after ${(itemsRun.ms / 1000).toFixed(1)} s ` +
				`(exit ${itemsRun.code ?? itemsRun.signal}${outOfMemory ? ', JavaScript heap out of memory' : ''}): ${text.split('\n').slice(-3).join(' | ').slice(0, 400)}`,
		);
		expect(exportPosts(sim.log, { timezone: TZ_ITEMS }).length).toBeGreaterThan(0);
		expect(itemsRun.status).not.toBe('success');
	}, 9 * 60_000);
});
