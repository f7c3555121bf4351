/** Dialpad's timestamp cells as ISO 8601 in the report's timezone, with exact DST handling. */

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
