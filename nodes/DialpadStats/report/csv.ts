/**
 * Streaming RFC 4180 reader for Dialpad Stats exports.
 *
 * The package may not ship runtime dependencies, so this is the project's own parser; papaparse is
 * the oracle it is tested and benchmarked against (test/unit/csv.test.ts, tools/bench.ts).
 *
 * What it accepts:
 * - comma-separated fields; a field that starts with `"` is quoted and may hold commas, `""` (one
 *   literal quote) and CR, LF or CRLF line breaks;
 * - records ended by LF or CRLF (a CR directly before the LF is dropped from an unquoted last field);
 *   the last record may lack a line break;
 * - a UTF-8 byte-order mark at the very start (stripped once);
 * - chunks split anywhere: inside a quoted field, between `""`, between CR and LF, and (through
 *   {@link readCsvTable}'s streaming TextDecoder) inside a multi-byte UTF-8 character.
 *
 * Leniency, chosen to match papaparse on the same input:
 * - a `"` inside an unquoted field (`ab"c`) is an ordinary character;
 * - a `"` inside a quoted field that is not doubled and not followed by a comma, a line break or the
 *   end of the input is kept as a literal character, and the field goes on to the next proper
 *   closing quote (papaparse reports `InvalidQuotes` and does the same).
 *
 * Deliberate differences from papaparse:
 * - a lone CR outside quotes does not end a record (Dialpad writes LF or CRLF; papaparse would guess
 *   the line break from the first one it meets);
 * - an unterminated quoted field at the end of the input is a {@link CsvFormatError} naming the line
 *   where that field started, not a silently truncated value;
 * - papaparse tolerates spaces between a closing quote and the comma; this parser keeps such a quote
 *   as a literal (see above), which only matters for malformed files.
 *
 * A record made of one empty field (a blank line, `\r\n` alone, or `""` alone) is skipped, as
 * papaparse's `skipEmptyLines: true` does. Line numbers are 1-based physical lines counted by LF, so
 * they match what an editor shows for LF and CRLF files.
 */

/** A malformed file: the message names the 1-based physical line. */
export class CsvFormatError extends Error {
	readonly line: number;

	constructor(message: string, line: number) {
		super(message);
		this.name = 'CsvFormatError';
		this.line = line;
	}
}

export interface CsvRow {
	values: string[];
	/** 1-based physical line where the record starts. */
	line: number;
}

export interface CsvTable {
	header: string[];
	/** Data rows (header excluded), in batches of one input chunk each; every row is as wide as the header. */
	rows: AsyncGenerator<CsvRow[]>;
}

// Where the parser stands between two pushes.
const AT_FIELD_START = 0;
const IN_UNQUOTED = 1;
const IN_QUOTED = 2;

const QUOTE = 34; // "

/**
 * Synchronous push parser: feed it text in pieces, get back the records that are complete.
 * Every record is returned, the header included; widths are not checked here (see
 * {@link readCsvTable}).
 */
export class CsvParser {
	/** Text received but not consumed yet. */
	private pending = '';
	private state = AT_FIELD_START;
	/** Already unescaped text of the field in progress (quoted or unquoted) from earlier pushes. */
	private partial = '';
	private fields: string[] = [];
	/** Physical line of the next unread character. */
	private line = 1;
	private recordLine = 1;
	private fieldLine = 1;
	private started = false;
	private ended = false;

	push(chunk: string): CsvRow[] {
		if (this.ended) throw new Error('CsvParser.push() called after end()');
		if (!this.started) {
			if (chunk.length === 0) return [];
			this.started = true;
			if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
		}
		const text = this.pending.length === 0 ? chunk : this.pending + chunk;
		this.pending = '';
		return this.parse(text, false);
	}

	/** Flushes the last record (one without a trailing line break). */
	end(): CsvRow[] {
		if (this.ended) return [];
		this.ended = true;
		const text = this.pending;
		this.pending = '';
		return this.parse(text, true);
	}

