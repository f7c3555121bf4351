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

/**
 * `-?digits(.digits)?([eE][+-]?digits)?` -> number, or undefined when the text is not such a number
 * or must stay text (leading zero, too many significant digits; see the module comment).
 */
export function parseNumber(value: string): number | undefined {
	const len = value.length;
	let i = 0;
	const negative = value.charCodeAt(0) === 45;
	if (negative) i = 1;
	const intStart = i;
	// Digits read as an integer: exact while there are at most 15 of them.
	let mantissa = 0;
	let code = 0;
	while (i < len && (code = value.charCodeAt(i) - 48) >= 0 && code <= 9) {
		mantissa = mantissa * 10 + code;
		i++;
	}
	const intEnd = i;
	if (intEnd === intStart) return undefined;
	if (intEnd - intStart > 1 && value.charCodeAt(intStart) === 48) return undefined;
	let fractionDigits = 0;
	if (i < len && value.charCodeAt(i) === 46) {
		i++;
		const fracStart = i;
		while (i < len && (code = value.charCodeAt(i) - 48) >= 0 && code <= 9) {
			mantissa = mantissa * 10 + code;
			i++;
		}
		fractionDigits = i - fracStart;
		if (fractionDigits === 0) return undefined;
	}
	const digitCount = intEnd - intStart + fractionDigits;
	if (i === len && digitCount <= 15) {
		// Both operands exact and 10^k (k <= 15) exact: one division is correctly rounded, so this
		// equals Number(value) without the slow string conversion (Clinger's fast path).
		const number = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits];
		return negative ? -number : number;
	}
	let exponent = false;
	let exponentValue = 0;
	if (i < len && (value.charCodeAt(i) | 32) === 101) {
		i++;
		const sign = value.charCodeAt(i);
		if (i < len && (sign === 43 || sign === 45)) i++;
		const expStart = i;
		while (i < len && isDigit((code = value.charCodeAt(i)))) {
			// Capped: past a few hundred the number is text or zero either way.
			if (exponentValue < 100_000) exponentValue = exponentValue * 10 + code - 48;
			i++;
		}
		if (i === expStart) return undefined;
		if (sign === 45) exponentValue = -exponentValue;
		exponent = true;
	}
	if (i !== len) return undefined;
	// A number with more than 15 digits before the point is an id or a code, whatever the notation
	// (`9007199254740993`, `9007199254740993.0`, `9007199254740993e0`): text, so that it keeps every
	// digit and its column does not change type above 2^53.
	if (integerDigits(value, intStart, intEnd, fractionDigits, exponentValue) > 15) return undefined;
	const number = Number(value);
	if (!Number.isFinite(number)) return undefined;
	if (digitCount <= 15) return number;
	const digits = significantDigits(value, intStart, exponent ? value.search(/[eE]/) : len);
	if (digits.length <= 17) return number;
	const printed = String(Math.abs(number));
	const printedEnd = printed.search(/e/);
	return significantDigits(printed, 0, printedEnd === -1 ? printed.length : printedEnd) === digits
		? number
		: undefined;
}

/**
 * How many digits the number's integer part has once the exponent is applied (0 for zero and for
 * magnitudes below 1): the digits before the point, counted from the first significant one.
 */
function integerDigits(value: string, intStart: number, intEnd: number, fractionDigits: number, exponent: number): number {
	if (value.charCodeAt(intStart) !== 48) return intEnd - intStart + exponent;
	// `0.000123e10`: the first significant digit is the k-th after the point (k from 1).
	const fracStart = intEnd + 1;
	for (let k = 0; k < fractionDigits; k++) {
		if (value.charCodeAt(fracStart + k) !== 48) return exponent - k;
	}
	return 0;
}

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

/** The mantissa's digits without the point, leading zeros and trailing zeros. */
function significantDigits(text: string, start: number, end: number): string {
	const digits = text.slice(start, end).replace('.', '');
	let from = 0;
	while (from < digits.length && digits.charCodeAt(from) === 48) from++;
	let to = digits.length;
	while (to > from && digits.charCodeAt(to - 1) === 48) to--;
	return digits.slice(from, to);
}

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/**
 * `YYYY-MM-DD[ T]HH:MM:SS[.f{1,6}]` -> ISO 8601 with the zone's offset, or undefined when the text is
 * not such a timestamp (or not a real calendar time). Offsets are cached per local hour; the few
 * hours that contain a transition are resolved timestamp by timestamp.
 */
