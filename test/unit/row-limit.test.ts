import { limitRows, utf8Length } from '../../nodes/shared/report/rows/rowLimit';

const rows = Array.from({ length: 10 }, (_, index) => ({ n: index, name: 'x'.repeat(90) }));
const rowBytes = JSON.stringify(rows[0]).length + 1;
/** What limitRows keeps free for the brackets and the marker. */
const reserve = 100;

test.each([
	['no limits: every row, no marker', { maxRows: 0, maxBytes: 0 }, 10, false],
	['a row limit above the count: every row', { maxRows: 20, maxBytes: 0 }, 10, false],
	['a row limit: the first rows and a marker', { maxRows: 3, maxBytes: 0 }, 3, true],
	['a byte budget: the rows that fit', { maxRows: 0, maxBytes: reserve + rowBytes * 4 + 5 }, 4, true],
	['a byte budget smaller than one row: none, and the marker', { maxRows: 0, maxBytes: 10 }, 0, true],
	['both: the tighter wins', { maxRows: 2, maxBytes: reserve + rowBytes * 4 }, 2, true],
	['a budget that fits all exactly: no marker', { maxRows: 0, maxBytes: reserve + rowBytes * 10 }, 10, false],
])('%s', (_label, limit, kept, marked) => {
	const result = limitRows(rows, limit);
	expect(result.rows).toEqual(rows.slice(0, kept));
	expect(result.marker).toEqual(marked ? { truncated: true, totalRows: 10, returnedRows: kept } : undefined);
});

test.each([
	['ascii', 'abc', 3],
	['two-byte letters', 'Zoë Müller', 12],
	['three-byte characters', '東京', 6],
	['an emoji (a surrogate pair)', 'ok 👍', 7],
])('utf8Length: %s', (_label, text, bytes) => {
	expect(utf8Length(text)).toBe(bytes);
	expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
});

test('the whole answer, rows and marker, stays within the budget even with non-ASCII names', () => {
	const names = Array.from({ length: 400 }, (_, index) => ({ n: index, name: `Zoë Müller 東京 ${index}` }));
	const { rows: kept, marker } = limitRows(names, { maxRows: 0, maxBytes: 5_000 });
	expect(marker).toBeDefined();
	expect(new TextEncoder().encode(JSON.stringify([...kept, marker])).length).toBeLessThanOrEqual(5_000);
	expect(kept.length).toBeGreaterThan(50);
});