	private parse(s: string, final: boolean): CsvRow[] {
		const out: CsvRow[] = [];
		const len = s.length;
		let fields = this.fields;
		let line = this.line;
		let pos = 0;
		// Next comma / LF at or after pos (-1: none left; below pos: stale). Refreshed lazily, as
		// papaparse does, so an unquoted record costs two indexOf scans rather than one per field.
		let nextComma = -2;
		let nextLf = -2;

		// Resume a field that an earlier push left open.
		if (this.state === IN_QUOTED) {
			pos = this.scanQuoted(s, 0, -2, final, out);
			if (pos < 0) return out;
			fields = this.fields;
			line = this.line;
			nextLf = this.lfHint;
		} else if (this.state === IN_UNQUOTED) {
			nextComma = s.indexOf(',');
			nextLf = s.indexOf('\n');
			if (nextComma === -1 && nextLf === -1 && !final) {
				this.partial += s;
				return out;
			}
			this.state = AT_FIELD_START;
			const prefix = this.partial;
			this.partial = '';
			if (nextComma !== -1 && (nextComma < nextLf || nextLf === -1)) {
				fields.push(prefix + s.slice(0, nextComma));
				pos = nextComma + 1;
			} else if (nextLf === -1) {
				// final, and no separator left at all
				fields.push(prefix + s);
				return this.finishInput(out, fields, line);
			} else {
				let value = prefix + s.slice(0, nextLf);
				if (value.charCodeAt(value.length - 1) === 13) value = value.slice(0, -1);
				fields.push(value);
				if (!(fields.length === 1 && value === '')) out.push({ values: fields, line: this.recordLine });
				fields = [];
				line++;
				this.recordLine = line;
				pos = nextLf + 1;
			}
		}

		for (;;) {
			// pos is at the start of a field.
			if (pos >= len) {
				// "a,b," ends with an empty field; text ending right after a line break does not.
				if (final) {
					if (fields.length > 0) fields.push('');
					return this.finishInput(out, fields, line);
				}
				this.fields = fields;
				this.line = line;
				this.state = AT_FIELD_START;
				return out;
			}
			if (s.charCodeAt(pos) === QUOTE) {
				this.fields = fields;
				this.line = line;
				this.fieldLine = line;
				this.partial = '';
				pos = this.scanQuoted(s, pos + 1, nextLf, final, out);
				if (pos < 0) return out;
				fields = this.fields;
				line = this.line;
				nextLf = this.lfHint;
				continue;
			}
			if (nextComma !== -1 && nextComma < pos) nextComma = s.indexOf(',', pos);
			if (nextLf !== -1 && nextLf < pos) nextLf = s.indexOf('\n', pos);
			if (nextComma !== -1 && (nextComma < nextLf || nextLf === -1)) {
				fields.push(s.slice(pos, nextComma));
				pos = nextComma + 1;
				continue;
			}
			if (nextLf !== -1) {
				const end = nextLf > pos && s.charCodeAt(nextLf - 1) === 13 ? nextLf - 1 : nextLf;
				if (fields.length === 0 && end === pos) {
					// blank line
				} else {
					fields.push(s.slice(pos, end));
					out.push({ values: fields, line: this.recordLine });
					fields = [];
				}
				line++;
				this.recordLine = line;
				pos = nextLf + 1;
				continue;
			}
			// No comma or LF left: the field runs to the end of this text.
			if (final) {
				fields.push(s.slice(pos));
				return this.finishInput(out, fields, line);
			}
			this.partial = s.slice(pos);
			this.state = IN_UNQUOTED;
			this.fields = fields;
			this.line = line;
			return out;
		}
	}

	/** Where scanQuoted left the LF search, for the caller's cache. */
	private lfHint = -2;

