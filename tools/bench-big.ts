/**
 * Big exports inside n8n-core's engine (`npm run bench -- --only file,columns`):
 * - file: Output CSV File at 10k, 100k and 1M rows, n8n's binary data in filesystem mode (n8n 2.x's
 *   default): peak RSS growth per run (the goal: flat, under 50 MB more at 1M than at 10k) and rows/s;
 * - columns: One Item per Row at 200k rows with all 54 columns and with 8 chosen ones: bytes per
 *   kept item (the goal: 8 columns at most 0.3x of all columns).
 * The simulator runs in a child process of its own, as Dialpad is not inside n8n: the figures are the
 * node's and n8n's alone. Prints figures; never asserts on them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IBinaryData, INodeParameters } from 'n8n-workflow';

import { runDialpadStats, useFilesystemBinaryData, type EngineRunResult } from '../test/support/engine/harness';
import { buildCompany } from '../test/stand-ins/dialpad/index';

const MB = 1024 * 1024;

/** Eight columns an ops report keeps: when, which call, how it went, and how long it took. */
export const EIGHT_COLUMNS = [
	'date_started',
	'call_id',
	'category',
	'direction',
	'external_number',
	'name',
	'talk_duration',
	'time_to_answer',
];

/** `npm run simulator` in a child process, driven over its /_simulator control surface. */
interface SimulatorProcess {
	baseUrl: string;
	apiKey: string;
	/** A fresh simulator state (nothing cached) serving `rows` rows per export. */
	reset(rows: number): Promise<void>;
	close(): Promise<void>;
}

const SEED = 1;

async function startSimulatorProcess(): Promise<SimulatorProcess> {
	const child: ChildProcess = spawn(
		process.execPath,
		['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'simulator.ts'), '--port', '0', '--processing-seconds', '0', '--seed', String(SEED)],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const firstLine = await new Promise<string>((resolve, reject) => {
		let text = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			text += chunk.toString('utf8');
			if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
		});
		child.once('exit', (code) => reject(new Error(`the simulator exited with code ${code} before it was ready`)));
	});
	const started = /base URL for the credential: (\S+)\), storage \S+, key "([^"]+)"/.exec(firstLine);
	if (!started) throw new Error(`the simulator's first line was not understood: ${firstLine}`);
	const [, baseUrl, apiKey] = started;
	const control = async (route: string, body: unknown) => {
		const response = await fetch(`${baseUrl}/_simulator/${route}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`simulator ${route}: HTTP ${response.status} ${await response.text()}`);
	};
	return {
		baseUrl,
		apiKey,
		reset: async (rows) => {
			await control('reset', {});
			await control('faults', { kind: 'setRowCount', rows });
		},
		close: () =>
			new Promise((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}

function reportParameters(overrides: INodeParameters): INodeParameters {
	return {
		exportType: 'records',
		statType: 'calls',
		targetType: 'callcenter',
		targetId: { __rl: true, mode: 'id', value: buildCompany(SEED).callCenters[0].id },
		period: 'yesterday',
		timezone: 'America/New_York',
		...overrides,
	};
}

interface Sampled<T> {
	value: T;
	seconds: number;
	peakRssDeltaMb: number;
	peakHeapDeltaMb: number;
	/** Heap still held once the run is over and collected (what a run leaves behind). */
	endHeapDeltaMb: number;
}

/** Runs `body` after a GC, sampling RSS and heap every 20 ms against the levels before it. */
async function sampled<T>(gc: () => void, body: () => Promise<T>): Promise<Sampled<T>> {
	gc();
	const base = process.memoryUsage();
	let peakRss = base.rss;
	let peakHeap = base.heapUsed;
	const sample = () => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakHeap = Math.max(peakHeap, now.heapUsed);
	};
	const sampler = setInterval(sample, 20);
	const started = process.hrtime.bigint();
	try {
		const value = await body();
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		sample();
		gc();
		return {
			value,
			seconds,
			endHeapDeltaMb: (process.memoryUsage().heapUsed - base.heapUsed) / MB,
			peakRssDeltaMb: (peakRss - base.rss) / MB,
			peakHeapDeltaMb: (peakHeap - base.heapUsed) / MB,
		};
	} finally {
		clearInterval(sampler);
	}
}

function failIfFailed(result: EngineRunResult, what: string): void {
	if (result.error) throw new Error(`${what}: the node failed: ${result.error.message}`);
}

const rowsText = (rows: number) => rows.toLocaleString('en-US');

/** `+12 MB`, `-3 MB`, `+0 MB` (never `-0`). */
function signedMb(mb: number, digits: number): string {
	const text = Math.abs(mb).toFixed(digits);
	return `${mb < 0 && Number(text) !== 0 ? '-' : '+'}${text} MB`;
}

export async function fileOutputSection(gc: () => void, sizes: number[] = [10_000, 100_000, 1_000_000]): Promise<void> {
	const storagePath = mkdtempSync(path.join(tmpdir(), 'dialpad-bench-binary-'));
	const binaryData = await useFilesystemBinaryData(storagePath);
	const sim = await startSimulatorProcess();
	try {
		const parameters = reportParameters({
			output: 'file',
			options: { initialDelay: 0, pollInterval: 5, maxWait: 900 },
		});
		console.log(
			"Output CSV File in n8n's engine (records/calls, 54 columns; binary data in filesystem mode; the simulator in a process of its own;\n" +
				' peak growth over the level before each run, after a GC; heap after: what the run left behind, after a GC):',
		);
		console.log(`  ${'rows'.padStart(9)}  ${'CSV'.padStart(9)}  ${'wall'.padStart(8)}  ${'rows/s'.padStart(8)}  ${'peak RSS'.padStart(9)}  ${'peak heap'.padStart(9)}  ${'heap after'.padStart(10)}  file on disk`);
		// A first small run, so the code is compiled before the first measured one.
		await sim.reset(2_000);
		failIfFailed(await runDialpadStats({ parameters, credentials: credentials(sim) }), 'warm-up');
		const growth: number[] = [];
		for (const rows of sizes) {
			await sim.reset(rows); // a new export each time, not the cached one of the same request
			const run = await sampled(gc, () => runDialpadStats({ parameters, credentials: credentials(sim) }));
			failIfFailed(run.value, `${rowsText(rows)} rows`);
			const [item] = run.value.items;
			const binary = item.binary?.data as IBinaryData;
			const onDisk = statSync(binaryData.getPath(binary.id!)).size;
			const counted = item.json.rowCount as number;
			if (counted !== rows) throw new Error(`${rowsText(rows)} rows: the file's facts count ${counted}`);
			growth.push(run.peakRssDeltaMb);
			console.log(
				`  ${rowsText(rows).padStart(9)}  ${`${(onDisk / MB).toFixed(1)} MB`.padStart(9)}  ${`${run.seconds.toFixed(2)} s`.padStart(8)}  ` +
					`${Math.round(rows / run.seconds).toLocaleString('en-US').padStart(8)}  ${signedMb(run.peakRssDeltaMb, 0).padStart(9)}  ` +
					`${signedMb(run.peakHeapDeltaMb, 0).padStart(9)}  ${signedMb(run.endHeapDeltaMb, 1).padStart(10)}  ${onDisk === item.json.byteCount ? 'whole (bytes = byteCount)' : 'SIZE DIFFERS'}`,
			);
			rmSync(binaryData.getPath(binary.id!), { force: true });
		}
		if (growth.length > 1) {
			console.log(
				`  peak RSS growth, ${rowsText(sizes[sizes.length - 1])} rows vs ${rowsText(sizes[0])}: ` +
					`${signedMb(growth[growth.length - 1] - growth[0], 0)} (goal: under 50 MB more)`,
			);
		}
	} finally {
		await sim.close();
		rmSync(storagePath, { recursive: true, force: true });
	}
	console.log('');
}

