/**
 * Reads a CSV as its bytes go by, synchronously, keeping nothing but counts: the header, the exact
 * number of data rows, the number of bytes, and the parser's error for a malformed file. The same
 * rules as readCsvTable (same parser, same width check), so a file that fails as items fails as a
 * file too, naming the same line.
 */
import { CsvParser, checkWidths, type CsvRow } from './csv';

interface Utf8Decoder {
	decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
interface Utf8Encoder {
	encode(input: string): Uint8Array;
}
// Globals in Node and n8n; the package's tsconfig has no DOM or Node typings.
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Utf8Decoder;
declare const TextEncoder: new () => Utf8Encoder;

export class CsvTally {
	/** Null until the header line has arrived (and for an empty file). */
	header: string[] | null = null;
	rowCount = 0;
	byteCount = 0;
	private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
	private readonly parser = new CsvParser();

	/** Throws CsvFormatError for a malformed row. */
	push(chunk: Uint8Array | string): void {
		if (typeof chunk === 'string') {
			this.byteCount += new TextEncoder().encode(chunk).byteLength;
			this.count(this.parser.push(chunk));
		} else {
			this.byteCount += chunk.byteLength;
			this.count(this.parser.push(this.decoder.decode(chunk, { stream: true })));
		}
	}

	/** The end of the file: flushes the last record (throws CsvFormatError for an unclosed quote). */
	end(): void {
		const tail = this.decoder.decode();
		if (tail.length > 0) this.count(this.parser.push(tail));
		this.count(this.parser.end());
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
