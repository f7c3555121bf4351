import { deepCopy } from 'n8n-workflow';

import { parseNumber } from '../../nodes/shared/report/rows/numbers';
import { createTimestampConverter } from '../../nodes/shared/report/rows/timestamps';
import { columnKeys, createRowTyper, createValueTyper } from '../../nodes/shared/report/rows/typing';

type Cell = string | number | boolean | null;

function typeOne(column: string, value: string, timezone = 'UTC'): unknown {
	return createRowTyper([column], { typeValues: true, timezone })([value])[column];
}

describe('typing by column name and shape', () => {
	const table: Array<[string, string, string, Cell]> = [
		// [why, column, CSV text, typed value]
		['id column keeps a 16-digit id above 2^53', 'call_id', '9007199254740993', '9007199254740993'],
		['id column keeps a short id as text', 'target_id', '42', '42'],
		['a column named id', 'id', '6543210987654321', '6543210987654321'],
		['id column in upper case', 'Office_ID', '123', '123'],
		['empty id -> null', 'proxy_target_id', '', null],
		['E.164 phone number', 'external_number', '+14155550123', '+14155550123'],
		['phone column without +', 'internal_number', '14155550123', '14155550123'],
		['phone column, extension', 'to_phone', '1234', '1234'],
		['+digits in an unknown column', 'whatever', '+14155550123', '+14155550123'],
		['+1 stays text', 'whatever', '+1', '+1'],
		['leading zero stays text', 'whatever', '007', '007'],
		['negative leading zero stays text', 'whatever', '-01', '-01'],
		['zero', 'whatever', '0', 0],
		['zero decimal', 'time_to_answer', '0.13', 0.13],
		['0.0', 'queued_duration', '0.0', 0],
		['negative integer', 'whatever', '-5', -5],
		['negative decimal', 'whatever', '-0.5', -0.5],
		['integer', 'all_calls', '1234', 1234],
		['decimal', 'talk_duration', '3.2', 3.2],
		['%.17g float with 17 significant digits', 'time_in_system', '3.7166666666666668', Number('3.7166666666666668')],
		['18 significant digits that print back the same', 'whatever', '0.100000000000000000', 0.1],
		['float repr 0.13333333333333333', 'asa', '0.13333333333333333', 0.13333333333333333],
		['exponent', 'whatever', '1.5e-7', 1.5e-7],
		['exponent upper case with sign', 'whatever', '2E+3', 2000],
		['15-digit integer is a number', 'whatever', '123456789012345', 123456789012345],
		['16-digit integer in a non-id column stays text', 'whatever', '1234567890123456', '1234567890123456'],
		['20-digit integer stays text', 'whatever', '12345678901234567890', '12345678901234567890'],
		['decimal that would lose precision stays text', 'whatever', '1.23456789012345678901', '1.23456789012345678901'],
		['1. is not a number', 'whatever', '1.', '1.'],
		['.5 is not a number', 'whatever', '.5', '.5'],
		['1e999 overflows: text', 'whatever', '1e999', '1e999'],
		// More than 15 digits before the point stay text in any notation (were rounded: issue 11).
		['a long integer written as a decimal stays text (was 9007199254740992)', 'whatever', '9007199254740993.0', '9007199254740993.0'],
		['16 integer digits and a fraction stay text (was ...56.8)', 'whatever', '1234567890123456.7', '1234567890123456.7'],
		['a long integer written with an exponent stays text (was 9007199254740992)', 'whatever', '9007199254740993e0', '9007199254740993e0'],
		['negative, decimal: text', 'whatever', '-9007199254740993.5', '-9007199254740993.5'],
		['1e16 has 17 integer digits: text', 'whatever', '1e16', '1e16'],
		['1e15 has 16: text, as 1000000000000000 is', 'whatever', '1e15', '1e15'],
		['1.5e20: text', 'whatever', '1.5e20', '1.5e20'],
		['leading zeros after the point count against the exponent: 0.0001e19 = 1e15', 'whatever', '0.0001e19', '0.0001e19'],
		['15 integer digits and two decimals: a number (17 significant digits print exactly)', 'whatever', '123456789012345.67', 123456789012345.67],
		['9.99e14 has 15 integer digits: a number', 'whatever', '9.99e14', 999000000000000],
		['17 digits scaled down to 12 integer digits: a number', 'whatever', '12345678901234567e-5', 123456789012.34567],
		['15-digit decimal integer part with .0: a number', 'whatever', '999999999999999.0', 999999999999999],
		// 19+ characters with '-' at index 4 look like a timestamp, but are numbers (were left as text).
		['a long exponent number with "-" at index 4 reaches the number rule', 'whatever', '1.2e-00000000000005', 0.000012],
		['the same, negative: -12e-00000000000001', 'whatever', '-12e-00000000000001', -1.2],
		['a timestamp-shaped text that is neither stays text', 'whatever', '2026-13-01 00:00:00', '2026-13-01 00:00:00'],
		['NaN stays text', 'whatever', 'NaN', 'NaN'],
		['padded number stays text', 'whatever', ' 12', ' 12'],
		['true', 'was_recorded', 'true', true],
		['TRUE', 'was_recorded', 'TRUE', true],
		['True', 'is_internal', 'True', true],
		['false', 'voicemail', 'false', false],
		['FALSE', 'voicemail', 'FALSE', false],
		['fAlSe', 'whatever', 'fAlSe', false],
		['truthy text stays text', 'whatever', 'yes', 'yes'],
		['empty -> null', 'talk_duration', '', null],
		['empty text column -> null', 'name', '', null],
		['plain date stays a string', 'date', '2026-09-01', '2026-09-01'],
		['not a real date stays text', 'date_started', '2026-02-30 10:00:00', '2026-02-30 10:00:00'],
		['bad hour stays text', 'date_started', '2026-02-03 24:00:00', '2026-02-03 24:00:00'],
		['7-digit fraction stays text', 'date_started', '2026-02-03 10:00:00.1234567', '2026-02-03 10:00:00.1234567'],
		['timestamp with an offset already stays text', 'date_started', '2026-02-03T10:00:00Z', '2026-02-03T10:00:00Z'],
		['time alone stays text', 'whatever', '12:30:00', '12:30:00'],
		['text', 'target_kind', 'CallCenter', 'CallCenter'],
		['multi-valued', 'categories', 'answered,inbound', 'answered,inbound'],
		['disposition', 'disposition', 'Sales~Follow up', 'Sales~Follow up'],
		['numeric-looking name stays text', 'name', '42', '42'],
		['numeric-looking operator name stays text', 'operator_name', '1999', '1999'],
		['email column', 'email', 'a@b.c', 'a@b.c'],
		['url column', 'recording_url', 'https://x/1', 'https://x/1'],
		['unknown column typed by shape', 'brand_new_metric', '17', 17],
		['time zone column', 'timezone', 'America/New_York', 'America/New_York'],
		['emoji', 'whatever', '😀', '😀'],
	];

	it.each(table)('%s: %s = %j', (_why, column, text, expected) => {
		expect(typeOne(column, text)).toStrictEqual(expected);
	});
});