/**
 * Heap the kept items hold: after the run and a GC, the items still referenced, over the level before
 * the run (also after a GC). What the node's own memory costs per item while n8n holds the output.
 */
async function keptBytesPerItem(gc: () => void, sim: SimulatorProcess, parameters: INodeParameters, rows: number): Promise<number> {
	await sim.reset(rows);
	gc();
	const before = process.memoryUsage().heapUsed;
	const result = await runDialpadStats({ parameters, credentials: credentials(sim) });
	failIfFailed(result, 'columns');
	if (result.items.length !== rows) throw new Error(`columns: ${result.items.length} items, expected ${rows}`);
	gc();
	const kept = process.memoryUsage().heapUsed - before;
	if (result.items[rows - 1].json === undefined) throw new Error('unreachable: keeps the items referenced until here');
	return kept / rows;
}

export async function columnsSection(gc: () => void, rows = 200_000): Promise<void> {
	const sim = await startSimulatorProcess();
	try {
		const options = { initialDelay: 0, pollInterval: 5, maxWait: 900 };
		const all = reportParameters({ output: 'items', options });
		const eight = reportParameters({ output: 'items', options: { ...options, columns: EIGHT_COLUMNS } });
		await keptBytesPerItem(gc, sim, eight, rows); // warm-up
		const allBytes = await keptBytesPerItem(gc, sim, all, rows);
		const eightBytes = await keptBytesPerItem(gc, sim, eight, rows);
		console.log(`One Item per Row in n8n's engine, ${rowsText(rows)} rows of records/calls, heap held by the kept items (after a GC):`);
		console.log(`  all 54 columns: ${Math.round(allBytes).toLocaleString('en-US').padStart(6)} bytes per item`);
		console.log(`  8 columns:      ${Math.round(eightBytes).toLocaleString('en-US').padStart(6)} bytes per item (${EIGHT_COLUMNS.join(', ')})`);
		console.log(`  ratio 8 / 54 columns: ${(eightBytes / allBytes).toFixed(2)}x (goal: at most 0.30x)`);
	} finally {
		await sim.close();
	}
	console.log('');
}

function credentials(sim: SimulatorProcess) {
	return { apiKey: sim.apiKey, environment: 'custom', baseUrl: sim.baseUrl };
}
