import Papa from 'papaparse';

import { CsvFormatError, CsvParser } from '../../nodes/shared/report/csv/reader';
import { readCsvTable } from '../../nodes/shared/report/csv/table';

const RECORDS_CALLS_HEADER =
	'date_started,call_id,category,direction,external_number,internal_number,date_first_rang,' +
	'date_queued,date_rang,date_connected,date_ended,target_id,target_kind,target_type,name,email,' +
	'was_recorded,entry_point_call_id,entry_point_target_id,entry_point_target_kind,proxy_target_id,' +
	'voicemail,transferred_to,transferred_to_contact_id,transferred_from_target_id,office_id,' +
	'company_id,device,salesforce_activity_id,timezone,availability,time_in_system,callback_type,' +
	'callback_id,master_call_id,time_to_answer,date_callback_connected,date_callback_ended,' +
	'date_anonymized,categories,ringing_duration,ringing_occurrences,hold_duration,hold_occurrences,' +
	'talk_duration,queued_duration,queued_occurrences,wrapup_duration,participant_type,' +
	'percent_ai_talk_time,percent_ai_listen_time,percent_ai_silent_time,campaign_id,is_internal';

const RECORDS_CALLS_ROW = [
	'2026-09-01 00:05:19.528115', '6543210987654321', 'incoming', 'inbound', '+14155550123', '+14155550100',
	'2026-09-01 00:05:19.9', '2026-09-01 00:05:20', '2026-09-01 00:05:21.000001', '2026-09-01 00:05:30.5',
	'2026-09-01 00:09:02.25', '9007199254740993', 'CallCenter', 'call_center', '"Zoë ""Z"" Müller, Jr."',
	'zoe@example.com', 'TRUE', '6543210987654320', '5100000000000001', 'CallCenter', '', '', '', '', '',
	'4800000000000002', '4700000000000003', 'desktop', '', 'America/New_York', 'available', '3.7166666666666668',
	'', '', '6543210987654320', '0.13', '', '', '', '"answered,inbound"', '0.15', '1', '0', '0', '3.2', '0.0',
	'0', '0.5', 'agent', '12.5', '40', '47.5', '', 'false',
].join(',');

/** Text cases every parser path must agree with papaparse on. */
const CASES: Record<string, string> = {
	'simple LF, trailing newline': 'a,b,c\n1,2,3\n4,5,6\n',
	'no trailing newline': 'a,b,c\n1,2,3\n4,5,6',
	'CRLF record ends': 'a,b,c\r\n1,2,3\r\n4,5,6\r\n',
	'CRLF, no trailing newline': 'a,b,c\r\n1,2,3\r\n4,5,6',
	'quotes, escaped quotes, commas': 'name,note\n"Smith, John","He said ""hi"""\n"""","a""b"\n',
	'newlines inside quotes (LF file)': 'a,b\n"line1\nline2","x\r\ny"\n"c\rr",z\n',
	'newlines inside quotes (CRLF file)': 'a,b\r\n"line1\r\nline2","x\ny"\r\n"q",""\r\n',
	'BOM': '\uFEFFcall_id,name\n1,Ann\n',
	'BOM CRLF quoted header': '\uFEFF"call_id","name"\r\n"1","Ann"\r\n',
	'emoji and accents': 'name,emoji,note\nZoë Ørsted,😀👍🏽,"café, ça va? €"\n日本語,🎉,"naïve\n😀"\n',
	'empty cells': 'a,b,c\n,,\n1,,3\n,2,\n"",,""\n',
	'blank lines': 'a,b\n\n1,2\n\n\n3,4\n\n',
	'blank lines CRLF': 'a,b\r\n\r\n1,2\r\n\r\n3,4\r\n\r\n',
	'header only with newline': 'a,b,c\n',
	'header only without newline': 'a,b,c',
	'header only CRLF': 'a,b,c\r\n',
	'trailing comma at end of file': 'a,b\n1,',
	'quoted last field at end of file': 'a,b\n1,"x"',
	'quoted empty field at end of file': 'a,b\n1,""',
	'mid-field quote in unquoted field': 'a,b\nab"c,d"e\n5 1/2",x\n',
	'single column with quoted empty line': 'a\n""\nb\n',
	'multi-valued and disposition cells': 'call_id,categories,disposition\n1,"answered,inbound",Sales~Follow up\n2,"missed,inbound,voicemail",\n',
	'54-column records/calls row': `${RECORDS_CALLS_HEADER}\n${RECORDS_CALLS_ROW}\n${RECORDS_CALLS_ROW}`,
	'54-column records/calls row CRLF': `${RECORDS_CALLS_HEADER}\r\n${RECORDS_CALLS_ROW}\r\n`,
};

