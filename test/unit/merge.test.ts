import { mergeReportRows } from '../../nodes/shared/report/rows/merge';

test("past days' rows, then today's; the first file's columns, a new column appended, missing values null", () => {
	const past = [
		{ date: '2026-11-23', calls: 4, missed: 1 },
		{ date: '2026-11-24', calls: 6, missed: 0 },
	];
	const today = [{ date: '2026-11-25', calls: 2, live_note: 'realtime' }];
	expect(mergeReportRows([past, today])).toEqual([
		{ date: '2026-11-23', calls: 4, missed: 1, live_note: null },
		{ date: '2026-11-24', calls: 6, missed: 0, live_note: null },
		{ date: '2026-11-25', calls: 2, missed: null, live_note: 'realtime' },
	]);
	expect(Object.keys(mergeReportRows([past, today])[2])).toEqual(['date', 'calls', 'missed', 'live_note']);
});

test('an empty half adds nothing', () => {
	expect(mergeReportRows([[], [{ a: 1 }]])).toEqual([{ a: 1 }]);
	expect(mergeReportRows([[{ a: 1 }], []])).toEqual([{ a: 1 }]);
});
