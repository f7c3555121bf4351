/**
 * `npm run bench [-- --rows N]`: throughput and memory of the CSV reader and the row typer on a
 * realistic 54-column records/calls export (default 1,000,000 rows, 64 KiB chunks), with papaparse
 * (streaming mode, same bytes) as the yardstick. Prints figures; never asserts on timing.
 */
import { runDialpadStats } from '../test/engine/harness';
import { listCallCenters, startSimulator } from '../test/simulator';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import Papa from 'papaparse';

import { createRowTyper } from '../nodes/DialpadStats/report/columns';
import { CsvParser, readCsvTable } from '../nodes/DialpadStats/report/csv';
import { benchCsv, type BenchCsv } from './bench-data';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CHUNK_BYTES = 64 * 1024;
const MB = 1024 * 1024;

function argument(name: string, fallback: number): number {
	const at = process.argv.indexOf(name);
	if (at === -1) return fallback;
	const value = Number(process.argv[at + 1]);
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
	return value;
}

async function* asAsync(chunks: Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
	for (const chunk of chunks) yield chunk;
}

interface Run {
	label: string;
	rows: number;
	seconds: number;
}

function describe(run: Run, csv: BenchCsv): string {
	const rowsPerSecond = run.rows / run.seconds;
	const mbPerSecond = csv.bytes / MB / run.seconds;
	return `${run.label.padEnd(46)} ${run.seconds.toFixed(2).padStart(6)} s  ${Math.round(rowsPerSecond).toLocaleString('en-US').padStart(10)} rows/s  ${mbPerSecond.toFixed(1).padStart(6)} MB/s`;
}

async function timed(label: string, body: () => Promise<number>): Promise<Run> {
	gc();
	const start = process.hrtime.bigint();
	const rows = await body();
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	return { label, rows, seconds };
}

async function ourParser(csv: BenchCsv): Promise<number> {
	const table = await readCsvTable(asAsync(csv.chunks(CHUNK_BYTES)));
	let rows = 0;
	for await (const batch of table!.rows) rows += batch.length;
	return rows;
}

async function ourSyncParser(csv: BenchCsv): Promise<number> {
	const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
	const parser = new CsvParser();
	let rows = 0;
	for (const chunk of csv.chunks(CHUNK_BYTES)) rows += parser.push(decoder.decode(chunk, { stream: true })).length;
	rows += parser.push(decoder.decode()).length + parser.end().length;
	return rows - 1; // header
}

function papaparseStream(csv: BenchCsv): Promise<number> {
	return new Promise((resolve, reject) => {
		let rows = 0;
		const buffers = (function* () {
			for (const chunk of csv.chunks(CHUNK_BYTES)) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		})();
		Papa.parse(Readable.from(buffers, { objectMode: false }), {
			skipEmptyLines: true,
			chunk: (results: Papa.ParseResult<string[]>) => {
				rows += results.data.length;
			},
			complete: () => resolve(rows - 1), // header
			error: (error: Error) => reject(error),
		});
	});
}

interface MemoryRun extends Run {
	baseHeapMb: number;
	baseRssMb: number;
	peakHeapDeltaMb: number;
	peakRssDeltaMb: number;
	endHeapDeltaMb: number;
}

/** Parser + typing, items dropped as they come (as a streaming consumer would), memory sampled. */
async function parseAndType(csv: BenchCsv, label: string, typeValues: boolean): Promise<MemoryRun> {
	gc();
	const base = process.memoryUsage();
	let peakHeap = base.heapUsed;
	let peakRss = base.rss;
	let sink = 0;
	const run = await timed(label, async () => {
		const table = await readCsvTable(asAsync(csv.chunks(CHUNK_BYTES)));
		const typeRow = createRowTyper(table!.header, { typeValues, timezone: 'America/New_York' });
		let rows = 0;
		let batches = 0;
		for await (const batch of table!.rows) {
			for (const row of batch) {
				const item = typeRow(row.values);
				if (item.is_internal === true) sink++;
			}
			rows += batch.length;
			if (++batches % 8 === 0) {
				const memory = process.memoryUsage();
				if (memory.heapUsed > peakHeap) peakHeap = memory.heapUsed;
				if (memory.rss > peakRss) peakRss = memory.rss;
			}
		}
		return rows;
	});
	const end = process.memoryUsage();
	if (sink < 0) console.log(sink);
	return {
		...run,
		baseHeapMb: base.heapUsed / MB,
		baseRssMb: base.rss / MB,
		peakHeapDeltaMb: (peakHeap - base.heapUsed) / MB,
		peakRssDeltaMb: (peakRss - base.rss) / MB,
		endHeapDeltaMb: (end.heapUsed - base.heapUsed) / MB,
	};
}

