import type { IDataObject } from 'n8n-workflow';

export interface RowLimit {
	/** At most this many rows; 0 = no count limit. */
	maxRows: number;
	/** At most this many bytes of JSON in all; 0 = no size limit. */
	maxBytes: number;
}

/** Said after the rows when some were cut, so nobody (person or model) mistakes a part for the whole. */
export interface TruncationMarker extends IDataObject {
	truncated: true;
	totalRows: number;
	returnedRows: number;
}

/** Room for the list's brackets and the marker item, so the whole answer stays within the budget. */
const MARKER_RESERVE_BYTES = 100;

/** The length of `text` in UTF-8, without building the bytes. */
export function utf8Length(text: string): number {
	let bytes = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 0x80) bytes += 1;
		else if (code < 0x800) bytes += 2;
		else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
			bytes += 4;
			index++;
		} else bytes += 3;
	}
	return bytes;
}

/** The first rows within the limit, and the marker when any were cut. */
export function limitRows(rows: IDataObject[], limit: RowLimit): { rows: IDataObject[]; marker?: TruncationMarker } {
	let kept = limit.maxRows > 0 ? Math.min(rows.length, limit.maxRows) : rows.length;
	if (limit.maxBytes > 0) {
		let bytes = MARKER_RESERVE_BYTES;
		for (let index = 0; index < kept; index++) {
			bytes += utf8Length(JSON.stringify(rows[index])) + 1;
			if (bytes > limit.maxBytes) {
				kept = index;
				break;
			}
		}
	}
	if (kept === rows.length) return { rows };
	return { rows: rows.slice(0, kept), marker: { truncated: true, totalRows: rows.length, returnedRows: kept } };
}