describe('timestamps', () => {
	const table: Array<[string, string, string]> = [
		// [zone, CSV text, ISO]
		['UTC', '2026-09-01 00:05:19.528115', '2026-09-01T00:05:19.528115+00:00'],
		['UTC', '2024-02-19 23:57:30', '2024-02-19T23:57:30+00:00'],
		['Etc/UTC', '2024-02-29 12:00:00', '2024-02-29T12:00:00+00:00'],
		['America/New_York', '2026-09-01 00:05:19.528115', '2026-09-01T00:05:19.528115-04:00'],
		['America/New_York', '2026-01-15 08:00:00', '2026-01-15T08:00:00-05:00'],
		['America/New_York', '2026-01-15T08:00:00.5', '2026-01-15T08:00:00.5-05:00'],
		['America/New_York', '2026-01-15 08:00:00.000', '2026-01-15T08:00:00.000-05:00'],
		['Asia/Kolkata', '2024-02-19 23:57:30', '2024-02-19T23:57:30+05:30'],
		['Asia/Kathmandu', '2024-02-19 23:57:30', '2024-02-19T23:57:30+05:45'],
		['Australia/Lord_Howe', '2026-01-15 12:00:00', '2026-01-15T12:00:00+11:00'], // summer: +11
		['Australia/Lord_Howe', '2026-07-15 12:00:00', '2026-07-15T12:00:00+10:30'], // winter: +10:30
		['America/St_Johns', '2026-07-01 09:15:00', '2026-07-01T09:15:00-02:30'],
		// New York spring forward, 2026-03-08 02:00 -> 03:00
		['America/New_York', '2026-03-08 01:59:59.999999', '2026-03-08T01:59:59.999999-05:00'],
		['America/New_York', '2026-03-08 02:00:00', '2026-03-08T03:00:00-04:00'], // gap: shifted forward
		['America/New_York', '2026-03-08 02:30:15.25', '2026-03-08T03:30:15.25-04:00'], // gap: shifted forward
		['America/New_York', '2026-03-08 03:00:00', '2026-03-08T03:00:00-04:00'],
		// New York fall back, 2026-11-01 02:00 EDT -> 01:00 EST: 01:xx happens twice
		['America/New_York', '2026-11-01 00:59:59', '2026-11-01T00:59:59-04:00'],
		['America/New_York', '2026-11-01 01:00:00', '2026-11-01T01:00:00-04:00'], // ambiguous: earlier
		['America/New_York', '2026-11-01 01:30:00.123', '2026-11-01T01:30:00.123-04:00'], // ambiguous: earlier
		['America/New_York', '2026-11-01 02:00:00', '2026-11-01T02:00:00-05:00'],
		// Lord Howe: 30-minute DST. Spring 2026-10-04 02:00 -> 02:30; autumn 2026-04-05 02:00 -> 01:30
		['Australia/Lord_Howe', '2026-10-04 01:59:59', '2026-10-04T01:59:59+10:30'],
		['Australia/Lord_Howe', '2026-10-04 02:15:00', '2026-10-04T02:45:00+11:00'], // gap: shifted forward
		['Australia/Lord_Howe', '2026-10-04 02:30:00', '2026-10-04T02:30:00+11:00'],
		['Australia/Lord_Howe', '2026-04-05 01:29:59', '2026-04-05T01:29:59+11:00'],
		['Australia/Lord_Howe', '2026-04-05 01:45:00', '2026-04-05T01:45:00+11:00'], // ambiguous: earlier
		['Australia/Lord_Howe', '2026-04-05 02:00:00', '2026-04-05T02:00:00+10:30'],
		// Europe (east of UTC): 2026-10-25 03:00 CEST -> 02:00 CET
		['Europe/Berlin', '2026-10-25 02:30:00', '2026-10-25T02:30:00+02:00'], // ambiguous: earlier
		['Europe/Berlin', '2026-03-29 02:30:00', '2026-03-29T03:30:00+02:00'], // gap: shifted forward
		['Pacific/Auckland', '2026-04-05 02:30:00', '2026-04-05T02:30:00+13:00'], // ambiguous: earlier
	];

	it.each(table)('%s: %s -> %s', (zone, text, iso) => {
		expect(typeOne('date_started', text, zone)).toBe(iso);
	});

	it('the ISO text names the same instant as the wall time read in the zone (outside DST edges)', () => {
		const toIso = createTimestampConverter('Asia/Kolkata');
		const iso = toIso('2026-09-01 00:05:19.528')!;
		expect(new Date(iso).toISOString()).toBe('2026-08-31T18:35:19.528Z');
	});

	it('gives the same answers with a cold and a warm per-hour cache', () => {
		const warm = createTimestampConverter('America/New_York');
		const texts = table.filter(([zone]) => zone === 'America/New_York').map(([, text]) => text);
		const first = texts.map((text) => warm(text));
		const again = texts.map((text) => warm(text));
		const cold = texts.map((text) => createTimestampConverter('America/New_York')(text));
		expect(again).toEqual(first);
		expect(cold).toEqual(first);
	});

	it('an unknown time zone is a clear error', () => {
		expect(() => createRowTyper(['a'], { typeValues: true, timezone: 'Mars/Olympus' })).toThrow(
			/Unknown time zone "Mars\/Olympus": use an IANA name/,
		);
		expect(() => createValueTyper('not a zone')).toThrow(/Unknown time zone/);
	});

	it('the time zone is not needed with typing off', () => {
		expect(createRowTyper(['a'], { typeValues: false, timezone: 'Mars/Olympus' })(['1'])).toEqual({ a: '1' });
	});
});

