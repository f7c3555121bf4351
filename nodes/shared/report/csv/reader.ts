/**
 * Streaming RFC 4180 reader for Dialpad Stats exports.
 *
 * The package may not ship runtime dependencies, so this is the project's own parser; papaparse is
 * the oracle it is tested and benchmarked against (test/unit/csv*.test.ts, tools/bench.ts).
 *
 * What it accepts:
 * - comma-separated fields; a field that starts with `"` is quoted and may hold commas, `""` (one
 *   literal quote) and CR, LF or CRLF line breaks;
 * - records ended by LF or CRLF (both may appear in one file), or, in a file whose first line break
 *   is a lone CR (classic Mac), by CR; a CR at the very end of the input ends the last record like
 *   a CRLF does (`1,2\r` gives `2`, as `1,"2"\r` does); the last record may lack a line break;
 * - a UTF-8 byte-order mark at the very start (stripped once);
 * - chunks split anywhere: inside a quoted field, between `""`, between CR and LF, and (through
 *   {@link CsvReader}'s streaming TextDecoder) inside a multi-byte UTF-8 character;
 * - a `"` inside an unquoted field (`5 1/2"`) is an ordinary character, as in papaparse.
 *
 * What it refuses, with a {@link CsvFormatError} naming the 1-based line, rather than guessing (a
 * guess is a value changed without anyone noticing):
 * - a closing quote followed by anything but a comma, a line break or the end of the input
 *   (`"a"b,2`: papaparse keeps the quote as text and reads on to the next quote, merging records);
 * - a quoted field that is never closed (the line where it started);
 * - a line break of the other kind outside quotes: a lone CR in a file whose lines end with LF or
 *   CRLF, an LF in a file whose lines end with CR (a value that holds one must be quoted).
 * Row widths are checked by {@link readCsvTable} and {@link checkWidths}, not by the push parser.
 *
 * Deliberate differences from papaparse: it guesses one line break for the whole file from its first
 * megabyte (and treats the other kinds as text); it tolerates spaces between a closing quote and the
 * comma; it keeps an unterminated quoted field as text. Here the first line break outside quotes
 * decides, LF and CRLF go together, and the rest are errors (above).
 *
 * A record made of one empty field (a blank line, `\r\n` alone, or `""` alone) is skipped, as
 * papaparse's `skipEmptyLines: true` does. Line numbers are 1-based physical lines counted by LF (by
 * CR in a CR file), so they match what an editor shows.
 *
 * Bytes that are not valid UTF-8 do not stop the file: {@link CsvReader} decodes them as U+FFFD, as
 * every browser does, and says on which lines it did ({@link InvalidUtf8}).
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

/** Where a file's bytes were not valid UTF-8 (each bad byte sequence was read as U+FFFD, `�`). */
export interface InvalidUtf8 {
	/** The first physical line (1-based, counted as in CsvFormatError) with a replaced byte. */
	firstLine: number;
	/** How many lines have at least one. */
	lineCount: number;
}

export interface CsvTable {
	header: string[];
	/** Data rows (header excluded), in batches of one input chunk each; every row is as wide as the header. */
	rows: AsyncGenerator<CsvRow[]>;
	/** Lines with invalid UTF-8 so far (null: none); final once `rows` is exhausted. */
	invalidUtf8(): InvalidUtf8 | null;
}

// Where the parser stands between two pushes.
const AT_FIELD_START = 0;
const IN_UNQUOTED = 1;
const IN_QUOTED = 2;

// Which line breaks the file uses: decided by the first one outside quotes.
const BREAKS_UNDECIDED = 0;
/** LF or CRLF. */
const BREAKS_LF = 1;
/** CR alone. */
const BREAKS_CR = 2;

const LF = 10;
const CR = 13;
const QUOTE = 34; // "
const COMMA = 44;

function describeCharacter(char: string): string {
	if (char === ' ') return 'a space';
	if (char === '\t') return 'a tab';
	return JSON.stringify(char);
}

function textAfterQuoteError(line: number, char: string): CsvFormatError {
	return new CsvFormatError(
		`CSV line ${line} has ${describeCharacter(char)} right after the closing quote of a quoted field, where only a comma or a line break may follow (a quote inside a quoted value is written twice: "")`,
		line,
	);
}

