/**
 * A realistic records/calls export (the 54 columns of shared/dialpad-csv-headers.md) for the
 * benchmark, streamed as 64 KiB Uint8Array chunks without holding the whole file in memory: a block
 * of distinct rows is generated once and replayed.
 */

import { RECORDS_CALLS_HEADERS } from '../test/stand-ins/dialpad/csv/headers';
import { mulberry32 } from '../test/stand-ins/dialpad/random';

export const RECORDS_CALLS_COLUMNS: readonly string[] = RECORDS_CALLS_HEADERS;
const random = mulberry32;

const NAMES = ['Ann Lee', 'Zoë Müller', 'José Núñez', 'O\'Brien, Pat', 'Dana "DJ" Jones', 'Li Wei', 'Sales Queue', 'Björn Åberg'];
const CATEGORIES = ['answered,inbound', 'missed,inbound', 'abandoned,inbound', 'answered,outbound', 'voicemail,missed,inbound', 'outbound'];

function quote(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

function timestamp(ms: number, rnd: () => number): string {
	const d = new Date(ms);
	const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
	return rnd() < 0.8 ? `${base}.${pad(Math.floor(rnd() * 1e6), 6)}` : base;
}

function id(rnd: () => number): string {
	return String(4_000_000_000_000_000 + Math.floor(rnd() * 5_000_000_000_000_000));
}

function minutes(rnd: () => number, max: number): string {
	return String(Math.round(rnd() * max * 1e6) / 1e6);
}

/** One data row (no line break), all 54 columns. */
export function recordsCallsRow(rnd: () => number, index: number): string {
	const started = Date.UTC(2026, 8, 1) + index * 37_000 + Math.floor(rnd() * 30_000);
	const answered = rnd() < 0.7;
	const name = NAMES[Math.floor(rnd() * NAMES.length)];
	const agent = rnd() < 0.6;
	const values = [
		timestamp(started, rnd),
		id(rnd),
		answered ? 'incoming' : 'missed',
		rnd() < 0.8 ? 'inbound' : 'outbound',
		`+1415${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`,
		`+1650${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`,
		timestamp(started + 500, rnd),
		timestamp(started + 900, rnd),
		timestamp(started + 1500, rnd),
		answered ? timestamp(started + 9000, rnd) : '',
		timestamp(started + 200_000, rnd),
		id(rnd),
		agent ? 'UserProfile' : 'CallCenter',
		agent ? 'user' : 'call_center',
		name,
		`${name.split(/[ ,"']/)[0].toLowerCase()}@example.com`,
		rnd() < 0.5 ? 'true' : 'false',
		id(rnd),
		id(rnd),
		'CallCenter',
		rnd() < 0.2 ? id(rnd) : '',
		rnd() < 0.1 ? 'true' : 'false',
		'',
		'',
		rnd() < 0.1 ? id(rnd) : '',
		id(rnd),
		'5000000000000001',
		rnd() < 0.5 ? 'desktop' : 'mobile',
		'',
		'America/New_York',
		'available',
		minutes(rnd, 10),
		'',
		'',
		id(rnd),
		minutes(rnd, 1),
		'',
		'',
		'',
		CATEGORIES[Math.floor(rnd() * CATEGORIES.length)],
		minutes(rnd, 1),
		String(Math.floor(rnd() * 3)),
		minutes(rnd, 2),
		String(Math.floor(rnd() * 2)),
		minutes(rnd, 8),
		minutes(rnd, 3),
		String(Math.floor(rnd() * 2)),
		minutes(rnd, 1),
		agent ? 'agent' : 'entry_point',
		String(Math.round(rnd() * 1000) / 10),
		String(Math.round(rnd() * 1000) / 10),
		String(Math.round(rnd() * 1000) / 10),
		'',
		rnd() < 0.05 ? 'TRUE' : 'FALSE',
	];
	return values.map(quote).join(',');
}

export interface BenchCsv {
	rows: number;
	bytes: number;
	/** A fresh stream of the whole file in chunks of `chunkBytes` (each chunk a new Uint8Array). */
	chunks(chunkBytes?: number): Generator<Uint8Array>;
}

/** The file: header + `rows` rows (CRLF), built from a replayed block of `blockRows` distinct rows. */
export function benchCsv(rows: number, blockRows = 20_000): BenchCsv {
	const rnd = random(20260901);
	const encoder = new TextEncoder();
	const header = encoder.encode(`\uFEFF${RECORDS_CALLS_COLUMNS.join(',')}\r\n`);
	const lines: string[] = [];
	for (let i = 0; i < Math.min(rows, blockRows); i++) lines.push(`${recordsCallsRow(rnd, i)}\r\n`);
	const block = encoder.encode(lines.join(''));
	// byte offset where each row of the block ends, to cut the last, partial replay
	const rowEnds: number[] = [];
	let offset = 0;
	for (const line of lines) {
		offset += encoder.encode(line).length;
		rowEnds.push(offset);
	}
	const fullBlocks = lines.length === 0 ? 0 : Math.floor(rows / lines.length);
	const tailRows = lines.length === 0 ? 0 : rows % lines.length;
	const tailBytes = tailRows === 0 ? 0 : rowEnds[tailRows - 1];
	const bytes = header.length + fullBlocks * block.length + tailBytes;

	function* segments(): Generator<Uint8Array> {
		yield header;
		for (let i = 0; i < fullBlocks; i++) yield block;
		if (tailBytes > 0) yield block.subarray(0, tailBytes);
	}

	function* chunks(chunkBytes = 64 * 1024): Generator<Uint8Array> {
		let chunk = new Uint8Array(chunkBytes);
		let filled = 0;
		for (const segment of segments()) {
			let at = 0;
			while (at < segment.length) {
				const n = Math.min(chunkBytes - filled, segment.length - at);
				chunk.set(segment.subarray(at, at + n), filled);
				filled += n;
				at += n;
				if (filled === chunkBytes) {
					yield chunk;
					chunk = new Uint8Array(chunkBytes);
					filled = 0;
				}
			}
		}
		if (filled > 0) yield chunk.subarray(0, filled);
	}

	return { rows, bytes, chunks };
}
