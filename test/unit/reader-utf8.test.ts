/**
 * Bytes that are not valid UTF-8: decoding goes on (U+FFFD, as TextDecoder and every browser do),
 * and the reader says on which lines it happened, so a mangled name in a Sheet is never a surprise.
 */
import { type InvalidUtf8 } from '../../nodes/shared/report/csv/reader';
import { CsvReader, readCsvTable } from '../../nodes/shared/report/csv/table';
import { replacedOffsets } from '../../nodes/shared/report/csv/utf8';
import { CsvTally } from '../../nodes/shared/report/csv/tally';

/** Text and raw bytes (numbers) joined into one byte string. */
function bytesOf(...parts: Array<string | number[]>): Uint8Array {
	return new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part)))));
}

function allChunkings(bytes: Uint8Array): Uint8Array[][] {
	const out: Uint8Array[][] = [[bytes]];
	for (let at = 0; at <= bytes.length; at++) out.push([bytes.subarray(0, at), bytes.subarray(at)]);
	out.push(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
	return out;
}

async function readBytes(parts: Uint8Array[]): Promise<{ rows: string[][]; invalidUtf8: InvalidUtf8 | null }> {
	const table = await readCsvTable(
		(async function* () {
			for (const part of parts) yield part;
		})(),
	);
	if (table === null) return { rows: [], invalidUtf8: null };
	const rows = [table.header];
	for await (const batch of table.rows) for (const row of batch) rows.push(row.values);
	return { rows, invalidUtf8: table.invalidUtf8() };
}

describe('lines with invalid UTF-8, whatever the chunking (items and CSV File alike)', () => {
	const F = '\uFFFD';
	const table: Array<[string, Uint8Array, string[][], InvalidUtf8 | null]> = [
		// [why, file bytes, rows with the header, what the reader reports]
		['valid UTF-8 (a literal U+FFFD in the file is no replaced byte)', bytesOf('name,n\nZoë,1\n\uFFFD,2\n'), [['name', 'n'], ['Zoë', '1'], [F, '2']], null],
		['a Latin-1 ë in a name on line 2', bytesOf('name,n\nZo', [0xeb], ',1\nAnn,2\n'), [['name', 'n'], [`Zo${F}`, '1'], ['Ann', '2']], { firstLine: 2, lineCount: 1 }],
		['two bad bytes on one line count one line', bytesOf('a,b\n', [0xff], ',', [0xfe], '\nok,ok\n'), [['a', 'b'], [F, F], ['ok', 'ok']], { firstLine: 2, lineCount: 1 }],
		['lines 2 and 4', bytesOf('a\nx', [0xe9], '\ny\nz', [0xe9], 'z\n'), [['a'], [`x${F}`], ['y'], [`z${F}z`]], { firstLine: 2, lineCount: 2 }],
		['in the header', bytesOf('caf', [0xe9], ',b\n1,2\n'), [[`caf${F}`, 'b'], ['1', '2']], { firstLine: 1, lineCount: 1 }],
		['a character cut off by the end of the file', bytesOf('a\nx', [0xe2, 0x82]), [['a'], [`x${F}`]], { firstLine: 2, lineCount: 1 }],
		['a sequence broken by a line break', bytesOf('a\nx', [0xe2, 0x82], '\ny\n'), [['a'], [`x${F}`], ['y']], { firstLine: 2, lineCount: 1 }],
		['inside a quoted value over two lines: the line of the byte', bytesOf('a,b\n"x\ny', [0xff], '",1\n'), [['a', 'b'], [`x\ny${F}`, '1']], { firstLine: 3, lineCount: 1 }],
		['a CR-only file: lines counted by CR', bytesOf('a\r1\r2', [0xc0, 0xaf], '\r'), [['a'], ['1'], [`2${F}${F}`]], { firstLine: 3, lineCount: 1 }],
		['an encoded UTF-16 surrogate (ED A0 80) and an overlong "/" (C0 AF)', bytesOf('a\n', [0xed, 0xa0, 0x80], '\n', [0xc0, 0xaf], '\n'), [['a'], [`${F}${F}${F}`], [`${F}${F}`]], { firstLine: 2, lineCount: 2 }],
		['a BOM, then a bad byte', bytesOf('\uFEFFa\n', [0x80], '\n'), [['a'], [F]], { firstLine: 2, lineCount: 1 }],
	];

	it.each(table)('%s', async (_why, bytes, rows, invalidUtf8) => {
		for (const parts of allChunkings(bytes)) {
			expect({ parts: parts.length, ...(await readBytes(parts)) }).toEqual({ parts: parts.length, rows, invalidUtf8 });
			const tally = new CsvTally();
			for (const part of parts) tally.push(part);
			tally.end();
			expect(tally.invalidUtf8).toEqual(invalidUtf8);
			expect(tally.rowCount).toBe(rows.length - 1);
		}
	});

	it('counts each line once however many chunks its bad bytes arrive in', () => {
		const reader = new CsvReader();
		const rows = [...reader.push(bytesOf('a\n', [0xff])), ...reader.push(bytesOf([0xff])), ...reader.push(bytesOf([0xff], '\nb\n')), ...reader.end()];
		expect(rows.map((row) => row.values)).toEqual([['a'], ['\uFFFD\uFFFD\uFFFD'], ['b']]);
		expect(reader.invalidUtf8()).toEqual({ firstLine: 2, lineCount: 1 });
	});

	it('text input has nothing to replace', () => {
		const reader = new CsvReader();
		reader.push('a\n\uFFFD\n');
		reader.end();
		expect(reader.invalidUtf8()).toBeNull();
	});
});

describe('replacedOffsets', () => {
	// Deterministic, so a failure reproduces.
	let seed = 99;
	const rnd = (): number => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed / 2147483648;
	};
	// Bytes around every boundary of the UTF-8 table, so short and broken sequences are common.
	const INTERESTING = [0x41, 0x0a, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbb, 0xbd, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];

	it("finds exactly the U+FFFDs that Node's streaming TextDecoder puts in, for 100,000 random byte strings and chunkings", () => {
		const literal = Buffer.from([0xef, 0xbf, 0xbd]);
		for (let doc = 0; doc < 100_000; doc++) {
			const bytes = Buffer.alloc(1 + Math.floor(rnd() * 12));
			for (let i = 0; i < bytes.length; i++) bytes[i] = rnd() < 0.8 ? INTERESTING[Math.floor(rnd() * INTERESTING.length)] : Math.floor(rnd() * 256);
			// With a literal U+FFFD in the bytes, not every U+FFFD in the text is a replacement.
			if (bytes.includes(literal)) continue;
			const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
			let before = new Uint8Array(0);
			const found: number[][] = [];
			const marked: number[][] = [];
			for (let at = 0; at < bytes.length; ) {
				const chunk = bytes.subarray(at, at + 1 + Math.floor(rnd() * 4));
				at += chunk.length;
				const text = decoder.decode(chunk, { stream: true });
				const marks: number[] = [];
				for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) marks.push(i);
				marked.push(marks);
				found.push(replacedOffsets(before, chunk));
				const joined = Buffer.concat([before, chunk]);
				before = joined.subarray(Math.max(0, joined.length - 3));
			}
			if (JSON.stringify(found) !== JSON.stringify(marked)) expect({ doc, bytes: [...bytes], found }).toEqual({ doc, bytes: [...bytes], found: marked });
		}
	});
});