	/**
	 * Scans a quoted field whose content starts at `start` (after the opening quote, or at 0 when
	 * resuming); `lf` is a known LF position at or after `start`, -1 for none, or below `start` if
	 * unknown. Reads and updates this.fields / this.line. Returns the position after the field's
	 * separator, or -1 when the text ran out (state saved for the next push, or input finished).
	 */
	private scanQuoted(s: string, start: number, lfIn: number, final: boolean, out: CsvRow[]): number {
		const len = s.length;
		let value = this.partial;
		let line = this.line;
		let segStart = start;
		let search = start;
		let lf = lfIn !== -1 && lfIn < start ? s.indexOf('\n', start) : lfIn;
		for (;;) {
			const q = s.indexOf('"', search);
			if (q === -1 || (!final && (q === len - 1 || (q === len - 2 && s.charCodeAt(len - 1) === 13)))) {
				// Not decidable yet: a quote at the very end could open `""`, and `"\r` could be `"\r\n`.
				const keepFrom = q === -1 ? len : q;
				while (lf !== -1 && lf < keepFrom) {
					line++;
					lf = s.indexOf('\n', lf + 1);
				}
				if (final) {
					throw new CsvFormatError(
						`CSV line ${this.fieldLine} has a quoted field that is never closed (missing closing ")`,
						this.fieldLine,
					);
				}
				this.partial = value + s.slice(segStart, keepFrom);
				this.pending = s.slice(keepFrom);
				this.state = IN_QUOTED;
				this.line = line;
				return -1;
			}
			while (lf !== -1 && lf < q) {
				line++;
				lf = s.indexOf('\n', lf + 1);
			}
			const next = q + 1 < len ? s.charCodeAt(q + 1) : -1;
			if (next === QUOTE) {
				value += s.slice(segStart, q + 1);
				segStart = q + 2;
				search = q + 2;
				continue;
			}
			let after: number;
			let endsRecord = false;
			if (next === 44) {
				after = q + 2;
			} else if (next === 10) {
				after = q + 2;
				endsRecord = true;
			} else if (next === 13 && q + 2 < len && s.charCodeAt(q + 2) === 10) {
				after = q + 3;
				endsRecord = true;
			} else if (next === -1 || (next === 13 && q + 2 === len && final)) {
				after = len;
			} else {
				// Stray quote inside a quoted field: keep it as a character (papaparse does too).
				search = q + 1;
				continue;
			}
			let fields = this.fields;
			fields.push(value + s.slice(segStart, q));
			this.partial = '';
			this.state = AT_FIELD_START;
			if (endsRecord) {
				if (!(fields.length === 1 && fields[0] === '')) out.push({ values: fields, line: this.recordLine });
				fields = [];
				line++;
				this.recordLine = line;
				lf = -2; // the terminator LF is behind us
			}
			this.fields = fields;
			this.line = line;
			this.lfHint = lf;
			if (after >= len && final) {
				if (next === 44) fields.push('');
				this.finishInput(out, fields, line);
				return -1;
			}
			return after;
		}
	}

	private finishInput(out: CsvRow[], fields: string[], line: number): CsvRow[] {
		if (fields.length > 0 && !(fields.length === 1 && fields[0] === '')) {
			out.push({ values: fields, line: this.recordLine });
		}
		this.fields = [];
		this.line = line;
		this.state = AT_FIELD_START;
		return out;
	}
}

interface Utf8Decoder {
	decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
// TextDecoder is a global in Node and in n8n; the package's tsconfig has no DOM or Node typings.
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Utf8Decoder;

/** Checks every row against the header width: a ragged row is an error, never a silent shift. */
export function checkWidths(rows: CsvRow[], width: number): void {
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i];
		if (row.values.length !== width) {
			throw new CsvFormatError(
				`CSV line ${row.line} has ${row.values.length} values but the header has ${width} columns`,
				row.line,
			);
		}
	}
}

/**
 * Reads a CSV byte (or text) stream: resolves with the header once it has arrived, and the data rows
 * as an async generator of batches. Resolves with null for an empty file (no header at all).
 * Stopping the row generator early (`break`, `return()`) closes the source.
 */
export async function readCsvTable(source: AsyncIterable<Uint8Array | string>): Promise<CsvTable | null> {
	const iterator = source[Symbol.asyncIterator]();
	// The parser strips the BOM itself, so string and byte input behave alike.
	const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
	const parser = new CsvParser();
	let done = false;

	const pull = async (): Promise<CsvRow[]> => {
		const next = await iterator.next();
		if (next.done) {
			done = true;
			const tail = decoder.decode();
			const rows = tail.length > 0 ? parser.push(tail) : [];
			const last = parser.end();
			return rows.length === 0 ? last : rows.concat(last);
		}
		const chunk = next.value;
		return parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
	};

	const close = async (): Promise<void> => {
		if (!done && iterator.return) {
			done = true;
			await iterator.return();
		}
	};

	let first: CsvRow[] = [];
	let headerRead = false;
	try {
		while (first.length === 0 && !done) first = await pull();
		headerRead = true;
	} finally {
		if (!headerRead) await close();
	}
	if (first.length === 0) return null;

	const header = first[0].values;
	const width = header.length;
	const initial = first.slice(1);

	async function* rows(): AsyncGenerator<CsvRow[]> {
		try {
			if (initial.length > 0) {
				checkWidths(initial, width);
				yield initial;
			}
			while (!done) {
				const batch = await pull();
				if (batch.length === 0) continue;
				checkWidths(batch, width);
				yield batch;
			}
		} finally {
			await close();
		}
	}

	return { header, rows: rows() };
}