describe('rows', () => {
	const header = ['date_started', 'call_id', 'external_number', 'talk_duration', 'was_recorded', 'categories', 'date_connected'];
	const values = ['2026-09-01 00:05:19.528115', '6543210987654321', '+14155550123', '3.2', 'TRUE', 'answered,inbound', ''];

	it('types a records/calls-like row, keys in file order', () => {
		const item = createRowTyper(header, { typeValues: true, timezone: 'America/New_York' })(values);
		expect(item).toStrictEqual({
			date_started: '2026-09-01T00:05:19.528115-04:00',
			call_id: '6543210987654321',
			external_number: '+14155550123',
			talk_duration: 3.2,
			was_recorded: true,
			categories: 'answered,inbound',
			date_connected: null,
		});
		expect(Object.keys(item)).toEqual(header);
	});

	it('with typing off keeps the CSV text unchanged, empty included', () => {
		const item = createRowTyper(header, { typeValues: false, timezone: 'America/New_York' })(values);
		expect(item).toStrictEqual(Object.fromEntries(header.map((name, i) => [name, values[i]])));
		expect(Object.keys(item)).toEqual(header);
	});

	it('keeps numeric-looking header names in file order', () => {
		// Integer-like keys would be reordered by JavaScript objects; nothing can be done about that
		// except documenting it, so this pins the behaviour for the usual snake_case names.
		const names = ['zeta', 'alpha', 'mid_id', 'beta'];
		expect(Object.keys(createRowTyper(names, { typeValues: true, timezone: 'UTC' })(['1', '2', '3', '4']))).toEqual(names);
	});

	it('every row has every column, also when the row is short', () => {
		expect(createRowTyper(['a', 'b'], { typeValues: true, timezone: 'UTC' })(['1'])).toStrictEqual({ a: 1, b: null });
		expect(createRowTyper(['a', 'b'], { typeValues: false, timezone: 'UTC' })(['1'])).toStrictEqual({ a: '1', b: '' });
	});

	it('suffixes duplicate header names and names empty ones', () => {
		expect(columnKeys(['name', 'name', 'x', 'name', 'name_2', ''])).toEqual(['name', 'name_3', 'x', 'name_4', 'name_2', 'column_6']);
		const item = createRowTyper(['date', 'date', 'date'], { typeValues: true, timezone: 'UTC' })(['2026-01-01', '', '5']);
		expect(item).toStrictEqual({ date: '2026-01-01', date_2: null, date_3: 5 });
	});

	it.each([
		// [header, keys]
		[['x', 'x', 'x_2'], ['x', 'x_3', 'x_2']], // was [x, x_2, x_2_2]: the file's own x_2 renamed
		[['x_2', 'x', 'x'], ['x_2', 'x', 'x_3']],
		[['a', 'a', 'a_2', 'a_3', 'a'], ['a', 'a_4', 'a_2', 'a_3', 'a_5']],
		[['x', 'x', 'x_2', 'x_2'], ['x', 'x_3', 'x_2', 'x_2_2']],
		[['', 'column_1'], ['column_1_2', 'column_1']],
		[['__proto__', 'a'], ['column_1', 'a']],
		[['constructor', 'prototype', '__proto__', '__proto__'], ['column_1', 'column_2', 'column_3', 'column_4']],
		[['column_2', '__proto__'], ['column_2', 'column_2_2']],
	])('a column the file has keeps its name, only repeats get new ones: %j -> %j', (header, keys) => {
		expect(columnKeys(header)).toEqual(keys);
	});

	it('renames repeated names in linear time (was quadratic: 20,000 identical names took 30 s)', () => {
		const times: number[] = [];
		for (const count of [20_000, 80_000]) {
			const header = Array.from({ length: count }, (_, i) => (i % 3 === 2 ? `x_${i}` : 'x'));
			const started = Date.now();
			const keys = columnKeys(header);
			times.push(Date.now() - started);
			expect(new Set(keys).size).toBe(count);
			expect(keys.filter((key, i) => header[i] !== 'x' && key !== header[i])).toEqual([]);
		}
		// Generous bounds: a quadratic renaming needs minutes for 80,000 names.
		expect(times[0]).toBeLessThan(2_000);
		expect(times[1]).toBeLessThan(8_000);
	});

	it("__proto__, constructor and prototype get keys that survive n8n's own item copies", () => {
		const header = ['__proto__', 'constructor', 'prototype', 'talk_duration'];
		const item = createRowTyper(header, { typeValues: true, timezone: 'UTC' })(['a', 'b', 'c', '1']);
		expect(item).toStrictEqual({ column_1: 'a', column_2: 'b', column_3: 'c', talk_duration: 1 });
		// n8n-workflow's deepCopy (used on items between nodes) leaves those three names out.
		expect(deepCopy(item)).toEqual(item);
		expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
	});

	it('types a duplicate id column as an id column', () => {
		const item = createRowTyper(['call_id', 'call_id'], { typeValues: true, timezone: 'UTC' })(['1', '2']);
		expect(item).toStrictEqual({ call_id: '1', call_id_2: '2' });
	});
});

describe('parseNumber', () => {
	it.each([
		['0', 0],
		['-0.25', -0.25],
		['10', 10],
		['1e3', 1000],
		['9007199254740991', undefined],
		['0.1234567890123456789', undefined],
		['0.12345678901234567', Number('0.12345678901234567')],
		['123.4567890123456', 123.4567890123456],
		['00', undefined],
		['-', undefined],
		['1-2', undefined],
		['1e', undefined],
		['1.2.3', undefined],
	])('%s -> %s', (text, expected) => {
		expect(parseNumber(text)).toBe(expected);
	});
});
