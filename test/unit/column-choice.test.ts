import { chooseColumns, missingColumnsError, normalizeColumnNames } from '../../nodes/shared/report/rows/columnChoice';
import { ReportError } from '../../nodes/shared/errors/reportError';
import { knownColumns } from '../../nodes/shared/report/rows/knownColumns';
import {
	RECORDS_CALLS_HEADERS,
	RECORDS_CSAT_HEADERS,
	RECORDS_DISPOSITIONS_HEADERS,
	RECORDS_ONDUTY_HEADERS,
	RECORDS_RECORDINGS_HEADERS,
	RECORDS_SCREENSHARE_HEADERS,
	RECORDS_TEXTS_HEADERS,
	RECORDS_VOICEMAILS_HEADERS,
	STATS_CALLS_DATE_HEADERS,
	STATS_CALLS_GROUP_HEADERS,
	STATS_CALLS_USER_HEADERS,
} from '../stand-ins/dialpad/csv/headers';

describe('the chosen column names', () => {
	test.each([
		['a list from the picker', ['call_id', 'date_started'], ['call_id', 'date_started']],
		['an expression giving comma-separated text', ' call_id, date_started ,', ['call_id', 'date_started']],
		['blanks and repeats dropped', ['call_id', '', ' call_id ', 'name'], ['call_id', 'name']],
		['nothing chosen', [], []],
		['an unset option', undefined, []],
		['an empty text', '', []],
	])('%s', (_why, value, expected) => {
		expect(normalizeColumnNames(value)).toEqual(expected);
	});
});

describe('choosing columns', () => {
	const header = ['date_started', 'call_id', 'category', 'name', 'talk_duration'];

	test('nothing chosen keeps every column (no choice made)', () => {
		expect(chooseColumns(header, [])).toBeUndefined();
		expect(missingColumnsError(header, [])).toBeUndefined();
	});

	test('keeps the chosen cells in the chosen order, not the file order', () => {
		const choice = chooseColumns(header, ['talk_duration', 'call_id', 'date_started'])!;
		expect(choice.header).toEqual(['talk_duration', 'call_id', 'date_started']);
		expect(choice.pick(['2026-11-01 09:00:00', '77', 'incoming', 'Ann', '3.5'])).toEqual([
			'3.5',
			'77',
			'2026-11-01 09:00:00',
		]);
	});

	test('kept cells of any length and content come out exactly as read (they are copied off the chunk text)', () => {
		const cells = [
			'say "hi", \\ back\\slash and a tab\there',
			'naïve café ☎️ 通话 emoji 👍🏽 and more than thirteen',
			'lone \ud800 surrogate, longer than 13',
			'short "q"',
			'line\nbreak\r\ninside a quoted value',
		];
		const names = cells.map((_, i) => `c${i}`);
		const choice = chooseColumns(names, [...names].reverse())!;
		expect(choice.pick(cells)).toEqual([...cells].reverse());
	});

	test("a duplicate header's second column is chosen by its item key", () => {
		const choice = chooseColumns(['x', 'x', 'y'], ['x_2'])!;
		expect(choice.pick(['first', 'second', 'third'])).toEqual(['second']);
	});

	test("a column the file lacks: an error naming it and listing the file's columns", () => {
		const error = missingColumnsError(header, ['call_id', 'agent_mood'])!;
		expect(error).toBeInstanceOf(ReportError);
		expect(error.kind).toBe('invalidParameter');
		expect(error.message).toBe(
			'Columns: column "agent_mood" is not in this report file. Its columns are: date_started, call_id, category, name, talk_duration. Pick columns the file has, or clear Columns to keep them all.',
		);
		expect(error.description).toMatch(/clear Columns/);
		expect(missingColumnsError(header, ['a', 'b'])!.message).toMatch(/^Columns: columns "a", "b" are not in this report file/);
	});
});

/** The catalog ships in the node; the simulator has its own lists. Neither may drift from the contract. */
describe('known columns agree with the simulator', () => {
	const isSubsequence = (part: readonly string[], whole: readonly string[]) => {
		let at = 0;
		for (const column of whole) if (column === part[at]) at++;
		return at === part.length;
	};

	test.each([
		['records', 'calls', '', RECORDS_CALLS_HEADERS, 54],
		['records', 'onduty', '', RECORDS_ONDUTY_HEADERS, 14],
		['stats', 'calls', 'date', STATS_CALLS_DATE_HEADERS, 68],
	])('%s/%s %s: the complete capture, column for column', (exportType, statType, groupBy, simulator, count) => {
		const known = knownColumns(exportType, statType, groupBy);
		expect(known.complete).toBe(true);
		expect(known.columns).toHaveLength(count);
		expect(known.columns).toEqual([...simulator]);
	});

	test.each([
		['stats', 'calls', 'user', STATS_CALLS_USER_HEADERS, 17],
		['stats', 'calls', '', STATS_CALLS_USER_HEADERS, 17],
		['records', 'dispositions', '', RECORDS_DISPOSITIONS_HEADERS, 12],
		['records', 'csat', '', RECORDS_CSAT_HEADERS, 2],
		['records', 'recordings', '', RECORDS_RECORDINGS_HEADERS, 13],
		['records', 'texts', '', RECORDS_TEXTS_HEADERS, 7],
		['records', 'voicemails', '', RECORDS_VOICEMAILS_HEADERS, 1],
	])('%s/%s %s: the known part, in the same order as the simulator file', (exportType, statType, groupBy, simulator, count) => {
		const known = knownColumns(exportType, statType, groupBy);
		expect(known.complete).toBe(false);
		expect(known.columns).toHaveLength(count);
		expect(isSubsequence(known.columns, simulator)).toBe(true);
	});

	test.each([
		['records', 'screenshare', '', RECORDS_SCREENSHARE_HEADERS],
		['stats', 'calls', 'group', STATS_CALLS_GROUP_HEADERS],
		['stats', 'texts', '', []],
	])('%s/%s %s: nothing published, nothing offered (the simulator invents its columns)', (exportType, statType, groupBy) => {
		expect(knownColumns(exportType, statType, groupBy)).toEqual({ columns: [], complete: false });
	});
});