export function createTimestampConverter(timezone: string): (value: string) => string | undefined {
	const offsetAt = createOffsetLookup(timezone);
	// local hour key -> `YYYY-MM-DDTHH` and the offset text for the whole hour, or null when the hour
	// holds a transition; consecutive timestamps mostly share an hour, hence the last-entry shortcut.
	const hourCache = new Map<number, HourEntry | null>();
	let lastKey = -1;
	let lastEntry: HourEntry | null = null;

	/**
	 * Wall time (as UTC ms) -> instant and offset. Assumes at most one transition within a day
	 * of it, which holds for every zone in use since 1970.
	 */
	const resolve = (localMs: number): Resolved => {
		const before = offsetAt(localMs - MS_PER_DAY);
		const after = offsetAt(localMs + MS_PER_DAY);
		const beforeFits = offsetAt(localMs - before * MS_PER_MINUTE) === before;
		const afterFits = before !== after && offsetAt(localMs - after * MS_PER_MINUTE) === after;
		if (beforeFits && afterFits) {
			// Happens twice: the earlier instant, i.e. the larger offset.
			const offset = Math.max(before, after);
			return { instantMs: localMs - offset * MS_PER_MINUTE, offsetMinutes: offset, plain: false };
		}
		if (beforeFits || afterFits) {
			const offset = beforeFits ? before : after;
			return { instantMs: localMs - offset * MS_PER_MINUTE, offsetMinutes: offset, plain: true };
		}
		// In a gap: read the wall time with the offset before it, which lands after the gap.
		const instantMs = localMs - before * MS_PER_MINUTE;
		return { instantMs, offsetMinutes: offsetAt(instantMs), plain: false };
	};

	return (value) => {
		const len = value.length;
		if (len !== 19 && (len < 21 || len > 26)) return undefined;
		const sep = value.charCodeAt(10);
		if (
			value.charCodeAt(4) !== 45 ||
			value.charCodeAt(7) !== 45 ||
			(sep !== 32 && sep !== 84) ||
			value.charCodeAt(13) !== 58 ||
			value.charCodeAt(16) !== 58
		) {
			return undefined;
		}
		const year = digits(value, 0, 4);
		const month = digits(value, 5, 2);
		const day = digits(value, 8, 2);
		const hour = digits(value, 11, 2);
		const minute = digits(value, 14, 2);
		const second = digits(value, 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
		if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
		if (len > 19 && (value.charCodeAt(19) !== 46 || digits(value, 20, len - 20) < 0)) return undefined;
		if (day > 28 && day > daysInMonth(year, month)) return undefined;

		const key = ((year * 16 + month) * 32 + day) * 24 + hour;
		if (key !== lastKey) {
			let entry = hourCache.get(key);
			if (entry === undefined) {
				const hourMs = utcMs(year, month, day, hour, 0, 0);
				const first = resolve(hourMs);
				const last = resolve(hourMs + MS_PER_HOUR - 1000);
				const clean = first.plain && last.plain && first.offsetMinutes === last.offsetMinutes;
				entry = clean
					? { hourText: `${value.slice(0, 10)}T${value.slice(11, 13)}`, offsetText: formatOffset(first.offsetMinutes) }
					: null;
				hourCache.set(key, entry);
			}
			lastKey = key;
			lastEntry = entry;
		}
		if (lastEntry !== null) return lastEntry.hourText + value.slice(13) + lastEntry.offsetText;

		// An hour with a DST transition in it: this exact wall time decides.
		const localMs = utcMs(year, month, day, hour, minute, second);
		const { instantMs, offsetMinutes } = resolve(localMs);
		const wall = new Date(instantMs + offsetMinutes * MS_PER_MINUTE).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
		return `${wall.slice(0, 19)}${value.slice(19)}${formatOffset(offsetMinutes)}`;

	};
}

/** Value of `count` ASCII digits at `start`, or -1 if any is not a digit. */
function digits(text: string, start: number, count: number): number {
	let result = 0;
	for (let i = start; i < start + count; i++) {
		const code = text.charCodeAt(i) - 48;
		if (code < 0 || code > 9) return -1;
		result = result * 10 + code;
	}
	return result;
}

interface HourEntry {
	hourText: string;
	offsetText: string;
}

interface Resolved {
	instantMs: number;
	offsetMinutes: number;
	/** false inside a DST gap or overlap */
	plain: boolean;
}

/** Date.UTC without its 1900 shift for years below 100. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
	const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
	date.setUTCFullYear(year, month - 1, day);
	return date.getTime();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
	const days = DAYS_IN_MONTH[month - 1];
	return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : days;
}

function formatOffset(offsetMinutes: number): string {
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	const hours = Math.floor(abs / 60);
	const minutes = abs % 60;
	return `${sign}${hours < 10 ? '0' : ''}${hours}:${minutes < 10 ? '0' : ''}${minutes}`;
}

/** Offset (minutes east of UTC) of `timezone` at an instant. Throws a clear Error for an unknown zone. */
export function createOffsetLookup(timezone: string): (instantMs: number) => number {
	let format: Intl.DateTimeFormat | undefined;
	let reason = '';
	try {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
			era: 'short',
		});
	} catch (error) {
		reason = (error as Error).message;
	}
	if (format === undefined) {
		throw new Error(`Unknown time zone "${timezone}": use an IANA name such as "America/New_York" or "UTC" (${reason})`);
	}
	const zoneFormat = format;
	return (instantMs) => {
		const whole = Math.floor(instantMs / 1000) * 1000;
		let year = 0;
		let month = 1;
		let day = 1;
		let hour = 0;
		let minute = 0;
		let second = 0;
		let bc = false;
		for (const part of zoneFormat.formatToParts(whole)) {
			switch (part.type) {
				case 'year':
					year = Number(part.value);
					break;
				case 'month':
					month = Number(part.value);
					break;
				case 'day':
					day = Number(part.value);
					break;
				case 'hour':
					hour = Number(part.value) % 24;
					break;
				case 'minute':
					minute = Number(part.value);
					break;
				case 'second':
					second = Number(part.value);
					break;
				case 'era':
					bc = part.value.startsWith('B');
					break;
			}
		}
		const wall = new Date(0);
		wall.setUTCFullYear(bc ? 1 - year : year, month - 1, day);
		wall.setUTCHours(hour, minute, second, 0);
		return Math.round((wall.getTime() - whole) / MS_PER_MINUTE);
	};
}
