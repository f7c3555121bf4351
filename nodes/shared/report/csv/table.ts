/** The reader's front: bytes or text in, a header and batches of records out, invalid UTF-8 counted. */
import { CsvFormatError, CsvParser, type CsvRow, type CsvTable, type InvalidUtf8 } from './reader';
import { REPLACEMENT, lastBytes, replacedOffsets } from './utf8';

interface Utf8Decoder {
	decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
// TextDecoder is a global in Node and in n8n; the package's tsconfig has no DOM or Node typings.
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Utf8Decoder;

/**
 * A CSV byte (or text) stream in, records out: a streaming UTF-8 decoder in front of a CsvParser.
 * Invalid UTF-8 does not stop the file (each bad sequence becomes U+FFFD, as in every browser), but
 * the lines where that happened are counted, so a mangled name is never a surprise.
 */
export class CsvReader {
	// The parser strips the BOM itself, so string and byte input behave alike.
	private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
	private readonly parser = new CsvParser();
	/** The last bytes seen (up to 3: a split character's start), for replacedOffsets. */
	private tail = new Uint8Array(0);
	private firstInvalidLine = 0;
	private lastInvalidLine = 0;
	private invalidLines = 0;

	/** Throws CsvFormatError for malformed text. */
	push(chunk: Uint8Array | string): CsvRow[] {
		if (typeof chunk === 'string') return this.parser.push(chunk);
		const text = this.decoder.decode(chunk, { stream: true });
		let offsets: number[] | undefined;
		if (text.indexOf(REPLACEMENT) !== -1) offsets = replacedOffsets(this.tail, chunk);
		this.tail = lastBytes(this.tail, chunk, 3);
		return this.pushText(text, offsets);
	}

	/** The end of the input: flushes the last record (throws CsvFormatError for an unclosed quote). */
	end(): CsvRow[] {
		// A character cut off by the end of the file is one U+FFFD, the only thing this can hold.
		const tail = this.decoder.decode();
		const rows = tail.length > 0 ? this.pushText(tail, [0]) : [];
		const last = this.parser.end();
		return rows.length === 0 ? last : rows.concat(last);
	}

	/** Null while every byte so far was valid UTF-8. */
	invalidUtf8(): InvalidUtf8 | null {
		return this.invalidLines === 0 ? null : { firstLine: this.firstInvalidLine, lineCount: this.invalidLines };
	}

	private pushText(text: string, replaced: number[] | undefined): CsvRow[] {
		if (replaced === undefined || replaced.length === 0) return this.parser.push(text);
		const rows = this.parser.push(text);
		for (const line of this.parser.linesOf(text, replaced)) {
			// Offsets ascend, so lines do: a line already counted is the last one counted.
			if (line !== this.lastInvalidLine) {
				if (this.invalidLines === 0) this.firstInvalidLine = line;
				this.invalidLines++;
				this.lastInvalidLine = line;
			}
		}
		return rows;
	}
}

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
	const reader = new CsvReader();
	let done = false;

	const pull = async (): Promise<CsvRow[]> => {
		const next = await iterator.next();
		if (next.done) {
			done = true;
			return reader.end();
		}
		return reader.push(next.value);
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

	return { header, rows: rows(), invalidUtf8: () => reader.invalidUtf8() };
}
