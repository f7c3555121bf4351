/**
 * Reads a CSV as its bytes go by, synchronously, keeping nothing but counts: the header, the exact
 * number of data rows, the number of bytes, the lines with invalid UTF-8, and the parser's error for
 * a malformed file. The same rules as readCsvTable (same reader, same width check), so a file that
 * fails as items fails as a file too, naming the same line.
 */
import { type CsvRow, type InvalidUtf8 } from './reader';
import { CsvReader, checkWidths } from './table';

interface Utf8Encoder {
	encode(input: string): Uint8Array;
}
// A global in Node and n8n; the package's tsconfig has no DOM or Node typings.
declare const TextEncoder: new () => Utf8Encoder;

export class CsvTally {
	/** Null until the header line has arrived (and for an empty file). */
	header: string[] | null = null;
	rowCount = 0;
	byteCount = 0;
	private readonly reader = new CsvReader();

	/** Throws CsvFormatError for a malformed row. */
	push(chunk: Uint8Array | string): void {
		this.byteCount += typeof chunk === 'string' ? new TextEncoder().encode(chunk).byteLength : chunk.byteLength;
		this.count(this.reader.push(chunk));
	}

	/** The end of the file: flushes the last record (throws CsvFormatError for an unclosed quote). */
	end(): void {
		this.count(this.reader.end());
	}

	/** Lines with bytes that are not valid UTF-8 (null: none). The stored file keeps them as they are. */
	get invalidUtf8(): InvalidUtf8 | null {
		return this.reader.invalidUtf8();
	}

	private count(rows: CsvRow[]): void {
		if (rows.length === 0) return;
		let data = rows;
		if (this.header === null) {
			this.header = rows[0].values;
			data = rows.slice(1);
		}
		checkWidths(data, this.header.length);
		this.rowCount += data.length;
	}
}
