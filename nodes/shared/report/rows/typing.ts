/**
 * Turns CSV rows into n8n item JSON: keys are the header names, every row has every column, in file
 * order. With typing on, each cell is typed by its column name and its shape:
 *
 * - empty cell -> null (in every column);
 * - `id` and `*_id` columns -> string (16-digit ids can exceed 2^53); so are phone columns
 *   (`phone`, `*_phone`, `*_number`) and obvious text columns (`name`, `*_name`, `email`,
 *   `*_email`, `*_url`, `disposition`, `reason`), so that a name like `42` does not turn a text
 *   column into a mixed one;
 * - `true` / `false` in any letter case -> boolean;
 * - `YYYY-MM-DD HH:MM:SS` (or with `T`), optional fraction of 1-6 digits -> ISO 8601 with the report
 *   time zone's offset for that instant, fraction kept as written:
 *   `2026-09-01 00:05:19.528115` in America/New_York -> `2026-09-01T00:05:19.528115-04:00`.
 *   A wall time that happens twice (DST fall-back) takes the earlier instant (the first offset); a
 *   wall time that never happens (spring-forward gap) is moved forward by the gap, keeping the
 *   offset in force before it (`02:30` on a New York spring-forward day -> `03:30-04:00`). This is
 *   Temporal's `disambiguation: 'compatible'`;
 * - a plain date `YYYY-MM-DD` stays a string;
 * - numbers: `-?digits(.digits)?(e[+-]?digits)?` -> number, except
 *   - a leading `+` or a leading zero followed by more digits (`+14155550123`, `007`, `-01`) ->
 *     string (phone numbers, codes); `0`, `0.13`, `-0.5` are numbers;
 *   - more than 15 digits before the point, in any notation -> string: `1234567890123456`,
 *     `9007199254740993.0`, `1234567890123456.7`, `9007199254740993e0`, `1e16` (ids and codes in
 *     columns not named `*_id`; a column of them stays all-string instead of switching type above
 *     2^53, and no digit is lost to rounding);
 *   - other decimals and exponents: up to 17 significant digits -> number (that is how doubles get
 *     printed: Python's repr gives `0.13333333333333333`, `%.17g` gives `3.7166666666666668`); more
 *     -> number only if the double prints back to the same digits, else string;
 * - anything else (`answered,inbound`, `Sales~Follow up`, `NaN`, ` 12`) -> the text unchanged.
 *
 * Header names become the item keys. A name keeps its key at its first column; a repeat gets a
 * suffix, skipping every name the file itself has, so a column of the file never loses its name:
 * `[x, x, x_2]` -> `x, x_3, x_2`. An empty name becomes `column_N` (N = 1-based position), and so do
 * `__proto__`, `constructor` and `prototype`, keys that n8n's own item copies leave out. JavaScript
 * lists integer-like keys (a column named `2024`) first whatever the file says; Dialpad's headers
 * are snake_case. With typing off, values are the CSV text unchanged (an empty cell stays "").
 */
import type { IDataObject } from 'n8n-workflow';

import { parseNumber } from './numbers';
import { createTimestampConverter } from './timestamps';

export interface RowTypingOptions {
	typeValues: boolean;
	/** IANA zone the CSV's naive timestamps are in. */
	timezone: string;
}

type Cell = string | number | boolean | null;

/** Keys n8n's own item copies (deepCopy) leave out, so a column by that name would vanish downstream. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Item keys for a header: unique, non-empty, safe to copy, in file order (see the module comment). */
export function columnKeys(header: readonly string[]): string[] {
	// Every name the file has is taken before any new one is made up: the file's own `x_2` stays `x_2`.
	const taken = new Set<string>();
	for (const name of header) if (name !== '' && !RESERVED_KEYS.has(name)) taken.add(name);
	const kept = new Set<string>();
	/** Per base name, the suffix to try next: each made-up name costs O(1) on average, not a rescan. */
	const nextSuffix = new Map<string, number>();
	const keys = new Array<string>(header.length);
	for (let i = 0; i < header.length; i++) {
		const name = header[i];
		const usable = name !== '' && !RESERVED_KEYS.has(name);
		if (usable && !kept.has(name)) {
			kept.add(name);
			keys[i] = name;
			continue;
		}
		const base = usable ? name : `column_${i + 1}`;
		let key = base;
		if (usable || taken.has(base)) {
			let n = nextSuffix.get(base) ?? 2;
			while (taken.has(`${base}_${n}`)) n++;
			nextSuffix.set(base, n + 1);
			key = `${base}_${n}`;
		}
		taken.add(key);
		keys[i] = key;
	}
	return keys;
}

const TEXT_COLUMNS = new Set(['id', 'name', 'email', 'phone', 'disposition', 'reason']);
const TEXT_SUFFIXES = ['_id', '_name', '_email', '_phone', '_number', '_url'];

/** Whether a column keeps its text whatever it looks like (ids, phone numbers, names). */
export function isTextColumn(name: string): boolean {
	const lower = name.toLowerCase();
	if (TEXT_COLUMNS.has(lower)) return true;
	for (const suffix of TEXT_SUFFIXES) if (lower.endsWith(suffix)) return true;
	return false;
}

export function createRowTyper(
	header: readonly string[],
	options: RowTypingOptions,
): (values: string[]) => IDataObject {
	const keys = columnKeys(header);
	const width = keys.length;
	// Every item starts as a copy of this object: copies share its shape (V8 "fast" properties),
	// where 54 keyed stores into {} would fall back to a slow dictionary object.
	const template = itemTemplate(keys);
	if (!options.typeValues) {
		return (values) => {
			const item: IDataObject = { ...template };
			for (let i = 0; i < width; i++) {
				const value = values[i];
				item[keys[i]] = value === undefined ? '' : value;
			}
			return item;
		};
	}
	const typeValue = createValueTyper(options.timezone);
	const textColumn = header.map(isTextColumn);
	return (values) => {
		const item: IDataObject = { ...template };
		for (let i = 0; i < width; i++) {
			const value = values[i];
			if (value === undefined || value === '') item[keys[i]] = null;
			else item[keys[i]] = textColumn[i] ? value : typeValue(value);
		}
		return item;
	};
}

function itemTemplate(keys: readonly string[]): IDataObject {
	const entries: string[] = keys.map((key) => `${JSON.stringify(key)}:null`);
	return JSON.parse(`{${entries.join(',')}}`) as IDataObject;
}

/** Types one cell by its shape alone (the rules above), timestamps in `timezone`. */
export function createValueTyper(timezone: string): (value: string) => Cell {
	const toIso = createTimestampConverter(timezone);
	return (value) => {
		const len = value.length;
		if (len === 0) return null;
		const c0 = value.charCodeAt(0);
		if ((c0 >= 48 && c0 <= 57) || c0 === 45) {
			// `2026-09-01 00:05:19` or a long exponent number such as `1.2e-00000000000005`
			if (len >= 19 && value.charCodeAt(4) === 45) return toIso(value) ?? parseNumber(value) ?? value;
			return parseNumber(value) ?? value;
		}
		if (len === 4 && (c0 === 116 || c0 === 84) && value.toLowerCase() === 'true') return true;
		if (len === 5 && (c0 === 102 || c0 === 70) && value.toLowerCase() === 'false') return false;
		return value;
	};
}
