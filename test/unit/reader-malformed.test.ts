/**
 * Inputs a held-out fuzz found the parser reading wrongly without a word (issue 11), and their
 * neighbours: each is either read as the table says, or refused with a CsvFormatError naming the
 * line, the same for every chunking and the same for the CSV File path (CsvTally).
 */
import Papa from 'papaparse';

import { CsvFormatError, CsvParser } from '../../nodes/shared/report/csv/reader';
import { readCsvTable } from '../../nodes/shared/report/csv/table';
import { CsvTally } from '../../nodes/shared/report/csv/tally';

const encoder = new TextEncoder();

type Outcome = { rows: string[][]; lines: number[] } | { error: string; line: number };

async function* source(parts: Array<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
	for (const part of parts) yield part;
}

async function readAll(parts: Array<Uint8Array | string>): Promise<Outcome> {
	try {
		const table = await readCsvTable(source(parts));
		if (table === null) return { rows: [], lines: [] };
		const rows = [table.header];
		const lines: number[] = [];
		for await (const batch of table.rows) {
			for (const row of batch) {
				rows.push(row.values);
				lines.push(row.line);
			}
		}
		return { rows, lines };
	} catch (error) {
		if (!(error instanceof CsvFormatError)) throw error;
		return { error: error.message, line: error.line };
	}
}