function papaRows(text: string): string[][] {
	const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const result = Papa.parse<string[]>(withoutBom, { skipEmptyLines: true });
	return result.data;
}

function parseWhole(text: string): string[][] {
	const parser = new CsvParser();
	return [...parser.push(text), ...parser.end()].map((row) => row.values);
}

async function* chunks(parts: Array<Uint8Array | string>): AsyncGenerator<Uint8Array | string> {
	for (const part of parts) yield part;
}

async function readAll(parts: Array<Uint8Array | string>): Promise<{ header: string[]; rows: string[][]; lines: number[] } | null> {
	const table = await readCsvTable(chunks(parts));
	if (table === null) return null;
	const rows: string[][] = [];
	const lines: number[] = [];
	for await (const batch of table.rows) {
		for (const row of batch) {
			rows.push(row.values);
			lines.push(row.line);
		}
	}
	return { header: table.header, rows, lines };
}

const encoder = new TextEncoder();

function splitAt(bytes: Uint8Array, at: number): Uint8Array[] {
	return [bytes.subarray(0, at), bytes.subarray(at)];
}

function oneByteChunks(bytes: Uint8Array): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (let i = 0; i < bytes.length; i++) out.push(bytes.subarray(i, i + 1));
	return out;
}

describe('CsvParser against papaparse', () => {
	it('the 54-column fixtures really have 54 columns', () => {
		expect(papaRows(CASES['54-column records/calls row'])[0]).toHaveLength(54);
		expect(papaRows(CASES['54-column records/calls row'])[1]).toHaveLength(54);
	});

	for (const [name, text] of Object.entries(CASES)) {
		describe(name, () => {
			const expected = papaRows(text);

			it('whole text', () => {
				expect(parseWhole(text)).toEqual(expected);
			});

			it('one character at a time', () => {
				const parser = new CsvParser();
				const rows = [];
				for (const char of text) rows.push(...parser.push(char));
				rows.push(...parser.end());
				expect(rows.map((row) => row.values)).toEqual(expected);
			});

			it('split at every byte position (UTF-8 chunks)', async () => {
				const bytes = encoder.encode(text);
				for (let at = 0; at <= bytes.length; at++) {
					const table = await readAll(splitAt(bytes, at));
					expect({ at, rows: table === null ? [] : [table.header, ...table.rows] }).toEqual({ at, rows: expected });
				}
			});

			it('split into every pair of pieces as strings (between \\r and \\n, inside "")', () => {
				for (let at = 0; at <= text.length; at++) {
					const parser = new CsvParser();
					const rows = [...parser.push(text.slice(0, at)), ...parser.push(text.slice(at)), ...parser.end()];
					expect({ at, rows: rows.map((row) => row.values) }).toEqual({ at, rows: expected });
				}
			});

			it('1-byte chunks', async () => {
				const table = await readAll(oneByteChunks(encoder.encode(text)));
				expect(table === null ? [] : [table.header, ...table.rows]).toEqual(expected);
			});
		});
	}
});

