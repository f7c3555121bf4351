/**
 * Property: a random document (seeded, so a failure reproduces), read under random chunkings, gives
 * exactly papaparse's rows or a CsvFormatError, never a third outcome; and every chunking gives the
 * same outcome (the same rows, or the same error naming the same line).
 *
 * Documents are written with one line break (LF, CRLF or CR) and mostly well-formed fields; about
 * half of them also carry malformed fields: text after a closing quote, raw (unescaped) text with
 * stray quotes, commas and line breaks of the other kind, a quote left open at the end, ragged rows,
 * a CR at the very end. papaparse is told the document's line break and the comma (it would guess
 * both), which is what "the same CSV" means. The rules this parser chooses on purpose are built
 * into the generator or the oracle, each said where it is:
 * - the first line break outside quotes decides the kind, so a line break of another kind is put
 *   only after the first record and never next to a record's own line break;
 * - LF and CRLF may mix (papaparse, told one, reads the other as text), so raw text in an LF or
 *   CRLF document holds no LF-family line break of the other kind;
 * - a CR at the very end ends the last record, so papaparse gets the text without it.
 */
import Papa from 'papaparse';

import { CsvFormatError } from '../../nodes/shared/report/csv/reader';
import { readCsvTable } from '../../nodes/shared/report/csv/table';

const DOCUMENTS = 1500;

/** mulberry32 */
function randomSource(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const rnd = randomSource(20261101);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

const PIECES = ['a', 'bc', ' ', ',', '"', '""', '\n', '\r\n', '\r', 'é', '😀', '€', '0', '+1', '~', ''];
const NEWLINES = ['\n', '\r\n', '\r'] as const;
type Newline = (typeof NEWLINES)[number];

function content(): string {
	let text = '';
	const count = Math.floor(rnd() * 5);
	for (let i = 0; i < count; i++) text += pick(PIECES);
	return text;
}

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;

function field(newline: Newline, malformedRate: number, firstRecord: boolean, lastField: boolean): string {
	const text = content();
	if (rnd() >= malformedRate) return /[",\r\n]/.test(text) || rnd() < 0.1 ? quoted(text) : text;
	const kind = rnd();
	if (kind < 0.35) return `${quoted(text)}${pick(['b', ' ', 'é', 'x"'])}`; // text after the closing quote
	// A quote left open swallows what follows; only the very last field is cut off like that.
	if (kind < 0.45) return lastField ? `"${text.replace(/"/g, '""')}` : 'x';
	let raw = '';
	const pieces = 1 + Math.floor(rnd() * 3);
	for (let i = 0; i < pieces; i++) {
		// No piece starts a field with a quote (that would make it a quoted field: see above).
		const piece = pick(['a', ' ', '"', ',a', 'é', `${newline}a`, 'other']);
		if (piece !== 'other') raw += piece;
		else if (!firstRecord && newline !== '\r') raw += '\rx'; // a lone CR in an LF or CRLF document
		else if (!firstRecord) raw += pick(['x\n', 'x\r\n']); // an LF in a CR document
	}
	return raw.startsWith('"') ? `a${raw}` : raw;
}

function randomDocument(): { text: string; newline: Newline } {
	const newline = pick(NEWLINES);
	const malformedRate = rnd() < 0.5 ? 0 : 0.2;
	const width = 1 + Math.floor(rnd() * 4);
	const records: string[] = [];
	const last = Math.floor(rnd() * 6);
	for (let r = 0; r <= last; r++) {
		if (rnd() < 0.05) {
			records.push(''); // a blank line
			continue;
		}
		const cells = rnd() < malformedRate / 4 ? width + 1 : width; // ragged
		records.push(Array.from({ length: cells }, (_, i) => field(newline, malformedRate, r === 0, r === last && i === cells - 1)).join(','));
	}
	let text = (rnd() < 0.2 ? '\uFEFF' : '') + records.join(newline) + (rnd() < 0.5 ? newline : '');
	if (rnd() < 0.1) text += '\r';
	return { text, newline };
}

function papaRows(text: string, newline: Newline): string[][] {
	let input = text.replace(/^\uFEFF/, '');
	if (newline !== '\r' && input.endsWith('\r')) input = input.slice(0, -1);
	return Papa.parse<string[]>(input, { skipEmptyLines: true, delimiter: ',', newline }).data;
}

type Outcome = { rows: string[][] } | { error: string; line: number };

async function outcome(parts: Array<Uint8Array | string>): Promise<Outcome> {
	try {
		const table = await readCsvTable(
			(async function* () {
				for (const part of parts) yield part;
			})(),
		);
		if (table === null) return { rows: [] };
		const rows = [table.header];
		for await (const batch of table.rows) for (const row of batch) rows.push(row.values);
		return { rows };
	} catch (error) {
		if (!(error instanceof CsvFormatError)) throw error;
		return { error: error.message, line: error.line };
	}
}

function randomPieces(bytes: Uint8Array): Uint8Array[] {
	const parts: Uint8Array[] = [];
	for (let at = 0; at < bytes.length; ) {
		const size = 1 + Math.floor(rnd() * 9);
		parts.push(bytes.subarray(at, at + size));
		at += size;
	}
	return parts;
}

function randomStringSplit(text: string): string[] {
	const at = Math.floor(rnd() * (text.length + 1));
	return [text.slice(0, at), text.slice(at)];
}

test(`${DOCUMENTS} random documents: papaparse's rows or a CsvFormatError, the same for every chunking`, async () => {
	const encoder = new TextEncoder();
	const counts = { read: 0, refused: 0 };
	for (let doc = 0; doc < DOCUMENTS; doc++) {
		const { text, newline } = randomDocument();
		const bytes = encoder.encode(text);
		const whole = await outcome([text]);
		const chunkings = {
			'random UTF-8 pieces': await outcome(randomPieces(bytes)),
			'1-byte pieces': await outcome(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1))),
			'two strings': await outcome(randomStringSplit(text)),
		};
		// Compared as JSON first: expect() on every document would be most of the test's time.
		const wholeJson = JSON.stringify(whole);
		for (const [name, other] of Object.entries(chunkings)) {
			if (JSON.stringify(other) !== wholeJson) expect({ doc, text, name, outcome: other }).toEqual({ doc, text, name, outcome: whole });
		}
		if ('rows' in whole) {
			counts.read++;
			const expected = papaRows(text, newline);
			if (JSON.stringify(expected) !== JSON.stringify(whole.rows)) expect({ doc, text, rows: whole.rows }).toEqual({ doc, text, rows: expected });
		} else {
			counts.refused++;
		}
	}
	// Both outcomes are well represented, so neither half of the property is vacuous.
	expect(counts.read).toBeGreaterThan(DOCUMENTS / 3);
	expect(counts.refused).toBeGreaterThan(DOCUMENTS / 5);
});
