/** UTF-8 accounting for the reader: where the decoder replaced invalid bytes with U+FFFD. */

export const REPLACEMENT = '\uFFFD';

/**
 * UTF-16 offsets, in the text a streaming TextDecoder gives for `chunk`, of the U+FFFD characters it
 * put in for invalid bytes (not those the file itself holds). `before` is the end (up to 3 bytes) of
 * what came earlier, so that a character split over chunks is judged as the decoder judges it. This
 * is the WHATWG UTF-8 decoder that TextDecoder implements (one U+FFFD per maximal invalid subpart),
 * run only on the rare chunk whose text holds a U+FFFD at all.
 */
export function replacedOffsets(before: Uint8Array, chunk: Uint8Array): number[] {
	const offsets: number[] = [];
	const head = before.length;
	const total = head + chunk.length;
	let needed = 0;
	let seen = 0;
	let lower = 0x80;
	let upper = 0xbf;
	let out = 0; // UTF-16 units of this chunk's text so far
	for (let i = 0; i < total; ) {
		const mine = i >= head;
		const byte = mine ? chunk[i - head] : before[i];
		if (needed === 0) {
			i++;
			if (byte < 0x80) {
				if (mine) out++;
			} else if (byte >= 0xc2 && byte <= 0xdf) {
				needed = 1;
			} else if (byte >= 0xe0 && byte <= 0xef) {
				if (byte === 0xe0) lower = 0xa0;
				else if (byte === 0xed) upper = 0x9f;
				needed = 2;
			} else if (byte >= 0xf0 && byte <= 0xf4) {
				if (byte === 0xf0) lower = 0x90;
				else if (byte === 0xf4) upper = 0x8f;
				needed = 3;
			} else if (mine) {
				offsets.push(out++);
			}
			continue;
		}
		if (byte < lower || byte > upper) {
			// The sequence ends early: one U+FFFD for it, and this byte is read again as a fresh start.
			needed = 0;
			seen = 0;
			lower = 0x80;
			upper = 0xbf;
			if (mine) offsets.push(out++);
			continue;
		}
		lower = 0x80;
		upper = 0xbf;
		i++;
		if (++seen === needed) {
			if (mine) out += needed === 3 ? 2 : 1;
			needed = 0;
			seen = 0;
		}
	}
	return offsets;
}

/** The last `count` bytes of `before` followed by `chunk`. */
export function lastBytes(before: Uint8Array, chunk: Uint8Array, count: number): Uint8Array {
	if (chunk.length >= count) return chunk.slice(chunk.length - count);
	const joined = new Uint8Array(Math.min(count, before.length + chunk.length));
	const fromBefore = joined.length - chunk.length;
	joined.set(before.subarray(before.length - fromBefore), 0);
	joined.set(chunk, fromBefore);
	return joined;
}