describe('line numbers', () => {
	it('counts physical lines, including line breaks inside quoted fields and blank lines', () => {
		const text = 'a,b\n"x\ny",1\n\n"p\r\nq\r\nr",2\r\n3,4';
		const parser = new CsvParser();
		const rows = [...parser.push(text), ...parser.end()];
		expect(rows.map((row) => row.line)).toEqual([1, 2, 5, 8]);
	});

	it('are the same whatever the chunking', async () => {
		const text = '\uFEFFa,b\n"x\ny",1\n\n"p\r\nq\r\nr",2\r\n3,4\n';
		const bytes = encoder.encode(text);
		for (let at = 0; at <= bytes.length; at++) {
			const table = await readAll(splitAt(bytes, at));
			expect(table?.lines).toEqual([2, 5, 8]);
		}
	});
});

describe('errors', () => {
	async function errorOf(parts: Array<Uint8Array | string>): Promise<unknown> {
		try {
			await readAll(parts);
		} catch (error) {
			return error;
		}
		return undefined;
	}

	it('a row with too many values names its line', async () => {
		const error = await errorOf(['a,b\n1,2\n3,4,5\n6,7\n']);
		expect(error).toBeInstanceOf(CsvFormatError);
		expect((error as CsvFormatError).line).toBe(3);
		expect((error as CsvFormatError).message).toBe('CSV line 3 has 3 values but the header has 2 columns');
	});

	it('a row with too few values names its line', async () => {
		const error = await errorOf(['a,b,c\n1,2,3\n4,5\n']);
		expect((error as CsvFormatError).message).toBe('CSV line 3 has 2 values but the header has 3 columns');
	});

	it('the ragged line is right after records with embedded newlines, for every chunking', async () => {
		const text = 'a,b\n"multi\nline\nnote",1\r\n"x","y\r\nz"\r\n\nshort\n';
		const bytes = encoder.encode(text);
		for (let at = 0; at <= bytes.length; at++) {
			const error = await errorOf(splitAt(bytes, at));
			expect(error).toBeInstanceOf(CsvFormatError);
			expect({ at, line: (error as CsvFormatError).line }).toEqual({ at, line: 8 });
		}
		expect(((await errorOf(oneByteChunks(bytes))) as CsvFormatError).message).toBe(
			'CSV line 8 has 1 values but the header has 2 columns',
		);
	});

	it('a ragged row in the first chunk (with the header) is found too', async () => {
		const error = await errorOf(['a,b\n1\n']);
		expect((error as CsvFormatError).line).toBe(2);
	});

	it('an unterminated quote names the line where the field started', async () => {
		const text = 'a,b\n1,2\n3,"never\nclosed\n4,5\n';
		const bytes = encoder.encode(text);
		for (let at = 0; at <= bytes.length; at++) {
			const error = await errorOf(splitAt(bytes, at));
			expect(error).toBeInstanceOf(CsvFormatError);
			expect({ at, line: (error as CsvFormatError).line }).toEqual({ at, line: 3 });
		}
		const error = (await errorOf([text])) as CsvFormatError;
		expect(error.message).toMatch(/^CSV line 3 has a quoted field that is never closed/);
	});

	it('an unterminated quote in the header is an error too', async () => {
		const error = await errorOf(['"a,b\n']);
		expect((error as CsvFormatError).line).toBe(1);
	});

	it('push() after end() is a programming error', () => {
		const parser = new CsvParser();
		parser.end();
		expect(() => parser.push('a')).toThrow('after end()');
	});
});

