/**
 * `npm run bench [-- --rows N] [-- --only parser,engine,file,columns,batch] [-- --batch-sizes 1,5,20,50]`:
 * - parser: throughput and memory of the CSV reader and the row typer on a realistic 54-column
 *   records/calls export (default 1,000,000 rows, 64 KiB chunks), with papaparse (streaming mode,
 *   same bytes) as the yardstick;
 * - engine: the node in n8n-core's engine downloading a big report from the simulator (`--node-rows`);
 * - file, columns: big exports as a CSV File (10k-1M rows) and with 8 of 54 columns (tools/bench-big.ts);
 * - batch: N reports in one execution (one input item per target), wall time and requests;
 * - trigger: Dialpad Trigger's dedupe memory at 100k calls, and in a real n8n the send -> execution
 *   start latency and the events a second held with none lost (tools/bench-trigger.ts;
 *   `--trigger-events 200`, `--trigger-rates 5,10,20,50`, `--trigger-queue` adds queue mode).
 * Without --only every section runs. Prints figures; never asserts on timing.
 */
import { runDialpadStats } from '../test/support/engine/harness';
import { buildCompany, listCallCenters, startSimulator, type Simulator } from '../test/stand-ins/dialpad/index';
import { isDownload, isExportPost, isPoll } from '../test/support/n8n/simulator-log';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import Papa from 'papaparse';

import { createRowTyper } from '../nodes/shared/report/rows/typing';
import { CsvParser } from '../nodes/shared/report/csv/reader';
import { readCsvTable } from '../nodes/shared/report/csv/table';
import { columnsSection, fileOutputSection } from './bench-big';
import { dedupeMemorySection, triggerSection } from './bench-trigger';
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

const SECTIONS = ['parser', 'engine', 'file', 'columns', 'batch', 'trigger'] as const;
type Section = (typeof SECTIONS)[number];

/** `--only parser,batch` (or `--only batch`): the sections to run; all of them without the flag. */
function chosenSections(): Set<Section> {
	const at = process.argv.indexOf('--only');
	if (at === -1) return new Set(SECTIONS);
	const names = (process.argv[at + 1] ?? '').split(',').map((name) => name.trim()).filter(Boolean);
	const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
	if (names.length === 0 || unknown.length > 0) {
		throw new Error(`--only needs one or more of ${SECTIONS.join(', ')} (comma-separated), got "${process.argv[at + 1] ?? ''}"`);
	}
	return new Set(names as Section[]);
}

/** `--batch-sizes 1,5,20,50`: the report counts of the batch section. */
function batchSizes(): number[] {
	const at = process.argv.indexOf('--batch-sizes');
	if (at === -1) return [1, 5, 20, 50];
	const sizes = (process.argv[at + 1] ?? '').split(',').map(Number);
	if (sizes.length === 0 || sizes.some((size) => !Number.isInteger(size) || size < 1)) {
		throw new Error('--batch-sizes needs positive integers separated by commas, e.g. 1,5,20,50');
	}
	return sizes;
}

async function main(): Promise<void> {
	const sections = chosenSections();
	if (sections.has('parser')) await parserSection();
	if (sections.has('engine')) {
		await nodeInEngine(argument('--node-rows', 200_000));
		console.log('');
	}
	if (sections.has('file')) await fileOutputSection(gc);
	if (sections.has('columns')) await columnsSection(gc);
	if (sections.has('batch')) await manyReports(batchSizes());
	if (sections.has('trigger')) {
		dedupeMemorySection(gc);
		const rates = (process.argv[process.argv.indexOf('--trigger-rates') + 1] ?? '').split(',').map(Number);
		await triggerSection({
			events: argument('--trigger-events', 200),
			queue: process.argv.includes('--trigger-queue'),
			rates: process.argv.includes('--trigger-rates') && rates.every((rate) => rate > 0) ? rates : [5, 10, 20, 50],
		});
	}
}