function loneCrError(line: number): CsvFormatError {
	return new CsvFormatError(
		`CSV line ${line} has a carriage return (CR) outside quotes that does not end the line: the file's lines end with LF or CRLF, so a CR inside a value must be quoted`,
		line,
	);
}

function lfInCrFileError(line: number): CsvFormatError {
	return new CsvFormatError(
		`CSV line ${line} has a line feed (LF) outside quotes, but the file's lines end with a lone carriage return (CR): a file must use one kind of line break, and an LF inside a value must be quoted`,
		line,
	);
}

function countOf(text: string, char: string, from: number, to: number): number {
	let count = 0;
	for (let at = text.indexOf(char, from); at !== -1 && at < to; at = text.indexOf(char, at + 1)) count++;
	return count;
}

/**
 * Synchronous push parser: feed it text in pieces, get back the records that are complete.
 * Every record is returned, the header included; widths are not checked here (see
 * {@link readCsvTable}).
 */
export class CsvParser {
	/** Text received but not consumed yet: a closing-quote candidate at the end of a push (`"`, `"\r`). */
	private pending = '';
	private state = AT_FIELD_START;
	/**
	 * The field in progress from earlier pushes: unescaped text of a quoted field, or the raw text of
	 * an unquoted one (never holding a comma or LF; a CR only as its last character, undecided yet).
	 */
	private partial = '';
	private fields: string[] = [];
	/** Physical line of the next unread character. */
	private line = 1;
	private recordLine = 1;
	private fieldLine = 1;
	private started = false;
	private ended = false;
	private breaks = BREAKS_UNDECIDED;

	/**
	 * The records completed by this text. A malformed record throws CsvFormatError; the records before
	 * it in the same text are returned first and the error is thrown by the next call, so the first
	 * problem in the file is the one reported whatever the chunking (a ragged row found by the
	 * caller's width check, or the parser's own).
	 */
	push(chunk: string): CsvRow[] {
		if (this.failure) throw this.failure;
		if (this.ended) throw new Error('CsvParser.push() called after end()');
		if (!this.started) {
			if (chunk.length === 0) return [];
			this.started = true;
			if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
		}
		const text = this.pending.length === 0 ? chunk : this.pending + chunk;
		this.pending = '';
		return this.parseOrDefer(text, false);
	}

	/** Flushes the last record (one without a trailing line break). */
	end(): CsvRow[] {
		if (this.failure) throw this.failure;
		if (this.ended) return [];
		this.ended = true;
		const text = this.pending;
		this.pending = '';
		// At most the one record in progress completes here, so there is nothing to return before an error.
		return this.parse(text, true, []);
	}

	private failure: CsvFormatError | undefined;

	private parseOrDefer(text: string, final: boolean): CsvRow[] {
		const out: CsvRow[] = [];
		let failure: unknown;
		try {
			this.parse(text, final, out);
		} catch (error) {
			failure = error;
		}
		if (failure === undefined) return out;
		if (!(failure instanceof CsvFormatError) || out.length === 0) throw failure;
		this.failure = failure;
		return out;
	}

	/** The character lines are counted by: LF, or CR in a file whose lines end with a lone CR. */
	lineBreakCharacter(): string {
		return this.breaks === BREAKS_CR ? '\r' : '\n';
	}

	/**
	 * The physical lines of these ascending offsets in the text just given to push(), counted back
	 * from where the parser stands: a line break's kind is certain only once the parser has read it.
	 */
	linesOf(text: string, offsets: readonly number[]): number[] {
		const lineChar = this.lineBreakCharacter();
		const lines = new Array<number>(offsets.length);
		let line = this.line;
		let to = text.length - this.pending.length;
		for (let i = offsets.length - 1; i >= 0; i--) {
			line -= countOf(text, lineChar, offsets[i], to);
			to = offsets[i];
			lines[i] = Math.max(1, line);
		}
		return lines;
	}