/** Whole text, the UTF-8 bytes split at every position, and one byte at a time. */
function chunkings(text: string): Array<Array<Uint8Array | string>> {
	const bytes = encoder.encode(text);
	const all: Array<Array<Uint8Array | string>> = [[text]];
	for (let at = 0; at <= bytes.length; at++) all.push([bytes.subarray(0, at), bytes.subarray(at)]);
	for (let at = 0; at <= text.length; at++) all.push([text.slice(0, at), text.slice(at)]);
	all.push(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
	return all;
}

function tally(parts: Array<Uint8Array | string>): { rowCount: number } | { error: string; line: number } {
	const counter = new CsvTally();
	try {
		for (const part of parts) counter.push(part);
		counter.end();
		return { rowCount: counter.rowCount };
	} catch (error) {
		if (!(error instanceof CsvFormatError)) throw error;
		return { error: error.message, line: error.line };
	}
}

function parseWhole(text: string): string[][] {
	const parser = new CsvParser();
	return [...parser.push(text), ...parser.end()].map((row) => row.values);
}

describe('refused, naming the line (every chunking, items and CSV File alike)', () => {
	const table: Array<[string, string, number, RegExp]> = [
		// [why, CSV text, line, message]
		[
			'characters after a closing quote (was: two records merged into [\'a"b,2\\n"c\', \'3\'])',
			'"a"b,2\n"c",3',
			1,
			/^CSV line 1 has "b" right after the closing quote of a quoted field, where only a comma or a line break may follow \(a quote inside a quoted value is written twice: ""\)$/,
		],
		['"a"b,2 alone says what is wrong, not "never closed"', '"a"b,2', 1, /^CSV line 1 has "b" right after the closing quote/],
		['the same in a data row', 'h1,h2\n"a"b,2\n"c",3\n', 2, /^CSV line 2 has "b" right after the closing quote/],
		['a space after the closing quote (papaparse tolerates it)', 'a,b\n"x" ,2\n', 2, /^CSV line 2 has a space right after the closing quote/],
		['a quote after an escaped quote and the closing one', 'a\n"x""y"z\n', 2, /^CSV line 2 has "z" right after the closing quote/],
		['the line of the closing quote, for a value over two lines', 'a,b\n"x\ny"z,1\n', 3, /^CSV line 3 has "z" right after/],
		['a closing quote then text, CRLF file', 'a,b\r\n1,"2"x\r\n', 2, /^CSV line 2 has "x" right after/],
		['a lone CR outside quotes in an LF file', 'a,b\n1,2\r3\n', 2, /^CSV line 2 has a carriage return \(CR\) outside quotes that does not end the line/],
		['a lone CR after a closing quote in an LF file', 'a,b\n"1"\r2,3\n', 2, /^CSV line 2 has a carriage return \(CR\)/],
		['a lone CR in a CRLF file', 'a,b\r\n1,2\r3\r\n', 2, /^CSV line 2 has a carriage return \(CR\)/],
		['an LF outside quotes in a file whose lines end with CR', 'a,b\r1,2\n3,4\r', 2, /^CSV line 2 has a line feed \(LF\) outside quotes, but the file's lines end with a lone carriage return \(CR\)/],
		['a CRLF in a CR file: the CR ends the line, the LF starts the next', 'a\r1\r\n2\r', 3, /^CSV line 3 has a line feed \(LF\)/],
		['an unclosed quote still names the line it started on', 'a\n"x\ny', 2, /^CSV line 2 has a quoted field that is never closed/],
	];

	it.each(table)('%s', async (_why, text, line, message) => {
		for (const parts of chunkings(text)) {
			const outcome = await readAll(parts);
			expect({ parts: parts.length, outcome }).toEqual({ parts: parts.length, outcome: { error: expect.stringMatching(message), line } });
			expect(tally(parts)).toEqual(outcome);
		}
	});

	it('the first problem in the file is the one reported, whatever the chunking', async () => {
		// A ragged row (line 2) before a lone CR (line 3): one text reads both before the width check.
		const text = 'a,b\n1\n2,3\r4\n';
		for (const parts of chunkings(text)) {
			expect(await readAll(parts)).toEqual({ error: 'CSV line 2 has 1 values but the header has 2 columns', line: 2 });
		}
	});
});

describe('read (every chunking, items and CSV File alike)', () => {
	const table: Array<[string, string, string[][], number[]]> = [
		// [why, CSV text, rows with the header, data row lines]
		['CR-only line breaks (was: header [a, b\\r1, 2\\r3, 4\\r], 0 rows)', 'a,b\r1,2\r3,4\r', [['a', 'b'], ['1', '2'], ['3', '4']], [2, 3]],
		['CR-only, no line break at the end', 'a,b\r1,2\r3,4', [['a', 'b'], ['1', '2'], ['3', '4']], [2, 3]],
		['CR-only, quoted CR and LF inside values, lines counted by CR', 'a,b\r"x\ry","p\nq"\r3,4\r', [['a', 'b'], ['x\ry', 'p\nq'], ['3', '4']], [2, 4]],
		['CR-only with blank lines and a BOM', '\uFEFFa\r\r1\r\r2\r', [['a'], ['1'], ['2']], [3, 5]],
		['CR-only, a quoted multi-line header', '"h\r1",b\r1,2\r', [['h\r1', 'b'], ['1', '2']], [3]],
		['a CR at the very end, unquoted (was: 2\\r)', 'a,b\n1,2\r', [['a', 'b'], ['1', '2']], [2]],
		['a CR at the very end, quoted', 'a,b\n1,"2"\r', [['a', 'b'], ['1', '2']], [2]],
		['a CR at the very end after a trailing comma', 'a,b\n1,\r', [['a', 'b'], ['1', '']], [2]],
		['a CRLF file whose last CRLF lost its LF', 'a,b\r\n1,2\r', [['a', 'b'], ['1', '2']], [2]],
		['LF and CRLF in one file', 'a,b\n1,2\r\n3,4\n', [['a', 'b'], ['1', '2'], ['3', '4']], [2, 3]],
		['a CR inside quotes in an LF file', 'a\n"x\ry"\n', [['a'], ['x\ry']], [2]],
		['a quote inside an unquoted field is a character', 'a,b\n5 1/2",x\n', [['a', 'b'], ['5 1/2"', 'x']], [2]],
	];

	it.each(table)('%s', async (_why, text, rows, lines) => {
		for (const parts of chunkings(text)) {
			expect({ parts: parts.length, outcome: await readAll(parts) }).toEqual({ parts: parts.length, outcome: { rows, lines } });
			expect(tally(parts)).toEqual({ rowCount: rows.length - 1 });
		}
	});

	it('1,2\\r and 1,"2"\\r give the same record, as 1,2\\r\\n does', () => {
		expect(parseWhole('1,2\r')).toEqual([['1', '2']]);
		expect(parseWhole('1,"2"\r')).toEqual([['1', '2']]);
		expect(parseWhole('1,2\r\n')).toEqual([['1', '2']]);
	});

	it('a CR-only file reads as papaparse reads it when told its line break is CR', () => {
		const text = 'name,note\r"Smith, John","two\rlines"\r"a ""b""",c\r';
		expect(parseWhole(text)).toEqual(Papa.parse<string[]>(text, { newline: '\r', delimiter: ',', skipEmptyLines: true }).data);
	});
});