async function parserSection(): Promise<void> {
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

/** One report's target, as an input item carries it. */
interface BatchTarget {
	targetType: string;
	targetId: string;
	name: string;
	/** Days ago (start = end): 1 = yesterday; later rounds over the same targets go further back. */
	daysAgo: number;
}

/**
 * `count` input items, each a different report: the company's call centers first, then its
 * departments, offices, rooms, coaching teams and active users (the simulator's company has 5 call
 * centers, 40 such targets in all); past that, the same targets again for the day before, and so on.
 * So no two items ask Dialpad the same thing, and the first 5 are exactly the call centers.
 */
function batchTargets(seed: number, count: number): BatchTarget[] {
	const company = buildCompany(seed);
	const pool: Array<Omit<BatchTarget, 'daysAgo'>> = [
		...company.callCenters.map((c) => ({ targetType: 'callcenter', targetId: c.id, name: c.name })),
		...company.departments.map((d) => ({ targetType: 'department', targetId: d.id, name: d.name })),
		...company.offices.filter((o) => o.state === 'active').map((o) => ({ targetType: 'office', targetId: o.id, name: o.name })),
		...company.rooms.map((r) => ({ targetType: 'room', targetId: r.id, name: r.name })),
		...company.coachingTeams.map((t) => ({ targetType: 'coachingteam', targetId: t.id, name: t.name })),
		...company.users.filter((u) => u.state === 'active').map((u) => ({ targetType: 'user', targetId: u.id, name: u.displayName })),
	];
	return Array.from({ length: count }, (_, i) => ({ ...pool[i % pool.length], daysAgo: 1 + Math.floor(i / pool.length) }));
}

interface BatchRun {
	reports: number;
	seconds: number;
	posts: number;
	polls: number;
	downloads: number;
	rateLimited: number;
	items: number;
	error?: string;
	/** Whether every item is paired to an input and the pairs never go backwards (input order). */
	inInputOrder: boolean;
	/** Reports whose item count equals the rows of the simulator's CSV for that request. */
	matchingReports: number;
}

/** One execution of the node with `targets.length` input items, against a fresh simulator. */
async function batchRun(targets: BatchTarget[], processingSeconds: number, seed: number): Promise<BatchRun> {
	const sim: Simulator = await startSimulator({ processingSeconds, seed });
	try {
		const startedMs = Date.now();
		const result = await runDialpadStats({
			parameters: {
				exportType: 'records',
				statType: 'calls',
				targetType: '={{ $json.targetType }}',
				targetId: { __rl: true, mode: 'id', value: '={{ $json.targetId }}' },
				period: 'daysAgo',
				daysAgoStart: '={{ $json.daysAgo }}',
				daysAgoEnd: '={{ $json.daysAgo }}',
				// No options: First Check After 15 s, Poll Interval 10 s, Max Wait 900 s.
			},
			credentials: { apiKey: sim.apiKey, environment: 'custom', baseUrl: sim.baseUrl },
			inputItems: targets.map((target) => ({ ...target })),
		});
		const seconds = (Date.now() - startedMs) / 1000;
		const api = sim.log.filter((entry) => entry.server === 'api');
		const posts = sim.log.filter(isExportPost);

		const paired = result.items.map((item) => {
			const pairedItem = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
			return typeof pairedItem === 'number' ? pairedItem : pairedItem?.item;
		});
		const inInputOrder = paired.every((index, i) => index !== undefined && (i === 0 || index >= (paired[i - 1] ?? 0)));
		let matchingReports = 0;
		targets.forEach((target, index) => {
			const post = [...posts]
				.reverse()
				.find((entry) => entry.status === 200 && entry.requestId && String((entry.body as Record<string, unknown>).target_id) === target.targetId && (entry.body as Record<string, unknown>).days_ago_start === target.daysAgo);
			if (!post?.requestId) return;
			const rows = Papa.parse<string[]>(sim.csvFor(post.requestId), { skipEmptyLines: true }).data.length - 1;
			if (paired.filter((p) => p === index).length === rows) matchingReports++;
		});
		return {
			reports: targets.length,
			seconds,
			posts: posts.length,
			polls: sim.log.filter(isPoll).length,
			downloads: sim.log.filter(isDownload).length,
			rateLimited: api.filter((entry) => entry.status === 429).length,
			items: result.items.length,
			error: result.error?.message,
			inInputOrder,
			matchingReports,
		};
	} finally {
		await sim.close();
	}
}

/**
 * N reports in one execution: N input items (one per call center, then other targets), every
 * option at its default (First Check After 15 s, Poll Interval 10 s), the simulator preparing each
 * report for 10 s. A fresh simulator per N, so nothing is served from an earlier run's cache.
 */
async function manyReports(sizes: number[]): Promise<void> {
	const processingSeconds = 10;
	const seed = 1;
	console.log(
		`N reports in one execution (records/calls, one input item per target, default options: First Check After 15 s, ` +
			`Poll Interval 10 s; simulator processing ${processingSeconds} s; a fresh simulator per N):`,
	);
	console.log(
		'  (wall: the execution; x one: wall / wall of N = 1; POST: POST /api/v2/stats; GET: GET /api/v2/stats/{id};\n' +
			'   download: GETs of the signed CSV URL; 429: rate-limited API answers; last column: reports whose items\n' +
			"   equal the rows of the simulator's CSV for that request, and whether the items come in input order)",
	);
	console.log(
		`  ${'N'.padStart(3)}  ${'wall'.padStart(8)}  ${'x one'.padStart(6)}  ${'POST'.padStart(5)}  ${'GET'.padStart(5)}  ` +
			`${'download'.padStart(8)}  ${'429'.padStart(4)}  ${'items'.padStart(6)}  rows = CSV, input order`,
	);
	let oneReportSeconds: number | undefined;
	for (const size of sizes) {
		const run = await batchRun(batchTargets(seed, size), processingSeconds, seed);
		if (size === 1) oneReportSeconds = run.seconds;
		const ratio = oneReportSeconds === undefined ? '' : `${(run.seconds / oneReportSeconds).toFixed(2)}x`;
		console.log(
			`  ${String(size).padStart(3)}  ${`${run.seconds.toFixed(1)} s`.padStart(8)}  ${ratio.padStart(6)}  ${String(run.posts).padStart(5)}  ` +
				`${String(run.polls).padStart(5)}  ${String(run.downloads).padStart(8)}  ${String(run.rateLimited).padStart(4)}  ` +
				`${String(run.items).padStart(6)}  ${run.matchingReports}/${run.reports}, ${run.inInputOrder ? 'yes' : 'NO'}` +
				(run.error ? `  (node failed: ${run.error})` : ''),
		);
	}
	if (oneReportSeconds === undefined) console.log('  (ratio "x one" needs N = 1 among --batch-sizes)');
}

// Exits when done: n8n-core's binary data service (file section) keeps handles open that nothing closes.
main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