	private parse(s: string, final: boolean, out: CsvRow[]): CsvRow[] {
		const len = s.length;
		let pos = 0;

		// Resume a field that an earlier push left open.
		if (this.state === IN_QUOTED) {
			pos = this.scanQuoted(s, 0, -2, final, out);
		} else if (this.state === IN_UNQUOTED) {
			pos = this.resumeUnquoted(s, final, out);
		}
		if (pos < 0) return out;

		let fields = this.fields;
		let line = this.line;
		// Next comma / LF / CR at or after pos (-1: none left; below pos: stale). Refreshed lazily, as
		// papaparse does, so an unquoted record costs one short scan per field and one per line break.
		let nextComma = -2;
		let nextLf = -2;
		let nextCr = -2;

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
				pos = this.scanQuoted(s, pos + 1, this.breaks === BREAKS_CR ? nextCr : nextLf, final, out);
				if (pos < 0) return out;
				fields = this.fields;
				line = this.line;
				if (this.breaks === BREAKS_CR) nextCr = this.breakHint;
				else nextLf = this.breakHint;
				continue;
			}
			if (nextComma !== -1 && nextComma < pos) nextComma = s.indexOf(',', pos);
			if (nextLf !== -1 && nextLf < pos) nextLf = s.indexOf('\n', pos);
			if (nextCr !== -1 && nextCr < pos) nextCr = s.indexOf('\r', pos);
			if (nextComma !== -1 && (nextComma < nextLf || nextLf === -1) && (nextComma < nextCr || nextCr === -1)) {
				fields.push(s.slice(pos, nextComma));
				pos = nextComma + 1;
				continue;
			}
			const lineBreak = nextLf === -1 ? nextCr : nextCr === -1 || nextLf < nextCr ? nextLf : nextCr;
			const after = lineBreak === -1 ? -1 : this.afterLineBreak(s, lineBreak, final, line);
			if (after === -1) {
				// No comma or line break left (or a CR at the very end): the field runs to the end of this text.
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
			if (fields.length === 0 && lineBreak === pos) {
				// blank line
				line = this.lineAfterRecord(fields, line);
			} else {
				fields.push(s.slice(pos, lineBreak));
				out.push({ values: fields, line: this.recordLine });
				line = this.lineAfterRecord(fields, line);
				fields = [];
			}
			this.recordLine = line;
			pos = after;
		}
	}

	/**
	 * The position after the line break whose first character (CR or LF) is at `at`, or -1 for a CR
	 * at the end of a text that is not the last one (it may be the start of a CRLF). The first line
	 * break outside quotes decides which kind the file uses; the other kind throws.
	 */
	private afterLineBreak(s: string, at: number, final: boolean, line: number): number {
		if (s.charCodeAt(at) === LF) {
			if (this.breaks === BREAKS_CR) throw lfInCrFileError(line);
			this.breaks = BREAKS_LF;
			return at + 1;
		}
		// In a CR file a CR always ends the record, even before an LF (which then fails on the next line).
		if (this.breaks === BREAKS_CR) return at + 1;
		if (at + 1 < s.length) {
			if (s.charCodeAt(at + 1) === LF) {
				this.breaks = BREAKS_LF;
				return at + 2;
			}
			if (this.breaks === BREAKS_LF) throw loneCrError(line);
			if (this.breaks === BREAKS_UNDECIDED) this.switchToCrBreaks = true;
			this.breaks = BREAKS_CR;
			return at + 1;
		}
		return final ? at + 1 : -1;
	}

	/** Set by afterLineBreak when the first line break of the file turns out to be a lone CR. */
	private switchToCrBreaks = false;

	/** The line after a record (or blank line) whose last line break has just been read. */
	private lineAfterRecord(values: readonly string[], line: number): number {
		if (!this.switchToCrBreaks) return line + 1;
		// The first record of a CR file: until now lines were counted by LF (inside quotes); count by CR.
		this.switchToCrBreaks = false;
		let crs = 0;
		for (const value of values) crs += countOf(value, '\r', 0, value.length);
		return 2 + crs;
	}

	/**
	 * Goes on with an unquoted field that the previous push ended in (this.partial); returns the
	 * position after its separator, or -1 when the text ran out (state saved, or input finished).
	 */
	private resumeUnquoted(s: string, final: boolean, out: CsvRow[]): number {
		const prefix = this.partial;
		const len = s.length;
		this.partial = '';
		this.state = AT_FIELD_START;
		let value: string;
		let after: number;
		if (prefix.charCodeAt(prefix.length - 1) === CR) {
			// The last text ended on a CR: this text's first character says what kind of line break it is.
			if (len === 0 && !final) {
				this.partial = prefix;
				this.state = IN_UNQUOTED;
				return -1;
			}
			value = prefix.slice(0, -1);
			after = len === 0 ? 0 : this.afterLineBreak(prefix.slice(-1) + s.charAt(0), 0, final, this.line) - 1;
		} else {
			const comma = s.indexOf(',');
			const lf = s.indexOf('\n');
			const cr = s.indexOf('\r');
			const lineBreak = lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr;
			if (comma !== -1 && (comma < lineBreak || lineBreak === -1)) {
				this.fields.push(prefix + s.slice(0, comma));
				return comma + 1;
			}
			after = lineBreak === -1 ? -1 : this.afterLineBreak(s, lineBreak, final, this.line);
			if (after === -1) {
				if (final) {
					this.fields.push(prefix + s);
					this.finishInput(out, this.fields, this.line);
				} else {
					this.partial = prefix + s;
					this.state = IN_UNQUOTED;
				}
				return -1;
			}
			value = prefix + s.slice(0, lineBreak);
		}
		const fields = this.fields;
		fields.push(value);
		if (!(fields.length === 1 && value === '')) out.push({ values: fields, line: this.recordLine });
		this.fields = [];
		this.line = this.lineAfterRecord(fields, this.line);
		this.recordLine = this.line;
		return after;
	}

	/** Where scanQuoted left the search for the next line-break character, for the caller's cache. */
	private breakHint = -2;

	/**
	 * Scans a quoted field whose content starts at `start` (after the opening quote, or at 0 when
	 * resuming); `hint` is a known position of the next line-break character (LF; CR in a CR file)
	 * at or after `start`, -1 for none, or below `start` if unknown. Reads and updates this.fields /
	 * this.line. Returns the position after the field's separator, or -1 when the text ran out (state
	 * saved for the next push, or input finished).
	 */
	private scanQuoted(s: string, start: number, hint: number, final: boolean, out: CsvRow[]): number {
		const len = s.length;
		const lineChar = this.lineBreakCharacter();
		let value = this.partial;
		let line = this.line;
		let segStart = start;
		let search = start;
		let nextBreak = hint !== -1 && hint < start ? s.indexOf(lineChar, start) : hint;
		for (;;) {
			const q = s.indexOf('"', search);
			if (q === -1 || (!final && (q === len - 1 || (q === len - 2 && s.charCodeAt(len - 1) === CR)))) {
				// Not decidable yet: a quote at the very end could open `""`, and `"\r` could be `"\r\n`.
				const keepFrom = q === -1 ? len : q;
				while (nextBreak !== -1 && nextBreak < keepFrom) {
					line++;
					nextBreak = s.indexOf(lineChar, nextBreak + 1);
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
			while (nextBreak !== -1 && nextBreak < q) {
				line++;
				nextBreak = s.indexOf(lineChar, nextBreak + 1);
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
			if (next === COMMA) {
				after = q + 2;
			} else if (next === -1) {
				after = len; // the end of the input (final: a quote at the end of a push waits above)
			} else if (next === LF || next === CR) {
				// Never -1: a `"\r` at the end of a text that is not the last one waited above.
				after = this.afterLineBreak(s, q + 1, final, line);
				endsRecord = true;
			} else {
				throw textAfterQuoteError(line, s.charAt(q + 1));
			}
			let fields = this.fields;
			fields.push(value + s.slice(segStart, q));
			this.partial = '';
			this.state = AT_FIELD_START;
			if (endsRecord) {
				if (!(fields.length === 1 && fields[0] === '')) out.push({ values: fields, line: this.recordLine });
				line = this.lineAfterRecord(fields, line);
				fields = [];
				this.recordLine = line;
				nextBreak = -2; // the record's own line break is behind us
			}
			this.fields = fields;
			this.line = line;
			this.breakHint = nextBreak;
			if (after >= len && final) {
				if (next === COMMA) fields.push('');
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