describe('readCsvTable', () => {
	it('returns null for an empty file, a BOM alone and blank lines alone', async () => {
		expect(await readCsvTable(chunks([]))).toBeNull();
		expect(await readCsvTable(chunks([new Uint8Array(0)]))).toBeNull();
		expect(await readCsvTable(chunks([new Uint8Array([0xef, 0xbb, 0xbf])]))).toBeNull();
		expect(await readCsvTable(chunks(['\n\r\n\n']))).toBeNull();
	});

	it('a header-only file has zero rows', async () => {
		expect(await readAll(['call_id,name\r\n'])).toEqual({ header: ['call_id', 'name'], rows: [], lines: [] });
	});

	it('batches rows per input chunk', async () => {
		const table = await readCsvTable(chunks(['a\n1\n2\n', '3\n4', '\n5\n']));
		const batches: string[][][] = [];
		for await (const batch of table!.rows) batches.push(batch.map((row) => row.values));
		expect(batches).toEqual([[['1'], ['2']], [['3']], [['4'], ['5']]]);
	});

	it('accepts Node Buffers and strips a BOM split over chunks', async () => {
		const bytes = Buffer.from('\uFEFFa,b\n1,é\n', 'utf8');
		const table = await readAll([bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2, 9), bytes.subarray(9)]);
		expect(table).toEqual({ header: ['a', 'b'], rows: [['1', 'é']], lines: [2] });
	});

	it('closes the source when the consumer stops early', async () => {
		let closed = false;
		async function* source(): AsyncGenerator<string> {
			try {
				yield 'a\n1\n';
				yield '2\n';
				yield '3\n';
			} finally {
				closed = true;
			}
		}
		const table = await readCsvTable(source());
		for await (const batch of table!.rows) {
			expect(batch[0].values).toEqual(['1']);
			break;
		}
		expect(closed).toBe(true);
	});

	it('closes the source when the header itself is malformed', async () => {
		let closed = false;
		async function* source(): AsyncGenerator<string> {
			try {
				yield '"a\n';
				yield '';
			} finally {
				closed = true;
			}
		}
		await expect(readCsvTable(source())).rejects.toBeInstanceOf(CsvFormatError);
		expect(closed).toBe(true);
	});

	it('parses a large quoted field spread over many chunks', async () => {
		const big = 'x'.repeat(200_000) + '""' + '\n'.repeat(1000) + 'y'.repeat(100_000);
		const text = `a,b\n"${big}",2\n3,4\n`;
		const bytes = encoder.encode(text);
		const parts: Uint8Array[] = [];
		for (let i = 0; i < bytes.length; i += 997) parts.push(bytes.subarray(i, i + 997));
		const table = await readAll(parts);
		expect(table!.rows).toEqual([[big.replace('""', '"'), '2'], ['3', '4']]);
		expect(table!.lines).toEqual([2, 1003]);
	});
});

describe('random documents against papaparse', () => {
	// Deterministic, so a failure reproduces.
	let seed = 12345;
	const rnd = (): number => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed / 2147483648;
	};
	const pieces = ['a', 'bc', ' ', ',', '"', '""', '\n', '\r\n', '\r', 'é', '😀', '€', '0', '+1', '~', ''];

	function field(): string {
		let text = '';
		const n = Math.floor(rnd() * 5);
		for (let i = 0; i < n; i++) text += pieces[Math.floor(rnd() * pieces.length)];
		return /[",\r\n]/.test(text) || rnd() < 0.1 ? `"${text.replace(/"/g, '""')}"` : text;
	}

	it('agree for 400 documents, whole and in random UTF-8 chunks', async () => {
		for (let doc = 0; doc < 400; doc++) {
			const width = 1 + Math.floor(rnd() * 4);
			const newline = rnd() < 0.5 ? '\n' : '\r\n';
			const lines: string[] = [];
			const rows = Math.floor(rnd() * 6);
			for (let r = 0; r <= rows; r++) {
				// a record of one empty field is a blank line (skipped by both), so keep records non-blank
				const cells = Array.from({ length: width }, field);
				if (width === 1 && (cells[0] === '' || cells[0] === '""')) cells[0] = 'x';
				lines.push(cells.join(','));
			}
			const text = (rnd() < 0.2 ? '\uFEFF' : '') + lines.join(newline) + (rnd() < 0.5 ? newline : '');
			const expected = papaRows(text);
			expect({ doc, text, rows: parseWhole(text) }).toEqual({ doc, text, rows: expected });

			const bytes = encoder.encode(text);
			const parts: Uint8Array[] = [];
			for (let at = 0; at < bytes.length; ) {
				const size = 1 + Math.floor(rnd() * 7);
				parts.push(bytes.subarray(at, at + size));
				at += size;
			}
			const table = await readAll(parts);
			expect({ doc, text, rows: table === null ? [] : [table.header, ...table.rows] }).toEqual({ doc, text, rows: expected });
		}
	});
});
