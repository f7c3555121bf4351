/** Export spec -> CSV text, streamed: rows are produced lazily, so 1M rows never sit in memory. */
import { Readable } from 'stream';
import { ALL_SCOPE } from './activity';
import { contextFor, dayCalls, type GenContext } from './context';
import { csvLine } from './format';
import { malformedLines, type MalformedShape } from './malformed';
import * as H from './headers';
import { recordsCallsRows } from './rows-calls';
import { csatRows, dispositionRows, onDutyRows, recordingRows, screenshareRows, textRows, voicemailRows } from './rows-records';
import { statsByDateRows, statsByGroupRows, statsByUserRows, statsOtherRows } from './rows-stats';
import type { ExportSpec } from './spec';

type RowsForDay = (ctx: GenContext, date: string, round: number) => string[][];

interface Plan {
	headers: readonly string[];
	rows: RowsForDay;
	/** group_by=date writes a row for every day, even quiet ones, unless the scope has no activity at all. */
	everyDay?: boolean;
}

export function planFor(spec: ExportSpec): Plan {
	if (spec.exportType === 'stats') {
		if (spec.statType === 'calls') {
			const groupBy = spec.groupBy ?? 'user';
			if (groupBy === 'date') return { headers: H.STATS_CALLS_DATE_HEADERS, rows: statsByDateRows, everyDay: true };
			if (groupBy === 'group') return { headers: H.STATS_CALLS_GROUP_HEADERS, rows: statsByGroupRows };
			return { headers: H.STATS_CALLS_USER_HEADERS, rows: statsByUserRows };
		}
		return { headers: H.STATS_OTHER_HEADERS, rows: statsOtherRows };
	}
	switch (spec.statType) {
		case 'calls':
			return { headers: H.RECORDS_CALLS_HEADERS, rows: recordsCallsRows };
		case 'onduty':
			return { headers: H.RECORDS_ONDUTY_HEADERS, rows: onDutyRows };
		case 'dispositions':
			return { headers: H.RECORDS_DISPOSITIONS_HEADERS, rows: dispositionRows };
		case 'csat':
			return { headers: H.RECORDS_CSAT_HEADERS, rows: csatRows };
		case 'recordings':
			return { headers: H.RECORDS_RECORDINGS_HEADERS, rows: recordingRows };
		case 'texts':
			return { headers: H.RECORDS_TEXTS_HEADERS, rows: textRows };
		case 'voicemails':
			return { headers: H.RECORDS_VOICEMAILS_HEADERS, rows: voicemailRows };
		case 'screenshare':
			return { headers: H.RECORDS_SCREENSHARE_HEADERS, rows: screenshareRows };
	}
}

export function headersFor(spec: ExportSpec): readonly string[] {
	return planFor(spec).headers;
}

function* naturalRows(ctx: GenContext, plan: Plan): Generator<string[]> {
	if (plan.everyDay && !ctx.spec.days.some((date) => dayCalls(ctx, date, 0).length > 0)) return;
	for (const date of ctx.spec.days) yield* plan.rows(ctx, date, 0);
}

/** Exactly `count` rows: the days repeat in "rounds" with fresh values; a quiet scope widens to the whole company. */
function* forcedRows(start: GenContext, plan: Plan, count: number): Generator<string[]> {
	let ctx = start;
	let emitted = 0;
	if (count <= 0 || ctx.spec.days.length === 0) return;
	for (let round = 0; ; round++) {
		let producedThisRound = 0;
		for (const date of ctx.spec.days) {
			for (const row of plan.rows(ctx, date, round)) {
				yield row;
				producedThisRound++;
				if (++emitted >= count) return;
			}
		}
		if (producedThisRound === 0) {
			if (ctx.scope === ALL_SCOPE && ctx.spec.cutoff === undefined) return;
			ctx = { ...ctx, scope: ALL_SCOPE, spec: { ...ctx.spec, cutoff: undefined } };
		}
	}
}

export interface CsvOptions {
	/** Break the file this way (see malformed.ts). */
	malformed?: MalformedShape;
	/** Data rows (1-based) that get a byte that is not valid UTF-8 (see FaultControl.invalidUtf8NextCsv). */
	invalidUtf8Rows?: readonly number[];
}

/** The CSV as lines (header first), each ending in CRLF. */
export function* csvLines(spec: ExportSpec, seed: number, options: CsvOptions = {}): Generator<string> {
	const ctx = contextFor(spec, seed);
	const plan = planFor(spec);
	yield csvLine(plan.headers);
	const rows = spec.rowCount === null || spec.rowCount === undefined ? naturalRows(ctx, plan) : forcedRows(ctx, plan, spec.rowCount);
	if (options.malformed) {
		yield* malformedLines(rows, plan.headers, options.malformed);
		return;
	}
	for (const row of rows) yield csvLine(row);
}

export function csvText(spec: ExportSpec, seed: number, options: CsvOptions = {}): string {
	let text = '';
	for (const line of csvLines(spec, seed, options)) text += line;
	return text;
}

function* chunked(lines: Iterable<string>, chunkChars: number): Generator<string> {
	let buffer = '';
	for (const line of lines) {
		buffer += line;
		if (buffer.length >= chunkChars) {
			yield buffer;
			buffer = '';
		}
	}
	if (buffer.length > 0) yield buffer;
}

/** Latin-1 `é`: never valid UTF-8 before an ASCII byte. */
const INVALID_UTF8_BYTE = 0xe9;

/**
 * A CSV line (fields quoted as csvField does) with INVALID_UTF8_BYTE after its first unquoted field,
 * or the plain UTF-8 line when every field is quoted.
 */
function withInvalidByte(line: string): Buffer {
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const char = line[i];
		if (char === '"') quoted = !quoted;
		const fieldEnd = !quoted && (char === ',' || char === '\r');
		if (fieldEnd && i > 0 && line[i - 1] !== '"' && line[i - 1] !== ',') {
			return Buffer.concat([Buffer.from(line.slice(0, i)), Buffer.from([INVALID_UTF8_BYTE]), Buffer.from(line.slice(i))]);
		}
	}
	return Buffer.from(line);
}

function* chunkedBytes(lines: Iterable<string>, invalidRows: ReadonlySet<number>, chunkBytes: number): Generator<Buffer> {
	let parts: Buffer[] = [];
	let size = 0;
	let index = 0;
	for (const line of lines) {
		const bytes = invalidRows.has(index++) ? withInvalidByte(line) : Buffer.from(line);
		parts.push(bytes);
		size += bytes.length;
		if (size >= chunkBytes) {
			yield Buffer.concat(parts);
			parts = [];
			size = 0;
		}
	}
	if (size > 0) yield Buffer.concat(parts);
}

/** A byte stream of the CSV (UTF-8), produced on demand with backpressure. */
export function generateCsv(spec: ExportSpec, seed: number, options: CsvOptions = {}): Readable {
	const lines = csvLines(spec, seed, options);
	if (options.invalidUtf8Rows && options.invalidUtf8Rows.length > 0) {
		// Line 0 is the header, so data row n is line n.
		return Readable.from(chunkedBytes(lines, new Set(options.invalidUtf8Rows), 64 * 1024), { objectMode: false });
	}
	return Readable.from(chunked(lines, 64 * 1024), { objectMode: false });
}