async function main(): Promise<void> {
	const rows = argument('--rows', 1_000_000);
	const generated = Date.now();
	const csv = benchCsv(rows);
	console.log(
		`records/calls CSV: ${rows.toLocaleString('en-US')} rows x 54 columns, ${(csv.bytes / MB).toFixed(1)} MB, ` +
			`${CHUNK_BYTES / 1024} KiB chunks (block generated in ${Date.now() - generated} ms); Node ${process.version}`,
	);
	console.log('');

	// Warm-up, so the first measured run is not also the JIT's first sight of the code.
	const warm = benchCsv(Math.min(rows, 20_000));
	await ourParser(warm);
	await papaparseStream(warm);
	await parseAndType(warm, 'warm-up', true);

	const ours = await timed('ours: readCsvTable (decode + parse, async)', () => ourParser(csv));
	const oursSync = await timed('ours: CsvParser.push (decode + parse, sync)', () => ourSyncParser(csv));
	const papa = await timed('papaparse 5.7.1: Node stream, chunk callback', () => papaparseStream(csv));
	for (const run of [ours, oursSync, papa]) {
		if (run.rows !== rows) throw new Error(`${run.label} saw ${run.rows} rows, expected ${rows}`);
		console.log(describe(run, csv));
	}
	console.log(`ratio ours/papaparse (rows/s): ${(papa.seconds / ours.seconds).toFixed(2)}x async, ${(papa.seconds / oursSync.seconds).toFixed(2)}x sync`);
	console.log('');

	const untyped = await parseAndType(csv, 'parse + items, typeValues off', false);
	const typed = await parseAndType(csv, 'parse + items, typeValues on (America/New_York)', true);
	for (const run of [untyped, typed]) {
		console.log(describe(run, csv));
	}
	const cells = rows * 54;
	console.log(
		`typing cost: ${(((typed.seconds - untyped.seconds) / cells) * 1e9).toFixed(1)} ns per cell ` +
			`(${(cells / 1e6).toFixed(0)}M cells); parse + typing is ${(papa.seconds / typed.seconds).toFixed(2)}x papaparse's parse-only rate`,
	);
	console.log('');
	console.log('memory while streaming, rows not kept (deltas over the baseline after a GC):');
	for (const run of [untyped, typed]) {
		console.log(
			`  ${run.label.padEnd(48)} peak heap +${run.peakHeapDeltaMb.toFixed(1)} MB, peak RSS +${run.peakRssDeltaMb.toFixed(1)} MB, heap at end +${run.endHeapDeltaMb.toFixed(1)} MB ` +
				`(baseline heap ${run.baseHeapMb.toFixed(0)} MB, RSS ${run.baseRssMb.toFixed(0)} MB)`,
		);
	}
	console.log('');
	await nodeInEngine(argument('--node-rows', 200_000));
}

/**
 * The whole path a user runs: the node inside n8n-core's engine, n8n's HTTP helper streaming the
 * simulator's download into the parser, every item kept (n8n needs them all). The simulator's own
 * CSV generation shares the CPU, so this is a floor, not the parser's speed.
 */
async function nodeInEngine(rows: number): Promise<void> {
	const sim = await startSimulator({ processingSeconds: 0 });
	try {
		const [{ id: callCenterId }] = await listCallCenters(sim);
		sim.faults.setRowCount(rows);
		global.gc?.();
		const baseRss = process.memoryUsage().rss;
		let peakRss = baseRss;
		const sampler = setInterval(() => {
			peakRss = Math.max(peakRss, process.memoryUsage().rss);
		}, 50);
		const startedMs = Date.now();
		const result = await runDialpadStats({
			parameters: {
				exportType: 'records',
				statType: 'calls',
				targetType: 'callcenter',
				targetId: { __rl: true, mode: 'id', value: callCenterId },
				period: 'yesterday',
				timezone: 'America/New_York',
				options: { initialDelay: 0, pollInterval: 5, maxWait: 600 },
			},
			credentials: { apiKey: sim.apiKey, environment: 'custom', baseUrl: sim.baseUrl },
		});
		const seconds = (Date.now() - startedMs) / 1000;
		clearInterval(sampler);
		if (result.error) throw new Error(`node run failed: ${result.error.message}`);
		if (result.items.length !== rows) throw new Error(`node gave ${result.items.length} items, expected ${rows}`);
		const downloadedBytes = Number(sim.log.find((entry) => entry.server === 'storage')?.headers['content-length'] ?? 0);
		console.log(
			`node in n8n's engine, ${rows.toLocaleString('en-US')} rows from the simulator (POST, poll, download, parse, type, keep items): ` +
				`${seconds.toFixed(2)} s, ${Math.round(rows / seconds).toLocaleString('en-US')} rows/s, ` +
				`peak RSS +${((peakRss - baseRss) / MB).toFixed(0)} MB (${((peakRss - baseRss) / rows).toFixed(0)} bytes per kept item)` +
				(downloadedBytes ? `, ${(downloadedBytes / MB).toFixed(1)} MB CSV` : ''),
		);
	} finally {
		await sim.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
