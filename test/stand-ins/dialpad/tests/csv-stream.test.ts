import { generateCsv, RECORDS_ONDUTY_HEADERS } from '../index';

it('streams 1,000,000 rows without holding them in memory', async () => {
	const stream = generateCsv({ exportType: 'records', statType: 'onduty', timezone: 'Europe/London', days: ['2026-09-01', '2026-09-02'], rowCount: 1_000_000 }, 1);
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	let lines = 0;
	let bytes = 0;
	let peakHeap = heapBefore;
	let first = '';
	for await (const chunk of stream) {
		const buffer = chunk as Buffer;
		if (!first) first = buffer.subarray(0, 200).toString('utf8');
		bytes += buffer.length;
		for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lines++;
		if (lines % 50_000 < 300) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
	}
	expect(first.startsWith(RECORDS_ONDUTY_HEADERS.join(','))).toBe(true);
	// No embedded newlines in on-duty rows, so lines = header + rows.
	expect(lines).toBe(1_000_001);
	expect(bytes).toBeGreaterThan(100_000_000);
	// The file is >100 MB; the heap never grows by anything close to it.
	expect(peakHeap - heapBefore).toBeLessThan(60_000_000);
}, 60_000);
